import type { Language } from '../core/language.js'

type Params = Record<string, string | number>
type Template = (params: Params) => string

/**
 * What a person filling a form reads for each broken rule, keyed by the rule's stable name. Schema
 * keywords (Ajv's) and the service's own cross-field rules share this one catalogue.
 */
export const MESSAGES: Record<string, Record<Language, Template>> = {
  required: { zh: (p) => `缺少必填字段 ${p.field}`, en: (p) => `the required field ${p.field} is missing` },
  additionalProperties: {
    zh: (p) => `不认识的字段 ${p.field}（请检查拼写）`,
    en: (p) => `unknown field ${p.field} (check the spelling)`,
  },
  type: { zh: (p) => `类型应为 ${p.type}`, en: (p) => `must be of type ${p.type}` },
  decimal: {
    zh: (p) =>
      `须为${p.signed ? '' : '非负'}十进制数：JSON 数字或形如 "12.34" 的字符串，最多 15 位整数、6 位小数，不得使用指数`,
    en: (p) =>
      `must be a ${p.signed ? '' : 'non-negative '}decimal: a JSON number or a string like "12.34", at most 15 integer and 6 fractional digits, no exponent`,
  },
  minimum: { zh: (p) => `不得小于 ${p.limit}`, en: (p) => `must be at least ${p.limit}` },
  maximum: { zh: (p) => `不得大于 ${p.limit}`, en: (p) => `must be at most ${p.limit}` },
  exclusiveMinimum: { zh: (p) => `须大于 ${p.limit}`, en: (p) => `must be greater than ${p.limit}` },
  minLength: { zh: (p) => `长度不得少于 ${p.limit} 个字符`, en: (p) => `must be at least ${p.limit} characters long` },
  maxLength: { zh: (p) => `长度不得超过 ${p.limit} 个字符`, en: (p) => `must be at most ${p.limit} characters long` },
  pattern: { zh: (p) => `格式不符：须匹配 ${p.pattern}`, en: (p) => `must match ${p.pattern}` },
  enum: { zh: (p) => `须为以下之一：${p.allowed}`, en: (p) => `must be one of: ${p.allowed}` },
  const: { zh: (p) => `须为 ${p.allowed}`, en: (p) => `must be ${p.allowed}` },
  maxItems: { zh: (p) => `最多 ${p.limit} 项`, en: (p) => `must have at most ${p.limit} items` },
  minItems: { zh: (p) => `至少 ${p.limit} 项`, en: (p) => `must have at least ${p.limit} items` },
  maxProperties: { zh: (p) => `最多 ${p.limit} 个字段`, en: (p) => `must have at most ${p.limit} fields` },
  invalidKey: {
    zh: (p) => `字段名 ${p.field} 不合规则：须为字母开头的字母、数字、-、_`,
    en: (p) => `the field name ${p.field} is not an identifier (a letter, then letters, digits, - or _)`,
  },
  integer: { zh: () => '须为整数', en: () => 'must be an integer' },
  schema: { zh: (p) => `不符合规则 ${p.keyword}`, en: (p) => `breaks the rule ${p.keyword}` },
  positive: { zh: () => '须大于 0', en: () => 'must be greater than 0' },
  fundsAvailable: {
    zh: (p) => `上年结转 + 年初预算 + 本年追加预算须大于 0（现为 ${p.funds}）`,
    en: (p) => `carry-over + initial + supplementary budget must be greater than 0 (it is ${p.funds})`,
  },
  atMostFundsAvailable: {
    zh: (p) => `年末结余不得超过可支配资金（上年结转 + 年初预算 + 本年追加预算 = ${p.funds}）`,
    en: (p) =>
      `the year-end balance must not exceed the funds available (carry-over + initial + supplementary = ${p.funds})`,
  },
  rateOrCounts: {
    zh: () => '满意度请只给出 rate，或只给出 surveyed 与 satisfied，不要同时给出',
    en: () => 'give either rate or surveyed and satisfied, not both',
  },
  countsTogether: {
    zh: (p) => `给出 ${p.given} 时须同时给出 ${p.field}`,
    en: (p) => `${p.field} is required together with ${p.given}`,
  },
  atMostSurveyed: {
    zh: (p) => `满意人数不得超过调查人数 ${p.surveyed}`,
    en: (p) => `must not exceed the number surveyed (${p.surveyed})`,
  },
  noProject: {
    zh: () => 'hasProject 为 false（没有楼堂馆所项目）时，面积与投资只能为 0 或不填',
    en: () => 'with hasProject false (no building project) areas and investments must be 0 or absent',
  },
  atMostMaxScore: {
    zh: (p) => `不得超过指标“${p.indicator}”的分值 ${p.max}`,
    en: (p) => `must not exceed the maximum of ${p.indicator} (${p.max})`,
  },
  unknownItem: {
    zh: (p) => `评价体系中没有这一项；可用的为：${p.allowed}`,
    en: (p) => `the rubric has no such item; the items are: ${p.allowed}`,
  },
  bothRubrics: { zh: () => 'rubricId 与 rubric 只能给出其一', en: () => 'give rubricId or rubric, not both' },
  scoreDecimals: { zh: () => '得分最多两位小数', en: () => 'a score has at most 2 decimals' },
  adjustMissingData: {
    zh: (p) => `指标“${p.indicator}”缺少数据、未计分，不能复核调整`,
    en: (p) => `${p.indicator} lacks its data and was not scored, so it cannot be adjusted`,
  },
  unknownIndicator: {
    zh: (p) => `评价体系 ${p.rubric} 中没有指标 ${p.id}`,
    en: (p) => `the rubric ${p.rubric} has no indicator ${p.id}`,
  },
}

export function message(language: Language, rule: string, params: Params = {}): string {
  const entry = MESSAGES[rule] ?? MESSAGES.schema!
  return entry[language]({ keyword: rule, ...params })
}
