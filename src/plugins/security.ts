import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { IncomingMessage, ServerResponse } from 'node:http'
import helmet, { type HelmetOptions } from 'helmet'
import cors from '@fastify/cors'

export interface SecurityOptions {
  /** Origins allowed to call the API from a browser (`*` for any); CORS is off when empty. */
  readonly corsOrigins?: readonly string[]
}

/**
 * The content security policy is the strictest under which the explorer at /docs still works:
 * Swagger UI loads its scripts and styles from /docs/static (no inline script), draws icons from
 * data: URIs, sets inline styles, and "Try it out" calls this same origin. There is no
 * upgrade-insecure-requests: the service speaks plain HTTP and TLS is the gateway's business;
 * served over http, the directive would send the explorer's own assets to an https port that
 * does not exist. For the same reason there is no Strict-Transport-Security: HSTS (with helmet's
 * includeSubDomains) is the TLS-terminating gateway's to set for its domain, not one backend's.
 * Framing is refused outright, by X-Frame-Options DENY as by frame-ancestors 'none'.
 */
const HELMET: HelmetOptions = {
  strictTransportSecurity: false,
  xFrameOptions: { action: 'deny' },
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
}

/**
 * The headers helmet sets, worked out once. @fastify/helmet builds a new helmet middleware (and
 * parses the policy again) for every request; these headers depend on nothing in the request, so
 * they are copied instead.
 */
function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {}
  const response = {
    setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  }
  helmet(HELMET)({} as IncomingMessage, response as unknown as ServerResponse, () => {})
  return headers
}

/** Security headers on every answer, and CORS only for the origins the operator lists. */
async function security(app: FastifyInstance, { corsOrigins = [] }: SecurityOptions): Promise<void> {
  const headers = securityHeaders()
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers)
    done()
  })
  if (corsOrigins.length === 0) return
  await app.register(cors, {
    origin: corsOrigins.includes('*') ? '*' : [...corsOrigins],
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'accept-language', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'content-language'],
    maxAge: 600,
  })
}

export default fp(security, { name: 'security' })
