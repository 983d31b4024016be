import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { RubricIdParamsSchema, RubricListSchema, RubricSchema } from '../../schemas/rubric.js'
import { ServiceError } from '../errors.js'
import type { RubricRegistry } from '../rubrics/index.js'
import { INTERNAL, NOT_FOUND, problemResponse } from './responses.js'

export interface RubricRoutesOptions {
  readonly rubrics: RubricRegistry
}

export function rubricNotFound(id: string): ServiceError {
  return new ServiceError('RUBRIC_NOT_FOUND', {
    zh: `没有 id 为 ${id.slice(0, 64)} 的评价体系，可用的见 GET /v1/rubrics`,
    en: `There is no rubric with id ${id.slice(0, 64)}; GET /v1/rubrics lists them`,
  })
}

const rubricRoutes: FastifyPluginAsyncTypebox<RubricRoutesOptions> = async (app, { rubrics }) => {
  app.get('/v1/rubrics', {
    schema: {
      operationId: 'listRubrics',
      summary: '列出内置评价体系 / List the built-in rubrics',
      description: '返回内置评价指标体系的 id、版本、标题、总分及哪一个是默认体系。\n\nLists the built-in rubrics: id, version, title, maximum score, and which one is the default.',
      tags: ['rubrics'],
      response: { 200: { ...RubricListSchema, description: '内置评价体系 / The built-in rubrics' }, 500: INTERNAL },
    },
  }, async () => ({ rubrics: [...rubrics.list] }))

  app.get('/v1/rubrics/:rubricId', {
    schema: {
      operationId: 'getRubric',
      summary: '取得评价体系全文 / Get a rubric document',
      description: '返回评价体系文档：各级指标、分值、评价标准与指标说明（原文）、计分规则、计量方式及本服务对原表未尽事项的处理说明（notes），可据此渲染评价表。\n\nReturns the rubric document: the indicators at every level with their points, the original wording of the standards and formulas, the scoring rules and measures, and notes on every decision the original table leaves open. Enough to render the official form.',
      tags: ['rubrics'],
      params: RubricIdParamsSchema,
      response: {
        200: { ...RubricSchema, description: '评价体系文档 / The rubric document' },
        400: problemResponse('路径参数有误 / Invalid path parameter (VALIDATION_FAILED)'),
        404: problemResponse('没有这个评价体系 / No such rubric (RUBRIC_NOT_FOUND)'),
        500: INTERNAL,
      },
    },
  }, async (request) => {
    const rubric = rubrics.get(request.params.rubricId)
    if (!rubric) throw rubricNotFound(request.params.rubricId)
    return rubric.source
  })
}

export default rubricRoutes
