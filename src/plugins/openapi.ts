import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'

export const OPENAPI_INFO = {
  title: '部门整体支出绩效评价评分服务 / Performance-scoring service for public finance',
  version: '1.0.0',
  description: [
    '根据部门提交的基础数据，按评价指标体系为部门整体支出绩效评分，逐项说明得分与扣分理由，并与部门自评得分比对。',
    '',
    'Scores a government department\'s overall expenditure performance (部门整体支出绩效评价) from its base data against an indicator rubric, explains every point given or taken away, and audits the department\'s own scores.',
    '',
    '金额单位为万元，十进制数以字符串返回（恰好两位小数）。所有错误为 RFC 9457 problem+json。Money is in 10,000 yuan; decimals leave as strings with exactly two decimals. Every error is an RFC 9457 problem document. Explanations and messages are Chinese by default and English with `Accept-Language: en`.',
    '',
    '限制 / Limits: 请求体 1 MiB（批量接口 16 MiB），超出为 413；请求（请求头与请求体）须在 30 秒内发送完毕（REQUEST_TIMEOUT），否则为 408；请求头最多 16 KiB，否则为 431；批量最多 1000 项；自定义评价体系最多 300 项指标；每个字符串与数组都有长度上限（见各字段的 maxLength、maxItems）。A body of at most 1 MiB (16 MiB for the batch), or a 413; a request (headers and body) must arrive within 30 s (REQUEST_TIMEOUT), or a 408; headers of at most 16 KiB, or a 431; at most 1,000 batch items; at most 300 indicators in a custom rubric; every string and array is bounded (see each field\'s maxLength and maxItems).',
  ].join('\n'),
}

export interface OpenApiOptions {
  /** Serve the explorer at /docs (DOCS_ENABLED); /openapi.json is always served. */
  readonly explorer?: boolean
}

/** The OpenAPI 3.1 document, generated from the routes' TypeBox schemas, and its explorer. */
async function openapi(app: FastifyInstance, { explorer = true }: OpenApiOptions): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: OPENAPI_INFO,
      tags: [
        { name: 'evaluations', description: '绩效评分 / Scoring a department' },
        { name: 'rubrics', description: '评价指标体系 / The indicator rubrics' },
      ],
    },
  })
  if (explorer) await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', tryItOutEnabled: true } })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}

export default fp(openapi, { name: 'openapi' })
