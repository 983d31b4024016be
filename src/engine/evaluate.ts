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

function scoreOutcome(
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
function clamp(score: Dec, max: Dec): Dec {
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

/**
 * Scores one department against a compiled rubric. Pure: the same rubric and request always give
 * the same answer, and nothing here knows an indicator by its id.
 * The request must have passed the schema and `checkRequest`.
 */
export function evaluate(
  rubric: CompiledRubric,
  request: EvaluationRequest,
  options: EvaluateOptions,
): EvaluationResult {
  const { language } = options
  const deductionMode = request.options?.deductionMode ?? 'perFullStep'
  const roundRate = request.options?.roundRateBeforeScoring ?? true
  const claims = request.selfAssessment?.scores
  const fallbacks: FallbackUse[] = []
  const scores: (Dec | null)[] = []
  const selfScores: (Dec | null)[] = []
  // Each input decimal is parsed once per evaluation, however many indicators read it.
  const parsed: ParsedInputs = new Map()

  const indicators: IndicatorResult[] = rubric.indicators.map((indicator) => {
    const inputs: Inputs = {}
    const context: MeasureContext = { request, rubric, inputs, fallbacks: [], parsed }
    const outcome = runMeasure(context, indicator.measure)
    // A fallback taken for an indicator that still lacks data changed nothing: no warning.
    const used = outcome.kind === 'missing' ? [] : context.fallbacks
    for (const fallback of used) {
      if (!fallbacks.some((known) => known.pointer === fallback.pointer && known.use === fallback.use))
        fallbacks.push(fallback)
    }
    const scored = scoreOutcome(indicator, outcome, deductionMode, roundRate, language)
    const score = scored.score === null ? null : clamp(scored.score, indicator.maxScore)
    scores.push(score)
    const notes = [...scored.notes]
    for (const fallback of used) {
      notes.unshift(
        warningMessage(language, fallback.warning, {
          pointer: fallback.pointer,
          use: fallback.use,
          value: fallback.value,
        }),
      )
    }
    const source = indicator.source
    const name = language === 'zh' ? source.name : source.nameEn
    const scoreText = score === null ? null : fixed2(score)
    const labels = labelsFor(indicator.rule, scored.reason)
    if (scored.reason.code === 'NOT_APPLICABLE' && outcome.kind === 'notApplicable') {
      labels.reasonText = outcome.reason.text
      labels.reasonTextEn = outcome.reason.textEn
    }
    // Own keys only: an indicator named like a property of every object (constructor) has no claim.
    const claim = claims && Object.hasOwn(claims, source.id) ? claims[source.id] : undefined
    const selfScore = claim === undefined ? null : round2(parsedAt(parsed, claimKey(source.id), claim))
    selfScores.push(selfScore)
    return {
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
  })

  // Each indicator belongs to one group and each group to one category, so the total is the sum
  // of the categories.
  let total = ZERO
  const categories = rubric.categories.map((category) => {
    let categoryScore = ZERO
    const children = category.children.map((child) => {
      let childScore = ZERO
      for (let index = child.start; index < child.end; index++) {
        const score = scores[index]
        if (score) childScore = childScore.plus(score)
      }
      categoryScore = categoryScore.plus(childScore)
      return {
        id: child.id,
        name: child.name,
        nameEn: child.nameEn,
        maxScore: child.maxScoreText,
        score: fixed2(childScore),
        indicatorIds: [...child.indicatorIds],
      }
    })
    total = total.plus(categoryScore)
    return {
      id: category.id,
      name: category.name,
      nameEn: category.nameEn,
      maxScore: category.maxScoreText,
      score: fixed2(categoryScore),
      children,
    }
  })

  const complete = indicators.every((indicator) => indicator.status !== 'missingData')
  const grade = complete ? rubric.grades.find((candidate) => total.gte(candidate.minScore)) : undefined

  const warnings: EvaluationWarning[] = [
    ...fallbacks.map((used) => ({
      code: used.warning,
      pointer: used.pointer,
      message: warningMessage(language, used.warning, { use: used.use, value: used.value }),
      values: { use: used.use, value: used.value },
    })),
    ...breakdownWarnings(request, language),
  ]

  let selfAssessment: EvaluationResult['selfAssessment'] = null
  if (claims) {
    const claimed = indicators.filter((indicator) => indicator.selfScore !== null)
    const claimedTotal = sum(selfScores)
    selfAssessment = {
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

  return {
    rubric: {
      id: rubric.source.id,
      version: rubric.source.version,
      title: rubric.source.title,
      contentHash: rubric.contentHash,
    },
    department:
      request.department.code === undefined
        ? { name: request.department.name }
        : { name: request.department.name, code: request.department.code },
    fiscalYear: request.fiscalYear,
    language,
    options: { deductionMode, roundRateBeforeScoring: roundRate },
    complete,
    totalScore: fixed2(total),
    maxScore: rubric.maxScoreText,
    grade: grade ? { code: grade.code, label: grade.label, labelEn: grade.labelEn } : null,
    categories,
    indicators,
    selfAssessment,
    warnings,
  }
}
