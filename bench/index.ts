// `npm run bench` (after `npm run build`, which the script runs): the figures of the service on
// this machine, printed as a table. Not a test: nothing here fails on a slow machine.
// `npm run bench -- --quick` runs every part briefly, only to show that the benchmark works.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import type { EvaluationRequest } from '../schemas/evaluation-request.js'
import { pathToFileURL } from 'node:url'
import { departments } from './departments.js'
import { validationMicros } from './validation.js'
import { memory, start, stop } from './processes.js'

// The engine is measured as it runs in production: the build in dist/ (npm run bench builds it),
// not the sources through tsx, whose module bindings cost a call each.
const built = (path: string) => import(pathToFileURL(join(process.cwd(), 'dist', path)).href)
const { summarize } = (await built('src/batch-summary.js')) as typeof import('../src/batch-summary.js')
const { loadRubrics } = (await built('src/rubrics/index.js')) as typeof import('../src/rubrics/index.js')
const { scoreRequest, scoreRequestJson } = (await built('src/scoring.js')) as typeof import('../src/scoring.js')

const quick = process.argv.includes('--quick')
const settings = quick
  ? { engineSeconds: 0.5, rounds: 1, seconds: 1, connections: 20, batchRounds: 1, starts: 1 }
  : { engineSeconds: 5, rounds: 5, seconds: 5, connections: 20, batchRounds: 7, starts: 5 }
const SERVER = ['dist/server.mjs']
const BASELINE = ['--import', 'tsx', 'bench/baseline.ts']

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const rows: [string, string, string, boolean | null][] = []
const row = (figure: string, measured: string, target = '', met: boolean | null = null) => {
  rows.push([figure, measured, target, met])
  console.error(`  ${figure}: ${measured}`)
}

// 200 different departments: no body is ever sent twice in a row.
const bodies = departments(200)
const texts = bodies.map((body) => JSON.stringify(body))

// 1. The engine alone, on this one thread: rubric resolved, cross-field rules, scoring, the answer's
// JSON bytes; in the full and the compact view, and the interpreter (the reference) for comparison.
{
  const rubrics = loadRubrics()
  const rate = (score: (body: EvaluationRequest) => unknown, list: readonly EvaluationRequest[] = bodies) => {
    const run = (seconds: number) => {
      let count = 0
      const began = performance.now()
      while (performance.now() - began < seconds * 1000) {
        for (const body of list) score(body)
        count += list.length
      }
      return count / ((performance.now() - began) / 1000)
    }
    run(Math.min(1, settings.engineSeconds))
    return median(Array.from({ length: 3 }, () => run(settings.engineSeconds / 3)))
  }
  // As the route sends it: the answer's bytes in a Buffer (which also flattens the string).
  const full = rate((body) => Buffer.from(scoreRequestJson(body, rubrics, 'zh', 'full').bytes, 'latin1'))
  row('engine, evaluations/s on one core, full answers (200 departments)', full.toFixed(0), '≥ 50000', full >= 50_000)
  const compact = rate((body) => Buffer.from(scoreRequestJson(body, rubrics, 'zh', 'scores').bytes, 'latin1'))
  row('engine, evaluations/s on one core, view=scores', compact.toFixed(0))
  const reference = rate((body) => Buffer.from(JSON.stringify(scoreRequest(body, rubrics, 'zh'))))
  row('interpreter (decimal.js reference), evaluations/s, full answers', reference.toFixed(0))
  // Headroom (issue 16) is the interpreter's stage: its cost against an ordinary evaluation.
  const monitored = bodies.map((body) => ({ ...body, options: { ...body.options, headroom: true } }))
  const headroom = rate((body) => Buffer.from(scoreRequestJson(body, rubrics, 'zh', 'full').bytes, 'latin1'), monitored)
  const times = full / headroom
  const figure = `${headroom.toFixed(0)} (${times.toFixed(1)}×)`
  row('with options.headroom, evaluations/s (× an ordinary evaluation)', figure, '≤ 5×', times <= 5)
}

// 1b. Schema validation of the seed body alone, compiled as the route compiles it (bench/validation.ts).
{
  const micros = await validationMicros(quick ? 0.5 : 3)
  row('validation, µs per valid body (seed)', `${micros.toFixed(1)} µs`, '≤ 10 µs', micros <= 10)
}

// 2. HTTP against the production build, paired with the baseline: same bodies, same answer bytes.
const service = await start(SERVER, { LOG_LEVEL: 'info' })
row('ready after start (first run)', `${service.readyMs.toFixed(0)} ms`)
const answers: Record<string, string> = {}
for (const [index, text] of texts.entries()) {
  const response = await fetch(`${service.url}/v1/evaluations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: text,
  })
  if (response.status !== 200) throw new Error(`department ${index}: status ${response.status}`)
  answers[bodies[index]!.department.code!] = await response.text()
}
const directory = mkdtempSync(join(tmpdir(), 'bench-'))
writeFileSync(join(directory, 'answers.json'), JSON.stringify(answers))
const baseline = await start([...BASELINE, join(directory, 'answers.json')])

async function load(url: string, seconds: number): Promise<autocannon.Result> {
  let next = 0
  const result = await autocannon({
    url: `${url}/v1/evaluations`,
    method: 'POST',
    connections: settings.connections,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (request) => ({ ...request, body: texts[next++ % texts.length]! }) }],
  })
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} answers other than 2xx, ${result.errors} errors`)
  return result
}

await load(service.url, Math.min(2, settings.seconds))
await load(baseline.url, Math.min(2, settings.seconds))
const rounds: { service: autocannon.Result; baseline: autocannon.Result }[] = []
for (let round = 0; round < settings.rounds; round++) {
  // Alternate which goes first, so that neither always runs on a warmer machine.
  const first = round % 2 === 0 ? service : baseline
  const a = await load(first.url, settings.seconds)
  const b = await load((first === service ? baseline : service).url, settings.seconds)
  rounds.push(first === service ? { service: a, baseline: b } : { service: b, baseline: a })
  const last = rounds.at(-1)!
  console.error(
    `  round ${round + 1}: service ${last.service.requests.average.toFixed(0)}/s, baseline ${last.baseline.requests.average.toFixed(0)}/s`,
  )
}
const ratio = median(rounds.map((pair) => pair.service.requests.average / pair.baseline.requests.average))
const p99 = median(rounds.map((pair) => pair.service.latency.p99))
row(
  `HTTP service, requests/s (${settings.connections} connections, median of ${settings.rounds})`,
  median(rounds.map((pair) => pair.service.requests.average)).toFixed(0),
)
row(
  'HTTP baseline (parse + precomputed bytes), requests/s',
  median(rounds.map((pair) => pair.baseline.requests.average)).toFixed(0),
)
row('HTTP throughput, service / baseline', ratio.toFixed(2), '≥ 0.50 (aim 0.75)', ratio >= 0.5)
row(
  'HTTP service latency p50 / p99',
  `${median(rounds.map((pair) => pair.service.latency.p50))} / ${p99} ms`,
  'p99 ≤ 10 ms',
  p99 <= 10,
)
row(
  'HTTP baseline latency p50 / p99',
  `${median(rounds.map((pair) => pair.baseline.latency.p50))} / ${median(rounds.map((pair) => pair.baseline.latency.p99))} ms`,
)
await stop(baseline.child)
rmSync(directory, { recursive: true })

// 4. Memory after the sustained run.
const afterLoad = memory(service.child.pid!)
if (afterLoad)
  row(
    'RSS after the HTTP run (peak)',
    `${afterLoad.rss.toFixed(0)} MiB (${afterLoad.peak.toFixed(0)} MiB)`,
    '≤ 200 MB',
    afterLoad.peak * 1.048576 <= 200,
  )

// 3. A batch of 1,000 different departments, end to end, in both views.
{
  const items: EvaluationRequest[] = departments(1000, 1000)
  const body = JSON.stringify({ items })
  for (const view of ['full', 'scores'] as const) {
    const times: number[] = []
    let size = 0
    for (let round = 0; round < settings.batchRounds; round++) {
      const began = performance.now()
      const response = await fetch(`${service.url}/v1/evaluations/batch?view=${view}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
      const text = await response.text()
      times.push(performance.now() - began)
      if (response.status !== 200) throw new Error(`batch: status ${response.status}: ${text.slice(0, 200)}`)
      size = Buffer.byteLength(text)
    }
    const time = median(times)
    const target = view === 'full' ? 300 : 120
    row(
      `batch of 1,000 over HTTP, view=${view} (${(body.length / 2 ** 20).toFixed(1)} MiB in, ${(size / 2 ** 20).toFixed(1)} MiB out)`,
      `${time.toFixed(0)} ms`,
      `≤ ${target} ms`,
      time <= target,
    )
  }
  const rubrics = loadRubrics()
  const began = performance.now()
  summarize(items.map((item, index) => ({ index, evaluation: scoreRequestJson(item, rubrics, 'zh').digest })))
  row('batch of 1,000, engine only (this thread), full answers', `${(performance.now() - began).toFixed(0)} ms`)
  const afterBatch = memory(service.child.pid!)
  if (afterBatch)
    row(
      'RSS after the batches (peak)',
      `${afterBatch.rss.toFixed(0)} MiB (${afterBatch.peak.toFixed(0)} MiB)`,
      '≤ 200 MB',
      afterBatch.peak * 1.048576 <= 200,
    )
}
await stop(service.child)

// 5. Cold start: from spawning node to the first 200 from /health/ready.
{
  const times: number[] = []
  for (let run = 0; run < settings.starts; run++) {
    const started = await start(SERVER, { LOG_LEVEL: 'info' })
    times.push(started.readyMs)
    await stop(started.child)
  }
  const time = median(times)
  row(`ready after start (median of ${settings.starts})`, `${time.toFixed(0)} ms`, '≤ 1000 ms', time <= 1000)
}

const widths = [0, 1, 2].map((column) => Math.max(...rows.map((cells) => String(cells[column]).length), 8))
console.log(
  `\n${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}${quick ? ' (--quick: figures are not meaningful)' : ''}\n`,
)
console.log(
  `| ${'figure'.padEnd(widths[0]!)} | ${'measured'.padEnd(widths[1]!)} | ${'target'.padEnd(widths[2]!)} | met |`,
)
console.log(`|${'-'.repeat(widths[0]! + 2)}|${'-'.repeat(widths[1]! + 2)}|${'-'.repeat(widths[2]! + 2)}|-----|`)
for (const [figure, measured, target, met] of rows) {
  console.log(
    `| ${figure.padEnd(widths[0]!)} | ${measured.padEnd(widths[1]!)} | ${target.padEnd(widths[2]!)} | ${met === null ? '   ' : met ? 'yes' : 'no '} |`,
  )
}
