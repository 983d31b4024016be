import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { RubricIdParamsSchema, RubricListSchema, RubricSchema, RubricValidationSummarySchema } from '../../schemas/rubric.js'
import yuhua2021 from '../rubrics/yuhua-2021.json' with { type: 'json' }
import { compileInlineRubric } from '../rubrics/inline.js'
import { fixed2, toDec } from '../engine/decimal.js'
import { ServiceError } from '../errors.js'
import { rubricNotFound } from '../scoring.js'
import type { RubricRegistry } from '../rubrics/index.js'
import { INTERNAL, NOT_FOUND, problemResponse } from './responses.js'

export interface RubricRoutesOptions {
  readonly rubrics: RubricRegistry
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
        200: { ...RubricSchema, description: '评价体系文档 / The rubric document', examples: [yuhua2021] },
        400: problemResponse('路径参数有误，或地址的百分号编码无效 / Invalid path parameter, or invalid percent-encoding in the path (VALIDATION_FAILED, BAD_REQUEST)'),
        404: problemResponse('没有这个评价体系（评价体系标识超过 100 个字符时为 ROUTE_NOT_FOUND）/ No such rubric (RUBRIC_NOT_FOUND; ROUTE_NOT_FOUND when the id is over 100 characters)'),
        500: INTERNAL,
      },
    },
  }, async (request) => {
    const rubric = rubrics.get(request.params.rubricId)
    if (!rubric) throw rubricNotFound(request.params.rubricId)
    return rubric.source
  })

  app.post('/v1/rubrics/validate', {
    schema: {
      operationId: 'validateRubric',
      summary: '校验自定义评价体系 / Validate a custom rubric',
      description: '校验一份评价体系文档（格式同 GET /v1/rubrics/{rubricId}）：各级分值之和、id 唯一、规则分值不超过指标分值、分档有序且有兜底档、等级分数线严格递减、计量方式所读字段为请求中存在的字段、最多 300 项指标。有效时返回各级分值摘要；无效时返回 400，errors 一次列出全部问题，pointer 指向评价体系文档内。\n\nValidates a rubric document (the format GET /v1/rubrics/{rubricId} returns): sums at every level, unique ids, rules within their indicator\'s points, ordered bands with a fallback, strictly decreasing grades, measures that read fields the request has, at most 300 indicators. A valid rubric gets a summary of its points per level; an invalid one a 400 listing every problem at once, each pointer into the rubric document.',
      tags: ['rubrics'],
      body: { ...RubricSchema, examples: [yuhua2021] },
      response: {
        200: { ...RubricValidationSummarySchema, description: '评价体系有效 / The rubric is valid' },
        400: problemResponse('评价体系无效，errors 列出全部问题 / The rubric is invalid; errors lists every problem (VALIDATION_FAILED, MALFORMED_JSON)'),
        413: problemResponse('请求体超过 1 MiB / The body exceeds 1 MiB (BODY_TOO_LARGE)'),
        415: problemResponse('Content-Type 不是 application/json / The Content-Type is not application/json (UNSUPPORTED_MEDIA_TYPE)'),
        500: INTERNAL,
      },
    },
  }, async (request) => {
    const inline = compileInlineRubric(request.body, '')
    if ('errors' in inline) {
      throw new ServiceError('VALIDATION_FAILED', { zh: '评价体系有误，详见 errors', en: 'The rubric is inconsistent; see errors' }, inline.errors)
    }
    const { source, contentHash, indicators } = inline.rubric
    return {
      valid: true as const,
      id: source.id,
      version: source.version,
      contentHash,
      maxScore: fixed2(toDec(source.maxScore)),
      indicatorCount: indicators.length,
      categories: source.categories.map((category) => ({
        id: category.id,
        maxScore: fixed2(toDec(category.maxScore)),
        children: category.children.map((child) => ({ id: child.id, maxScore: fixed2(toDec(child.maxScore)), indicatorCount: child.indicators.length })),
      })),
    }
  })
}

export default rubricRoutes
