import { Readable } from 'node:stream'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  BatchRequestSchema,
  BatchResponseSchema,
  type BatchItemResult,
  type BatchRequest,
} from '../../schemas/batch.js'
import {
  EvaluationRequestBodySchema,
  type EvaluationOptions,
  type EvaluationRequest,
} from '../../schemas/evaluation-request.js'
import seedRequest from '../../schemas/examples/yuhua-2021.request.json' with { type: 'json' }
import { summarize } from '../batch-summary.js'
import { BATCH_BODY_LIMIT } from '../config.js'
import type { Language } from '../core/language.js'
import type { CompiledRubric } from '../engine/compile.js'
import { textOfBytes } from '../engine/utf8.js'
import type { View } from '../engine/view.js'
import { EvaluationQuerySchema } from '../../schemas/upload.js'
import { ServiceError, problem, serviceError } from '../errors.js'
import type { RubricRegistry } from '../rubrics/index.js'
import { ANSWER_BYTES, answerBytes } from '../plugins/overload.js'
import { namedRubric, scoreRequestJson } from '../scoring.js'
import { compileSchema } from '../validation/ajv.js'
import { schemaErrors } from '../validation/schema-errors.js'
import { BATCH, BATCH_200 } from './descriptions.js'
import { batchResponseContent, errorResponses } from './responses.js'
import { BATCH_FORMATS, acceptable, answerBatch } from '../render/respond.js'
import { batchJson, itemAnswer, scoreInTurns, type ItemAnswer } from '../render/batch-json.js'
import { negotiate, varyByAcceptAndLanguage } from '../render/negotiate.js'
import { withCells } from '../xlsx/cells.js'
import { templateFields } from '../xlsx/fields.js'
import { WORKBOOK_LIMITS } from '../xlsx/limits.js'
import {
  isWorkbook,
  readBatch,
  refuseUploadQuery,
  uploadAdmission,
  uploadDefaults,
  workbookParser,
} from '../xlsx/upload.js'

export interface BatchRoutesOptions {
  readonly rubrics: RubricRegistry
}

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

/** What a batch gives every item that names none of its own: its rubric, resolved once, and its options. */
interface Defaults {
  readonly rubric?: CompiledRubric
  readonly options?: EvaluationOptions
}

const batchRoutes: FastifyPluginAsyncTypebox<BatchRoutesOptions> = async (app, { rubrics }) => {
  const validateItem = compileSchema<EvaluationRequest>(EvaluationRequestBodySchema)

  /**
   * The batch's top-level rubric (inline, validated and compiled once, its problems under /rubric;
   * or a built-in one by id) and options; the whole batch is refused when they are wrong.
   */
  function batchDefaults(body: BatchRequest, language: Language): Defaults {
    const rubric = namedRubric(body, rubrics, language, true)
    return rubric ? { rubric, options: body.options } : { options: body.options }
  }

  /** One item scored, as its JSON bytes and its digest; a refused item as its problem. */
  function scoreItem(
    item: unknown,
    index: number,
    language: Language,
    requestId: string,
    view: View,
    defaults: Defaults = {},
    cells?: ReadonlyMap<string, string>,
  ): ItemAnswer {
    const context = { instance: `/v1/evaluations/batch#/items/${index}`, requestId }
    try {
      if (!validateItem(item)) {
        throw serviceError('VALIDATION_FAILED', {}, schemaErrors(validateItem.errors!, item, language))
      }
      const body = defaults.options && item.options === undefined ? { ...item, options: defaults.options } : item
      const answer = scoreRequestJson(body, rubrics, language, view, defaults.rubric)
      const bytes = `{"index":${index},"status":"ok","evaluation":${answer.bytes}}`
      return { bytes, digest: { index, evaluation: answer.digest } }
    } catch (error) {
      /* c8 ignore next 2 */
      if (!(error instanceof ServiceError)) throw error
      const refusal = problem(error, language, context)
      // An item read from a workbook: each error names its cell.
      if (cells && refusal.errors) refusal.errors = withCells(refusal.errors, cells, `/items/${index}`)
      return itemAnswer({ index, status: 'error', problem: refusal })
    }
  }

  /** One item's result as an object, for the answers rendered from every result at once. */
  const scoreItemResult = (
    item: unknown,
    index: number,
    language: Language,
    requestId: string,
    defaults?: Defaults,
    cells?: ReadonlyMap<string, string>,
  ) => {
    const { bytes } = scoreItem(item, index, language, requestId, 'full', defaults, cells)
    return JSON.parse(textOfBytes(bytes)) as BatchItemResult
  }

  const examples = exampleBatch()
  const exampleResults = examples.map((item, index) => scoreItemResult(item, index, 'zh', 'example'))
  // The example answer is the compact view, which the full one of POST /v1/evaluations complements.
  const exampleScores = examples.map((item, index) =>
    JSON.parse(textOfBytes(scoreItem(item, index, 'zh', 'example', 'scores').bytes)) as unknown)

  // A filled batch template (XLSX): a department a row, read into the items of a JSON batch; the
  // rubric and options for every item come from the query.
  workbookParser(app, WORKBOOK_LIMITS, (workbook, request) => {
    const defaults = uploadDefaults(request.query)
    const rubric = rubrics.get(String(defaults.rubricId)) ?? rubrics.defaultRubric
    const read = readBatch(workbook, templateFields(rubric.source), request.language)
    return { body: { ...defaults, ...read.body }, cells: read.cells }
  })

  app.post(
    '/v1/evaluations/batch',
    {
      bodyLimit: BATCH_BODY_LIMIT,
      onRequest: acceptable(BATCH_FORMATS),
      config: { admission: uploadAdmission(answerBytes(BATCH_FORMATS, ANSWER_BYTES.batch), WORKBOOK_LIMITS) },
      // The body schema documents every item in full, but the route checks only the envelope:
      // each item is validated on its own below, so that one bad item cannot fail the batch.
      validatorCompiler: ({ schema, httpPart }) => {
        if (httpPart !== 'body') return compileSchema(schema as object)
        const items = { ...BatchRequestSchema.properties.items, items: {} }
        return compileSchema({ ...(schema as object), properties: { ...BatchRequestSchema.properties, items } })
      },
      schema: {
        operationId: 'createEvaluationBatch',
        summary: '为多个部门评分并排名 / Score and rank many departments',
        description: BATCH,
        tags: ['evaluations'],
        body: { ...BatchRequestSchema, examples: [{ items: examples }] },
        querystring: EvaluationQuerySchema,
        response: {
          200: {
            description: BATCH_200,
            content: batchResponseContent(BatchResponseSchema, {
              results: exampleScores,
              summary: summarize(exampleResults),
            }),
          },
          ...errorResponses([
            'VALIDATION_FAILED',
            'MALFORMED_JSON',
            'RUBRIC_NOT_FOUND',
            'NOT_ACCEPTABLE',
            'BODY_TOO_LARGE',
            'UNSUPPORTED_MEDIA_TYPE',
            'WORKBOOK_UNREADABLE',
            'WORKBOOK_TOO_LARGE',
            'WORKBOOK_UNSAFE',
            'INTERNAL',
            'OVERLOADED',
          ]),
        },
      },
    },
    async (request, reply) => {
      const { language } = request
      if (!isWorkbook(request)) refuseUploadQuery(request.query, language)
      const cells = request.workbookCells
      const items = request.body.items as unknown[]
      const defaults = batchDefaults(request.body, language)
      varyByAcceptAndLanguage(reply.header('content-language', language))
      // The onRequest hook has refused every Accept header that allows none of the formats.
      const format = negotiate(request.headers.accept, BATCH_FORMATS) as 'json' | 'xlsx' | 'csv'
      if (format === 'json') {
        const view = request.query.view ?? 'full'
        const score = (index: number) => scoreItem(items[index], index, language, request.id, view, defaults, cells)
        reply.type('application/json; charset=utf-8')
        return reply.send(Readable.from(batchJson(items.length, score, app.inTurn)))
      }
      // A workbook or a table needs every result at once.
      const results = await scoreInTurns(
        items.length,
        (index) => scoreItemResult(items[index], index, language, request.id, defaults, cells),
        app.inTurn,
      )
      return answerBatch(request, reply, { results, summary: summarize(results) }, language, format)
    },
  )
}

export default batchRoutes
