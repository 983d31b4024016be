// The limit of this machine for POST /v1/evaluations: a bare Fastify route that parses the same
// JSON bodies and answers, for each department, the bytes the service answered for it, computed
// beforehand. Started by bench/index.ts: `node --import tsx bench/baseline.ts <answers.json>`, PORT
// in the environment.
import { readFileSync } from 'node:fs'
import Fastify from 'fastify'

const answersFile = process.argv[2]
const answers = new Map(
  Object.entries(JSON.parse(readFileSync(answersFile!, 'utf8')) as Record<string, string>).map(([code, text]) => [
    code,
    Buffer.from(text),
  ]),
)

const app = Fastify({ logger: false })
app.post<{ Body: { department: { code: string } } }>('/v1/evaluations', async (request, reply) => {
  reply.type('application/json; charset=utf-8')
  return answers.get(request.body.department.code)
})
app.get('/health/ready', async () => ({ status: 'ready' }))
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
// A stop that exits, rather than dying of the signal, so that `node --cpu-prof` writes its profile (bench/profile.ts).
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)))
