import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { authenticate, type ApiClient } from '../api-keys.js'
import { serviceError } from '../errors.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The client that called, by its name in API_KEYS_FILE; `anonymous` when the service is open or refused it. */
    client: string
  }
}

export interface ApiKeysOptions {
  /** The clients whose keys /v1/* requires (API_KEYS_FILE); null or absent: the service is open. */
  readonly clients?: readonly ApiClient[] | null
}

export const ANONYMOUS = 'anonymous'
const REALM = 'Bearer realm="performance-scoring"'
const V1 = /^\/v1(?:[/?]|$)/

/**
 * Optional API keys: with clients, every /v1/* request needs `Authorization: Bearer <key>`, or it
 * is a 401 problem before its body is read. The probes, /metrics, /openapi.json and the explorer
 * need no key. The key is never logged; the client's name is, and labels the HTTP metrics.
 */
async function apiKeys(app: FastifyInstance, { clients }: ApiKeysOptions): Promise<void> {
  app.decorateRequest('client', ANONYMOUS)
  if (!clients) {
    app.log.warn('API_KEYS_FILE is not set: /v1/* answers every caller, with no API key')
    return
  }
  app.log.info({ clients: clients.length }, 'API keys required on /v1/*')
  app.addHook('onRequest', (request, reply, done) => {
    // The matched route, and the raw path for a /v1 path that matches none.
    if (!request.routeOptions.url?.startsWith('/v1/') && !V1.test(request.url)) return done()
    const client = authenticate(request.headers.authorization, clients)
    if (typeof client !== 'string') {
      reply.header('www-authenticate', client === null ? REALM : `${REALM}, error="invalid_token"`)
      return done(serviceError('UNAUTHENTICATED', { wrongKey: client === undefined }))
    }
    request.client = client
    // The answer's log line ("request completed") is written by the reply's logger.
    reply.log = request.log = request.log.child({ client })
    done()
  })
}

export default fp(apiKeys, { name: 'api-keys' })
