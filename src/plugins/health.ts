import type { FastifyInstance } from 'fastify'
import type { Socket } from 'node:net'
import fp from 'fastify-plugin'
import { Type } from 'typebox'
import type { RubricRegistry } from '../rubrics/index.js'
import { serviceError } from '../errors.js'
import { sendProblem } from './problems.js'

export interface HealthOptions {
  readonly rubrics: RubricRegistry
}

const LiveSchema = Type.Object({ status: Type.Literal('live') })
const ReadySchema = Type.Object({ status: Type.Literal('ready'), rubrics: Type.Array(Type.String()) })

/**
 * The orchestrator's probes. Liveness says the process answers; readiness says it should get
 * traffic: true once the app is ready (the built-in rubrics are checked while the app registers,
 * before it can listen), false from the moment shutdown begins. The probes are not part of the
 * public API, so they are left out of the OpenAPI document, and they log only warnings, so that
 * a probe every few seconds does not drown the request log.
 */
async function health(app: FastifyInstance, { rubrics }: HealthOptions): Promise<void> {
  let shuttingDown = false
  // Node closes the idle keep-alive connections when the listener closes, but counts a connection
  // that has not sent a byte yet (a gateway's pre-opened one, or one a client opened a moment ago)
  // as busy: it would hold the stop until a request came on it or the grace ran out. Those are
  // closed here, just before the listener (Fastify runs the preClose hooks, then closes it).
  const connections = new Set<Socket>()
  app.server.on('connection', (socket: Socket) => {
    connections.add(socket)
    socket.once('close', () => connections.delete(socket))
  })
  app.addHook('preClose', async () => {
    shuttingDown = true
    for (const socket of connections) if (socket.bytesRead === 0) socket.destroy()
  })
  // An answer that leaves after shutdown began closes its connection: an idle keep-alive
  // connection would otherwise hold the server open for keepAliveTimeout (72 s), past the grace.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (shuttingDown) reply.header('connection', 'close')
    done(null, payload)
  })

  const rubricIds = rubrics.list.map((rubric) => rubric.id)
  app.get('/health/live', { logLevel: 'warn', schema: { hide: true, response: { 200: LiveSchema } } }, async () => ({
    status: 'live' as const,
  }))
  app.get(
    '/health/ready',
    { logLevel: 'warn', schema: { hide: true, response: { 200: ReadySchema } } },
    async (request, reply) => {
      if (shuttingDown) return sendProblem(request, reply, serviceError('SHUTTING_DOWN', {}))
      return { status: 'ready' as const, rubrics: rubricIds }
    },
  )
}

export default fp(health, { name: 'health', dependencies: ['problems'] })
