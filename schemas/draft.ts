import { Type, type Static } from 'typebox'
import { IdentifierSchema } from './common.js'
import { RubricSchema, RubricValidationSummarySchema } from './rubric.js'

const Cell = (description: string) =>
  Type.Optional(Type.String({ maxLength: 200, description }))

/** A points cell as the table has it: a number, or text such as "5", "８" or "5分". */
const PointsCell = (description: string) =>
  Type.Unsafe<number | string>({ type: ['number', 'string'], maxLength: 30, description })

export const DraftRowSchema = Type.Object(
  {
    level1: Cell('一级指标；合并单元格留空即沿用上一行 / Level-1 indicator; blank (a merged cell) repeats the row above'),
    level1Points: Type.Optional(PointsCell('一级指标分值；可留空 / Its points; may be blank')),
    level2: Cell('二级指标；留空即沿用上一行 / Level-2 indicator; blank repeats the row above'),
    level2Points: Type.Optional(PointsCell('二级指标分值；可留空 / Its points; may be blank')),
    name: Type.String({ minLength: 1, maxLength: 200, description: '三级指标 / The indicator' }),
    points: PointsCell('三级指标分值 / The indicator\'s points'),
    standard: Type.String({ maxLength: 2000, description: '评价标准（原文）/ The standard, as published' }),
    description: Type.Optional(
      Type.String({ maxLength: 2000, description: '指标说明（原文，含公式）/ The description, with its formula' }),
    ),
  },
  { $id: 'DraftRow', additionalProperties: false },
)

export const DraftTableSchema = Type.Object(
  {
    id: IdentifierSchema,
    version: Type.String({ maxLength: 64 }),
    title: Type.String({ maxLength: 200 }),
    titleEn: Type.Optional(Type.String({ maxLength: 200 })),
    rows: Type.Array(DraftRowSchema, { minItems: 1, maxItems: 300 }),
  },
  {
    $id: 'DraftTable',
    additionalProperties: false,
    description:
      '部门整体支出绩效评价指标表：一级指标 / 分值 / 二级指标 / 分值 / 三级指标 / 分值 / 评价标准 / 指标说明 / The ' +
        'indicator table, one row per indicator.',
  },
)

export const DraftFindingSchema = Type.Object(
  {
    row: Type.Integer({ minimum: 0, description: '行号（从 0 起）/ The row, from 0' }),
    pointer: Type.String({ maxLength: 32, description: '该行的 JSON Pointer / The row\'s JSON Pointer' }),
    indicatorId: IdentifierSchema,
    name: Type.String({ maxLength: 200 }),
    status: Type.Union([Type.Literal('parsed'), Type.Literal('assumed'), Type.Literal('unparsed')], {
      description:
        'parsed：规则与计量均从原文读出；assumed：读出，但有所假设（见 assumptions）；unparsed：未能读出，以 ' +
          'assessorScore 代替（见 reasons）/ parsed: rule and measure read from the wording; assumed: read, with the ' +
          'assumptions listed; unparsed: not read, an assessorScore stands in (see reasons).',
    }),
    rule: Type.String({ maxLength: 32, description: '草稿规则的 kind / The draft rule\'s kind' }),
    measure: Type.Union([Type.Literal('catalogue'), Type.Literal('custom')], {
      description: 'catalogue：请求已有的数据；custom：assessments.custom / From the request\'s own fields, or custom inputs',
    }),
    catalogueEntry: Type.Optional(IdentifierSchema),
    assumptions: Type.Array(Type.String({ maxLength: 5000 }), { maxItems: 50 }),
    reasons: Type.Array(Type.String({ maxLength: 5000 }), {
      maxItems: 50,
      description: '未能读出的原因 / Why the standard was not read',
    }),
    input: Type.Optional(
      Type.String({ maxLength: 1000, description: '平台须提供的数据 / The input the platform must send' }),
    ),
  },
  { $id: 'DraftFinding', additionalProperties: false },
)

export const DraftValidationSchema = Type.Union([
  RubricValidationSummarySchema,
  Type.Object(
    {
      valid: Type.Literal(false),
      errors: Type.Array(
        Type.Object(
          { pointer: Type.String(), rule: Type.String(), message: Type.String() },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  ),
])

export const DraftResponseSchema = Type.Object(
  {
    rubric: RubricSchema,
    findings: Type.Array(DraftFindingSchema, { maxItems: 300 }),
    validation: DraftValidationSchema,
  },
  { $id: 'DraftResponse', additionalProperties: false },
)

/** The names of a draft sent as a workbook (the JSON body carries them itself). */
export const DraftQuerySchema = Type.Object(
  {
    id: Type.Optional({ ...IdentifierSchema, description: '仅 XLSX：默认为表头“评价体系”的 id 加 -draft / XLSX only: ' +
      'by default the id on the sheet\'s 评价体系 line and -draft, else draft' }),
    version: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: '仅 XLSX：默认取自该行，否则 1 / ' +
      'XLSX only: by default from that line, else 1' })),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: '仅 XLSX：默认为表的标题行 / XLSX ' +
      'only: by default the sheet\'s title row, else the sheet\'s name' })),
    titleEn: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: '仅 XLSX / XLSX only' })),
  },
  { additionalProperties: false },
)

export type DraftQuery = Static<typeof DraftQuerySchema>
export type DraftTable = Static<typeof DraftTableSchema>
export type DraftRow = Static<typeof DraftRowSchema>
export type DraftFinding = Static<typeof DraftFindingSchema>
export type DraftResponse = Static<typeof DraftResponseSchema>
