// Scores a batch of 1,000 different departments: engine only, and end to end over HTTP against
// the app listening on loopback. Prints figures; it is not a test. `npm run bench:batch`.
import Fastify from 'fastify'
import app from '../src/app.js'
import { serverOptions } from '../src/server-options.js'
import { loadRubrics } from '../src/rubrics/index.js'
import { scoreRequest } from '../src/scoring.js'
import { summarize } from '../src/batch-summary.js'
import { departments } from './departments.js'

const ROUNDS = Number(process.env.ROUNDS ?? 7)
const items = departments(1000)
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

const rubrics = loadRubrics()
const engine: number[] = []
for (let round = 0; round < ROUNDS; round++) {
  const start = performance.now()
  const results = items.map((item, index) => ({ index, status: 'ok' as const, evaluation: scoreRequest(item, rubrics, 'zh') }))
  summarize(results)
  engine.push(performance.now() - start)
}

const server = Fastify(serverOptions())
await server.register(app)
const address = await server.listen({ port: 0, host: '127.0.0.1' })
const body = JSON.stringify({ items })
const http: number[] = []
let bytes = 0
for (let round = 0; round < ROUNDS; round++) {
  const start = performance.now()
  const response = await fetch(`${address}/v1/evaluations/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
  const text = await response.text()
  http.push(performance.now() - start)
  if (response.status !== 200) throw new Error(`status ${response.status}: ${text.slice(0, 200)}`)
  bytes = text.length
}
await server.close()

console.log(`batch of 1,000 different departments, ${ROUNDS} rounds, node ${process.version}`)
console.log(`  request ${(body.length / 1024 / 1024).toFixed(1)} MiB, answer ${(bytes / 1024 / 1024).toFixed(1)} MiB`)
console.log(`  engine only (score + summary): median ${median(engine).toFixed(0)} ms, best ${Math.min(...engine).toFixed(0)} ms`)
console.log(`  end to end over HTTP:          median ${median(http).toFixed(0)} ms, best ${Math.min(...http).toFixed(0)} ms (target ≤ 300 ms)`)
