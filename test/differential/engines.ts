/**
 * The seam of the differential test: the reference interpreter (decimal.js only) on one side, the
 * compiled plan on the other (src/scoring.ts falls back to the interpreter where a plan cannot
 * prove itself), each answering with JSON text.
 */
import type { EvaluationRequest } from '../../schemas/evaluation-request.js'
import type { Language } from '../../src/core/language.js'
import type { RubricRegistry } from '../../src/rubrics/index.js'
import { textOfBytes } from '../../src/engine/utf8.js'
import { scoresView, type View } from '../../src/engine/view.js'
import { scoreRequest, scoreRequestJson } from '../../src/scoring.js'

export type { View }

/**
 * The reference's last result: the comparison asks for the full answer and then the compact view
 * of the same body, and scoring an inline rubric (validated, hashed, compiled) takes milliseconds.
 * Keyed by the very objects, so a changed body or another language is scored afresh.
 */
let last:
  { body: EvaluationRequest; rubrics: RubricRegistry; language: Language; full: string; scores: string } | undefined

function reference(
  body: EvaluationRequest,
  rubrics: RubricRegistry,
  language: Language,
): { full: string; scores: string } {
  if (last?.body !== body || last.rubrics !== rubrics || last.language !== language) {
    last = undefined
    const result = scoreRequest(body, rubrics, language)
    last = { body, rubrics, language, full: JSON.stringify(result), scores: JSON.stringify(scoresView(result)) }
  }
  return last
}

/** The reference: the decimal.js interpreter; its answer as JSON text. Throws ServiceError like the service. */
export function referenceAnswer(body: EvaluationRequest, rubrics: RubricRegistry, language: Language): string {
  return reference(body, rubrics, language).full
}

/** The service's answer in the given view: the compiled plan, or the interpreter where the plan gives way. */
export function fastAnswer(body: EvaluationRequest, rubrics: RubricRegistry, language: Language, view: View): string {
  return textOfBytes(scoreRequestJson(body, rubrics, language, view).bytes)
}

/** The compact view of the reference's full result (the expected value for view 'scores'). */
export function referenceScoresView(body: EvaluationRequest, rubrics: RubricRegistry, language: Language): string {
  return reference(body, rubrics, language).scores
}
