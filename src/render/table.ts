import type { BatchItemResult, BatchSummary } from '../../schemas/batch.js'
import type { EvaluationRequest } from '../../schemas/evaluation-request.js'
import type { EvaluationResult, IndicatorResult } from '../../schemas/evaluation-response.js'
import type { Rubric } from '../../schemas/rubric.js'
import type { Language } from '../core/language.js'
import { labelsFor, localName, type LabelKey } from './labels.js'

/**
 * One cell of a rendered table. Scores are the engine's 2-decimal strings and money the decimals
 * as submitted: each format writes them as it must (CSV verbatim, XLSX as numbers), and no
 * arithmetic is ever done on them here.
 */
export type Cell =
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'score' | 'money'; readonly value: string | null }
  | { readonly kind: 'integer'; readonly value: number | null }

export const text = (value: string): Cell => ({ kind: 'text', value })
export const score = (value: string | null): Cell => ({ kind: 'score', value })
const money = (value: number | string | undefined): Cell => ({
  kind: 'money',
  value: value === undefined ? null : String(value),
})
const integer = (value: number | undefined): Cell => ({ kind: 'integer', value: value ?? null })

/** What every renderer of one evaluation reads: the answer, the request it answers, its rubric. */
export interface EvaluationDocument {
  readonly result: EvaluationResult
  readonly request: EvaluationRequest
  /** The rubric that scored it (built-in or inline), for the 指标说明 and the English title. */
  readonly rubric: Rubric
}

type Category = EvaluationResult['categories'][number]
type Group = Category['children'][number]

/** One indicator in the official layout, with the spans of its category and group cells. */
export interface IndicatorRow {
  readonly category: Category
  readonly group: Group
  /** Rows the category cell spans when this is its first row, 0 otherwise (merged cells). */
  readonly categorySpan: number
  readonly groupSpan: number
  readonly indicator: IndicatorResult
  readonly description: string
}

/** The indicators in the order of the rubric's categories, as the official table lists them. */
export function indicatorRows({ result, rubric }: EvaluationDocument): IndicatorRow[] {
  const descriptions = new Map<string, string>()
  for (const category of rubric.categories) {
    for (const child of category.children) {
      for (const indicator of child.indicators)
        if (indicator.description !== undefined) descriptions.set(indicator.id, indicator.description)
    }
  }
  const byId = new Map(result.indicators.map((indicator) => [indicator.id, indicator]))
  const rows: IndicatorRow[] = []
  for (const category of result.categories) {
    const categorySpan = category.children.reduce((sum, child) => sum + child.indicatorIds.length, 0)
    category.children.forEach((group, childIndex) => {
      group.indicatorIds.forEach((id, index) => {
        const indicator = byId.get(id)!
        rows.push({
          category,
          group,
          categorySpan: childIndex === 0 && index === 0 ? categorySpan : 0,
          groupSpan: index === 0 ? group.indicatorIds.length : 0,
          indicator,
          // The official column holds the definition; a rubric that gives none falls back to its formula.
          description: descriptions.get(id) ?? indicator.formula ?? '',
        })
      })
    })
  }
  return rows
}

/** Self scores and differences are columns only when the request sent self scores. */
export function hasSelfScores(result: EvaluationResult): boolean {
  return result.selfAssessment !== null
}

/** The 复核 columns (computed score, reviewed score, reason) are there only when the request carried a review. */
export function hasReview(result: EvaluationResult): boolean {
  return result.review !== undefined
}

const INDICATOR_COLUMNS: readonly LabelKey[] = [
  'category',
  'points',
  'group',
  'points',
  'indicator',
  'points',
  'standard',
  'description',
  'score',
  'explanation',
]

/** The column headings of the indicator table: the official nine, the reason, and the self-assessment. */
export function indicatorHeadings(result: EvaluationResult): string[] {
  const labels = labelsFor(result.language)
  const keys: LabelKey[] = [
    ...INDICATOR_COLUMNS,
    ...(hasSelfScores(result) ? (['selfScore', 'difference'] as const) : []),
    ...(hasReview(result) ? (['computedScore', 'reviewedScore', 'reviewReason'] as const) : []),
  ]
  return keys.map((key) => labels[key])
}

/** One row of the indicator table, every level named (a CSV row stands on its own). */
export function indicatorCells(row: IndicatorRow, result: EvaluationResult): Cell[] {
  const language = result.language
  const { category, group, indicator } = row
  return [
    text(localName(category, language)),
    score(category.maxScore),
    text(localName(group, language)),
    score(group.maxScore),
    text(localName(indicator, language)),
    score(indicator.maxScore),
    text(indicator.standard),
    text(row.description),
    score(indicator.score),
    text(indicator.explanation),
    ...(hasSelfScores(result) ? [score(indicator.selfScore), score(indicator.difference)] : []),
    ...(hasReview(result) ? reviewCells(indicator) : []),
  ]
}

/** An indicator's 复核 cells: the score the rubric gives, the reviewer's (empty when not adjusted) and why. */
export function reviewCells(indicator: IndicatorResult): Cell[] {
  const adjustment = indicator.adjustment ?? null
  return [score(indicator.computedScore ?? null), score(adjustment?.score ?? null), text(adjustment?.reason ?? '')]
}

/** One line of the 预警 section: an input of an indicator and how far it is from the next change of score. */
export interface HeadroomRow {
  readonly indicator: IndicatorResult
  readonly pointer: string
  readonly value: string
  readonly explanation: string
}

/** The 预警 section's lines, in the rubric's order; empty unless the request asked for headroom. */
export function headroomRows(result: EvaluationResult): HeadroomRow[] {
  return result.indicators.flatMap((indicator) =>
    (indicator.headroom?.inputs ?? []).map((input) => ({
      indicator,
      pointer: input.pointer,
      value: input.value,
      explanation: input.explanation,
    })),
  )
}

/** The grade as a person reads it, or why there is none. */
export function gradeLabel(result: EvaluationResult): string {
  if (result.grade === null) return labelsFor(result.language).noGrade
  return result.language === 'en' ? result.grade.labelEn : result.grade.label
}

/** The rubric's title in the answer's language. */
export function rubricTitle({ result, rubric }: EvaluationDocument): string {
  return result.language === 'en' ? rubric.titleEn : rubric.title
}

/** A row of the base-data table; `heading` rows name the columns of the rows under them. */
export interface GridRow {
  readonly cells: readonly Cell[]
  readonly heading?: boolean
}

type Columns = {
  priorYearBudget?: number | string
  priorYearFinal?: number | string
  budget?: number | string
  final?: number | string
}

/**
 * The 部门整体支出绩效评价基础数据表 as submitted, in the original's order: every row of the form is
 * there, a figure the request left out is an empty cell.
 */
export function baseDataRows(request: EvaluationRequest, language: Language): GridRow[] {
  const labels = labelsFor(language)
  const base = request.baseData ?? {}
  const label = (key: LabelKey) => text(labels[key])
  const expense = (key: LabelKey, columns: Columns | undefined): GridRow => ({
    cells: [
      label(key),
      money(columns?.priorYearBudget),
      money(columns?.priorYearFinal),
      money(columns?.budget),
      money(columns?.final),
    ],
  })
  const three = base.threePublicExpenses
  const funds = base.publicFunds
  const buildings = base.buildings
  return [
    { heading: true, cells: [label('staffing'), label('authorized'), label('actual')] },
    { cells: [text(''), integer(base.staffing?.authorized), integer(base.staffing?.actual)] },
    {
      heading: true,
      cells: [label('expenditure'), label('priorYearBudget'), label('priorYearFinal'), label('budget'), label('final')],
    },
    expense('threePublicExpenses', three),
    expense('vehiclePurchase', three?.breakdown?.vehiclePurchase),
    expense('vehicleOperation', three?.breakdown?.vehicleOperation),
    expense('overseasTravel', three?.breakdown?.overseasTravel),
    expense('officialReception', three?.breakdown?.officialReception),
    expense('projectExpenditure', base.projectExpenditure),
    expense('publicFunds', funds),
    expense('office', funds?.breakdown?.office),
    expense('utilitiesAndTravel', funds?.breakdown?.utilitiesAndTravel),
    expense('meetingsAndTraining', funds?.breakdown?.meetingsAndTraining),
    expense('procurement', { budget: base.procurement?.budget, final: base.procurement?.actual }),
    {
      heading: true,
      cells: [
        label('overallBudget'),
        label('carryover'),
        label('initial'),
        label('supplementary'),
        label('yearEndBalance'),
      ],
    },
    {
      cells: [
        text(''),
        money(base.budget?.carryover),
        money(base.budget?.initial),
        money(base.budget?.supplementary),
        money(base.budget?.yearEndBalance),
      ],
    },
    {
      heading: true,
      cells: [
        label('buildings'),
        label('hasProject'),
        label('approvedArea'),
        label('actualArea'),
        label('approvedInvestment'),
        label('actualInvestment'),
      ],
    },
    {
      cells: [
        text(''),
        text(buildings === undefined ? '' : labels[buildings.hasProject ? 'yes' : 'no']),
        money(buildings?.approvedArea),
        money(buildings?.actualArea),
        money(buildings?.approvedInvestment),
        money(buildings?.actualInvestment),
      ],
    },
    { heading: true, cells: [label('frugalityMeasures')] },
    { cells: [text(base.frugalityMeasures ?? '')] },
  ]
}

/** A batch's answer, and the items as sent (to name the departments whose item was refused). */
export interface BatchDocument {
  readonly results: readonly BatchItemResult[]
  readonly summary: BatchSummary
  readonly items: readonly unknown[]
  readonly language: Language
}

/** The indicators of a batch's evaluations, in the order they first appear (rubrics may differ). */
export function batchIndicators(results: readonly BatchItemResult[]): { id: string; name: string; nameEn: string }[] {
  const seen = new Map<string, { id: string; name: string; nameEn: string }>()
  for (const { evaluation } of results) {
    for (const indicator of evaluation?.indicators ?? []) if (!seen.has(indicator.id)) seen.set(indicator.id, indicator)
  }
  return [...seen.values()]
}

export function batchHeadings(document: BatchDocument): string[] {
  const labels = labelsFor(document.language)
  return [
    labels.index,
    labels.department,
    labels.departmentCode,
    ...batchIndicators(document.results).map((indicator) => localName(indicator, document.language)),
    labels.total,
    labels.grade,
    labels.rank,
    labels.status,
    labels.problem,
  ]
}

/** The department an item names, read defensively: a refused item may be anything. */
function itemDepartment(item: unknown): { name: string; code: string } {
  const department = (item as { department?: { name?: unknown; code?: unknown } } | null)?.department
  const field = (value: unknown) => (typeof value === 'string' ? value.slice(0, 200) : '')
  return { name: field(department?.name), code: field(department?.code) }
}

/** A problem in one line: its code, detail and the first broken fields. */
function problemText(problem: NonNullable<BatchItemResult['problem']>): string {
  const errors = problem.errors ?? []
  const fields = errors.slice(0, 5).map((error) => `${error.pointer || '/'}: ${error.message}`)
  if (errors.length > 5) fields.push('…')
  return `${problem.code}: ${problem.detail}${fields.length > 0 ? ` (${fields.join('; ')})` : ''}`
}

/** One row per item, in input order: its score per indicator, total, grade and rank, or its problem. */
export function batchRows(document: BatchDocument): Cell[][] {
  const labels = labelsFor(document.language)
  const indicators = batchIndicators(document.results)
  const ranks = new Map(document.summary.ranking.map((entry) => [entry.index, entry.rank]))
  return document.results.map((item) => {
    const evaluation = item.evaluation
    if (evaluation === undefined) {
      const department = itemDepartment(document.items[item.index])
      return [
        integer(item.index),
        text(department.name),
        text(department.code),
        ...indicators.map(() => score(null)),
        score(null),
        text(''),
        integer(undefined),
        text(labels.error),
        text(problemText(item.problem!)),
      ]
    }
    const scores = new Map(evaluation.indicators.map((indicator) => [indicator.id, indicator.score]))
    return [
      integer(item.index),
      text(evaluation.department.name),
      text(evaluation.department.code ?? ''),
      ...indicators.map((indicator) => score(scores.get(indicator.id) ?? null)),
      score(evaluation.totalScore),
      text(
        evaluation.grade === null ? '' : document.language === 'en' ? evaluation.grade.labelEn : evaluation.grade.label,
      ),
      integer(ranks.get(item.index)),
      text(labels[evaluation.complete ? 'scored' : 'incomplete']),
      text(''),
    ]
  })
}
