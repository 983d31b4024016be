/**
 * The long fuzz campaign against POST /v1/evaluations: the same bodies and checks as
 * test/fuzz/fuzz.test.ts, but 10,000 of them by default and a fresh random seed each time, so
 * that every run explores new ground. Unlike the test it does not stop at the first violation:
 * it collects them (up to 50) and prints them with the figures at the end.
 *
 *   npm run test:fuzz-long                          10,000 bodies, random seed
 *   npm run test:fuzz-long -- --runs 50000 --seed 42
 *   npm run test:fuzz-long -- --save /tmp/findings  also write each violating payload to a file
 *
 * FUZZ_RUNS and FUZZ_SEED work too. Exits with 1 when a body broke the contract, so that a
 * nightly job can run it; replay a finding with `--seed <seed>` and the same `--runs`.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import Fastify from 'fastify'
import app from '../src/app.js'
import { serverOptions } from '../src/server-options.js'
import { heapLimit } from '../src/admission.js'
import seedRequest from '../schemas/examples/yuhua-2021.request.json' with { type: 'json' }
import { describeFigures, excerpt, fuzzEvaluations } from '../test/fuzz/harness.js'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: process.env.FUZZ_RUNS ?? '10000' },
    seed: { type: 'string', default: process.env.FUZZ_SEED },
    save: { type: 'string' },
  },
})
const runs = Number(values.runs)
// A 31-bit seed, as fast-check takes; printed at the start and the end to replay the run.
const seed = values.seed === undefined ? Math.floor(Math.random() * 0x7fffffff) : Number(values.seed)
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  console.error('usage: fuzz-long.ts [--runs N] [--seed S] [--save DIR]')
  process.exit(2)
}

// The real app with the server's own options; logs off, since every refusal would be logged. Its
// memory budget is the heap's limit: the campaign's own garbage must not have bodies shed (test/helper.ts).
const server = Fastify(serverOptions())
await server.register(app, { memoryBudgetBytes: heapLimit() })
await server.ready()

console.log(`fuzzing POST /v1/evaluations: ${runs} bodies, seed ${seed}`)
const started = performance.now()
const step = Math.max(1, Math.round(runs / 10))
const figures = await fuzzEvaluations(server, {
  seed,
  runs,
  stopAtFirst: false,
  onBody: (current) => {
    if (current.bodies % step !== 0) return
    const statuses = Object.entries(current.statuses).map(([status, count]) => `${status}: ${count}`).join(', ')
    console.log(`  … ${current.bodies} bodies in ${((performance.now() - started) / 1000).toFixed(0)} s (${statuses})`)
  },
})

// The process is still up and still scores the seed.
const after = await server.inject({
  method: 'POST',
  url: '/v1/evaluations',
  headers: { 'content-type': 'application/json' },
  payload: JSON.stringify(seedRequest),
})
await server.close()

for (const [index, violation] of figures.violations.entries()) {
  console.log(`\nviolation ${index + 1} (${violation.family}): ${violation.label}`)
  console.log(`  content-type: ${JSON.stringify(violation.contentType)}`)
  for (const problem of violation.problems) console.log(`  - ${problem}`)
  console.log(`  sent: ${excerpt(violation.payload)}`)
  console.log(`  answer ${violation.status}: ${violation.answer}`)
  if (values.save) {
    mkdirSync(values.save, { recursive: true })
    const file = join(values.save, `violation-${seed}-${index + 1}.json`)
    writeFileSync(file, violation.payload)
    console.log(`  saved: ${file}`)
  }
}

console.log('\nfigures')
for (const line of describeFigures(figures)) console.log(`  ${line}`)
console.log(
  `  seed request afterwards: ${after.statusCode} ${after.statusCode === 200 ? `totalScore ${String(after.json().totalScore)}` : ''}`,
)
process.exitCode = figures.violations.length > 0 || after.statusCode !== 200 ? 1 : 0
