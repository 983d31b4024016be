import type { EvaluationRequest } from '../schemas/evaluation-request.js'
import type { EvaluationResult } from '../schemas/evaluation-response.js'
import type { ProblemError } from '../schemas/problem.js'
import type { Rubric } from '../schemas/rubric.js'
import { answerPlan, type Answer } from './engine/answer.js'
import type { CompiledRubric } from './engine/compile.js'
import { evaluate } from './engine/evaluate.js'
import type { Language } from './engine/explain.js'
import { OUT_OF_RANGE } from './engine/fixed.js'
import { compilePlan, type Plan } from './engine/plan.js'
import { scoresView, type View } from './engine/view.js'
import { jsonBytes } from './engine/utf8.js'
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

/** The request's rubric with its cross-field rules checked (a ServiceError with every problem when they fail). */
function checked(body: EvaluationRequest, rubrics: RubricRegistry, language: Language): CompiledRubric {
  const rubric = resolveRubric(body, rubrics, language)
  const errors = checkRequest(body, rubric, language)
  if (errors.length > 0) throw invalidRequest(errors)
  return rubric
}

/**
 * One evaluation request that has passed the schema, scored by the interpreter (decimal.js only):
 * the reference, and the object the renderers read.
 */
export function scoreRequest(body: EvaluationRequest, rubrics: RubricRegistry, language: Language): EvaluationResult {
  return evaluate(checked(body, rubrics, language), body, { language })
}

/** Each rubric's plan, compiled the first time it scores; null for a rubric whose numbers the fast path cannot hold exactly. */
const plans = new WeakMap<CompiledRubric, Plan | null>()

function planOf(rubric: CompiledRubric): Plan | null {
  let plan = plans.get(rubric)
  if (plan === undefined) {
    try {
      plan = compilePlan(rubric)
    } catch (error) {
      if (error !== OUT_OF_RANGE) throw error
      plan = null
    }
    plans.set(rubric, plan)
  }
  return plan
}

/**
 * One evaluation request that has passed the schema, answered as JSON text in the view asked
 * for: by the compiled plan (integers proven exact), or by the interpreter for what the plan does
 * not take (a proportional deduction, an unrounded rate, a value beyond the exact range), with the
 * same bytes either way (test/differential holds them to it).
 */
export function scoreRequestJson(body: EvaluationRequest, rubrics: RubricRegistry, language: Language, view: View = 'full'): ScoredAnswer {
  const rubric = checked(body, rubrics, language)
  const plan = planOf(rubric)
  if (plan && body.options?.deductionMode !== 'proportional' && body.options?.roundRateBeforeScoring !== false) {
    try {
      return { ...answerPlan(plan, body, language, view), rubric: rubric.source }
    } catch (error) {
      if (error !== OUT_OF_RANGE) throw error
    }
  }
  const result = evaluate(rubric, body, { language })
  const { complete, totalScore, grade, department, indicators } = result
  return {
    bytes: jsonBytes(view === 'full' ? result : scoresView(result)),
    digest: { complete, totalScore, grade, department, indicators: indicators.map(({ id, name, nameEn, score, deduction }) => ({ id, name, nameEn, score, deduction })) },
    rubric: rubric.source,
  }
}

/** An evaluation's JSON (UTF-8 bytes as a byte string), its digest, and the rubric that scored it (the renderers print its wording). */
export interface ScoredAnswer extends Answer {
  readonly rubric: Rubric
}
