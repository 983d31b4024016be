// Builds the image with podman and smoke-tests it as an orchestrator would run it; `npm run
// test:container`. Prints its figures (image size, time to ready, time to stop) and exits non-zero
// on the first failure. Needs podman, buildah and runc; builds the local stand-in base image from
// ../shared/tools/node-base-image.sh when it is missing (no image registry is reachable here).
import { execFile, spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { promisify } from 'node:util'
import autocannon from 'autocannon'
import { inlineRubricBatch } from './load/bodies.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const SHARED_TOOLS = new URL('../../shared/tools/', import.meta.url)
const BASE_IMAGE = process.env.NODE_IMAGE ?? 'localhost/node-local:latest'
const IMAGE = 'localhost/performance-scoring:smoke'
const CONTAINER = `performance-scoring-smoke-${process.pid}`
const STOP_LIMIT_MS = 5000
const env = {
  ...process.env,
  CONTAINERS_CONF: process.env.CONTAINERS_CONF ?? fileURLToPath(new URL('containers.conf', SHARED_TOOLS)),
}
const seed = readFileSync(new URL('../schemas/examples/yuhua-2021.request.json', import.meta.url), 'utf8')

function run(
  command: string,
  args: string[],
  options: { quiet?: boolean; allowFailure?: boolean } = {},
): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: options.quiet === false ? 'inherit' : 'pipe',
  })
  const outcome = { status: result.status ?? 1, stdout: result.stdout ?? '', stderr: result.stderr ?? '' }
  if (outcome.status !== 0 && !options.allowFailure)
    throw new Error(`${command} ${args.join(' ')} failed (${outcome.status}):\n${outcome.stderr}`)
  return outcome
}

/** The same, without blocking this process: the load's clients keep running meanwhile. */
async function runAsync(command: string, args: string[]): Promise<string> {
  return (await promisify(execFile)(command, args, { cwd: ROOT, env, encoding: 'utf8' })).stdout
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`FAILED: ${message}`)
  console.log(`ok - ${message}`)
}

function sample(text: string, series: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `))
  return Number(line?.slice(series.length + 1))
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

async function waitForReady(url: string, timeoutMs: number): Promise<number> {
  const started = performance.now()
  while (performance.now() - started < timeoutMs) {
    try {
      if ((await fetch(url)).status === 200) return performance.now() - started
    } catch {
      // not listening yet
    }
    await sleep(25)
  }
  throw new Error(`not ready within ${timeoutMs} ms`)
}

/** Requests in a loop on keep-alive connections until the service stops answering. */
async function load(base: string, stop: { signalled: boolean }) {
  const tally = {
    ok: 0,
    otherStatus: [] as number[],
    errorsBeforeSignal: 0,
    errorsAfterSignal: new Map<string, number>(),
  }
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (;;) {
        try {
          const response = await fetch(`${base}/v1/evaluations`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: seed,
          })
          await response.arrayBuffer()
          if (response.status === 200) tally.ok++
          else tally.otherStatus.push(response.status)
        } catch (error) {
          if (!stop.signalled) {
            tally.errorsBeforeSignal++
            continue
          }
          const code = String((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message)
          tally.errorsAfterSignal.set(code, (tally.errorsAfterSignal.get(code) ?? 0) + 1)
          if (code === 'ECONNREFUSED') return
        }
      }
    }),
  )
  return tally
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN
}

/** The container's state: still running, not restarted, not killed for memory. */
function containerState(): { running: boolean; oomKilled: boolean; restarts: number; exitCode: number } {
  const inspect = JSON.parse(run('podman', ['inspect', CONTAINER]).stdout)[0]
  return {
    running: inspect.State.Running,
    oomKilled: inspect.State.OOMKilled,
    restarts: inspect.RestartCount ?? 0,
    exitCode: inspect.State.ExitCode,
  }
}

/** The service's peak resident set (VmHWM of PID 1 in the container), in MiB. */
function peakMiB(): number {
  const script = "console.log(/VmHWM:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/1/status','utf8'))[1])"
  return Number(run('podman', ['exec', CONTAINER, 'node', '-e', script]).stdout.trim()) / 1024
}

/** A bare HTTP server for the control run: reads the body, answers 17 KB; prints its port. */
const BARE_SERVER = `
const answer = Buffer.alloc(17000, 'x')
const server = require('http').createServer((request, response) => {
  request.resume()
  request.on('end', () => response.end(answer))
})
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port)))
`

interface Load {
  readonly result: autocannon.Result
  readonly statuses: Map<number, number>
  readonly served: number[]
  readonly served99: number
}

/** 400 connections sending the seed for `seconds`; the latencies of the 200s kept apart. */
async function pound(url: string, seconds: number): Promise<Load> {
  const served: number[] = []
  const statuses = new Map<number, number>()
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const options = {
      url,
      connections: 400,
      duration: seconds,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body: seed,
    }
    const instance = autocannon(options, (error, outcome) => (error ? reject(error) : resolve(outcome)))
    instance.on('response', (_client, status, _bytes, responseTime) => {
      statuses.set(status, (statuses.get(status) ?? 0) + 1)
      if (status === 200) served.push(responseTime)
    })
  })
  return { result, statuses, served, served99: Math.round(percentile(served, 0.99)) }
}

function describeLoad({ result, statuses, served, served99 }: Load): string {
  return `${[...statuses].map(([status, count]) => `${count} × ${status}`).join(', ')}; ` +
    `errors ${result.errors}, timeouts ${result.timeouts}; served p50 ${Math.round(percentile(served, 0.5))} ms, p99 ` +
    `${served99} ms; all p99 ${result.latency.p99} ms, max ${result.latency.max} ms`
}

/**
 * Issue 14's scenario under the Deployment's 512 MiB: 16 concurrent largest-allowed batches whose
 * every item carries its rubric inline, then 400 connections of single evaluations for 20 s.
 */
async function overload(base: string) {
  const { body, items } = inlineRubricBatch(4 * 1024 * 1024)
  const started = performance.now()
  const batches = await Promise.all(
    Array.from({ length: 16 }, async () => {
      const response = await fetch(`${base}/v1/evaluations/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
      await response.arrayBuffer()
      const ms = performance.now() - started
      return { status: response.status, retryAfter: response.headers.get('retry-after'), ms }
    }),
  )
  const served = batches.filter((batch) => batch.status === 200)
  const shed = batches.filter((batch) => batch.status === 503 && batch.retryAfter !== null)
  check(
    served.length + shed.length === 16,
    `16 concurrent batches of ${items} items with inline rubrics (${(Buffer.byteLength(body) / 2 ** 20).toFixed(1)} ` +
      `MiB each): ${served.length} answered 200, ${shed.length} 503 with Retry-After, nothing else`,
  )
  const afterBatches = containerState()
  check(
    afterBatches.running && !afterBatches.oomKilled && afterBatches.restarts === 0,
    'the container still runs under --memory=512m (not OOM-killed, not restarted)',
  )
  const batchPeak = peakMiB()
  const evaluation = await fetch(`${base}/v1/evaluations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: seed,
  })
  check(
    evaluation.status === 200 && ((await evaluation.json()) as { totalScore: string }).totalScore === '90.80',
    'the seed still scores 90.80 afterwards',
  )

  console.log(`  16 batches: ${served.length} × 200, ${shed.length} × 503; peak RSS (VmHWM) ${batchPeak.toFixed(0)} MiB`)

  // The same load against a bare Node.js server that reads each body and answers 17 KB: what this
  // machine gives any server now. A machine too busy for it to meet the latency criteria (CI's
  // shared VMs often are) cannot judge the service's latency; its statuses are judged all the same.
  const control = spawn(process.execPath, ['-e', BARE_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] })
  const controlPort = Number((await once(control.stdout!, 'data'))[0].toString())
  const bare = await pound(`http://127.0.0.1:${controlPort}/`, 10)
  control.kill()
  const machineOk = bare.result.errors === 0 && bare.result.latency.max <= 2000 && bare.served99 <= 500
  console.log(`  control (a bare server, 10 s): ${describeLoad(bare)}`)

  const load = await pound(`${base}/v1/evaluations`, 20)
  console.log(`  service (20 s): ${describeLoad(load)}`)
  const { result, statuses, served99 } = load
  const unexpected = [...statuses].filter(([status]) => status !== 200 && status !== 503)
  check(unexpected.length === 0, `400 connections for 20 s: every answer 200 or 503`)
  // Judged when the bare server met them on this machine now; else reported. Before the scoring ran
  // in short turns (src/turns.ts), a quiet machine gave 202 timeouts of 32,939 requests and a
  // longest wait of 9.9 s here, where the bare server gave none: new connections waited to be accepted.
  const criteria = [
    [result.errors === 0 && result.timeouts === 0, `no socket error (${result.errors}) or timeout (${result.timeouts})`],
    [result.latency.max <= 2000, `no request waited more than 2 s for its answer (max ${result.latency.max} ms)`],
    [served99 <= 500, `p99 of the served ≤ 500 ms (${served99} ms)`],
  ] as const
  for (const [met, text] of criteria) {
    if (machineOk) check(met, text)
    else console.log(`${met ? 'ok' : 'not met'} - ${text} (not judged: the bare server did not meet them either)`)
  }
  const afterLoad = containerState()
  check(afterLoad.running && !afterLoad.oomKilled && afterLoad.restarts === 0, 'the container still runs')
  return {
    batches: `${served.length} × 200, ${shed.length} × 503; slowest ${Math.round(Math.max(...batches.map((b) => b.ms)))} ms`,
    batchPeak,
    load: describeLoad(load),
    control: describeLoad(bare),
    peak: peakMiB(),
  }
}

async function main(): Promise<void> {
  for (const tool of ['podman', 'buildah', 'runc']) {
    check(spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0, `${tool} is installed`)
  }
  if (BASE_IMAGE === 'localhost/node-local:latest')
    run('sh', [fileURLToPath(new URL('node-base-image.sh', SHARED_TOOLS))])

  const buildStarted = performance.now()
  run('podman', ['build', '--format', 'docker', '--build-arg', `NODE_IMAGE=${BASE_IMAGE}`, '-t', IMAGE, '.'], {
    quiet: false,
  })
  const buildSeconds = (performance.now() - buildStarted) / 1000
  const inspect = JSON.parse(run('podman', ['image', 'inspect', IMAGE]).stdout)[0]
  const sizeMb = inspect.Size / 1e6
  check(inspect.Config.User === '1000:1000', `runs as a non-root user (${inspect.Config.User})`)
  check(
    (inspect.Healthcheck ?? inspect.Config.Healthcheck)?.Test?.join(' ').includes('/health/ready'),
    'has a HEALTHCHECK on /health/ready',
  )
  check(
    JSON.stringify(inspect.Config.Cmd) === '["node","--max-semi-space-size=16","dist/server.mjs"]',
    'node is PID 1 (exec-form CMD)',
  )
  const devDependencies = run('podman', [
    'run',
    '--rm',
    '--read-only',
    IMAGE,
    'node',
    '-e',
    "const fs=require('fs');console.log(['tap','typescript','tsx'].filter(d=>fs.existsSync('node_modules/'+d))" +
      ".join(','))",
  ]).stdout.trim()
  check(
    devDependencies === '',
    `only production dependencies in the image${devDependencies ? ` (found ${devDependencies})` : ''}`,
  )

  const refused = run('podman', ['run', '--rm', '-e', 'PORT=http', '-e', 'TRUST_PROXY=1', IMAGE], {
    allowFailure: true,
  })
  check(
    refused.status === 1 && /PORT="http"/.test(refused.stderr) && /TRUST_PROXY="1"/.test(refused.stderr),
    'a bad configuration is refused at start-up, naming the variables',
  )

  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const runStarted = performance.now()
  run('podman', [
    'run',
    '-d',
    '--name',
    CONTAINER,
    '--read-only',
    '--cap-drop=ALL',
    '--security-opt=no-new-privileges',
    // The Deployment's own limit (deploy/deployment.yaml), with no swap to hide in.
    '--memory=512m',
    '--memory-swap=512m',
    '-e',
    'SHUTDOWN_GRACE_MS=4000',
    '-p',
    `127.0.0.1:${port}:3000`,
    IMAGE,
  ])
  try {
    const startedMs = performance.now() - runStarted
    const readyMs = startedMs + (await waitForReady(`${base}/health/ready`, 30_000))

    const live = await fetch(`${base}/health/live`, { headers: { 'x-request-id': 'smoke-1' } })
    check(
      live.status === 200 && live.headers.get('x-request-id') === 'smoke-1',
      'GET /health/live is 200 and echoes x-request-id',
    )
    const ready = await fetch(`${base}/health/ready`)
    check(ready.status === 200 && (await ready.json()).status === 'ready', 'GET /health/ready is 200')
    check(
      run('podman', ['healthcheck', 'run', CONTAINER], { allowFailure: true }).status === 0,
      "the image's HEALTHCHECK passes",
    )

    const evaluation = await fetch(`${base}/v1/evaluations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: seed,
    })
    const answer = (await evaluation.json()) as { totalScore: string; grade: { code: string } }
    check(
      evaluation.status === 200 && answer.totalScore === '90.80',
      `POST /v1/evaluations scores the seed department ${answer.totalScore}`,
    )
    const metrics = await (await fetch(`${base}/metrics`)).text()
    check(/^evaluations_total\{grade="excellent"\} 1$/m.test(metrics), 'GET /metrics counts the evaluation by grade')
    // The explorer is in the bundle; the files it serves are read from its package in the image.
    const explorer = await fetch(`${base}/docs/static/swagger-ui.css`)
    check(
      explorer.status === 200 && (await explorer.text()).includes('.swagger-ui'),
      "GET /docs/static/swagger-ui.css: the explorer's files, from its package in the image",
    )
    const pressure = await overload(base)

    const rss = sample(await (await fetch(`${base}/metrics`)).text(), 'process_resident_memory_bytes')
    const stop = { signalled: false }
    const loading = load(base, stop)
    await sleep(1500)
    const signalled = performance.now()
    stop.signalled = true
    // Asynchronously: clients frozen by a synchronous spawn would hold their connections open,
    // unread, for the whole stop, which no real client does.
    await runAsync('podman', ['kill', '--signal', 'SIGTERM', CONTAINER])
    const exitCode = Number((await runAsync('podman', ['wait', '--interval', '20ms', CONTAINER])).trim())
    const stopMs = performance.now() - signalled
    const tally = await loading
    const logs = run('podman', ['logs', CONTAINER]).stdout
    const stopped = logs
      .split('\n')
      .filter((line) => line.includes('"msg":"stopped"'))
      .map((line) => JSON.parse(line) as { ms: number })[0]
    if (exitCode !== 0 || stopped === undefined) {
      // The requests that began and never finished, then the last lines.
      const lines = logs
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { reqId?: string; msg: string })
      const finished = new Set(lines.filter((line) => line.msg === 'request completed').map((line) => line.reqId))
      const unfinished = lines.filter((line) => line.msg === 'incoming request' && !finished.has(line.reqId))
      console.error([...unfinished.map((line) => JSON.stringify(line)), ...logs.split('\n').slice(-12)].join('\n'))
    }

    check(tally.ok > 0 && tally.errorsBeforeSignal === 0, `${tally.ok} evaluations answered 200 under load`)
    check(
      tally.otherStatus.length === 0,
      `no answer other than 200 during the stop${tally.otherStatus.length ? ` (got ${tally.otherStatus.slice(0, 5).join(', ')})` : ''}`,
    )
    check(exitCode === 0, `SIGTERM under load ends with exit code 0 (got ${exitCode})`)
    check(stopMs < STOP_LIMIT_MS, `stopped within ${STOP_LIMIT_MS} ms of SIGTERM`)
    check(stopped !== undefined, 'the service logged its graceful stop')

    const errors = [...tally.errorsAfterSignal].map(([code, count]) => `${code} ×${count}`).join(', ') || 'none'
    console.log('\nfigures')
    console.log(`  image size       ${sizeMb.toFixed(1)} MB (${IMAGE}, base ${BASE_IMAGE})`)
    console.log(`  build            ${buildSeconds.toFixed(1)} s`)
    console.log(
      `  time to ready    ${Math.round(readyMs)} ms from \`podman run\` to the first 200 on /health/ready (${Math.round(startedMs)} ms of it in podman run)`,
    )
    console.log(
      `  time to stop     ${Math.round(stopMs)} ms from SIGTERM to exit (the service's own drain: ${stopped?.ms} ms)`,
    )
    console.log(`  memory           ${(rss / 1e6).toFixed(0)} MB resident after the overload scenario`)
    console.log(`  16 batches       ${pressure.batches}; peak RSS (VmHWM) ${pressure.batchPeak.toFixed(0)} MiB`)
    console.log(`  400 connections  ${pressure.load}; peak RSS (VmHWM) ${pressure.peak.toFixed(0)} MiB`)
    console.log(`  control          ${pressure.control} (a bare Node.js server on this machine)`)
    console.log(
      `  load at SIGTERM  16 keep-alive clients, ${tally.ok} evaluations answered; after the signal: ${errors}`,
    )
    if (tally.errorsAfterSignal.has('UND_ERR_SOCKET') || tally.errorsAfterSignal.has('ECONNRESET')) {
      // Node closes the connections that are idle when the listener closes, and the service those
      // that have not sent a byte yet; a request a client was sending on one at that instant was
      // never read. A gateway retries those.
      console.log(
        '                   (UND_ERR_SOCKET, ECONNRESET: connections closed while idle, before the service read a ' +
          'request)',
      )
    }
  } finally {
    run('podman', ['rm', '-f', CONTAINER], { allowFailure: true })
  }
}

main().catch((error: Error) => {
  console.error(error.message)
  process.exit(1)
})
