// `npm run bench:profile`: where one request's time goes in the production build under load, beside
// the same for the baseline of `npm run bench` (bench/baseline.ts: a bare route that parses the same
// bodies and answers the service's own bytes). Each server runs with `node --cpu-prof` while autocannon
// sends the 200 departments of the bench (20 connections); its profile's self time is summed by stage
// and printed in µs per request. Before that, the engine's stages are timed on their own in this thread
// (best of 40 rounds of the 200 departments, µs per evaluation). Not a test: the figures are as good as
// the machine is quiet.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import autocannon from 'autocannon'
import type { EvaluationRequest } from '../schemas/evaluation-request.js'
import { departments } from './departments.js'
import { start, stop } from './processes.js'

const seconds = Number(process.argv[2] ?? 10)
const bodies = departments(200)
const texts = bodies.map((body) => JSON.stringify(body))

// The engine's stages, in the build the server runs.
{
  const built = (path: string) => import(pathToFileURL(join(process.cwd(), 'dist', path)).href)
  const { loadRubrics } = (await built('src/rubrics/index.js')) as typeof import('../src/rubrics/index.js')
  const { checkRequest } = (await built('src/validation/check-request.js')) as typeof import(
    '../src/validation/check-request.js'
  )
  const { compilePlan, InputsRead } = (await built('src/engine/plan.js')) as typeof import('../src/engine/plan.js')
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
    for (const { measure } of plan.indicators) measure({ request: body, inputs: new InputsRead(), fallbacks: [] })
  })
  time('scored and written, view=scores (a rope of byte strings)', (body) => answerPlan(plan, body, 'zh', 'scores'))
  time('scored and written, full answer (a rope of byte strings)', (body) => answerPlan(plan, body, 'zh', 'full'))
  time('full answer as the Buffer sent (the rope flattened)', (body) =>
    Buffer.from(answerPlan(plan, body, 'zh', 'full').bytes, 'latin1'),
  )
  const flat = Buffer.from(answerPlan(plan, bodies[0]!, 'zh', 'full').bytes, 'latin1').toString('latin1')
  time('a flat string of the same size as a Buffer (a copy)', () => Buffer.from(flat, 'latin1'))
}
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
  [
    "Fastify and the service's hooks (the baseline's route)",
    (url) => /\/(fastify|find-my-way|avvio|@fastify)\/|\/dist\/src\/|\/bench\//.test(url),
  ],
  ['Node (HTTP, streams, buffers, natives)', () => true],
]

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string }
}
interface Profile {
  nodes: ProfileNode[]
  /** Microseconds of the monotonic clock, which process.hrtime reads too. */
  startTime: number
  samples: number[]
  timeDeltas: number[]
}

/** Now on the monotonic clock, in microseconds, as a profile's times are. */
const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n)

interface Profiled {
  readonly result: autocannon.Result
  /** Self time by stage, in µs per request. */
  readonly stages: Map<string, number>
  /** Within each stage, the largest functions' self time, in µs per request. */
  readonly largest: Map<string, [string, number][]>
}

/** A server (node with `args`) profiled while autocannon sends it the 200 departments. */
async function profiled(args: string[], env: Record<string, string> = {}): Promise<Profiled> {
  const directory = mkdtempSync(join(tmpdir(), 'profile-'))
  const server = await start(['--cpu-prof', `--cpu-prof-dir=${directory}`, ...args], env)
  let next = 0
  const from = monotonicMicros()
  const result = await autocannon({
    url: `${server.url}/v1/evaluations`,
    method: 'POST',
    connections: 20,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (request) => ({ ...request, body: texts[next++ % texts.length]! }) }],
  })
  const to = monotonicMicros()
  await stop(server.child)
  const file = readdirSync(directory).find((name) => name.endsWith('.cpuprofile'))!
  const profile = JSON.parse(readFileSync(join(directory, file), 'utf8')) as Profile
  rmSync(directory, { recursive: true })

  const requests = result.requests.total
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const stages = new Map<string, number>()
  const functions = new Map<string, Map<string, number>>()
  // Only the samples taken while autocannon ran: the start (loading and compiling the modules) and
  // the stop are not a request's work.
  let time = profile.startTime
  profile.samples.forEach((id, index) => {
    time += profile.timeDeltas[index] ?? 0
    if (time < from || time > to) return
    const { url, functionName } = byId.get(id)!.callFrame
    const stage = STAGES.find(([, test]) => test(url, functionName))![0]
    const micros = (profile.timeDeltas[index] ?? 0) / requests
    stages.set(stage, (stages.get(stage) ?? 0) + micros)
    const name = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}`.trim()
    const own = functions.get(stage) ?? new Map<string, number>()
    own.set(name, (own.get(name) ?? 0) + micros)
    functions.set(stage, own)
  })
  const largest = new Map(
    [...functions].map(([stage, own]) => [stage, [...own].sort((a, b) => b[1] - a[1]).slice(0, 3)]),
  )
  return { result, stages, largest }
}

// The compiled files, not the bundle that npm start runs (the same code): a function's file names its stage.
const service = await profiled(['dist/src/server.js'], { LOG_LEVEL: 'info' })
// The baseline of `npm run bench` (bench/baseline.ts), answering the service's own bytes.
const answers: Record<string, string> = {}
{
  const server = await start(['dist/src/server.js'])
  for (const [index, text] of texts.entries()) {
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: text }
    answers[bodies[index]!.department.code!] = await (await fetch(`${server.url}/v1/evaluations`, init)).text()
  }
  await stop(server.child)
}
const answersFile = join(mkdtempSync(join(tmpdir(), 'profile-')), 'answers.json')
writeFileSync(answersFile, JSON.stringify(answers))
const baseline = await profiled(['--import', 'tsx', 'bench/baseline.ts', answersFile])
rmSync(dirname(answersFile), { recursive: true })

const busy = ({ stages }: Profiled) =>
  [...stages].filter(([stage]) => stage !== 'idle').reduce((sum, [, micros]) => sum + micros, 0)
const rate = ({ result }: Profiled) => `${result.requests.average.toFixed(0)}/s, p99 ${result.latency.p99} ms`
console.log(`\nunder load, ${seconds} s each: the service ${rate(service)}; the baseline ${rate(baseline)}`)
console.log(`µs of the server's thread per request while under load, by stage: service | baseline`)
console.log(`  ${'busy'.padEnd(56)} ${busy(service).toFixed(0).padStart(7)} | ${busy(baseline).toFixed(0).padStart(7)}`)
for (const [stage] of STAGES.slice(1)) {
  const micros = (server: Profiled) => (server.stages.get(stage) ?? 0).toFixed(1).padStart(7)
  console.log(`  ${stage.padEnd(56)} ${micros(service)} | ${micros(baseline)}`)
}
console.log('the largest functions of each stage, µs per request:')
for (const [stage] of STAGES.slice(1)) {
  for (const [who, server] of [
    ['service', service],
    ['baseline', baseline],
  ] as const) {
    const largest = server.largest.get(stage) ?? []
    if (largest.length === 0) continue
    console.log(`  ${stage} (${who}): ${largest.map(([name, micros]) => `${name} ${micros.toFixed(1)}`).join('; ')}`)
  }
}
console.log(
  `(idle ${(service.stages.get('idle') ?? 0).toFixed(0)} | ${(baseline.stages.get('idle') ?? 0).toFixed(0)} µs per request)`,
)
