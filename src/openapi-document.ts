import Fastify from 'fastify'
import app from './app.js'
import { serverOptions } from './server-options.js'

export const OPENAPI_PATH = new URL('../openapi/openapi.json', import.meta.url)

/** The OpenAPI document as committed in openapi/openapi.json: pretty-printed, newline-terminated. */
export async function buildOpenApiDocument(): Promise<string> {
  const server = Fastify(serverOptions())
  await server.register(app)
  await server.ready()
  const document = JSON.stringify(server.swagger(), null, 2) + '\n'
  await server.close()
  return document
}
