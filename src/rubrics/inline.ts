import type { ProblemError } from '../../schemas/problem.js'
import type { Rubric } from '../../schemas/rubric.js'
import { compileRubric, type CompiledRubric } from '../engine/compile.js'
import { validateRubric } from './validate-rubric.js'

/**
 * A rubric a client sends (inline with an evaluation, or to be validated): checked as strictly as
 * the built-in ones and compiled per request. Problems carry pointers under `prefix`.
 */
export function compileInlineRubric(document: Rubric, prefix: string): { rubric: CompiledRubric } | { errors: ProblemError[] } {
  const problems = validateRubric(document)
  if (problems.length > 0) {
    return { errors: problems.map((problem) => ({ pointer: `${prefix}${problem.pointer}`, rule: problem.rule, message: problem.message })) }
  }
  return { rubric: compileRubric(document) }
}
