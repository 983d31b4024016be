import { Decimal } from 'decimal.js'
import { SIGNED_DECIMAL_PATTERN } from '../../schemas/common.js'

/**
 * The service's own Decimal: 64 significant digits, so that a ratio of two 21-digit inputs is
 * exact far beyond the 2 decimals it is rounded to (the default 20 digits would round large sums
 * silently), and exponents bounded so that no value can grow without limit.
 */
export const Dec = Decimal.clone({
  precision: 64,
  rounding: Decimal.ROUND_HALF_UP,
  minE: -64,
  maxE: 64,
  toExpNeg: -64,
  toExpPos: 64,
})
export type Dec = InstanceType<typeof Dec>

// Constants to compare and multiply with: decimal.js turns a number argument into a new Decimal
// every time, and multiplying by 0.01 (exact) costs a tenth of dividing by 100 at 64 digits.
export const ZERO = new Dec(0)
export const HUNDRED = new Dec(100)
export const PERCENT = new Dec('0.01')

const DECIMAL_TEXT = new RegExp(SIGNED_DECIMAL_PATTERN)

/**
 * Whether a value read from a request is a decimal the engine can take: a number, or a string
 * written as one. A custom rubric may point a measure at a field that holds text (such as
 * frugalityMeasures); that is missing data, never a failure.
 */
export function isDecimalInput(value: unknown): value is number | string {
  return typeof value === 'number' ? Number.isFinite(value) : typeof value === 'string' && DECIMAL_TEXT.test(value)
}

/** A request or rubric decimal (already validated) as a Decimal. */
export function toDec(value: number | string): Dec {
  return new Dec(value)
}

/** A request's decimals by pointer: each is parsed once, however many rules read it. */
export type ParsedInputs = Map<string, Dec>

export function parsedAt(parsed: ParsedInputs, pointer: string, value: number | string): Dec {
  let decimal = parsed.get(pointer)
  if (decimal === undefined) parsed.set(pointer, (decimal = toDec(value)))
  return decimal
}

/** Half up to 2 decimals, as every score and rate is shown. */
export function round2(value: Dec): Dec {
  return value.decimalPlaces() <= 2 ? value : value.toDecimalPlaces(2, Dec.ROUND_HALF_UP)
}

/**
 * The wire form of a score or a rate: a string with exactly 2 decimals, half up. Most values
 * already have at most 2 (every score does), and padding their digits is much cheaper than
 * decimal.js's own rounding.
 */
export function fixed2(value: Dec): string {
  const places = value.decimalPlaces()
  if (places > 2) {
    const text = value.toFixed(2, Dec.ROUND_HALF_UP)
    return text === '-0.00' ? '0.00' : text
  }
  const digits = value.toFixed()
  return places === 2 ? digits : places === 1 ? `${digits}0` : `${digits}.00`
}

/** A decimal of at most 6 fractional digits (every input is) as an integer of millionths. */
function millionths(value: Dec): bigint {
  return BigInt(value.toFixed(6).replace('.', ''))
}

/**
 * numerator / denominator × 100, half up (away from zero) to 2 decimals, exactly, for inputs of at
 * most 6 decimals (every request decimal): integer hundredths from BigInt division, about twice as
 * quick as dividing with decimal.js at 64 digits and rounding after (README, Performance). Operands
 * with more decimals are divided the slow way, so the result is exact whatever it is given. The
 * denominator is not zero.
 */
export function ratePercent(numerator: Dec, denominator: Dec): Dec {
  if (numerator.decimalPlaces() > 6 || denominator.decimalPlaces() > 6)
    return round2(numerator.div(denominator).times(HUNDRED))
  let top = millionths(numerator) * 10_000n
  let bottom = millionths(denominator)
  if (bottom < 0n) {
    top = -top
    bottom = -bottom
  }
  const negative = top < 0n
  const hundredths = ((negative ? -top : top) * 2n + bottom) / (bottom * 2n)
  const digits = hundredths.toString().padStart(3, '0')
  return new Dec(`${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`)
}

/** A rubric parameter as a person writes it: "100", "0.5". */
export function plain(value: Dec): string {
  return value.toFixed()
}

const RUBRIC_DECIMALS = new WeakMap<object, Map<string, Dec>>()

/**
 * A decimal written in a rubric, parsed once per rubric object rather than once per evaluation.
 * Keyed weakly by the rubric's own object, so an inline rubric's cache goes with its request.
 */
export function rubricDec(owner: object, text: string): Dec {
  let cache = RUBRIC_DECIMALS.get(owner)
  if (!cache) RUBRIC_DECIMALS.set(owner, (cache = new Map()))
  let value = cache.get(text)
  if (!value) cache.set(text, (value = new Dec(text)))
  return value
}
