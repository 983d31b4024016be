// The measure catalogue: which indicators the request can feed, found by the indicator's name (or a
// synonym) and checked against the formula of its 指标说明. The built-in rubric's indicators lend
// their measures, English names, item ids and level codes, so that a table worded like the seed's
// drafts the seed's rubric; the breakdown's 三公 items add rates of their own.
import type { Measure, Rubric, RubricIndicator } from '../../../schemas/rubric.js'
import yuhua2021 from '../yuhua-2021.json' with { type: 'json' }
import { normalize } from './lexer.js'

export type Feeds = 'rate' | 'checklist' | 'violations' | 'levels' | 'score'

export interface CatalogueEntry {
  readonly id: string
  readonly nameEn: string
  /** The name and its synonyms, as matchName compares them (no quotes, no spaces). */
  readonly names: readonly string[]
  readonly measure: Measure
  readonly feeds: Feeds
  /** Words a formula in 指标说明 must mention, each group by one of its words. */
  readonly terms: readonly (readonly string[])[]
  /** A checklist's items or a count's categories, in the order the table lists them. */
  readonly items?: readonly { readonly id: string; readonly textEn: string }[]
  /** Levels' codes from the best to the worst. */
  readonly levels?: readonly { readonly code: string; readonly labelEn: string }[]
}

const builtIn = new Map<string, RubricIndicator>()
for (const category of (yuhua2021 as Rubric).categories)
  for (const group of category.children) for (const indicator of group.indicators) builtIn.set(indicator.id, indicator)

function fromBuiltIn(id: string, feeds: Feeds, names: readonly string[], terms: readonly string[][] = []) {
  const indicator = builtIn.get(id)!
  const rule = indicator.rule
  return {
    id,
    nameEn: indicator.nameEn,
    names,
    measure: indicator.measure,
    feeds,
    terms,
    items:
      rule.kind === 'checklist' ? rule.items : rule.kind === 'violations' ? rule.categories : undefined,
    levels: rule.kind === 'levels' ? rule.levels : undefined,
  } satisfies CatalogueEntry
}

const THREE_PUBLIC = '/baseData/threePublicExpenses/breakdown'

/** A 三公 item's change rate: (budget − prior-year budget) / prior-year budget, the final figure standing in. */
function itemChangeRate(id: string, nameEn: string, names: readonly string[], items: readonly string[]) {
  const budgets = items.map((item) => `${THREE_PUBLIC}/${item}/budget`)
  const priors = items.map((item) => `${THREE_PUBLIC}/${item}/priorYearBudget`)
  return {
    id,
    nameEn,
    names,
    measure: {
      kind: 'ratio',
      numerator: { add: budgets, subtract: priors },
      denominator: priors.length === 1 ? priors[0]! : { add: priors },
      fallbacks: items.map((item) => ({
        pointer: `${THREE_PUBLIC}/${item}/priorYearBudget`,
        use: `${THREE_PUBLIC}/${item}/priorYearFinal`,
        warning: 'PRIOR_YEAR_BUDGET_FALLBACK',
      })),
    },
    feeds: 'rate',
    terms: [],
  } satisfies CatalogueEntry
}

export const CATALOGUE: readonly CatalogueEntry[] = [
  fromBuiltIn('staffControlRate', 'rate', ['在职人员控制率', '财政供养人员控制率', '人员控制率', '编制控制率'], [
    ['在职', '实有', '实际人数'],
    ['编制'],
  ]),
  fromBuiltIn('threePublicChangeRate', 'rate', ['三公经费变动率', '三公经费增长率'], [['三公']]),
  fromBuiltIn('budgetCompletionRate', 'rate', ['预算完成率', '预算执行率'], [['结余', '结转', '支出']]),
  fromBuiltIn('budgetControlRate', 'rate', ['预算控制率', '预算调整率'], [['追加', '调整']]),
  fromBuiltIn('buildingAreaControlRate', 'rate', ['新建楼堂馆所面积控制率', '楼堂馆所面积控制率'], [['面积']]),
  fromBuiltIn(
    'buildingInvestmentControlRate',
    'rate',
    ['新建楼堂馆所投资概算控制率', '楼堂馆所投资概算控制率', '楼堂馆所投资预算控制率', '楼堂馆所投资控制率'],
    [['投资']],
  ),
  fromBuiltIn('publicFundsControlRate', 'rate', ['公用经费控制率'], [['公用经费']]),
  fromBuiltIn('threePublicControlRate', 'rate', ['三公经费控制率'], [['三公']]),
  fromBuiltIn('procurementExecutionRate', 'rate', ['政府采购执行率', '采购执行率'], [['采购']]),
  fromBuiltIn('managementSystemSoundness', 'checklist', ['管理制度健全性', '管理制度健全']),
  fromBuiltIn('fundUseCompliance', 'violations', ['资金使用合规性', '资金使用合规']),
  fromBuiltIn('budgetDisclosure', 'checklist', ['预决算信息公开性', '预决算信息公开', '信息公开性']),
  fromBuiltIn('keyWorkCompletionRate', 'rate', ['重点工作实际完成率', '重点工作完成率'], [['计划', '完成']]),
  fromBuiltIn('economicBenefit', 'score', ['经济效益']),
  fromBuiltIn('socialBenefit', 'score', ['社会效益']),
  fromBuiltIn('administrativeEfficiency', 'levels', ['行政效能']),
  fromBuiltIn('publicSatisfaction', 'rate', [
    '社会公众或服务对象满意度',
    '服务对象满意度',
    '社会公众满意度',
    '群众满意度',
    '满意度',
  ]),
  itemChangeRate('officialReceptionChangeRate', 'Change rate of official reception expenses', [
    '公务招待费变动率',
    '公务接待费变动率',
  ], ['officialReception']),
  itemChangeRate('vehicleChangeRate', 'Change rate of official vehicle purchase and operation', [
    '公务用车购置及运行费变动率',
    '公务用车购置及运行维护费变动率',
    '公务用车购置和运行费变动率',
    '公务用车购置和维护经费变动率',
  ], ['vehiclePurchase', 'vehicleOperation']),
  itemChangeRate('vehiclePurchaseChangeRate', 'Change rate of official vehicle purchase', ['公务用车购置费变动率'], [
    'vehiclePurchase',
  ]),
  itemChangeRate('vehicleOperationChangeRate', 'Change rate of official vehicle operation', [
    '公务用车运行维护费变动率',
    '公务用车运行费变动率',
  ], ['vehicleOperation']),
  itemChangeRate('overseasTravelChangeRate', 'Change rate of official overseas travel', [
    '因公出国(境)费变动率',
    '因公出国费变动率',
    '出国经费变动率',
  ], ['overseasTravel']),
]

/** A name as the catalogue compares it: normalized, without quotes and spaces. */
export function nameKey(name: string): string {
  return normalize(name).replace(/[“”"‘’'「」『』\s]/g, '')
}

/**
 * The entry for an indicator's name: the one with that name or synonym, else the one whose
 * longest name the indicator's name contains (2021年在职人员控制率), else none.
 */
export function matchName(name: string): { entry: CatalogueEntry; exact: boolean } | undefined {
  const key = nameKey(name)
  const exact = CATALOGUE.find((entry) => entry.names.includes(key))
  if (exact) return { entry: exact, exact: true }
  let best: { entry: CatalogueEntry; length: number } | undefined
  for (const entry of CATALOGUE)
    for (const synonym of entry.names)
      if (key.includes(synonym) && synonym.length > (best?.length ?? 0)) best = { entry, length: synonym.length }
  return best && { entry: best.entry, exact: false }
}

/** The term groups of an entry that a formula does not mention (none when there is no formula). */
export function missingTerms(entry: CatalogueEntry, formula: string | undefined): string[] {
  if (!formula) return []
  const key = nameKey(formula)
  return entry.terms.filter((group) => !group.some((word) => key.includes(word))).map((group) => group.join('/'))
}

/** Categories' ids and English names by their Chinese names; others get generated ids. */
export const CATEGORY_NAMES: Readonly<Record<string, { id: string; nameEn: string }>> = {
  投入: { id: 'input', nameEn: 'Input' },
  过程: { id: 'process', nameEn: 'Process' },
  产出及效率: { id: 'outputEfficiency', nameEn: 'Output and efficiency' },
  产出: { id: 'output', nameEn: 'Output' },
  效益: { id: 'benefit', nameEn: 'Benefit' },
  预算配置: { id: 'budgetAllocation', nameEn: 'Budget allocation' },
  预算执行: { id: 'budgetExecution', nameEn: 'Budget execution' },
  预算管理: { id: 'budgetManagement', nameEn: 'Budget management' },
  资产管理: { id: 'assetManagement', nameEn: 'Asset management' },
  职责履行: { id: 'dutyPerformance', nameEn: 'Duty performance' },
  履职效益: { id: 'performanceBenefit', nameEn: 'Performance benefit' },
}
