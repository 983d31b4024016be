import { Readable } from 'node:stream'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { BatchRequestSchema, BatchResponseSchema, type BatchItemResult } from '../../schemas/batch.js'
import type { EvaluationRequest } from '../../schemas/evaluation-request.js'
import seedRequest from '../../schemas/examples/yuhua-2021.request.json' with { type: 'json' }
import { summarize } from '../batch-summary.js'
import type { Language } from '../engine/explain.js'
import type { View } from '../engine/view.js'
import { textOfBytes } from '../engine/utf8.js'
import { ViewQuerySchema } from '../../schemas/evaluation-response.js'
import { ServiceError, problem } from '../errors.js'
import { pickLanguage } from '../language.js'
import type { RubricRegistry } from '../rubrics/index.js'
import { invalidRequest, scoreRequestJson } from '../scoring.js'
import { compileSchema } from '../validation/ajv.js'
import { EvaluationRequestBodySchema } from './evaluations.js'
import { schemaErrors } from '../validation/schema-errors.js'
import { INTERNAL, problemResponse } from './responses.js'
import { BATCH_FORMATS, acceptable, answerBatch, batchResponseContent } from '../render/respond.js'
import { batchJson, itemAnswer, scoreInTurns, type ItemAnswer } from '../render/batch-json.js'
import { negotiate, varyByAcceptAndLanguage } from '../render/negotiate.js'

export interface BatchRoutesOptions {
  readonly rubrics: RubricRegistry
}

/** Sized for 1,000 departments with a rubric of their own each (about 12 KB a department). */
export const BATCH_BODY_LIMIT = 16 * 1024 * 1024

const DESCRIPTION = `一次为多个部门（1 至 1000 个）评分，每项可带各自的评价体系与选项。每项单独校验与评分：一项有误不影响其他项，results 按输入顺序给出 { index, status: "ok", evaluation } 或 { index, status: "error", problem }，problem 中的 pointer 相对于该项。summary 汇总项数、已评分、出错与不完整项数，完整评价的总分平均数与中位数、各等级部门数，各指标的平均得分与全区合计失分（失分最多者在前），以及完整评价按总分的排名（并列同名次：1, 2, 2, 4）。请求体上限 16 MiB（仅此接口）。JSON 应答边评分边分块发送（chunked，无 content-length），results 在前、summary 在后；XLSX 与 CSV 在全部评分后发送。

Scores several departments at once (1 to 1,000), each item with its own rubric and options. Each item is validated and scored on its own: one bad item never fails the batch. results come in input order, each { index, status: "ok", evaluation } or { index, status: "error", problem }, the problem's pointers relative to that item. summary gives the count, scored, failed and incomplete items; the mean and median total and the grades of the complete evaluations; per indicator the mean score and the points lost across the batch (most lost first); and the ranking of the complete evaluations by total (competition ranking: 1, 2, 2, 4). The body limit of this route is 16 MiB. The JSON answer is streamed in chunks while the items are scored (chunked transfer encoding, no content-length), results first and summary last; XLSX and CSV are sent once every item is scored.

The example has three departments: the seed department, a second one with more staff than authorized and a different self-assessment, and a third whose year-end balance is above its funds (an error that does not fail the other two).`

function exampleBatch(): EvaluationRequest[] {
  const seed = seedRequest as EvaluationRequest
  const second = structuredClone(seed)
  second.department = { name: '长沙市雨花区示例局', code: 'YH-002' }
  second.baseData!.staffing = { authorized: 40, actual: 42 }
  delete second.selfAssessment
  const third = structuredClone(seed)
  third.department = { name: '长沙市雨花区另一示例局', code: 'YH-003' }
  third.baseData!.budget!.yearEndBalance = '9000'
  return [seed, second, third]
}

const batchRoutes: FastifyPluginAsyncTypebox<BatchRoutesOptions> = async (app, { rubrics }) => {
  const validateItem = compileSchema<EvaluationRequest>(EvaluationRequestBodySchema)

  /** One item scored, as JSON text and its digest; a refused item as its problem. */
  function scoreItem(item: unknown, index: number, language: Language, requestId: string, view: View): ItemAnswer {
    const context = { instance: `/v1/evaluations/batch#/items/${index}`, requestId }
    try {
      if (!validateItem(item)) throw invalidRequest(schemaErrors(validateItem.errors!, item, language))
      const answer = scoreRequestJson(item, rubrics, language, view)
      return { bytes: `{"index":${index},"status":"ok","evaluation":${answer.bytes}}`, digest: { index, evaluation: answer.digest } }
    } catch (error) {
      /* c8 ignore next 2 */
      if (!(error instanceof ServiceError)) throw error
      return itemAnswer({ index, status: 'error', problem: problem(error.code, language, error.detail[language], context, error.errors) })
    }
  }

  /** One item's result as an object, for the answers rendered from every result at once. */
  const scoreItemResult = (item: unknown, index: number, language: Language, requestId: string) =>
    JSON.parse(textOfBytes(scoreItem(item, index, language, requestId, 'full').bytes)) as BatchItemResult

  const examples = exampleBatch()
  const exampleResults = examples.map((item, index) => scoreItemResult(item, index, 'zh', 'example'))

  app.post('/v1/evaluations/batch', {
    bodyLimit: BATCH_BODY_LIMIT,
    onRequest: acceptable(BATCH_FORMATS),
    // The body schema documents every item in full, but the route checks only the envelope:
    // each item is validated on its own below, so that one bad item cannot fail the batch.
    validatorCompiler: ({ schema, httpPart }) =>
      httpPart === 'body' ? compileSchema({ ...(schema as object), properties: { items: { ...BatchRequestSchema.properties.items, items: {} } } }) : compileSchema(schema as object),
    schema: {
      operationId: 'createEvaluationBatch',
      summary: '为多个部门评分并排名 / Score and rank many departments',
      description: DESCRIPTION,
      tags: ['evaluations'],
      body: { ...BatchRequestSchema, examples: [{ items: examples }] },
      querystring: ViewQuerySchema,
      response: {
        200: { description: '逐项结果与汇总；按 Accept 给出 JSON（默认）、XLSX 或 CSV / Each item\'s result, and the summary, as JSON (the default), XLSX or CSV by Accept', content: batchResponseContent(BatchResponseSchema, { results: exampleResults, summary: summarize(exampleResults) }) },
        400: problemResponse('信封有误：没有 items、超过 1000 项或不是 JSON（各项的错误在 results 中）/ The envelope is wrong: no items, more than 1,000, or not JSON (errors of single items are in results) (VALIDATION_FAILED, MALFORMED_JSON)'),
        406: problemResponse('Accept 不接受 JSON、XLSX、CSV 中的任何一种 / The Accept header allows none of JSON, XLSX and CSV (NOT_ACCEPTABLE)'),
        413: problemResponse('请求体超过 16 MiB / The body exceeds 16 MiB (BODY_TOO_LARGE)'),
        415: problemResponse('Content-Type 不是 application/json / The Content-Type is not application/json (UNSUPPORTED_MEDIA_TYPE)'),
        500: INTERNAL,
      },
    },
  }, async (request, reply) => {
    const language = pickLanguage(request.headers['accept-language'])
    const items = request.body.items as unknown[]
    varyByAcceptAndLanguage(reply.header('content-language', language))
    // The onRequest hook has refused every Accept header that allows none of the formats.
    const format = negotiate(request.headers.accept, BATCH_FORMATS) as 'json' | 'xlsx' | 'csv'
    if (format === 'json') {
      const view = request.query.view ?? 'full'
      reply.type('application/json; charset=utf-8')
      return reply.send(Readable.from(batchJson(items.length, (index) => scoreItem(items[index], index, language, request.id, view))))
    }
    // A workbook or a table needs every result at once.
    const results = await scoreInTurns(items.length, (index) => scoreItemResult(items[index], index, language, request.id))
    return answerBatch(request, reply, { results, summary: summarize(results) }, language, format)
  })
}

export default batchRoutes
