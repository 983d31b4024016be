import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { SERVICE } from '../routes/descriptions.js'

export const OPENAPI_INFO = {
  title: '部门整体支出绩效评价评分服务 / Performance-scoring service for public finance',
  version: '1.0.0',
  description: SERVICE,
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
  if (explorer)
    await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', tryItOutEnabled: true } })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}

export default fp(openapi, { name: 'openapi' })
