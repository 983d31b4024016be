import type { Rule } from '../../schemas/rubric.js'
import type { DeductionMode } from '../../schemas/evaluation-request.js'
import { Dec, HUNDRED, PERCENT, ZERO, fixed2, isDecimalInput, plain, round2, rubricDec, toDec } from './decimal.js'

export type ReasonValue = string | number | boolean | string[]
export interface ReasonRecord {
  code: string
  values: Record<string, ReasonValue>
}

/** What a rule gives before the score is clamped to [0, max] and rounded. */
export interface RuleOutcome {
  readonly points: Dec
  readonly reason: ReasonRecord
  /** The value shown for the indicator, and its unit. */
  readonly value: string | null
  readonly unit: string | null
}

/** Inputs that do not fit the rule (a wrong type in a custom rubric's field, an item left out). */
export interface RuleMissing {
  readonly missing: string[]
}

export interface RuleInput {
  readonly rule: Rule
  readonly maxScore: Dec
  readonly deductionMode: DeductionMode
  readonly roundRate: boolean
}

/** Decimals inside reasons: at most 6 decimals, no trailing zeros ("4.83", "100", "0.5"). */
export function short(value: Dec): string {
  return plain(value.decimalPlaces() <= 6 ? value : value.toDecimalPlaces(6))
}

/** How many steps an excess (above 0) makes: whole ones (the integer quotient), started ones, or a fraction. */
function stepsFor(excess: Dec, step: Dec, mode: DeductionMode): Dec {
  if (mode === 'perFullStep') return excess.divToInt(step)
  const steps = excess.div(step)
  return mode === 'perStartedStep' ? steps.ceil() : steps
}

const MAX_STEPS = new Dec(Number.MAX_SAFE_INTEGER)

const LIMIT_CODES = { above: 'EXCEEDS_LIMIT', below: 'BELOW_LIMIT', both: 'DEVIATES_FROM_LIMIT' } as const

/** Rules that score a rate (a percentage). */
export function scoreRate(input: RuleInput, rate: Dec, shownRate: Dec): RuleOutcome {
  const { rule, maxScore, deductionMode } = input
  const shown = { value: fixed2(shownRate), unit: '%' }
  switch (rule.kind) {
    case 'stepDeduction': {
      const limit = rubricDec(rule, rule.limit)
      const excess =
        rule.direction === 'above'
          ? rate.minus(limit)
          : rule.direction === 'below'
            ? limit.minus(rate)
            : rate.minus(limit).abs()
      if (excess.lte(ZERO)) {
        return {
          ...shown,
          points: maxScore,
          reason: { code: 'WITHIN_LIMIT', values: { rate: shown.value, limit: rule.limit, direction: rule.direction } },
        }
      }
      const step = rubricDec(rule, rule.step)
      const pointsPerStep = rubricDec(rule, rule.pointsPerStep)
      const steps = stepsFor(excess, step, deductionMode)
      const deduction = steps.times(pointsPerStep)
      return {
        ...shown,
        points: maxScore.minus(deduction),
        reason: {
          code: LIMIT_CODES[rule.direction],
          values: {
            rate: shown.value,
            limit: rule.limit,
            excess: short(excess),
            step: rule.step,
            // A count beyond 2^53 (a rate of some 10^23 %) would lose digits as a number: its digits, as text.
            steps:
              deductionMode === 'proportional'
                ? short(steps)
                : steps.lte(MAX_STEPS)
                  ? steps.toNumber()
                  : steps.toFixed(),
            pointsPerStep: rule.pointsPerStep,
            deduction: fixed2(deduction),
            deductionMode,
          },
        },
      }
    }
    case 'bands': {
      const holds = (band: (typeof rule.bands)[number]) =>
        'upTo' in band
          ? rate.lte(rubricDec(rule, band.upTo))
          : 'atLeast' in band
            ? rate.gte(rubricDec(rule, band.atLeast))
            : 'above' in band
              ? rate.gt(rubricDec(rule, band.above))
              : true
      // validateRubric requires the last band to be the fallback, so one always holds.
      const index = rule.bands.findIndex(holds)
      const band = rule.bands[index]!
      const bound =
        'upTo' in band
          ? `≤${band.upTo}`
          : 'atLeast' in band
            ? `≥${band.atLeast}`
            : 'above' in band
              ? `>${band.above}`
              : 'otherwise'
      const points = rubricDec(rule, band.points)
      return {
        ...shown,
        points,
        reason: { code: 'BAND', values: { rate: shown.value, band: bound, bandIndex: index, points: fixed2(points) } },
      }
    }
    case 'proportional': {
      const cap = rubricDec(rule, rule.cap)
      const capped = rate.gt(cap)
      const points = maxScore.times(capped ? cap : rate).times(PERCENT)
      return {
        ...shown,
        points,
        reason: { code: 'PROPORTIONAL', values: { rate: shown.value, cap: rule.cap, capped, points: fixed2(points) } },
      }
    }
    /* c8 ignore next 2 */
    default:
      throw new Error(`the rule ${rule.kind} scores an answer, not a rate; validateRubric lets no such rubric through`)
  }
}

/** Rules that score an answer read as it is (a checklist, counts, a level, a score). */
export function scoreAnswer(input: RuleInput, value: unknown, pointer: string): RuleOutcome | RuleMissing {
  const { rule, maxScore } = input
  const object = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined
  switch (rule.kind) {
    case 'checklist': {
      const missing = rule.items
        .filter((item) => typeof object?.[item.id] !== 'boolean')
        .map((item) => `${pointer}/${item.id}`)
      if (missing.length > 0) return { missing }
      const met = rule.items.filter((item) => object?.[item.id] === true)
      const points = met.reduce((sum, item) => sum.plus(rubricDec(rule, item.points)), ZERO)
      const unmet = rule.items.filter((item) => object?.[item.id] !== true).map((item) => item.id)
      return {
        points,
        value: String(met.length),
        unit: 'items',
        reason: {
          code: 'CHECKLIST',
          values: { met: met.map((item) => item.id), unmet, itemCount: rule.items.length, points: fixed2(points) },
        },
      }
    }
    case 'violations': {
      const missing = rule.categories
        .filter((category) => !Number.isInteger(object?.[category.id]))
        .map((category) => `${pointer}/${category.id}`)
      if (missing.length > 0) return { missing }
      const count = rule.categories.reduce((sum, category) => sum + (object?.[category.id] as number), 0)
      const perViolation = rubricDec(rule, rule.pointsPerViolation)
      const deduction = perViolation.times(count)
      return {
        points: maxScore.minus(deduction),
        value: String(count),
        unit: 'cases',
        reason: {
          code: 'VIOLATIONS',
          values: {
            count,
            pointsPerViolation: rule.pointsPerViolation,
            deduction: fixed2(deduction),
            categories: rule.categories
              .filter((category) => (object?.[category.id] as number) > 0)
              .map((category) => category.id),
          },
        },
      }
    }
    case 'levels': {
      // checkRequest refuses a level the rubric does not have.
      const level = rule.levels.find((candidate) => candidate.code === value)!
      const points = rubricDec(rule, level.points)
      return {
        points,
        value: level.code,
        unit: null,
        reason: { code: 'LEVEL', values: { level: level.code, points: fixed2(points) } },
      }
    }
    case 'assessorScore': {
      if (!isDecimalInput(value)) return { missing: [pointer] }
      const score = toDec(value)
      return {
        points: score,
        value: fixed2(score),
        unit: 'points',
        reason: { code: 'ASSESSOR_SCORE', values: { score: fixed2(score) } },
      }
    }
    case 'targetAttainment': {
      const missing = ['target', 'actual']
        .filter((key) => !isDecimalInput(object?.[key]))
        .map((key) => `${pointer}/${key}`)
      if (missing.length > 0) return { missing }
      const target = toDec(object?.target as number | string)
      const actual = toDec(object?.actual as number | string)
      const higher = rule.direction === 'higherIsBetter'
      // A target of 0 is met by any actual value when more is better; an actual of 0 meets any
      // target when less is better.
      const [numerator, denominator] = higher ? [actual, target] : [target, actual]
      const exact = denominator.isZero() ? HUNDRED : numerator.div(denominator).times(HUNDRED)
      const attainment = input.roundRate ? round2(exact) : exact
      const capped = attainment.gt(HUNDRED)
      const points = maxScore.times(capped ? HUNDRED : attainment).times(PERCENT)
      return {
        points,
        value: fixed2(exact),
        unit: '%',
        reason: {
          code: 'TARGET_ATTAINMENT',
          values: {
            direction: rule.direction,
            target: short(target),
            actual: short(actual),
            attainment: fixed2(exact),
            capped,
            points: fixed2(points),
          },
        },
      }
    }
    /* c8 ignore next 2 */
    default:
      throw new Error(`the rule ${rule.kind} scores a rate, not an answer; validateRubric lets no such rubric through`)
  }
}
