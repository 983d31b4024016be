import { ProblemSchema, type Problem } from '../../schemas/problem.js'
import { ERRORS, problem, serviceError, type ErrorCode } from '../errors.js'
import { message } from '../validation/messages.js'
import { MEDIA_TYPES } from '../render/negotiate.js'
import { BATCH_ROWS, EVALUATION_CSV, EVALUATION_HTML, EVALUATION_XLSX } from './descriptions.js'

/** An error response in the OpenAPI document: a problem document under application/problem+json. */
function problemResponse(description: string, example?: Problem) {
  const content = { schema: ProblemSchema, ...(example ? { example } : {}) }
  return { description, content: { 'application/problem+json': content } }
}

/** The header of a 401 (its schema, as @fastify/swagger takes it): the scheme to authenticate with (RFC 6750 §3). */
const WWW_AUTHENTICATE = {
  'WWW-Authenticate': {
    type: 'string',
    description: 'Bearer realm="performance-scoring"，密钥无效时另有 error="invalid_token" / with error="invalid_token" ' +
      'when the key is not valid',
  },
}

/**
 * A /v1 route's error responses for the OpenAPI document, from the codes it can answer with, and
 * UNAUTHENTICATED, which every /v1 route answers when API keys are on: one response per status,
 * its description what the catalogue says of each code. `examples` are by status.
 */
export function errorResponses(codes: readonly ErrorCode[], examples: Readonly<Record<number, Problem>> = {}) {
  const byStatus = new Map<number, ErrorCode[]>()
  for (const code of ['UNAUTHENTICATED', ...codes] as const) {
    byStatus.set(ERRORS[code].status, [...(byStatus.get(ERRORS[code].status) ?? []), code])
  }
  const sorted = [...byStatus].sort(([a], [b]) => a - b)
  return Object.fromEntries(sorted.map(([status, list]) => {
    const lines = list.map((code) => `- \`${code}\`：${ERRORS[code].when.zh} / ${ERRORS[code].when.en}`)
    const response = problemResponse(lines.join('\n'), examples[status])
    return [status, status === 401 ? { ...response, headers: WWW_AUTHENTICATE } : response]
  }))
}

/** What a refused evaluation looks like: the seed department with two fields that break cross-field rules. */
export function refusedExample(instance: string): Problem {
  const errors = [
    {
      pointer: '/baseData/budget/yearEndBalance',
      rule: 'atMostFundsAvailable',
      message: message('zh', 'atMostFundsAvailable', { funds: '8737.82' }),
      received: '9000',
    },
    {
      pointer: '/assessments/satisfaction/satisfied',
      rule: 'atMostSurveyed',
      message: message('zh', 'atMostSurveyed', { surveyed: 120 }),
      received: 130,
    },
  ]
  const context = { instance, requestId: '7f0c2a64-3b9e-4d51-8a26-91e4c0b7d5f3' }
  return problem(serviceError('VALIDATION_FAILED', {}, errors), 'zh', context)
}

const XLSX = MEDIA_TYPES.xlsx

/**
 * The 200 response's content per media type, for the OpenAPI document and for fastify (which picks
 * the JSON serializer by the reply's media type): the JSON schema and example as before, and a
 * string for each rendered form.
 */
export function evaluationResponseContent(schema: unknown, example: unknown) {
  return {
    [MEDIA_TYPES.json]: { schema, example },
    [XLSX]: { schema: { type: 'string', format: 'binary', description: `Accept: ${XLSX}。${EVALUATION_XLSX}` } },
    [MEDIA_TYPES.csv]: { schema: { type: 'string', description: `Accept: text/csv。${EVALUATION_CSV}` } },
    [MEDIA_TYPES.html]: { schema: { type: 'string', description: `Accept: text/html。${EVALUATION_HTML}` } },
  }
}

/** The batch's 200 content: JSON as before, and one row per department as XLSX or CSV. */
export function batchResponseContent(schema: unknown, example: unknown) {
  return {
    [MEDIA_TYPES.json]: { schema, example },
    [XLSX]: {
      schema: {
        type: 'string',
        format: 'binary',
        description: `Accept: ${XLSX}。${BATCH_ROWS}; a second sheet has the summary.`,
      },
    },
    [MEDIA_TYPES.csv]: {
      schema: { type: 'string', description: `Accept: text/csv。UTF-8（含 BOM）、RFC 4180。${BATCH_ROWS}.` },
    },
  }
}
