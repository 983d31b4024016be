import type { Language } from './engine/explain.js'
import type { Problem, ProblemError } from '../schemas/problem.js'

interface CatalogueEntry {
  readonly status: number
  readonly title: Record<Language, string>
}

/**
 * Every error the service answers with, by stable code (the model is fastify's lib/errors.js).
 * Clients and tests match `code`, never the wording.
 */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, title: { zh: '请求数据有误', en: 'The request is invalid' } },
  MALFORMED_JSON: { status: 400, title: { zh: '请求体不是合法的 JSON', en: 'The body is not valid JSON' } },
  BAD_REQUEST: { status: 400, title: { zh: '请求有误', en: 'Bad request' } },
  ROUTE_NOT_FOUND: { status: 404, title: { zh: '没有这个地址', en: 'No such route' } },
  RUBRIC_NOT_FOUND: { status: 404, title: { zh: '没有这个评价体系', en: 'No such rubric' } },
  NOT_ACCEPTABLE: { status: 406, title: { zh: '无法以所要求的类型作答', en: 'Not acceptable' } },
  REQUEST_TIMEOUT: { status: 408, title: { zh: '请求发送超时', en: 'The request took too long to arrive' } },
  BODY_TOO_LARGE: { status: 413, title: { zh: '请求体过大', en: 'The body is too large' } },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: { zh: '不支持的内容类型', en: 'Unsupported media type' } },
  HEADERS_TOO_LARGE: { status: 431, title: { zh: '请求头过大', en: 'The request headers are too large' } },
  INTERNAL: { status: 500, title: { zh: '服务内部错误', en: 'Internal error' } },
  SHUTTING_DOWN: { status: 503, title: { zh: '服务正在停止', en: 'The service is shutting down' } },
} as const satisfies Record<string, CatalogueEntry>

export type ErrorCode = keyof typeof ERRORS

/** The detail of every VALIDATION_FAILED problem; its errors say the rest. */
export const VALIDATION_DETAIL: Record<Language, string> = { zh: '请求中有字段不符合要求，详见 errors', en: 'Some fields of the request break the rules; see errors' }

const SLUGS = Object.fromEntries(Object.keys(ERRORS).map((code) => [code, code.toLowerCase().replace(/_/g, '-')]))

export const PROBLEM_TYPE_PREFIX = 'urn:problem-type:performance-scoring:'

/** A failure the routes raise on purpose; the error handler turns it into a problem document. */
export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: Record<Language, string>,
    readonly errors?: ProblemError[],
  ) {
    super(detail.en)
    this.name = 'ServiceError'
  }
}

export function problem(
  code: ErrorCode,
  language: Language,
  detail: string,
  context: { instance: string; requestId: string },
  errors?: ProblemError[],
): Problem {
  const entry: CatalogueEntry = ERRORS[code]
  return {
    type: `${PROBLEM_TYPE_PREFIX}${SLUGS[code]}`,
    title: entry.title[language],
    status: entry.status,
    detail,
    instance: context.instance,
    code,
    requestId: context.requestId,
    ...(errors ? { errors } : {}),
  }
}
