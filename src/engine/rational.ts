/**
 * Exact rationals of BigInts, for the headroom's breakpoints: where a rule's score changes, and
 * which input value brings a rate there, solved without rounding.
 */
export interface Rational {
  readonly n: bigint
  /** Always above 0. */
  readonly d: bigint
}

/**
 * Not reduced: the headroom's chains of operations are a few steps long, and a greatest common
 * divisor at every step would cost more than the larger numbers it saves.
 */
export function rational(n: bigint, d = 1n): Rational {
  return d < 0n ? { n: -n, d: -d } : { n, d }
}

export const R0 = rational(0n)
export const R100 = rational(100n)

export const add = (a: Rational, b: Rational) => rational(a.n * b.d + b.n * a.d, a.d * b.d)
export const sub = (a: Rational, b: Rational) => rational(a.n * b.d - b.n * a.d, a.d * b.d)
export const mul = (a: Rational, b: Rational) => rational(a.n * b.n, a.d * b.d)
/** a / b; b is not 0. */
export const div = (a: Rational, b: Rational) => rational(a.n * b.d, a.d * b.n)
export const cmp = (a: Rational, b: Rational) => {
  const difference = a.n * b.d - b.n * a.d
  return difference < 0n ? -1 : difference > 0n ? 1 : 0
}
export const sign = (a: Rational) => (a.n < 0n ? -1 : a.n > 0n ? 1 : 0)

/** The greatest integer at most a/b, b > 0 (a rational's denominator). */
function floorDiv(a: bigint, b: bigint): bigint {
  const quotient = a / b
  return a < 0n && quotient * b !== a ? quotient - 1n : quotient
}

export const floor = (a: Rational) => floorDiv(a.n, a.d)
export const isWhole = (a: Rational) => a.n % a.d === 0n
export const ceil = (a: Rational) => -floorDiv(-a.n, a.d)

/** A plain decimal ("-12.345", "7") as a rational. */
export function parseRational(text: string): Rational {
  const negative = text.startsWith('-')
  const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.')
  const n = BigInt(`${whole}${fraction}`)
  return rational(negative ? -n : n, 10n ** BigInt(fraction.length))
}
