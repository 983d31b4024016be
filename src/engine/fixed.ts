import { Dec } from './decimal.js'

/**
 * Exact decimal arithmetic on plain numbers: a decimal of at most 6 fractional digits (every
 * request and rubric decimal is one) as an integer count of millionths. A double holds every
 * integer up to 2^53 − 1 exactly, and the sum, difference or product of two such integers is
 * exact whenever it is itself within that range: `safe` checks every result, and a value out of
 * range throws OUT_OF_RANGE, which sends the whole evaluation to the decimal.js interpreter (the
 * reference). Division is only ever integer division with its remainder (`divFloor`), which is
 * exact. No binary fraction is ever formed.
 */

/** Thrown when a value leaves the range in which plain numbers are proven exact. */
export const OUT_OF_RANGE: unique symbol = Symbol('out of the exact range of the fast path')

export const MILLION = 1_000_000
/** The largest whole part whose millionths stay within 2^53 − 1 with any 6 fractional digits. */
const MAX_WHOLE = Math.floor((Number.MAX_SAFE_INTEGER - 999_999) / MILLION)
const POWERS = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000]

/** The value itself, when it is an integer within ±(2^53 − 1); OUT_OF_RANGE otherwise. */
export function safe(value: number): number {
  if (!Number.isSafeInteger(value)) throw OUT_OF_RANGE
  return value
}

/**
 * Millionths of a decimal written as `^-?\d{1,15}(\.\d{1,6})?$`; NaN when the text is not such a
 * decimal (a custom rubric may point a measure at a text field), OUT_OF_RANGE when it is one too
 * large for the fast path.
 */
export function parseMillionths(text: string): number {
  const length = text.length
  let index = text.charCodeAt(0) === 45 /* - */ ? 1 : 0
  const negative = index === 1
  let whole = 0
  let digits = 0
  for (; index < length; index++) {
    const code = text.charCodeAt(index)
    if (code === 46 /* . */) break
    if (code < 48 || code > 57 || ++digits > 15) return NaN
    whole = whole * 10 + (code - 48)
  }
  if (digits === 0) return NaN
  let fraction = 0
  let places = 0
  if (index < length) {
    for (index++; index < length; index++) {
      const code = text.charCodeAt(index)
      if (code < 48 || code > 57 || ++places > 6) return NaN
      fraction = fraction * 10 + (code - 48)
    }
    if (places === 0) return NaN
  }
  if (whole > MAX_WHOLE) throw OUT_OF_RANGE
  const value = whole * MILLION + fraction * POWERS[6 - places]!
  return negative ? -value : value
}

/**
 * Millionths of a value read from a request: a finite number or a decimal string; NaN for
 * anything else (the interpreter's `isDecimalInput` is false for exactly those).
 */
export function millionthsOf(value: unknown): number {
  if (typeof value === 'string') return parseMillionths(value)
  if (typeof value !== 'number' || !Number.isFinite(value)) return NaN
  if (Number.isInteger(value) && Math.abs(value) <= MAX_WHOLE) return value * MILLION
  // A number with a fraction: JSON numbers reach the engine with at most 15 significant digits
  // (src/plugins/json-numbers.ts quotes longer ones), so its shortest text is the one written.
  const parsed = parseMillionths(String(value))
  if (Number.isNaN(parsed)) throw OUT_OF_RANGE
  return parsed
}

/** floor(a / b) for integers, b > 0, exactly: the remainder of two doubles is exact. */
export function divFloor(a: number, b: number): number {
  const remainder = a % b
  const quotient = (a - remainder) / b
  return remainder < 0 ? quotient - 1 : quotient
}

/** ceil(a / b) for integers, b > 0. */
export function divCeil(a: number, b: number): number {
  return -divFloor(-a, b)
}

/** a / b rounded half away from zero (decimal.js's ROUND_HALF_UP), b > 0. */
export function divHalfUp(a: number, b: number): number {
  const magnitude = divFloor(safe(2 * Math.abs(a) + b), 2 * b)
  return a < 0 ? -magnitude : magnitude
}

/** Hundredths of millionths, half up: a score or a rate rounded to 2 decimals. */
export function hundredthsOf(millionths: number): number {
  return divHalfUp(millionths, 10_000)
}

/**
 * numerator / denominator × 100 in hundredths, half up, exactly (the denominator is not 0): plain
 * numbers while 2·|n|·10^4 + |d| is within range, BigInt beyond, and OUT_OF_RANGE only for a rate
 * too large to be a safe integer of hundredths.
 */
export function rateHundredths(numerator: number, denominator: number): number {
  const top = Math.abs(numerator)
  const bottom = Math.abs(denominator)
  const twice = 2 * top * 10_000 + bottom
  let magnitude: number
  if (Number.isSafeInteger(twice) && Number.isSafeInteger(2 * bottom)) magnitude = divFloor(twice, 2 * bottom)
  else magnitude = Number((2n * BigInt(top) * 10_000n + BigInt(bottom)) / (2n * BigInt(bottom)))
  safe(magnitude)
  return numerator < 0 !== denominator < 0 ? -magnitude : magnitude
}

function twoDigits(value: number): string {
  return value < 10 ? `0${value}` : String(value)
}

/** Hundredths as the wire form of a score or a rate: "4.80", "-1.50", never "-0.00". */
export function formatHundredths(hundredths: number): string {
  const magnitude = Math.abs(hundredths)
  const text = `${(magnitude - (magnitude % 100)) / 100}.${twoDigits(magnitude % 100)}`
  return hundredths < 0 ? `-${text}` : text
}

/** Millionths rounded half up to the wire form with 2 decimals (the interpreter's fixed2). */
export function fixed2(millionths: number): string {
  return formatHundredths(hundredthsOf(millionths))
}

/** a ≥ b for two decimals written out (no exponent), exactly: in millionths, or with decimal.js beyond their range. */
export function atLeast(a: string, b: string): boolean {
  try {
    const first = parseMillionths(a)
    const second = parseMillionths(b)
    if (!Number.isNaN(first) && !Number.isNaN(second)) return first >= second
  } catch {
    // parseMillionths throws only OUT_OF_RANGE: decimal.js decides beyond the range.
  }
  return new Dec(a).gte(b)
}

/** Millionths as a person writes the decimal: no trailing zeros ("4.83", "100", "0.5", "-2"). */
export function plain(millionths: number): string {
  const magnitude = Math.abs(millionths)
  const fraction = magnitude % MILLION
  const whole = (magnitude - fraction) / MILLION
  let text = String(whole)
  if (fraction !== 0) text += `.${String(fraction).padStart(6, '0').replace(/0+$/, '')}`
  return millionths < 0 ? `-${text}` : text
}
