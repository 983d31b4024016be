import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { SERVICE } from '../routes/descriptions.js'
import { COMPONENTS } from '../../schemas/components.js'
import { Components, withReferences, withSharedExamples } from '../openapi-components.js'

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
  const components = new Components(COMPONENTS)
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: OPENAPI_INFO,
      tags: [
        { name: 'evaluations', description: '绩效评分 / Scoring a department' },
        { name: 'rubrics', description: '评价指标体系 / The indicator rubrics' },
      ],
    },
    // A shared schema is the component named by its $id.
    refResolver: { buildLocalReference: (json) => String(json.$id) },
    transform: ({ schema, url, route }) => {
      components.check(schema, `${route.method} ${url}`)
      return { schema: components.route(schema as Record<string, unknown>), url }
    },
    transformObject: (document) =>
      withSharedExamples(withReferences((document as { openapiObject: object }).openapiObject)),
  })
  for (const schema of components.shared()) app.addSchema(schema)
  if (explorer)
    await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', tryItOutEnabled: true } })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}

export default fp(openapi, { name: 'openapi' })
