import Fastify from 'fastify'
import app from './app.js'
import { serverOptions } from './server-options.js'

const port = Number(process.env.PORT ?? 3000)
const host = process.env.HOST ?? '0.0.0.0'
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be an integer from 0 to 65535, not ${JSON.stringify(process.env.PORT)}`)
  process.exit(1)
}

const server = Fastify(serverOptions({ level: process.env.LOG_LEVEL ?? 'info' }))
await server.register(app)

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.log.info({ signal }, 'closing')
    server.close().then(() => process.exit(0), () => process.exit(1))
  })
}

await server.listen({ port, host })
