import type { EvaluationRequest } from '../../schemas/evaluation-request.js'
import type { IndicatorResult, ReviewResult } from '../../schemas/evaluation-response.js'
import type { ProblemError } from '../../schemas/problem.js'
import type { Language } from '../core/language.js'
import { escapeToken } from '../core/pointer.js'
import { message } from '../validation/messages.js'
import type { CompiledRubric } from './compile.js'
import { Dec, ZERO, fixed2, toDec } from './decimal.js'

/** An indicator as the interpreter scored it, with its score and self score as decimals for the sums. */
export interface ScoredIndicator {
  result: IndicatorResult
  score: Dec | null
  readonly selfScore: Dec | null
}

export const adjustmentPointer = (id: string) => `/review/adjustments/${escapeToken(id)}`

/** What the reviewer set for an indicator, if anything (own keys only: an id like "constructor" is no adjustment). */
function adjustmentOf(request: EvaluationRequest, id: string) {
  const adjustments = request.review?.adjustments
  return adjustments && Object.hasOwn(adjustments, id) ? adjustments[id] : undefined
}

/**
 * The rules of a review that the schema cannot state: each adjustment names an indicator of the
 * rubric, and its score has at most 2 decimals and stays within the indicator's maximum.
 */
export function checkReview(request: EvaluationRequest, rubric: CompiledRubric, language: Language): ProblemError[] {
  const errors: ProblemError[] = []
  for (const [id, adjustment] of Object.entries(request.review?.adjustments ?? {})) {
    const pointer = `${adjustmentPointer(id)}/score`
    const indicator = rubric.indicatorsById.get(id)
    const score = toDec(adjustment.score)
    if (!indicator) {
      const params = { rubric: rubric.source.id, id }
      errors.push({
        pointer: adjustmentPointer(id),
        rule: 'unknownIndicator',
        message: message(language, 'unknownIndicator', params),
        received: id,
      })
    } else if (score.decimalPlaces() > 2) {
      const problem = message(language, 'scoreDecimals')
      errors.push({ pointer, rule: 'scoreDecimals', message: problem, received: adjustment.score })
    } else if (score.gt(indicator.maxScore)) {
      const params = { indicator: indicator.source.name, max: indicator.maxScore.toFixed() }
      errors.push({
        pointer,
        rule: 'atMostMaxScore',
        message: message(language, 'atMostMaxScore', params),
        received: adjustment.score,
      })
    }
  }
  return errors
}

/** Adjustments of indicators that lack their data: a reviewer cannot set the score of what was not scored. */
export function unscoredAdjustments(
  request: EvaluationRequest,
  indicators: readonly IndicatorResult[],
  language: Language,
): ProblemError[] {
  return indicators
    .filter((indicator) => indicator.status === 'missingData' && adjustmentOf(request, indicator.id) !== undefined)
    .map(
      (indicator): ProblemError => ({
        pointer: adjustmentPointer(indicator.id),
        rule: 'adjustMissingData',
        message: message(language, 'adjustMissingData', { indicator: indicator.name }),
        received: '[object]',
      }),
    )
}

function reviewNote(
  language: Language,
  reviewer: string | undefined,
  computed: string,
  adjusted: string,
  reason: string,
): string {
  return language === 'zh'
    ? `复核：${reviewer ?? '复核人员'}将本项得分由${computed}分调整为${adjusted}分，理由：${reason}`
    : `Review: ${reviewer ?? 'the reviewer'} set the score from ${computed} to ${adjusted} points, because: ${reason}`
}

/**
 * The reviewer's scores in place of the computed ones: each indicator keeps its computed score
 * beside the final one and says what was adjusted and why. Subtotals, total, grade and the
 * self-assessment audit are then worked out from the final scores.
 */
export function applyReview(request: EvaluationRequest, scored: ScoredIndicator[], language: Language): void {
  const reviewer = request.review?.reviewer
  for (const indicator of scored) {
    const result = indicator.result
    const adjustment = adjustmentOf(request, result.id)
    // checkReview and unscoredAdjustments refuse an adjustment of an indicator without a score.
    if (!adjustment || indicator.score === null) {
      indicator.result = { ...result, computedScore: result.score, adjustment: null }
      continue
    }
    const adjusted = toDec(adjustment.score)
    const score = fixed2(adjusted)
    const separator = language === 'zh' ? '。' : '. '
    const self = indicator.selfScore
    indicator.result = {
      ...result,
      score,
      deduction: fixed2(toDec(result.maxScore).minus(adjusted)),
      explanation: `${result.explanation}${separator}${reviewNote(language, reviewer, result.score!, score, adjustment.reason)}`,
      difference: self === null ? null : fixed2(self.minus(adjusted)),
      computedScore: result.score,
      adjustment: { score, reason: adjustment.reason },
    }
    indicator.score = adjusted
  }
}

/** The review block: the reviewer, the computed and the adjusted totals, each adjustment. */
export function reviewOf(request: EvaluationRequest, scored: readonly ScoredIndicator[], total: Dec): ReviewResult {
  let computedTotal = ZERO
  const adjustments: ReviewResult['adjustments'] = []
  for (const { result } of scored) {
    if (result.computedScore) computedTotal = computedTotal.plus(toDec(result.computedScore))
    if (!result.adjustment) continue
    const computed = toDec(result.computedScore!)
    adjustments.push({
      indicatorId: result.id,
      name: result.name,
      computed: result.computedScore!,
      adjusted: result.adjustment.score,
      difference: fixed2(toDec(result.adjustment.score).minus(computed)),
      reason: result.adjustment.reason,
    })
  }
  return {
    reviewer: request.review?.reviewer ?? null,
    computedTotal: fixed2(computedTotal),
    adjustedTotal: fixed2(total),
    difference: fixed2(total.minus(computedTotal)),
    adjustments,
  }
}
