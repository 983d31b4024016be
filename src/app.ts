import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import problems from './plugins/problems.js'
import jsonBody from './plugins/json-body.js'
import openapi from './plugins/openapi.js'
import { loadRubrics, type RubricRegistry } from './rubrics/index.js'
import rubricRoutes from './routes/rubrics.js'
import evaluationRoutes from './routes/evaluations.js'

export interface AppOptions {
  /** The rubrics to serve; the built-in ones, checked at start-up, by default. */
  readonly rubrics?: RubricRegistry
}

/**
 * The service as a Fastify plugin. Registration order documents the dependencies: the error
 * contract first, so that everything after answers with problem documents; the JSON body parser; then the OpenAPI
 * generator, which must see every route; then the routes.
 */
async function app(instance: FastifyInstance, options: AppOptions): Promise<void> {
  const rubrics = options.rubrics ?? loadRubrics()
  await instance.register(problems)
  await instance.register(jsonBody)
  await instance.register(openapi)
  await instance.register(rubricRoutes, { rubrics })
  await instance.register(evaluationRoutes, { rubrics })
}

// Not encapsulated, so that the caller sees the OpenAPI document (`swagger()`) and the error handler.
export default fp(app, { name: 'performance-scoring' })
