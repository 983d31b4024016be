import t from 'tap'
import { readFileSync } from 'node:fs'
import Fastify from 'fastify'
import { VARIABLES, describeProblems, parseConfig, type ConfigProblem } from '../../src/config.js'
import { serverOptions } from '../../src/server-options.js'

function problems(env: Record<string, string>): readonly ConfigProblem[] {
  const result = parseConfig(env)
  return result.ok ? [] : result.problems
}

t.test('an empty environment gives the documented defaults', async (t) => {
  t.same(parseConfig({}), {
    ok: true,
    config: {
      port: 3000,
      host: '0.0.0.0',
      logLevel: 'info',
      bodyLimit: 1024 * 1024,
      trustProxy: [],
      docsEnabled: true,
      requestTimeout: 30_000,
      shutdownGraceMs: 10_000,
      corsOrigins: [],
      apiKeys: null,
      memoryBudgetMb: null,
      admissionWaitMs: 1000,
      maxEventLoopDelayMs: 200,
      maxScoringDelayMs: 250,
    },
  })
  t.same(parseConfig({ PORT: '', HOST: '  ', CORS_ORIGINS: '' }), parseConfig({}), 'empty values take the defaults')
})

t.test('every variable is read', async (t) => {
  const result = parseConfig({
    PORT: ' 8080 ',
    HOST: '::',
    LOG_LEVEL: 'debug',
    BODY_LIMIT: '2097152',
    TRUST_PROXY: '10.0.0.0/8, 192.168.1.10 ,fd00::/8,loopback',
    DOCS_ENABLED: 'false',
    REQUEST_TIMEOUT: '15000',
    SHUTDOWN_GRACE_MS: '5000',
    CORS_ORIGINS: 'https://finance.example.gov.cn, http://localhost:5173',
    MEMORY_BUDGET_MB: '384',
    ADMISSION_WAIT_MS: '0',
    MAX_EVENT_LOOP_DELAY_MS: '0',
    MAX_SCORING_DELAY_MS: '2500',
  })
  t.same(result, {
    ok: true,
    config: {
      port: 8080,
      host: '::',
      logLevel: 'debug',
      bodyLimit: 2_097_152,
      trustProxy: ['10.0.0.0/8', '192.168.1.10', 'fd00::/8', 'loopback'],
      docsEnabled: false,
      requestTimeout: 15_000,
      shutdownGraceMs: 5000,
      corsOrigins: ['https://finance.example.gov.cn', 'http://localhost:5173'],
      apiKeys: null,
      memoryBudgetMb: 384,
      admissionWaitMs: 0,
      maxEventLoopDelayMs: 0,
      maxScoringDelayMs: 2500,
    },
  })
  for (const [text, value] of [
    ['1', true],
    ['yes', true],
    ['ON', true],
    ['TRUE', true],
    ['0', false],
    ['no', false],
    ['off', false],
  ] as const) {
    t.match(parseConfig({ DOCS_ENABLED: text }), { ok: true, config: { docsEnabled: value } }, `DOCS_ENABLED=${text}`)
  }
  t.match(parseConfig({ CORS_ORIGINS: '*' }), { ok: true, config: { corsOrigins: ['*'] } })
})

t.test('a wrong value is refused with the variable, the value and the reason', async (t) => {
  const cases: [string, string, RegExp][] = [
    ['PORT', '70000', /whole number of a port from 0 to 65535/],
    ['PORT', '-1', /whole number/],
    ['PORT', '3000.5', /whole number/],
    ['PORT', '1e3', /whole number/],
    ['PORT', 'http', /whole number/],
    ['HOST', 'local host', /IP address or a host name/],
    ['LOG_LEVEL', 'verbose', /one of fatal, error, warn, info, debug, trace, silent/],
    ['BODY_LIMIT', '1mb', /bytes from 1024 to 104857600/],
    ['BODY_LIMIT', '512', /bytes from 1024/],
    ['TRUST_PROXY', '1', /hop count is not supported/],
    ['TRUST_PROXY', '2', /list the gateway's addresses or CIDR ranges/],
    ['TRUST_PROXY', 'true', /any client forge X-Forwarded-For/],
    ['TRUST_PROXY', '*', /any client forge/],
    ['TRUST_PROXY', '10.0.0.0/33', /"10.0.0.0\/33" is not an IP address, a CIDR range/],
    ['TRUST_PROXY', '::1/129', /"::1\/129" is not/],
    ['TRUST_PROXY', '10.0.0.0/8/1', /is not/],
    ['TRUST_PROXY', '10.0.0.1, gateway.internal', /"gateway.internal" is not/],
    ['TRUST_PROXY', '10.0.0.0/x', /is not/],
    ['DOCS_ENABLED', 'maybe', /true or false/],
    ['REQUEST_TIMEOUT', '0', /milliseconds from 1000 to 600000; 0, no limit, is not allowed/],
    ['SHUTDOWN_GRACE_MS', '30s', /milliseconds from 100 to 120000/],
    ['CORS_ORIGINS', 'https://finance.example.gov.cn/', /is not an origin/],
    ['CORS_ORIGINS', 'https://a.example/path', /"https:\/\/a.example\/path" is not an origin/],
    ['CORS_ORIGINS', 'finance.example.gov.cn', /is not an origin/],
    [
      'CORS_ORIGINS',
      'https://ok.example, not a url',
      /"not a url" is not an origin such as https:\/\/finance.example.gov.cn/,
    ],
  ]
  for (const [variable, value, reason] of cases) {
    const found = problems({ [variable]: value })
    t.equal(found.length, 1, `${variable}=${value}`)
    t.match(found[0], { variable, value, reason }, `${variable}=${value}`)
  }
})

t.test('every wrong variable is named at once, in one message', async (t) => {
  const found = problems({ PORT: 'abc', TRUST_PROXY: '1', CORS_ORIGINS: 'x'.repeat(200) })
  t.same(
    found.map((problem) => problem.variable),
    ['PORT', 'TRUST_PROXY', 'CORS_ORIGINS'],
  )
  const message = describeProblems(found)
  t.match(
    message,
    /^The configuration is refused \(3 variables\); the service does not start:\n {2}PORT="abc": must be/,
  )
  t.match(message, /\n {2}CORS_ORIGINS="x{80}…": /, 'long values are cut short')
  t.match(describeProblems(problems({ PORT: 'abc' })), /^The configuration is refused \(1 variable\)/)
})

t.test('the README documents every variable with its default', async (t) => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  for (const variable of VARIABLES) {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${variable.name}\` |`))
    t.ok(row, `${variable.name} has a row`)
    if (variable.defaultText !== '')
      t.match(row, `| \`${variable.defaultText}\``, `${variable.name} defaults to ${variable.defaultText}`)
  }
})

t.test('the settings reach Fastify', async (t) => {
  const defaults = serverOptions()
  t.match(defaults, { bodyLimit: 1024 * 1024, requestTimeout: 30_000, trustProxy: false, return503OnClosing: false })
  t.match(serverOptions(false, { bodyLimit: 2048, requestTimeout: 5000, trustProxy: [] }), {
    bodyLimit: 2048,
    requestTimeout: 5000,
    trustProxy: false,
  })

  // Only the gateway's X-Forwarded-For is believed: the client address in the logs is the real one.
  const logs: string[] = []
  const app = Fastify(
    serverOptions(
      { level: 'info', stream: { write: (line: string) => logs.push(line) } },
      { trustProxy: ['10.0.0.0/8'] },
    ),
  )
  app.get('/ip', async (request) => ({ ip: request.ip }))
  t.teardown(() => app.close())
  const viaGateway = await app.inject({
    method: 'GET',
    url: '/ip',
    remoteAddress: '10.1.2.3',
    headers: { 'x-forwarded-for': '203.0.113.7' },
  })
  t.same(viaGateway.json(), { ip: '203.0.113.7' })
  const direct = await app.inject({
    method: 'GET',
    url: '/ip',
    remoteAddress: '198.51.100.4',
    headers: { 'x-forwarded-for': '203.0.113.7' },
  })
  t.same(direct.json(), { ip: '198.51.100.4' }, 'a forged header from elsewhere is ignored')
  t.match(logs.join(''), /"remoteAddress":"203\.0\.113\.7"/)
})
