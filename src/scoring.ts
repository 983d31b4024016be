import type { EvaluationRequest } from '../schemas/evaluation-request.js'
import type { EvaluationResult } from '../schemas/evaluation-response.js'
import type { CompiledRubric } from './engine/compile.js'
import type { ParsedInputs } from './engine/decimal.js'
import { evaluate } from './engine/evaluate.js'
import type { Language } from './core/language.js'
import { serviceError } from './errors.js'
import { compileInlineRubric } from './rubrics/inline.js'
import type { RubricRegistry } from './rubrics/index.js'
import { checkRequest } from './validation/check-request.js'
import { message } from './validation/messages.js'

/** The built-in rubric the request names (the default when it names none), or its inline one. */
function resolveRubric(body: EvaluationRequest, rubrics: RubricRegistry, language: Language): CompiledRubric {
  if (body.rubric) {
    if (body.rubricId !== undefined) throw serviceError('VALIDATION_FAILED', {}, [{ pointer: '/rubricId', rule: 'bothRubrics', message: message(language, 'bothRubrics'), received: body.rubricId }])
    const inline = compileInlineRubric(body.rubric, '/rubric', language)
    if ('errors' in inline) throw serviceError('VALIDATION_FAILED', {}, inline.errors)
    return inline.rubric
  }
  const rubricId = body.rubricId ?? rubrics.defaultRubric.source.id
  const rubric = rubrics.get(rubricId)
  if (!rubric) throw serviceError('RUBRIC_NOT_FOUND', { id: rubricId })
  return rubric
}

/**
 * One evaluation request that has passed the schema, scored: its rubric resolved, the cross-field
 * rules checked (a ServiceError with every problem when they fail), then the engine. The rubric
 * comes back with the result, for the renderers.
 */
export function scoreEvaluation(body: EvaluationRequest, rubrics: RubricRegistry, language: Language): { result: EvaluationResult; rubric: CompiledRubric } {
  const rubric = resolveRubric(body, rubrics, language)
  const parsed: ParsedInputs = new Map()
  const errors = checkRequest(body, rubric, language, parsed)
  if (errors.length > 0) throw serviceError('VALIDATION_FAILED', {}, errors)
  return { result: evaluate(rubric, body, { language, parsed }), rubric }
}

/** One evaluation request scored (see scoreEvaluation). */
export function scoreRequest(body: EvaluationRequest, rubrics: RubricRegistry, language: Language): EvaluationResult {
  return scoreEvaluation(body, rubrics, language).result
}
