import type { Language } from '../core/language.js'

/** What a person calls an input the headroom moves, and its unit, in both languages. */
interface Field {
  readonly zh: string
  readonly en: string
  readonly unitZh: string
  readonly unitEn: string
}

const money = (zh: string, en: string): Field => ({ zh, en, unitZh: '万元', unitEn: ' (10,000 yuan)' })
const people = (zh: string, en: string): Field => ({ zh, en, unitZh: '人', unitEn: ' people' })
const plainField = (zh: string, en: string, unitZh = '', unitEn = ''): Field => ({ zh, en, unitZh, unitEn })

const FIELDS: Record<string, Field> = {
  '/baseData/staffing/actual': people('在职人员数', 'staff in post'),
  '/baseData/staffing/authorized': people('编制数', 'authorized staff'),
  '/baseData/threePublicExpenses/budget': money('本年“三公经费”预算数', "this year's 三公 budget"),
  '/baseData/threePublicExpenses/final': money('本年“三公经费”决算数', "this year's 三公 final expenditure"),
  '/baseData/threePublicExpenses/priorYearBudget': money('上年“三公经费”预算数', "the prior year's 三公 budget"),
  '/baseData/threePublicExpenses/priorYearFinal': money('上年“三公经费”决算数', "the prior year's 三公 final expenditure"),
  '/baseData/budget/carryover': money('上年结转', 'the carry-over'),
  '/baseData/budget/initial': money('年初预算', 'the initial budget'),
  '/baseData/budget/supplementary': money('本年追加预算', 'the supplementary budget'),
  '/baseData/budget/yearEndBalance': money('年末结余', 'the year-end balance'),
  '/baseData/publicFunds/budget': money('公用经费预算数', 'the public-funds budget'),
  '/baseData/publicFunds/final': money('公用经费决算数', 'the public-funds final expenditure'),
  '/baseData/procurement/budget': money('政府采购预算数', 'the procurement budget'),
  '/baseData/procurement/actual': money('实际政府采购金额', 'actual procurement'),
  '/baseData/buildings/approvedArea': plainField('批准建设面积', 'the approved floor area', '㎡', ' m²'),
  '/baseData/buildings/actualArea': plainField('实际建设面积', 'the actual floor area', '㎡', ' m²'),
  '/baseData/buildings/approvedInvestment': money('批准投资金额', 'the approved investment'),
  '/baseData/buildings/actualInvestment': money('实际投资金额', 'the actual investment'),
  '/assessments/keyWork/planned': plainField('计划产出数', 'the planned output'),
  '/assessments/keyWork/actual': plainField('实际产出数', 'the actual output'),
  '/assessments/satisfaction/rate': plainField('满意度', 'the satisfaction rate', '%', '%'),
  '/assessments/satisfaction/surveyed': people('调查人数', 'people surveyed'),
  '/assessments/satisfaction/satisfied': people('满意人数', 'people satisfied'),
}

/** The field's words: its own for the built-in fields, by the last tokens of the pointer otherwise. */
function fieldOf(pointer: string): Field {
  const known = FIELDS[pointer]
  if (known) return known
  const tokens = pointer.split('/')
  const last = tokens.at(-1)!
  if (tokens.at(-2) === 'counts' || pointer.startsWith('/assessments/fundUseViolations/'))
    return plainField(`“${last}”例数`, `the cases of ${last}`, '例', ' cases')
  if (last === 'score') return plainField(`评分（${pointer}）`, `the score at ${pointer}`, '分', ' points')
  if (last === 'target') return plainField(`目标值（${pointer}）`, `the target at ${pointer}`)
  if (last === 'actual') return plainField(`实际值（${pointer}）`, `the actual value at ${pointer}`)
  return plainField(pointer, pointer)
}

export interface MoveText {
  readonly pointer: string
  readonly direction: 'up' | 'down'
  /** The change and the input's value after it, as plain decimals. */
  readonly change: string
  readonly indicatorName: string
  /** The indicator's value after the change ("5.00") and its unit, or null (no rate: a zero denominator). */
  readonly indicatorValue: string | null
  readonly unit: '%' | 'points' | 'cases'
  readonly score: string
  /** Whether the score falls (compared exactly by the caller). */
  readonly lower: boolean
}

const UNITS_ZH = { '%': '%', points: '分', cases: '例' } as const
const UNITS_EN = { '%': '%', points: ' points', cases: ' cases' } as const

/** "三公经费预算数再增加 X 万元，变动率将达 5.00%，本项得分降为 Y 分", and its English. */
export function moveText(language: Language, move: MoveText): string {
  const field = fieldOf(move.pointer)
  const lower = move.lower
  if (language === 'zh') {
    const value =
      move.indicatorValue === null
        ? `${move.indicatorName}的分母将为0`
        : `${move.indicatorName}将为${move.indicatorValue}${UNITS_ZH[move.unit]}`
    const verb = move.direction === 'up' ? '再增加' : '再减少'
    return `${field.zh}${verb}${move.change}${field.unitZh}，${value}，本项得分${lower ? '降' : '升'}为${move.score}分`
  }
  const value =
    move.indicatorValue === null
      ? `the denominator of ${move.indicatorName} becomes 0`
      : `${move.indicatorName} becomes ${move.indicatorValue}${UNITS_EN[move.unit]}`
  const verb = move.direction === 'up' ? 'rises' : 'falls'
  return `if ${field.en} ${verb} by ${move.change}${field.unitEn}, ${value} and the score ${lower ? 'drops' : 'rises'} to ${move.score} points`
}

/** Why a direction has no move: a bound of the schema or a cross-field rule comes first, or nothing changes it. */
export function stillText(
  language: Language,
  pointer: string,
  direction: 'up' | 'down',
  limit: { readonly message: string } | null,
): string {
  const field = fieldOf(pointer)
  if (language === 'zh') {
    const verb = direction === 'up' ? '增加' : '减少'
    return limit
      ? `${field.zh}${verb}至得分变动之前即违反规则（${limit.message}）`
      : `${field.zh}再${verb}也不改变本项得分`
  }
  const verb = direction === 'up' ? 'rise' : 'fall'
  return limit
    ? `${field.en} cannot ${verb} far enough to change the score without breaking a rule (${limit.message})`
    : `no ${direction === 'up' ? 'rise' : 'fall'} of ${field.en} changes the score`
}

export function gradeText(
  language: Language,
  margin: { canLose: string | null; toNextGrade: string | null; next: string | null; current: string },
): string {
  if (language === 'zh') {
    const keep = margin.canLose === null ? `已为最低等级“${margin.current}”` : `总分再失${margin.canLose}分仍为“${margin.current}”`
    const gain = margin.toNextGrade === null ? '已为最高等级' : `再得${margin.toNextGrade}分可达“${margin.next}”`
    return `${keep}；${gain}`
  }
  const keep =
    margin.canLose === null
      ? `"${margin.current}" is the lowest grade`
      : `the total can lose ${margin.canLose} points and stay "${margin.current}"`
  const gain =
    margin.toNextGrade === null ? 'it is the highest grade' : `${margin.toNextGrade} more points reach "${margin.next}"`
  return `${keep}; ${gain}`
}
