import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import helmet from '@fastify/helmet'
import cors from '@fastify/cors'

export interface SecurityOptions {
  /** Origins allowed to call the API from a browser (`*` for any); CORS is off when empty. */
  readonly corsOrigins?: readonly string[]
}

/**
 * Security headers on every answer, and CORS only for the origins the operator lists. The
 * content security policy is the strictest under which the explorer at /docs still works: Swagger
 * UI loads its scripts and styles from /docs/static (no inline script), draws icons from data:
 * URIs, sets inline styles, and "Try it out" calls this same origin. There is no
 * upgrade-insecure-requests: the service speaks plain HTTP and TLS is the gateway's business;
 * served over http, the directive would send the explorer's own assets to an https port that
 * does not exist.
 */
async function security(app: FastifyInstance, { corsOrigins = [] }: SecurityOptions): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  })
  if (corsOrigins.length === 0) return
  await app.register(cors, {
    origin: corsOrigins.includes('*') ? '*' : [...corsOrigins],
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'accept-language', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'content-language'],
    maxAge: 600,
  })
  // A route that sets Vary itself (POST /v1/evaluations: Accept, Accept-Language) replaces the Origin
  // that CORS put there, and a shared cache could then hand one origin's answer to another.
  app.addHook('onSend', async (_request, reply, payload) => {
    const vary = String(reply.getHeader('vary') ?? '')
    if (!/(^|,)\s*origin\s*(,|$)/i.test(vary)) reply.header('vary', vary ? `${vary}, Origin` : 'Origin')
    return payload
  })
}

export default fp(security, { name: 'security' })
