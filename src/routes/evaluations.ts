import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { EvaluationRequestBodySchema, type EvaluationRequest } from '../../schemas/evaluation-request.js'
import { EvaluationResponseSchema } from '../../schemas/evaluation-response.js'
import seedRequest from '../../schemas/examples/yuhua-2021.request.json' with { type: 'json' }
import type { RubricRegistry } from '../rubrics/index.js'
import { errorResponses, evaluationResponseContent, refusedExample } from './responses.js'
import { scoreEvaluation, scoreRequest } from '../scoring.js'
import { EVALUATION_FORMATS, acceptable, answerEvaluation } from '../render/respond.js'
import { varyByAcceptAndLanguage } from '../render/negotiate.js'
import { EVALUATION, EVALUATION_200 } from './descriptions.js'

export interface EvaluationRoutesOptions {
  readonly rubrics: RubricRegistry
}

const evaluationRoutes: FastifyPluginAsyncTypebox<EvaluationRoutesOptions> = async (app, { rubrics }) => {
  // The seed's own answer is the response example, computed by the service so it can never drift.
  const seedAnswer = scoreRequest(seedRequest as EvaluationRequest, rubrics, 'zh')

  app.post('/v1/evaluations', {
    onRequest: acceptable(EVALUATION_FORMATS),
    schema: {
      operationId: 'createEvaluation',
      summary: '为一个部门评分 / Score one department',
      description: EVALUATION,
      tags: ['evaluations'],
      body: EvaluationRequestBodySchema,
      response: {
        200: { description: EVALUATION_200, content: evaluationResponseContent(EvaluationResponseSchema, seedAnswer) },
        ...errorResponses(
          ['VALIDATION_FAILED', 'MALFORMED_JSON', 'RUBRIC_NOT_FOUND', 'NOT_ACCEPTABLE', 'BODY_TOO_LARGE',
            'UNSUPPORTED_MEDIA_TYPE', 'INTERNAL'],
          { 400: refusedExample('/v1/evaluations') },
        ),
      },
    },
  }, async (request, reply) => {
    const { result, rubric } = scoreEvaluation(request.body, rubrics, request.language)
    varyByAcceptAndLanguage(reply.header('content-language', request.language))
    return answerEvaluation(request, reply, result, rubric.source)
  })
}

export default evaluationRoutes
