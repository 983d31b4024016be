import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { pickLanguage, type Language } from '../core/language.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The answer's language, from Accept-Language: explanations, messages, problems and labels. */
    language: Language
  }
}

/** Sets `request.language` from the request's Accept-Language header. */
export function resolveLanguage(request: FastifyRequest): Language {
  request.language = pickLanguage(request.headers['accept-language'])
  return request.language
}

/** The language is picked once per request, before any other hook, and read everywhere after. */
async function language(app: FastifyInstance): Promise<void> {
  app.decorateRequest('language', 'zh')
  // Every request passes its hooks: callbacks, where an async function would make a promise each.
  app.addHook('onRequest', (request, _reply, done) => {
    resolveLanguage(request)
    done()
  })
}

export default fp(language, { name: 'language' })
