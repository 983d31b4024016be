import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import { RubricSchema, type Rubric } from '../../schemas/rubric.js'

/**
 * Fastify's defaults turn a submitted 0 into null, "5" into 5, and drop unknown keys silently; for
 * scores a typo must be a 400, never a zero.
 */
const AJV_OPTIONS = { coerceTypes: false, removeAdditional: false, useDefaults: false } as const

/**
 * An Ajv with the routes' options; `detail`: every error (allErrors is safe because every string
 * and array in the schemas is bounded), each carrying the schema that failed, so that a failed
 * union can be told apart (schema-errors.ts).
 *
 * inlineRefs off: a reference to the rubric calls its one compiled function (see compileSchema).
 * Without the code optimizer, compiling takes half the time, and validating a request no longer
 * (README, Performance). validateSchema off: the schemas are TypeBox's, and the OpenAPI test checks
 * them all against the OpenAPI 3.1 meta-schema, which need not be done again at every start.
 */
function createAjv(detail: boolean): Ajv {
  return new Ajv({
    ...AJV_OPTIONS,
    allErrors: detail,
    verbose: detail,
    strict: false,
    inlineRefs: false,
    validateSchema: false,
    code: { optimize: false },
  })
}

/** The Ajv that reports every error in detail; the tests check answers with it too. */
export const validator = createAjv(true)
/** The Ajv that stops at the first error: its validators are a third the size, and compile in a third of the time. */
const firstError = createAjv(false)

const stripped = new WeakMap<object, unknown>()

/**
 * A schema without its `$id`s. An `$id` names a component of the OpenAPI document
 * (src/openapi-components.ts); to Ajv it would be a resource of its own, which may be compiled only
 * once, while the named schemas appear in several route schemas. A copy is made once per object,
 * and only where an `$id` is below, so that shared parts stay shared (see quickForm).
 */
export function withoutIds<T>(schema: T): T {
  if (typeof schema !== 'object' || schema === null) return schema
  let copy = stripped.get(schema)
  if (copy === undefined) {
    if (Array.isArray(schema)) {
      const items = schema.map(withoutIds)
      copy = items.some((item, index) => item !== schema[index]) ? items : schema
    } else {
      const entries = Object.entries(schema)
      const kept = entries.map(([key, value]): [string, unknown] =>
        [key, key === 'const' || key === 'enum' || key === 'examples' ? value : withoutIds(value)])
      const changed = '$id' in schema || kept.some(([, value], index) => value !== entries[index]![1])
      copy = changed ? Object.fromEntries(kept.filter(([key]) => key !== '$id')) : schema
    }
    stripped.set(schema, copy)
  }
  return copy as T
}

const RUBRIC_REF = 'rubric'
validator.addSchema(withoutIds(RubricSchema), RUBRIC_REF)
firstError.addSchema(withoutIds(RubricSchema), RUBRIC_REF)

/** A validator as the routes call it: true, or false with every error in `errors`. */
export interface Validate<T> {
  (data: unknown): data is T
  errors?: ErrorObject[] | null
}

/**
 * A validator in two stages: the one that stops at the first error answers for the bodies that
 * are valid, nearly all of them; the detailed one, compiled the first time a body fails, finds
 * every error of the bodies that are not. Both check the same schema, so they agree on validity.
 * The service starts sooner; the first refused body waits for that compilation once.
 */
function twoStage<T>(quick: ValidateFunction, detailed: () => ValidateFunction): Validate<T> {
  let explain: ValidateFunction | undefined
  const validate = ((data: unknown) => {
    if (quick(data)) {
      validate.errors = null
      return true
    }
    explain ??= detailed()
    const valid = explain(data)
    validate.errors = explain.errors
    return valid
  }) as Validate<T>
  return validate
}

type SchemaNode = {
  type?: unknown
  $ref?: string
  properties?: Record<string, SchemaNode>
  patternProperties?: Record<string, SchemaNode>
  additionalProperties?: unknown
  propertyNames?: SchemaNode
  pattern?: string
}

const isObjectSchema = (schema: SchemaNode) => schema.type === 'object'
const childrenOf = (schema: SchemaNode) => [
  ...Object.values(schema.properties ?? {}),
  ...Object.values(schema.patternProperties ?? {}),
]
const mapValues = (record: Record<string, SchemaNode>, map: (schema: SchemaNode) => SchemaNode) =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]))
const parts = new WeakMap<SchemaNode, string>()
let partCount = 0

/**
 * The schema as the first-error validator compiles it: the same constraints in a form that runs
 * faster. Only the schema paths of its errors differ, and those errors are never shown (see
 * twoStage).
 * - Every object that holds objects becomes a reference, which Ajv compiles to a function of its
 *   own: V8 never optimizes a function of more than 60 KB of bytecode, and the request schema
 *   written as one function is larger.
 * - A record (one patternProperties, no other property allowed) becomes propertyNames and
 *   additionalProperties: Ajv then matches each key against the pattern once instead of twice.
 */
function quickForm(schema: SchemaNode): SchemaNode {
  const part = (child: SchemaNode): SchemaNode => {
    if (!isObjectSchema(child) || !childrenOf(child).some(isObjectSchema)) return quickForm(child)
    let key = parts.get(child)
    if (key === undefined) {
      key = `part-${partCount++}`
      firstError.addSchema(quickForm(child), key)
      parts.set(child, key)
    }
    return { $ref: key }
  }
  const records = Object.entries(schema.patternProperties ?? {})
  if (records.length === 1 && schema.properties === undefined && schema.additionalProperties === false) {
    const { patternProperties: _record, ...rest } = schema
    const [pattern, values] = records[0]!
    return { ...rest, propertyNames: { pattern }, additionalProperties: part(values) }
  }
  return schema.properties ? { ...schema, properties: mapValues(schema.properties, part) } : schema
}

/** A schema that is the rubric (the documents spread it, sharing its properties). */
const isRubric = (schema: unknown): boolean =>
  (schema as { properties?: unknown } | undefined)?.properties === RubricSchema.properties

const compiled = new WeakMap<object, Validate<unknown>>()

/**
 * Compiles a route's schema, once per schema object, with every rubric in it (the body of
 * POST /v1/rubrics/validate, an evaluation's inline rubric) replaced by a reference to the one
 * rubric schema, so that the large rubric schema is compiled once: this took about a third off the
 * time to start.
 */
export function compileSchema<T = unknown>(schema: object): Validate<T> {
  if (isRubric(schema)) return validateRubricSchema() as Validate<T>
  let validate = compiled.get(schema)
  if (!validate) {
    const properties = (schema as { properties?: Record<string, unknown> }).properties
    const target = withoutIds(
      properties && isRubric(properties.rubric)
        ? { ...schema, properties: { ...properties, rubric: { $ref: RUBRIC_REF } } }
        : schema,
    )
    compiled.set(schema, (validate = twoStage(firstError.compile(quickForm(target)), () => validator.compile(target))))
  }
  return validate as Validate<T>
}

let rubricValidator: Validate<Rubric> | undefined

/** The rubric schema, compiled once. */
export function validateRubricSchema(): Validate<Rubric> {
  return (rubricValidator ??= twoStage(firstError.getSchema(RUBRIC_REF)!, () => validator.getSchema(RUBRIC_REF)!))
}
