import { Type, type Static } from 'typebox'
import { IdentifierSchema, Nullable, ScoreSchema, StringEnum } from './common.js'
import { DepartmentSchema, EvaluationOptionsSchema, EvaluationRequestSchema } from './evaluation-request.js'
import { EvaluationAnswerSchema, EvaluationGradeSchema, EvaluationResponseSchema } from './evaluation-response.js'
import { ProblemSchema } from './problem.js'
import { RubricSchema } from './rubric.js'

export const MAX_BATCH_ITEMS = 1000

export const BatchRequestSchema = Type.Object(
  {
    rubricId: Type.Optional({
      ...IdentifierSchema,
      description:
        '各项缺省的内置评价体系 id；与 rubric 二选一；自带 rubric 或 rubricId 的项用自己的 / The built-in rubric id for every item ' +
          'that names none of its own. Give this or rubric, not both.',
    }),
    rubric: Type.Optional({
      ...RubricSchema,
      description:
        '各项缺省的自定义评价体系，只发送、校验、编译一次，错误指向 /rubric；与 rubricId 二选一 / A custom rubric for every item ' +
          'that names none of its own: sent, validated and compiled once, its errors under /rubric. Give this or ' +
            'rubricId, not both.',
    }),
    options: Type.Optional({
      ...EvaluationOptionsSchema,
      description: '各项缺省的选项；自带 options 的项用自己的 / The options of every item that has none of its own.',
    }),
    items: Type.Array(EvaluationRequestSchema, {
      minItems: 1,
      maxItems: MAX_BATCH_ITEMS,
      description:
        '1 至 1000 个评价请求，各自可带评价体系与选项（否则用顶层的）；每项单独校验，一项有误不影响其他项 / 1 to 1,000 evaluation requests, ' +
          'each with its own rubric and options or the top-level ones; each is validated on its own, so one bad item ' +
            'never fails the others.',
    }),
  },
  {
    $id: 'BatchRequest',
    additionalProperties: false,
    description: '批量评价请求 / A batch of evaluation requests.',
  },
)

export const BatchItemResultSchema = Type.Object(
  {
    index: Type.Integer({ minimum: 0, description: '在 items 中的位置 / Position in items.' }),
    status: StringEnum(['ok', 'error']),
    evaluation: Type.Optional({
      ...EvaluationResponseSchema,
      description: 'status 为 ok 时的评分结果 / The evaluation, when status is ok.',
    }),
    problem: Type.Optional({
      ...ProblemSchema,
      description:
        'status 为 error 时的问题；pointer 相对于该项 / The problem, when status is error; its pointers are relative to the item.',
    }),
  },
  { additionalProperties: false },
)

const GradeCountsSchema = Type.Record(
  Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' }),
  Type.Integer({ minimum: 0 }),
  {
    additionalProperties: false,
    description: '各等级的部门数（完整评价）/ Complete evaluations per grade code.',
  },
)

export const BatchSummarySchema = Type.Object(
  {
    count: Type.Integer({ minimum: 0, description: '项数 / Items.' }),
    scored: Type.Integer({ minimum: 0, description: '已评分项数 / Items scored.' }),
    failed: Type.Integer({ minimum: 0, description: '出错项数 / Items refused.' }),
    incomplete: Type.Integer({
      minimum: 0,
      description: '已评分但数据不完整（无等级）的项数 / Items scored but incomplete (no grade).',
    }),
    meanTotal: Nullable(ScoreSchema, { description: '完整评价总分的平均数 / Mean total of the complete evaluations.' }),
    medianTotal: Nullable(ScoreSchema, {
      description: '完整评价总分的中位数 / Median total of the complete evaluations.',
    }),
    grades: GradeCountsSchema,
    indicators: Type.Array(
      Type.Object(
        {
          id: IdentifierSchema,
          name: Type.String(),
          nameEn: Type.String(),
          evaluated: Type.Integer({ minimum: 0, description: '有得分的评价数 / Evaluations in which it has a score.' }),
          meanScore: ScoreSchema,
          pointsLost: ScoreSchema,
        },
        { $id: 'BatchIndicatorSummary', additionalProperties: false },
      ),
      {
        description:
          "各指标的平均得分与全区合计失分，按失分从多到少；各项使用不同评价体系时按指标 id 合并（名称取第一个含该指标的项）/ Per indicator: the mean score and the points " +
            "lost across the batch, most lost first; items scored against different rubrics are pooled by indicator " +
              "id (the name is the first such item's).",
      },
    ),
    adjustedIndicators: Type.Optional(
      Type.Integer({
        minimum: 0,
        description:
          '复核调整的指标数（仅当有项目给出 review 时）/ Indicators adjusted by reviewers (only when an item carried a review).',
      }),
    ),
    ranking: Type.Array(
      Type.Object(
        {
          rank: Type.Integer({ minimum: 1 }),
          index: Type.Integer({ minimum: 0 }),
          department: DepartmentSchema,
          totalScore: ScoreSchema,
          grade: EvaluationGradeSchema,
        },
        { $id: 'BatchRankingEntry', additionalProperties: false },
      ),
      {
        description:
          '完整评价按总分排名（并列同名次：1, 2, 2, 4）；总分按原值排名，不论评价体系 / Complete evaluations ranked by total (competition ranking: ' +
            '1, 2, 2, 4); totals are ranked as they are, whatever their rubric.',
      },
    ),
  },
  { $id: 'BatchSummary', additionalProperties: false, description: '批量结果汇总 / The batch summary.' },
)

/** An item's result as the JSON answer gives it: its evaluation full, or compact with view=scores. */
const BatchItemAnswerSchema = Type.Object(
  {
    ...BatchItemResultSchema.properties,
    evaluation: Type.Optional({
      ...EvaluationAnswerSchema,
      description: 'status 为 ok 时的评分结果（view=scores 时为精简视图）/ ' +
        'The evaluation, when status is ok (the compact view with view=scores).',
    }),
  },
  {
    $id: 'BatchItemResult',
    additionalProperties: false,
    description: '一项的结果：评分结果或问题 / One item\'s result: its evaluation, or its problem.',
  },
)

export const BatchResponseSchema = Type.Object(
  {
    results: Type.Array(BatchItemAnswerSchema, { description: '按输入顺序 / In input order.' }),
    summary: BatchSummarySchema,
  },
  { $id: 'BatchResponse', additionalProperties: false, description: '批量评价结果 / The batch answer.' },
)

export type BatchRequest = Static<typeof BatchRequestSchema>
export type BatchItemResult = Static<typeof BatchItemResultSchema>
export type BatchSummary = Static<typeof BatchSummarySchema>
