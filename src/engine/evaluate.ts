import type { EvaluationRequest, DeductionMode } from '../../schemas/evaluation-request.js'
import type { EvaluationResult, EvaluationWarning, IndicatorResult } from '../../schemas/evaluation-response.js'
import type { Rule } from '../../schemas/rubric.js'
import { breakdownWarnings } from './breakdown.js'
import { escapeToken, type CompiledIndicator, type CompiledRubric } from './compile.js'
import { Dec, ZERO, fixed2, parsedAt, round2, type ParsedInputs } from './decimal.js'
import { explain, type Language } from './explain.js'
import { runMeasure, type FallbackUse, type Inputs, type MeasureContext, type MeasureOutcome } from './measure.js'
import { scoreAnswer, scoreRate, short, type ReasonRecord, type ReasonValue, type RuleOutcome } from './rules.js'
import { warningMessage } from './warnings.js'
import { monitorStage, reviewStage } from './stages.js'

export interface EvaluateOptions {
  readonly language: Language
}

type Status = IndicatorResult['status']

interface Scored {
  readonly status: Status
  readonly score: Dec | null
  readonly value: string | null
  readonly unit: string | null
  readonly reason: ReasonRecord
  readonly notes: string[]
}

/** Ids in a reason, turned into the words of the rubric for the explanation. */
function labelsFor(rule: Rule, reason: ReasonRecord): Record<string, ReasonValue> {
  const pick = (
    ids: ReasonValue | undefined,
    entries: readonly { id: string; text: string; textEn: string }[],
    key: 'text' | 'textEn',
  ) => entries.filter((entry) => (ids as string[]).includes(entry.id)).map((entry) => entry[key])
  // The reason's code says which rule scored; a missing-data reason has no ids to name.
  if (reason.code === 'CHECKLIST' && rule.kind === 'checklist') {
    return {
      unmetText: pick(reason.values.unmet, rule.items, 'text'),
      unmetTextEn: pick(reason.values.unmet, rule.items, 'textEn'),
    }
  }
  if (reason.code === 'VIOLATIONS' && rule.kind === 'violations') {
    return {
      categoriesText: pick(reason.values.categories, rule.categories, 'text'),
      categoriesTextEn: pick(reason.values.categories, rule.categories, 'textEn'),
    }
  }
  if (reason.code === 'LEVEL' && rule.kind === 'levels') {
    const level = rule.levels.find((candidate) => candidate.code === reason.values.level)!
    return { levelLabel: level.label, levelLabelEn: level.labelEn }
  }
  return {}
}

function fromRule(outcome: RuleOutcome, notes: string[]): Scored {
  return {
    status: 'scored',
    score: outcome.points,
    value: outcome.value,
    unit: outcome.unit,
    reason: outcome.reason,
    notes,
  }
}

function missingData(missing: readonly string[]): Scored {
  return {
    status: 'missingData',
    score: null,
    value: null,
    unit: null,
    reason: { code: 'MISSING_DATA', values: { missing: [...missing] } },
    notes: [],
  }
}

export function scoreOutcome(
  indicator: CompiledIndicator,
  outcome: MeasureOutcome,
  deductionMode: DeductionMode,
  roundRate: boolean,
  language: Language,
): Scored {
  const ruleInput = { rule: indicator.rule, maxScore: indicator.maxScore, deductionMode, roundRate }
  switch (outcome.kind) {
    case 'missing':
      return missingData(outcome.missing)
    case 'notApplicable':
      return {
        status: 'notApplicable',
        score: indicator.maxScore,
        value: null,
        unit: null,
        reason: { code: 'NOT_APPLICABLE', values: { pointer: outcome.pointer } },
        notes: [],
      }
    case 'bothZero':
      return {
        status: 'notApplicable',
        score: indicator.maxScore,
        value: null,
        unit: null,
        reason: { code: 'BOTH_ZERO', values: {} },
        notes: [],
      }
    case 'zeroDenominator':
      return {
        status: 'scored',
        score: ZERO,
        value: null,
        unit: null,
        reason: {
          code: 'ZERO_DENOMINATOR',
          values: { numerator: short(outcome.numerator), denominator: [...outcome.denominator] },
        },
        notes: [],
      }
    case 'rate': {
      const exact = roundRate ? undefined : outcome.unrounded()
      const result = scoreRate(ruleInput, exact ?? outcome.rounded, outcome.rounded)
      const notes: string[] = []
      if (outcome.negativeNote) {
        result.reason.values.negative = true
        notes.push(language === 'zh' ? outcome.negativeNote.text : outcome.negativeNote.textEn)
      }
      if (exact && !exact.eq(outcome.rounded)) {
        const shown = exact.toSignificantDigits(12).toFixed()
        result.reason.values.unroundedRate = shown
        notes.push(language === 'zh' ? `按未舍入的比率${shown}%计分` : `scored on the unrounded rate ${shown}%`)
      }
      return fromRule(result, notes)
    }
    case 'raw': {
      const result = scoreAnswer(ruleInput, outcome.value, outcome.pointer)
      return 'missing' in result ? missingData(result.missing) : fromRule(result, [])
    }
  }
}

/** The score within [0, max], half up to 2 decimals; no new Decimal unless one is needed. */
export function clamp(score: Dec, max: Dec): Dec {
  if (score.isNegative()) return ZERO
  // validateRubric keeps the points of every rule within the indicator's maximum, so only a
  // deduction can take a score out of bounds; the upper bound is SCORING.md's all the same.
  /* c8 ignore next */
  return round2(score.gt(max) ? max : score)
}

function sum(values: readonly (Dec | null)[]): Dec {
  return values.reduce<Dec>((total, value) => (value ? total.plus(value) : total), ZERO)
}

/** The pointer of an indicator's self-assessed score: the key of its parsed decimal, and where a problem points. */
export const claimKey = (id: string) => `/selfAssessment/scores/${escapeToken(id)}`

/** What one evaluation shares among its indicators: the request's options and what has been read. */
export interface Evaluation {
  readonly rubric: CompiledRubric
  readonly request: EvaluationRequest
  readonly language: Language
  readonly deductionMode: DeductionMode
  readonly roundRate: boolean
  /** Each input decimal is parsed once per evaluation, however many indicators read it. */
  readonly parsed: ParsedInputs
  /** The fallbacks taken, once each, for the warnings. */
  readonly fallbacks: FallbackUse[]
}

/** One indicator scored and explained, with its score and self score as decimals for the sums. */
function scoreIndicator(
  evaluation: Evaluation,
  indicator: CompiledIndicator,
): { result: IndicatorResult; score: Dec | null; selfScore: Dec | null } {
  const { request, rubric, language, parsed } = evaluation
  const inputs: Inputs = {}
  const context: MeasureContext = { request, rubric, inputs, fallbacks: [], parsed }
  const outcome = runMeasure(context, indicator.measure)
  // A fallback taken for an indicator that still lacks data changed nothing: no warning.
  const used = outcome.kind === 'missing' ? [] : context.fallbacks
  for (const fallback of used) {
    const known = evaluation.fallbacks.some((taken) => taken.pointer === fallback.pointer && taken.use === fallback.use)
    if (!known) evaluation.fallbacks.push(fallback)
  }
  const scored = scoreOutcome(indicator, outcome, evaluation.deductionMode, evaluation.roundRate, language)
  const score = scored.score === null ? null : clamp(scored.score, indicator.maxScore)
  const notes = [...scored.notes]
  for (const { pointer, use, value, warning } of used)
    notes.unshift(warningMessage(language, warning, { pointer, use, value }))
  const source = indicator.source
  const scoreText = score === null ? null : fixed2(score)
  const labels = labelsFor(indicator.rule, scored.reason)
  if (scored.reason.code === 'NOT_APPLICABLE' && outcome.kind === 'notApplicable') {
    labels.reasonText = outcome.reason.text
    labels.reasonTextEn = outcome.reason.textEn
  }
  const claims = request.selfAssessment?.scores
  // Own keys only: an indicator named like a property of every object (constructor) has no claim.
  const claim = claims && Object.hasOwn(claims, source.id) ? claims[source.id] : undefined
  const selfScore = claim === undefined ? null : round2(parsedAt(parsed, claimKey(source.id), claim))
  const name = language === 'zh' ? source.name : source.nameEn
  const result: IndicatorResult = {
    id: source.id,
    name: source.name,
    nameEn: source.nameEn,
    path: [...indicator.path],
    maxScore: indicator.maxScoreText,
    score: scoreText,
    deduction: score === null ? null : fixed2(indicator.maxScore.minus(score)),
    status: scored.status,
    value: scored.value,
    unit: scored.unit,
    inputs,
    formula: source.formula ?? null,
    standard: source.standard,
    explanation: explain(language, scored.reason, {
      name,
      score: scoreText,
      maxScore: indicator.maxScoreText,
      notes,
      labels,
    }),
    reason: scored.reason,
    selfScore: selfScore === null ? null : fixed2(selfScore),
    difference: selfScore === null || score === null ? null : fixed2(selfScore.minus(score)),
  }
  return { result, score, selfScore }
}

/**
 * The subtotals of the groups and categories, and the total: each indicator belongs to one group
 * and each group to one category, so the total is the sum of the categories.
 */
function categoryTotals(rubric: CompiledRubric, scores: readonly (Dec | null)[]) {
  let total = ZERO
  const categories = rubric.categories.map((category) => {
    let categoryScore = ZERO
    const children = category.children.map((group) => {
      const groupScore = sum(scores.slice(group.start, group.end))
      categoryScore = categoryScore.plus(groupScore)
      const { id, name, nameEn, maxScoreText: maxScore } = group
      return { id, name, nameEn, maxScore, score: fixed2(groupScore), indicatorIds: [...group.indicatorIds] }
    })
    total = total.plus(categoryScore)
    const { id, name, nameEn, maxScoreText: maxScore } = category
    return { id, name, nameEn, maxScore, score: fixed2(categoryScore), children }
  })
  return { categories, total }
}

/** The department's own scores against the computed ones; null when it claimed none. */
function selfAssessmentOf(
  request: EvaluationRequest,
  indicators: readonly IndicatorResult[],
  selfScores: readonly (Dec | null)[],
  total: Dec,
): EvaluationResult['selfAssessment'] {
  if (!request.selfAssessment?.scores) return null
  const claimed = indicators.filter((indicator) => indicator.selfScore !== null)
  const claimedTotal = sum(selfScores)
  return {
    claimedTotal: fixed2(claimedTotal),
    computedTotal: fixed2(total),
    difference: fixed2(claimedTotal.minus(total)),
    indicatorsClaimed: claimed.length,
    differences: claimed
      .filter((indicator) => indicator.difference !== '0.00')
      .map((indicator) => ({
        indicatorId: indicator.id,
        name: indicator.name,
        claimed: indicator.selfScore as string,
        computed: indicator.score,
        difference: indicator.difference,
      })),
  }
}

/** The fallbacks taken and the breakdowns that do not add up. */
function warningsOf(evaluation: Evaluation): EvaluationWarning[] {
  const { language } = evaluation
  return [
    ...evaluation.fallbacks.map(({ warning, pointer, use, value }) => ({
      code: warning,
      pointer,
      message: warningMessage(language, warning, { use, value }),
      values: { use, value },
    })),
    ...breakdownWarnings(evaluation.request, language),
  ]
}

/**
 * Scores one department against a compiled rubric: the reference interpreter (decimal.js only).
 * Pure: the same rubric and request always give the same answer, and nothing here knows an
 * indicator by its id. The request must have passed the schema and `checkRequest`.
 */
export function evaluate(
  rubric: CompiledRubric,
  request: EvaluationRequest,
  options: EvaluateOptions,
): EvaluationResult {
  const { language } = options
  const deductionMode = request.options?.deductionMode ?? 'perFullStep'
  const roundRate = request.options?.roundRateBeforeScoring ?? true
  const evaluation: Evaluation = {
    rubric,
    request,
    language,
    deductionMode,
    roundRate,
    parsed: new Map(),
    fallbacks: [],
  }
  const scored = rubric.indicators.map((indicator) => scoreIndicator(evaluation, indicator))
  // A reviewer's scores replace the computed ones before anything is added up (src/engine/review.ts).
  if (request.review) reviewStage(request, scored, language)
  const indicators = scored.map((indicator) => indicator.result)
  const { categories, total } = categoryTotals(
    rubric,
    scored.map((indicator) => indicator.score),
  )
  const complete = indicators.every((indicator) => indicator.status !== 'missingData')
  const grade = complete ? rubric.grades.find((candidate) => total.gte(candidate.minScore)) : undefined
  const selfScores = scored.map((indicator) => indicator.selfScore)
  const { id, version, title } = rubric.source
  const { name, code } = request.department
  const result: EvaluationResult = {
    rubric: { id, version, title, contentHash: rubric.contentHash },
    department: code === undefined ? { name } : { name, code },
    fiscalYear: request.fiscalYear,
    language,
    options: { deductionMode, roundRateBeforeScoring: roundRate },
    complete,
    totalScore: fixed2(total),
    maxScore: rubric.maxScoreText,
    grade: grade ? { code: grade.code, label: grade.label, labelEn: grade.labelEn } : null,
    categories,
    indicators,
    selfAssessment: selfAssessmentOf(request, indicators, selfScores, total),
    warnings: warningsOf(evaluation),
  }
  // The review block and the headroom (src/engine/review.ts, headroom.ts) only when the request asks.
  if (request.review || request.options?.headroom) monitorStage(evaluation, scored, total, result)
  return result
}
