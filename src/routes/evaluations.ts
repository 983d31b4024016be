import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { EvaluationRequestBodySchema, type EvaluationRequest } from '../../schemas/evaluation-request.js'
import { EvaluationAnswerSchema, ViewQuerySchema } from '../../schemas/evaluation-response.js'
import seedRequest from '../../schemas/examples/yuhua-2021.request.json' with { type: 'json' }
import { textOfBytes } from '../engine/utf8.js'
import type { RubricRegistry } from '../rubrics/index.js'
import { errorResponses, evaluationResponseContent, refusedExample } from './responses.js'
import { scoreRequestJson } from '../scoring.js'
import { EVALUATION_FORMATS, acceptable, answerEvaluation } from '../render/respond.js'
import { negotiate, varyByAcceptAndLanguage } from '../render/negotiate.js'
import { EVALUATION, EVALUATION_200 } from './descriptions.js'
import { ANSWER_BYTES, answerBytes } from '../plugins/overload.js'

export interface EvaluationRoutesOptions {
  readonly rubrics: RubricRegistry
}

const evaluationRoutes: FastifyPluginAsyncTypebox<EvaluationRoutesOptions> = async (app, { rubrics }) => {
  // The seed's own answer is the response example, computed by the service so it can never drift.
  const seedAnswer = JSON.parse(
    textOfBytes(scoreRequestJson(seedRequest as EvaluationRequest, rubrics, 'zh').bytes),
  ) as unknown

  app.post(
    '/v1/evaluations',
    {
      onRequest: acceptable(EVALUATION_FORMATS),
      config: { admission: answerBytes(EVALUATION_FORMATS, ANSWER_BYTES.evaluation) },
      schema: {
        operationId: 'createEvaluation',
        summary: '为一个部门评分 / Score one department',
        description: EVALUATION,
        tags: ['evaluations'],
        body: EvaluationRequestBodySchema,
        querystring: ViewQuerySchema,
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
              'INTERNAL',
              'OVERLOADED',
            ],
            { 400: refusedExample('/v1/evaluations') },
          ),
        },
      },
    },
    async (request, reply) => {
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
