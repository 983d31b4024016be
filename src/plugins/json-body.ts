import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import secureJson from 'secure-json-parse'
import { ServiceError } from '../errors.js'
import { quoteOutOfContractNumbers } from './json-numbers.js'

/**
 * JSON is the only body the service reads. Fastify's own parser reports every failure, a
 * `__proto__` key included, as the same "not valid JSON"; this one says what is wrong, and
 * text/plain (parsed by Fastify by default) is no longer accepted.
 */
async function jsonBody(app: FastifyInstance): Promise<void> {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    // The body is read as UTF-8; a body declared in another charset would be read wrongly.
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(String(request.headers['content-type']))?.[1]!.toLowerCase()
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      done(new ServiceError('UNSUPPORTED_MEDIA_TYPE', { zh: `只接受 UTF-8 编码的 JSON，收到 charset=${charset.slice(0, 40)}`, en: `Only UTF-8 JSON is accepted, not charset=${charset.slice(0, 40)}` }), undefined)
      return
    }
    const text = body as string
    if (text.trim() === '') {
      done(new ServiceError('MALFORMED_JSON', { zh: '请求体为空', en: 'The body is empty' }), undefined)
      return
    }
    try {
      done(null, secureJson.parse(quoteOutOfContractNumbers(text), undefined, { protoAction: 'error', constructorAction: 'error' }))
    } catch (error) {
      const reason = (error as Error).message.slice(0, 200)
      const forbidden = /forbidden/.test(reason)
      done(
        new ServiceError('MALFORMED_JSON', {
          zh: forbidden ? '请求体含有被禁止的键 __proto__ 或 constructor.prototype' : `请求体不是合法的 JSON：${reason}`,
          en: forbidden ? 'The body has a forbidden key: __proto__ or constructor.prototype' : `The body is not valid JSON: ${reason}`,
        }),
        undefined,
      )
    }
  })
}

export default fp(jsonBody, { name: 'json-body' })
