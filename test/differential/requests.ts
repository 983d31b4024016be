/**
 * Generated evaluation requests for the differential test, over the whole request space rather
 * than around one example: each rate is built from a numerator and a denominator chosen so that
 * it lands exactly on a threshold of its rubric, half a hundredth beside it (the half-up cases),
 * or a millionth beside that; money runs from 0 and -0 to 999999999999999.999999 and across 2^53
 * at every decimal scale (where integer arithmetic stops being exact); decimals come as strings
 * and as JSON numbers (the ones binary floats round badly among them); any field or section may be absent; and a fifth
 * of the requests bring an inline rubric: the built-in one with odd parameters and added
 * department-specific indicators, valid by construction (sums computed, points within maxima,
 * bands ordered, grades decreasing to ≤ 0).
 *
 * Decimals are built as integers of millionths (BigInt) and written out, so that no binary float
 * decides what a generated value is; JSON numbers are made from that text.
 */
import fc from 'fast-check'
import type { DeductionMode, EvaluationRequest } from '../../schemas/evaluation-request.js'
import type { Rubric, RubricIndicator, Rule } from '../../schemas/rubric.js'
import type { Language } from '../../src/engine/explain.js'
import yuhua2021 from '../../src/rubrics/yuhua-2021.json' with { type: 'json' }

export interface DifferentialCase {
  readonly body: EvaluationRequest
  readonly language: Language
}

type Decimal = number | string
// Bodies are assembled as plain JSON; the schema check in compare.ts says whether they are valid.
type Json = Record<string, unknown>

const BUILT_IN = yuhua2021 as unknown as Rubric

// ---------------------------------------------------------------------------------------------
// Decimals as millionths

const MICRO = 1_000_000n
/** 999999999999999.999999: the largest decimal a request may carry. */
export const MAX_MICRO = 999_999_999_999_999_999_999n
const TWO_53 = 2n ** 53n
const clampMoney = (micro: bigint) => (micro < 0n ? 0n : micro > MAX_MICRO ? MAX_MICRO : micro)

/** Millionths as decimal text with at least `decimals` fractional digits (and every nonzero one). */
export function microText(micro: bigint, decimals = 0): string {
  const negative = micro < 0n
  const abs = negative ? -micro : micro
  let fraction = (abs % MICRO).toString().padStart(6, '0')
  while (fraction.length > decimals && fraction.endsWith('0')) fraction = fraction.slice(0, -1)
  return `${negative ? '-' : ''}${abs / MICRO}${fraction ? `.${fraction}` : ''}`
}

/**
 * Values beside 2^53 at every decimal scale: 2^53 millionths is 9007199254.740992, 2^53 cents
 * 90071992547409.92, and so on; a fast path that scales inputs to integers crosses 2^53 here.
 */
const PIVOTS: readonly bigint[] = [
  ...[0n, 1n, 2n, 3n, 4n, 5n, 6n].flatMap((scale) => {
    const base = TWO_53 / 10n ** scale
    return [base - 1n, base, base + 1n].map((value) => value * 10n ** scale)
  }),
  ...[1n, 2n, 4n].flatMap((scale) => [TWO_53 - 1n, TWO_53, TWO_53 + 1n].map((value) => value * 10n ** scale)),
].filter((micro) => micro > 0n && micro <= MAX_MICRO)

const EDGE_MONEY: readonly bigint[] = [
  0n,
  1n,
  5n,
  10_000n,
  MICRO,
  MAX_MICRO,
  MAX_MICRO - 1n,
  999_999_999_999_999n * MICRO,
  10n ** 20n,
  ...PIVOTS,
]

/** Money in millionths: mostly cents, then 6-decimal values, big ones, and the edges above. */
const moneyMicro: fc.Arbitrary<bigint> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 10_000_000 }).map((cents) => BigInt(cents) * 10_000n) },
  { weight: 2, arbitrary: fc.bigInt({ min: 0n, max: 10n ** 12n }) },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: MAX_MICRO }) },
  { weight: 2, arbitrary: fc.constantFrom(...EDGE_MONEY) },
)

/**
 * JSON numbers that binary floats get wrong: 1.005 × 100 is 100.49999999999999, (2.675).toFixed(2)
 * is "2.67", 0.000001 is the last one JavaScript writes without an exponent, 15 significant digits
 * are the most a double keeps. Only numbers within the service's contract: the JSON parser of the
 * service (src/plugins/json-numbers.ts) turns an exponent, a 7th decimal or a 16th significant
 * digit into a string, which the schema refuses or reads exactly, so no other double reaches the
 * engine.
 */
const FLOAT_TRAPS: readonly number[] = [
  0.000001, 0.000005, 0.1, 0.7, 1.005, 2.675, 1.255, 8.345, 4.35, 0.285, 100.005, 123456789012.345, 999999999999999,
  99999999999999.9, 9007199254.74099,
]

/** How many significant digits a decimal text has (as src/plugins/json-numbers.ts counts them). */
const significantDigits = (text: string) => text.replace(/[-.]/g, '').replace(/^0+/, '').length

/**
 * A decimal as the request carries it: text with 0 to 6 decimals (trailing zeros sometimes kept),
 * or the JSON number of that text when the service would take it as one (at most 15 significant
 * digits: a longer literal reaches the engine as the string the JSON parser makes of it); for a
 * signed field "-0.00" and -0 now and then.
 */
function written(micro: bigint, decimals: number, asNumber: boolean, negativeZero: boolean, signed: boolean): Decimal {
  if (micro === 0n && negativeZero) return asNumber ? -0 : signed ? '-0.00' : '0.000000'
  const text = microText(micro, decimals)
  return asNumber && significantDigits(text) <= 15 ? Number(text) : text
}

/**
 * How a value is written, drawn apart from the value, so that a value computed from others needs no
 * fc.chain (which builds arbitraries per case).
 */
interface Form {
  readonly decimals: number
  readonly asNumber: boolean
  readonly negativeZero: boolean
  /** A float-trap JSON number sent instead of the value. */
  readonly noise: number | undefined
}

const form: fc.Arbitrary<Form> = fc.record({
  decimals: fc.constantFrom(0, 0, 2, 2, 1, 6),
  asNumber: chance(0.3),
  negativeZero: chance(0.05),
  noise: fc.oneof(
    { weight: 30, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom(...FLOAT_TRAPS) },
  ),
})

/**
 * A value in the drawn form; a signed field gets no float trap instead (its value decides whether
 * the funds are positive).
 */
function write(micro: bigint, { decimals, asNumber, negativeZero, noise }: Form, signed = false): Decimal {
  return noise !== undefined && !signed ? noise : written(micro, decimals, asNumber, negativeZero, signed)
}

function decimalOf(micro: fc.Arbitrary<bigint>, signed = false): fc.Arbitrary<Decimal> {
  return fc
    .tuple(micro, form)
    .map(([value, how]) => written(value, how.decimals, how.asNumber, how.negativeZero, signed))
}

/** A non-negative decimal, now and then a float-trap JSON number instead. */
function money(micro: fc.Arbitrary<bigint> = moneyMicro, noise = FLOAT_TRAPS): fc.Arbitrary<Decimal> {
  if (noise.length === 0) return decimalOf(micro)
  return fc.oneof({ weight: 30, arbitrary: decimalOf(micro) }, { weight: 1, arbitrary: fc.constantFrom(...noise) })
}

/**
 * True with probability `p`. (fc.integer biases towards its minimum, so `integer(0, 59) === 0` is
 * far likelier than 1 in 60; a weighted oneof is not biased.)
 */
function chance(p: number): fc.Arbitrary<boolean> {
  const weight = Math.round(p * 1000)
  return fc.oneof({ weight, arbitrary: fc.constant(true) }, { weight: 1000 - weight, arbitrary: fc.constant(false) })
}

/** Drops the value with probability `absent` (a missing field). */
function maybe<T>(arbitrary: fc.Arbitrary<T>, absent = 0.08): fc.Arbitrary<T | undefined> {
  const weight = Math.round(absent * 100)
  return fc.oneof({ weight, arbitrary: fc.constant(undefined) }, { weight: 100 - weight, arbitrary })
}

/** An object without its undefined fields, so that an absent field is absent, not undefined. */
function compact(fields: Record<string, unknown>): Json {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined))
}

// ---------------------------------------------------------------------------------------------
// Rates on and beside thresholds

/** Thresholds in thousandths of a percent (100.005 % is 100005n). */
type Thresholds = readonly bigint[]

const pct = (...hundredths: number[]): Thresholds => hundredths.map((h) => BigInt(h) * 10n)

/**
 * A target rate: a threshold, one hundredth beside it, half a hundredth beside it (which rounds
 * half up onto it or away), a thousandth beside it; or anywhere, now and then astronomically high.
 */
function targetRate(thresholds: Thresholds): fc.Arbitrary<bigint> {
  const near = fc
    .tuple(fc.constantFrom(...thresholds), fc.constantFrom(0n, 0n, 0n, 10n, -10n, 5n, -5n, 1n, -1n, 4n, 6n, -4n, -6n))
    .map(([threshold, delta]) => threshold + delta)
  return fc.oneof(
    { weight: 16, arbitrary: near },
    { weight: 4, arbitrary: fc.bigInt({ min: 0n, max: 300_000n }) },
    { weight: 2, arbitrary: fc.bigInt({ min: 0n, max: 100_000_000n }) },
    // Rates up to 10^23 %: with a step of a millionth, more steps than 2^53 (a double then rounds the count).
    { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 10n ** 26n }) },
  )
}

/** Denominators in millionths: cents (every thousandth of a percent is then exact), 6 decimals, big, 2^53. */
const denominatorMicro: fc.Arbitrary<bigint> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 10_000_000 }).map((cents) => BigInt(cents) * 10_000n) },
  { weight: 2, arbitrary: fc.bigInt({ min: 1n, max: 10n ** 12n }) },
  { weight: 1, arbitrary: fc.bigInt({ min: 1n, max: MAX_MICRO / 1_000n }) },
  { weight: 1, arbitrary: fc.constantFrom(...PIVOTS.filter((p) => p <= MAX_MICRO / 10n)) },
  { weight: 1, arbitrary: fc.constantFrom(1n, 3n, 7n, 10_000n, MICRO, 3n * MICRO, 7n * MICRO) },
)

/** A few millionths beside the exact numerator now and then, or a whole cent. */
const offset = fc.oneof(
  { weight: 6, arbitrary: fc.constant(0n) },
  { weight: 2, arbitrary: fc.bigInt({ min: -3n, max: 3n }) },
  { weight: 1, arbitrary: fc.constantFrom(10_000n, -10_000n) },
)

/** round(denominator × rate), half away from 0, for a rate in thousandths of a percent. */
function share(denominator: bigint, rate: bigint): bigint {
  const product = denominator * rate
  const half = 50_000n
  return product >= 0n ? (product + half) / 100_000n : -((-product + half) / 100_000n)
}

/**
 * A numerator and denominator (millionths) whose rate is near one of `thresholds`; sometimes
 * both 0, or only the denominator 0 (SCORING.md's zero-denominator cases).
 */
function ratioMicro(thresholds: Thresholds, zeros = 1): fc.Arbitrary<[bigint, bigint]> {
  const onTarget = fc
    .tuple(denominatorMicro, targetRate(thresholds), offset)
    .map(([denominator, rate, delta]): [bigint, bigint] => [clampMoney(share(denominator, rate) + delta), denominator])
  if (zeros === 0) return onTarget
  return fc.oneof(
    { weight: 18, arbitrary: onTarget },
    { weight: zeros, arbitrary: fc.constant<[bigint, bigint]>([0n, 0n]) },
    { weight: zeros, arbitrary: moneyMicro.map((numerator): [bigint, bigint] => [numerator, 0n]) },
  )
}

/** A ratio pair written as the request carries it. */
const ratio = (thresholds: Thresholds, zeros = 1): fc.Arbitrary<[Decimal, Decimal]> =>
  fc
    .tuple(ratioMicro(thresholds, zeros), form, form)
    .map(([[numerator, denominator], numeratorForm, denominatorForm]) => [
      write(numerator, numeratorForm),
      write(denominator, denominatorForm),
    ])

// ---------------------------------------------------------------------------------------------
// Thresholds of a rubric

/**
 * The decimals of a rubric as thousandths of a percent, rounded to the nearest (a limit of 99.9995
 * lands beside it).
 */
function thousandths(text: string): bigint {
  const micro = toMicro(text)
  return micro >= 0n ? (micro + 500n) / 1_000n : -((-micro + 500n) / 1_000n)
}

/** Where the scoring of a rate changes: the limit and its first steps, band bounds, the cap. */
function thresholdsOf(rule: Rule): bigint[] {
  switch (rule.kind) {
    case 'stepDeduction': {
      const limit = thousandths(rule.limit)
      const step = thousandths(rule.step)
      return [limit, limit + step, limit - step, limit + 2n * step, limit - 2n * step, limit + 10n * step]
    }
    case 'bands':
      return rule.bands.flatMap((band) =>
        'upTo' in band
          ? [thousandths(band.upTo)]
          : 'atLeast' in band
            ? [thousandths(band.atLeast)]
            : 'above' in band
              ? [thousandths(band.above)]
              : [],
      )
    case 'proportional':
      return [thousandths(rule.cap), 100_000n]
    default:
      return []
  }
}

/**
 * The thresholds of the built-in rubric (SCORING.md §3) and those of the request's own rubric for
 * the same indicator.
 */
function thresholdsFor(rubric: Rubric | undefined, id: string, builtIn: Thresholds): Thresholds {
  const indicator = rubric && indicatorsOf(rubric).find((candidate) => candidate.id === id)
  return indicator ? [...builtIn, ...thresholdsOf(indicator.rule)] : builtIn
}

export function indicatorsOf(rubric: Rubric): RubricIndicator[] {
  return rubric.categories.flatMap((category) => category.children.flatMap((child) => child.indicators))
}

// ---------------------------------------------------------------------------------------------
// Base data

const staffing = (rubric: Rubric | undefined) => {
  const thresholds = thresholdsFor(rubric, 'staffControlRate', pct(10000, 10001, 9999, 10100, 10200, 11000, 20000))
  const authorized = fc.oneof(
    fc.constantFrom(1, 2, 3, 7, 34, 100, 9_999, 10_000, 99_999, 9_999_999, 10_000_000),
    fc.integer({ min: 1, max: 10_000_000 }),
  )
  return fc
    .tuple(
      authorized,
      targetRate(thresholds),
      fc.integer({ min: -2, max: 2 }),
      maybe(fc.constant(true)),
      maybe(fc.constant(true)),
    )
    .map(([count, rate, delta, keepAuthorized, keepActual]) => {
      const actual = Math.min(
        10_000_000,
        Math.max(0, Number(share(BigInt(count) * MICRO, rate) / MICRO) + (delta === 2 ? 1 : delta === -2 ? -1 : 0)),
      )
      return compact({ authorized: keepAuthorized && count, actual: keepActual && actual })
    })
}

/** The draws behind a breakdown of `cells` cells: a weight, a small error, whether the cell is given. */
const breakdownDraws = (cells: number) =>
  maybe(
    fc.array(
      fc.tuple(
        fc.integer({ min: 0, max: 1000 }),
        fc.constantFrom(0n, 0n, 0n, 1n, -1n, 10_000n, -10_000n),
        fc.boolean(),
      ),
      { minLength: cells, maxLength: cells },
    ),
    0.4,
  )

/**
 * An exhaustive (三公) or partial (公用经费) breakdown of the given column totals: items that add up,
 * or are off by a cent or a millionth (BREAKDOWN_MISMATCH), with cells absent now and then.
 */
function breakdown(
  items: readonly string[],
  totals: Record<string, Decimal | undefined>,
  exhaustive: boolean,
  draws: [number, bigint, boolean][] | undefined,
): Json | undefined {
  if (!draws) return undefined
  const rows: Record<string, Json> = Object.fromEntries(items.map((item) => [item, {}]))
  Object.keys(totals).forEach((column, c) => {
    const totalMicro = microOf(totals[column])
    // Shares of the total by weight, the last item taking the remainder (exhaustive) or less (partial).
    const weights = items.map((_item, i) => draws[c * items.length + i]![0])
    const weightSum = weights.reduce((a, b) => a + b, 0) || 1
    let left = exhaustive ? totalMicro : (totalMicro * 9n) / 10n
    items.forEach((item, i) => {
      const [, delta, present] = draws[c * items.length + i]!
      const part = i === items.length - 1 ? left : (totalMicro * BigInt(weights[i]!)) / BigInt(weightSum)
      left -= part
      if (present || i === items.length - 1) rows[item]![column] = microText(clampMoney(part + delta), 2)
    })
  })
  return rows
}

/** Whether each of `count` fields is given (each absent with probability `absent`). */
const kept = (count: number, absent: number) =>
  fc.array(
    maybe(fc.constant(true), absent).map((keep) => keep === true),
    { minLength: count, maxLength: count },
  )

const THREE_PUBLIC_ITEMS = ['vehiclePurchase', 'vehicleOperation', 'overseasTravel', 'officialReception']

const threePublicExpenses = (rubric: Rubric | undefined) => {
  const change = thresholdsFor(rubric, 'threePublicChangeRate', pct(0, 1, -1, 100, 200, 1000, -100, -10000, 5000))
  const control = thresholdsFor(rubric, 'threePublicControlRate', pct(10000, 10100, 10500, 10800, 9999))
  // The base of the change rate: priorYearBudget, or priorYearFinal when it is absent (the fallback).
  const base = fc.oneof({ weight: 6, arbitrary: denominatorMicro }, { weight: 1, arbitrary: fc.constant(0n) })
  return fc
    .record({
      base,
      baseIsBudget: fc.constantFrom<'budget' | 'fallback' | 'both'>('budget', 'fallback', 'both'),
      other: moneyMicro,
      change: targetRate(change),
      control: targetRate(control),
      deltaBudget: offset,
      deltaFinal: offset,
      budgetZero: fc.boolean(),
      finalZero: fc.boolean(),
      forms: fc.array(form, { minLength: 4, maxLength: 4 }),
      keep: kept(4, 0.04),
      draws: breakdownDraws(16),
    })
    .map((g) => {
      // budget = base × (1 + change); at base 0 a budget of 0 (not applicable) or above (0 points).
      const budget =
        g.base === 0n ? (g.budgetZero ? 0n : g.other) : clampMoney(g.base + share(g.base, g.change) + g.deltaBudget)
      const final =
        budget === 0n && g.finalZero
          ? 0n
          : budget === 0n
            ? g.other
            : clampMoney(share(budget, g.control) + g.deltaFinal)
      const values = [
        g.baseIsBudget === 'fallback' ? undefined : g.base,
        g.baseIsBudget === 'budget' ? g.other : g.base,
        budget,
        final,
      ]
      const [priorYearBudget, priorYearFinal, budgetValue, finalValue] = values.map((micro, i) =>
        micro === undefined || !g.keep[i] ? undefined : write(micro, g.forms[i]!),
      )
      const totals = { priorYearBudget, priorYearFinal, budget: budgetValue, final: finalValue }
      return compact({ ...totals, breakdown: breakdown(THREE_PUBLIC_ITEMS, totals, true, g.draws) })
    })
}

const budget = (rubric: Rubric | undefined) => {
  const control = thresholdsFor(rubric, 'budgetControlRate', pct(0, 1000, 2000, 3000, -1000, -5000, -10000, 5000))
  const completion = thresholdsFor(rubric, 'budgetCompletionRate', pct(10000, 9999, 9500, 9000, 8500, 7500, 0))
  const initial = fc.oneof({ weight: 60, arbitrary: denominatorMicro }, { weight: 1, arbitrary: fc.constant(0n) })
  return fc
    .record({
      initial,
      carryover: fc.oneof(fc.constant(0n), moneyMicro),
      // A cut (调减) a quarter of the time; a cut beyond the funds is refused.
      control: fc.tuple(targetRate(control), chance(0.25)).map(([rate, cut]) => (cut ? -(rate % 150_000n) : rate)),
      completion: targetRate(completion),
      deltaSupplementary: offset,
      deltaBalance: offset,
      forms: fc.array(form, { minLength: 4, maxLength: 4 }),
      keep: kept(4, 0.04),
    })
    .map((g) => {
      let supplementary = share(g.initial, g.control) + g.deltaSupplementary
      if (supplementary > MAX_MICRO) supplementary = MAX_MICRO
      if (supplementary < -MAX_MICRO) supplementary = -MAX_MICRO
      const funds = g.carryover + g.initial + supplementary
      // Funds of 0 or less, and a balance above the funds, are refused by checkRequest: that happens now and then.
      const balance = funds > 0n ? clampMoney(funds - share(funds, g.completion) - g.deltaBalance) : 0n
      const [carryover, initialValue, supplementaryValue, yearEndBalance] = [
        g.carryover,
        g.initial,
        supplementary,
        balance,
      ].map((micro, i) => (g.keep[i] ? write(micro, g.forms[i]!, i === 2) : undefined))
      return compact({ carryover, initial: initialValue, supplementary: supplementaryValue, yearEndBalance })
    })
}

const PUBLIC_FUNDS_ITEMS = ['office', 'utilitiesAndTravel', 'meetingsAndTraining']

const publicFunds = (rubric: Rubric | undefined) =>
  fc
    .record({
      pair: ratio(thresholdsFor(rubric, 'publicFundsControlRate', pct(10000, 10001, 9999, 10100, 10500, 10800, 11000))),
      priorYearFinal: maybe(money(), 0.3),
      keep: kept(2, 0.05),
      draws: breakdownDraws(9),
    })
    .map(({ pair: [final, budgetValue], priorYearFinal, keep, draws }) => {
      const totals = { priorYearFinal, budget: keep[0] ? budgetValue : undefined, final: keep[1] ? final : undefined }
      return compact({ ...totals, breakdown: breakdown(PUBLIC_FUNDS_ITEMS, totals, false, draws) })
    })

const procurement = (rubric: Rubric | undefined) =>
  fc
    .tuple(
      ratio(thresholdsFor(rubric, 'procurementExecutionRate', pct(10000, 9500, 10500, 9000, 11000, 8500, 11500, 0))),
      maybe(fc.constant(true), 0.05),
      maybe(fc.constant(true), 0.05),
    )
    .map(([[actual, budgetValue], keepBudget, keepActual]) =>
      compact({ budget: keepBudget && budgetValue, actual: keepActual && actual }),
    )

const buildings = (rubric: Rubric | undefined) => {
  const area = ratio(thresholdsFor(rubric, 'buildingAreaControlRate', pct(10000, 10001, 10500, 11000, 12000, 15000)))
  const investment = ratio(
    thresholdsFor(rubric, 'buildingInvestmentControlRate', pct(10000, 10001, 10500, 11000, 12000, 15000)),
  )
  const withProject = fc
    .record({ area, investment, keep: fc.array(maybe(fc.constant(true), 0.06), { minLength: 4, maxLength: 4 }) })
    .map(({ area: [actualArea, approvedArea], investment: [actualInvestment, approvedInvestment], keep }) =>
      compact({
        hasProject: true,
        approvedArea: keep[0] && approvedArea,
        actualArea: keep[1] && actualArea,
        approvedInvestment: keep[2] && approvedInvestment,
        actualInvestment: keep[3] && actualInvestment,
      }),
    )
  // Without a project the areas may be given as 0; anything else is refused.
  const withoutProject = fc
    .record({
      zeros: fc.subarray(['approvedArea', 'actualArea', 'approvedInvestment', 'actualInvestment']),
      refused: chance(1 / 30),
      value: money(),
    })
    .map(({ zeros, refused, value }) => ({
      hasProject: false,
      ...Object.fromEntries(zeros.map((field, i) => [field, refused && i === 0 ? value : i % 2 ? 0 : '0.00'])),
    }))
  return fc.oneof({ weight: 3, arbitrary: withoutProject }, { weight: 4, arbitrary: withProject })
}

function baseData(rubric: Rubric | undefined): fc.Arbitrary<Json | undefined> {
  return maybe(
    fc
      .record({
        staffing: maybe(staffing(rubric), 0.05),
        threePublicExpenses: maybe(threePublicExpenses(rubric), 0.05),
        budget: maybe(budget(rubric), 0.05),
        publicFunds: maybe(publicFunds(rubric), 0.05),
        projectExpenditure: maybe(fc.record({ priorYearFinal: money(), budget: money(), final: money() }), 0.7),
        procurement: maybe(procurement(rubric), 0.05),
        buildings: maybe(buildings(rubric), 0.05),
        frugalityMeasures: maybe(fc.string({ maxLength: 30 }), 0.7),
      })
      .map(compact),
    0.02,
  )
}

// ---------------------------------------------------------------------------------------------
// Assessments

const flags = (ids: readonly string[], absent = 0.04) =>
  fc
    .tuple(...ids.map(() => maybe(fc.boolean(), absent)))
    .map((values) => compact(Object.fromEntries(ids.map((id, i) => [id, values[i]]))))
const counts = (ids: readonly string[], absent = 0.04) =>
  fc
    .tuple(
      ...ids.map(() =>
        maybe(
          fc.oneof(
            { weight: 8, arbitrary: fc.integer({ min: 0, max: 3 }) },
            { weight: 1, arbitrary: fc.integer({ min: 0, max: 1_000_000 }) },
          ),
          absent,
        ),
      ),
    )
    .map((values) => compact(Object.fromEntries(ids.map((id, i) => [id, values[i]]))))

/**
 * A score from 0 to `max` (millionths): 0, max, x.xx5 values that round, and, when `above` is
 * given, rarely above max (refused).
 */
function scoreUpTo(max: bigint, above = 0): fc.Arbitrary<Decimal> {
  const within = fc.oneof(
    fc.constantFrom(0n, max),
    fc.bigInt({ min: 0n, max }),
    fc.bigInt({ min: 0n, max: max / 10_000n }).map((cents) => cents * 10_000n),
    fc
      .bigInt({ min: 0n, max: max / 1_000n })
      .map((thousandth) => thousandth * 1_000n + (thousandth * 1_000n + 5_000n <= max ? 5_000n : 0n)),
  )
  const noise = FLOAT_TRAPS.filter((value) => value * 1e6 < Number(max))
  if (above === 0) return money(within, noise)
  return fc.oneof(
    { weight: 100 - above, arbitrary: money(within, noise) },
    { weight: above, arbitrary: money(fc.constant(max + 10_000n)) },
  )
}

const satisfaction = (rubric: Rubric | undefined) => {
  const thresholds = thresholdsFor(rubric, 'publicSatisfaction', pct(9000, 8000, 7000, 10000, 0))
  // A rate at or beside a threshold with up to 6 decimals ("89.995" is scored as 90.00); at most 100.
  const rate = fc.tuple(targetRate(thresholds), fc.bigInt({ min: -3n, max: 3n })).map(([target, delta]) => {
    const micro = target * 1_000n + delta
    return micro < 0n ? 0n : micro > 100n * MICRO ? 100n * MICRO : micro
  })
  const byRate = money(rate).map((value) => ({ rate: value }))
  const surveyed = fc.oneof(
    fc.constantFrom(1, 3, 7, 200, 2_000, 200_000, 1_000_000_000),
    fc.integer({ min: 1, max: 1_000_000_000 }),
  )
  const byCounts = fc
    .tuple(surveyed, targetRate(thresholds), fc.integer({ min: -1, max: 1 }))
    .map(([people, target, delta]) => {
      const satisfied = Math.min(people, Math.max(0, Number(share(BigInt(people) * MICRO, target) / MICRO) + delta))
      return { surveyed: people, satisfied }
    })
  // Refused: both forms, only one count, more satisfied than surveyed, a rate above 100.
  const refused = fc.constantFrom<Json>(
    { rate: '95', surveyed: 10, satisfied: 9 },
    { surveyed: 10 },
    { satisfied: 3 },
    { surveyed: 10, satisfied: 11 },
    { rate: '100.000001' },
    {},
  )
  return fc.oneof(
    { weight: 12, arbitrary: byRate },
    { weight: 12, arbitrary: byCounts },
    { weight: 1, arbitrary: refused },
  )
}

const keyWork = (rubric: Rubric | undefined) =>
  fc
    .record({
      pair: ratio(thresholdsFor(rubric, 'keyWorkCompletionRate', pct(10000, 10001, 9999, 5000, 0, 15000)), 0),
      keepPlanned: maybe(fc.constant(true), 0.04),
      keepActual: maybe(fc.constant(true), 0.04),
      // A planned figure of 0 is refused: now and then.
      plannedZero: chance(1 / 60),
    })
    .map(({ pair: [actual, planned], keepPlanned, keepActual, plannedZero }) =>
      compact({ planned: keepPlanned && (plannedZero ? '0.00' : planned), actual: keepActual && actual }),
    )

const maxOf = (rubric: Rubric | undefined, id: string, fallback: bigint) => {
  const indicator = rubric && indicatorsOf(rubric).find((candidate) => candidate.id === id)
  return indicator ? toMicro(indicator.maxScore) : fallback
}

function toMicro(text: string): bigint {
  return BigInt(
    text.replace(
      /^(-?)(\d+)(?:\.(\d+))?$/,
      (_m, sign: string, whole: string, fraction = '') => `${sign}${whole}${fraction.padEnd(6, '0')}`,
    ),
  )
}

/** A request decimal (at most 6 decimals, never an exponent) in millionths. */
const microOf = (value: Decimal | undefined): bigint => toMicro(value === undefined ? '0' : String(value))

/** The inputs of a rubric's added indicators, in assessments.custom, keyed by indicator id. */
function customInputs(rubric: Rubric | undefined): fc.Arbitrary<Json | undefined> {
  const added = rubric
    ? indicatorsOf(rubric).filter((indicator) => JSON.stringify(indicator.measure).includes('/assessments/custom/'))
    : []
  const entries = added.map((indicator): fc.Arbitrary<[string, Json] | undefined> => {
    const rule = indicator.rule
    let input: fc.Arbitrary<Json>
    switch (rule.kind) {
      case 'targetAttainment':
        input = fc
          .tuple(ratio(pct(10000, 10001, 9999, 5000)), maybe(fc.constant(true), 0.05), maybe(fc.constant(true), 0.05))
          .map(([[actual, target], keepTarget, keepActual]) =>
            compact({ target: keepTarget && target, actual: keepActual && actual }),
          )
        break
      case 'levels':
        input = fc
          .oneof(
            { weight: 30, arbitrary: fc.constantFrom(...rule.levels.map((level) => level.code)) },
            { weight: 1, arbitrary: fc.constant('unknownLevel') },
          )
          .map((level) => ({ level }))
        break
      case 'checklist':
        input = fc
          .tuple(flags(rule.items.map((item) => item.id)), chance(1 / 40))
          .map(([items, extra]) => ({ items: extra ? { ...items, unknownItem: true } : items }))
        break
      case 'violations':
        input = counts(rule.categories.map((category) => category.id)).map((values) => ({ counts: values }))
        break
      case 'assessorScore':
        input = scoreUpTo(toMicro(indicator.maxScore), 2).map((score) => ({ score }))
        break
      default:
        // A rate rule over custom fields: actual / target.
        input = ratio(thresholdsOf(rule).length > 0 ? thresholdsOf(rule) : pct(10000)).map(([actual, target]) => ({
          target,
          actual,
        }))
    }
    return maybe(
      input.map((value): [string, Json] => [indicator.id, value]),
      0.05,
    )
  })
  const unknown = fc.oneof(
    { weight: 40, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant<[string, Json]>(['notInTheRubric', { score: '1' }]) },
  )
  return fc.tuple(unknown, ...entries).map((pairs) => {
    const present = pairs.filter((pair): pair is [string, Json] => pair !== undefined)
    return present.length > 0 ? Object.fromEntries(present) : undefined
  })
}

function assessments(rubric: Rubric | undefined): fc.Arbitrary<Json | undefined> {
  return maybe(
    fc
      .record({
        managementSystem: maybe(
          flags(['internalFinancialRules', 'frugalityRules', 'lawfulAndComplete', 'effectivelyExecuted']),
          0.05,
        ),
        fundUseViolations: maybe(
          counts(['regulations', 'approvalProcedures', 'projectAppraisal', 'budgetPurpose', 'misappropriation']),
          0.05,
        ),
        disclosure: maybe(flags(['content', 'timeliness', 'truthful', 'complete', 'accurate']), 0.05),
        keyWork: maybe(keyWork(rubric), 0.05),
        economicBenefit: maybe(
          maybe(scoreUpTo(maxOf(rubric, 'economicBenefit', 3n * MICRO), 2), 0.03).map((score) => compact({ score })),
          0.05,
        ),
        socialBenefit: maybe(
          maybe(scoreUpTo(maxOf(rubric, 'socialBenefit', 3n * MICRO), 2), 0.03).map((score) => compact({ score })),
          0.05,
        ),
        administrativeEfficiency: maybe(fc.constantFrom('good', 'average', 'poor'), 0.05),
        satisfaction: maybe(satisfaction(rubric), 0.05),
        custom: customInputs(rubric),
      })
      .map(compact),
    0.02,
  )
}

/** The department's own scores: none, some or all indicators, within and (rarely) above their maxima. */
function selfAssessment(rubric: Rubric): fc.Arbitrary<Json | undefined> {
  const indicators = indicatorsOf(rubric)
  const claims = fc
    .tuple(...indicators.map((indicator) => maybe(scoreUpTo(toMicro(indicator.maxScore)), 0.3)))
    .map((values) => compact(Object.fromEntries(indicators.map((indicator, i) => [indicator.id, values[i]]))))
  // Refused, now and then: a claim above its maximum, or for an indicator the rubric does not have.
  const refused = fc.oneof(
    { weight: 60, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: fc.constant({ notAnIndicator: '1' }) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...indicators)
        .map((indicator) => ({ [indicator.id]: microText(toMicro(indicator.maxScore) + 1n) })),
    },
  )
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant({ scores: {} }) },
    { weight: 4, arbitrary: fc.tuple(claims, refused).map(([scores, extra]) => ({ scores: { ...scores, ...extra } })) },
  )
}

export const MODES: readonly DeductionMode[] = ['perFullStep', 'proportional', 'perStartedStep']

const options = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  {
    weight: 6,
    arbitrary: fc
      .record({
        deductionMode: maybe(fc.constantFrom(...MODES), 0.1),
        roundRateBeforeScoring: maybe(fc.boolean(), 0.2),
      })
      .map(compact),
  },
)

// ---------------------------------------------------------------------------------------------
// Custom rubrics

/** Odd decimals for rubric parameters: negative, fractional, 6 decimals, big. */
const LIMITS = ['100', '0', '-2.5', '99.995', '100.005', '105', '0.000001', '-100', '110', '90', '250.125']
const STEPS = ['1', '5', '0.000001', '3', '7.5', '0.01', '1000', '0.333333']
const POINTS = ['0.5', '0.8', '2', '0', '0.000001', '3.333333', '100', '1']
const CAPS = ['100', '50', '150', '99.995', '0', '0.000001', '1000']
const MAXIMA = ['5', '8', '0', '7.5', '3.333333', '12', '0.01', '99.999999', '1000']

const decimalText = (min: number, max: number) =>
  fc.integer({ min: min * 1000, max: max * 1000 }).map((value) => microText(BigInt(value) * 1_000n))
const oddDecimal = (list: readonly string[], min: number, max: number) =>
  fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...list) }, { weight: 1, arbitrary: decimalText(min, max) })
const unsignedText = (micro: bigint) => microText(micro < 0n ? 0n : micro)

/**
 * A share of an indicator's maximum, in millionths of it: none, all, eighths, any. Points are
 * drawn as shares and made from the maximum afterwards, so that rubrics need no fc.chain (which
 * builds new arbitraries for every case, and took most of the time to generate one).
 */
const SHARE = 1_000_000n
const shareDraw = fc.oneof(
  fc.constantFrom(0n, SHARE),
  fc.integer({ min: 0, max: 8 }).map((k) => (SHARE * BigInt(k)) / 8n),
  fc.bigInt({ min: 0n, max: SHARE }),
)
const shares = (count: number) => fc.array(shareDraw, { minLength: count, maxLength: count })
const partOf = (max: bigint, part: bigint) => unsignedText((max * part) / SHARE)

/** Everything a rate rule may need, drawn at once; which of it is used depends on `kind`. */
const rateRuleDraws = fc.record({
  kind: fc.constantFrom('stepDeduction', 'stepDeduction', 'stepDeduction', 'bands', 'bands', 'proportional'),
  limit: oddDecimal(LIMITS, -200, 300),
  direction: fc.constantFrom('above', 'below', 'both'),
  step: oddDecimal(STEPS, 0.001, 50),
  pointsPerStep: oddDecimal(POINTS, 0, 10),
  cap: oddDecimal(CAPS, 0, 500),
  bounds: fc.uniqueArray(
    fc.oneof(
      fc.constantFrom(0, 10_000, 20_000, 30_000, 70_000, 80_000, 90_000, 100_000, 99_995, 100_005, -2_500),
      fc.integer({ min: -200_000, max: 300_000 }),
    ),
    { maxLength: 5 },
  ),
  ascending: fc.boolean(),
  boundKinds: fc.array(fc.constantFrom('atLeast', 'above'), { minLength: 5, maxLength: 5 }),
  points: shares(6),
})
type RateRuleDraws = typeof rateRuleDraws extends fc.Arbitrary<infer T> ? T : never

/**
 * A rate rule with odd parameters. Bands are valid for validateRubric: upTo bounds rising, or
 * atLeast/above bounds falling, then the fallback; points within the maximum.
 */
function rateRule(draws: RateRuleDraws, max: bigint): Rule {
  switch (draws.kind) {
    case 'stepDeduction':
      return {
        kind: 'stepDeduction',
        limit: draws.limit,
        direction: draws.direction,
        step: draws.step,
        pointsPerStep: draws.pointsPerStep,
      }
    case 'proportional':
      return { kind: 'proportional', cap: draws.cap }
    default: {
      const sorted = [...draws.bounds].sort((a, b) => (draws.ascending ? a - b : b - a))
      const bands = sorted.map((value, i) => ({
        [draws.ascending ? 'upTo' : draws.boundKinds[i]!]: microText(BigInt(value) * 1_000n),
        points: partOf(max, draws.points[i]!),
      }))
      return { kind: 'bands', bands: [...bands, { points: partOf(max, draws.points[5]!) }] } as Rule
    }
  }
}

const maximum = oddDecimal(MAXIMA, 0, 20).map(toMicro)

const indicatorDraws = fc.record({
  changed: fc.boolean(),
  max: maximum,
  rate: rateRuleDraws,
  points: shares(20),
  pointsPerViolation: oddDecimal(POINTS, 0, 10),
})
type IndicatorDraws = typeof indicatorDraws extends fc.Arbitrary<infer T> ? T : never

/**
 * A built-in indicator as it is, or with another maximum and its rule's parameters changed (its
 * kind, and so its measure, kept).
 */
function variantIndicator(indicator: RubricIndicator, draws: IndicatorDraws): RubricIndicator {
  if (!draws.changed) return indicator
  const { max } = draws
  const rule = indicator.rule
  const changed = (newRule: Rule): RubricIndicator => ({ ...indicator, maxScore: microText(max), rule: newRule })
  switch (rule.kind) {
    case 'stepDeduction':
    case 'bands':
    case 'proportional':
      return changed(rateRule(draws.rate, max))
    case 'checklist':
      return changed({
        ...rule,
        items: rule.items.map((item, i) => ({
          ...item,
          points: partOf(max / BigInt(rule.items.length), draws.points[i]!),
        })),
      })
    case 'violations':
      return changed({ ...rule, pointsPerViolation: draws.pointsPerViolation })
    case 'levels':
      return changed({
        ...rule,
        levels: rule.levels.map((level, i) => ({ ...level, points: partOf(max, draws.points[i]!) })),
      })
    default:
      return changed(rule)
  }
}

const CUSTOM_KINDS = [
  'targetHigher',
  'targetLower',
  'levels',
  'checklist',
  'violations',
  'assessorScore',
  'rate',
] as const

const addedDraws = fc.record({
  kind: fc.constantFrom(...CUSTOM_KINDS),
  count: fc.integer({ min: 1, max: 4 }),
  indicator: indicatorDraws,
})
type AddedDraws = typeof addedDraws extends fc.Arbitrary<infer T> ? T : never

/** A department-specific indicator fed by assessments.custom/<id>. */
function addedIndicator(id: string, { kind, count, indicator: draws }: AddedDraws): RubricIndicator {
  const { max } = draws
  const base = {
    id,
    name: `个性化指标${id}`,
    nameEn: `Department-specific ${id}`,
    maxScore: microText(max),
    standard: '按评价体系计分',
  }
  const at = `/assessments/custom/${id}`
  const value = (pointer: string) => ({ kind: 'value' as const, pointer })
  const numbered = <T>(make: (i: number) => T) => Array.from({ length: count }, (_v, i) => make(i))
  switch (kind) {
    case 'targetHigher':
    case 'targetLower':
      return {
        ...base,
        measure: value(at),
        rule: { kind: 'targetAttainment', direction: kind === 'targetHigher' ? 'higherIsBetter' : 'lowerIsBetter' },
      }
    case 'levels':
      return {
        ...base,
        measure: value(`${at}/level`),
        rule: {
          kind: 'levels',
          levels: numbered((i) => ({
            code: `level${i}`,
            label: `档次${i}`,
            labelEn: `level ${i}`,
            points: partOf(max, draws.points[i]!),
          })),
        },
      }
    case 'checklist':
      return {
        ...base,
        measure: value(`${at}/items`),
        rule: {
          kind: 'checklist',
          items: numbered((i) => ({
            id: `item${i}`,
            text: `事项${i}`,
            textEn: `item ${i}`,
            points: partOf(max / BigInt(count), draws.points[i]!),
          })),
        },
      }
    case 'violations':
      return {
        ...base,
        measure: value(`${at}/counts`),
        rule: {
          kind: 'violations',
          pointsPerViolation: draws.pointsPerViolation,
          categories: numbered((i) => ({ id: `kind${i}`, text: `类别${i}`, textEn: `kind ${i}` })),
        },
      }
    case 'assessorScore':
      return { ...base, measure: value(`${at}/score`), rule: { kind: 'assessorScore' } }
    case 'rate':
      return {
        ...base,
        measure: { kind: 'ratio', numerator: `${at}/actual`, denominator: `${at}/target` },
        rule: rateRule(draws.rate, max),
      }
  }
}

/** Grades with odd minima, strictly decreasing, the last at 0 or below. */
const grades = fc
  .record({
    minima: fc.uniqueArray(
      fc.oneof(
        fc.constantFrom(90_000, 80_000, 60_000, 89_995, 60_010, 100_000, 1),
        fc.integer({ min: 1, max: 120_000 }),
      ),
      { maxLength: 4 },
    ),
    last: fc.constantFrom('0', '-0', '-0.01', '-5', '-1000'),
  })
  .map(({ minima, last }) => {
    const texts = [...minima].sort((a, b) => b - a).map((value) => microText(BigInt(value) * 1_000n))
    return [...texts, last].map((minScore, i) => ({
      code: `grade${i}`,
      label: `等级${i}`,
      labelEn: `grade ${i}`,
      minScore,
    }))
  })

/** The sum of maxScores, in millionths. */
const sumOf = (items: readonly { maxScore: string }[]) => items.reduce((sum, item) => sum + toMicro(item.maxScore), 0n)

/**
 * The built-in rubric without the long texts that only people read (notes, source, descriptions):
 * every inline rubric is validated and hashed per request, and its texts took most of that time.
 * The built-in rubric itself, texts and all, is the default of the other requests.
 */
const LEAN: Rubric = {
  ...BUILT_IN,
  source: undefined,
  notes: undefined,
  notesEn: undefined,
  categories: BUILT_IN.categories.map((category) => ({
    ...category,
    children: category.children.map((child) => ({
      ...child,
      indicators: child.indicators.map(
        ({ description: _description, notes: _notes, notesEn: _notesEn, ...indicator }) => ({
          ...indicator,
          standard: indicator.standard.slice(0, 40),
        }),
      ),
    })),
  })),
}

/**
 * A variant of the built-in rubric: indicators with other maxima and parameters, perhaps a
 * category of added indicators, odd grades, every maxScore sum computed so that it validates.
 */
export const customRubric: fc.Arbitrary<Rubric> = fc
  .record({
    indicators: fc.array(indicatorDraws, {
      minLength: indicatorsOf(LEAN).length,
      maxLength: indicatorsOf(LEAN).length,
    }),
    added: fc.oneof(fc.constant<AddedDraws[]>([]), fc.array(addedDraws, { minLength: 1, maxLength: 4 })),
    grades,
    id: fc.constantFrom('district-variant', 'yuhua-2021', 'x'),
    version: fc.string({ maxLength: 10 }),
  })
  .map(({ indicators: draws, added: addedList, grades: gradeList, id, version }) => {
    let next = 0
    const categories = LEAN.categories.map((category) => {
      const children = category.children.map((child) => {
        const own = child.indicators.map((indicator) => variantIndicator(indicator, draws[next++]!))
        return { ...child, maxScore: microText(sumOf(own)), indicators: own }
      })
      return { ...category, maxScore: microText(sumOf(children)), children }
    })
    if (addedList.length > 0) {
      const added = addedList.map((draw, i) => addedIndicator(`custom${i}`, draw))
      const child = {
        id: 'departmentSpecific',
        name: '个性化指标',
        nameEn: 'Department-specific',
        maxScore: microText(sumOf(added)),
        indicators: added,
      }
      categories.push({ id: 'custom', name: '个性化', nameEn: 'Custom', maxScore: child.maxScore, children: [child] })
    }
    return compact({
      ...LEAN,
      id,
      version,
      grades: gradeList,
      maxScore: microText(sumOf(categories)),
      categories,
    }) as Rubric
  })

// ---------------------------------------------------------------------------------------------
// Requests

const department = fc.record(
  {
    name: fc.oneof(
      fc.constantFrom('长沙市雨花区民政局', 'Dept "quoted" \\ / \u2028'),
      fc.string({ minLength: 1, maxLength: 20 }),
    ),
    code: fc.string({ minLength: 1, maxLength: 10 }),
  },
  { requiredKeys: ['name'] },
)

/** Which rubric a request uses: the default, the built-in by id, an unknown id (404), its own inline rubric. */
const rubricChoice = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ rubricId: undefined, rubric: undefined }) },
  { weight: 4, arbitrary: fc.constant({ rubricId: 'yuhua-2021', rubric: undefined }) },
  { weight: 1, arbitrary: fc.constant({ rubricId: 'no-such-rubric', rubric: undefined }) },
  { weight: 30, arbitrary: customRubric.map((rubric) => ({ rubricId: undefined, rubric })) },
  // Both a rubricId and an inline rubric: refused.
  { weight: 1, arbitrary: customRubric.map((rubric) => ({ rubricId: 'yuhua-2021', rubric })) },
)

/** The fields of a request for its rubric (absent: the built-in one), and the language asked for. */
const fieldsFor = (rubric: Rubric | undefined) =>
  fc.record({
    department,
    fiscalYear: fc.integer({ min: 2000, max: 2100 }),
    baseData: baseData(rubric),
    assessments: assessments(rubric),
    selfAssessment: selfAssessment(rubric ?? BUILT_IN),
    options,
    language: fc.constantFrom<Language>('zh', 'en'),
  })

// Built once: building the arbitraries anew for every case took as long as drawing from them.
const builtInFields = fieldsFor(undefined)

/**
 * Requests over the whole space, a fifth of them with an inline rubric (which costs three times as
 * much to score); and the language asked for.
 */
export const differentialCases: fc.Arbitrary<DifferentialCase> = fc
  .oneof(
    { weight: 3, arbitrary: fc.constant({ rubricId: undefined, rubric: undefined }) },
    { weight: 1, arbitrary: rubricChoice },
  )
  .chain(({ rubricId, rubric }) =>
    (rubric ? fieldsFor(rubric) : builtInFields).map(({ language, ...fields }) => ({
      body: compact({ rubricId, rubric, ...fields }) as unknown as EvaluationRequest,
      language,
    })),
  )

/** A body as JSON text for a failure message: -0 written as -0 (JSON.stringify would write 0). */
export function bodyText(body: unknown): string {
  const NEGATIVE_ZERO = '\u0000-0\u0000'
  return JSON.stringify(body, (_key, value: unknown) => (Object.is(value, -0) ? NEGATIVE_ZERO : value), 1).replaceAll(
    JSON.stringify(NEGATIVE_ZERO),
    '-0',
  )
}
