import { atLeast } from './fixed.js'
import { escapedBytes } from './utf8.js'
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

/**
 * A text as a writer writes it: plain text for the interpreter's explanations, or the JSON-escaped
 * UTF-8 bytes of that text (src/engine/utf8.ts) for the compiled plan's answers, which put it
 * between quotes as it is. A template joins only texts of its own writer's form, which the type
 * holds it to: a value of the request or the rubric goes through `text` first.
 */
export type Written = string & { readonly __written: unique symbol }

/** A template tag that writes its parts and values in one form, and `text` that brings any text into it. */
export interface Writer {
  (strings: TemplateStringsArray, ...values: readonly Written[]): Written
  readonly text: (value: string) => Written
}

/** ASCII that needs no escaping is the same text in either form (digits, codes, English words). */
const ascii = (value: string) => value as Written
const EMPTY = ascii('')

/** Plain text: the template's parts and values joined. */
export const plainWriter: Writer = Object.assign(
  (strings: TemplateStringsArray, ...values: readonly Written[]): Written => {
    let text = strings[0]!
    for (let index = 0; index < values.length; index++) text += values[index]! + strings[index + 1]!
    return text as Written
  },
  { text: (value: string) => value as Written },
)

/** Each template's parts, escaped and encoded once: a tagged template's strings are one object per site. */
const encodedParts = new WeakMap<TemplateStringsArray, readonly string[]>()

/** JSON-escaped UTF-8 bytes: the template's parts encoded once, the values already in that form. */
export const jsonWriter: Writer = Object.assign(
  (strings: TemplateStringsArray, ...values: readonly Written[]): Written => {
    let parts = encodedParts.get(strings)
    if (parts === undefined) {
      parts = strings.map(escapedBytes)
      encodedParts.set(strings, parts)
    }
    let text = parts[0]!
    for (let index = 0; index < values.length; index++) text += values[index]! + parts[index + 1]!
    return text as Written
  },
  { text: (value: string) => escapedBytes(value) as Written },
)

/** Whose explanation and what it came to, written (a score that is null writes nothing). */
interface Context {
  readonly name: Written
  readonly score: Written
  readonly maxScore: Written
}

type Template = (t: Writer, values: Record<string, ReasonValue>, context: Context) => Written

const str = (t: Writer, value: ReasonValue | undefined): Written =>
  typeof value === 'number' ? ascii(String(value)) : t.text(Array.isArray(value) ? value.join('、') : String(value))
const list = (t: Writer, value: ReasonValue | undefined): Written => t.text((value as string[]).join(', '))

function stepsZh(t: Writer, v: Record<string, ReasonValue>): Written {
  if (v.deductionMode === 'proportional')
    return t`按每${str(t, v.step)}个百分点扣${str(t, v.pointsPerStep)}分按比例计${str(t, v.steps)}步`
  if (v.deductionMode === 'perStartedStep')
    return t`按每${str(t, v.step)}个百分点扣${str(t, v.pointsPerStep)}分计${str(t, v.steps)}步（不足一步按一步）`
  return t`按每${str(t, v.step)}个百分点扣${str(t, v.pointsPerStep)}分计${str(t, v.steps)}个完整步长`
}

const points = (value: ReasonValue | undefined) => ascii(Number(value) === 1 ? 'point' : 'points')

/** How many steps of the rule, in its unit (percentage points) and with the mode's reading. */
function stepsEn(t: Writer, v: Record<string, ReasonValue>): Written {
  const per = t`${str(t, v.pointsPerStep)} ${points(v.pointsPerStep)} off`
  const step = t`${str(t, v.step)} percentage ${ascii(Number(v.step) === 1 ? 'point' : 'points')}`
  if (v.deductionMode === 'proportional') return t`${per} per ${step}, in proportion: ${str(t, v.steps)} steps`
  if (v.deductionMode === 'perStartedStep')
    return t`${per} for each ${step} or part of one: ${str(t, v.steps)} started steps`
  return t`${per} for each full ${step}: ${str(t, v.steps)} full steps`
}

/** Whether the deduction takes the whole maximum: compared exactly, both are decimals written with 2 decimals. */
const takesAll = (v: Record<string, ReasonValue>, c: Context) => atLeast(String(v.deduction), c.maxScore)

function deductionZh(t: Writer, v: Record<string, ReasonValue>, c: Context): Written {
  return takesAll(v, c) ? t`应扣${str(t, v.deduction)}分，扣完为止` : t`扣${str(t, v.deduction)}分`
}

function deductionEn(t: Writer, v: Record<string, ReasonValue>, c: Context): Written {
  return takesAll(v, c) ? t`${str(t, v.deduction)} points due, floored at 0` : t`${str(t, v.deduction)} points deducted`
}

function bandZh(t: Writer, band: string): Written {
  return band === 'otherwise' ? t`其余` : t`${t.text(band.replace('<=', '≦'))}%`
}

function bandEn(t: Writer, band: string): Written {
  return band === 'otherwise' ? ascii('otherwise') : t`${t.text(band)}%`
}

const zh: Record<ReasonCode, Template> = {
  WITHIN_LIMIT: (t, v, c) =>
    v.direction === 'below'
      ? t`${c.name}${str(t, v.rate)}%≧${str(t, v.limit)}%，得${c.score}分`
      : v.direction === 'both'
        ? t`${c.name}${str(t, v.rate)}%，与${str(t, v.limit)}%无偏离，得${c.score}分`
        : t`${c.name}${str(t, v.rate)}%≦${str(t, v.limit)}%，未超出标准，得${c.score}分`,
  EXCEEDS_LIMIT: (t, v, c) =>
    t`${c.name}${str(t, v.rate)}%＞${str(t, v.limit)}%，超出${str(t, v.excess)}个百分点，${stepsZh(t, v)}，${deductionZh(t, v, c)}，得${c.score}分`,
  BELOW_LIMIT: (t, v, c) =>
    t`${c.name}${str(t, v.rate)}%＜${str(t, v.limit)}%，低于${str(t, v.excess)}个百分点，${stepsZh(t, v)}，${deductionZh(t, v, c)}，得${c.score}分`,
  DEVIATES_FROM_LIMIT: (t, v, c) =>
    t`${c.name}${str(t, v.rate)}%，偏离${str(t, v.limit)}%达${str(t, v.excess)}个百分点，${stepsZh(t, v)}，${deductionZh(t, v, c)}，得${c.score}分`,
  BAND: (t, v, c) => t`${c.name}${str(t, v.rate)}%，属“${bandZh(t, String(v.band))}”档，得${c.score}分`,
  PROPORTIONAL: (t, v, c) =>
    v.capped
      ? t`${c.name}${str(t, v.rate)}%，超过${str(t, v.cap)}%按${str(t, v.cap)}%计，得${c.score}分`
      : t`${c.name}${str(t, v.rate)}%，得分=${c.maxScore}×${str(t, v.rate)}%=${c.score}分`,
  CHECKLIST: (t, v, c) =>
    (v.unmet as string[]).length === 0
      ? t`${c.name}${str(t, v.itemCount)}项均符合，得${c.score}分`
      : t`${c.name}${str(t, v.itemCount)}项中未符合：${str(t, v.unmetText ?? v.unmet)}，得${c.score}分`,
  VIOLATIONS: (t, v, c) =>
    v.count === 0
      ? t`${c.name}未发现不符合要求的情况，得${c.score}分`
      : t`${c.name}发现不符合要求${str(t, v.count)}例（${str(t, v.categoriesText ?? v.categories)}），每例扣${str(t, v.pointsPerViolation)}分，${deductionZh(t, v, c)}，得${c.score}分`,
  LEVEL: (t, v, c) => t`${c.name}评定为“${str(t, v.levelLabel ?? v.level)}”，得${c.score}分`,
  ASSESSOR_SCORE: (t, v, c) => t`${c.name}由评价人员评分，得${c.score}分`,
  TARGET_ATTAINMENT: (t, v, c) =>
    t`${c.name}目标值${str(t, v.target)}、实际值${str(t, v.actual)}（${v.direction === 'lowerIsBetter' ? t`越低越好` : t`越高越好`}），完成程度${str(t, v.attainment)}%${v.capped ? t`，超过100%按100%计` : EMPTY}，得${c.score}分`,
  NOT_APPLICABLE: (t, v, c) => t`${str(t, v.reasonText)}，${c.name}不适用，得${c.score}分`,
  BOTH_ZERO: (t, v, c) => t`${c.name}的分子与分母均为0，指标不适用，按满分计${c.score}分`,
  ZERO_DENOMINATOR: (t, v, c) =>
    t`${c.name}的分母（${list(t, v.denominator)}）为0而分子为${str(t, v.numerator)}，比率无从计算，计${c.score}分`,
  MISSING_DATA: (t, v, c) => t`${c.name}缺少数据（${list(t, v.missing)}），未计分`,
}

const en: Record<ReasonCode, Template> = {
  WITHIN_LIMIT: (t, v, c) =>
    v.direction === 'below'
      ? t`${c.name} ${str(t, v.rate)}% ≥ ${str(t, v.limit)}%: ${c.score} points`
      : v.direction === 'both'
        ? t`${c.name} ${str(t, v.rate)}%, no deviation from ${str(t, v.limit)}%: ${c.score} points`
        : t`${c.name} ${str(t, v.rate)}% ≤ ${str(t, v.limit)}%, within the standard: ${c.score} points`,
  EXCEEDS_LIMIT: (t, v, c) =>
    t`${c.name} ${str(t, v.rate)}% > ${str(t, v.limit)}%, ${str(t, v.excess)} percentage points over; ${stepsEn(t, v)}: ${deductionEn(t, v, c)}, ${c.score} points`,
  BELOW_LIMIT: (t, v, c) =>
    t`${c.name} ${str(t, v.rate)}% < ${str(t, v.limit)}%, ${str(t, v.excess)} percentage points under; ${stepsEn(t, v)}: ${deductionEn(t, v, c)}, ${c.score} points`,
  DEVIATES_FROM_LIMIT: (t, v, c) =>
    t`${c.name} ${str(t, v.rate)}%, ${str(t, v.excess)} percentage points away from ${str(t, v.limit)}%; ${stepsEn(t, v)}: ${deductionEn(t, v, c)}, ${c.score} points`,
  BAND: (t, v, c) => t`${c.name} ${str(t, v.rate)}% falls in the band "${bandEn(t, String(v.band))}": ${c.score} points`,
  PROPORTIONAL: (t, v, c) =>
    v.capped
      ? t`${c.name} ${str(t, v.rate)}%, above ${str(t, v.cap)}% so counted as ${str(t, v.cap)}%: ${c.score} points`
      : t`${c.name} ${str(t, v.rate)}%: ${c.maxScore} × ${str(t, v.rate)}% = ${c.score} points`,
  CHECKLIST: (t, v, c) =>
    (v.unmet as string[]).length === 0
      ? t`${c.name}: all ${str(t, v.itemCount)} items met, ${c.score} points`
      : t`${c.name}: not met: ${list(t, v.unmetTextEn ?? v.unmet)}; ${c.score} points`,
  VIOLATIONS: (t, v, c) =>
    v.count === 0
      ? t`${c.name}: no violation found, ${c.score} points`
      : t`${c.name}: ${str(t, v.count)} ${ascii(v.count === 1 ? 'violation' : 'violations')} found (${list(t, v.categoriesTextEn ?? v.categories)}), ${str(t, v.pointsPerViolation)} ${points(v.pointsPerViolation)} off each: ${deductionEn(t, v, c)}, ${c.score} points`,
  LEVEL: (t, v, c) => t`${c.name} assessed as "${str(t, v.levelLabelEn ?? v.level)}": ${c.score} points`,
  ASSESSOR_SCORE: (t, v, c) => t`${c.name} scored by the assessor: ${c.score} points`,
  TARGET_ATTAINMENT: (t, v, c) =>
    t`${c.name}: target ${str(t, v.target)}, actual ${str(t, v.actual)} (${ascii(v.direction === 'lowerIsBetter' ? 'lower is better' : 'higher is better')}), ${str(t, v.attainment)}% attained${v.capped ? ascii(', counted as 100%') : EMPTY}: ${c.score} points`,
  NOT_APPLICABLE: (t, v, c) => t`${str(t, v.reasonTextEn)} ${c.name} does not apply: ${c.score} points`,
  BOTH_ZERO: (t, v, c) =>
    t`${c.name}: numerator and denominator are both 0, so the indicator does not apply: full marks, ${c.score} points`,
  ZERO_DENOMINATOR: (t, v, c) =>
    t`${c.name}: the denominator (${list(t, v.denominator)}) is 0 while the numerator is ${str(t, v.numerator)}, so no rate exists: ${c.score} points`,
  MISSING_DATA: (t, v, c) => t`${c.name}: data missing (${list(t, v.missing)}), not scored`,
}

export const TEMPLATES: Record<Language, Record<string, Template | undefined>> = { zh, en }

export function explain(language: Language, reason: ReasonRecord, context: ExplainContext): string {
  const { name, score, maxScore, notes } = context
  const written = { name: plainWriter.text(name), score: ascii(score ?? ''), maxScore: ascii(maxScore) }
  return explainValues(plainWriter, language, reason.code, { ...reason.values, ...context.labels }, written, notes)
}

/**
 * An explanation, in the writer's form, from a reason's values with the labels of its ids among
 * them, and the notes (plain texts) that follow it.
 */
export { ascii }

export function explainValues(
  t: Writer,
  language: Language,
  code: ReasonCode | string,
  values: Record<string, ReasonValue>,
  context: Context,
  notes: readonly string[],
): Written {
  const template = TEMPLATES[language][code]
  /* c8 ignore next */
  const text = template ? template(t, values, context) : t.text(code)
  if (notes.length === 0) return text
  return language === 'zh' ? t`${text}（${t.text(notes.join('；'))}）` : t`${text} (${t.text(notes.join('; '))})`
}
