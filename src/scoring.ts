import type { EvaluationRequest } from '../schemas/evaluation-request.js'
import type { EvaluationResult } from '../schemas/evaluation-response.js'
import type { Rubric } from '../schemas/rubric.js'
import type { Language } from './core/language.js'
import { answerPlan, type Answer } from './engine/answer.js'
import type { CompiledRubric } from './engine/compile.js'
import { evaluate } from './engine/evaluate.js'
import { OUT_OF_RANGE } from './engine/fixed.js'
import { compilePlan, type Plan } from './engine/plan.js'
import { jsonBytes } from './engine/utf8.js'
import { scoresView, type View } from './engine/view.js'
import { serviceError } from './errors.js'
import { compileInlineRubric } from './rubrics/inline.js'
import type { RubricRegistry } from './rubrics/index.js'
import { checkReview, unscoredAdjustments } from './engine/review.js'
import { checkRequest } from './validation/check-request.js'
import { message } from './validation/messages.js'

/**
 * The rubric a request or a batch names: its inline `rubric` (validated and compiled, its problems
 * under /rubric, `rubricProblem` choosing the problem's detail) or a built-in one by `rubricId`;
 * undefined when it names none. Both at once, or an unknown id, is a ServiceError.
 */
export function namedRubric(
  choice: { readonly rubric?: Rubric; readonly rubricId?: string },
  rubrics: RubricRegistry,
  language: Language,
  rubricProblem = false,
): CompiledRubric | undefined {
  if (choice.rubric) {
    if (choice.rubricId !== undefined) {
      const both = {
        pointer: '/rubricId',
        rule: 'bothRubrics',
        message: message(language, 'bothRubrics'),
        received: choice.rubricId,
      }
      throw serviceError('VALIDATION_FAILED', {}, [both])
    }
    const inline = compileInlineRubric(choice.rubric, '/rubric', language)
    if ('errors' in inline) throw serviceError('VALIDATION_FAILED', { rubric: rubricProblem }, inline.errors)
    return inline.rubric
  }
  if (choice.rubricId === undefined) return undefined
  const rubric = rubrics.get(choice.rubricId)
  if (!rubric) throw serviceError('RUBRIC_NOT_FOUND', { id: choice.rubricId })
  return rubric
}

/**
 * The rubric the request names; when it names none, `fallback` (a batch's top-level rubric), else
 * the default.
 */
function resolveRubric(
  body: EvaluationRequest,
  rubrics: RubricRegistry,
  language: Language,
  fallback?: CompiledRubric,
): CompiledRubric {
  return namedRubric(body, rubrics, language) ?? fallback ?? rubrics.defaultRubric
}

/** The request's rubric, with its cross-field rules checked (a ServiceError with every problem when they fail). */
function checked(
  body: EvaluationRequest,
  rubrics: RubricRegistry,
  language: Language,
  fallback?: CompiledRubric,
): CompiledRubric {
  const rubric = resolveRubric(body, rubrics, language, fallback)
  const errors = [...checkRequest(body, rubric, language), ...checkReview(body, rubric, language)]
  if (errors.length > 0) throw serviceError('VALIDATION_FAILED', {}, errors)
  return rubric
}

/**
 * One evaluation request that has passed the schema, scored by the interpreter (decimal.js only):
 * the reference the compiled plans are held to.
 */
export function scoreRequest(body: EvaluationRequest, rubrics: RubricRegistry, language: Language): EvaluationResult {
  return reviewed(body, evaluate(checked(body, rubrics, language), body, { language }), language)
}

/** The result, unless the review adjusts an indicator that could not be scored (a 400 naming the adjustment). */
function reviewed(body: EvaluationRequest, result: EvaluationResult, language: Language): EvaluationResult {
  if (!body.review) return result
  const errors = unscoredAdjustments(body, result.indicators, language)
  if (errors.length > 0) throw serviceError('VALIDATION_FAILED', {}, errors)
  return result
}

/** Each rubric's plan, compiled the first time it scores; null for one whose numbers a plan cannot hold exactly. */
const plans = new WeakMap<CompiledRubric, Plan | null>()

function planOf(rubric: CompiledRubric): Plan | null {
  let plan = plans.get(rubric)
  if (plan === undefined) {
    try {
      plan = compilePlan(rubric)
    } catch (error) {
      // Anything but a number out of range is a bug, a 500, never a silent hand-over.
      /* c8 ignore next */
      if (error !== OUT_OF_RANGE) throw error
      plan = null
    }
    plans.set(rubric, plan)
  }
  return plan
}

/**
 * An evaluation's JSON (UTF-8 bytes as a byte string), its digest, and the rubric that scored it
 * (the renderers print its wording).
 */
export interface ScoredAnswer extends Answer {
  readonly rubric: Rubric
}

/**
 * One evaluation request that has passed the schema, answered as JSON in the view asked for: by
 * the compiled plan (integers proven exact), or by the interpreter for what a plan does not take
 * (a proportional deduction, an unrounded rate, a value beyond the exact range), with the same
 * bytes either way (test/differential holds them to it). `fallback` is the rubric of a request
 * that names none (a batch's top-level rubric, resolved once for every item).
 */
export function scoreRequestJson(
  body: EvaluationRequest,
  rubrics: RubricRegistry,
  language: Language,
  view: View = 'full',
  fallback?: CompiledRubric,
): ScoredAnswer {
  const rubric = checked(body, rubrics, language, fallback)
  const plan = planOf(rubric)
  // Headroom and a review are the interpreter's stages (src/engine/headroom.ts, review.ts).
  if (
    plan &&
    body.options?.deductionMode !== 'proportional' &&
    body.options?.roundRateBeforeScoring !== false &&
    body.options?.headroom !== true &&
    body.review === undefined
  ) {
    try {
      return { ...answerPlan(plan, body, language, view), rubric: rubric.source }
    } catch (error) {
      // Anything but a number out of range is a bug, a 500, never a silent hand-over.
      /* c8 ignore next */
      if (error !== OUT_OF_RANGE) throw error
    }
  }
  const result = reviewed(body, evaluate(rubric, body, { language }), language)
  const { complete, totalScore, grade, department, indicators } = result
  return {
    bytes: jsonBytes(view === 'full' ? result : scoresView(result)),
    digest: {
      complete,
      totalScore,
      grade,
      department,
      indicators: indicators.map(({ id, name, nameEn, score, deduction }) => ({ id, name, nameEn, score, deduction })),
      ...(result.review ? { adjusted: result.review.adjustments.length } : {}),
    },
    rubric: rubric.source,
  }
}
