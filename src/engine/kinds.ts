import type { DeductionMode } from '../../schemas/evaluation-request.js'
import type { Rule } from '../../schemas/rubric.js'
import { Dec, ZERO, isDecimalInput, toDec } from './decimal.js'
import {
  divCeil,
  divFloor,
  fixed2,
  formatHundredths,
  hundredthsOf,
  millionthsOf,
  OUT_OF_RANGE,
  parseMillionths,
  plain,
  rateHundredths,
  safe,
} from './fixed.js'
import type { ReasonCode } from './explain.js'
import type { ReasonValue } from './rules.js'
import { internalized, jsonBytes } from './utf8.js'

/** What a rule gives on the fast path: the score already clamped to [0, max] and rounded. */
export interface RuleScore {
  /** The score in hundredths. */
  readonly score: number
  readonly code: ReasonCode
  /**
   * The reason's values, for the explanation, and as the JSON members of the answer's
   * `reason.values` (a byte string).
   */
  readonly values: Record<string, ReasonValue>
  readonly valuesJson: string
  /** The value shown for the indicator, and its unit. */
  readonly value: string | null
  readonly unit: string | null
}

/** Answers that do not fit the rule: the pointers of what is missing. */
export interface RuleMissing {
  readonly missing: string[]
}

/** A rule compiled for one indicator: it scores a rate (in hundredths of a percent) or an answer. */
export type RateScorer = (rate: number, mode: DeductionMode) => RuleScore
export type AnswerScorer = (value: unknown, pointer: string) => RuleScore | RuleMissing

/** One rule kind: everything the service knows of it, read by the rubric check, the request check and the engine. */
export interface RuleKind<R extends Rule> {
  /** A rate (a ratio, or a value in %) or an answer read as it is (a checklist, counts, a level, a score). */
  readonly input: R extends { kind: 'stepDeduction' | 'bands' | 'proportional' } ? 'rate' : 'answer'
  /** The most points the rule can give, where the rule itself fixes it (the rubric check holds it to maxScore). */
  readonly maxPoints?: (rule: R) => Dec
  /** Problems with the answer a request gives this rule, beyond the schema (the request check). */
  readonly checkAnswer?: (rule: R, value: unknown, maxScore: Dec) => AnswerProblem[]
  /** The rule compiled for the fast path, for an indicator of `maxScore` millionths. */
  readonly compile: (
    rule: R,
    maxScore: number,
  ) => R extends { kind: 'stepDeduction' | 'bands' | 'proportional' } ? RateScorer : AnswerScorer
}

/** A broken answer: where under the answer's pointer, the validation rule, its parameters and the value. */
export interface AnswerProblem {
  readonly under?: string
  readonly rule: string
  readonly params: Record<string, string | number>
  readonly received: unknown
}

/** A JSON array of identifiers. */
const idsJson = (ids: readonly string[]) => (ids.length === 0 ? '[]' : `["${ids.join('","')}"]`)

/** A rubric decimal (validated) as millionths. */
const rubric = (text: string): number => parseMillionths(text)

/** The score of `points` millionths within [0, max], half up to hundredths. */
function clamped(points: number, max: number): number {
  // The rubric check keeps a rule's points within the maximum and the request check an assessor's
  // score, so only a deduction leaves the bounds; the upper one is SCORING.md's all the same.
  /* c8 ignore next */
  return points < 0 ? 0 : hundredthsOf(points > max ? max : points)
}

/**
 * The score of points = product / 10^(6 + extra) (a product of millionths with `extra` more
 * decimals) within [0, max], half up to hundredths; and those points shown with 2 decimals.
 */
function scaledPoints(product: number, extra: number, max: number): { score: number; shown: string } {
  const unit = 10 ** extra
  const maxScaled = safe(max * unit)
  const toHundredths = (value: number) => divHalfUpBig(value, unit * 10_000)
  const shown = formatHundredths(toHundredths(product))
  return { score: product < 0 ? 0 : product > maxScaled ? hundredthsOf(max) : toHundredths(product), shown }
}

/** a / b half up, b > 0, for a safe a and a b up to 10^12. */
function divHalfUpBig(a: number, b: number): number {
  const magnitude = Math.abs(a)
  const quotient = divFloor(magnitude, b)
  const remainder = magnitude - quotient * b
  const rounded = remainder * 2 >= b ? quotient + 1 : quotient
  return a < 0 ? -rounded : rounded
}

const LIMIT_CODES = { above: 'EXCEEDS_LIMIT', below: 'BELOW_LIMIT', both: 'DEVIATES_FROM_LIMIT' } as const

const stepDeduction: RuleKind<Extract<Rule, { kind: 'stepDeduction' }>> = {
  input: 'rate',
  compile: (rule, max) => {
    const limit = rubric(rule.limit)
    const step = rubric(rule.step)
    const perStep = rubric(rule.pointsPerStep)
    const full = hundredthsOf(max)
    const within = `","limit":"${rule.limit}","direction":"${rule.direction}"`
    const parameters = { limit: `","limit":"${rule.limit}","excess":"`, step: `","step":"${rule.step}","steps":` }
    const perStepJson = `,"pointsPerStep":"${rule.pointsPerStep}","deduction":"`
    return (rate, mode): RuleScore => {
      const shown = formatHundredths(rate)
      const scaled = safe(rate * 10_000)
      const difference = safe(scaled - limit)
      const excess =
        rule.direction === 'above' ? difference : rule.direction === 'below' ? -difference : Math.abs(difference)
      if (excess <= 0) {
        const values = { rate: shown, limit: rule.limit, direction: rule.direction }
        return {
          score: full,
          code: 'WITHIN_LIMIT',
          value: shown,
          unit: '%',
          values,
          valuesJson: `"rate":"${shown}${within}`,
        }
      }
      const steps = mode === 'perStartedStep' ? divCeil(excess, step) : divFloor(excess, step)
      const deduction = safe(steps * perStep)
      const excessText = plain(excess)
      const deductionText = fixed2(deduction)
      return {
        score: clamped(safe(max - deduction), max),
        code: LIMIT_CODES[rule.direction],
        value: shown,
        unit: '%',
        values: {
          rate: shown,
          limit: rule.limit,
          excess: excessText,
          step: rule.step,
          steps,
          pointsPerStep: rule.pointsPerStep,
          deduction: deductionText,
          deductionMode: mode,
        },
        valuesJson: `"rate":"${shown}${parameters.limit}${excessText}${parameters.step}${steps}${perStepJson}${deductionText}","deductionMode":"${mode}"`,
      }
    }
  },
}

type Band = Extract<Rule, { kind: 'bands' }>['bands'][number]

/** Whether a rate (in millionths) falls in a band, and the band as the reason names it. */
function bandTest(band: Band): [(rate: number) => boolean, string] {
  if ('upTo' in band) {
    const bound = rubric(band.upTo)
    return [(rate) => rate <= bound, `≤${band.upTo}`]
  }
  if ('atLeast' in band) {
    const bound = rubric(band.atLeast)
    return [(rate) => rate >= bound, `≥${band.atLeast}`]
  }
  if ('above' in band) {
    const bound = rubric(band.above)
    return [(rate) => rate > bound, `>${band.above}`]
  }
  return [() => true, 'otherwise']
}

const bands: RuleKind<Extract<Rule, { kind: 'bands' }>> = {
  input: 'rate',
  maxPoints: (rule) => Dec.max(...rule.bands.map((band) => toDec(band.points))),
  compile: (rule, max) => {
    const compiled = rule.bands.map((band: Band, index) => {
      const points = rubric(band.points)
      const [test, bound] = bandTest(band)
      const values = { band: bound, bandIndex: index, points: fixed2(points) }
      // A band's bound is written with ≤, ≥ or >: its JSON is a byte string (src/engine/utf8.ts).
      return { test, values, json: `",${jsonBytes(values).slice(1, -1)}`, score: clamped(points, max) }
    })
    return (rate): RuleScore => {
      const scaled = safe(rate * 10_000)
      // The rubric check requires the last band to be the fallback, so one always holds.
      const band = compiled.find((candidate) => candidate.test(scaled))!
      const shown = formatHundredths(rate)
      return {
        score: band.score,
        code: 'BAND',
        value: shown,
        unit: '%',
        values: { rate: shown, ...band.values },
        valuesJson: `"rate":"${shown}${band.json}`,
      }
    }
  },
}

const proportional: RuleKind<Extract<Rule, { kind: 'proportional' }>> = {
  input: 'rate',
  compile: (rule, max) => {
    const cap = rubric(rule.cap)
    return (rate) => {
      const scaled = safe(rate * 10_000)
      const capped = scaled > cap
      // max × min(rate, cap) / 100: millionths × millionths, 8 decimals more than millionths.
      const { score, shown: points } = scaledPoints(safe(max * (capped ? cap : scaled)), 8, max)
      const shown = formatHundredths(rate)
      const valuesJson = `"rate":"${shown}","cap":"${rule.cap}","capped":${capped},"points":"${points}"`
      return {
        score,
        code: 'PROPORTIONAL',
        value: shown,
        unit: '%',
        values: { rate: shown, cap: rule.cap, capped, points },
        valuesJson,
      }
    }
  },
}

const asObject = (value: unknown) =>
  value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined

/** The ids a rule lists, as a set, for each list of a rubric once. */
const idSets = new WeakMap<readonly { id: string }[], ReadonlySet<string>>()

/** Keys of an answer object that the rule does not list. */
function unknownKeys(value: unknown, known: readonly { id: string }[]): AnswerProblem[] {
  const object = asObject(value)
  if (!object) return []
  let ids = idSets.get(known)
  if (ids === undefined) {
    ids = new Set(known.map((item) => item.id))
    idSets.set(known, ids)
  }
  const unknown = Object.keys(object).filter((key) => !ids.has(key))
  if (unknown.length === 0) return []
  const allowed = [...ids].join(', ')
  return unknown.map((key) => ({ under: key, rule: 'unknownItem', params: { allowed }, received: key }))
}

const checklist: RuleKind<Extract<Rule, { kind: 'checklist' }>> = {
  input: 'answer',
  maxPoints: (rule) => rule.items.reduce<Dec>((sum, item) => sum.plus(toDec(item.points)), ZERO),
  checkAnswer: (rule, value) => unknownKeys(value, rule.items),
  compile: (rule, max) => {
    const items = rule.items.map((item) => ({ id: internalized(item.id), points: rubric(item.points) }))
    return (value, pointer) => {
      const object = asObject(value)
      const missing = items
        .filter((item) => typeof object?.[item.id] !== 'boolean')
        .map((item) => `${pointer}/${item.id}`)
      if (missing.length > 0) return { missing }
      const met: string[] = []
      const unmet: string[] = []
      let points = 0
      for (const item of items) {
        if (object![item.id] === true) {
          met.push(item.id)
          points = safe(points + item.points)
        } else unmet.push(item.id)
      }
      const shown = fixed2(points)
      return {
        score: clamped(points, max),
        code: 'CHECKLIST',
        value: String(met.length),
        unit: 'items',
        values: { met, unmet, itemCount: items.length, points: shown },
        valuesJson: `"met":${idsJson(met)},"unmet":${idsJson(unmet)},"itemCount":${items.length},"points":"${shown}"`,
      }
    }
  },
}

const violations: RuleKind<Extract<Rule, { kind: 'violations' }>> = {
  input: 'answer',
  checkAnswer: (rule, value) => unknownKeys(value, rule.categories),
  compile: (rule, max) => {
    const perViolation = rubric(rule.pointsPerViolation)
    const ids = rule.categories.map((category) => internalized(category.id))
    return (value, pointer) => {
      const object = asObject(value)
      const missing = ids.filter((id) => !Number.isInteger(object?.[id])).map((id) => `${pointer}/${id}`)
      if (missing.length > 0) return { missing }
      let count = 0
      for (const id of ids) count += object![id] as number
      const deduction = fixed2(safe(perViolation * count))
      const categories = ids.filter((id) => (object![id] as number) > 0)
      return {
        score: clamped(safe(max - perViolation * count), max),
        code: 'VIOLATIONS',
        value: String(count),
        unit: 'cases',
        values: { count, pointsPerViolation: rule.pointsPerViolation, deduction, categories },
        valuesJson: `"count":${count},"pointsPerViolation":"${rule.pointsPerViolation}","deduction":"${deduction}","categories":${idsJson(categories)}`,
      }
    }
  },
}

const levels: RuleKind<Extract<Rule, { kind: 'levels' }>> = {
  input: 'answer',
  maxPoints: (rule) => Dec.max(...rule.levels.map((level) => toDec(level.points))),
  checkAnswer: (rule, value) =>
    rule.levels.some((level) => level.code === value)
      ? []
      : [{ rule: 'enum', params: { allowed: rule.levels.map((level) => level.code).join(', ') }, received: value }],
  compile: (rule, max) => {
    const byCode = new Map<string, { score: number; points: string }>()
    for (const level of rule.levels) {
      const points = rubric(level.points)
      // The first level with a code wins, as the interpreter finds it.
      if (!byCode.has(level.code)) byCode.set(level.code, { score: clamped(points, max), points: fixed2(points) })
    }
    return (value) => {
      // The request check refuses a level the rubric does not have.
      const level = byCode.get(value as string)!
      const code = value as string
      return {
        score: level.score,
        code: 'LEVEL',
        value: code,
        unit: null,
        values: { level: code, points: level.points },
        valuesJson: `"level":"${code}","points":"${level.points}"`,
      }
    }
  },
}

/** A rubric's maximum in millionths, worked out once for each (a rubric amount has at most 6 decimals). */
const maxMillionths = new WeakMap<Dec, number>()

/**
 * Whether a request's decimal is above a rubric's maximum, exactly: in millionths within the fast
 * path's range (src/engine/fixed.ts), with decimal.js beyond it. Every request with a score to
 * check asks it, and two decimal.js objects for each took about 4 µs of a request under load.
 */
function above(value: number | string, max: Dec): boolean {
  try {
    let bound = maxMillionths.get(max)
    if (bound === undefined) {
      bound = parseMillionths(max.toFixed())
      maxMillionths.set(max, bound)
    }
    return millionthsOf(value) > bound
  } catch (error) {
    /* c8 ignore next: only OUT_OF_RANGE is thrown by millionths */
    if (error !== OUT_OF_RANGE) throw error
    return toDec(value).gt(max)
  }
}

const assessorScore: RuleKind<Extract<Rule, { kind: 'assessorScore' }>> = {
  input: 'answer',
  checkAnswer: (_rule, value, maxScore) => {
    return isDecimalInput(value) && above(value, maxScore)
      ? [{ rule: 'atMostMaxScore', params: { max: maxScore.toFixed() }, received: value }]
      : []
  },
  compile: (_rule, max) => (value, pointer) => {
    const score = millionthsOf(value)
    if (Number.isNaN(score)) return { missing: [pointer] }
    const shown = fixed2(score)
    return {
      score: clamped(score, max),
      code: 'ASSESSOR_SCORE',
      value: shown,
      unit: 'points',
      values: { score: shown },
      valuesJson: `"score":"${shown}"`,
    }
  },
}

const targetAttainment: RuleKind<Extract<Rule, { kind: 'targetAttainment' }>> = {
  input: 'answer',
  compile: (rule, max) => {
    const higher = rule.direction === 'higherIsBetter'
    return (value, pointer) => {
      const object = asObject(value)
      const target = millionthsOf(object?.target)
      const actual = millionthsOf(object?.actual)
      const missing = [
        Number.isNaN(target) ? `${pointer}/target` : '',
        Number.isNaN(actual) ? `${pointer}/actual` : '',
      ].filter(Boolean)
      if (missing.length > 0) return { missing }
      const [numerator, denominator] = higher ? [actual, target] : [target, actual]
      // A target of 0 is met by any actual value when more is better; an actual of 0 meets any
      // target when less is better.
      const attainment = denominator === 0 ? 10_000 : rateHundredths(numerator, denominator)
      const capped = attainment > 10_000
      // max × min(attainment, 100) / 100: millionths × hundredths, 4 decimals more than millionths.
      const { score, shown: points } = scaledPoints(safe(max * (capped ? 10_000 : attainment)), 4, max)
      const values = {
        direction: rule.direction,
        target: plain(target),
        actual: plain(actual),
        attainment: formatHundredths(attainment),
        capped,
        points,
      }
      return {
        score,
        code: 'TARGET_ATTAINMENT',
        value: values.attainment,
        unit: '%',
        values,
        valuesJson: JSON.stringify(values).slice(1, -1),
      }
    }
  },
}

/**
 * Every rule kind of RUBRIC.md, one entry each. A kind added to the rubric schema without an
 * entry here does not compile.
 */
export const RULE_KINDS: { readonly [K in Rule['kind']]: RuleKind<Extract<Rule, { kind: K }>> } = {
  stepDeduction,
  bands,
  proportional,
  checklist,
  violations,
  levels,
  assessorScore,
  targetAttainment,
}

export function ruleKind<R extends Rule>(rule: R): RuleKind<R> {
  return RULE_KINDS[rule.kind] as unknown as RuleKind<R>
}

