import type { ProblemError } from '../../schemas/problem.js'
import type { Rubric } from '../../schemas/rubric.js'
import type { Language } from '../core/language.js'
import { compileRubric, type CompiledRubric } from '../engine/compile.js'
import { validateRubric, type RubricProblem } from './validate-rubric.js'

/** A rubric document checked as strictly as the built-in ones, then compiled; or every problem it has. */
export function compileCheckedRubric(
  document: unknown,
  language: Language,
): { rubric: CompiledRubric } | { problems: RubricProblem[] } {
  const problems = validateRubric(document, language)
  return problems.length > 0 ? { problems } : { rubric: compileRubric(document as Rubric) }
}

/**
 * A rubric a client sends (inline with an evaluation, or to be validated), compiled per request.
 * Problems are in the request's language, with pointers under `prefix`.
 */
export function compileInlineRubric(
  document: Rubric,
  prefix: string,
  language: Language,
): { rubric: CompiledRubric } | { errors: ProblemError[] } {
  const checked = compileCheckedRubric(document, language)
  if ('rubric' in checked) return checked
  return {
    errors: checked.problems.map((problem) => ({
      pointer: `${prefix}${problem.pointer}`,
      rule: problem.rule,
      message: problem.message,
    })),
  }
}
