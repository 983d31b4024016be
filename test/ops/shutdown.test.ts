import t from 'tap'
import { EventEmitter } from 'node:events'
import { connect, type Socket } from 'node:net'
import Fastify from 'fastify'
import app from '../../src/app.js'
import { serverOptions } from '../../src/server-options.js'
import { closeOnSignals } from '../../src/shutdown.js'

interface Answer {
  status: number
  headers: Record<string, string>
  body: string
}

/**
 * The real app, listening on a free port. A request with an x-test-hold header waits, before its
 * route runs, until the test calls release(): that is how a request is kept in flight while the
 * shutdown begins.
 */
async function listeningApp(t: { teardown(fn: () => unknown): void }) {
  const logs: string[] = []
  const server = Fastify(serverOptions({ level: 'info', stream: { write: (line: string) => logs.push(line) } }))
  await server.register(app)
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  let held = 0
  server.addHook('onRequest', async (request) => {
    if (request.headers['x-test-hold'] === undefined) return
    held++
    await released
  })
  await server.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => server.close())
  const { port } = server.server.address() as { port: number }
  return { server, port, release, held: () => held, logs }
}

/** A raw connection: what it sends is up to the test, and it reads until the server closes it. */
function open(port: number): { socket: Socket; answer: Promise<Answer> } {
  const socket = connect(port, '127.0.0.1')
  let text = ''
  socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
  const answer = new Promise<Answer>((resolve) => {
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n')
      const [statusLine = '', ...headerLines] = head.split('\r\n')
      const headers = Object.fromEntries(
        headerLines.map((line) => [
          line.slice(0, line.indexOf(':')).toLowerCase(),
          line.slice(line.indexOf(':') + 1).trim(),
        ]),
      )
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body })
    })
  })
  return { socket, answer }
}

/** Waits, a millisecond at a time, for a condition; fails after 10 s rather than hang. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('the condition did not hold within 10 s')
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
}

t.test(
  'during shutdown: readiness is a 503 problem, liveness holds, in-flight requests finish, connections close',
  async (t) => {
    const { server, port, release, held } = await listeningApp(t)
    const hold = 'Host: test\r\nConnection: keep-alive\r\nX-Test-Hold: 1\r\n'
    const inFlight = open(port)
    inFlight.socket.write(`GET /v1/rubrics HTTP/1.1\r\n${hold}\r\n`)
    const ready = open(port)
    ready.socket.write(`GET /health/ready HTTP/1.1\r\n${hold}Accept-Language: en\r\nX-Request-Id: lb-probe-9\r\n\r\n`)
    const live = open(port)
    live.socket.write(`GET /health/live HTTP/1.1\r\n${hold}\r\n`)
    await until(() => held() === 3)
    const started = Date.now()
    const closed = server.close()
    await until(() => !server.server.listening)
    release()

    const notReady = await ready.answer
    t.equal(notReady.status, 503)
    t.match(notReady.headers['content-type'], /^application\/problem\+json/)
    t.equal(notReady.headers.connection, 'close')
    t.equal(notReady.headers['x-request-id'], 'lb-probe-9')
    t.match(JSON.parse(notReady.body), {
      status: 503,
      code: 'SHUTTING_DOWN',
      title: 'The service is shutting down',
      requestId: 'lb-probe-9',
      instance: '/health/ready',
    })

    const stillLive = await live.answer
    t.equal(stillLive.status, 200, 'liveness holds: the orchestrator must not kill a draining process')
    t.same(JSON.parse(stillLive.body), { status: 'live' })

    const finished = await inFlight.answer
    t.equal(finished.status, 200, 'the request in flight when shutdown began is answered')
    t.match(JSON.parse(finished.body), { rubrics: [{ id: 'yuhua-2021' }] })
    t.equal(finished.headers.connection, 'close', 'and its keep-alive connection is closed, not left open for 72 s')
    await closed
    t.ok(Date.now() - started < 2000, 'the server closed as soon as its requests were answered')
  },
)

t.test('before shutdown, readiness names the rubrics loaded', async (t) => {
  const { port } = await listeningApp(t)
  const response = await fetch(`http://127.0.0.1:${port}/health/ready`)
  t.equal(response.status, 200)
  t.same(await response.json(), { status: 'ready', rubrics: ['yuhua-2021'] })
})

function signals(): { emitter: EventEmitter; exits: number[]; exited: Promise<void> } {
  const emitter = new EventEmitter()
  const exits: number[] = []
  let resolve!: () => void
  const exited = new Promise<void>((r) => (resolve = r))
  emitter.on('exit', (code: number) => {
    exits.push(code)
    resolve()
  })
  return { emitter, exits, exited }
}

t.test('SIGTERM: close, then exit 0', async (t) => {
  const { server, logs } = await listeningApp(t)
  const { emitter, exits, exited } = signals()
  closeOnSignals(server, { graceMs: 5000, signals: emitter, exit: (code) => emitter.emit('exit', code) })
  emitter.emit('SIGTERM')
  await exited
  t.same(exits, [0])
  t.equal(server.server.listening, false)
  t.match(logs.join(''), /"signal":"SIGTERM","graceMs":5000,"msg":"shutting down"/)
  t.match(logs.join(''), /"msg":"stopped"/)
})

t.test('a stop that fails is logged, and the exit code is 1', async (t) => {
  const logs: string[] = []
  const server = Fastify(serverOptions({ level: 'info', stream: { write: (line: string) => logs.push(line) } }))
  server.addHook('onClose', async () => {
    throw new Error('a plugin could not let go')
  })
  await server.listen({ port: 0, host: '127.0.0.1' })
  const { emitter, exits, exited } = signals()
  closeOnSignals(server, { graceMs: 5000, signals: emitter, exit: (code) => emitter.emit('exit', code) })
  emitter.emit('SIGTERM')
  await exited
  t.same(exits, [1])
  t.match(logs.join(''), /"msg":"the stop failed"/)
  t.match(logs.join(''), /a plugin could not let go/)
})

t.test('a second signal exits at once, with 1', async (t) => {
  // Without a logger, too: there is nothing to flush before exiting.
  const server = Fastify()
  await server.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => server.close())
  const { emitter, exits, exited } = signals()
  closeOnSignals(server, { graceMs: 5000, signals: emitter, exit: (code) => emitter.emit('exit', code) })
  emitter.emit('SIGINT')
  emitter.emit('SIGTERM')
  await exited
  t.equal(exits[0], 1)
})

t.test('a request still in flight after the grace is cut, and the exit code is 1', async (t) => {
  const { server, port, logs, release } = await listeningApp(t)
  t.teardown(release)
  const { emitter, exits, exited } = signals()
  closeOnSignals(server, { graceMs: 200, signals: emitter, exit: (code) => emitter.emit('exit', code) })
  const hanging = open(port)
  t.teardown(() => hanging.socket.destroy())
  // A body that never arrives in full keeps its request in flight.
  hanging.socket.write(
    'POST /v1/evaluations HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"department":',
  )
  await until(() => logs.some((line) => line.includes('incoming request')))
  const started = Date.now()
  emitter.emit('SIGINT')
  await exited
  t.same(exits, [1])
  t.ok(Date.now() - started >= 190, `cut after the grace (${Date.now() - started} ms)`)
  t.match(logs.join(''), /"graceMs":200,"msg":"in-flight requests outlived the grace; cutting them"/)
  hanging.socket.destroy()
})

t.test('a connection that has sent nothing yet (a gateway\'s pre-opened one) does not hold the stop', async (t) => {
  const { server, port } = await listeningApp(t)
  const served = open(port)
  served.socket.write('GET /health/live HTTP/1.1\r\nHost: test\r\n\r\n')
  const silent = open(port)
  t.teardown(() => silent.socket.destroy())
  // Both accepted by the server, and the first one answered: one idle, one that never spoke.
  const count = () => new Promise<number>((resolve) => server.server.getConnections((_error, n) => resolve(n)))
  while ((await count()) < 2 || served.socket.bytesRead === 0) await new Promise((resolve) => setTimeout(resolve, 5))
  const started = Date.now()
  // Node would keep the silent connection until its headersTimeout (60 s).
  const outcome = await Promise.race([
    server.close().then(() => 'closed'),
    new Promise((resolve) => setTimeout(resolve, 2000, 'still open')),
  ])
  t.equal(outcome, 'closed', `closed in ${Date.now() - started} ms`)
  await silent.answer
  t.equal((await served.answer).status, 200, 'the keep-alive connection served before is closed too')
})
