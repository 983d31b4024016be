import { Type, type Static, type TSchema } from 'typebox'

/**
 * Decimals travel as strings so that no binary float ever touches money or a score. A request may
 * also send a plain JSON number; either way at most 15 integer and 6 fractional digits and no
 * exponent (an exponent like "1e1000000000" can exhaust memory when expanded).
 */
export const UNSIGNED_DECIMAL_PATTERN = '^\\d{1,15}(\\.\\d{1,6})?$'
export const SIGNED_DECIMAL_PATTERN = '^-?\\d{1,15}(\\.\\d{1,6})?$'
const DECIMAL_MAX = 999_999_999_999_999

/**
 * A request's decimal as one schema with two types rather than an anyOf of a number and a string:
 * JSON Schema applies minimum and maximum to numbers only and pattern and maxLength to strings
 * only, so it means the same, and a validator checks it without building and dropping the error
 * of the branch not taken. src/validation/schema-errors.ts reports any error of it as `decimal`.
 */
function decimalSchema(limits: { minimum: number; pattern: string; maxLength: number }, description: string) {
  return Type.Unsafe<number | string>({
    type: ['number', 'string'],
    minimum: limits.minimum,
    maximum: DECIMAL_MAX,
    pattern: limits.pattern,
    maxLength: limits.maxLength,
    description,
  })
}

export const NonNegativeDecimalSchema = decimalSchema(
  { minimum: 0, pattern: UNSIGNED_DECIMAL_PATTERN, maxLength: 22 },
  '非负十进制数（JSON 数字或字符串，最多 15 位整数、6 位小数，不接受指数）/ A non-negative decimal: a JSON ' +
    'number or a string such as "12.34" (≤ 15 integer and 6 fractional digits, no exponent).',
)

export const SignedDecimalSchema = decimalSchema(
  { minimum: -DECIMAL_MAX, pattern: SIGNED_DECIMAL_PATTERN, maxLength: 23 },
  '十进制数，可为负（调减）/ A decimal that may be negative (a budget cut): a JSON number or a string such as "-12.34".',
)

export type DecimalInput = Static<typeof SignedDecimalSchema>

/** A decimal in a rubric document: always a string, so the rubric is exact as written. */
export const RubricDecimalSchema = Type.String({ pattern: SIGNED_DECIMAL_PATTERN, maxLength: 23 })

/** A rubric's maxima, points and steps: never negative (a negative step or points would reward an overrun). */
export const RubricAmountSchema = Type.String({ pattern: UNSIGNED_DECIMAL_PATTERN, maxLength: 22 })

/** Every decimal the service answers with: a string with exactly two decimals. */
export const ScoreSchema = Type.String({ pattern: '^-?\\d{1,16}\\.\\d{2}$', maxLength: 24, examples: ['4.80'] })

export const IDENTIFIER_PATTERN = '^[A-Za-z][A-Za-z0-9_-]{0,63}$'
export const IdentifierSchema = Type.String({ pattern: IDENTIFIER_PATTERN, maxLength: 64 })

/** A JSON Pointer (RFC 6901) into a request body. */
export const JsonPointerSchema = Type.String({ pattern: '^(/[^/~]*(~[01][^/~]*)*)*$', maxLength: 256 })

/**
 * `T | null` as `type: [T's type, "null"]` rather than `anyOf`: the same JSON Schema 2020-12 (and
 * OpenAPI 3.1) meaning, in a form code generators turn into a plain nullable field; a named schema
 * as `anyOf` its reference and null.
 */
export function Nullable<T extends TSchema & { type: string }>(schema: T, options: Record<string, unknown> = {}) {
  // A named schema (a component of the OpenAPI document) stays whole, so that the document refers to it.
  if (typeof (schema as { $id?: unknown }).$id === 'string') {
    return Type.Unsafe<Static<T> | null>({ anyOf: [schema, { type: 'null' }], ...options })
  }
  return Type.Unsafe<Static<T> | null>({ ...schema, ...options, type: [schema.type, 'null'] })
}

/** A string from a fixed list, as `enum` (one check) rather than an anyOf of consts. */
export function StringEnum<const T extends readonly string[]>(values: T, options: Record<string, unknown> = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options })
}
