import type { FastifyServerOptions } from 'fastify'

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/

/**
 * The Fastify settings a scoring API needs, shared by the server and the tests so that both run
 * the same validation.
 */
export function serverOptions(logger: FastifyServerOptions['logger'] = false): FastifyServerOptions {
  return {
    logger,
    bodyLimit: 1024 * 1024,
    requestTimeout: 30_000,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // A gateway's x-request-id is kept only when it is safe to echo and log.
    genReqId: (request) => {
      const header = request.headers['x-request-id']
      return typeof header === 'string' && REQUEST_ID.test(header) ? header : crypto.randomUUID()
    },
    ajv: {
      // Fastify's defaults turn a submitted 0 into null, "5" into 5, and drop unknown keys
      // silently; for scores a typo must be a 400, never a zero.
      customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: true },
    },
  }
}
