import Fastify from 'fastify'
import app from './app.js'
import { serverOptions } from './server-options.js'

export const OPENAPI_PATH = new URL('../openapi/openapi.json', import.meta.url)

const WIDTH = 120

/**
 * JSON indented by two spaces, with each object or array that fits in a line of 120 characters
 * written on one line: as readable as JSON.stringify's indentation, and half the size for a
 * document of many short schemas. `flat` values are written on one line whatever their length.
 */
export function formatJson(
  value: unknown,
  indent = '',
  flat = (_path: readonly string[]) => false,
  path: string[] = [],
): string {
  const line = JSON.stringify(value)
  if (typeof value !== 'object' || value === null || indent.length + line.length <= WIDTH || flat(path)) return line
  const inner = `${indent}  `
  const items = Array.isArray(value)
    ? value.map((item, index) => inner + formatJson(item, inner, flat, [...path, String(index)]))
    : Object.entries(value).map(([key, item]) =>
      `${inner}${JSON.stringify(key)}: ${formatJson(item, inner, flat, [...path, key])}`)
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}']
  // An empty object or array always fits in a line: `items` has one at least.
  return `${open}\n${items.join(',\n')}\n${indent}${close}`
}

/** The OpenAPI document as committed in openapi/openapi.json: formatted by formatJson, newline-terminated. */
export async function buildOpenApiDocument(): Promise<string> {
  const server = Fastify(serverOptions())
  await server.register(app)
  await server.ready()
  // The examples are copies of files kept elsewhere (the built-in rubric, the seed department) and
  // of the service's answers to them: one line each, a third of their size indented.
  const example = (path: readonly string[]) => path.length === 4 && path[1] === 'examples' && path[3] === 'value'
  const document = formatJson(server.swagger(), '', example) + '\n'
  await server.close()
  return document
}
