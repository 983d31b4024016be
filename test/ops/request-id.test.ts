import t from 'tap'
import Fastify from 'fastify'
import app from '../../src/app.js'
import { serverOptions } from '../../src/server-options.js'
import { build, seedRequest } from '../helper.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

t.test('a safe x-request-id from the gateway is kept and echoed, on every kind of answer', async (t) => {
  const server = await build(t)
  const answers = [
    await server.inject({ method: 'GET', url: '/v1/rubrics', headers: { 'x-request-id': 'gw-123.abc_9' } }),
    await server.inject({
      method: 'POST',
      url: '/v1/evaluations',
      headers: { 'x-request-id': 'gw-123.abc_9' },
      payload: seedRequest(),
    }),
    await server.inject({ method: 'GET', url: '/nowhere', headers: { 'x-request-id': 'gw-123.abc_9' } }),
    await server.inject({
      method: 'POST',
      url: '/v1/evaluations',
      headers: { 'x-request-id': 'gw-123.abc_9' },
      payload: { department: 5 },
    }),
    await server.inject({ method: 'GET', url: '/health/ready', headers: { 'x-request-id': 'gw-123.abc_9' } }),
  ]
  t.same(
    answers.map((answer) => answer.statusCode),
    [200, 200, 404, 400, 200],
  )
  for (const answer of answers) t.equal(answer.headers['x-request-id'], 'gw-123.abc_9')
  t.equal(answers[2]!.json().requestId, 'gw-123.abc_9', 'and named in the problem document')
  const longest = 'a'.repeat(64)
  t.equal(
    (await server.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': longest } })).headers[
      'x-request-id'
    ],
    longest,
  )
})

t.test('an unsafe or absent x-request-id is replaced by a generated one, which is echoed', async (t) => {
  const server = await build(t)
  const seen = new Set<string>()
  for (const header of ['a b<script>', 'a'.repeat(65), 'ümlaut', 'a/b', '', 'id;drop', undefined]) {
    const answer = await server.inject({
      method: 'GET',
      url: '/nowhere',
      headers: header === undefined ? {} : { 'x-request-id': header },
    })
    const id = answer.headers['x-request-id'] as string
    t.match(id, UUID, JSON.stringify(header))
    t.equal(answer.json().requestId, id, 'the problem document names the same id')
    seen.add(id)
  }
  t.equal(seen.size, 7, 'a new id for each request')
  const twice = await server.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': ['one', 'two'] } })
  t.match(twice.headers['x-request-id'], UUID, 'two headers are not one safe id')
})

t.test('every log line of a request carries its id (pino reqId)', async (t) => {
  const lines: Record<string, unknown>[] = []
  const server = Fastify(
    serverOptions({ level: 'info', stream: { write: (line: string) => lines.push(JSON.parse(line)) } }),
  )
  await server.register(app)
  server.get('/test/boom', async () => {
    throw new Error('boom')
  })
  t.teardown(() => server.close())
  await server.inject({
    method: 'POST',
    url: '/v1/evaluations',
    headers: { 'x-request-id': 'trace-42' },
    payload: seedRequest(),
  })
  await server.inject({ method: 'GET', url: '/test/boom', headers: { 'x-request-id': 'trace-43' } })
  const ofRequests = lines.filter((line) => 'req' in line || 'res' in line || 'err' in line)
  t.same(
    ofRequests.map((line) => line.msg),
    ['incoming request', 'request completed', 'incoming request', 'request failed', 'request completed'],
  )
  t.same(
    ofRequests.map((line) => line.reqId),
    ['trace-42', 'trace-42', 'trace-43', 'trace-43', 'trace-43'],
  )
})
