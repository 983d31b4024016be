import t from 'tap'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import Fastify from 'fastify'
import app from '../../src/app.js'
import { MAX_CLIENTS, authenticate, keyHash, parseApiKeys } from '../../src/api-keys.js'
import { parseConfig } from '../../src/config.js'
import { serverOptions } from '../../src/server-options.js'
import { seedRequest } from '../helper.js'

// The file lists each key's SHA-256 in hex, as `printf %s KEY | sha256sum` prints it.
const KEY_A = 'platform-a-key'
const KEY_B = 'platform-b-key'
const HASH_A = keyHash(KEY_A).toString('hex')
const HASH_B = keyHash(KEY_B).toString('hex')
const FILE = `# clients of the scoring service\n\nplatform-a ${HASH_A}\n  platform-b   ${HASH_B.toUpperCase()}  \n`

t.test('the keys file: one client a line, comments and blank lines ignored', async (t) => {
  t.equal(HASH_A, 'b3e8f4a1dab27bcb817ec2dbe392e4d85af6559ae90902eb02da8a85b5e53834', '`printf %s platform-a-key | sha256sum`')
  const parsed = parseApiKeys(FILE)
  t.same('clients' in parsed && parsed.clients.map((client) => client.name), ['platform-a', 'platform-b'])
  t.same(parseApiKeys(`a ${HASH_A}\r\nb ${HASH_B}\r\n`), parseApiKeys(`a ${HASH_A}\nb ${HASH_B}`), 'CRLF too')
})

t.test('a wrong line is named by its number, and why', async (t) => {
  const cases: [string, string][] = [
    [`a ${HASH_A}\n\nb\n`, 'line 3: must be a client name and the SHA-256 of its key in hex, separated by a space'],
    [`a ${HASH_A} extra`, 'line 1: must be a client name and the SHA-256 of its key in hex, separated by a space'],
    [`# x\nplatform/a ${HASH_A}`, 'line 2: a client name is 1 to 64 letters, digits, dots, underscores or hyphens'],
    [`a ${HASH_A.slice(1)}`, "line 1: the key's SHA-256 must be 64 hexadecimal digits"],
    [`a secret-key-in-clear`, "line 1: the key's SHA-256 must be 64 hexadecimal digits"],
    [`a ${HASH_A}\na ${HASH_B}`, 'line 2: the client a is listed twice'],
    [`a ${HASH_A}\nb ${HASH_A}`, 'line 2: two clients have the same key'],
    ['# nobody\n\n', 'lists no client: every request would be refused'],
  ]
  for (const [text, reason] of cases) t.same(parseApiKeys(text), { reason }, reason)
  const many = Array.from({ length: MAX_CLIENTS + 1 }, (_, i) => `c${i} ${keyHash(`k${i}`).toString('hex')}`)
  t.same(parseApiKeys(many.join('\n')), { reason: `lists ${MAX_CLIENTS + 1} clients; at most ${MAX_CLIENTS}` })
})

t.test('a bearer key is matched against every client', async (t) => {
  const parsed = parseApiKeys(FILE) as { clients: never[] }
  t.equal(authenticate(`Bearer ${KEY_A}`, parsed.clients), 'platform-a')
  t.equal(authenticate(`bearer  ${KEY_B} `, parsed.clients), 'platform-b', 'the scheme in any case')
  t.equal(authenticate('Bearer wrong', parsed.clients), undefined)
  t.equal(authenticate(undefined, parsed.clients), null)
  t.equal(authenticate(`Basic ${KEY_A}`, parsed.clients), null, 'only a bearer key')
  t.equal(authenticate('Bearer ', parsed.clients), null)
})

t.test('API_KEYS_FILE is read at start-up; a wrong file is refused like any variable', async (t) => {
  const directory = mkdtempSync(join(tmpdir(), 'api-keys-'))
  const good = join(directory, 'good')
  const bad = join(directory, 'bad')
  writeFileSync(good, FILE)
  writeFileSync(bad, `platform-a ${HASH_A}\n# the next one is wrong\nplatform-b\n`)
  const read = parseConfig({ API_KEYS_FILE: good })
  t.same(read.ok && read.config.apiKeys?.map((client) => client.name), ['platform-a', 'platform-b'])
  t.same(parseConfig({ API_KEYS_FILE: bad }), {
    ok: false,
    problems: [{
      variable: 'API_KEYS_FILE',
      value: bad,
      reason: 'line 3: must be a client name and the SHA-256 of its key in hex, separated by a space',
    }],
  })
  t.same(parseConfig({ API_KEYS_FILE: join(directory, 'absent') }), {
    ok: false,
    problems: [{ variable: 'API_KEYS_FILE', value: join(directory, 'absent'), reason: 'cannot be read (ENOENT)' }],
  })
})

/** The app with a logger whose JSON lines the test reads. */
async function logged(t: { teardown(fn: () => unknown): void }, apiKeys: ReturnType<typeof parseApiKeys> | null) {
  const lines: Record<string, any>[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)))
      done()
    },
  })
  const server = Fastify(serverOptions({ level: 'info', stream }))
  await server.register(app, { apiKeys: apiKeys && 'clients' in apiKeys ? apiKeys.clients : null })
  await server.ready()
  t.teardown(() => server.close())
  return { server, lines }
}

t.test('with API keys: no key or a wrong one is a 401 problem; the right one is served and named', async (t) => {
  const { server, lines } = await logged(t, parseApiKeys(FILE))
  t.match(lines, [{ level: 30, clients: 2, msg: 'API keys required on /v1/*' }])

  const none = await server.inject({ method: 'POST', url: '/v1/evaluations', payload: seedRequest() })
  t.equal(none.statusCode, 401)
  t.equal(none.headers['www-authenticate'], 'Bearer realm="performance-scoring"')
  t.match(none.headers['content-type'], /^application\/problem\+json/)
  t.match(none.json(), { code: 'UNAUTHENTICATED', status: 401, detail: '请以 Authorization: Bearer <API 密钥> 发送请求' })

  const wrong = await server.inject({
    method: 'GET',
    url: '/v1/rubrics',
    headers: { authorization: 'Bearer not-a-key', 'accept-language': 'en' },
  })
  t.equal(wrong.statusCode, 401)
  t.equal(wrong.headers['www-authenticate'], 'Bearer realm="performance-scoring", error="invalid_token"')
  t.match(wrong.json(), { code: 'UNAUTHENTICATED', detail: 'The API key is not valid' })

  const unknownPath = await server.inject({ method: 'GET', url: '/v1/nowhere' })
  t.equal(unknownPath.statusCode, 401, 'a /v1 path that matches no route needs a key too')
  const refusedBody = await server.inject({ method: 'POST', url: '/v1/evaluations', payload: '{' })
  t.equal(refusedBody.statusCode, 401, 'refused before the body is read')

  const right = await server.inject({
    method: 'POST',
    url: '/v1/evaluations?view=scores',
    headers: { authorization: `Bearer ${KEY_A}`, 'x-request-id': 'keyed-1' },
    payload: seedRequest(),
  })
  t.equal(right.statusCode, 200)
  t.equal(right.json().totalScore, '90.80')
  t.match(lines.find((line) => line.reqId === 'keyed-1' && line.msg === 'request completed'), {
    client: 'platform-a',
    res: { statusCode: 200 },
  })
  const text = JSON.stringify(lines)
  t.notMatch(text, KEY_A, 'the key is never logged')
  t.notMatch(text, 'not-a-key', 'nor a wrong one')

  for (const url of ['/health/live', '/health/ready', '/metrics', '/openapi.json', '/docs']) {
    t.equal((await server.inject({ method: 'GET', url })).statusCode, 200, `${url} needs no key`)
  }
  const metrics = (await server.inject({ method: 'GET', url: '/metrics' })).body
  t.match(metrics, 'http_requests_total{method="POST",route="/v1/evaluations",status_code="200",client="platform-a"} 1')
  t.match(metrics, 'http_requests_total{method="POST",route="/v1/evaluations",status_code="401",client="anonymous"} 2')
  t.match(metrics, 'http_requests_total{method="GET",route="/v1/rubrics",status_code="401",client="anonymous"} 1')
})

t.test('without API keys the service is open, and says so once at start-up', async (t) => {
  const { server, lines } = await logged(t, null)
  const open = lines.filter((line) => /API_KEYS_FILE is not set/.test(line.msg))
  t.match(open, [{ level: 40, msg: 'API_KEYS_FILE is not set: /v1/* answers every caller, with no API key' }])
  const answer = await server.inject({ method: 'GET', url: '/v1/rubrics', headers: { authorization: 'Bearer x' } })
  t.equal(answer.statusCode, 200, 'any Authorization header is ignored')
  t.equal(lines.filter((line) => /API_KEYS_FILE/.test(line.msg)).length, 1)
})
