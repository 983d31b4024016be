import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { EvaluationRequestSchema, type EvaluationRequest } from '../../schemas/evaluation-request.js'
import { EvaluationAnswerSchema, ViewQuerySchema } from '../../schemas/evaluation-response.js'
import seedRequest from '../../schemas/examples/yuhua-2021.request.json' with { type: 'json' }
import { pickLanguage } from '../language.js'
import type { RubricRegistry } from '../rubrics/index.js'
import { INTERNAL, problemResponse, refusedExample } from './responses.js'
import { scoreRequestJson } from '../scoring.js'
import { textOfBytes } from '../engine/utf8.js'
import { EVALUATION_FORMATS, acceptable, answerEvaluation, evaluationResponseContent } from '../render/respond.js'
import { negotiate, varyByAcceptAndLanguage } from '../render/negotiate.js'

export interface EvaluationRoutesOptions {
  readonly rubrics: RubricRegistry
}

const DESCRIPTION = `按评价体系为一个部门的整体支出绩效评分：17 项指标的得分、扣分及理由，二级、一级指标小计，总分与评价等级（优/良/中/差），以及与部门自评得分的比对（selfAssessment）。缺少某项数据时，该指标为 missingData、得分为 null，其余照常计分，评价不完整且不评等级。

示例为长沙市雨花区民政局 2021 年度基础数据（自评报告附表）；其中年初预算与追加预算的划分、重点工作与满意度调查数据原表未给出，示例中的这些数值为假设。按 SCORING.md 计分得 90.80 分（优），而部门自评 94 分：政府采购执行率 134.85% 自评 6 分、计算 0 分，预算完成率 100% 自评 0 分、计算 5 分等，差异见 selfAssessment。

Scores one department's overall expenditure performance against a rubric: the 17 indicator scores with their deductions and reasons, subtotals per category, the total and the grade (excellent/good/fair/poor), and an audit of the department's own scores (selfAssessment). An indicator whose data is absent is missingData with score null; the others are still scored, and the evaluation is incomplete, with no grade.

The example is the 2021 base data of the civil-affairs bureau of Yuhua District, Changsha (the annex of its self-evaluation report). The split of initial and supplementary budget and the key-work and survey figures are not in the original; the example's values for those are assumptions. It scores 90.80 (excellent) where the department claimed 94: procurement execution 134.85% claimed 6, computed 0; budget completion 100% claimed 0, computed 5; and more, listed in selfAssessment.

A client may send its own variant of the rubric inline in rubric (the format GET /v1/rubrics/{rubricId} returns; at most 300 indicators) instead of rubricId; it is validated like POST /v1/rubrics/validate, its problems pointing under /rubric, and the answer's rubric.contentHash traces the result to the exact rules. Inputs of the indicators it adds come in assessments.custom, keyed by indicator id.

Explanations are Chinese by default and English with Accept-Language: en. Options: deductionMode (perFullStep, proportional, perStartedStep) and roundRateBeforeScoring.`

/** The request schema with the seed department as its example; the batch items share it. */
export const EvaluationRequestBodySchema = { ...EvaluationRequestSchema, examples: [seedRequest] }

const evaluationRoutes: FastifyPluginAsyncTypebox<EvaluationRoutesOptions> = async (app, { rubrics }) => {
  // The seed's own answer is the response example, computed by the engine so it can never drift.
  const seedAnswer = JSON.parse(textOfBytes(scoreRequestJson(seedRequest as EvaluationRequest, rubrics, 'zh').bytes)) as unknown

  app.post('/v1/evaluations', {
    onRequest: acceptable(EVALUATION_FORMATS),
    schema: {
      operationId: 'createEvaluation',
      summary: '为一个部门评分 / Score one department',
      description: DESCRIPTION,
      tags: ['evaluations'],
      body: EvaluationRequestBodySchema,
      querystring: ViewQuerySchema,
      response: {
        200: {
          description: '评分结果及逐项理由；按 Accept 给出 JSON（默认）、XLSX、CSV 或 HTML 报告；view=scores 时 JSON 为精简视图 / The scores and the reason for each, as JSON (the default), XLSX, CSV or an HTML report by Accept; with view=scores the JSON is the compact view',
          content: evaluationResponseContent(EvaluationAnswerSchema, seedAnswer),
        },
        400: problemResponse('请求有误：JSON 格式错误，或字段不符合规则（errors 逐一列出，含 JSON Pointer）/ Malformed JSON, or fields that break the rules, each listed in errors with a JSON Pointer (MALFORMED_JSON, VALIDATION_FAILED)', refusedExample('/v1/evaluations')),
        404: problemResponse('rubricId 指向的内置评价体系不存在 / The rubricId names no built-in rubric (RUBRIC_NOT_FOUND)'),
        406: problemResponse('Accept 不接受 JSON、XLSX、CSV、HTML 中的任何一种 / The Accept header allows none of JSON, XLSX, CSV and HTML (NOT_ACCEPTABLE)'),
        413: problemResponse('请求体超过 1 MiB / The body exceeds 1 MiB (BODY_TOO_LARGE)'),
        415: problemResponse('Content-Type 不是 application/json / The Content-Type is not application/json (UNSUPPORTED_MEDIA_TYPE)'),
        500: INTERNAL,
      },
    },
  }, async (request, reply) => {
    const language = pickLanguage(request.headers['accept-language'])
    // The onRequest hook has refused every Accept header that allows none of the formats.
    const format = negotiate(request.headers.accept, EVALUATION_FORMATS)!
    // The rendered forms are always complete: they are read from the full answer.
    const answer = scoreRequestJson(request.body, rubrics, language, format === 'json' ? request.query.view : 'full')
    request.evaluationGrade = answer.digest.grade?.code ?? null
    varyByAcceptAndLanguage(reply.header('content-language', language)).type('application/json; charset=utf-8')
    return answerEvaluation(request, reply, answer, format)
  })
}

export default evaluationRoutes
