import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import problems from './plugins/problems.js'
import jsonBody from './plugins/json-body.js'
import openapi from './plugins/openapi.js'
import requestId from './plugins/request-id.js'
import security from './plugins/security.js'
import health from './plugins/health.js'
import metrics from './plugins/metrics.js'
import apiKeys from './plugins/api-keys.js'
import type { ApiClient } from './api-keys.js'
import overload, { type OverloadOptions } from './plugins/overload.js'
import type { Turns } from './turns.js'
import { Admission, QUEUE_LIMIT, heapLimit, memoryBudget, workBudget } from './admission.js'
import { DEFAULTS } from './config.js'
import { loadRubrics, type RubricRegistry } from './rubrics/index.js'
import rubricRoutes from './routes/rubrics.js'
import evaluationRoutes from './routes/evaluations.js'
import batchRoutes from './routes/batch.js'
import draftRoutes from './routes/draft.js'

export interface AppOptions {
  /** The rubrics to serve; the built-in ones, checked at start-up, by default. */
  readonly rubrics?: RubricRegistry
  /** Serve the explorer at /docs (DOCS_ENABLED); true by default. */
  readonly docs?: boolean
  /** Origins allowed to call the API from a browser (CORS_ORIGINS); none by default. */
  readonly corsOrigins?: readonly string[]
  /** The clients whose API keys /v1/* requires (API_KEYS_FILE); none by default: the service is open. */
  readonly apiKeys?: readonly ApiClient[] | null
  /** The process's memory budget in bytes (MEMORY_BUDGET_MB); from the cgroup limit by default. */
  readonly memoryBudgetBytes?: number
  /** The memory admission of the scoring routes; by default one for the budget's work share. */
  readonly admission?: Admission
  /**
   * Load shedding's settings (MAX_EVENT_LOOP_DELAY_MS, which the server passes); none by default, so
   * that the tests never depend on how busy the machine is; in tests, a health check fakes pressure.
   */
  readonly shedding?: OverloadOptions['shedding']
  /** Where the scoring routes' work waits for its turn of the event loop; by default a queue without a wait limit. */
  readonly turns?: Turns
}


/**
 * The service as a Fastify plugin, hosted by a server made with serverOptions
 * (src/server-options.ts), which sets the validator and serializer every schema is compiled with.
 * Registration order documents the dependencies: the error contract first (with the request's
 * language), so that everything after answers with problem documents; the request id and security
 * headers, which every answer carries; the probes and metrics, whose hooks see every request; the
 * API keys, which refuse a /v1 request before its body is read; load shedding and memory admission,
 * which refuse a scoring request before its body is read; the JSON body parser; then the OpenAPI
 * generator, which must see every route; then the routes.
 */
async function app(instance: FastifyInstance, options: AppOptions): Promise<void> {
  const rubrics = options.rubrics ?? loadRubrics()
  await instance.register(problems)
  await instance.register(requestId)
  await instance.register(security, { corsOrigins: options.corsOrigins })
  await instance.register(health, { rubrics })
  await instance.register(metrics, { rubrics })
  await instance.register(apiKeys, { clients: options.apiKeys })
  const budgetBytes = options.memoryBudgetBytes ?? memoryBudget(DEFAULTS.memoryBudgetMb)
  const admission = options.admission ??
    new Admission({ budgetBytes: workBudget(budgetBytes), waitMs: DEFAULTS.admissionWaitMs, queueLimit: QUEUE_LIMIT })
  await instance.register(overload, {
    admission,
    turns: options.turns,
    // The heap's own limit comes first when it is the lower (V8 sizes it from the cgroup limit too).
    maxHeapUsedBytes: Math.min(budgetBytes, Math.floor(heapLimit() * 0.9)),
    shedding: options.shedding ?? {},
  })
  await instance.register(jsonBody)
  await instance.register(openapi, { explorer: options.docs })
  await instance.register(rubricRoutes, { rubrics })
  await instance.register(evaluationRoutes, { rubrics })
  await instance.register(batchRoutes, { rubrics })
  await instance.register(draftRoutes)
}

// Not encapsulated, so that the caller sees the OpenAPI document (`swagger()`) and the error handler.
export default fp(app, { name: 'performance-scoring' })
