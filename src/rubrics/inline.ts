import type { ProblemError } from '../../schemas/problem.js'
import type { Rubric } from '../../schemas/rubric.js'
import { compileRubric, contentHash, type CompiledRubric } from '../engine/compile.js'
import { validateRubric } from './validate-rubric.js'

/** How many inline rubrics stay compiled: a platform sends its district's one rubric again and again. */
export const INLINE_CACHE_SIZE = 64

/** Compiled inline rubrics by content hash, least recently used first (a Map keeps insertion order). */
const compiled = new Map<string, CompiledRubric>()

/**
 * A rubric a client sends (inline with an evaluation, or to be validated): checked as strictly as
 * the built-in ones and compiled, once per content: a rubric whose canonical JSON was compiled
 * lately is taken from a bounded cache (equal content, equal verdict). Problems carry pointers
 * under `prefix`.
 */
export function compileInlineRubric(document: Rubric, prefix: string): { rubric: CompiledRubric } | { errors: ProblemError[] } {
  const hash = contentHash(document)
  const known = compiled.get(hash)
  if (known) {
    compiled.delete(hash)
    compiled.set(hash, known)
    return { rubric: known }
  }
  const problems = validateRubric(document)
  if (problems.length > 0) {
    return { errors: problems.map((problem) => ({ pointer: `${prefix}${problem.pointer}`, rule: problem.rule, message: problem.message })) }
  }
  const rubric = compileRubric(document, hash)
  compiled.set(hash, rubric)
  if (compiled.size > INLINE_CACHE_SIZE) compiled.delete(compiled.keys().next().value!)
  return { rubric }
}
