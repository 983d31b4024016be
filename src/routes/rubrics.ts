import { Type } from 'typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  RubricIdParamsSchema,
  RubricListSchema,
  RubricSchema,
  RubricValidationSummarySchema,
} from '../../schemas/rubric.js'
import yuhua2021 from '../rubrics/yuhua-2021.json' with { type: 'json' }
import { compileInlineRubric } from '../rubrics/inline.js'
import { validatedRubric } from '../rubrics/summary.js'
import { serviceError } from '../errors.js'
import type { RubricRegistry } from '../rubrics/index.js'
import { GET_RUBRIC, LIST_RUBRICS, VALIDATE_RUBRIC } from './descriptions.js'
import { errorResponses } from './responses.js'
import { ANSWER_BYTES, answerBytes } from '../plugins/overload.js'
import { TemplateQuerySchema } from '../../schemas/upload.js'
import { acceptable } from '../render/respond.js'
import { varyByAcceptAndLanguage } from '../render/negotiate.js'
import { contentDisposition } from '../render/disposition.js'
import { XLSX_MEDIA_TYPE } from '../xlsx/limits.js'
import { writeTemplate } from '../xlsx/template.js'
import { GET_TEMPLATE, TEMPLATE_200 } from '../xlsx/descriptions.js'

export interface RubricRoutesOptions {
  readonly rubrics: RubricRegistry
}

const rubricRoutes: FastifyPluginAsyncTypebox<RubricRoutesOptions> = async (app, { rubrics }) => {
  app.get(
    '/v1/rubrics',
    {
      schema: {
        operationId: 'listRubrics',
        summary: '列出内置评价体系 / List the built-in rubrics',
        description: LIST_RUBRICS,
        tags: ['rubrics'],
        response: {
          200: { ...RubricListSchema, description: '内置评价体系 / The built-in rubrics' },
          ...errorResponses(['INTERNAL']),
        },
      },
    },
    async () => ({ rubrics: [...rubrics.list] }),
  )

  app.get(
    '/v1/rubrics/:rubricId',
    {
      schema: {
        operationId: 'getRubric',
        summary: '取得评价体系全文 / Get a rubric document',
        description: GET_RUBRIC,
        tags: ['rubrics'],
        params: RubricIdParamsSchema,
        response: {
          200: { ...RubricSchema, description: '评价体系文档 / The rubric document', examples: [yuhua2021] },
          ...errorResponses(['VALIDATION_FAILED', 'BAD_REQUEST', 'RUBRIC_NOT_FOUND', 'ROUTE_NOT_FOUND', 'INTERNAL']),
        },
      },
    },
    async (request) => {
      const rubric = rubrics.get(request.params.rubricId)
      if (!rubric) throw serviceError('RUBRIC_NOT_FOUND', { id: request.params.rubricId })
      return rubric.source
    },
  )

  app.get(
    '/v1/rubrics/:rubricId/template',
    {
      onRequest: acceptable(['xlsx']),
      schema: {
        operationId: 'getRubricTemplate',
        summary: '下载基础数据表模板 / Download the base-data template',
        description: GET_TEMPLATE,
        tags: ['rubrics'],
        params: RubricIdParamsSchema,
        querystring: TemplateQuerySchema,
        response: {
          200: {
            description: TEMPLATE_200,
            content: { [XLSX_MEDIA_TYPE]: { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } },
          },
          ...errorResponses([
            'VALIDATION_FAILED',
            'BAD_REQUEST',
            'RUBRIC_NOT_FOUND',
            'ROUTE_NOT_FOUND',
            'NOT_ACCEPTABLE',
            'INTERNAL',
          ]),
        },
      },
    },
    async (request, reply) => {
      const rubric = rubrics.get(request.params.rubricId)
      if (!rubric) throw serviceError('RUBRIC_NOT_FOUND', { id: request.params.rubricId })
      const layout = request.query.layout ?? 'single'
      const { id } = rubric.source
      const name = layout === 'batch' ? `${id}-template-batch` : `${id}-template`
      const shown = request.language === 'zh' ? `${id}-基础数据表${layout === 'batch' ? '（批量）' : ''}` : name
      varyByAcceptAndLanguage(reply.header('content-language', request.language))
        .type(XLSX_MEDIA_TYPE)
        .header('content-disposition', contentDisposition('attachment', name, shown, 'xlsx'))
      return reply.send(await writeTemplate(rubric.source, layout, request.language))
    },
  )

  app.post(
    '/v1/rubrics/validate',
    {
      config: { admission: answerBytes(['json'], ANSWER_BYTES.rubric) },
      schema: {
        operationId: 'validateRubric',
        summary: '校验自定义评价体系 / Validate a custom rubric',
        description: VALIDATE_RUBRIC,
        tags: ['rubrics'],
        body: { ...RubricSchema, examples: [yuhua2021] },
        response: {
          200: { ...RubricValidationSummarySchema, description: '评价体系有效 / The rubric is valid' },
          ...errorResponses([
            'VALIDATION_FAILED',
            'MALFORMED_JSON',
            'BODY_TOO_LARGE',
            'UNSUPPORTED_MEDIA_TYPE',
            'INTERNAL',
            'OVERLOADED',
          ]),
        },
      },
    },
    async (request) => {
      const inline = compileInlineRubric(request.body, '', request.language)
      if ('errors' in inline) throw serviceError('VALIDATION_FAILED', { rubric: true }, inline.errors)
      return validatedRubric(inline.rubric)
    },
  )
}

export default rubricRoutes
