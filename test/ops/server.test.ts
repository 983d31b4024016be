import t from 'tap'
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { once } from 'node:events'
import { createServer, type AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

interface Started {
  readonly lines: string[]
  /** Resolves with the first log line that matches. */
  line(pattern: RegExp): Promise<string>
  readonly exited: Promise<{ code: number | null; ms: number; stderr: string }>
  kill(signal: NodeJS.Signals): number
}

/**
 * The real server process (`node --import tsx src/server.ts`), with the given environment. Both
 * processes start when the file loads, since each takes seconds to boot under coverage; the
 * shutdown's other paths are tested in-process (shutdown.test.ts).
 */
function start(env: Record<string, string>): Started {
  // The same loaders as this test (under tap, its TypeScript loader; else tsx), so that the
  // child's coverage maps onto the same lines as the tests' own.
  const loaders = process.execArgv.length > 0 ? process.execArgv : ['--import', 'tsx']
  const child = spawn(process.execPath, [...loaders, 'src/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  const waiting: { pattern: RegExp; resolve: (line: string) => void }[] = []
  let stderr = ''
  let buffered = ''
  let signalled = 0
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk
    const complete = buffered.split('\n')
    buffered = complete.pop() ?? ''
    for (const line of complete) {
      lines.push(line)
      for (const waiter of waiting.filter((w) => w.pattern.test(line))) {
        waiting.splice(waiting.indexOf(waiter), 1)
        waiter.resolve(line)
      }
    }
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const exited = new Promise<{ code: number | null; ms: number; stderr: string }>((resolve) => {
    child.on('exit', (code) => resolve({ code, ms: Date.now() - signalled, stderr }))
  })
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL')
  })
  return {
    lines,
    line: (pattern) => {
      const seen = lines.find((line) => pattern.test(line))
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiting.push({ pattern, resolve }))
    },
    exited,
    kill: (signal) => {
      signalled = Date.now()
      child.kill(signal)
      return signalled
    },
  }
}

async function listening(server: Started): Promise<string> {
  const line = await server.line(/Server listening at/)
  return /(http:\/\/[0-9.:]+)/.exec(line)![1]!
}

// A keys file whose third line has no key.
const badKeys = join(mkdtempSync(join(tmpdir(), 'api-keys-')), 'keys')
writeFileSync(badKeys, `# clients\nplatform-a ${'ab'.repeat(32)}\nplatform-b\n`)
const refused = start({ PORT: 'http', TRUST_PROXY: '2', LOG_LEVEL: 'verbose', API_KEYS_FILE: badKeys })
const occupied = createServer().listen(0, '127.0.0.1')
await once(occupied, 'listening')
const takenPort = (occupied.address() as AddressInfo).port
const taken = start({ PORT: String(takenPort) })
const drained = start({ LOG_LEVEL: 'info' })

t.test('a bad configuration stops the start-up, naming every wrong variable and why', async (t) => {
  const server = refused
  const { code, stderr } = await server.exited
  t.equal(code, 1)
  t.match(stderr, /The configuration is refused \(4 variables\)/)
  t.match(stderr, /PORT="http": must be a whole number of a port from 0 to 65535/)
  t.match(stderr, /TRUST_PROXY="2": a hop count is not supported/)
  t.match(stderr, /LOG_LEVEL="verbose": must be one of fatal, error, warn, info, debug, trace, silent/)
  t.match(stderr, /API_KEYS_FILE=".*keys": line 3: must be a client name and the SHA-256 of its key/)
  t.same(server.lines, [], 'nothing was started')
})

t.test('a port it cannot listen on stops the start-up with a line that says which and why', async (t) => {
  const { code, stderr } = await taken.exited
  occupied.close()
  t.equal(code, 1)
  t.match(stderr, new RegExp(`^Cannot listen on HOST=127\\.0\\.0\\.1 PORT=${takenPort}: listen EADDRINUSE`))
  t.notMatch(stderr, /\n\s+at /, 'no stack trace')
})

t.test('SIGTERM: the server stops listening, and exits 0 once it has drained', async (t) => {
  const server = drained
  const base = await listening(server)
  t.equal(server.lines.filter((line) => line.includes('API_KEYS_FILE is not set')).length, 1, 'open, said once')
  const ready = await fetch(`${base}/health/ready`, { headers: { 'x-request-id': 'probe-1' } })
  t.equal(ready.status, 200)
  t.equal(ready.headers.get('x-request-id'), 'probe-1')
  const scored = await fetch(`${base}/v1/rubrics`, { headers: { 'x-request-id': 'gw-7' } })
  t.equal(scored.status, 200)
  await server.line(/"reqId":"gw-7".*request completed/)
  server.kill('SIGTERM')
  const { code, ms } = await server.exited
  t.equal(code, 0)
  t.ok(ms < 3000, `exited ${ms} ms after SIGTERM`)
  t.match(await server.line(/shutting down/), /"signal":"SIGTERM"/)
  t.ok(
    server.lines.some((line) => /"msg":"stopped"/.test(line)),
    'logged its stop',
  )
  t.notOk(
    server.lines.some((line) => line.includes('probe-1')),
    'probes are not in the request log',
  )
  const requestLines = server.lines.filter((line) => line.includes('"req"') || line.includes('"res"'))
  t.ok(
    requestLines.length >= 2 && requestLines.every((line) => line.includes('"reqId":"gw-7"')),
    'every request log line carries the request id',
  )
  await t.rejects(fetch(`${base}/health/live`), 'no longer listening')
})
