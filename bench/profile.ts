// `npm run bench:profile`: where one request's time goes in the production build under load. The
// server runs with `node --cpu-prof` while autocannon sends the 200 departments of the bench
// (20 connections); its profile's self time is summed by stage and printed in µs per request.
// Before that, the engine's stages are timed on their own in this thread (best of 40 rounds of the
// 200 departments, µs per evaluation). Not a test: the figures are as good as the machine is quiet.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import autocannon from 'autocannon'
import type { EvaluationRequest } from '../schemas/evaluation-request.js'
import { departments } from './departments.js'
import { start, stop } from './processes.js'

const seconds = Number(process.argv[2] ?? 10)
const directory = mkdtempSync(join(tmpdir(), 'profile-'))
const bodies = departments(200)
const texts = bodies.map((body) => JSON.stringify(body))

// The engine's stages, in the build the server runs.
{
  const built = (path: string) => import(pathToFileURL(join(process.cwd(), 'dist', path)).href)
  const { loadRubrics } = (await built('src/rubrics/index.js')) as typeof import('../src/rubrics/index.js')
  const { checkRequest } = (await built('src/validation/check-request.js')) as typeof import(
    '../src/validation/check-request.js'
  )
  const { compilePlan } = (await built('src/engine/plan.js')) as typeof import('../src/engine/plan.js')
  const { answerPlan } = (await built('src/engine/answer.js')) as typeof import('../src/engine/answer.js')
  const rubric = loadRubrics().defaultRubric
  const plan = compilePlan(rubric)
  const time = (stage: string, run: (body: EvaluationRequest) => unknown) => {
    let best = Infinity
    for (let round = 0; round < 40; round++) {
      const began = performance.now()
      for (const body of bodies) run(body)
      best = Math.min(best, ((performance.now() - began) * 1000) / bodies.length)
    }
    console.log(`  ${stage.padEnd(58)} ${best.toFixed(1).padStart(6)} µs`)
  }
  console.log('engine, µs per evaluation (best of 40 rounds of 200 departments):')
  time('cross-field checks of the request', (body) => checkRequest(body, rubric, 'zh'))
  time('the 17 measures read (inputs recorded)', (body) => {
    for (const indicator of plan.indicators) indicator.measure({ request: body, inputs: new Map(), fallbacks: [] })
  })
  time('scored and written, view=scores (a rope of byte strings)', (body) => answerPlan(plan, body, 'zh', 'scores'))
  time('scored and written, full answer (a rope of byte strings)', (body) => answerPlan(plan, body, 'zh', 'full'))
  time('full answer as the Buffer sent (the rope flattened)', (body) =>
    Buffer.from(answerPlan(plan, body, 'zh', 'full').bytes, 'latin1'),
  )
  const flat = Buffer.from(answerPlan(plan, bodies[0]!, 'zh', 'full').bytes, 'latin1').toString('latin1')
  time('a flat string of the same size as a Buffer (a copy)', () => Buffer.from(flat, 'latin1'))
}
// The compiled files, not the bundle that npm start runs (the same code): a function's file names its stage.
const service = await start(['--cpu-prof', `--cpu-prof-dir=${directory}`, 'dist/src/server.js'], { LOG_LEVEL: 'info' })
let next = 0
const result = await autocannon({
  url: `${service.url}/v1/evaluations`,
  method: 'POST',
  connections: 20,
  duration: seconds,
  headers: { 'content-type': 'application/json' },
  requests: [{ setupRequest: (request) => ({ ...request, body: texts[next++ % texts.length]! }) }],
})
await stop(service.child)

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string }
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}
const file = readdirSync(directory).find((name) => name.endsWith('.cpuprofile'))!
const profile = JSON.parse(readFileSync(join(directory, file), 'utf8')) as Profile
rmSync(directory, { recursive: true })

/** The stage a function belongs to, by its file. */
const STAGES: [string, (url: string, name: string) => boolean][] = [
  ['idle', (url, name) => name === '(idle)'],
  ['garbage collection', (url, name) => name === '(garbage collector)'],
  ['engine (src/engine, src/core, src/scoring.ts)', (url) => /\/src\/(engine\/|core\/|scoring\.js)/.test(url)],
  // Ajv's generated validators have no file: they are named validate, validate1, …
  [
    'request checks and validation',
    (url, name) => /\/src\/validation\//.test(url) || (url === '' && /^validate\d*$/.test(name)),
  ],
  ['JSON parsing of the body', (url) => /secure-json-parse|json-body|json-numbers/.test(url)],
  ['logging (pino)', (url) => /\/(pino|sonic-boom|thread-stream)\//.test(url)],
  ['metrics (prom-client)', (url) => /prom-client|plugins\/metrics/.test(url)],
  ['Fastify and the service\'s hooks', (url) => /\/(fastify|find-my-way|avvio|@fastify)\/|\/dist\/src\//.test(url)],
  ['Node (HTTP, streams, buffers, natives)', () => true],
]
const byId = new Map(profile.nodes.map((node) => [node.id, node]))
const totals = new Map<string, number>()
/** Self time by function within each stage, to name the largest. */
const functions = new Map<string, Map<string, number>>()
profile.samples.forEach((id, index) => {
  const { url, functionName } = byId.get(id)!.callFrame
  const stage = STAGES.find(([, test]) => test(url, functionName))![0]
  const micros = profile.timeDeltas[index] ?? 0
  totals.set(stage, (totals.get(stage) ?? 0) + micros)
  const name = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}`.trim()
  const own = functions.get(stage) ?? new Map<string, number>()
  own.set(name, (own.get(name) ?? 0) + micros)
  functions.set(stage, own)
})
const requests = result.requests.total
const busy = [...totals].filter(([stage]) => stage !== 'idle').reduce((sum, [, micros]) => sum + micros, 0)
console.log(`${requests} requests in ${seconds} s (${result.requests.average.toFixed(0)}/s, p99 ${result.latency.p99} ms)`)
console.log(`busy ${(busy / requests).toFixed(0)} µs of the server's thread per request, of which:`)
for (const [stage] of STAGES) {
  const micros = totals.get(stage) ?? 0
  if (stage === 'idle') continue
  const largest = [...(functions.get(stage) ?? [])]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([name, own]) => `${name} ${(own / requests).toFixed(1)}`)
  console.log(`  ${stage.padEnd(40)} ${(micros / requests).toFixed(1).padStart(7)} µs   (${largest.join('; ')})`)
}
console.log(`(idle ${(((totals.get('idle') ?? 0) / requests)).toFixed(0)} µs per request; start-up included in the profile)`)
