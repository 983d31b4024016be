import { ProblemSchema } from '../../schemas/problem.js'

/** An error response in the OpenAPI document: a problem document under application/problem+json. */
export function problemResponse(description: string) {
  return { description, content: { 'application/problem+json': { schema: ProblemSchema } } }
}

export const NOT_FOUND = problemResponse('没有这个地址或资源 / No such route or resource (ROUTE_NOT_FOUND, RUBRIC_NOT_FOUND)')
export const INTERNAL = problemResponse('服务内部错误，不含内部细节 / Internal error, with no internal detail (INTERNAL)')
