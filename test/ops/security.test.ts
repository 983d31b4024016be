import t from 'tap'
import { build, seedRequest } from '../helper.js'

t.test('security headers on every answer: JSON, problems, the explorer', async (t) => {
  const app = await build(t)
  for (const url of ['/v1/rubrics', '/nowhere', '/docs', '/openapi.json', '/health/live']) {
    const response = await app.inject({ method: 'GET', url })
    t.equal(response.headers['x-content-type-options'], 'nosniff', url)
    t.equal(response.headers['x-frame-options'], 'DENY', url)
    t.equal(response.headers['strict-transport-security'], undefined, `${url}: HSTS is the TLS gateway's`)
    t.equal(response.headers['referrer-policy'], 'no-referrer', url)
    t.match(response.headers['content-security-policy'], /default-src 'self'/, url)
  }
})

t.test('the explorer works under the content security policy', async (t) => {
  const app = await build(t)
  const page = await app.inject({ method: 'GET', url: '/docs' })
  t.equal(page.statusCode, 200)
  const policy = Object.fromEntries(String(page.headers['content-security-policy']).split(';').map((directive) => {
    const [name = '', ...values] = directive.trim().split(/\s+/)
    return [name, values]
  }))
  t.same(policy['script-src'], ["'self'"], 'scripts only from this origin, nothing inline')
  t.same(policy['connect-src'], ["'self'"], '"Try it out" calls this origin')
  t.same(policy['frame-ancestors'], ["'none'"])
  t.notOk('upgrade-insecure-requests' in policy, 'served over plain HTTP, the assets must not be sent to https')
  const scripts = [...page.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)]
  t.ok(scripts.length >= 3)
  for (const [, attributes = '', content = ''] of scripts) {
    t.equal(content.trim(), '', 'no inline script')
    const src = /src="([^"]+)"/.exec(attributes)?.[1]
    t.match(src, /^(\.\/|\/docs\/)static\//, 'a script from this origin')
    const asset = await app.inject({ method: 'GET', url: new URL(src!, 'http://service/docs/').pathname })
    t.equal(asset.statusCode, 200, `${src} is served`)
  }
  t.notMatch(page.body, /\son[a-z]+=/i, 'no inline event handlers')
  for (const [, href = ''] of page.body.matchAll(/<link[^>]*href="([^"]+)"/g))
    t.notMatch(href, /^(https?:)?\/\//, `${href} is from this origin`)
})

t.test('DOCS_ENABLED=false: no explorer, the OpenAPI document stays', async (t) => {
  const withDocs = await build(t)
  const app = await build(t, { docs: false })
  for (const url of ['/docs', '/docs/static/swagger-initializer.js', '/docs/json']) {
    const response = await app.inject({ method: 'GET', url })
    t.equal(response.statusCode, 404, url)
    t.match(response.json(), { code: 'ROUTE_NOT_FOUND' })
  }
  const document = await app.inject({ method: 'GET', url: '/openapi.json' })
  t.equal(document.statusCode, 200)
  t.same(document.json(), (await withDocs.inject({ method: 'GET', url: '/openapi.json' })).json())
})

t.test('CORS is off by default', async (t) => {
  const app = await build(t)
  const response = await app.inject({
    method: 'GET',
    url: '/v1/rubrics',
    headers: { origin: 'https://finance.example.gov.cn' },
  })
  t.equal(response.statusCode, 200)
  t.equal(response.headers['access-control-allow-origin'], undefined)
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/v1/evaluations',
    headers: { origin: 'https://finance.example.gov.cn', 'access-control-request-method': 'POST' },
  })
  t.equal(preflight.statusCode, 404)
  t.equal(preflight.headers['access-control-allow-origin'], undefined)
})

t.test('CORS_ORIGINS: the listed origins, and only those, may call from a browser', async (t) => {
  const app = await build(t, { corsOrigins: ['https://finance.example.gov.cn', 'http://localhost:5173'] })
  const allowed = await app.inject({
    method: 'POST',
    url: '/v1/evaluations',
    headers: { origin: 'http://localhost:5173', 'x-request-id': 'ui-1' },
    payload: seedRequest(),
  })
  t.equal(allowed.statusCode, 200)
  t.equal(allowed.headers['access-control-allow-origin'], 'http://localhost:5173')
  t.equal(allowed.headers.vary, 'Origin, Accept, Accept-Language', 'a cache keeps answers to different origins apart')
  t.match(allowed.headers['access-control-expose-headers'], /x-request-id/, 'the browser may read the request id')
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/v1/evaluations',
    headers: {
      origin: 'https://finance.example.gov.cn',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type, accept-language',
    },
  })
  t.equal(preflight.statusCode, 204)
  t.equal(preflight.headers['access-control-allow-origin'], 'https://finance.example.gov.cn')
  t.equal(preflight.headers['access-control-allow-methods'], 'GET, POST')
  t.match(preflight.headers['access-control-allow-headers'], /content-type/)
  const other = await app.inject({ method: 'GET', url: '/v1/rubrics', headers: { origin: 'https://evil.example' } })
  t.equal(other.headers['access-control-allow-origin'], undefined)

  const any = await build(t, { corsOrigins: ['*'] })
  const fromAnyone = await any.inject({
    method: 'GET',
    url: '/v1/rubrics',
    headers: { origin: 'https://anyone.example' },
  })
  t.equal(fromAnyone.headers['access-control-allow-origin'], '*')
  t.equal(fromAnyone.headers.vary, undefined, 'the same answer for every origin: no Vary: Origin')
})
