import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import problems from './plugins/problems.js'
import jsonBody from './plugins/json-body.js'
import openapi from './plugins/openapi.js'
import requestId from './plugins/request-id.js'
import security from './plugins/security.js'
import health from './plugins/health.js'
import metrics from './plugins/metrics.js'
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
}

/**
 * The service as a Fastify plugin, hosted by a server made with serverOptions
 * (src/server-options.ts), which sets the validator and serializer every schema is compiled with.
 * Registration order documents the dependencies: the error contract first (with the request's
 * language), so that everything after answers with problem documents; the request id and security
 * headers, which every answer carries; the probes and metrics, whose hooks see every request; the
 * JSON body parser; then the OpenAPI generator, which must see every route; then the routes.
 */
async function app(instance: FastifyInstance, options: AppOptions): Promise<void> {
  const rubrics = options.rubrics ?? loadRubrics()
  await instance.register(problems)
  await instance.register(requestId)
  await instance.register(security, { corsOrigins: options.corsOrigins })
  await instance.register(health, { rubrics })
  await instance.register(metrics, { rubrics })
  await instance.register(jsonBody)
  await instance.register(openapi, { explorer: options.docs })
  await instance.register(rubricRoutes, { rubrics })
  await instance.register(evaluationRoutes, { rubrics })
  await instance.register(batchRoutes, { rubrics })
  await instance.register(draftRoutes)
}

// Not encapsulated, so that the caller sees the OpenAPI document (`swagger()`) and the error handler.
export default fp(app, { name: 'performance-scoring' })
