import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { SERVICE } from '../routes/descriptions.js'
import { COMPONENTS } from '../../schemas/components.js'
import { Components, withReferences, withSharedExamples, withSharedResponses } from '../openapi-components.js'
import { withWorkbookUploads } from '../xlsx/openapi.js'

export const OPENAPI_INFO = {
  title: '部门整体支出绩效评价评分服务 / Performance-scoring service for public finance',
  version: '1.0.0',
  description: SERVICE,
  license: { name: 'Proprietary: the finance bureaus that run the service' },
}

/** The API keys (API_KEYS_FILE), as the explorer's Authorize button and the generators see them. */
const SECURITY_SCHEMES = {
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    description: [
      'API 密钥：服务设置了 API_KEYS_FILE 时，/v1/* 须带 Authorization: Bearer <密钥>，否则为 401 UNAUTHENTICATED；',
      '未设置时服务开放，无须密钥。/ An API key: when the service runs with API_KEYS_FILE, every /v1/* request ',
      'needs Authorization: Bearer <key>, or it is a 401 UNAUTHENTICATED; without it the service is open and no key ',
      'is needed.',
    ].join(''),
  },
} as const

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
      // Relative: the document is served by the service it describes, wherever the gateway puts it.
      servers: [{ url: '/', description: '提供本文档的服务 / The service that serves this document' }],
      components: { securitySchemes: SECURITY_SCHEMES },
      // The key, or none: API_KEYS_FILE decides which (an empty requirement is "no key").
      security: [{ apiKey: [] }, {}],
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
      withWorkbookUploads(
        withSharedResponses(withSharedExamples(withReferences((document as { openapiObject: object }).openapiObject))),
      ),
  })
  for (const schema of components.shared()) app.addSchema(schema)
  if (explorer) {
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      // persistAuthorization: the key given to Authorize is kept across reloads of the explorer.
      uiConfig: { docExpansion: 'list', tryItOutEnabled: true, persistAuthorization: true },
    })
  }
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}

export default fp(openapi, { name: 'openapi' })
