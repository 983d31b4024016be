import { Type, type Static } from 'typebox'
import { IdentifierSchema, JsonPointerSchema, Nullable, ScoreSchema, StringEnum } from './common.js'
import { DeductionModeSchema, DepartmentSchema } from './evaluation-request.js'
import headroomExample from './examples/yuhua-2021.headroom.json' with { type: 'json' }

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

/** What breaks first when an input moves too far: a bound of the schema or a cross-field rule. */
export const HeadroomLimitSchema = Type.Object(
  {
    rule: Type.String({
      maxLength: 64,
      description: '规则名（如 minimum、positive、atMostSurveyed）/ The rule, e.g. minimum.',
    }),
    pointer: JsonPointerSchema,
    message: Type.String(),
  },
  { $id: 'HeadroomLimit', ...closed, description: '先被违反的规则 / The rule that would break first.' },
)

/** The smallest move of an input in one direction that changes its indicator's score. */
export const HeadroomMoveSchema = Type.Object(
  {
    change: Type.String({ description: '增减量（按输入的精度：人数为整数，金额等为 0.000001）/ The change, at the input\'s resolution.' }),
    value: Type.String({ description: '变动后的输入值 / The input after the change.' }),
    score: ScoreSchema,
    indicatorValue: Nullable(Type.String(), {
      description: '变动后的计分值（如比率）；分母为 0 时为 null / The indicator\'s value after it (null: a zero denominator).',
    }),
  },
  { $id: 'HeadroomMove', ...closed },
)

export const HeadroomInputSchema = Type.Object(
  {
    pointer: JsonPointerSchema,
    value: Type.String(),
    up: Nullable(HeadroomMoveSchema, {
      description:
        '最小增加量；无论增加多少都不变动或先违反规则时为 null / The smallest rise; null when none changes the score ' +
        'or a rule breaks first.',
    }),
    down: Nullable(HeadroomMoveSchema, { description: '最小减少量 / The smallest fall; null as for up.' }),
    limit: Type.Object(
      { up: Nullable(HeadroomLimitSchema), down: Nullable(HeadroomLimitSchema) },
      { ...closed, description: '先被违反的规则（该方向为 null 时）/ The rule that breaks first, where a direction is null for it.' },
    ),
    explanation: Type.String(),
  },
  { $id: 'HeadroomInput', ...closed },
)

/** Per indicator, with options.headroom: each numeric input it read (after fallbacks), every other held fixed. */
export const IndicatorHeadroomSchema = Type.Object(
  { inputs: Type.Array(HeadroomInputSchema) },
  {
    $id: 'IndicatorHeadroom',
    ...closed,
    description:
      '绩效运行监控：每项数值输入（其余不变）使本项得分变动的最小增减量 / Mid-year monitoring: the smallest moves of each ' +
      'numeric input (the others held) that change the score. The example: the seed department\'s “三公经费”变动率 ' +
      '(3.47 over 3.31 = 4.83 %, 4.80 points).',
    examples: [headroomExample.indicator],
  },
)

const GradeRefSchema = Type.Object({ code: IdentifierSchema, label: Type.String(), labelEn: Type.String() }, closed)

/** With options.headroom: how far the total is from the grade below and the one above. */
export const HeadroomSchema = Type.Object(
  {
    gradeMargin: Nullable(
      Type.Object(
        {
          grade: IdentifierSchema,
          totalScore: ScoreSchema,
          canLose: Nullable(ScoreSchema, {
            description: '总分可再失去而不降等的分数（再多 0.01 即降等）；最低等级为 null / Points the total can lose and keep its grade.',
          }),
          nextGrade: Nullable(GradeRefSchema),
          toNextGrade: Nullable(ScoreSchema, { description: '升入上一等级尚需的分数 / Points needed for the next grade.' }),
          explanation: Type.String(),
        },
        closed,
      ),
      { description: '等级余量；数据不完整时为 null / The grade margin; null when incomplete.' },
    ),
  },
  { $id: 'Headroom', ...closed, examples: [headroomExample.headroom] },
)

/** A reviewer's adjustment as the answer shows it, and the review block. */
export const ReviewAdjustmentResultSchema = Type.Object(
  {
    indicatorId: IdentifierSchema,
    name: Type.String(),
    computed: ScoreSchema,
    adjusted: ScoreSchema,
    difference: Type.Unsafe<string>({ ...ScoreSchema, description: '调整后 − 计算 / Adjusted minus computed.' }),
    reason: Type.String(),
  },
  { $id: 'ReviewAdjustmentResult', ...closed },
)

export const ReviewResultSchema = Type.Object(
  {
    reviewer: Nullable(Type.String()),
    computedTotal: ScoreSchema,
    adjustedTotal: ScoreSchema,
    difference: ScoreSchema,
    adjustments: Type.Array(ReviewAdjustmentResultSchema),
  },
  {
    $id: 'ReviewResult',
    ...closed,
    description: '财政复核：计算总分、调整后总分与每项调整 / The review: computed and adjusted totals, each adjustment.',
  },
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
    computedScore: Type.Optional(
      Nullable(ScoreSchema, {
        description: '有复核时：评价体系计算的得分（score 为复核后的最终得分）/ With a review: the score the rubric gives.',
      }),
    ),
    adjustment: Type.Optional(
      Nullable(Type.Object({ score: ScoreSchema, reason: Type.String() }, closed), {
        description: '有复核时：复核调整，未调整为 null / With a review: the adjustment, or null.',
      }),
    ),
    headroom: Type.Optional(
      Nullable(IndicatorHeadroomSchema, {
        description:
          'options.headroom 为 true 时给出；不读数值输入的指标为 null / With options.headroom; null for indicators ' +
          'without numeric inputs.',
      }),
    ),
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
      {
        deductionMode: DeductionModeSchema,
        roundRateBeforeScoring: Type.Boolean(),
        headroom: Type.Optional(Type.Boolean({ description: '仅当请求给出时 / Only when the request gives it.' })),
      },
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
    review: Type.Optional(ReviewResultSchema),
    headroom: Type.Optional(HeadroomSchema),
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
export type ReviewResult = Static<typeof ReviewResultSchema>
export type HeadroomResult = Static<typeof HeadroomSchema>
export type IndicatorHeadroomResult = Static<typeof IndicatorHeadroomSchema>

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
