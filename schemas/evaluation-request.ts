import { Type, type Static } from 'typebox'
import { RubricSchema } from './rubric.js'
import seedRequest from './examples/yuhua-2021.request.json' with { type: 'json' }
import {
  IDENTIFIER_PATTERN,
  IdentifierSchema,
  StringEnum,
  NonNegativeDecimalSchema,
  SignedDecimalSchema,
} from './common.js'

const Money = NonNegativeDecimalSchema
const closed = { additionalProperties: false } as const

/** One row of an expenditure table: the columns of the base-data table (万元). */
export const ExpenseColumnsSchema = Type.Object(
  {
    priorYearBudget: Type.Optional(Money),
    priorYearFinal: Type.Optional(Money),
    budget: Type.Optional(Money),
    final: Type.Optional(Money),
  },
  {
    $id: 'ExpenseColumns',
    ...closed,
    description: '一行支出数据（万元）/ One row of expenditure (10,000 yuan): prior-year budget and final, budget, final.',
  },
)

export const ThreePublicExpensesSchema = Type.Object(
  {
    priorYearBudget: Type.Optional({
      ...Money,
      description:
        '上年度“三公经费”预算数（万元）；缺省时以上年决算数代替并给出警告 / Prior-year 三公 budget; when absent the prior-year final is used, with a ' +
          'warning.',
    }),
    priorYearFinal: Type.Optional({
      ...Money,
      description: '上年度“三公经费”决算数（万元）/ Prior-year final expenditure.',
    }),
    budget: Type.Optional({ ...Money, description: "本年度“三公经费”预算数（万元）/ This year's budget." }),
    final: Type.Optional({ ...Money, description: "本年度“三公经费”决算数（万元）/ This year's final expenditure." }),
    breakdown: Type.Optional(
      Type.Object(
        {
          vehiclePurchase: Type.Optional(ExpenseColumnsSchema),
          vehicleOperation: Type.Optional(ExpenseColumnsSchema),
          overseasTravel: Type.Optional(ExpenseColumnsSchema),
          officialReception: Type.Optional(ExpenseColumnsSchema),
        },
        {
          ...closed,
          description:
            '公务用车购置、公务用车运行维护、因公出国（境）、公务接待：逐列相加应等于合计 / Vehicle purchase, vehicle operation, overseas travel, ' +
              'official reception: per column they add up to the total.',
        },
      ),
    ),
  },
  { $id: 'ThreePublicExpenses', ...closed, description: '“三公”经费（万元）/ The three public expenses (10,000 yuan).' },
)

export const BudgetSchema = Type.Object(
  {
    carryover: Type.Optional({ ...Money, description: '上年结转（万元）/ Carry-over from the prior year.' }),
    initial: Type.Optional({ ...Money, description: '年初预算（万元，须大于 0）/ Initial budget (must be > 0).' }),
    supplementary: Type.Optional({
      ...SignedDecimalSchema,
      description: '本年追加预算（万元，调减为负数）/ Supplementary budget (negative for a cut).',
    }),
    yearEndBalance: Type.Optional({ ...Money, description: '年末结余（万元）/ Year-end balance.' }),
  },
  { $id: 'Budget', ...closed, description: "部门整体支出预算（万元）/ The department's overall budget (10,000 yuan)." },
)

export const PublicFundsSchema = Type.Object(
  {
    priorYearFinal: Type.Optional(Money),
    budget: Type.Optional(Money),
    final: Type.Optional(Money),
    breakdown: Type.Optional(
      Type.Object(
        {
          office: Type.Optional(ExpenseColumnsSchema),
          utilitiesAndTravel: Type.Optional(ExpenseColumnsSchema),
          meetingsAndTraining: Type.Optional(ExpenseColumnsSchema),
        },
        {
          ...closed,
          description:
            '其中：办公经费；水费、电费、差旅费；会议费、培训费（仅列部分项目，合计不得超过总额）/ Of which: office; utilities and travel; meetings and ' +
              'training (a partial list: its sum must not exceed the total).',
        },
      ),
    ),
  },
  {
    $id: 'PublicFunds',
    ...closed,
    description: '公用经费（基本支出中的一般商品和服务支出，万元）/ Public funds: goods and services within basic expenditure.',
  },
)

export const BuildingsSchema = Type.Object(
  {
    hasProject: Type.Boolean({ description: '是否有新建楼堂馆所项目 / Whether the department has a new-building project.' }),
    approvedArea: Type.Optional({ ...Money, description: '批准建设面积（㎡）/ Approved floor area.' }),
    actualArea: Type.Optional({ ...Money, description: '实际建设面积（㎡）/ Actual floor area.' }),
    approvedInvestment: Type.Optional({ ...Money, description: '批准投资金额（万元）/ Approved investment.' }),
    actualInvestment: Type.Optional({ ...Money, description: '实际投资金额（万元）/ Actual investment.' }),
  },
  { $id: 'Buildings', ...closed, description: '楼堂馆所控制情况 / New office buildings.' },
)

export const BaseDataSchema = Type.Object(
  {
    staffing: Type.Optional(
      Type.Object(
        {
          authorized: Type.Optional(
            Type.Integer({ minimum: 1, maximum: 10_000_000, description: '编制数 / Authorized staff.' }),
          ),
          actual: Type.Optional(
            Type.Integer({ minimum: 0, maximum: 10_000_000, description: '实际在职人数 / Staff in post.' }),
          ),
        },
        { ...closed, description: '财政供养人员情况 / Staffing.' },
      ),
    ),
    threePublicExpenses: Type.Optional(ThreePublicExpensesSchema),
    budget: Type.Optional(BudgetSchema),
    publicFunds: Type.Optional(PublicFundsSchema),
    projectExpenditure: Type.Optional({
      ...ExpenseColumnsSchema,
      description: '项目支出（万元；不参与计分，随报告保留）/ Project expenditure (not scored; kept with the report).',
    }),
    procurement: Type.Optional(
      Type.Object(
        {
          budget: Type.Optional({ ...Money, description: '政府采购预算数（万元）/ Procurement budget.' }),
          actual: Type.Optional({ ...Money, description: '实际政府采购金额（万元）/ Actual procurement.' }),
        },
        { ...closed, description: '政府采购 / Government procurement.' },
      ),
    ),
    buildings: Type.Optional(BuildingsSchema),
    frugalityMeasures: Type.Optional(
      Type.String({ maxLength: 4000, description: '厉行节约保障措施 / Frugality measures (text).' }),
    ),
  },
  { $id: 'BaseData', ...closed, description: '部门整体支出绩效评价基础数据表 / The base-data table.' },
)

const Flag = (description: string) => Type.Optional(Type.Boolean({ description }))
const Count = (description: string) => Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description }))

const ItemIdSchema = Type.String({ pattern: IDENTIFIER_PATTERN })

/** The inputs of one added indicator: which fields count depends on its rule kind (SCORING.md §1). */
export const CustomAssessmentSchema = Type.Object(
  {
    target: Type.Optional({ ...NonNegativeDecimalSchema, description: 'targetAttainment：目标值 / The target.' }),
    actual: Type.Optional({ ...NonNegativeDecimalSchema, description: 'targetAttainment：实际值 / The actual value.' }),
    level: Type.Optional(
      Type.String({
        pattern: IDENTIFIER_PATTERN,
        maxLength: 64,
        description: 'levels：所评档次的 code / The code of the level chosen.',
      }),
    ),
    score: Type.Optional({
      ...NonNegativeDecimalSchema,
      description: "assessorScore：评价人员评分 / The assessor's score.",
    }),
    items: Type.Optional(
      Type.Record(ItemIdSchema, Type.Boolean(), {
        additionalProperties: false,
        maxProperties: 20,
        description: 'checklist：各项是否符合 / Each item met or not.',
      }),
    ),
    counts: Type.Optional(
      Type.Record(ItemIdSchema, Type.Integer({ minimum: 0, maximum: 1_000_000 }), {
        additionalProperties: false,
        maxProperties: 20,
        description: 'violations：各类不符合要求的例数 / Cases found per category.',
      }),
    ),
  },
  {
    $id: 'CustomAssessment',
    additionalProperties: false,
    description: '个性化指标的数据，按其规则种类取用 / The inputs of an added indicator; which count depends on its rule kind.',
  },
)

export const AssessmentsSchema = Type.Object(
  {
    managementSystem: Type.Optional(
      Type.Object(
        {
          internalFinancialRules: Flag('有内部财务管理制度、会计核算制度等管理制度 / Has internal financial and accounting rules.'),
          frugalityRules: Flag('有本部门厉行节约制度 / Has frugality rules.'),
          lawfulAndComplete: Flag('相关管理制度合法、合规、完整 / The rules are lawful, compliant and complete.'),
          effectivelyExecuted: Flag('相关管理制度得到有效执行 / The rules are effectively executed.'),
        },
        { ...closed, description: '管理制度健全性 / Soundness of the management system.' },
      ),
    ),
    fundUseViolations: Type.Optional(
      Type.Object(
        {
          regulations: Count('不符合国家财经法规和财务管理制度规定的例数 / Cases against financial regulations.'),
          approvalProcedures: Count('资金拨付无完整审批程序和手续的例数 / Payments without complete approval.'),
          projectAppraisal: Count('项目支出未按规定评估论证的例数 / Projects not appraised as required.'),
          budgetPurpose: Count('支出不符合部门预算批复用途的例数 / Spending outside the approved purpose.'),
          misappropriation: Count(
            '截留、挤占、挪用、虚列支出的例数 / Withholding, diversion, misappropriation or fictitious spending.',
          ),
        },
        { ...closed, description: '资金使用合规性：各类不符合要求的例数 / Fund-use compliance: counts of violations.' },
      ),
    ),
    disclosure: Type.Optional(
      Type.Object(
        {
          content: Flag('按规定内容公开预决算信息 / Disclosed the required content.'),
          timeliness: Flag('按规定时限公开预决算信息 / Disclosed in time.'),
          truthful: Flag('基础数据信息和会计信息资料真实 / Data truthful.'),
          complete: Flag('基础数据信息和会计信息资料完整 / Data complete.'),
          accurate: Flag('基础数据信息和汇集信息资料准确 / Data accurate.'),
        },
        { ...closed, description: '预决算信息公开性 / Budget and final-account disclosure.' },
      ),
    ),
    keyWork: Type.Optional(
      Type.Object(
        {
          planned: Type.Optional({
            ...NonNegativeDecimalSchema,
            description: '计划产出数（须大于 0）/ Planned output (must be > 0).',
          }),
          actual: Type.Optional({ ...NonNegativeDecimalSchema, description: '实际产出数 / Actual output.' }),
        },
        { ...closed, description: '重点工作（为民办实事、重点工程与重点工作）/ Key work.' },
      ),
    ),
    economicBenefit: Type.Optional(
      Type.Object(
        { score: Type.Optional(NonNegativeDecimalSchema) },
        { ...closed, description: '经济效益评分（0 至该指标分值）/ Economic benefit, scored by the assessor.' },
      ),
    ),
    socialBenefit: Type.Optional(
      Type.Object(
        { score: Type.Optional(NonNegativeDecimalSchema) },
        { ...closed, description: '社会效益评分（0 至该指标分值）/ Social benefit, scored by the assessor.' },
      ),
    ),
    administrativeEfficiency: Type.Optional(
      StringEnum(['good', 'average', 'poor'], {
        description: '行政效能：good 较好 / average 一般 / poor 无效果或者效果不明显 / Administrative efficiency.',
      }),
    ),
    custom: Type.Optional(
      Type.Record(Type.String({ pattern: IDENTIFIER_PATTERN }), CustomAssessmentSchema, {
        additionalProperties: false,
        maxProperties: 300,
        description:
          '自定义评价体系所增指标（个性化指标）的数据，按指标 id / Inputs of the indicators a custom rubric adds, keyed by indicator id.',
      }),
    ),
    satisfaction: Type.Optional(
      Type.Object(
        {
          rate: Type.Optional({
            ...NonNegativeDecimalSchema,
            description:
              '满意度（%，0–100）；与调查人数二选一 / Satisfaction rate in %; give either this or the counts.',
          }),
          surveyed: Type.Optional(
            Type.Integer({
              minimum: 1,
              maximum: 1_000_000_000,
              description: '调查人数（须与 satisfied 同时给出）/ People surveyed (with satisfied).',
            }),
          ),
          satisfied: Type.Optional(
            Type.Integer({
              minimum: 0,
              maximum: 1_000_000_000,
              description: '满意人数，不超过调查人数 / People satisfied, at most those surveyed.',
            }),
          ),
        },
        { ...closed, description: '社会公众或服务对象满意度 / Public or client satisfaction.' },
      ),
    ),
  },
  { $id: 'Assessments', ...closed, description: "评价人员的判断与统计 / The assessor's findings." },
)

export const DeductionModeSchema = StringEnum(['perFullStep', 'proportional', 'perStartedStep'], {
  $id: 'DeductionMode',
  description:
    '“每…扣”的读法：perFullStep 只计完整步长（默认）；proportional 按比例；perStartedStep 不足一步按一步 / How to read 每…扣: only full steps ' +
      '(default), proportionally, or every started step.',
})

export const EvaluationOptionsSchema = Type.Object(
  {
    deductionMode: Type.Optional(DeductionModeSchema),
    roundRateBeforeScoring: Type.Optional(
      Type.Boolean({
        description:
          '先将比率四舍五入到两位小数再计分（默认 true）/ Round rates to 2 decimals, half up, before scoring (default true).',
      }),
    ),
    headroom: Type.Optional(
      Type.Boolean({
        description:
          '绩效运行监控：给出每项数值输入距下一次得分变动的最小增减量及等级余量（默认 false）/ Mid-year monitoring: for ' +
          'each numeric input, the smallest rise and fall that change its indicator\'s score, and the grade margin ' +
          '(default false).',
      }),
    ),
  },
  { $id: 'EvaluationOptions', ...closed, description: '计分选项 / Scoring options.' },
)

export const DepartmentSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: '部门（单位）名称 / Department name.' }),
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: '部门编码 / Department code.' })),
  },
  { $id: 'Department', ...closed, description: '被评价的部门 / The department evaluated.' },
)

/** One reviewer adjustment (财政复核): the score set by judgment and why. */
export const ReviewAdjustmentSchema = Type.Object(
  {
    score: {
      ...NonNegativeDecimalSchema,
      description:
        '复核后的得分：0 至指标分值，最多两位小数 / The adjusted score: 0 to the indicator\'s maximum, at most 2 decimals.',
    },
    reason: Type.String({
      minLength: 1,
      maxLength: 1000,
      description: '调整理由（必填）/ Why the score was set (required).',
    }),
  },
  { $id: 'ReviewAdjustment', ...closed, description: '复核调整 / A reviewer adjustment.' },
)

/** The finance bureau's review: who reviewed, and the scores set by judgment, by indicator id. */
export const ReviewSchema = Type.Object(
  {
    reviewer: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: '复核人员或机构 / The reviewer.' }),
    ),
    adjustments: Type.Record(Type.String({ pattern: IDENTIFIER_PATTERN }), ReviewAdjustmentSchema, {
      additionalProperties: false,
      maxProperties: 300,
      description:
        '按指标 id 的复核调整；缺少数据的指标不可调整 / Adjustments by indicator id; an indicator without its data cannot ' +
        'be adjusted.',
    }),
  },
  {
    $id: 'Review',
    ...closed,
    description:
      '财政复核：复核人员依判断调整的得分；小计、总分、等级及自评比对按调整后得分 / The review: scores set by the ' +
      "reviewer's judgment; subtotals, total, grade and the self-assessment audit use the final scores.",
    examples: [
      {
        reviewer: '雨花区财政局绩效评价组',
        adjustments: {
          procurementExecutionRate: { score: '4', reason: '超出预算部分系年中追加的防疫物资采购，已按规定备案' },
        },
      },
    ],
  },
)

export const EvaluationRequestSchema = Type.Object(
  {
    rubricId: Type.Optional({
      ...IdentifierSchema,
      description:
        '内置评价体系 id，缺省为 yuhua-2021；与 rubric 二选一 / A built-in rubric id; default yuhua-2021. Give this or rubric, not ' +
          'both.',
    }),
    rubric: Type.Optional({
      ...RubricSchema,
      description:
        '随请求发送的自定义评价体系，格式同 GET /v1/rubrics/{rubricId}；与 rubricId 二选一 / A custom rubric sent inline, in the format ' +
          'GET /v1/rubrics/{rubricId} returns. Give this or rubricId, not both.',
    }),
    department: DepartmentSchema,
    fiscalYear: Type.Integer({ minimum: 2000, maximum: 2100, description: '评价年度 / Fiscal year.' }),
    baseData: Type.Optional(BaseDataSchema),
    assessments: Type.Optional(AssessmentsSchema),
    selfAssessment: Type.Optional(
      Type.Object(
        {
          scores: Type.Record(Type.String({ pattern: IDENTIFIER_PATTERN }), NonNegativeDecimalSchema, {
            additionalProperties: false,
            maxProperties: 500,
            description: '部门自评得分，按指标 id / The department\'s own scores, by indicator id.',
          }),
        },
        { $id: 'SelfAssessmentClaims', ...closed, description: '部门自评 / The department\'s self-assessment.' },
      ),
    ),
    options: Type.Optional(EvaluationOptionsSchema),
    review: Type.Optional(ReviewSchema),
  },
  {
    $id: 'EvaluationRequest',
    ...closed,
    description: '一个部门的评价请求：基础数据与评价人员的判断 / One department to score: its base data and the assessor\'s findings.',
  },
)

export type EvaluationRequest = Static<typeof EvaluationRequestSchema>
export type EvaluationOptions = Static<typeof EvaluationOptionsSchema>
export type DeductionMode = Static<typeof DeductionModeSchema>
export type Review = Static<typeof ReviewSchema>

/** The request schema with the seed department as its example; the batch's items share it. */
export const EvaluationRequestBodySchema = { ...EvaluationRequestSchema, examples: [seedRequest] }
