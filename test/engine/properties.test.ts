/**
 * Properties of the engine over generated requests (fast-check, fixed seed, so a failure is
 * reproducible). Decimals are generated as integer cents and written as strings with 2 decimals,
 * so every generated request is valid (helpers.run checks that before scoring).
 */
import { isDeepStrictEqual } from 'node:util'
import fc from 'fast-check'
import t from 'tap'
import type { DeductionMode, EvaluationRequest } from '../../schemas/evaluation-request.js'
import type { EvaluationResult } from '../../schemas/evaluation-response.js'
import { evaluate } from '../../src/engine/evaluate.js'
import {
  type Draft,
  cents,
  fromCents,
  indicator,
  rubric,
  run,
  seed as seedRequest,
  withChanges,
} from './fixtures/helpers.js'

const RUNS = { seed: 42, numRuns: 200 } as const
/**
 * The 14 pair properties score two requests per run and the mode ordering three: fewer runs each
 * keep this file (the suite's long pole) to a few seconds. Thresholds are pinned in rules.test.ts.
 */
const PAIR_RUNS = { seed: 42, numRuns: 60 } as const
const TRIPLE_RUNS = { seed: 42, numRuns: 100 } as const

/** 0 .. max, in cents, as a decimal string; biased to small values and 0 by fast-check. */
const money = (max = 20_000) => fc.integer({ min: 0, max }).map(fromCents)
const MODES: readonly DeductionMode[] = ['perFullStep', 'proportional', 'perStartedStep']
const mode = fc.constantFrom(...MODES)

const budgetSection = fc
  .tuple(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 100_000 }))
  .chain(([carryover, initial]) =>
    fc
      .integer({ min: -(carryover + initial - 1), max: 100_000 })
      .chain((supplementary) =>
        fc.integer({ min: 0, max: carryover + initial + supplementary }).map((balance) => ({
          carryover: fromCents(carryover),
          initial: fromCents(initial),
          supplementary: fromCents(supplementary),
          yearEndBalance: fromCents(balance),
        })),
      ),
  )

const buildings = fc.oneof(
  fc.constant({ hasProject: false }),
  fc.record({
    hasProject: fc.constant(true),
    approvedArea: money(),
    actualArea: money(),
    approvedInvestment: money(),
    actualInvestment: money(),
  }),
)

const satisfaction = fc.oneof(
  fc.integer({ min: 0, max: 10_000 }).map((rate) => ({ rate: fromCents(rate) })),
  fc
    .integer({ min: 1, max: 2_000 })
    .chain((surveyed) => fc.integer({ min: 0, max: surveyed }).map((satisfied) => ({ satisfied, surveyed }))),
)

/** A complete, valid request: every indicator has its data. */
const request: fc.Arbitrary<EvaluationRequest> = fc
  .record({
    staffing: fc.record({ authorized: fc.integer({ min: 1, max: 300 }), actual: fc.integer({ min: 0, max: 400 }) }),
    threePublicExpenses: fc.record(
      { priorYearBudget: money(), priorYearFinal: money(), budget: money(), final: money() },
      { requiredKeys: ['priorYearFinal', 'budget', 'final'] },
    ),
    budget: budgetSection,
    publicFunds: fc.record({ budget: money(), final: money() }),
    procurement: fc.record({ budget: money(), actual: money() }),
    buildings,
    managementSystem: fc.record({
      internalFinancialRules: fc.boolean(),
      frugalityRules: fc.boolean(),
      lawfulAndComplete: fc.boolean(),
      effectivelyExecuted: fc.boolean(),
    }),
    fundUseViolations: fc.record({
      regulations: fc.nat(3),
      approvalProcedures: fc.nat(3),
      projectAppraisal: fc.nat(3),
      budgetPurpose: fc.nat(3),
      misappropriation: fc.nat(3),
    }),
    disclosure: fc.record({
      content: fc.boolean(),
      timeliness: fc.boolean(),
      truthful: fc.boolean(),
      complete: fc.boolean(),
      accurate: fc.boolean(),
    }),
    keyWork: fc.record({ planned: fc.integer({ min: 1, max: 5_000 }).map(fromCents), actual: money(10_000) }),
    economic: money(300),
    social: money(300),
    level: fc.constantFrom('good', 'average', 'poor'),
    satisfaction,
    deductionMode: mode,
    roundRateBeforeScoring: fc.boolean(),
  })
  .map((g) =>
    withChanges((r) => {
      r.baseData.staffing = g.staffing
      r.baseData.threePublicExpenses = g.threePublicExpenses
      r.baseData.budget = g.budget
      r.baseData.publicFunds = g.publicFunds
      r.baseData.procurement = g.procurement
      r.baseData.buildings = g.buildings
      r.assessments = {
        managementSystem: g.managementSystem,
        fundUseViolations: g.fundUseViolations,
        disclosure: g.disclosure,
        keyWork: g.keyWork,
        economicBenefit: { score: g.economic },
        socialBenefit: { score: g.social },
        administrativeEfficiency: g.level,
        satisfaction: g.satisfaction,
      }
      r.options = { deductionMode: g.deductionMode, roundRateBeforeScoring: g.roundRateBeforeScoring }
    }),
  )

function change(base: EvaluationRequest, mutate: (r: Draft) => void): EvaluationRequest {
  const draft = structuredClone(base) as Draft
  mutate(draft)
  return draft as EvaluationRequest
}

const scoreIn = (result: EvaluationResult, id: string): number => cents(indicator(result, id).score)

function fail(message: string, details: unknown): never {
  throw new Error(`${message}: ${JSON.stringify(details)}`)
}

t.test('every score is a 2-decimal string within [0, max]; score + deduction = max', async (t) => {
  fc.assert(
    fc.property(request, (req) => {
      const result = run(req)
      if (!result.complete)
        fail(
          'a complete request came out incomplete',
          result.indicators.filter((i) => i.status === 'missingData'),
        )
      for (const item of result.indicators) {
        if (item.score === null || item.deduction === null) fail('null score in a complete request', item)
        const value = cents(item.score)
        const max = cents(item.maxScore)
        if (!/^\d+\.\d{2}$/.test(item.score)) fail('score format', item)
        if (value < 0 || value > max) fail('score out of [0, max]', item)
        if (value + cents(item.deduction) !== max) fail('score + deduction ≠ max', item)
        if (item.status === 'notApplicable' && value !== max) fail('notApplicable without full marks', item)
        if (item.status === 'missingData') fail('missingData in a complete request', item)
      }
    }),
    RUNS,
  )
  t.pass('200 generated requests')
})

t.test(
  'subtotals are sums of their indicators, the total the sum of the categories; the grade follows §4',
  async (t) => {
    fc.assert(
      fc.property(request, (req) => {
        const result = run(req)
        let total = 0
        for (const category of result.categories) {
          let categorySum = 0
          for (const child of category.children) {
            const childSum = child.indicatorIds.reduce((sum, id) => sum + scoreIn(result, id), 0)
            if (cents(child.score) !== childSum) fail('group ≠ sum of its indicators', child)
            if (cents(child.score) > cents(child.maxScore)) fail('group above its max', child)
            categorySum += cents(child.score)
          }
          if (cents(category.score) !== categorySum) fail('category ≠ sum of its children', category)
          total += cents(category.score)
        }
        if (cents(result.totalScore) !== total)
          fail('total ≠ sum of the categories', { total: result.totalScore, sum: total })
        const indicatorSum = result.indicators.reduce((sum, item) => sum + cents(item.score), 0)
        if (indicatorSum !== total) fail('total ≠ sum of the indicators', { indicatorSum, total })
        const expected = total >= 9000 ? 'excellent' : total >= 8000 ? 'good' : total >= 6000 ? 'fair' : 'poor'
        if (result.grade?.code !== expected) fail('grade', { total: result.totalScore, grade: result.grade })
        if (result.selfAssessment && result.selfAssessment.computedTotal !== result.totalScore)
          fail('computedTotal ≠ totalScore', result.selfAssessment)
      }),
      RUNS,
    )
    t.pass('200 generated requests')
  },
)

t.test('the same input gives deep-equal output twice, and the input is not mutated', async (t) => {
  fc.assert(
    fc.property(request, (req) => {
      const before = JSON.stringify(req)
      const first = run(req)
      const second = evaluate(rubric, structuredClone(req), { language: 'zh' })
      if (JSON.stringify(req) !== before) fail('the request was mutated', req)
      if (!isDeepStrictEqual(second, first)) fail('two evaluations of the same request differ', req)
      const english = evaluate(rubric, req, { language: 'en' })
      const scores = (result: EvaluationResult) =>
        result.indicators.map((item) => [item.id, item.score, item.status, item.value])
      if (JSON.stringify(scores(english)) !== JSON.stringify(scores(first))) fail('the language changed a score', req)
    }),
    { ...RUNS, numRuns: 50 },
  )
  t.strictSame(run(structuredClone(seedRequest)), run(seedRequest), 'the seed, twice')
})

t.test('the readings order the scores: perFullStep ≥ proportional ≥ perStartedStep', async (t) => {
  fc.assert(
    fc.property(request, (req) => {
      const [full, proportional, started] = MODES.map((m) => run(change(req, (r) => (r.options.deductionMode = m))))
      for (const item of full!.indicators) {
        const a = scoreIn(full!, item.id)
        const b = scoreIn(proportional!, item.id)
        const c = scoreIn(started!, item.id)
        if (!(a >= b && b >= c)) fail(`${item.id}: ${a} / ${b} / ${c}`, req)
      }
    }),
    TRIPLE_RUNS,
  )
  t.pass('100 generated requests')
})

/**
 * Monotonicity: `apply` sets one field of a generated request to two generated amounts lo ≤ hi;
 * the score of `id` for hi must never be above (higherIsWorse) / below (otherwise) the one for lo.
 */
function monotone(
  name: string,
  id: string,
  amounts: fc.Arbitrary<[number, number, ...unknown[]]>,
  apply: (r: Draft, amount: number, extra: unknown[]) => void,
  higherIsWorse: boolean,
): void {
  t.test(name, async (t) => {
    fc.assert(
      fc.property(request, amounts, (req, [a, b, ...extra]) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a]
        const low = scoreIn(run(change(req, (r) => apply(r, lo, extra))), id)
        const high = scoreIn(run(change(req, (r) => apply(r, hi, extra))), id)
        if (higherIsWorse ? high > low : high < low) fail(`${id}: ${lo} → ${low}, ${hi} → ${high}`, req)
      }),
      PAIR_RUNS,
    )
    t.pass(`${id}: 60 generated pairs`)
  })
}

const pair = (min: number, max: number) => fc.tuple(fc.integer({ min, max }), fc.integer({ min, max }))

monotone(
  'more staff never raises staffControlRate',
  'staffControlRate',
  pair(0, 400),
  (r, n) => (r.baseData.staffing.actual = n),
  true,
)

monotone(
  'a larger three-public budget never raises threePublicChangeRate',
  'threePublicChangeRate',
  pair(0, 40_000),
  (r, n) => (r.baseData.threePublicExpenses.budget = fromCents(n)),
  true,
)

monotone(
  'more three-public spending never raises threePublicControlRate',
  'threePublicControlRate',
  pair(0, 40_000),
  (r, n) => (r.baseData.threePublicExpenses.final = fromCents(n)),
  true,
)

monotone(
  'more public-funds spending never raises publicFundsControlRate',
  'publicFundsControlRate',
  pair(0, 40_000),
  (r, n) => (r.baseData.publicFunds.final = fromCents(n)),
  true,
)

monotone(
  'a larger procurement deviation (same direction) never raises procurementExecutionRate',
  'procurementExecutionRate',
  fc.tuple(
    fc.integer({ min: 0, max: 20_000 }),
    fc.integer({ min: 0, max: 20_000 }),
    fc.integer({ min: 0, max: 20_000 }),
    fc.boolean(),
  ),
  (r, deviation, [budget, under]) => {
    const base = budget as number
    // below the budget the deviation cannot exceed the budget itself (money ≥ 0)
    const actual = under ? Math.max(0, base - deviation) : base + deviation
    r.baseData.procurement = { budget: fromCents(base), actual: fromCents(actual) }
  },
  true,
)

monotone(
  'a larger year-end balance never raises budgetCompletionRate',
  'budgetCompletionRate',
  pair(0, 100_000),
  (r, n) => {
    r.baseData.budget = { carryover: '500.00', initial: '500.00', supplementary: '0', yearEndBalance: fromCents(n) }
  },
  true,
)

monotone(
  'a larger supplementary budget never raises budgetControlRate',
  'budgetControlRate',
  pair(-49_999, 100_000), // funds 500 + supplementary stay > 0
  (r, n) => {
    r.baseData.budget = { carryover: '0', initial: '500.00', supplementary: fromCents(n), yearEndBalance: '0' }
  },
  true,
)

monotone(
  'a larger built area never raises buildingAreaControlRate',
  'buildingAreaControlRate',
  fc.tuple(
    fc.integer({ min: 0, max: 20_000 }),
    fc.integer({ min: 0, max: 20_000 }),
    fc.integer({ min: 0, max: 20_000 }),
  ),
  (r, n, [approved]) => {
    r.baseData.buildings = {
      hasProject: true,
      approvedArea: fromCents(approved as number),
      actualArea: fromCents(n),
      approvedInvestment: '1',
      actualInvestment: '1',
    }
  },
  true,
)

monotone(
  'a larger investment never raises buildingInvestmentControlRate',
  'buildingInvestmentControlRate',
  fc.tuple(
    fc.integer({ min: 0, max: 20_000 }),
    fc.integer({ min: 0, max: 20_000 }),
    fc.integer({ min: 0, max: 20_000 }),
  ),
  (r, n, [approved]) => {
    r.baseData.buildings = {
      hasProject: true,
      approvedArea: '1',
      actualArea: '1',
      approvedInvestment: fromCents(approved as number),
      actualInvestment: fromCents(n),
    }
  },
  true,
)

monotone(
  'more violations never raise fundUseCompliance',
  'fundUseCompliance',
  pair(0, 10),
  (r, n) => (r.assessments.fundUseViolations.budgetPurpose = n),
  true,
)

monotone(
  'more key work done never lowers keyWorkCompletionRate',
  'keyWorkCompletionRate',
  pair(0, 10_000),
  (r, n) => (r.assessments.keyWork.actual = fromCents(n)),
  false,
)

monotone(
  'a higher satisfaction rate never lowers publicSatisfaction',
  'publicSatisfaction',
  pair(0, 10_000),
  (r, n) => (r.assessments.satisfaction = { rate: fromCents(n) }),
  false,
)

t.test('answering an item true never lowers a checklist score', async (t) => {
  fc.assert(
    fc.property(
      request,
      fc.constantFrom('internalFinancialRules', 'frugalityRules', 'lawfulAndComplete', 'effectivelyExecuted'),
      (req, item) => {
        const no = scoreIn(
          run(change(req, (r) => (r.assessments.managementSystem[item] = false))),
          'managementSystemSoundness',
        )
        const yes = scoreIn(
          run(change(req, (r) => (r.assessments.managementSystem[item] = true))),
          'managementSystemSoundness',
        )
        if (yes - no !== 200) fail(`${item}: false → ${no}, true → ${yes}; each item is worth 2`, req)
      },
    ),
    PAIR_RUNS,
  )
  t.pass('60 generated requests')
})
