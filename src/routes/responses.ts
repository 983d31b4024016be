import { ProblemSchema, type Problem } from '../../schemas/problem.js'
import { VALIDATION_DETAIL, problem } from '../errors.js'
import { message } from '../validation/messages.js'

/** An error response in the OpenAPI document: a problem document under application/problem+json. */
export function problemResponse(description: string, example?: Problem) {
  return { description, content: { 'application/problem+json': { schema: ProblemSchema, ...(example ? { example } : {}) } } }
}

/** What a refused evaluation looks like: the seed department with two fields that break cross-field rules. */
export function refusedExample(instance: string): Problem {
  return problem('VALIDATION_FAILED', 'zh', VALIDATION_DETAIL.zh, { instance, requestId: '7f0c2a64-3b9e-4d51-8a26-91e4c0b7d5f3' }, [
    { pointer: '/baseData/budget/yearEndBalance', rule: 'atMostFundsAvailable', message: message('zh', 'atMostFundsAvailable', { funds: '8737.82' }), received: '9000' },
    { pointer: '/assessments/satisfaction/satisfied', rule: 'atMostSurveyed', message: message('zh', 'atMostSurveyed', { surveyed: 120 }), received: 130 },
  ])
}

export const NOT_FOUND = problemResponse('没有这个地址或资源 / No such route or resource (ROUTE_NOT_FOUND, RUBRIC_NOT_FOUND)')
export const INTERNAL = problemResponse('服务内部错误，不含内部细节 / Internal error, with no internal detail (INTERNAL)')
