import type { EvaluationResult, EvaluationScores } from '../../schemas/evaluation-response.js'
import type { ReasonValue } from './rules.js'
import { quoteBytes } from './utf8.js'

/** Which answer: the whole explained evaluation, or only what changes from one department to the next. */
export type View = 'full' | 'scores'

/**
 * Reason values that the rubric or the rest of the compact answer already says: the rule's
 * parameters (limit, direction, step, points per step, cap, item count, points per violation, a
 * band's bound and points, a level's points), the deduction mode (in `options`), and values equal
 * to the indicator's `value` (the rate, the count, the level, the assessor's score, the attainment)
 * or derived from its score.
 */
const RUBRIC_VALUES = new Set([
  'rate',
  'limit',
  'direction',
  'step',
  'pointsPerStep',
  'deductionMode',
  'cap',
  'itemCount',
  'met',
  'pointsPerViolation',
  'band',
  'points',
  'count',
  'level',
  'score',
  'attainment',
])

/** A reason's values as the compact view gives them: those that change from one department to the next. */
export function compactValues(values: Record<string, ReasonValue>): Record<string, ReasonValue> {
  const kept: Record<string, ReasonValue> = {}
  for (const key in values) if (!RUBRIC_VALUES.has(key)) kept[key] = values[key]!
  return kept
}

/** A reason value as JSON bytes (src/engine/utf8.ts). */
function valueJson(value: ReasonValue | undefined): string | undefined {
  switch (typeof value) {
    case 'string':
      return quoteBytes(value)
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null'
    case 'boolean':
      return String(value)
    case 'undefined':
      return undefined
    default:
      return value === null ? 'null' : `[${value.map(quoteBytes).join(',')}]`
  }
}

/**
 * `compactValues` as JSON bytes, written directly: JSON.stringify(compactValues(values)) encoded.
 * The keys are the rules' own identifiers (ASCII, nothing to escape); an undefined value is left
 * out, as JSON.stringify leaves it.
 */
export function compactValuesJson(values: Record<string, ReasonValue>): string {
  let text = ''
  for (const key in values) {
    if (RUBRIC_VALUES.has(key)) continue
    const json = valueJson(values[key])
    if (json !== undefined) text += `${text === '' ? '' : ','}"${key}":${json}`
  }
  return `{${text}}`
}

/**
 * The compact view of an evaluation (`?view=scores`): only what changes from one department to the
 * next, for a platform that holds the rubric already. Every value is the full view's own.
 */
export function scoresView(result: EvaluationResult): EvaluationScores {
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
      children: category.children.map((group) => ({ id: group.id, score: group.score })),
    })),
    indicators: result.indicators.map(({ id, score, deduction, status, value, unit, reason }) => ({
      id,
      score,
      deduction,
      status,
      value,
      unit,
      reason: { code: reason.code, values: compactValues(reason.values) },
    })),
    selfAssessment: result.selfAssessment && {
      ...result.selfAssessment,
      differences: result.selfAssessment.differences.map(({ indicatorId, claimed, computed, difference }) => ({
        indicatorId,
        claimed,
        computed,
        difference,
      })),
    },
    warnings: result.warnings,
  }
}
