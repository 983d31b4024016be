import { Ajv } from 'ajv'

/**
 * Fastify's defaults turn a submitted 0 into null, "5" into 5, and drop unknown keys silently; for
 * scores a typo must be a 400, never a zero. allErrors is safe because every string and array in
 * the schemas is bounded.
 */
export const AJV_OPTIONS = { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: true } as const

/** Errors carry the schema that failed, so that a failed union can be told apart (schema-errors.ts). */
const ERROR_DETAIL = { verbose: true } as const

/** An Ajv with the routes' options. */
export function createAjv(): Ajv {
  return new Ajv({ ...AJV_OPTIONS, ...ERROR_DETAIL, strict: false })
}

/**
 * The one Ajv the routes and the batch items share. Ajv caches what it compiles by schema object,
 * so the evaluation request schema (large: it holds a whole rubric) is compiled once, not once
 * for the route and again for each batch item.
 */
export const validator = createAjv()
