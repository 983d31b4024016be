import { atLeast } from './fixed.js'
import type { ReasonRecord, ReasonValue } from './rules.js'

export type { Language } from '../core/language.js'
import type { Language } from '../core/language.js'

/** What an explanation needs besides the reason: whose it is and what it came to. */
export interface ExplainContext {
  readonly name: string
  readonly score: string | null
  readonly maxScore: string
  /** Notes to append: a fallback taken, a cut budget, an unrounded rate. */
  readonly notes: readonly string[]
  /** Texts for the ids in the reason (item, category and level labels), for people only. */
  readonly labels: Record<string, ReasonValue>
}

/**
 * Every reason an indicator can be scored for: the rules' own, and the measures' (no data, not
 * applicable, zero denominators).
 */
export type ReasonCode =
  | 'WITHIN_LIMIT'
  | 'EXCEEDS_LIMIT'
  | 'BELOW_LIMIT'
  | 'DEVIATES_FROM_LIMIT'
  | 'BAND'
  | 'PROPORTIONAL'
  | 'CHECKLIST'
  | 'VIOLATIONS'
  | 'LEVEL'
  | 'ASSESSOR_SCORE'
  | 'TARGET_ATTAINMENT'
  | 'NOT_APPLICABLE'
  | 'BOTH_ZERO'
  | 'ZERO_DENOMINATOR'
  | 'MISSING_DATA'

type Template = (values: Record<string, ReasonValue>, context: Omit<ExplainContext, 'labels'>) => string

const str = (value: ReasonValue | undefined): string => (Array.isArray(value) ? value.join('、') : String(value))
const list = (value: ReasonValue | undefined): string => (value as string[]).join(', ')

function stepsZh(v: Record<string, ReasonValue>): string {
  if (v.deductionMode === 'proportional')
    return `按每${str(v.step)}个百分点扣${str(v.pointsPerStep)}分按比例计${str(v.steps)}步`
  if (v.deductionMode === 'perStartedStep')
    return `按每${str(v.step)}个百分点扣${str(v.pointsPerStep)}分计${str(v.steps)}步（不足一步按一步）`
  return `按每${str(v.step)}个百分点扣${str(v.pointsPerStep)}分计${str(v.steps)}个完整步长`
}

/** How many steps of the rule, in its unit (percentage points) and with the mode's reading. */
function stepsEn(v: Record<string, ReasonValue>): string {
  const per = `${str(v.pointsPerStep)} ${points(v.pointsPerStep)} off`
  const step = `${str(v.step)} percentage ${Number(v.step) === 1 ? 'point' : 'points'}`
  if (v.deductionMode === 'proportional') return `${per} per ${step}, in proportion: ${str(v.steps)} steps`
  if (v.deductionMode === 'perStartedStep')
    return `${per} for each ${step} or part of one: ${str(v.steps)} started steps`
  return `${per} for each full ${step}: ${str(v.steps)} full steps`
}

const points = (value: ReasonValue | undefined) => (Number(value) === 1 ? 'point' : 'points')

/** Whether the deduction takes the whole maximum: compared exactly, both are decimals written with 2 decimals. */
const takesAll = (v: Record<string, ReasonValue>, c: Omit<ExplainContext, 'labels'>) =>
  atLeast(String(v.deduction), c.maxScore)

function deductionZh(v: Record<string, ReasonValue>, c: Omit<ExplainContext, 'labels'>): string {
  return takesAll(v, c) ? `应扣${str(v.deduction)}分，扣完为止` : `扣${str(v.deduction)}分`
}

function deductionEn(v: Record<string, ReasonValue>, c: Omit<ExplainContext, 'labels'>): string {
  return takesAll(v, c) ? `${str(v.deduction)} points due, floored at 0` : `${str(v.deduction)} points deducted`
}

const BAND_ZH: Record<string, string> = { otherwise: '其余' }
const BAND_EN: Record<string, string> = { otherwise: 'otherwise' }

const zh: Record<ReasonCode, Template> = {
  WITHIN_LIMIT: (v, c) =>
    v.direction === 'below'
      ? `${c.name}${str(v.rate)}%≧${str(v.limit)}%，得${c.score}分`
      : v.direction === 'both'
        ? `${c.name}${str(v.rate)}%，与${str(v.limit)}%无偏离，得${c.score}分`
        : `${c.name}${str(v.rate)}%≦${str(v.limit)}%，未超出标准，得${c.score}分`,
  EXCEEDS_LIMIT: (v, c) =>
    `${c.name}${str(v.rate)}%＞${str(v.limit)}%，超出${str(v.excess)}个百分点，${stepsZh(v)}，${deductionZh(v, c)}，得${c.score}分`,
  BELOW_LIMIT: (v, c) =>
    `${c.name}${str(v.rate)}%＜${str(v.limit)}%，低于${str(v.excess)}个百分点，${stepsZh(v)}，${deductionZh(v, c)}，得${c.score}分`,
  DEVIATES_FROM_LIMIT: (v, c) =>
    `${c.name}${str(v.rate)}%，偏离${str(v.limit)}%达${str(v.excess)}个百分点，${stepsZh(v)}，${deductionZh(v, c)}，得${c.score}分`,
  BAND: (v, c) =>
    `${c.name}${str(v.rate)}%，属“${BAND_ZH[str(v.band)] ?? `${str(v.band).replace('<=', '≦')}%`}”档，得${c.score}分`,
  PROPORTIONAL: (v, c) =>
    v.capped
      ? `${c.name}${str(v.rate)}%，超过${str(v.cap)}%按${str(v.cap)}%计，得${c.score}分`
      : `${c.name}${str(v.rate)}%，得分=${c.maxScore}×${str(v.rate)}%=${c.score}分`,
  CHECKLIST: (v, c) =>
    (v.unmet as string[]).length === 0
      ? `${c.name}${str(v.itemCount)}项均符合，得${c.score}分`
      : `${c.name}${str(v.itemCount)}项中未符合：${str(v.unmetText ?? v.unmet)}，得${c.score}分`,
  VIOLATIONS: (v, c) =>
    v.count === 0
      ? `${c.name}未发现不符合要求的情况，得${c.score}分`
      : `${c.name}发现不符合要求${str(v.count)}例（${str(v.categoriesText ?? v.categories)}），每例扣${str(v.pointsPerViolation)}分，${deductionZh(v, c)}，得${c.score}分`,
  LEVEL: (v, c) => `${c.name}评定为“${str(v.levelLabel ?? v.level)}”，得${c.score}分`,
  ASSESSOR_SCORE: (v, c) => `${c.name}由评价人员评分，得${c.score}分`,
  TARGET_ATTAINMENT: (v, c) =>
    `${c.name}目标值${str(v.target)}、实际值${str(v.actual)}（${v.direction === 'lowerIsBetter' ? '越低越好' : '越高越好'}），完成程度${str(v.attainment)}%${v.capped ? '，超过100%按100%计' : ''}，得${c.score}分`,
  NOT_APPLICABLE: (v, c) => `${str(v.reasonText)}，${c.name}不适用，得${c.score}分`,
  BOTH_ZERO: (v, c) => `${c.name}的分子与分母均为0，指标不适用，按满分计${c.score}分`,
  ZERO_DENOMINATOR: (v, c) =>
    `${c.name}的分母（${list(v.denominator)}）为0而分子为${str(v.numerator)}，比率无从计算，计${c.score}分`,
  MISSING_DATA: (v, c) => `${c.name}缺少数据（${list(v.missing)}），未计分`,
}

const en: Record<ReasonCode, Template> = {
  WITHIN_LIMIT: (v, c) =>
    v.direction === 'below'
      ? `${c.name} ${str(v.rate)}% ≥ ${str(v.limit)}%: ${c.score} points`
      : v.direction === 'both'
        ? `${c.name} ${str(v.rate)}%, no deviation from ${str(v.limit)}%: ${c.score} points`
        : `${c.name} ${str(v.rate)}% ≤ ${str(v.limit)}%, within the standard: ${c.score} points`,
  EXCEEDS_LIMIT: (v, c) =>
    `${c.name} ${str(v.rate)}% > ${str(v.limit)}%, ${str(v.excess)} percentage points over; ${stepsEn(v)}: ${deductionEn(v, c)}, ${c.score} points`,
  BELOW_LIMIT: (v, c) =>
    `${c.name} ${str(v.rate)}% < ${str(v.limit)}%, ${str(v.excess)} percentage points under; ${stepsEn(v)}: ${deductionEn(v, c)}, ${c.score} points`,
  DEVIATES_FROM_LIMIT: (v, c) =>
    `${c.name} ${str(v.rate)}%, ${str(v.excess)} percentage points away from ${str(v.limit)}%; ${stepsEn(v)}: ${deductionEn(v, c)}, ${c.score} points`,
  BAND: (v, c) =>
    `${c.name} ${str(v.rate)}% falls in the band "${BAND_EN[str(v.band)] ?? `${str(v.band)}%`}": ${c.score} points`,
  PROPORTIONAL: (v, c) =>
    v.capped
      ? `${c.name} ${str(v.rate)}%, above ${str(v.cap)}% so counted as ${str(v.cap)}%: ${c.score} points`
      : `${c.name} ${str(v.rate)}%: ${c.maxScore} × ${str(v.rate)}% = ${c.score} points`,
  CHECKLIST: (v, c) =>
    (v.unmet as string[]).length === 0
      ? `${c.name}: all ${str(v.itemCount)} items met, ${c.score} points`
      : `${c.name}: not met: ${list(v.unmetTextEn ?? v.unmet)}; ${c.score} points`,
  VIOLATIONS: (v, c) =>
    v.count === 0
      ? `${c.name}: no violation found, ${c.score} points`
      : `${c.name}: ${str(v.count)} ${v.count === 1 ? 'violation' : 'violations'} found (${list(v.categoriesTextEn ?? v.categories)}), ${str(v.pointsPerViolation)} ${points(v.pointsPerViolation)} off each: ${deductionEn(v, c)}, ${c.score} points`,
  LEVEL: (v, c) => `${c.name} assessed as "${str(v.levelLabelEn ?? v.level)}": ${c.score} points`,
  ASSESSOR_SCORE: (v, c) => `${c.name} scored by the assessor: ${c.score} points`,
  TARGET_ATTAINMENT: (v, c) =>
    `${c.name}: target ${str(v.target)}, actual ${str(v.actual)} (${v.direction === 'lowerIsBetter' ? 'lower is better' : 'higher is better'}), ${str(v.attainment)}% attained${v.capped ? ', counted as 100%' : ''}: ${c.score} points`,
  NOT_APPLICABLE: (v, c) => `${str(v.reasonTextEn)} ${c.name} does not apply: ${c.score} points`,
  BOTH_ZERO: (v, c) =>
    `${c.name}: numerator and denominator are both 0, so the indicator does not apply: full marks, ${c.score} points`,
  ZERO_DENOMINATOR: (v, c) =>
    `${c.name}: the denominator (${list(v.denominator)}) is 0 while the numerator is ${str(v.numerator)}, so no rate exists: ${c.score} points`,
  MISSING_DATA: (v, c) => `${c.name}: data missing (${list(v.missing)}), not scored`,
}

export const TEMPLATES: Record<Language, Record<string, Template | undefined>> = { zh, en }

export function explain(language: Language, reason: ReasonRecord, context: ExplainContext): string {
  return explainValues(language, reason.code, { ...reason.values, ...context.labels }, context)
}

/** An explanation from a reason's values with the labels of its ids among them. */
export function explainValues(
  language: Language,
  code: ReasonCode | string,
  values: Record<string, ReasonValue>,
  context: Omit<ExplainContext, 'labels'>,
): string {
  const template = TEMPLATES[language][code]
  /* c8 ignore next */
  const text = template ? template(values, context) : code
  if (context.notes.length === 0) return text
  return language === 'zh' ? `${text}（${context.notes.join('；')}）` : `${text} (${context.notes.join('; ')})`
}
