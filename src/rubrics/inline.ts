import type { ProblemError } from '../../schemas/problem.js'
import type { Rubric } from '../../schemas/rubric.js'
import type { Language } from '../core/language.js'
import { compileRubric, contentHash, type CompiledRubric } from '../engine/compile.js'
import { validateRubric, type RubricProblem } from './validate-rubric.js'

/** A rubric document checked as strictly as the built-in ones, then compiled; or every problem it has. */
export function compileCheckedRubric(
  document: unknown,
  language: Language,
  hash?: string,
): { rubric: CompiledRubric } | { problems: RubricProblem[] } {
  const problems = validateRubric(document, language)
  return problems.length > 0 ? { problems } : { rubric: compileRubric(document as Rubric, hash) }
}

/** How many inline rubrics stay compiled: a platform sends its district's one rubric again and again. */
export const INLINE_CACHE_SIZE = 64

/** Compiled inline rubrics by content hash, least recently used first (a Map keeps insertion order). */
const compiled = new Map<string, CompiledRubric>()

/**
 * A rubric a client sends (inline with an evaluation, or to be validated), compiled once per
 * content: a rubric whose canonical JSON was compiled lately is taken from a bounded cache (equal
 * content, equal verdict). Problems are in the request's language, with pointers under `prefix`.
 */
export function compileInlineRubric(
  document: Rubric,
  prefix: string,
  language: Language,
): { rubric: CompiledRubric } | { errors: ProblemError[] } {
  const hash = contentHash(document)
  const known = compiled.get(hash)
  if (known) {
    compiled.delete(hash)
    compiled.set(hash, known)
    return { rubric: known }
  }
  const checked = compileCheckedRubric(document, language, hash)
  if ('problems' in checked) {
    return {
      errors: checked.problems.map((problem) => ({
        pointer: `${prefix}${problem.pointer}`,
        rule: problem.rule,
        message: problem.message,
      })),
    }
  }
  compiled.set(hash, checked.rubric)
  if (compiled.size > INLINE_CACHE_SIZE) compiled.delete(compiled.keys().next().value!)
  return checked
}
