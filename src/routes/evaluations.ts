import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { EvaluationRequestBodySchema, type EvaluationRequest } from '../../schemas/evaluation-request.js'
import { EvaluationAnswerSchema } from '../../schemas/evaluation-response.js'
import { EvaluationQuerySchema } from '../../schemas/upload.js'
import seedRequest from '../../schemas/examples/yuhua-2021.request.json' with { type: 'json' }
import { textOfBytes } from '../engine/utf8.js'
import type { RubricRegistry } from '../rubrics/index.js'
import { errorResponses, evaluationResponseContent, refusedExample } from './responses.js'
import { scoreRequestJson } from '../scoring.js'
import { EVALUATION_FORMATS, acceptable, answerEvaluation } from '../render/respond.js'
import { negotiate, varyByAcceptAndLanguage } from '../render/negotiate.js'
import { EVALUATION, EVALUATION_200 } from './descriptions.js'
import { ANSWER_BYTES, answerBytes } from '../plugins/overload.js'
import { templateFields } from '../xlsx/fields.js'
import { SINGLE_WORKBOOK_LIMITS } from '../xlsx/limits.js'
import {
  isWorkbook,
  readSingle,
  refuseUploadQuery,
  uploadAdmission,
  uploadDefaults,
  workbookParser,
} from '../xlsx/upload.js'

export interface EvaluationRoutesOptions {
  readonly rubrics: RubricRegistry
}

const evaluationRoutes: FastifyPluginAsyncTypebox<EvaluationRoutesOptions> = async (app, { rubrics }) => {
  // The seed's own answer is the response example, computed by the service so it can never drift.
  const seedAnswer = JSON.parse(
    textOfBytes(scoreRequestJson(seedRequest as EvaluationRequest, rubrics, 'zh').bytes),
  ) as unknown

  // A filled template (XLSX) is read into the very request a JSON body would be, then validated
  // and scored the same way; its rubric and options come from the query.
  workbookParser(app, SINGLE_WORKBOOK_LIMITS, (workbook, request) => {
    const defaults = uploadDefaults(request.query)
    const rubric = rubrics.get(String(defaults.rubricId)) ?? rubrics.defaultRubric
    const read = readSingle(workbook, templateFields(rubric.source), request.language)
    return { body: { ...defaults, ...read.body }, cells: read.cells }
  })

  app.post(
    '/v1/evaluations',
    {
      onRequest: acceptable(EVALUATION_FORMATS),
      config: {
        admission: uploadAdmission(answerBytes(EVALUATION_FORMATS, ANSWER_BYTES.evaluation), SINGLE_WORKBOOK_LIMITS),
      },
      schema: {
        operationId: 'createEvaluation',
        summary: '为一个部门评分 / Score one department',
        description: EVALUATION,
        tags: ['evaluations'],
        body: EvaluationRequestBodySchema,
        querystring: EvaluationQuerySchema,
        response: {
          200: { description: EVALUATION_200, content: evaluationResponseContent(EvaluationAnswerSchema, seedAnswer) },
          ...errorResponses(
            [
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
            ],
            { 400: refusedExample('/v1/evaluations') },
          ),
        },
      },
    },
    async (request, reply) => {
      if (!isWorkbook(request)) refuseUploadQuery(request.query, request.language)
      // The onRequest hook has refused every Accept header that allows none of the formats.
      const format = negotiate(request.headers.accept, EVALUATION_FORMATS)!
      // The rendered forms are always complete: they are read from the full answer.
      const view = format === 'json' ? request.query.view : 'full'
      const answer = await app.scoreInTurn(request, reply, () =>
        scoreRequestJson(request.body, rubrics, request.language, view))
      request.evaluationGrade = answer.digest.grade?.code ?? null
      varyByAcceptAndLanguage(reply.header('content-language', request.language)).type(
        'application/json; charset=utf-8',
      )
      return answerEvaluation(request, reply, answer, format)
    },
  )
}

export default evaluationRoutes
