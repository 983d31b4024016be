/**
 * The seam of the differential test: the reference interpreter on one side, the fast path on the
 * other, each answering with JSON text. Today both sides are the decimal.js interpreter (so the
 * test compares it with itself); the fast path is plugged in here and nowhere else.
 */
import type { EvaluationRequest } from '../../schemas/evaluation-request.js'
import type { EvaluationResult } from '../../schemas/evaluation-response.js'
import type { Language } from '../../src/engine/explain.js'
import type { RubricRegistry } from '../../src/rubrics/index.js'
import { scoreRequest } from '../../src/scoring.js'

export type View = 'full' | 'scores'

/**
 * The compact view: only what changes from one department to the next, keys in this order, each
 * value as the full view has it. The one place that decides the view's fields.
 */
function scoresView(result: EvaluationResult): unknown {
  return {
    rubric: { id: result.rubric.id, version: result.rubric.version, contentHash: result.rubric.contentHash },
    department: result.department,
    fiscalYear: result.fiscalYear,
    language: result.language,
    options: result.options,
    complete: result.complete,
    totalScore: result.totalScore,
    maxScore: result.maxScore,
    grade: result.grade,
    categories: result.categories.map((category) => ({
      id: category.id,
      score: category.score,
      children: category.children.map((child) => ({ id: child.id, score: child.score })),
    })),
    indicators: result.indicators.map((indicator) => ({
      id: indicator.id,
      score: indicator.score,
      deduction: indicator.deduction,
      status: indicator.status,
      value: indicator.value,
      unit: indicator.unit,
      reason: indicator.reason,
    })),
    selfAssessment: result.selfAssessment,
    warnings: result.warnings,
  }
}

/**
 * The reference's last result: the comparison asks for the full answer and then the compact view
 * of the same body, and scoring an inline rubric (validated, hashed, compiled) takes milliseconds.
 * Keyed by the very objects, so a changed body or another language is scored afresh.
 */
let last: { body: EvaluationRequest; rubrics: RubricRegistry; language: Language; full: string; scores: string } | undefined

function reference(body: EvaluationRequest, rubrics: RubricRegistry, language: Language): { full: string; scores: string } {
  if (last?.body !== body || last.rubrics !== rubrics || last.language !== language) {
    last = undefined
    const result = scoreRequest(body, rubrics, language)
    last = { body, rubrics, language, full: JSON.stringify(result), scores: JSON.stringify(scoresView(result)) }
  }
  return last
}

/** The reference: the decimal.js interpreter; its answer as JSON text. Throws ServiceError for a request that breaks a cross-field rule or names a bad rubric. */
export function referenceAnswer(body: EvaluationRequest, rubrics: RubricRegistry, language: Language): string {
  return reference(body, rubrics, language).full
}

/**
 * The fast path's answer text for the given view. Throws ServiceError like the reference.
 * Until the fast path exists this is the reference (so the test compares it with itself).
 */
export function fastAnswer(body: EvaluationRequest, rubrics: RubricRegistry, language: Language, view: View): string {
  return reference(body, rubrics, language)[view]
}

/** The compact view computed from the reference's full result (the expected value for view 'scores'). */
export function referenceScoresView(body: EvaluationRequest, rubrics: RubricRegistry, language: Language): string {
  return reference(body, rubrics, language).scores
}
