import type { EvaluationRequest } from '../schemas/evaluation-request.js'
import type { EvaluationResult } from '../schemas/evaluation-response.js'
import type { ProblemError } from '../schemas/problem.js'
import type { CompiledRubric } from './engine/compile.js'
import type { ParsedInputs } from './engine/decimal.js'
import { evaluate } from './engine/evaluate.js'
import type { Language } from './engine/explain.js'
import { ServiceError, VALIDATION_DETAIL } from './errors.js'
import { compileInlineRubric } from './rubrics/inline.js'
import type { RubricRegistry } from './rubrics/index.js'
import { checkRequest } from './validation/check-request.js'
import { message } from './validation/messages.js'

export function invalidRequest(errors: ProblemError[]): ServiceError {
  return new ServiceError('VALIDATION_FAILED', VALIDATION_DETAIL, errors)
}

export function rubricNotFound(id: string): ServiceError {
  return new ServiceError('RUBRIC_NOT_FOUND', {
    zh: `没有 id 为 ${id.slice(0, 64)} 的评价体系，可用的见 GET /v1/rubrics`,
    en: `There is no rubric with id ${id.slice(0, 64)}; GET /v1/rubrics lists them`,
  })
}

/** The built-in rubric the request names (the default when it names none), or its inline one. */
function resolveRubric(body: EvaluationRequest, rubrics: RubricRegistry, language: Language): CompiledRubric {
  if (body.rubric) {
    if (body.rubricId !== undefined) throw invalidRequest([{ pointer: '/rubricId', rule: 'bothRubrics', message: message(language, 'bothRubrics'), received: body.rubricId }])
    const inline = compileInlineRubric(body.rubric, '/rubric')
    if ('errors' in inline) throw invalidRequest(inline.errors)
    return inline.rubric
  }
  const rubricId = body.rubricId ?? rubrics.defaultRubric.source.id
  const rubric = rubrics.get(rubricId)
  if (!rubric) throw rubricNotFound(rubricId)
  return rubric
}

/**
 * One evaluation request that has passed the schema, scored: its rubric resolved, the cross-field
 * rules checked (a ServiceError with every problem when they fail), then the engine.
 */
export function scoreRequest(body: EvaluationRequest, rubrics: RubricRegistry, language: Language): EvaluationResult {
  const rubric = resolveRubric(body, rubrics, language)
  const parsed: ParsedInputs = new Map()
  const errors = checkRequest(body, rubric, language, parsed)
  if (errors.length > 0) throw invalidRequest(errors)
  return evaluate(rubric, body, { language, parsed })
}
