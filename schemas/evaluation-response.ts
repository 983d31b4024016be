import { Type, type Static } from 'typebox'
import { IdentifierSchema, JsonPointerSchema, Nullable, ScoreSchema, StringEnum } from './common.js'
import { DeductionModeSchema, DepartmentSchema } from './evaluation-request.js'

const NullableScore = Nullable(ScoreSchema)
const closed = { additionalProperties: false } as const

export const ReasonSchema = Type.Object(
  {
    code: Type.String({ maxLength: 64, description: '稳定的原因代码 / A stable reason code, e.g. EXCEEDS_LIMIT.' }),
    values: Type.Record(
      Type.String(),
      Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Array(Type.String())]),
      {
        description:
          '原因涉及的数值（十进制数为字符串，步数为整数（超过 2^53 时为数字字符串），id 列表为字符串数组）/ The values ' +
            'behind the reason: decimals as strings, step counts as integers (as a string of digits beyond 2^53), ' +
            'lists of ids as string arrays.',
      },
    ),
  },
  { $id: 'Reason', ...closed, description: '机器可读的理由：代码与数值 / Why, for machines: a code and its values.' },
)

export const IndicatorResultSchema = Type.Object(
  {
    id: IdentifierSchema,
    name: Type.String(),
    nameEn: Type.String(),
    path: Type.Array(IdentifierSchema, { description: '一级、二级指标 id / Ids of the level-1 and level-2 categories.' }),
    maxScore: ScoreSchema,
    score: Nullable(ScoreSchema, { description: '得分；缺少数据时为 null / Score; null when data is missing.' }),
    deduction: NullableScore,
    status: StringEnum(['scored', 'notApplicable', 'missingData']),
    value: Nullable(Type.String(), {
      description: '计分所依据的值（比率为两位小数的百分数）/ The value scored (a rate: percent with 2 decimals).',
    }),
    unit: Nullable(Type.String({ description: '% / points / items / cases' })),
    inputs: Type.Record(Type.String(), Type.Unsafe<string | boolean | null>({ type: ['string', 'boolean', 'null'] }), {
      description:
        '读取的输入，按请求中的 JSON Pointer / The inputs read, keyed by JSON Pointer into the request (null: absent).',
    }),
    formula: Nullable(Type.String()),
    standard: Type.String(),
    explanation: Type.String({
      description:
        '得分或扣分的理由（默认中文，Accept-Language: en 时为英文）/ Why: Chinese by default, English for Accept-Language: en.',
    }),
    reason: ReasonSchema,
    selfScore: NullableScore,
    difference: Nullable(ScoreSchema, { description: '自评得分 − 计算得分 / Claimed minus computed.' }),
  },
  { $id: 'IndicatorResult', ...closed, description: '一个三级指标的得分及其理由 / One indicator scored and explained.' },
)

export const GroupResultSchema = Type.Object(
  {
    id: IdentifierSchema,
    name: Type.String(),
    nameEn: Type.String(),
    maxScore: ScoreSchema,
    score: ScoreSchema,
    indicatorIds: Type.Array(IdentifierSchema),
  },
  { $id: 'GroupResult', ...closed, description: '二级指标小计 / A level-2 subtotal.' },
)

export const CategoryResultSchema = Type.Object(
  {
    id: IdentifierSchema,
    name: Type.String(),
    nameEn: Type.String(),
    maxScore: ScoreSchema,
    score: ScoreSchema,
    children: Type.Array(GroupResultSchema),
  },
  { $id: 'CategoryResult', ...closed, description: '一级指标小计 / A level-1 subtotal.' },
)

export const WarningSchema = Type.Object(
  {
    code: Type.String(),
    pointer: JsonPointerSchema,
    message: Type.String(),
    values: Type.Record(Type.String(), Type.String()),
  },
  { $id: 'Warning', ...closed, description: '警告：仍已计分 / A warning: the answer is still scored.' },
)

export const SelfAssessmentDifferenceSchema = Type.Object(
  {
    indicatorId: IdentifierSchema,
    name: Type.String(),
    claimed: ScoreSchema,
    computed: NullableScore,
    difference: NullableScore,
  },
  {
    $id: 'SelfAssessmentDifference',
    ...closed,
    description: '自评与计算不同的指标 / An indicator where claim and computation differ.',
  },
)

export const EvaluationGradeSchema = Type.Object(
  { code: IdentifierSchema, label: Type.String(), labelEn: Type.String() },
  { $id: 'EvaluationGrade', ...closed, description: '评价等级 / A grade.' },
)

export const SelfAssessmentResultSchema = Type.Object(
  {
    claimedTotal: ScoreSchema,
    computedTotal: ScoreSchema,
    difference: ScoreSchema,
    indicatorsClaimed: Type.Integer({ minimum: 0 }),
    differences: Type.Array(SelfAssessmentDifferenceSchema),
  },
  {
    $id: 'SelfAssessmentResult',
    ...closed,
    description: '自评得分与计算得分的比对 / The department\'s own scores against the computed ones.',
  },
)

export const EvaluationResponseSchema = Type.Object(
  {
    rubric: Type.Object(
      {
        id: IdentifierSchema,
        version: Type.String(),
        title: Type.String(),
        contentHash: Type.String({
          description:
            "评价体系规范化 JSON（键排序）的 SHA-256 / SHA-256 of the rubric's canonical JSON (keys sorted), to trace a result " +
              "to the exact rules.",
          examples: ['sha256:…'],
        }),
      },
      { $id: 'EvaluationRubric', ...closed, description: '所用评价体系 / The rubric used.' },
    ),
    department: DepartmentSchema,
    fiscalYear: Type.Integer(),
    language: StringEnum(['zh', 'en']),
    options: Type.Object(
      { deductionMode: DeductionModeSchema, roundRateBeforeScoring: Type.Boolean() },
      { $id: 'AppliedOptions', ...closed, description: '实际采用的计分选项 / The scoring options applied.' },
    ),
    complete: Type.Boolean({ description: '所有指标均有数据 / Every indicator had its data.' }),
    totalScore: Type.Unsafe<string>({
      ...ScoreSchema,
      description:
        '各指标（四舍五入后）得分之和；不完整时为已计分指标之和 / Sum of the rounded indicator scores (of those scored, when incomplete).',
    }),
    maxScore: ScoreSchema,
    grade: Nullable(EvaluationGradeSchema, {
      description: '评价等级；数据不完整时为 null / The grade; null when the evaluation is incomplete.',
    }),
    categories: Type.Array(CategoryResultSchema),
    indicators: Type.Array(IndicatorResultSchema),
    selfAssessment: Nullable(SelfAssessmentResultSchema),
    warnings: Type.Array(WarningSchema),
  },
  {
    $id: 'Evaluation',
    ...closed,
    description: '完整评价（view=full）：得分、理由、小计、总分、等级、自评比对、警告 / The full evaluation (view=full): scores, ' +
      'reasons, subtotals, total, grade, self-assessment audit, warnings.',
  },
)

const fullProperties = EvaluationResponseSchema.properties
const indicatorProperties = IndicatorResultSchema.properties
const { contentHash } = fullProperties.rubric.properties

/** `?view=scores`: what changes from one department to the next; the rubric gives the rest. */
export const EvaluationScoresSchema = Type.Object(
  {
    rubric: Type.Object(
      { id: IdentifierSchema, version: Type.String(), contentHash },
      { $id: 'RubricReference', ...closed, description: '所用评价体系 / The rubric used.' },
    ),
    department: fullProperties.department,
    fiscalYear: fullProperties.fiscalYear,
    language: fullProperties.language,
    options: fullProperties.options,
    complete: fullProperties.complete,
    totalScore: fullProperties.totalScore,
    maxScore: fullProperties.maxScore,
    grade: fullProperties.grade,
    categories: Type.Array(
      Type.Object(
        {
          id: IdentifierSchema,
          score: ScoreSchema,
          children: Type.Array(
            Type.Object({ id: IdentifierSchema, score: ScoreSchema }, { $id: 'GroupScore', ...closed }),
          ),
        },
        { $id: 'CategoryScore', ...closed },
      ),
    ),
    indicators: Type.Array(
      Type.Object(
        {
          id: IdentifierSchema,
          score: indicatorProperties.score,
          deduction: indicatorProperties.deduction,
          status: indicatorProperties.status,
          value: indicatorProperties.value,
          unit: indicatorProperties.unit,
          reason: Type.Object(
            {
              code: ReasonSchema.properties.code,
              values: {
                ...ReasonSchema.properties.values,
                description: '随部门而变的原因数值（评价体系已给出的参数及与 value 相同的值不再重复）/ ' +
                  'The reason\'s values that change per department (the rubric\'s parameters and values equal to ' +
                  'value are left out).',
              },
            },
            { $id: 'ReasonScores', ...closed },
          ),
        },
        { $id: 'IndicatorScore', ...closed },
      ),
    ),
    selfAssessment: Nullable(
      Type.Object(
        {
          ...SelfAssessmentResultSchema.properties,
          differences: Type.Array(
            Type.Object(
              {
                indicatorId: IdentifierSchema,
                claimed: ScoreSchema,
                computed: NullableScore,
                difference: NullableScore,
              },
              { $id: 'SelfAssessmentDifferenceScores', ...closed },
            ),
          ),
        },
        { $id: 'SelfAssessmentScores', ...closed },
      ),
    ),
    warnings: fullProperties.warnings,
  },
  {
    $id: 'EvaluationScores',
    ...closed,
    description: [
      '精简视图（view=scores）：只含随部门而变的内容（得分、扣分、状态、计分值、原因代码及数值、小计、总分、等级、',
      '警告、自评比对）；名称、评价标准、说明等取自评价体系 / The compact view (view=scores): only what changes ',
      'per department ',
      '(scores, deductions, statuses, values, reason codes and values, subtotals, total, grade, warnings, the ',
      'self-assessment audit); names, standards and explanations come from the rubric.',
    ].join(''),
  },
)

export type EvaluationResult = Static<typeof EvaluationResponseSchema>
export type EvaluationScores = Static<typeof EvaluationScoresSchema>
export type IndicatorResult = Static<typeof IndicatorResultSchema>
export type Reason = Static<typeof ReasonSchema>
export type EvaluationWarning = Static<typeof WarningSchema>

/** The JSON answer of a scoring route: the full evaluation, or its compact view with `?view=scores`. */
export const EvaluationAnswerSchema = Type.Union([EvaluationResponseSchema, EvaluationScoresSchema], {
  $id: 'EvaluationAnswer',
  description: '完整评价（默认，view=full），或 view=scores 时的精简视图 / ' +
    'The full evaluation (the default, view=full), or the compact view with view=scores.',
})

export const ViewQuerySchema = Type.Object(
  {
    view: Type.Optional(
      StringEnum(['full', 'scores'], {
        description: [
          'JSON 应答的内容：full（默认）为完整评价及说明；scores 只含随部门而变的内容（得分、扣分、原因代码及数值、',
          '小计、总分、等级、警告、自评比对），供已持有评价体系的平台使用。XLSX、CSV、HTML 应答总是完整的。',
          '/ What the JSON ',
          'answer holds: full (the default) is the whole explained evaluation; scores only what changes per ',
          'department (scores, deductions, reason codes and values, subtotals, total, grade, warnings, the ',
          'self-assessment audit), ',
          'for platforms that hold the rubric. XLSX, CSV and HTML answers are always complete.',
        ].join(''),
      }),
    ),
  },
  closed,
)
export type ViewQuery = Static<typeof ViewQuerySchema>
