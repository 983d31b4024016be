/**
 * The long differential campaign: the cases and the comparison of
 * test/differential/differential.test.ts, a million of them by default.
 *
 *   npm run test:differential                          1,000,000 cases, a random seed
 *   npm run test:differential -- --runs 50000 --seed 42
 *
 * Prints progress every 100,000 cases, the cases per second and a summary. Stops at the first
 * mismatch, shrinks it and prints the counterexample (seed, path, body), exiting with 1; replay it
 * with the same --seed (the path in the report replays it exactly with fast-check).
 */
import { parseArgs } from 'node:util'
import fc from 'fast-check'
import { loadRubrics } from '../src/rubrics/index.js'
import { Tally, compareCase } from '../test/differential/compare.js'
import { differentialCases } from '../test/differential/requests.js'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '1000000' }, seed: { type: 'string' } } })
const runs = Number(values.runs)
// A 31-bit seed, as fast-check takes; printed at the start and the end to replay the run.
const seed = values.seed === undefined ? Math.floor(Math.random() * 0x7fffffff) : Number(values.seed)
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  console.error('usage: differential-long.ts [--runs N] [--seed S]')
  process.exit(2)
}

const rubrics = loadRubrics()
const tally = new Tally()
const PROGRESS_EVERY = 100_000
const started = performance.now()
const cpuStarted = process.cpuUsage()
const rate = () => Math.round(tally.cases / ((performance.now() - started) / 1000))

console.log(`differential: ${runs} cases, seed ${seed}`)
let shrinking = false
const details = fc.check(
  fc.property(differentialCases, (testCase) => {
    // While fast-check shrinks a counterexample the cases are no longer new ones.
    if (shrinking) return compareCase(testCase, rubrics) && true
    try {
      tally.add(testCase, compareCase(testCase, rubrics))
    } catch (error) {
      shrinking = true
      throw error
    }
    if (tally.cases % PROGRESS_EVERY === 0) console.log(`  … ${tally.cases} cases, ${rate()} cases/s`)
    return true
  }),
  { seed, numRuns: runs, includeErrorInReport: true },
)
const seconds = (performance.now() - started) / 1000

console.log(`\n${tally.summary()}`)
console.log(`mismatches: ${details.failed ? 1 : 0}`)
// The CPU time too: on a shared machine the wall-clock rate says as much about the neighbours.
const cpu = process.cpuUsage(cpuStarted)
console.log(
  `${tally.cases} cases in ${seconds.toFixed(1)} s: ${rate()} cases/s, ${((cpu.user + cpu.system) / 1000 / tally.cases).toFixed(2)} ms of CPU a case (seed ${seed})`,
)
if (details.failed) {
  console.error(`\n${fc.defaultReportMessage(details)}`)
  process.exit(1)
}
