import type { EvaluationRequest } from '../../schemas/evaluation-request.js'
import type { EvaluationResult } from '../../schemas/evaluation-response.js'
import type { Language } from '../core/language.js'
import { toDec, type Dec } from './decimal.js'
import type { Evaluation } from './evaluate.js'
import { gradeMargin, indicatorHeadroom } from './headroom.js'
import { applyReview, reviewOf, type ScoredIndicator } from './review.js'

/** The reviewer's adjustments, applied to the indicators before the totals. */
export function reviewStage(request: EvaluationRequest, scored: ScoredIndicator[], language: Language): void {
  applyReview(request, scored, language)
}

/**
 * What an evaluation adds when the request asks: the review block, and the headroom of every
 * indicator that reads numbers (on the rubric's computed scores) with the grade margin (on the
 * final total).
 */
export function monitorStage(
  evaluation: Evaluation,
  scored: readonly ScoredIndicator[],
  total: Dec,
  result: EvaluationResult,
): void {
  const { request, rubric, language, deductionMode, roundRate } = evaluation
  if (request.review) result.review = reviewOf(request, scored, total)
  if (!request.options?.headroom) return
  result.options = { ...result.options, headroom: true }
  const scenario = { rubric, request, language, deductionMode, roundRate }
  result.indicators = result.indicators.map((indicator, index) => {
    const computed = indicator.computedScore === undefined ? indicator.score : indicator.computedScore
    const name = language === 'zh' ? indicator.name : indicator.nameEn
    const headroom =
      computed === null ? null : indicatorHeadroom(scenario, rubric.indicators[index]!, toDec(computed), name)
    return { ...indicator, headroom }
  })
  result.headroom = { gradeMargin: result.grade ? gradeMargin(rubric, total, language) : null }
}
