import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { RubricRegistry } from '../rubrics/index.js'

export interface MetricsOptions {
  readonly rubrics: RubricRegistry
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The grade code of the evaluation this request scored, null when it has none; set by the scoring route. */
    evaluationGrade: string | null | undefined
  }
  interface FastifyInstance {
    /** The app's own Prometheus registry, for the plugins that add series (plugins/overload.ts). */
    metricsRegistry: Registry
  }
}

const EVALUATIONS_ROUTE = '/v1/evaluations'

/**
 * Prometheus metrics at GET /metrics: requests and their latency by route and status, evaluations
 * by grade, and the Node.js process. Each app has its own registry, so that apps built side by
 * side (the tests build many) never share counters.
 */
async function metrics(app: FastifyInstance, { rubrics }: MetricsOptions): Promise<void> {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  app.decorate('metricsRegistry', registry)
  // client: a name from API_KEYS_FILE or `anonymous`, so a bounded set.
  const labelNames = ['method', 'route', 'status_code', 'client'] as const
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route, status code and client',
    labelNames,
    registers: [registry],
  })
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from the first byte of the request to the end of the answer, by method, route, status code and client',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  })
  const evaluations = new Counter({
    name: 'evaluations_total',
    help: 'Evaluations scored (POST /v1/evaluations answered 200), by grade code; "none" when the evaluation is ' +
      'incomplete, "other" for a grade only an inline rubric defines',
    labelNames: ['grade'],
    registers: [registry],
  })
  // An inline rubric may name its grades freely; labelling by those names would let clients
  // create series without bound, so only the built-in rubrics' grade codes are labels.
  const builtIn = rubrics.list.map((summary) => rubrics.get(summary.id)).filter((rubric) => rubric !== undefined)
  const gradeCodes = new Set(builtIn.flatMap((rubric) => rubric.source.grades.map((grade) => grade.code)))
  for (const grade of [...gradeCodes, 'none', 'other']) evaluations.inc({ grade }, 0)

  app.decorateRequest('evaluationGrade', undefined)
  app.addHook('onResponse', (request, reply, done) => {
    // The route's template, never the raw path: every unknown path would otherwise be a new series.
    const route = request.routeOptions.url ?? 'unmatched'
    const labels = { method: request.method, route, status_code: String(reply.statusCode), client: request.client }
    requests.inc(labels)
    duration.observe(labels, reply.elapsedTime / 1000)
    const code = request.evaluationGrade
    if (code !== undefined && route === EVALUATIONS_ROUTE && reply.statusCode === 200) {
      evaluations.inc({ grade: code === null ? 'none' : gradeCodes.has(code) ? code : 'other' })
    }
    done()
  })

  app.get('/metrics', { logLevel: 'warn', schema: { hide: true } }, async (_request, reply) => {
    reply.type(registry.contentType)
    return registry.metrics()
  })
}

export default fp(metrics, { name: 'metrics' })
