import type { DeductionMode, EvaluationRequest } from '../../schemas/evaluation-request.js'
import { EvaluationRequestSchema } from '../../schemas/evaluation-request.js'
import type { Measure, RatioMeasure, Rule } from '../../schemas/rubric.js'
import type { Language } from '../core/language.js'
import { readPointer } from '../core/pointer.js'
import { message } from '../validation/messages.js'
import { checkRequest } from '../validation/check-request.js'
import type { CompiledIndicator, CompiledRubric } from './compile.js'
import { Dec, fixed2, isDecimalInput, toDec } from './decimal.js'
import { clamp, scoreOutcome } from './evaluate.js'
import { gradeText, moveText, stillText } from './headroom-text.js'
import { runMeasure, type MeasureContext } from './measure.js'
import {
  R0,
  R100,
  add,
  ceil,
  cmp,
  div,
  floor,
  isWhole,
  mul,
  parseRational,
  rational,
  sign,
  sub,
  type Rational,
} from './rational.js'

/**
 * Critical values of a rule's scored quantity: at(0) ≤ at(1) ≤ … ≤ at(count − 1), worked out
 * when asked for, so that a rule with a hundred million steps costs no more than one with ten.
 */
export interface Progression {
  readonly count: bigint
  readonly at: (index: bigint) => Rational
}

const arithmetic = (first: Rational, step: Rational, count: bigint): Progression => ({
  count,
  at: (index) => add(first, mul(step, rational(index))),
})
const point = (value: Rational): Progression => ({ count: 1n, at: () => value })
const dec = (text: string) => parseRational(text)
const HALF_CENT = rational(1n, 200n)
const CENT = rational(1n, 100n)

/** The values where round2(max − e × perUnit) can change, for e ≥ 0: max − e × perUnit = m + 0.005. */
function roundedDecline(max: Rational, perUnit: Rational): Progression[] {
  if (sign(perUnit) === 0) return [point(R0)]
  const top = sub(max, HALF_CENT)
  const start = rational(floor(mul(top, R100)), 100n)
  return [point(R0), arithmetic(div(sub(top, start), perUnit), div(CENT, perUnit), floor(mul(start, R100)) + 2n)]
}

/** Whole numbers of steps (or cases), n(0) < n(1) < …: where a rounded score can change. */
interface StepCounts {
  readonly count: bigint
  readonly n: (index: bigint) => bigint
}

/**
 * The numbers of steps n ≥ 1 where round2(max − n × perStep) changes, up to the floor at 0. With
 * 0.01 or more a step, every n; with less, for each hundredth m from the top down the first n
 * with max − n × perStep < m + 0.005, so that a rule with a million tiny steps is walked in the
 * hundredths of its score, not in its steps.
 */
function stepCounts(max: Rational, perStep: Rational): StepCounts {
  if (cmp(perStep, CENT) >= 0) return { count: ceil(div(max, perStep)) + 1n, n: (index) => index + 1n }
  const top = sub(max, HALF_CENT)
  const highest = floor(mul(top, R100))
  return { count: highest + 1n, n: (index) => floor(div(sub(top, rational(highest - index, 100n)), perStep)) + 1n }
}

/** The values of t where round2(max × t / 100) can change, up to a cap (and to 100 %, where it reaches the maximum). */
function roundedShare(max: Rational, cap: Rational): Progression[] {
  if (sign(max) === 0) return [point(cap)]
  const most = div(mul(max, cmp(cap, R100) < 0 ? cap : R100), R100)
  return [
    point(R0),
    point(cap),
    arithmetic(div(mul(HALF_CENT, R100), max), div(mul(CENT, R100), max), floor(mul(most, R100)) + 1n),
  ]
}

type Breaks<R extends Rule> = (rule: R, max: Rational, mode: DeductionMode) => Progression[]

/**
 * Per rule kind: a superset of the values of its scored quantity (a rate, a count, a score) where
 * the score can change; between two of them it cannot. A kind without an entry does not compile.
 */
const BREAKS: { readonly [K in Rule['kind']]: Breaks<Extract<Rule, { kind: K }>> } = {
  stepDeduction: (rule, max, mode) => {
    const limit = dec(rule.limit)
    const step = dec(rule.step)
    const perStep = dec(rule.pointsPerStep)
    // Excesses where the rounded score changes: where the rounded proportional deduction does, or
    // at the whole steps (full ones: at n × step; started ones: just above (n − 1) × step) where
    // the rounded score does; beyond the floor at 0 nothing changes.
    let excess: Progression[]
    if (mode === 'proportional') excess = roundedDecline(max, div(perStep, step))
    else if (sign(perStep) === 0) excess = [point(R0)]
    else {
      const steps = stepCounts(max, perStep)
      const at = (less: bigint) => (index: bigint) => mul(step, rational(steps.n(index) - less))
      excess = [point(R0), { count: steps.count, at: at(0n) }, { count: steps.count, at: at(1n) }]
    }
    const above = excess.map((p) => ({ count: p.count, at: (index: bigint) => add(limit, p.at(index)) }))
    const below = excess.map((p) => ({
      count: p.count,
      at: (index: bigint) => sub(limit, p.at(p.count - 1n - index)),
    }))
    return rule.direction === 'above' ? above : rule.direction === 'below' ? below : [...above, ...below]
  },
  bands: (rule) =>
    rule.bands.flatMap((band) =>
      'upTo' in band
        ? [point(dec(band.upTo))]
        : 'atLeast' in band
          ? [point(dec(band.atLeast))]
          : 'above' in band
            ? [point(dec(band.above))]
            : [],
    ),
  proportional: (rule, max) => roundedShare(max, dec(rule.cap)),
  targetAttainment: (_rule, max) => roundedShare(max, R100),
  assessorScore: (_rule, max) => roundedShare(R100, max).slice(1),
  violations: (rule, max) => {
    const per = dec(rule.pointsPerViolation)
    if (sign(per) === 0) return []
    // Between n − 1 and n cases, where the rounded score changes.
    const cases = stepCounts(max, per)
    return [{ count: cases.count, at: (index) => sub(rational(cases.n(index)), rational(1n, 2n)) }]
  },
  checklist: () => [],
  levels: () => [],
}

/** The first index whose value passes a test that, once passed, stays passed (count when none does), by bisection. */
function firstIndex(p: Progression, passes: (value: Rational) => boolean): bigint {
  let low = 0n
  let high = p.count
  while (low < high) {
    const middle = (low + high) / 2n
    if (passes(p.at(middle))) high = middle
    else low = middle + 1n
  }
  return low
}

/** The critical values of several progressions, merged in order from `from` (or from the start), up or down. */
function* ordered(progressions: readonly Progression[], from: Rational | null, up: boolean): Generator<Rational> {
  const cursors = progressions.map((p) => {
    const index =
      from === null
        ? up
          ? 0n
          : p.count - 1n
        : up
          ? firstIndex(p, (value) => cmp(value, from) >= 0)
          : firstIndex(p, (value) => cmp(value, from) > 0) - 1n
    return { p, index }
  })
  for (;;) {
    let best: (typeof cursors)[number] | undefined
    let bestValue: Rational | undefined
    for (const cursor of cursors) {
      if (cursor.index < 0n || cursor.index >= cursor.p.count) continue
      const value = cursor.p.at(cursor.index)
      if (!bestValue || (up ? cmp(value, bestValue) < 0 : cmp(value, bestValue) > 0)) {
        best = cursor
        bestValue = value
      }
    }
    if (!best || !bestValue) return
    best.index += up ? 1n : -1n
    yield bestValue
  }
}

/** With rates rounded before scoring, the score changes only where the rounded rate does: at h ± 0.005. */
function* roundedBoundaries(values: Generator<Rational>, up: boolean): Generator<Rational> {
  for (const value of values) {
    const hundredth = rational(floor(mul(value, R100)), 100n)
    // Strictly between two hundredths, the score can differ only across the boundary between
    // them; on a hundredth, on either side of it.
    if (cmp(hundredth, value) !== 0) yield add(hundredth, HALF_CENT)
    else if (up) {
      yield sub(hundredth, HALF_CENT)
      yield add(hundredth, HALF_CENT)
    } else {
      yield add(hundredth, HALF_CENT)
      yield sub(hundredth, HALF_CENT)
    }
  }
}

/**
 * How the scored quantity depends on one input x = x0 + Δ: t = 100 × (n0 + a Δ) / (d0 + b Δ). A
 * rate has its numerator and denominator; a value in %, a score or a count is n / 100 × 100.
 */
export interface Shape {
  readonly n0: Rational
  readonly d0: Rational
  readonly rounded: boolean
  readonly levers: Map<string, { a: bigint; b: bigint; value: number | string }>
}

function lever(shape: Shape, pointer: string, value: number | string, a: bigint, b: bigint): void {
  const known = shape.levers.get(pointer)
  if (known) {
    known.a += a
    known.b += b
  } else shape.levers.set(pointer, { a, b, value })
}

const valueAt = (request: unknown, pointer: string) => readPointer(request, pointer.split('/').slice(1))

function ratioShape(request: unknown, measure: RatioMeasure, rounded: boolean): Shape {
  const shape: Shape = { n0: R0, d0: R0, rounded, levers: new Map() }
  let n0 = R0
  let d0 = R0
  const operand = (operand: RatioMeasure['numerator'], inNumerator: boolean) => {
    const terms: [string, bigint][] =
      typeof operand === 'string'
        ? [[operand, 1n]]
        : [
            ...operand.add.map((p): [string, bigint] => [p, 1n]),
            ...(operand.subtract ?? []).map((p): [string, bigint] => [p, -1n]),
          ]
    for (const [pointer, sense] of terms) {
      let used = pointer
      let read = valueAt(request, pointer)
      if (!isDecimalInput(read)) {
        // The measure's outcome was not missing, so the fallback holds a decimal.
        used = measure.fallbacks!.find((candidate) => candidate.pointer === pointer)!.use
        read = valueAt(request, used)
      }
      const value = read as number | string
      const amount = mul(parseRational(toDec(value).toFixed()), rational(sense))
      if (inNumerator) n0 = add(n0, amount)
      else d0 = add(d0, amount)
      lever(shape, used, value, inNumerator ? sense : 0n, inNumerator ? 0n : sense)
    }
  }
  operand(measure.numerator, true)
  operand(measure.denominator, false)
  return { ...shape, n0, d0 }
}

/** A value scored as it is (a rate in %, an assessor's score, a count): t = x. */
function valueShape(pointer: string, value: number | string, rounded: boolean): Shape {
  return {
    n0: parseRational(toDec(value).toFixed()),
    d0: R100,
    rounded,
    levers: new Map([[pointer, { a: 1n, b: 0n, value }]]),
  }
}

/** How the indicator's score depends on its numeric inputs; null when it reads none (or is not scored on them). */
function shapeOf(context: MeasureContext, measure: Measure, rule: Rule, roundRate: boolean): Shape | null {
  const request = context.request
  switch (measure.kind) {
    case 'ratio':
      return ratioShape(request, measure, roundRate)
    case 'firstAvailable': {
      const chosen = measure.measures.find(
        (alternative) => runMeasure({ ...context, inputs: {}, fallbacks: [] }, alternative).kind !== 'missing',
      )!
      return shapeOf(context, chosen, rule, roundRate)
    }
    case 'value': {
      const value = valueAt(request, measure.pointer)
      if (measure.unit === '%') return valueShape(measure.pointer, value as number | string, roundRate)
      if (rule.kind === 'assessorScore') return valueShape(measure.pointer, value as number | string, false)
      if (rule.kind === 'violations') {
        const counts = value as Record<string, number>
        const total = rule.categories.reduce((sum, category) => sum + BigInt(counts[category.id]!), 0n)
        const shape: Shape = { n0: rational(total), d0: R100, rounded: false, levers: new Map() }
        for (const category of rule.categories)
          lever(shape, `${measure.pointer}/${category.id}`, counts[category.id]!, 1n, 0n)
        return shape
      }
      if (rule.kind === 'targetAttainment') {
        const answer = value as { target: number | string; actual: number | string }
        const [top, bottom] =
          rule.direction === 'higherIsBetter' ? (['actual', 'target'] as const) : (['target', 'actual'] as const)
        const shape: Shape = {
          n0: parseRational(toDec(answer[top]).toFixed()),
          d0: parseRational(toDec(answer[bottom]).toFixed()),
          rounded: roundRate,
          levers: new Map(),
        }
        lever(shape, `${measure.pointer}/${top}`, answer[top], 1n, 0n)
        lever(shape, `${measure.pointer}/${bottom}`, answer[bottom], 0n, 1n)
        return shape
      }
      return null
    }
  }
}

/** An input's bounds and resolution from the request schema: whole numbers for counts, 0.000001 for decimals. */
interface Domain {
  readonly min: Rational
  readonly max: Rational
  readonly integer: boolean
}

type SchemaNode = {
  type?: string | string[]
  minimum?: number
  maximum?: number
  properties?: Record<string, SchemaNode>
  patternProperties?: Record<string, SchemaNode>
}

const DECIMAL_MAX = dec('999999999999999.999999')

function domainOf(pointer: string): Domain {
  let node = EvaluationRequestSchema as unknown as SchemaNode
  // validateRubric lets a measure read only fields of the request schema, and a record's values
  // are its patternProperties.
  for (const token of pointer.split('/').slice(1))
    node = node.properties?.[token] ?? Object.values(node.patternProperties!)[0]!
  const least = rational(BigInt(node.minimum!))
  if (node.type === 'integer') return { min: least, max: rational(BigInt(node.maximum!)), integer: true }
  // A decimal: its string form reaches 15 integer and 6 fractional digits.
  return { min: sign(least) < 0 ? mul(DECIMAL_MAX, rational(-1n)) : R0, max: DECIMAL_MAX, integer: false }
}

export interface HeadroomLimit {
  readonly rule: string
  readonly pointer: string
  readonly message: string
}

export interface HeadroomMove {
  readonly change: string
  readonly value: string
  readonly score: string
  readonly indicatorValue: string | null
}

export interface InputHeadroom {
  readonly pointer: string
  readonly value: string
  readonly up: HeadroomMove | null
  readonly down: HeadroomMove | null
  readonly limit: { readonly up: HeadroomLimit | null; readonly down: HeadroomLimit | null }
  readonly explanation: string
}

export interface IndicatorHeadroom {
  readonly inputs: InputHeadroom[]
}

interface Scenario {
  readonly rubric: CompiledRubric
  readonly request: EvaluationRequest
  readonly language: Language
  readonly deductionMode: DeductionMode
  readonly roundRate: boolean
}

/** The request with one value replaced: the objects on the pointer's path copied, the rest shared. */
function withValue(request: unknown, pointer: string, value: unknown): unknown {
  const tokens = pointer.split('/').slice(1)
  const copy = (node: unknown, depth: number): unknown => {
    if (depth === tokens.length) return value
    const object = node as Record<string, unknown>
    return { ...object, [tokens[depth]!]: copy(object[tokens[depth]!], depth + 1) }
  }
  return copy(request, 0)
}

/** The indicator scored by the interpreter on a request with one input changed. */
function scoreWith(scenario: Scenario, indicator: CompiledIndicator, request: unknown) {
  const context: MeasureContext = { request, rubric: scenario.rubric, inputs: {}, fallbacks: [], parsed: new Map() }
  const outcome = runMeasure(context, indicator.measure)
  const scored = scoreOutcome(indicator, outcome, scenario.deductionMode, scenario.roundRate, scenario.language)
  return { score: clamp(scored.score!, indicator.maxScore), value: scored.value }
}

type Search = { readonly k: bigint } | { readonly beyond: true } | null

/**
 * The smallest k ≥ 1 (Δ = k × resolution in the direction asked) at which the score differs from
 * s0, found from the breakpoints: between two consecutive critical values of t the score cannot
 * change, and t is monotone in Δ on either side of a zero denominator, so only the whole k just
 * below and above each critical value's Δ need be scored.
 */
export function firstChange(
  shape: Shape,
  a: bigint,
  b: bigint,
  resolution: Rational,
  kMax: bigint,
  progressions: readonly Progression[],
  changed: (k: bigint) => boolean,
): Search {
  const { n0, d0 } = shape
  const A = mul(rational(a), resolution)
  const B = mul(rational(b), resolution)
  const rising = sign(sub(mul(A, d0), mul(B, n0)))
  let tried = 0n
  let result: Search = null
  const attempt = (k: bigint): boolean => {
    if (k <= tried) return false
    if (k > kMax) {
      result = { beyond: true }
      return true
    }
    tried = k
    if (changed(k)) {
      result = { k }
      return true
    }
    return false
  }
  // The score changes between k - 1 and k only where a critical k lies in [k - 1, k]: at the
  // whole number just above a critical k, or at and just after a whole critical k.
  const around = (k: Rational) => (isWhole(k) ? attempt(floor(k)) || attempt(floor(k) + 1n) : attempt(ceil(k)))
  // k where t = τ: 100 (n0 + A k) = τ (d0 + B k).
  const solve = (tau: Rational): Rational | null => {
    const slope = sub(mul(R100, A), mul(tau, B))
    return sign(slope) === 0 ? null : div(sub(mul(tau, d0), mul(R100, n0)), slope)
  }
  const pole = sign(B) === 0 ? null : div(mul(d0, rational(-1n)), B)
  const walk = (from: Rational | null, after: Rational | null): boolean => {
    if (rising === 0) return false
    const up = rising > 0
    const start = from === null ? null : shape.rounded ? add(from, up ? rational(-1n, 50n) : rational(1n, 50n)) : from
    const values = ordered(progressions, start, up)
    for (const tau of shape.rounded ? roundedBoundaries(values, up) : values) {
      const k = solve(tau)
      if (k === null) continue
      if (after !== null && cmp(k, after) <= 0) return false
      if (from !== null && sign(k) < 0 && cmp(tau, from) * (up ? 1 : -1) > 0) return false
      if (around(k)) return true
    }
    return false
  }
  if (sign(d0) === 0) {
    // At a zero denominator now: the rate exists as soon as the denominator moves; with it fixed
    // at 0 only the numerator's reaching or leaving 0 matters.
    if (pole === null) {
      if (sign(A) !== 0 && around(div(mul(n0, rational(-1n)), A))) return result
      attempt(1n)
      return result
    }
    attempt(1n)
    if (result) return result
    walk(null, R0)
    return result
  }
  const t0 = div(mul(R100, n0), d0)
  if (walk(t0, null)) return result
  if (pole !== null && sign(pole) > 0) {
    if (around(pole)) return result
    walk(null, pole)
  }
  return result
}

const MILLION = 1_000_000n

/** Plain decimal text of a rational whose denominator divides 10^6 (a request decimal moved by millionths). */
function plainText(value: Rational): string {
  if (MILLION % value.d !== 0n) return new Dec(value.n.toString()).div(new Dec(value.d.toString())).toFixed()
  const scaled = value.n * (MILLION / value.d)
  const negative = scaled < 0n
  const digits = (negative ? -scaled : scaled).toString().padStart(7, '0')
  const fraction = digits.slice(-6).replace(/0+$/, '')
  return `${negative ? '-' : ''}${digits.slice(0, -6)}${fraction ? `.${fraction}` : ''}`
}

/** The headroom of one indicator: for each numeric input it read, the smallest moves that change its score. */
export function indicatorHeadroom(
  scenario: Scenario,
  indicator: CompiledIndicator,
  score: Dec,
  name: string,
): IndicatorHeadroom | null {
  const { request, rubric, language } = scenario
  const context: MeasureContext = { request, rubric, inputs: {}, fallbacks: [], parsed: new Map() }
  const outcome = runMeasure(context, indicator.measure)
  if (outcome.kind === 'missing' || outcome.kind === 'notApplicable') return null
  const breaks = (BREAKS[indicator.rule.kind] as Breaks<Rule>)(
    indicator.rule,
    parseRational(indicator.maxScore.toFixed()),
    scenario.deductionMode,
  )
  const shape = shapeOf(context, indicator.measure, indicator.rule, scenario.roundRate)
  if (!shape) return null
  const inputs: InputHeadroom[] = []
  for (const [pointer, { a, b, value }] of shape.levers) {
    const domain = domainOf(pointer)
    const x0 = parseRational(toDec(value).toFixed())
    const resolution = domain.integer ? rational(1n) : rational(1n, 1_000_000n)
    const at = (k: bigint, sense: 1n | -1n) => {
      const x = add(x0, mul(resolution, rational(k * sense)))
      return domain.integer ? Number(floor(x)) : plainText(x)
    }
    const moves: Record<'up' | 'down', HeadroomMove | null> = { up: null, down: null }
    const limits: Record<'up' | 'down', HeadroomLimit | null> = { up: null, down: null }
    const texts: string[] = []
    for (const direction of ['up', 'down'] as const) {
      const sense = direction === 'up' ? 1n : -1n
      const room = direction === 'up' ? sub(domain.max, x0) : sub(x0, domain.min)
      const kMax = floor(div(room, resolution))
      let last: { request: unknown; score: Dec; value: string | null } | undefined
      const found = firstChange(shape, a * sense, b * sense, resolution, kMax, breaks, (k) => {
        const changedRequest = withValue(request, pointer, at(k, sense))
        last = { request: changedRequest, ...scoreWith(scenario, indicator, changedRequest) }
        return !last.score.eq(score)
      })
      if (found && 'beyond' in found) {
        const rule = direction === 'up' ? 'maximum' : 'minimum'
        const bound = plainText(direction === 'up' ? domain.max : domain.min)
        limits[direction] = { rule, pointer, message: message(language, rule, { limit: bound }) }
      } else if (found) {
        // The last request scored is the one that changed the score.
        const after = last!
        const errors = checkRequest(after.request as EvaluationRequest, rubric, language)
        if (errors.length > 0) {
          const [first] = errors
          limits[direction] = { rule: first!.rule!, pointer: first!.pointer, message: first!.message }
        } else {
          const move = {
            change: plainText(mul(resolution, rational(found.k))),
            value: String(at(found.k, sense)),
            score: fixed2(after.score),
            indicatorValue: after.value,
          }
          moves[direction] = move
          texts.push(
            moveText(language, {
              pointer,
              direction,
              change: move.change,
              indicatorName: name,
              indicatorValue: after.value,
              unit: outcomeUnit(indicator.rule),
              score: move.score,
              lower: after.score.lt(score),
            }),
          )
          continue
        }
      }
      texts.push(stillText(language, pointer, direction, limits[direction]))
    }
    inputs.push({
      pointer,
      value: String(value),
      up: moves.up,
      down: moves.down,
      limit: limits,
      explanation: texts.join(language === 'zh' ? '；' : '; '),
    })
  }
  return { inputs }
}

/** The unit of the value an indicator shows, by its rule kind. */
function outcomeUnit(rule: Rule): 'cases' | 'points' | '%' {
  return rule.kind === 'violations' ? 'cases' : rule.kind === 'assessorScore' ? 'points' : '%'
}

export interface GradeMargin {
  readonly grade: string
  readonly totalScore: string
  readonly canLose: string | null
  readonly nextGrade: { code: string; label: string; labelEn: string } | null
  readonly toNextGrade: string | null
  readonly explanation: string
}

/** How many points the total can lose and keep its grade, and must gain for the next one; null without a grade. */
export function gradeMargin(rubric: CompiledRubric, total: Dec, language: Language): GradeMargin {
  // validateRubric makes the last grade start at 0 or below, and a total is never below 0.
  const index = rubric.grades.findIndex((grade) => total.gte(grade.minScore))
  const grade = rubric.grades[index]!
  const lower = rubric.grades[index + 1]
  const higher = index > 0 ? rubric.grades[index - 1]! : null
  const canLose = lower ? fixed2(total.minus(grade.minScore)) : null
  const toNextGrade = higher ? fixed2(higher.minScore.minus(total)) : null
  const label = (g: { label: string; labelEn: string }) => (language === 'zh' ? g.label : g.labelEn)
  return {
    grade: grade.code,
    totalScore: fixed2(total),
    canLose,
    nextGrade: higher ? { code: higher.code, label: higher.label, labelEn: higher.labelEn } : null,
    toNextGrade,
    explanation: gradeText(language, {
      canLose,
      toNextGrade,
      current: label(grade),
      next: higher ? label(higher) : null,
    }),
  }
}

export type { Scenario as HeadroomScenario }
