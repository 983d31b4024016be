/**
 * The headroom against brute force (fast-check, fixed seed): for generated departments and rubric
 * variants (every rule kind that reads numbers, every deduction mode, rates rounded or not, inputs
 * in numerator and denominator, fallbacks, negative supplementary budgets), each input is stepped
 * at its own resolution (1 for counts, 0.000001 for decimals) from its value and around the change
 * the headroom reports, and every step is scored by the interpreter on its own: the reported move
 * must change the score to the reported score, and no smaller step in the windows may change it.
 */
import fc from 'fast-check'
import t from 'tap'
import type { EvaluationRequest } from '../../schemas/evaluation-request.js'
import type { Rubric } from '../../schemas/rubric.js'
import { readPointer, splitPointer } from '../../src/core/pointer.js'
import { compileRubric, type CompiledRubric } from '../../src/engine/compile.js'
import { Dec } from '../../src/engine/decimal.js'
import { evaluate } from '../../src/engine/evaluate.js'
import { checkRequest } from '../../src/validation/check-request.js'
import { assertValid, fromCents, withChanges } from './fixtures/helpers.js'
import yuhua from '../../src/rubrics/yuhua-2021.json' with { type: 'json' }

const WINDOW = 20
const cents = (min: number, max: number) => fc.integer({ min, max }).map(fromCents)

interface Variant {
  readonly direction: 'above' | 'below' | 'both'
  readonly step: string
  readonly pointsPerStep: string
  readonly upper: 'upTo' | 'above'
  readonly cap: string
  readonly attainment: 'higherIsBetter' | 'lowerIsBetter'
  readonly pointsPerViolation: string
}

/** The seed rubric with other parameters, and 经济效益 as a 个性化 target-attainment indicator. */
function variantRubric(variant: Variant): Rubric {
  const rubric = structuredClone(yuhua) as unknown as Rubric
  for (const category of rubric.categories) {
    for (const group of category.children) {
      for (const indicator of group.indicators as any[]) {
        if (indicator.id === 'staffControlRate')
          indicator.rule = {
            kind: 'stepDeduction',
            limit: '100',
            direction: variant.direction,
            step: variant.step,
            pointsPerStep: variant.pointsPerStep,
          }
        if (indicator.id === 'budgetControlRate' && variant.upper === 'above') {
          indicator.rule = {
            kind: 'bands',
            bands: [
              { above: '30', points: '0' },
              { above: '10', points: '2.5' },
              { atLeast: '0', points: '4' },
              { points: '5' },
            ],
          }
        }
        if (indicator.id === 'keyWorkCompletionRate') indicator.rule = { kind: 'proportional', cap: variant.cap }
        if (indicator.id === 'fundUseCompliance') indicator.rule.pointsPerViolation = variant.pointsPerViolation
        if (indicator.id === 'economicBenefit') {
          indicator.measure = { kind: 'value', pointer: '/assessments/custom/economicBenefit' }
          indicator.rule = { kind: 'targetAttainment', direction: variant.attainment }
        }
      }
    }
  }
  return rubric
}

const variants = fc.record({
  direction: fc.constantFrom('above', 'below', 'both'),
  step: fc.constantFrom('1', '0.5', '2.5', '0.01'),
  pointsPerStep: fc.constantFrom('0.5', '1', '0.3', '0.05', '0.003'),
  upper: fc.constantFrom('upTo', 'above'),
  cap: fc.constantFrom('100', '120', '80'),
  attainment: fc.constantFrom('higherIsBetter', 'lowerIsBetter'),
  pointsPerViolation: fc.constantFrom('1', '2.5', '0', '0.004'),
}) as fc.Arbitrary<Variant>

const departments = fc.record({
  authorized: fc.integer({ min: 1, max: 60 }),
  actual: fc.integer({ min: 0, max: 80 }),
  priorYearFinal: cents(0, 800),
  priorYearBudget: fc.option(cents(0, 800)),
  threePublicBudget: cents(0, 800),
  threePublicFinal: cents(0, 900),
  carryover: cents(0, 5000),
  initial: cents(1, 50_000),
  supplementary: cents(-3000, 20_000),
  balance: fc.integer({ min: 0, max: 100 }),
  procurementBudget: cents(0, 3000),
  procurementActual: cents(0, 4000),
  planned: cents(1, 3000),
  keyActual: cents(0, 3500),
  violations: fc.integer({ min: 0, max: 4 }),
  satisfactionRate: fc.option(cents(0, 10_000)),
  surveyed: fc.integer({ min: 1, max: 60 }),
  satisfied: fc.integer({ min: 0, max: 60 }),
  target: cents(0, 2000),
  attained: cents(0, 2500),
  social: cents(0, 300),
  mode: fc.constantFrom('perFullStep', 'proportional', 'perStartedStep'),
  round: fc.boolean(),
})

type Department = typeof departments extends fc.Arbitrary<infer T> ? T : never

function requestOf(d: Department): EvaluationRequest {
  return withChanges((draft) => {
    delete draft.selfAssessment
    draft.baseData.staffing = { authorized: d.authorized, actual: d.actual }
    draft.baseData.threePublicExpenses = {
      priorYearFinal: d.priorYearFinal,
      budget: d.threePublicBudget,
      final: d.threePublicFinal,
    }
    if (d.priorYearBudget !== null) draft.baseData.threePublicExpenses.priorYearBudget = d.priorYearBudget
    const funds = new Dec(d.carryover).plus(d.initial)
    // The supplementary budget may cut, but the funds available stay above 0.
    const supplementary = funds.plus(d.supplementary).gt(0) ? d.supplementary : '0'
    const available = funds.plus(supplementary)
    draft.baseData.budget = {
      carryover: d.carryover,
      initial: d.initial,
      supplementary,
      yearEndBalance: available.times(d.balance).div(100).toDecimalPlaces(2, Dec.ROUND_DOWN).toFixed(),
    }
    draft.baseData.procurement = { budget: d.procurementBudget, actual: d.procurementActual }
    delete draft.baseData.publicFunds.breakdown
    draft.assessments.keyWork = { planned: d.planned, actual: d.keyActual }
    draft.assessments.fundUseViolations.budgetPurpose = d.violations
    draft.assessments.satisfaction =
      d.satisfactionRate === null
        ? { surveyed: d.surveyed, satisfied: Math.min(d.satisfied, d.surveyed) }
        : { rate: d.satisfactionRate }
    delete draft.assessments.economicBenefit
    draft.assessments.custom = { economicBenefit: { target: d.target, actual: d.attained } }
    draft.assessments.socialBenefit = { score: d.social }
    draft.options = { deductionMode: d.mode, roundRateBeforeScoring: d.round, headroom: true }
  })
}

/** A rubric of the one indicator, so that each brute-force step scores only it. */
function alone(rubric: Rubric, id: string): CompiledRubric {
  for (const category of rubric.categories) {
    for (const group of category.children) {
      const indicator = group.indicators.find((candidate) => candidate.id === id)
      if (indicator)
        return compileRubric({
          ...rubric,
          categories: [{ ...category, children: [{ ...group, indicators: [indicator] }] }],
        })
    }
  }
  throw new Error(`no indicator ${id}`)
}

/** The request with the value at `pointer` replaced: the objects on its path copied. */
function withValue(request: EvaluationRequest, pointer: string, value: number | string): EvaluationRequest {
  const tokens = splitPointer(pointer)
  const copy = (node: any, depth: number): any =>
    depth === tokens.length ? value : { ...node, [tokens[depth]!]: copy(node[tokens[depth]!], depth + 1) }
  return copy(request, 0)
}

/** A whole step count between 1 and n, from a seeded sequence (the same every run). */
function sampler(seed: number) {
  let state = seed
  return (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    return 1 + (state % n)
  }
}

t.test('every reported move is the smallest step that changes the score, stepping each input at its resolution', (t) => {
  let moves = 0
  let stills = 0
  const random = sampler(16)
  fc.assert(
    fc.property(variants, departments, (variant, department) => {
      const rubric = variantRubric(variant)
      const full = compileRubric(rubric)
      const request = requestOf(department)
      assertValid(request, full)
      const result = evaluate(full, request, { language: 'zh' })
      // Each step is scored without the headroom: the interpreter's score alone.
      const plain = withValue(request, '/options/headroom', false as never)
      for (const indicator of result.indicators) {
        if (!indicator.headroom) continue
        const single = alone(rubric, indicator.id)
        for (const input of indicator.headroom.inputs) {
          const original = readPointer(request, splitPointer(input.pointer)) as number | string
          // The request schema's integers: staff, survey and violation counts.
          const integer = /staffing|surveyed|satisfied|fundUseViolations/.test(input.pointer)
          const at = (k: number, sense: 1 | -1) =>
            integer
              ? (original as number) + sense * k
              : new Dec(original).plus(new Dec(k).times('0.000001').times(sense)).toFixed()
          /** The indicator's score with the input moved k steps, or undefined where that request is a 400. */
          const scoreAt = (k: number, sense: 1 | -1): string | null | undefined => {
            const value = at(k, sense)
            const changed = withValue(plain, input.pointer, value)
            // Within the schema's bounds (the windows never reach a maximum), and the cross-field rules.
            const lowest = /supplementary/.test(input.pointer) ? null : /authorized|surveyed/.test(input.pointer) ? 1 : 0
            if (lowest !== null && new Dec(value).lt(lowest)) return undefined
            if (checkRequest(changed, full, 'zh').length > 0) return undefined
            return evaluate(single, changed, { language: 'zh' }).indicators[0]!.score
          }
          for (const [direction, sense] of [['up', 1], ['down', -1]] as const) {
            const move = input[direction]
            if (move) {
              moves++
              const k = Number(new Dec(move.change).div(integer ? 1 : '0.000001'))
              t.equal(scoreAt(k, sense), move.score, `${indicator.id} ${input.pointer} ${direction} ${move.change}`)
              t.not(move.score, indicator.computedScore ?? indicator.score)
              for (let step = Math.max(1, k - WINDOW); step < k; step++)
                if (scoreAt(step, sense) !== indicator.score) t.fail(`${input.pointer} ${direction}: ${step} < ${k} changes`)
              for (let step = 1; step < Math.min(k, WINDOW); step++)
                if (scoreAt(step, sense) !== indicator.score) t.fail(`${input.pointer} ${direction}: ${step} < ${k} changes`)
              // And steps drawn from the stretch between the windows.
              for (let draw = 0; draw < 10 && k > 2 * WINDOW; draw++) {
                const step = WINDOW + random(k - 2 * WINDOW)
                if (scoreAt(step, sense) !== indicator.score) t.fail(`${input.pointer} ${direction}: ${step} < ${k} changes`)
              }
            } else {
              stills++
              for (let step = 1; step <= WINDOW; step++) {
                const moved = scoreAt(step, sense)
                if (moved === undefined) break
                if (moved !== indicator.score) t.fail(`${input.pointer} ${direction}: ${step} changes, none reported`)
              }
            }
          }
        }
      }
    }),
    { seed: 16, numRuns: 8 },
  )
  t.ok(moves > 100 && stills > 50, `${moves} moves and ${stills} directions without one checked`)
  t.end()
})
