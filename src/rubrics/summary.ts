import type { RubricSummary, RubricValidationSummary } from '../../schemas/rubric.js'
import type { CompiledRubric } from '../engine/compile.js'

/** What every summary of a rubric says first: which one it is and its points. */
function rubricTotals(rubric: CompiledRubric) {
  const { id, version } = rubric.source
  return { id, version, maxScore: rubric.maxScoreText, indicatorCount: rubric.indicators.length }
}

/** A built-in rubric as GET /v1/rubrics lists it. */
export function listedRubric(rubric: CompiledRubric, isDefault: boolean): RubricSummary {
  const { title, titleEn } = rubric.source
  return { ...rubricTotals(rubric), title, titleEn, default: isDefault }
}

/** A valid rubric as POST /v1/rubrics/validate summarizes it: its points per level. */
export function validatedRubric(rubric: CompiledRubric): RubricValidationSummary {
  return {
    valid: true,
    ...rubricTotals(rubric),
    contentHash: rubric.contentHash,
    categories: rubric.categories.map((category) => ({
      id: category.id,
      maxScore: category.maxScoreText,
      children: category.children.map((group) => ({
        id: group.id,
        maxScore: group.maxScoreText,
        indicatorCount: group.indicatorIds.length,
      })),
    })),
  }
}
