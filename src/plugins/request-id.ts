import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/**
 * Echoes the request id (the gateway's x-request-id when it is safe, see server-options.ts,
 * otherwise a generated one) in every answer, so that a client, the gateway's access log and the
 * service's log lines (pino's reqId) all name a request the same way.
 */
async function requestId(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id)
    done()
  })
}

export default fp(requestId, { name: 'request-id' })
