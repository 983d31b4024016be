import type { FastifySchemaValidationError } from 'fastify/types/schema.js'
import type { ProblemError } from '../../schemas/problem.js'
import type { Language } from '../engine/explain.js'
import { readPointer } from '../engine/measure.js'
import { splitPointer } from '../engine/compile.js'
import { received } from './check-request.js'
import { message } from './messages.js'

const escapeToken = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1')

/**
 * Ajv's errors as a person reads them: one entry per field, with the pointer, the rule and the
 * value received. A union (a decimal: a number or a string; a choice of words) fails once per
 * branch in Ajv; those branch errors are folded into one message about the union.
 */
export function schemaErrors(errors: readonly FastifySchemaValidationError[], body: unknown, language: Language): ProblemError[] {
  const unions = new Set(errors.filter((error) => error.keyword === 'anyOf').map((error) => error.instancePath))
  const result: ProblemError[] = []
  const seen = new Set<string>()
  const push = (pointer: string, rule: string, params: Record<string, string | number>) => {
    const key = `${pointer}\u0000${rule}`
    if (seen.has(key)) return
    seen.add(key)
    const value = readPointer(body, splitPointer(pointer))
    result.push({ pointer, rule, message: message(language, rule, params), ...(value === undefined ? {} : { received: received(value) }) })
  }
  for (const error of errors) {
    const pointer = error.instancePath
    const params = error.params as Record<string, unknown>
    if (error.keyword === 'anyOf') {
      const branches = errors.filter((other) => other.instancePath === pointer && other.keyword !== 'anyOf')
      const constants = branches.filter((branch) => branch.keyword === 'const').map((branch) => String((branch.params as Record<string, unknown>).allowedValue))
      if (constants.length > 0) push(pointer, 'enum', { allowed: constants.join(', ') })
      else {
        const signed = branches.some((branch) => String((branch.params as Record<string, unknown>).pattern ?? '').startsWith('^-'))
        push(pointer, 'decimal', signed ? { signed: 1 } : {})
      }
      continue
    }
    if (unions.has(pointer)) continue
    switch (error.keyword) {
      case 'required':
        push(`${pointer}/${escapeToken(String(params.missingProperty))}`, 'required', { field: String(params.missingProperty) })
        break
      case 'additionalProperties':
        push(`${pointer}/${escapeToken(String(params.additionalProperty))}`, 'additionalProperties', { field: String(params.additionalProperty) })
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
      default:
        push(pointer, error.keyword, {})
    }
  }
  return result
}
