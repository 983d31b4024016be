import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import secureJson from 'secure-json-parse'
import { serviceError } from '../errors.js'
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
      done(serviceError('UNSUPPORTED_MEDIA_TYPE', { charset }), undefined)
      return
    }
    const text = body as string
    if (text.trim() === '') {
      done(serviceError('MALFORMED_JSON', { empty: true }), undefined)
      return
    }
    try {
      done(
        null,
        secureJson.parse(quoteOutOfContractNumbers(text), undefined, {
          protoAction: 'error',
          constructorAction: 'error',
        }),
      )
    } catch (error) {
      const reason = (error as Error).message.slice(0, 200)
      done(serviceError('MALFORMED_JSON', /forbidden/.test(reason) ? { forbiddenKey: true } : { reason }), undefined)
    }
  })
}

export default fp(jsonBody, { name: 'json-body' })
