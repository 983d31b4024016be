import { Type, type Static } from 'typebox'
import { IdentifierSchema, JsonPointerSchema, RubricAmountSchema, RubricDecimalSchema, ScoreSchema } from './common.js'

const Text = (maxLength = 2000) => Type.String({ maxLength })
const TextList = Type.Array(Text(), { maxItems: 50 })

/** A value read from the request: a pointer, or a sum of pointers less a sum of pointers. */
export const OperandSchema = Type.Union(
  [
    JsonPointerSchema,
    Type.Object(
      {
        add: Type.Array(JsonPointerSchema, { minItems: 1, maxItems: 20 }),
        subtract: Type.Optional(Type.Array(JsonPointerSchema, { maxItems: 20 })),
      },
      { additionalProperties: false },
    ),
  ],
  { $id: 'RubricOperand' },
)

export const FallbackSchema = Type.Object(
  {
    pointer: JsonPointerSchema,
    use: JsonPointerSchema,
    warning: IdentifierSchema,
  },
  {
    $id: 'RubricFallback',
    additionalProperties: false,
    description:
      '当 pointer 处无数据时改读 use 处，并在结果中给出 warning / When `pointer` is absent, read `use` instead and add `warning` to ' +
        'the answer.',
  },
)

export const ConditionSchema = Type.Object(
  {
    pointer: JsonPointerSchema,
    equals: Type.Union([Type.Boolean(), Type.String({ maxLength: 64 })]),
    reason: Text(),
    reasonEn: Text(),
  },
  { $id: 'RubricCondition', additionalProperties: false },
)

export const RatioMeasureSchema = Type.Object(
  {
    kind: Type.Literal('ratio'),
    numerator: OperandSchema,
    denominator: OperandSchema,
    fallbacks: Type.Optional(Type.Array(FallbackSchema, { maxItems: 10 })),
    notApplicableWhen: Type.Optional(ConditionSchema),
    negativeNote: Type.Optional(Type.Object({ text: Text(), textEn: Text() }, { additionalProperties: false })),
  },
  {
    $id: 'RatioMeasure',
    additionalProperties: false,
    description:
      'r = numerator / denominator × 100 (%). 分子分母均为 0：不适用，计满分；仅分母为 0：计 0 分 / Both 0: not applicable, full marks; ' +
        'only the denominator 0: 0 points.',
  },
)

export const ValueMeasureSchema = Type.Object(
  {
    kind: Type.Literal('value'),
    pointer: JsonPointerSchema,
    unit: Type.Optional(Type.Literal('%')),
  },
  {
    $id: 'ValueMeasure',
    additionalProperties: false,
    description:
      '直接读取请求中的值（比率按计算所得比率同样舍入）/ The value at `pointer`, as given (a rate is rounded like a computed one).',
  },
)

export const FirstAvailableMeasureSchema = Type.Object(
  {
    kind: Type.Literal('firstAvailable'),
    measures: Type.Array(Type.Union([RatioMeasureSchema, ValueMeasureSchema]), { minItems: 1, maxItems: 5 }),
  },
  {
    $id: 'FirstAvailableMeasure',
    additionalProperties: false,
    description: '依次尝试，取第一个数据齐全者 / The first of `measures` whose inputs are all present.',
  },
)

export const MeasureSchema = Type.Union([RatioMeasureSchema, ValueMeasureSchema, FirstAvailableMeasureSchema], {
  $id: 'Measure',
})

export const StepDeductionRuleSchema = Type.Object(
  {
    kind: Type.Literal('stepDeduction'),
    limit: RubricDecimalSchema,
    direction: Type.Union([Type.Literal('above'), Type.Literal('below'), Type.Literal('both')]),
    step: RubricAmountSchema,
    pointsPerStep: RubricAmountSchema,
  },
  { $id: 'StepDeductionRule', additionalProperties: false },
)

const BandSchema = Type.Union(
  [
    Type.Object({ upTo: RubricDecimalSchema, points: RubricAmountSchema }, { additionalProperties: false }),
    Type.Object({ atLeast: RubricDecimalSchema, points: RubricAmountSchema }, { additionalProperties: false }),
    Type.Object({ above: RubricDecimalSchema, points: RubricAmountSchema }, { additionalProperties: false }),
    Type.Object({ points: RubricAmountSchema }, { additionalProperties: false }),
  ],
  { $id: 'RubricBand' },
)

export const BandsRuleSchema = Type.Object(
  { kind: Type.Literal('bands'), bands: Type.Array(BandSchema, { minItems: 1, maxItems: 20 }) },
  { $id: 'BandsRule', additionalProperties: false },
)

export const ProportionalRuleSchema = Type.Object(
  { kind: Type.Literal('proportional'), cap: RubricAmountSchema },
  { $id: 'ProportionalRule', additionalProperties: false },
)

export const ChecklistRuleSchema = Type.Object(
  {
    kind: Type.Literal('checklist'),
    items: Type.Array(
      Type.Object(
        { id: IdentifierSchema, text: Text(), textEn: Text(), points: RubricAmountSchema },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20 },
    ),
  },
  { $id: 'ChecklistRule', additionalProperties: false },
)

export const ViolationsRuleSchema = Type.Object(
  {
    kind: Type.Literal('violations'),
    pointsPerViolation: RubricAmountSchema,
    categories: Type.Array(
      Type.Object({ id: IdentifierSchema, text: Text(), textEn: Text() }, { additionalProperties: false }),
      { minItems: 1, maxItems: 20 },
    ),
  },
  { $id: 'ViolationsRule', additionalProperties: false },
)

export const LevelsRuleSchema = Type.Object(
  {
    kind: Type.Literal('levels'),
    levels: Type.Array(
      Type.Object(
        { code: IdentifierSchema, label: Text(200), labelEn: Text(200), points: RubricAmountSchema },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20 },
    ),
  },
  { $id: 'LevelsRule', additionalProperties: false },
)

export const AssessorScoreRuleSchema = Type.Object(
  { kind: Type.Literal('assessorScore') },
  { $id: 'AssessorScoreRule', additionalProperties: false },
)

export const TargetAttainmentRuleSchema = Type.Object(
  {
    kind: Type.Literal('targetAttainment'),
    direction: Type.Union([Type.Literal('higherIsBetter'), Type.Literal('lowerIsBetter')]),
  },
  {
    $id: 'TargetAttainmentRule',
    additionalProperties: false,
    description:
      '个性化指标：maxScore × min(1, 实际/目标)，或越低越好时 × min(1, 目标/实际) / Department-specific indicator: maxScore × min(1, ' +
        'actual/target), or × min(1, target/actual) when lower is better.',
  },
)

export const RuleSchema = Type.Union([
  StepDeductionRuleSchema,
  BandsRuleSchema,
  ProportionalRuleSchema,
  ChecklistRuleSchema,
  ViolationsRuleSchema,
  LevelsRuleSchema,
  AssessorScoreRuleSchema,
  TargetAttainmentRuleSchema,
], { $id: 'Rule' })

export const IndicatorSchema = Type.Object(
  {
    id: IdentifierSchema,
    name: Text(200),
    nameEn: Text(200),
    maxScore: RubricAmountSchema,
    standard: Text(),
    description: Type.Optional(Text()),
    formula: Type.Optional(Text()),
    measure: MeasureSchema,
    rule: RuleSchema,
    notes: Type.Optional(TextList),
    notesEn: Type.Optional(TextList),
  },
  { $id: 'RubricIndicator', additionalProperties: false },
)

export const GroupSchema = Type.Object(
  {
    id: IdentifierSchema,
    name: Text(200),
    nameEn: Text(200),
    maxScore: RubricAmountSchema,
    indicators: Type.Array(IndicatorSchema, { minItems: 1, maxItems: 100 }),
  },
  { $id: 'RubricGroup', additionalProperties: false },
)

export const CategorySchema = Type.Object(
  {
    id: IdentifierSchema,
    name: Text(200),
    nameEn: Text(200),
    maxScore: RubricAmountSchema,
    children: Type.Array(GroupSchema, { minItems: 1, maxItems: 50 }),
  },
  { $id: 'RubricCategory', additionalProperties: false },
)

export const GradeSchema = Type.Object(
  {
    code: IdentifierSchema,
    label: Text(50),
    labelEn: Text(50),
    minScore: RubricDecimalSchema,
  },
  { $id: 'RubricGrade', additionalProperties: false },
)

export const RubricSchema = Type.Object(
  {
    id: IdentifierSchema,
    version: Type.String({ maxLength: 64 }),
    title: Text(200),
    titleEn: Text(200),
    source: Type.Optional(Text()),
    maxScore: RubricAmountSchema,
    grades: Type.Array(GradeSchema, { minItems: 1, maxItems: 10 }),
    categories: Type.Array(CategorySchema, { minItems: 1, maxItems: 20 }),
    notes: Type.Optional(TextList),
    notesEn: Type.Optional(TextList),
  },
  {
    $id: 'Rubric',
    additionalProperties: false,
    description: '评价指标体系（数据而非代码）/ An indicator rubric: data, not code. Format: RUBRIC.md.',
  },
)

export const RubricSummarySchema = Type.Object(
  {
    id: IdentifierSchema,
    version: Type.String({ maxLength: 64 }),
    title: Text(200),
    titleEn: Text(200),
    maxScore: ScoreSchema,
    indicatorCount: Type.Integer({ minimum: 0 }),
    default: Type.Boolean({ description: '未给出 rubricId 时使用的评价体系 / Used when a request names no rubricId.' }),
  },
  { $id: 'RubricSummary', additionalProperties: false },
)

export const RubricListSchema = Type.Object(
  { rubrics: Type.Array(RubricSummarySchema, { maxItems: 100 }) },
  { $id: 'RubricList', additionalProperties: false },
)

export const RubricIdParamsSchema = Type.Object(
  { rubricId: Type.String({ maxLength: 64, description: '评价体系 id / Rubric id, e.g. yuhua-2021' }) },
  { additionalProperties: false },
)

export type Rubric = Static<typeof RubricSchema>
export type RubricCategory = Static<typeof CategorySchema>
export type RubricIndicator = Static<typeof IndicatorSchema>
export type Measure = Static<typeof MeasureSchema>
export type RatioMeasure = Static<typeof RatioMeasureSchema>
export type ValueMeasure = Static<typeof ValueMeasureSchema>
export type Operand = Static<typeof OperandSchema>
export type Rule = Static<typeof RuleSchema>
export type RubricSummary = Static<typeof RubricSummarySchema>

export const RubricValidationSummarySchema = Type.Object(
  {
    valid: Type.Literal(true),
    id: IdentifierSchema,
    version: Type.String({ maxLength: 64 }),
    contentHash: Type.String({ description: '评价体系规范化 JSON 的 SHA-256 / SHA-256 of the canonical JSON' }),
    maxScore: ScoreSchema,
    indicatorCount: Type.Integer({ minimum: 1 }),
    categories: Type.Array(
      Type.Object(
        {
          id: IdentifierSchema,
          maxScore: ScoreSchema,
          children: Type.Array(
            Type.Object(
              { id: IdentifierSchema, maxScore: ScoreSchema, indicatorCount: Type.Integer({ minimum: 1 }) },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  {
    $id: 'RubricValidationSummary',
    additionalProperties: false,
    description: '评价体系有效：各级分值 / The rubric is valid: its points at every level.',
  },
)
export type RubricValidationSummary = Static<typeof RubricValidationSummarySchema>
