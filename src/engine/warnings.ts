import type { Language } from './explain.js'

type Values = Record<string, string>
type Message = (values: Values & { pointer?: string }) => string

export const MESSAGES: Record<string, Record<Language, Message>> = {
  THREE_PUBLIC_PRIOR_BUDGET_FALLBACK: {
    zh: (v) => `未提供上年度“三公经费”预算数，以上年决算数${v.value}万元作为变动率的基数`,
    en: (v) =>
      `The prior-year budget of the three public expenses is absent; the prior-year final figure, ${v.value} (10,000 yuan), is the base of the change rate`,
  },
  BREAKDOWN_MISMATCH: {
    zh: (v) =>
      v.rule === 'atMost'
        ? `${v.pointer}：明细之和${v.breakdownSum}超过合计${v.total}`
        : `${v.pointer}：明细之和${v.breakdownSum}与合计${v.total}不符`,
    en: (v) =>
      v.rule === 'atMost'
        ? `${v.pointer}: the items add up to ${v.breakdownSum} (10,000 yuan), above the total ${v.total}`
        : `${v.pointer}: the items add up to ${v.breakdownSum} (10,000 yuan), not the total ${v.total}`,
  },
}

/** A fallback that a custom rubric names with a code of its own is described generically. */
const FALLBACK: Record<Language, Message> = {
  zh: (v) => `未提供该数据，以${v.use}的值${v.value}代替`,
  en: (v) => `Absent; the value ${v.value} at ${v.use} is used instead`,
}

export function warningMessage(language: Language, code: string, values: Values & { pointer?: string }): string {
  return (MESSAGES[code] ?? FALLBACK)[language](values)
}
