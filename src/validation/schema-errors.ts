import type { FastifySchemaValidationError } from 'fastify/types/schema.js'
import type { ProblemError } from '../../schemas/problem.js'
import type { Language } from '../engine/explain.js'
import { readPointer } from '../engine/measure.js'
import { escapeToken, splitPointer } from '../engine/compile.js'
import { received } from './check-request.js'
import { message } from './messages.js'

type SchemaError = FastifySchemaValidationError & {
  schemaPath: string
  parentSchema?: { type?: unknown; pattern?: unknown }
}
type Params = Record<string, unknown>

const paramsOf = (error: SchemaError) => error.params as Params

/** What an anyOf came to: one error of its own, or the errors of the branch that was meant. */
type UnionVerdict =
  { emit: { pointer: string; rule: string; params: Record<string, string | number> } } | { keep: number }

/**
 * Ajv reports a failed union (anyOf) once per branch. Which branch the caller meant decides the
 * message: a fixed word; an object told apart by its `kind` (the rubric's measures and rules),
 * whose own errors are the useful ones; or a choice of types.
 */
function judgeUnion(union: SchemaError, branches: Map<number, SchemaError[]>): UnionVerdict {
  const pointer = union.instancePath
  const all = [...branches.values()].flat()
  const atPointer = all.filter((error) => error.instancePath === pointer)
  const constants = atPointer.filter((error) => error.keyword === 'const')
  if (constants.length > 0 && constants.length === branches.size) {
    return {
      emit: {
        pointer,
        rule: 'enum',
        params: { allowed: constants.map((error) => String(paramsOf(error).allowedValue)).join(', ') },
      },
    }
  }
  const kindPointer = `${pointer}/kind`
  const kindErrors = all.filter((error) => error.instancePath === kindPointer && error.keyword === 'const')
  if (kindErrors.length > 0) {
    const meant = [...branches.entries()].filter(
      ([, errors]) => !errors.some((error) => error.instancePath === kindPointer && error.keyword === 'const'),
    )
    if (meant.length === 1) return { keep: meant[0]![0] }
    return {
      emit: {
        pointer: kindPointer,
        rule: 'enum',
        params: { allowed: kindErrors.map((error) => String(paramsOf(error).allowedValue)).join(', ') },
      },
    }
  }
  if (atPointer.length === all.length && all.every((error) => error.keyword === 'type')) {
    return {
      emit: { pointer, rule: 'type', params: { type: all.map((error) => String(paramsOf(error).type)).join(' | ') } },
    }
  }
  const fewest = [...branches.entries()].sort(([, a], [, b]) => a.length - b.length)[0]
  /* c8 ignore next */
  if (!fewest) return { emit: { pointer, rule: 'anyOf', params: {} } }
  return { keep: fewest[0] }
}

/**
 * A request's decimal (schemas/common.ts): a number or a numeric string, whichever keyword it
 * broke. Verbose Ajv errors (src/validation/ajv.ts) carry the schema that failed.
 */
function decimalParams(schema: SchemaError['parentSchema']): Record<string, number> | undefined {
  if (!Array.isArray(schema?.type) || !schema.type.includes('number') || !schema.type.includes('string'))
    return undefined
  return String(schema.pattern).startsWith('^-') ? { signed: 1 } : {}
}

/**
 * Ajv's errors as a person reads them: one entry per field, with the pointer, the rule and the
 * value received; unions folded into the one message that fits what was sent.
 */
export function schemaErrors(
  errors: readonly FastifySchemaValidationError[],
  body: unknown,
  language: Language,
): ProblemError[] {
  const list = errors as readonly SchemaError[]
  const suppressed = new Set<SchemaError>()
  const emitted = new Map<SchemaError, { pointer: string; rule: string; params: Record<string, string | number> }>()
  // Ajv pushes a union's error right after its branches' errors, and drops those errors when a
  // branch passes: the errors of a union's branches are the run just before it. Walking back over
  // that run keeps this linear in the number of errors (a 1 MiB body can bring thousands).
  const unions = list
    .flatMap((error, index) => (error.keyword === 'anyOf' ? [{ union: error, index }] : []))
    .sort((a, b) => a.union.schemaPath.length - b.union.schemaPath.length)
  for (const { union, index } of unions) {
    if (suppressed.has(union)) continue
    suppressed.add(union)
    const prefix = `${union.schemaPath}/`
    const under = `${union.instancePath}/`
    const belongs = (error: SchemaError) =>
      error.schemaPath.startsWith(prefix) &&
      (error.instancePath === union.instancePath || error.instancePath.startsWith(under))
    let start = index
    while (start > 0 && belongs(list[start - 1]!)) start--
    const branches = new Map<number, SchemaError[]>()
    // A union folded by an enclosing one was skipped above, so none of its run is suppressed yet.
    for (const error of list.slice(start, index)) {
      const branch = Number(error.schemaPath.slice(prefix.length).split('/')[0])
      const errors = branches.get(branch)
      if (errors) errors.push(error)
      else branches.set(branch, [error])
    }
    const verdict = judgeUnion(union, branches)
    for (const [branch, branchErrors] of branches) {
      if ('keep' in verdict && verdict.keep === branch) continue
      for (const error of branchErrors) suppressed.add(error)
    }
    if ('emit' in verdict) emitted.set(union, verdict.emit)
  }

  const result: ProblemError[] = []
  const seen = new Set<string>()
  const push = (pointer: string, rule: string, params: Record<string, string | number>) => {
    const key = `${pointer}\u0000${rule}`
    if (seen.has(key)) return
    seen.add(key)
    const value = readPointer(body, splitPointer(pointer))
    result.push({
      pointer,
      rule,
      message: message(language, rule, params),
      ...(value === undefined ? {} : { received: received(value) }),
    })
  }
  for (const error of list) {
    const emission = emitted.get(error)
    if (emission) push(emission.pointer, emission.rule, emission.params)
    if (suppressed.has(error)) continue
    const pointer = error.instancePath
    const decimal = decimalParams(error.parentSchema)
    if (decimal) {
      push(pointer, 'decimal', decimal)
      continue
    }
    const params = paramsOf(error)
    switch (error.keyword) {
      case 'required':
        push(`${pointer}/${escapeToken(String(params.missingProperty))}`, 'required', {
          field: String(params.missingProperty),
        })
        break
      case 'additionalProperties':
        push(`${pointer}/${escapeToken(String(params.additionalProperty))}`, 'additionalProperties', {
          field: String(params.additionalProperty),
        })
        break
      case 'type':
        push(pointer, params.type === 'integer' ? 'integer' : 'type', { type: String(params.type) })
        break
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'minLength':
      case 'maxLength':
      case 'maxItems':
      case 'minItems':
      case 'maxProperties':
        push(pointer, error.keyword, { limit: String(params.limit) })
        break
      case 'pattern':
        push(pointer, 'pattern', { pattern: String(params.pattern) })
        break
      case 'enum':
        push(pointer, 'enum', { allowed: (params.allowedValues as unknown[]).join(', ') })
        break
      case 'const':
        push(pointer, 'const', { allowed: String(params.allowedValue) })
        break
      default:
        push(pointer, error.keyword, {})
    }
  }
  return result
}
