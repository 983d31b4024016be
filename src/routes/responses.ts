import { ProblemSchema } from '../../schemas/problem.js'

/** An error response in the OpenAPI document: a problem document under application/problem+json. */
export function problemResponse(description: string) {
  return { description, content: { 'application/problem+json': { schema: ProblemSchema } } }
}

export const NOT_FOUND = problemResponse('没有这个地址或资源 / No such route or resource (ROUTE_NOT_FOUND, RUBRIC_NOT_FOUND)')
export const INTERNAL = problemResponse('服务内部错误，不含内部细节 / Internal error, with no internal detail (INTERNAL)')

/**
 * The serializer of the scoring routes: JSON.stringify. An evaluation is some 14 KB of explained
 * indicators, mostly Chinese text, which fast-json-stringify writes in 77 µs and JSON.stringify in
 * 42 µs (Node 20, this service's answers); a batch of 1,000 is 13 MB. The engine builds every
 * answer to the response schema, and test/routes/answer-schema.test.ts holds it to it, so the
 * schema still documents the answer exactly; it is simply not used to write it.
 */
export const stringify = () => (data: unknown) => JSON.stringify(data)
