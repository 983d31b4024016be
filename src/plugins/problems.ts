import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { ProblemError } from '../../schemas/problem.js'
import type { Language } from '../engine/explain.js'
import { ERRORS, ServiceError, VALIDATION_DETAIL, problem, type ErrorCode } from '../errors.js'
import { pickLanguage } from '../language.js'
import { schemaErrors } from '../validation/schema-errors.js'

const DETAILS: Partial<Record<ErrorCode, Record<Language, string>>> = {
  VALIDATION_FAILED: VALIDATION_DETAIL,
  UNSUPPORTED_MEDIA_TYPE: { zh: '请以 Content-Type: application/json 发送 JSON', en: 'Send JSON with Content-Type: application/json' },
  BODY_TOO_LARGE: { zh: '请求体超过了本接口的大小上限', en: 'The body exceeds the limit of this route' },
  INTERNAL: { zh: '服务内部出错，请凭 requestId 联系运维', en: 'Something failed inside the service; quote the requestId to its operators' },
}

/** Fastify's own client errors, by their codes, as entries of our catalogue. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  detail: string,
  errors?: ProblemError[],
): FastifyReply {
  const language = pickLanguage(request.headers['accept-language'])
  const body = problem(code, language, detail, { instance: request.url.split('?')[0]!, requestId: request.id }, errors)
  return reply.code(body.status).type('application/problem+json; charset=utf-8').send(body)
}

const BAD_URL = {
  zh: '地址中的百分号编码无效（须为 UTF-8 的 %XX 序列）',
  en: 'The path holds invalid percent-encoding (it must be %XX sequences of UTF-8)',
}
const LONG_SEGMENT = {
  zh: '地址中的某一段超过 100 个字符，没有这样的接口或评价体系',
  en: 'A segment of the path is longer than 100 characters; no route or rubric has such a name',
}

/**
 * Errors Fastify raises before a route is found (Fastify's `frameworkErrors` option): a path that
 * cannot be decoded, and a path parameter over maxParamLength. Problems like every other.
 */
export function frameworkProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const language = pickLanguage(request.headers['accept-language'])
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return sendProblem(request, reply, 'ROUTE_NOT_FOUND', LONG_SEGMENT[language])
  return sendProblem(request, reply, 'BAD_REQUEST', BAD_URL[language])
}

const CLIENT_ERRORS: Record<string, { code: ErrorCode; detail: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { code: 'REQUEST_TIMEOUT', detail: '请求（请求头与请求体）未在 REQUEST_TIMEOUT 之内发送完毕 / The request (headers and body) did not arrive within REQUEST_TIMEOUT' },
  HPE_HEADER_OVERFLOW: { code: 'HEADERS_TOO_LARGE', detail: '请求头超过 16 KiB / The request headers exceed 16 KiB' },
}
const UNPARSABLE = { code: 'BAD_REQUEST', detail: '无法解析的 HTTP 请求 / The HTTP request could not be parsed' } as const

/**
 * What a client hears when Node refuses its request before there is one (Fastify's
 * `clientErrorHandler`): too slow to arrive, headers too large, or not HTTP. Still a problem
 * document, in both languages (no Accept-Language was read), its instance the occurrence's id.
 */
export function clientErrorProblem(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  // A connection reset or already closed has no one left to answer.
  /* c8 ignore next */
  if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy()
  const { code, detail } = CLIENT_ERRORS[String(error.code)] ?? UNPARSABLE
  const requestId = crypto.randomUUID()
  this.log.info({ requestId, code, cause: error.code }, 'client error')
  const body = JSON.stringify(problem(code, 'zh', detail, { instance: `urn:uuid:${requestId}`, requestId }))
  const status = ERRORS[code].status
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
}

function classify(error: FastifyError): ErrorCode {
  if (error.validation) return 'VALIDATION_FAILED'
  const known = error.code ? FASTIFY_CODES[error.code] : undefined
  if (known) return known
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return 'BAD_REQUEST'
  return 'INTERNAL'
}

/**
 * One error handler for the whole service: every failure leaves as an RFC 9457 problem document
 * from the catalogue, and no stack trace or internal message ever leaves.
 */
async function problems(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const language = pickLanguage(request.headers['accept-language'])
    if (error instanceof ServiceError) return sendProblem(request, reply, error.code, error.detail[language], error.errors)
    const code = classify(error)
    if (code === 'INTERNAL') {
      request.log.error({ err: error }, 'request failed')
      return sendProblem(request, reply, code, DETAILS.INTERNAL![language])
    }
    if (code === 'VALIDATION_FAILED') {
      // A query or path parameter is named by its pointer into the query or the parameters.
      const context = (error as FastifyError & { validationContext?: string }).validationContext
      const source = context === 'querystring' ? request.query : context === 'params' ? request.params : request.body
      const errors = schemaErrors(error.validation!, source, language)
      return sendProblem(request, reply, code, DETAILS.VALIDATION_FAILED![language], errors)
    }
    const detail = DETAILS[code]?.[language] ?? error.message.slice(0, 200)
    return sendProblem(request, reply, code, detail)
  })

  app.setNotFoundHandler((request, reply) => {
    const language = pickLanguage(request.headers['accept-language'])
    const detail = language === 'zh' ? `没有 ${request.method} ${request.url.split('?')[0]} 这个接口，见 /docs` : `There is no ${request.method} ${request.url.split('?')[0]}; see /docs`
    return sendProblem(request, reply, 'ROUTE_NOT_FOUND', detail.slice(0, 300))
  })
}

export default fp(problems, { name: 'problems' })
