import { EvaluationRequestSchema, ExpenseColumnsSchema } from '../../schemas/evaluation-request.js'
import { NonNegativeDecimalSchema, SignedDecimalSchema } from '../../schemas/common.js'
import type { Rubric, RubricIndicator } from '../../schemas/rubric.js'
import type { Bilingual } from '../core/language.js'

/** How a field's cell is filled and read. */
export type FieldKind = 'text' | 'decimal' | 'signedDecimal' | 'integer' | 'boolean' | 'choice'

export interface Choice {
  readonly code: string
  readonly label: Bilingual
}

/** One input of a request, as a row of the template (or a column of the batch layout). */
export interface Field {
  /** The JSON Pointer into one evaluation request. */
  readonly pointer: string
  readonly label: Bilingual
  readonly unit: Bilingual
  readonly kind: FieldKind
  readonly minimum?: number
  readonly maximum?: number
  readonly maxLength?: number
  readonly choices?: readonly Choice[]
  readonly note: Bilingual
}

const NONE: Bilingual = { zh: '', en: '' }
const WAN: Bilingual = { zh: '万元', en: '10,000 yuan' }
const PEOPLE: Bilingual = { zh: '人', en: 'people' }
const M2: Bilingual = { zh: '㎡', en: 'm²' }
const CASES: Bilingual = { zh: '例', en: 'cases' }
const POINTS: Bilingual = { zh: '分', en: 'points' }
const PERCENT: Bilingual = { zh: '%', en: '%' }

export const YES_NO: readonly Choice[] = [
  { code: 'true', label: { zh: '是', en: 'yes' } },
  { code: 'false', label: { zh: '否', en: 'no' } },
]

const COLUMNS: readonly [string, Bilingual][] = [
  ['priorYearBudget', { zh: '上年预算数', en: 'prior-year budget' }],
  ['priorYearFinal', { zh: '上年决算数', en: 'prior-year final' }],
  ['budget', { zh: '本年预算数', en: 'budget' }],
  ['final', { zh: '本年决算数', en: 'final' }],
]

/** A base-data input: its pointer, label and unit; its kind and bounds come from the request schema. */
type Row = readonly [pointer: string, label: Bilingual, unit: Bilingual]

const of = (zh: string, en: string): Bilingual => ({ zh: `其中：${zh}`, en: `of which ${en}` })

const columns = (pointer: string, label: Bilingual, keys = ['priorYearBudget', 'priorYearFinal', 'budget', 'final']) =>
  COLUMNS.filter(([key]) => keys.includes(key)).map(([key, column]): Row => [
    `${pointer}/${key}`,
    { zh: `${label.zh}：${column.zh}`, en: `${label.en}: ${column.en}` },
    WAN,
  ])

/** The base-data table in the seed's order and words (every field of the request's baseData). */
const BASE_DATA: readonly Row[] = [
  ['/baseData/staffing/authorized', { zh: '编制数', en: 'Authorized staff' }, PEOPLE],
  ['/baseData/staffing/actual', { zh: '实际在职人数', en: 'Staff in post' }, PEOPLE],
  ...columns('/baseData/threePublicExpenses', { zh: '“三公”经费合计', en: 'Three public expenses, total' }),
  ...columns('/baseData/threePublicExpenses/breakdown/vehiclePurchase', of('公务用车购置费', 'vehicle purchase')),
  ...columns('/baseData/threePublicExpenses/breakdown/vehicleOperation', of('公务用车运行维护费', 'vehicle operation')),
  ...columns('/baseData/threePublicExpenses/breakdown/overseasTravel', of('因公出国（境）费', 'overseas travel')),
  ...columns('/baseData/threePublicExpenses/breakdown/officialReception', of('公务接待费', 'official reception')),
  ['/baseData/budget/carryover', { zh: '上年结转', en: 'Carry-over from the prior year' }, WAN],
  ['/baseData/budget/initial', { zh: '年初预算', en: 'Initial budget' }, WAN],
  ['/baseData/budget/supplementary', { zh: '本年追加预算（调减为负数）', en: 'Supplementary budget (negative for a cut)' }, WAN],
  ['/baseData/budget/yearEndBalance', { zh: '年末结余', en: 'Year-end balance' }, WAN],
  ...columns('/baseData/publicFunds', { zh: '公用经费合计', en: 'Public funds, total' }, [
    'priorYearFinal',
    'budget',
    'final',
  ]),
  ...columns('/baseData/publicFunds/breakdown/office', of('办公经费', 'office')),
  ...columns('/baseData/publicFunds/breakdown/utilitiesAndTravel', of('水费、电费、差旅费', 'utilities and travel')),
  ...columns('/baseData/publicFunds/breakdown/meetingsAndTraining', of('会议费、培训费', 'meetings and training')),
  ...columns('/baseData/projectExpenditure', { zh: '项目支出', en: 'Project expenditure' }),
  ['/baseData/procurement/budget', { zh: '政府采购预算数', en: 'Procurement budget' }, WAN],
  ['/baseData/procurement/actual', { zh: '实际政府采购金额', en: 'Actual procurement' }, WAN],
  ['/baseData/buildings/hasProject', { zh: '是否有新建楼堂馆所项目', en: 'Has a new-building project' }, NONE],
  ['/baseData/buildings/approvedArea', { zh: '楼堂馆所批准建设面积', en: 'Approved floor area' }, M2],
  ['/baseData/buildings/actualArea', { zh: '楼堂馆所实际建设面积', en: 'Actual floor area' }, M2],
  ['/baseData/buildings/approvedInvestment', { zh: '楼堂馆所批准投资金额', en: 'Approved investment' }, WAN],
  ['/baseData/buildings/actualInvestment', { zh: '楼堂馆所实际投资金额', en: 'Actual investment' }, WAN],
  ['/baseData/frugalityMeasures', { zh: '厉行节约保障措施', en: 'Frugality measures' }, NONE],
]

const HEADER: readonly Row[] = [
  ['/department/name', { zh: '部门（单位）名称', en: 'Department' }, NONE],
  ['/department/code', { zh: '部门编码', en: 'Department code' }, NONE],
  ['/fiscalYear', { zh: '评价年度', en: 'Fiscal year' }, { zh: '年', en: 'year' }],
]

const GENERIC = new Set([
  (NonNegativeDecimalSchema as Schema).description!,
  (ExpenseColumnsSchema as Schema).description!,
  (SignedDecimalSchema as Schema).description!,
])

const UNITS: Readonly<Record<string, Bilingual>> = {
  '/assessments/satisfaction/rate': PERCENT,
  '/assessments/satisfaction/surveyed': PEOPLE,
  '/assessments/satisfaction/satisfied': PEOPLE,
}

/** The parts of a JSON Schema read here. */
interface Schema {
  readonly type?: string | string[]
  readonly description?: string
  readonly minimum?: number
  readonly maximum?: number
  readonly maxLength?: number
  readonly enum?: string[]
  readonly properties?: Record<string, Schema>
  readonly patternProperties?: Record<string, Schema>
}

/** The request schema's node at a pointer, through properties and records; undefined beyond it. */
export function schemaAt(pointer: string, root: Schema = EvaluationRequestSchema as Schema): Schema | undefined {
  let node: Schema | undefined = root
  for (const token of pointer.split('/').slice(1)) {
    if (node === undefined) return undefined
    const patterns: Record<string, Schema> | undefined = node.patternProperties
    const next: Schema | undefined = node.properties?.[token]
    node = next ?? (patterns ? Object.values(patterns)[0] : undefined)
  }
  return node
}

/** The halves of a schema description written "中文 / English". */
function described(schema: Schema): Bilingual {
  const parts = schema.description!.split(/\s?\/ /)
  return { zh: parts[0]!, en: parts.at(-1)! }
}

/** A field's kind and bounds, from the request schema. */
export function typed(pointer: string): Pick<Field, 'kind' | 'minimum' | 'maximum' | 'maxLength' | 'choices'> {
  const schema = schemaAt(pointer)!
  const type = schema.type
  if (type === 'boolean') return { kind: 'boolean', choices: YES_NO }
  if (type === 'integer') return { kind: 'integer', minimum: schema.minimum!, maximum: schema.maximum! }
  if (Array.isArray(type)) return schema.minimum! < 0 ? { kind: 'signedDecimal' } : { kind: 'decimal', minimum: 0 }
  const values = schema.enum
  if (values) return { kind: 'choice', choices: values.map((code) => ({ code, label: { zh: code, en: code } })) }
  return { kind: 'text', maxLength: schema.maxLength! }
}

/** Every JSON Pointer an indicator's measure reads. */
function measurePointers(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string' && value.startsWith('/')) into.push(value)
  else if (value !== null && typeof value === 'object') {
    for (const part of Object.values(value)) measurePointers(part, into)
  }
  return into
}

function indicators(rubric: Rubric): RubricIndicator[] {
  return rubric.categories.flatMap((category) => category.children.flatMap((group) => group.indicators))
}

const usedBy = (names: readonly Bilingual[]): Bilingual =>
  names.length === 0
    ? NONE
    : { zh: `用于：${names.map((n) => n.zh).join('、')}`, en: `Used by: ${names.map((n) => n.en).join('; ')}` }

const joined = (...parts: Bilingual[]): Bilingual => ({
  zh: parts.map((p) => p.zh).filter(Boolean).join('。'),
  en: parts.map((p) => p.en).filter(Boolean).join('. '),
})

/** What the request schema says of a field, unless it is only the label again or the generic decimal. */
function ownNote(pointer: string, label: Bilingual): Bilingual {
  // A column of an expenditure row is described by its row or its table.
  let at = pointer
  while (GENERIC.has(schemaAt(at)!.description!)) at = at.slice(0, at.lastIndexOf('/'))
  const own = described(schemaAt(at)!)
  return own.zh === label.zh ? NONE : own
}

/**
 * The inputs of a request to this rubric, in the template's order: the department and year; every
 * base-data field (the seed's table, scored or not); the assessor's inputs the rubric's indicators
 * read (a checklist's items as 是/否, a violations rule's categories as counts, levels as a list of
 * the rubric's levels); the department's self score of each indicator.
 */
export function templateFields(rubric: Rubric): Field[] {
  const users = new Map<string, Bilingual[]>()
  const answers: Field[] = []
  const seen = new Set<string>()
  for (const indicator of indicators(rubric)) {
    const name = { zh: indicator.name, en: indicator.nameEn ?? indicator.name }
    const pointers = measurePointers(indicator.measure)
    for (const pointer of new Set(pointers)) users.set(pointer, [...(users.get(pointer) ?? []), name])
    const rule = indicator.rule
    const note = (more: Bilingual = NONE) => joined(more, usedBy([name]))
    const value = indicator.measure.kind === 'value' ? indicator.measure.pointer : undefined
    if (value !== undefined && rule.kind === 'checklist') {
      for (const item of rule.items) {
        answers.push({
          pointer: `${value}/${item.id}`,
          label: { zh: item.text, en: item.textEn ?? item.text },
          unit: NONE,
          kind: 'boolean',
          choices: YES_NO,
          note: note({ zh: `符合得 ${item.points} 分`, en: `${item.points} points when met` }),
        })
      }
      seen.add(value)
    } else if (value !== undefined && rule.kind === 'violations') {
      for (const category of rule.categories) {
        answers.push({
          pointer: `${value}/${category.id}`,
          label: { zh: category.text, en: category.textEn ?? category.text },
          unit: CASES,
          kind: 'integer',
          minimum: 0,
          maximum: 1_000_000,
          note: note({ zh: '不符合要求的例数', en: 'Cases found' }),
        })
      }
      seen.add(value)
    } else if (value !== undefined && rule.kind === 'levels') {
      answers.push({
        pointer: value,
        label: name,
        unit: NONE,
        kind: 'choice',
        choices: rule.levels.map((level) => ({
          code: level.code,
          label: { zh: level.label, en: level.labelEn ?? level.label },
        })),
        note: note({ zh: '从下拉列表中选择档次', en: 'Choose the level from the list' }),
      })
      seen.add(value)
    }
  }
  const base = new Set(BASE_DATA.map(([pointer]) => pointer))
  for (const pointer of users.keys()) {
    if (seen.has(pointer) || base.has(pointer) || schemaAt(pointer) === undefined) continue
    seen.add(pointer)
    const schema = schemaAt(pointer)!
    const [first] = users.get(pointer)!
    const own = described(schema)
    // A bare decimal has only the schema's generic description: it is named by its indicator.
    const label = GENERIC.has(schema.description!) ? first!
      : pointer.startsWith('/assessments/custom/') ? { zh: `${first!.zh}：${own.zh}`, en: `${first!.en}: ${own.en}` }
      : own
    answers.push({
      pointer,
      label,
      unit: UNITS[pointer] ?? (pointer.endsWith('/score') ? POINTS : NONE),
      ...typed(pointer),
      note: usedBy(users.get(pointer)!),
    })
  }
  const rows = (list: readonly Row[]): Field[] => list.map(([pointer, label, unit]) => ({
    pointer,
    label,
    unit,
    ...typed(pointer),
    note: joined(ownNote(pointer, label), usedBy(users.get(pointer) ?? [])),
  }))
  const selfScores = indicators(rubric).map((indicator): Field => ({
    pointer: `/selfAssessment/scores/${indicator.id}`,
    label: { zh: `自评得分：${indicator.name}`, en: `Self score: ${indicator.nameEn ?? indicator.name}` },
    unit: POINTS,
    kind: 'decimal',
    minimum: 0,
    maximum: Number(indicator.maxScore),
    note: { zh: `部门自评得分，0 至 ${indicator.maxScore} 分`, en: `The department's own score, 0 to ${indicator.maxScore}` },
  }))
  return [...rows(HEADER), ...rows(BASE_DATA), ...answers, ...selfScores]
}
