import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import { ServiceError, problem, serviceError } from '../errors.js'
import { schemaErrors } from '../validation/schema-errors.js'
import { withCells } from '../xlsx/cells.js'
import language, { resolveLanguage } from './language.js'

/** Fastify's own client errors, by their codes, as entries of our catalogue. */
const FASTIFY_CODES: Record<string, 'UNSUPPORTED_MEDIA_TYPE' | 'BODY_TOO_LARGE'> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
}

/** Answers with the problem document of an error, in the request's language. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: ServiceError): FastifyReply {
  const body = problem(error, request.language, { instance: request.url.split('?')[0]!, requestId: request.id })
  // A workbook upload's problems name the cell of each pointer.
  if (request.workbookCells && body.errors) body.errors = withCells(body.errors, request.workbookCells)
  return reply.code(body.status).type('application/problem+json; charset=utf-8').send(body)
}

/**
 * Errors Fastify raises before a route is found (Fastify's `frameworkErrors` option): a path that
 * cannot be decoded, and a path parameter over maxParamLength. Problems like every other.
 */
export function frameworkProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  // No hook has run yet: the language is picked here.
  resolveLanguage(request)
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return sendProblem(request, reply, serviceError('ROUTE_NOT_FOUND', { longSegment: true }))
  }
  return sendProblem(request, reply, serviceError('BAD_REQUEST', { percentEncoding: true }))
}

const CLIENT_ERRORS: Record<string, ServiceError> = {
  ERR_HTTP_REQUEST_TIMEOUT: serviceError('REQUEST_TIMEOUT', {}),
  HPE_HEADER_OVERFLOW: serviceError('HEADERS_TOO_LARGE', {}),
}
const UNPARSABLE = serviceError('BAD_REQUEST', { unparsable: true })

/**
 * What a client hears when Node refuses its request before there is one (Fastify's
 * `clientErrorHandler`): too slow to arrive, headers too large, or not HTTP. Still a problem
 * document, in both languages (no Accept-Language was read), its instance the occurrence's id.
 */
export function clientErrorProblem(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  // A connection reset or already closed has no one left to answer.
  /* c8 ignore next */
  if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy()
  const refusal = CLIENT_ERRORS[String(error.code)] ?? UNPARSABLE
  const requestId = crypto.randomUUID()
  this.log.info({ requestId, code: refusal.code, cause: error.code }, 'client error')
  const document = problem(refusal, 'zh', { instance: `urn:uuid:${requestId}`, requestId })
  const body = JSON.stringify({ ...document, detail: `${refusal.detail.zh} / ${refusal.detail.en}` })
  const head = [
    `HTTP/1.1 ${document.status} ${STATUS_CODES[document.status]}`,
    'Content-Type: application/problem+json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ]
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`)
}

/** A failure Fastify or a bug raised, as an error of the catalogue. */
function fromFastify(error: FastifyError, request: FastifyRequest): ServiceError {
  if (error.validation) {
    // A query or path parameter is named by its pointer into the query or the parameters.
    const context = (error as FastifyError & { validationContext?: string }).validationContext
    const source = context === 'querystring' ? request.query : context === 'params' ? request.params : request.body
    return serviceError('VALIDATION_FAILED', {}, schemaErrors(error.validation, source, request.language))
  }
  const known = error.code ? FASTIFY_CODES[error.code] : undefined
  if (known) return serviceError(known, {})
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return serviceError('BAD_REQUEST', { message: error.message.slice(0, 200) })
  }
  request.log.error({ err: error }, 'request failed')
  return serviceError('INTERNAL', {})
}

/**
 * One error handler for the whole service: every failure leaves as an RFC 9457 problem document
 * from the catalogue, and no stack trace or internal message ever leaves.
 */
async function problems(app: FastifyInstance): Promise<void> {
  await app.register(language)
  app.setErrorHandler((error: FastifyError, request, reply) => {
    return sendProblem(request, reply, error instanceof ServiceError ? error : fromFastify(error, request))
  })

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]
    return sendProblem(request, reply, serviceError('ROUTE_NOT_FOUND', { method: request.method, path }))
  })
}

export default fp(problems, { name: 'problems' })
