import t from 'tap'
import Fastify from 'fastify'
import { connect, type AddressInfo } from 'node:net'
import problems from '../../src/plugins/problems.js'
import { ServiceError } from '../../src/errors.js'
import { serverOptions } from '../../src/server-options.js'
import { build, seedRequest } from '../helper.js'

const json = { 'content-type': 'application/json' }

t.test('malformed JSON is a 400 problem that says what is wrong', async (t) => {
  const app = await build(t)
  const response = await app.inject({
    method: 'POST',
    url: '/v1/evaluations',
    headers: json,
    payload: '{"department": ',
  })
  t.equal(response.statusCode, 400)
  t.match(response.headers['content-type'], /^application\/problem\+json/)
  t.match(response.json(), { code: 'MALFORMED_JSON', status: 400, detail: /^请求体不是合法的 JSON：/ })
  const empty = await app.inject({ method: 'POST', url: '/v1/evaluations', headers: json, payload: '  ' })
  t.match(empty.json(), { code: 'MALFORMED_JSON', detail: '请求体为空' })
})

t.test('__proto__ and constructor.prototype keys are refused', async (t) => {
  const app = await build(t)
  for (const payload of [
    '{"__proto__": {"polluted": true}}',
    '{"department": {"constructor": {"prototype": {"polluted": true}}}}',
  ]) {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/evaluations',
      headers: { ...json, 'accept-language': 'en' },
      payload,
    })
    t.equal(response.statusCode, 400)
    t.match(response.json(), {
      code: 'MALFORMED_JSON',
      detail: 'The body has a forbidden key: __proto__ or constructor.prototype',
    })
  }
  t.equal(({} as Record<string, unknown>).polluted, undefined)
})

t.test('only JSON is accepted: other content types are 415', async (t) => {
  const app = await build(t)
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/evaluations',
      headers: { 'content-type': type },
      payload: JSON.stringify(seedRequest()),
    })
    t.equal(response.statusCode, 415, type)
    t.match(response.json(), { code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 }, type)
  }
  const missing = await app.inject({
    method: 'POST',
    url: '/v1/evaluations',
    payload: Buffer.from(JSON.stringify(seedRequest())),
  })
  t.equal(missing.statusCode, 415, 'no content type at all')
  const withCharset = await app.inject({
    method: 'POST',
    url: '/v1/evaluations',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    payload: JSON.stringify(seedRequest()),
  })
  t.equal(withCharset.statusCode, 200, 'application/json with a charset')
  const utf16 = await app.inject({
    method: 'POST',
    url: '/v1/evaluations',
    headers: { 'content-type': 'application/json; charset=UTF-16' },
    payload: JSON.stringify(seedRequest()),
  })
  t.match(utf16.json(), {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    detail: '只接受 UTF-8 编码的 JSON，收到 charset=utf-16',
  })
})

t.test('odd spellings of the JSON content type never slip past the schema', async (t) => {
  // Fastify 5 had advisories about content types that reached a route unvalidated.
  const app = await build(t)
  const invalid = '{"department": 5, "fiscalYear": "2021"}'
  for (const type of [
    'application/json\t; charset=utf-8',
    ' application/json',
    'application/json;',
    'APPLICATION/JSON',
    'Application/Json ; Charset="UTF-8"',
  ]) {
    const refused = await app.inject({
      method: 'POST',
      url: '/v1/evaluations',
      headers: { 'content-type': type },
      payload: invalid,
    })
    t.equal(refused.statusCode, 400, `${JSON.stringify(type)}: validated`)
    t.match(refused.json(), {
      code: 'VALIDATION_FAILED',
      errors: [{ pointer: '/department' }, { pointer: '/fiscalYear' }],
    })
    const scored = await app.inject({
      method: 'POST',
      url: '/v1/evaluations',
      headers: { 'content-type': type },
      payload: JSON.stringify(seedRequest()),
    })
    t.equal(scored.json().totalScore, '90.80', `${JSON.stringify(type)}: scored`)
  }
  for (const type of [
    'application/jsonx',
    'application/json-patch+json',
    'text/json',
    'application/json, text/plain',
  ]) {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/evaluations',
      headers: { 'content-type': type },
      payload: invalid,
    })
    t.equal(response.statusCode, 415, `${JSON.stringify(type)}: refused`)
  }
})

t.test('a body over 1 MiB is a 413 problem', async (t) => {
  const app = await build(t)
  const request = { ...seedRequest(), padding: 'x'.repeat(1024 * 1024) }
  const response = await app.inject({
    method: 'POST',
    url: '/v1/evaluations',
    headers: json,
    payload: JSON.stringify(request),
  })
  t.equal(response.statusCode, 413)
  t.match(response.json(), { code: 'BODY_TOO_LARGE', status: 413 })
})

t.test('unknown routes and methods are 404 problems', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'GET', url: '/v1/evaluation?x=1' })
  t.equal(response.statusCode, 404)
  t.match(response.json(), {
    code: 'ROUTE_NOT_FOUND',
    instance: '/v1/evaluation',
    detail: '没有 GET /v1/evaluation 这个接口，见 /docs',
  })
  const method = await app.inject({ method: 'DELETE', url: '/v1/rubrics', headers: { 'accept-language': 'en' } })
  t.match(method.json(), { code: 'ROUTE_NOT_FOUND', detail: 'There is no DELETE /v1/rubrics; see /docs' })
})

t.test('a path Fastify cannot route (bad percent-encoding, an over-long segment) is a problem too', async (t) => {
  const app = await build(t)
  for (const url of ['/v1/rubrics/%ZZ', '/v1/rubrics/%E0%A4%A']) {
    const response = await app.inject({
      method: 'GET',
      url,
      headers: { 'accept-language': 'en', 'x-request-id': 'gw-7' },
    })
    t.equal(response.statusCode, 400, url)
    t.match(response.headers['content-type'], /^application\/problem\+json/)
    t.match(response.json(), {
      code: 'BAD_REQUEST',
      instance: url,
      requestId: 'gw-7',
      detail: 'The path holds invalid percent-encoding (it must be %XX sequences of UTF-8)',
    })
  }
  const long = await app.inject({ method: 'GET', url: `/v1/rubrics/${'a'.repeat(101)}` })
  t.equal(long.statusCode, 404)
  t.match(long.json(), { code: 'ROUTE_NOT_FOUND', detail: '地址中的某一段超过 100 个字符，没有这样的接口或评价体系' })
})

t.test('a request id from the gateway is kept when safe, replaced otherwise', async (t) => {
  const app = await build(t)
  const kept = await app.inject({ method: 'GET', url: '/nowhere', headers: { 'x-request-id': 'gw-123.abc_9' } })
  t.equal(kept.json().requestId, 'gw-123.abc_9')
  const replaced = await app.inject({ method: 'GET', url: '/nowhere', headers: { 'x-request-id': 'a b<script>' } })
  t.match(replaced.json().requestId, /^[0-9a-f-]{36}$/)
})

t.test('an unexpected failure is a 500 problem with no internal detail', async (t) => {
  const logs: string[] = []
  const app = Fastify({ logger: { level: 'error', stream: { write: (line: string) => logs.push(line) } } })
  await app.register(problems)
  app.get('/boom', async () => {
    throw new Error('secret internal detail at /srv/app.js:12')
  })
  app.get('/teapot', async () => {
    throw Object.assign(new Error('I am a teapot'), { statusCode: 418 })
  })
  app.get('/service', async () => {
    throw new ServiceError('RUBRIC_NOT_FOUND', { zh: '没有', en: 'none' })
  })
  t.teardown(() => app.close())
  const response = await app.inject({ method: 'GET', url: '/boom' })
  t.equal(response.statusCode, 500)
  t.match(response.json(), { code: 'INTERNAL', status: 500, title: '服务内部错误' })
  t.notMatch(response.body, /secret|srv|stack/)
  t.match(logs.join(''), /secret internal detail/, 'the cause is logged for operators')
  const teapot = await app.inject({ method: 'GET', url: '/teapot' })
  t.match(teapot.json(), { code: 'BAD_REQUEST', status: 400 }, 'other client errors map onto the catalogue')
  t.match((await app.inject({ method: 'GET', url: '/service' })).json(), {
    code: 'RUBRIC_NOT_FOUND',
    status: 404,
    detail: '没有',
  })
})

/** Sends raw bytes to a listening app and reads until the server closes the connection. */
async function rawExchange(
  port: number,
  bytes: string,
): Promise<{ status: number; headers: string; body: string; ms: number }> {
  const started = Date.now()
  const socket = connect(port, '127.0.0.1')
  let text = ''
  socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
  socket.write(bytes)
  await new Promise((resolve) => socket.on('close', resolve))
  const [headers = '', body = ''] = text.split('\r\n\r\n')
  return { status: Number(headers.split(' ')[1]), headers, body, ms: Date.now() - started }
}

t.test(
  'what Node refuses before there is a request (too slow, headers too large, not HTTP) is a problem too',
  async (t) => {
    const app = Fastify(serverOptions(false, { requestTimeout: 1000 }))
    await app.register(problems)
    app.post('/', async () => 'ok')
    await app.listen({ port: 0, host: '127.0.0.1' })
    t.teardown(() => app.close())
    const { port } = app.server.address() as AddressInfo
    // REQUEST_TIMEOUT 1000 ms (the least allowed): Node checks every 250 ms, so the 408 comes within 1.25 s.
    const slow = await rawExchange(
      port,
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{"a"',
    )
    t.equal(slow.status, 408)
    t.ok(slow.ms >= 900 && slow.ms < 5000, `after ${slow.ms} ms`)
    t.match(slow.headers, /content-type: application\/problem\+json; charset=utf-8/i)
    const timeout = JSON.parse(slow.body)
    t.match(timeout, {
      status: 408,
      code: 'REQUEST_TIMEOUT',
      type: 'urn:problem-type:performance-scoring:request-timeout',
      detail: /REQUEST_TIMEOUT/,
    })
    t.equal(timeout.instance, `urn:uuid:${timeout.requestId}`)
    const large = await rawExchange(port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)
    t.equal(large.status, 431)
    t.match(JSON.parse(large.body), { status: 431, code: 'HEADERS_TOO_LARGE' })
    const garbage = await rawExchange(port, 'HELLO\r\n\r\n')
    t.equal(garbage.status, 400)
    t.match(JSON.parse(garbage.body), { status: 400, code: 'BAD_REQUEST', detail: /could not be parsed/ })
  },
)
