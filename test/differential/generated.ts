/**
 * The generated half of the differential test, split in two test files (differential.test.ts and
 * differential-more.test.ts) so that tap runs the halves on both cores at once: a case takes
 * about 1 ms to generate and 1 to 5 ms to compare (an inline rubric is validated, hashed and
 * compiled per request, and the reference scores at 64 digits).
 */
import fc from 'fast-check'
import type { TAP } from 'tap'
import type { RubricRegistry } from '../../src/rubrics/index.js'
import { Tally, compareCase } from './compare.js'
import { MODES, differentialCases } from './requests.js'

/** The `t` a subtest callback receives. */
type TapTest = Parameters<Parameters<TAP['test']>[0]>[0]

/** 2 × 10,000 cases, each half with its own fixed seed, so that a failure names a seed that replays it. */
export const GENERATED = [
  { seed: 20_261_126, numRuns: 10_000 },
  { seed: 4_242, numRuns: 10_000 },
] as const

/** Every reason, warning and note the engine can give: the generator must reach each branch. */
const REACHED = [
  'WITHIN_LIMIT',
  'EXCEEDS_LIMIT',
  'BELOW_LIMIT',
  'DEVIATES_FROM_LIMIT',
  'BAND',
  'PROPORTIONAL',
  'CHECKLIST',
  'VIOLATIONS',
  'LEVEL',
  'ASSESSOR_SCORE',
  'TARGET_ATTAINMENT',
  'MISSING_DATA',
  'NOT_APPLICABLE',
  'BOTH_ZERO',
  'ZERO_DENOMINATOR',
  'THREE_PUBLIC_PRIOR_BUDGET_FALLBACK',
  'BREAKDOWN_MISMATCH',
  'unroundedRate',
  'negative',
  'capped',
]

export function checkGenerated(
  t: TapTest,
  run: { readonly seed: number; readonly numRuns: number },
  rubrics: RubricRegistry,
): void {
  const tally = new Tally()
  const started = performance.now()
  fc.assert(
    fc.property(differentialCases, (testCase) => {
      tally.add(testCase, compareCase(testCase, rubrics))
    }),
    // The Mismatch's message (view, path, body) in the report, not only in its cause.
    { ...run, includeErrorInReport: true },
  )
  t.comment(
    `seed ${run.seed}: ${run.numRuns} cases in ${((performance.now() - started) / 1000).toFixed(1)} s\n${tally.summary()}`,
  )
  t.equal(
    tally.cases,
    run.numRuns,
    `${run.numRuns} cases, seed ${run.seed}: the same bytes in both views, or the same refusal`,
  )
  for (const key of REACHED) t.ok(tally.seen.get(key), `reached: ${key}`)
  t.ok(tally.outcomes.answered > run.numRuns * 0.7, 'most cases are answered')
  t.ok(
    tally.outcomes.crossField > 0 && tally.outcomes.unknownRubric > 0,
    'some are refused, by cross-field rules and for an unknown rubric',
  )
  t.ok(tally.custom > run.numRuns * 0.15, 'a fifth bring their own rubric')
  t.equal(tally.outcomes.rubricRefused, 0, 'every generated rubric is valid')
  for (const mode of [...MODES, 'default']) t.ok(tally.modes[mode]! > run.numRuns * 0.1, `deduction mode ${mode}`)
}
