import type { ValidateFunction } from 'ajv'
import type { FastifyHttpOptions, FastifyServerOptions } from 'fastify'
import type { Server } from 'node:http'
import { DEFAULTS } from './config.js'
import { clientErrorProblem, frameworkProblem } from './plugins/problems.js'
import { compileSchema } from './validation/ajv.js'

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/

/** What the configuration (src/config.ts) sets; the tests take the defaults. */
export interface ServerSettings {
  readonly bodyLimit?: number
  readonly requestTimeout?: number
  /** The gateway's addresses and CIDR ranges (never a hop count, which Fastify 5.12 ignores). */
  readonly trustProxy?: readonly string[]
}

/**
 * How every answer is written: JSON.stringify rather than serializers compiled from the response
 * schemas, which is quicker for an evaluation's explained indicators (mostly Chinese text) and for
 * a batch's megabytes, and compiling the serializers (a whole rubric among them) slowed the start
 * (README, Performance). Every answer is built to its response schema, and
 * test/routes/answer-schema.test.ts holds it to it.
 */
const serializeJson = (data: unknown): string => JSON.stringify(data)

/**
 * The Fastify settings a scoring API needs, shared by the server and the tests so that both run
 * the same validation.
 */
export function serverOptions(
  logger: FastifyServerOptions['logger'] = false,
  settings: ServerSettings = {},
): FastifyHttpOptions<Server> {
  const requestTimeout = settings.requestTimeout ?? DEFAULTS.requestTimeout
  return {
    logger,
    bodyLimit: settings.bodyLimit ?? DEFAULTS.bodyLimit,
    requestTimeout,
    // Node checks requestTimeout only when it is above headersTimeout (60 s by default), and every
    // connectionsCheckingInterval (30 s): both follow it, so a request slower than REQUEST_TIMEOUT
    // to arrive gets its 408 within a quarter of it more.
    http: {
      headersTimeout: Math.min(60_000, requestTimeout),
      connectionsCheckingInterval: Math.max(250, Math.min(30_000, Math.floor(requestTimeout / 4))),
    },
    clientErrorHandler: clientErrorProblem,
    trustProxy: settings.trustProxy?.length ? [...settings.trustProxy] : false,
    // Fastify's own 503 during shutdown is not a problem document; a request that reaches a
    // draining server is served instead (its answer closes the connection, see plugins/health.ts).
    return503OnClosing: false,
    frameworkErrors: frameworkProblem,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // A gateway's x-request-id is kept only when it is safe to echo and log.
    genReqId: (request) => {
      const header = request.headers['x-request-id']
      return typeof header === 'string' && REQUEST_ID.test(header) ? header : crypto.randomUUID()
    },
    // The service's own validator and serializer, for every schema: Fastify then neither loads nor
    // sets up its default Ajv and fast-json-stringify, a shorter start.
    schemaController: {
      compilersFactory: {
        // Fastify calls a validator only as a function with `errors`, which compileSchema's are.
        buildValidator: () => ({ schema }) => compileSchema(schema as object) as unknown as ValidateFunction,
        buildSerializer: () => () => serializeJson,
      },
    },
  }
}
