import { Ajv, type ValidateFunction } from 'ajv'
import { RubricSchema, type Rubric } from '../../schemas/rubric.js'

/**
 * Fastify's defaults turn a submitted 0 into null, "5" into 5, and drop unknown keys silently; for
 * scores a typo must be a 400, never a zero. allErrors is safe because every string and array in
 * the schemas is bounded.
 */
const AJV_OPTIONS = { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: true } as const

/** Errors carry the schema that failed, so that a failed union can be told apart (schema-errors.ts). */
const ERROR_DETAIL = { verbose: true } as const

/** An Ajv with the routes' options. */
export function createAjv(): Ajv {
  // inlineRefs off: a reference to the rubric calls its one compiled function (see compileSchema).
  // Without the code optimizer, compiling takes half the time (the request and rubric schemas
  // compiled in 300 ms with it, 150 ms without; validating a request took no longer).
  // validateSchema off: the schemas are TypeBox's, and the OpenAPI test checks them all against the
  // OpenAPI 3.1 meta-schema; checking the rubric schema against draft-07 at every start cost 30 ms.
  return new Ajv({ ...AJV_OPTIONS, ...ERROR_DETAIL, strict: false, inlineRefs: false, validateSchema: false, code: { optimize: false } })
}

/**
 * The one Ajv the routes and the batch items share. Ajv caches what it compiles by schema object,
 * so the evaluation request schema is compiled once, not once for the route and again for each
 * batch item.
 */
export const validator = createAjv()

const RUBRIC_REF = 'rubric'
validator.addSchema(RubricSchema, RUBRIC_REF)

/** A schema that is the rubric (the documents spread it, sharing its properties). */
const isRubric = (schema: unknown): boolean => (schema as { properties?: unknown } | undefined)?.properties === RubricSchema.properties

/**
 * Compiles a route's schema with every rubric in it (the body of POST /v1/rubrics/validate, an
 * evaluation's inline rubric) replaced by a reference to the one rubric schema, so that the large
 * rubric schema is compiled once: this took about a third off the time to start.
 */
export function compileSchema<T = unknown>(schema: object): ValidateFunction<T> {
  if (isRubric(schema)) return validateRubricSchema() as ValidateFunction<T>
  const properties = (schema as { properties?: Record<string, unknown> }).properties
  if (!properties || !isRubric(properties.rubric)) return validator.compile<T>(schema)
  let compiled = withRubricRef.get(schema)
  if (!compiled) withRubricRef.set(schema, (compiled = validator.compile({ ...schema, properties: { ...properties, rubric: { $ref: RUBRIC_REF } } })))
  return compiled as ValidateFunction<T>
}

const withRubricRef = new WeakMap<object, ValidateFunction>()

/** The rubric schema, compiled once. */
export function validateRubricSchema(): ValidateFunction<Rubric> {
  return validator.getSchema<Rubric>(RUBRIC_REF)!
}
