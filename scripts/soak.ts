// Soak and overload test, `npm run test:soak -- --minutes N` (default 0.75: CI's short run). Builds
// the service, starts it under a memory limit (MEMORY_BUDGET_MB=384 and a V8 heap of 448 MiB, as in
// a 512 MiB container) and sends mixed traffic for N minutes, sampling the resident set every
// second. Fails when a request gets anything but its expected status or a 503 with Retry-After,
// when the process dies, or when the resident set keeps growing: after a warm-up, the mean of the
// last minute (the last third of a shorter run) must be within 10 % of the first's.
import { spawn, spawnSync } from 'node:child_process'
import { request } from 'node:http'
import { fileURLToPath } from 'node:url'
import { freePort, memory } from '../bench/processes.js'
import { baseDataBatch, department, inlineRubricBatch, seed } from './load/bodies.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const minutesArg = process.argv.indexOf('--minutes')
const minutes = minutesArg > 0 ? Number(process.argv[minutesArg + 1]) : 0.75
if (!(minutes > 0)) throw new Error('--minutes must be a positive number')
const durationMs = minutes * 60_000
const WORKERS = 8
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

interface Kind {
  readonly name: string
  readonly path: string
  readonly body: string
  readonly status: number
  readonly accept?: string
  /** Milliseconds over which the body is sent in pieces (a slow client). */
  readonly slowMs?: number
  readonly weight: number
}

const invalid = JSON.stringify({ ...department(1), fiscalYear: 'last year' })
const kinds: Kind[] = [
  { name: 'evaluation', path: '/v1/evaluations', body: seed, status: 200, weight: 40 },
  { name: 'invalid evaluation', path: '/v1/evaluations', body: invalid, status: 400, weight: 10 },
  { name: 'evaluation as XLSX', path: '/v1/evaluations', body: seed, status: 200, accept: XLSX, weight: 5 },
  { name: 'evaluation as CSV', path: '/v1/evaluations', body: seed, status: 200, accept: 'text/csv', weight: 5 },
  {
    name: 'batch of 200, one rubric',
    path: '/v1/evaluations/batch',
    body: baseDataBatch(200, true),
    status: 200,
    weight: 4,
  },
  {
    name: 'largest batch, inline rubrics',
    path: '/v1/evaluations/batch',
    body: inlineRubricBatch(4 * 1024 * 1024).body,
    status: 200,
    weight: 2,
  },
  {
    name: 'batch over the limit',
    path: '/v1/evaluations/batch',
    body: inlineRubricBatch(4 * 1024 * 1024 + 64 * 1024).body + ' '.repeat(64 * 1024),
    status: 413,
    weight: 1,
  },
  { name: 'slow client', path: '/v1/evaluations', body: seed, status: 200, slowMs: 1500, weight: 4 },
]
const totalWeight = kinds.reduce((sum, kind) => sum + kind.weight, 0)

interface Tally {
  expected: number
  shed: number
  wrong: string[]
  latencies: number[]
}
const tallies = new Map(kinds.map((kind) => [kind.name, { expected: 0, shed: 0, wrong: [], latencies: [] } as Tally]))

/** One request on its own connection; resolves with the status and the Retry-After header. */
function send(port: number, kind: Kind): Promise<{ status: number; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const body = Buffer.from(kind.body)
    const outgoing = request(
      {
        port,
        host: '127.0.0.1',
        method: 'POST',
        path: kind.path,
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          ...(kind.accept ? { accept: kind.accept } : {}),
        },
      },
      (response) => {
        response.resume()
        response.on('end', () =>
          resolve({ status: response.statusCode!, retryAfter: response.headers['retry-after'] as string | undefined }),
        )
        response.on('error', reject)
      },
    )
    outgoing.on('error', reject)
    if (!kind.slowMs) return void outgoing.end(body)
    const pieces = 10
    const size = Math.ceil(body.length / pieces)
    let piece = 0
    const next = () => {
      if (piece === pieces - 1) return void outgoing.end(body.subarray(piece * size))
      outgoing.write(body.subarray(piece * size, (piece + 1) * size))
      piece++
      setTimeout(next, kind.slowMs! / pieces)
    }
    next()
  })
}

function pick(random: () => number): Kind {
  let roll = random() * totalWeight
  for (const kind of kinds) if ((roll -= kind.weight) < 0) return kind
  return kinds[0]!
}

/** A small deterministic generator (mulberry32), so that runs send the same mix. */
function generator(seedNumber: number): () => number {
  let state = seedNumber
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let value = Math.imul(state ^ (state >>> 15), 1 | state)
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!
}

async function main(): Promise<void> {
  console.log('building (npm run build)…')
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' })
  if (build.status !== 0) throw new Error('the build failed')
  const port = await freePort()
  const child = spawn(process.execPath, ['--max-old-space-size=448', 'dist/server.mjs'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', MEMORY_BUDGET_MB: '384' },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  let exited: number | null = null
  child.on('exit', (code, signal) => (exited = code ?? (signal ? 128 : 1)))
  try {
    for (let tries = 0; ; tries++) {
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok, () => false)
      if (ready) break
      if (tries > 400 || exited !== null) throw new Error('the service did not become ready')
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    const samples: { at: number; rss: number }[] = []
    const started = performance.now()
    const sampler = setInterval(() => {
      const now = memory(child.pid!)
      if (now) samples.push({ at: performance.now() - started, rss: now.rss })
    }, 1000)
    const deadline = started + durationMs
    await Promise.all(
      Array.from({ length: WORKERS }, async (_, worker) => {
        const random = generator(worker + 1)
        while (performance.now() < deadline && exited === null) {
          const kind = pick(random)
          const tally = tallies.get(kind.name)!
          const began = performance.now()
          try {
            const { status, retryAfter } = await send(port, kind)
            tally.latencies.push(performance.now() - began)
            if (status === kind.status) tally.expected++
            else if (status === 503 && retryAfter) tally.shed++
            else tally.wrong.push(String(status))
          } catch (error) {
            // A body over the limit is refused (413) as soon as its length is read, and the
            // connection closed: a client still sending it may see the close before the answer.
            const code = (error as { code?: string }).code
            if (kind.status === 413 && (code === 'EPIPE' || code === 'ECONNRESET')) tally.expected++
            else tally.wrong.push((error as Error).message)
          }
        }
      }),
    )
    clearInterval(sampler)
    const final = memory(child.pid!)

    console.log(`\n${minutes} min, ${WORKERS} clients; kind: expected / 503 with Retry-After / wrong; p50 / p99 / max ms`)
    for (const kind of kinds) {
      const tally = tallies.get(kind.name)!
      const line = [
        `  ${kind.name.padEnd(30)} ${tally.expected} / ${tally.shed} / ${tally.wrong.length};`,
        `${percentile(tally.latencies, 0.5).toFixed(0)} / ${percentile(tally.latencies, 0.99).toFixed(0)} /`,
        `${Math.max(...tally.latencies, 0).toFixed(0)}`,
        tally.wrong.length ? ` (${[...new Set(tally.wrong)].slice(0, 3).join(', ')})` : '',
      ]
      console.log(line.join(' '))
    }
    // The warm-up (the heap grows to its working size): a quarter of the run, at least 10 s; then
    // the first and the last window after it, a minute each, or a third of what is left.
    const warmUp = Math.max(10_000, durationMs * 0.25)
    const warm = samples.filter((sample) => sample.at >= warmUp)
    const window = Math.min(60_000, (durationMs - warmUp) / 3)
    const first = warm.filter((sample) => sample.at < warm[0]!.at + window)
    const last = warm.filter((sample) => sample.at >= durationMs - window)
    const mean = (list: { rss: number }[]) => list.reduce((sum, sample) => sum + sample.rss, 0) / list.length
    const growth = mean(last) / mean(first) - 1
    console.log(
      `  RSS: first window ${mean(first).toFixed(0)} MiB, last ${mean(last).toFixed(0)} MiB ` +
        `(${(growth * 100).toFixed(1)} %), peak (VmHWM) ${final?.peak.toFixed(0)} MiB; windows of ` +
          `${(window / 1000).toFixed(0)} s after ${(warmUp / 1000).toFixed(0)} s of warm-up`,
    )
    const failures = [
      ...kinds.filter((kind) => tallies.get(kind.name)!.wrong.length > 0).map((kind) => `${kind.name}: wrong answers`),
      ...(exited !== null ? [`the service died (exit ${exited})`] : []),
      ...(growth > 0.1 ? [`RSS grew by ${(growth * 100).toFixed(1)} % (more than 10 %)`] : []),
    ]
    if (failures.length > 0) throw new Error(`FAILED: ${failures.join('; ')}`)
    console.log('ok - every answer as expected or 503 with Retry-After, the service alive, RSS flat')
  } finally {
    child.kill('SIGTERM')
  }
}

main().catch((error: Error) => {
  console.error(error.message)
  process.exit(1)
})
