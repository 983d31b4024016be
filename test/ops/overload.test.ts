import t from 'tap'
import type { FastifyRequest } from 'fastify'
import {
  Admission,
  CGROUP_FILES,
  DEFAULT_BUDGET_BYTES,
  HEAP_RESERVED_BYTES,
  RESERVED_BYTES,
  heapLimit,
  cgroupLimit,
  memoryBudget,
  workBudget,
  type Refusal,
  type Ticket,
} from '../../src/admission.js'
import { ANSWER_BYTES, BODY_FACTOR, WARM_UP_MS, requestCost } from '../../src/plugins/overload.js'
import builtIn from '../../src/rubrics/yuhua-2021.json' with { type: 'json' }
import { Turns } from '../../src/turns.js'
import { build, seedRequest } from '../helper.js'

const MiB = 1024 * 1024

/** Admits `cost` and returns what happened: the ticket or refusal, the wait, and the withdrawal. */
function admit(admission: Admission, cost: number) {
  let settle!: (outcome: { outcome: Ticket | Refusal; waitedMs: number }) => void
  const settled = new Promise<{ outcome: Ticket | Refusal; waitedMs: number }>((resolve) => (settle = resolve))
  const withdraw = admission.admit(cost, (outcome, waitedMs) => settle({ outcome, waitedMs }))
  return { settled, withdraw }
}

t.test('the budget: MEMORY_BUDGET_MB, else 3/4 of the cgroup limit (v2, then v1), else 512 MiB', async (t) => {
  const files = (contents: Record<string, string>) => (path: string) => {
    if (contents[path] === undefined) throw new Error('ENOENT')
    return contents[path]
  }
  t.equal(cgroupLimit(files({ [CGROUP_FILES[0]]: '536870912\n' })), 512 * MiB, 'cgroup v2')
  t.equal(cgroupLimit(files({ [CGROUP_FILES[0]]: 'max\n' })), null, 'v2 without a limit')
  t.equal(cgroupLimit(files({ [CGROUP_FILES[1]]: '1073741824' })), 1024 * MiB, 'cgroup v1')
  t.equal(cgroupLimit(files({ [CGROUP_FILES[1]]: '9223372036854771712' })), null, 'v1 without a limit (near 2^63)')
  t.equal(cgroupLimit(files({})), null, 'no cgroup files')
  const own = cgroupLimit()
  t.ok(own === null || own > 0, "this machine's own files are read (a number or null)")
  t.equal(memoryBudget(300, 512 * MiB), 300 * MiB, 'MEMORY_BUDGET_MB wins')
  t.equal(memoryBudget(null, 512 * MiB), 384 * MiB, '512 MiB × 0.75')
  t.equal(memoryBudget(null, null), DEFAULT_BUDGET_BYTES)
  t.equal(workBudget(384 * MiB, 4096 * MiB), 384 * MiB - RESERVED_BYTES, 'the budget less what the process holds at rest')
  t.equal(workBudget(384 * MiB, 259 * MiB), 259 * MiB - HEAP_RESERVED_BYTES, 'no more than the heap can take')
  t.equal(workBudget(RESERVED_BYTES, 4096 * MiB), 32 * MiB, 'at least 32 MiB')
  t.ok(workBudget(4096 * MiB) <= heapLimit(), "this process's own heap limit by default")
})

t.test('a request is admitted while it fits; one that does not waits its turn (first in, first out)', async (t) => {
  const admission = new Admission({ budgetBytes: 100, waitMs: 60_000, queueLimit: 2 })
  const first = await admit(admission, 60).settled
  t.same(first, { outcome: { cost: 60, released: false }, waitedMs: 0 }, '60 of 100: at once')
  const second = admit(admission, 50)
  const third = admit(admission, 10)
  t.equal(admission.waiting, 2, '60 + 50 > 100: it waits, and the small one behind it too (no overtaking)')
  const fourth = await admit(admission, 1).settled
  t.equal(fourth.outcome, 'queueFull', 'a third waiting request is refused at once (queueLimit 2)')
  admission.release(first.outcome as Ticket)
  admission.release(first.outcome as Ticket)
  const [admittedSecond, admittedThird] = await Promise.all([second.settled, third.settled])
  t.match(admittedSecond.outcome, { cost: 50 })
  t.match(admittedThird.outcome, { cost: 10 })
  t.equal(admission.inFlightBytes, 60, 'released once, however often asked: 50 + 10')
  t.equal(admission.admitted, 2)
  t.equal(admission.waiting, 0)
  second.withdraw()
  t.equal(admission.inFlightBytes, 60, 'withdrawing an admitted request does nothing (it is released instead)')
})

t.test('a wait runs out; a client that leaves is withdrawn; the next in line goes in when the head leaves', async (t) => {
  const admission = new Admission({ budgetBytes: 100, waitMs: 5, queueLimit: 10 })
  const holder = await admit(admission, 90).settled
  const big = admit(admission, 50)
  const small = admit(admission, 10)
  big.withdraw()
  t.match((await small.settled).outcome, { cost: 10 }, 'the head gone, 90 + 10 fits')
  const late = await admit(admission, 50).settled
  t.equal(late.outcome, 'queueTimeout', 'refused when its wait ran out')
  t.ok(late.waitedMs >= 4, `it waited (${late.waitedMs.toFixed(1)} ms)`)
  admission.release(holder.outcome as Ticket)
  t.equal(admission.inFlightBytes, 10)

  const blocked = new Admission({ budgetBytes: 100, waitMs: 5, queueLimit: 10 })
  await admit(blocked, 60).settled
  const head = admit(blocked, 50)
  const behind = admit(blocked, 40)
  t.equal((await head.settled).outcome, 'queueTimeout')
  t.match((await behind.settled).outcome, { cost: 40 }, 'the head timed out: 60 + 40 fits')
})

t.test('a request larger than the budget runs alone; waitMs 0 refuses at once', async (t) => {
  const admission = new Admission({ budgetBytes: 100, waitMs: 0, queueLimit: 10 })
  const huge = await admit(admission, 1000).settled
  t.match(huge.outcome, { cost: 100 }, 'counted as the whole budget')
  t.equal((await admit(admission, 1).settled).outcome, 'queueFull', 'no waiting: refused at once')
})

t.test("a request's cost: its answer and 4 times its body, the route's limit when no length is declared", async (t) => {
  const request = (headers: Record<string, string>) =>
    ({ headers, routeOptions: { bodyLimit: 1000 } }) as unknown as FastifyRequest
  t.equal(requestCost(request({ 'content-length': '100' }), 7), 7 + BODY_FACTOR * 100)
  t.equal(requestCost(request({ 'content-length': '5000' }), 0), BODY_FACTOR * 1000, 'at most the limit (a 413 follows)')
  t.equal(requestCost(request({}), 0), BODY_FACTOR * 1000, 'chunked: the limit')
})

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  ({ method: 'POST' as const, url, payload: payload as object, headers })

t.test('no room: 503 OVERLOADED with Retry-After on the scoring routes; probes and metrics carry on', async (t) => {
  const admission = new Admission({ budgetBytes: 2 * MiB, waitMs: 0, queueLimit: 10 })
  const app = await build(t, { admission })
  const holder = await admit(admission, 2 * MiB).settled
  for (const [url, payload] of [
    ['/v1/evaluations', seedRequest()],
    ['/v1/evaluations/batch', { items: [seedRequest()] }],
    ['/v1/rubrics/validate', builtIn],
  ] as const) {
    const response = await app.inject(post(url, payload))
    t.equal(response.statusCode, 503, url)
    t.equal(response.headers['retry-after'], '1')
    t.match(response.json(), { code: 'OVERLOADED', status: 503, detail: /内存/, instance: url })
  }
  const english = await app.inject(post('/v1/evaluations', seedRequest(), { 'accept-language': 'en' }))
  t.match(english.json().detail, /no memory to spare/)
  for (const url of ['/health/live', '/health/ready', '/metrics', '/v1/rubrics', '/openapi.json']) {
    t.equal((await app.inject({ method: 'GET', url })).statusCode, 200, `${url} is not admitted, it is served`)
  }
  const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body
  t.match(metrics, /^requests_shed_total\{route="\/v1\/evaluations",reason="queueFull"\} 2$/m)
  t.match(metrics, /^requests_shed_total\{route="\/v1\/evaluations\/batch",reason="queueFull"\} 1$/m)
  t.match(metrics, /^admission_bytes_in_flight 2097152$/m)
  t.match(metrics, /^admission_budget_bytes 2097152$/m)
  t.match(metrics, /^admission_queue_length 0$/m)
  t.match(metrics, /^nodejs_heap_size_used_bytes \d+$/m, 'heap used, from the default metrics')
  t.match(metrics, /^event_loop_delay_seconds \d/m)

  admission.release(holder.outcome as Ticket)
  const body = JSON.stringify(seedRequest())
  const served = await app.inject(post('/v1/evaluations', body, { 'content-type': 'application/json' }))
  t.equal(served.statusCode, 200, 'room again: served')
  t.equal(admission.inFlightBytes, 0, 'and its room given back when the answer is done')
  const after = (await app.inject({ method: 'GET', url: '/metrics' })).body
  const bytes = ANSWER_BYTES.evaluation.json + BODY_FACTOR * Buffer.byteLength(body)
  t.match(after, new RegExp(`^admission_bytes_admitted_total ${bytes}$`, 'm'), `64 KiB + 4 × the body: ${bytes}`)
})

t.test('a request waits for room, is admitted when an answer is done, and its wait is measured', async (t) => {
  const admission = new Admission({ budgetBytes: 2 * MiB, waitMs: 60_000, queueLimit: 10 })
  const app = await build(t, { admission })
  const holder = await admit(admission, 2 * MiB).settled
  const waiting = app.inject(post('/v1/evaluations', seedRequest()))
  while (admission.waiting === 0) await new Promise((resolve) => setImmediate(resolve))
  admission.release(holder.outcome as Ticket)
  const response = await waiting
  t.equal(response.statusCode, 200, 'served in full after its wait')
  t.equal(response.json().totalScore, '90.80')
  const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body
  t.match(metrics, /^admission_queue_wait_seconds_count 1$/m)
})

t.test('a workbook costs more than JSON: with 1 MiB left, JSON is served and XLSX refused', async (t) => {
  const admission = new Admission({ budgetBytes: 2 * MiB, waitMs: 0, queueLimit: 10 })
  const app = await build(t, { admission })
  await admit(admission, 1 * MiB).settled
  const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  t.equal((await app.inject(post('/v1/evaluations', seedRequest()))).statusCode, 200)
  t.equal((await app.inject(post('/v1/evaluations', seedRequest(), { accept: xlsx }))).statusCode, 503)
})

t.test('load shedding: under pressure new scoring requests get 503 at once; the rest is served', async (t) => {
  const app = await build(t, { shedding: { healthCheck: async () => false, healthCheckInterval: 60_000 } })
  const response = await app.inject(post('/v1/evaluations', seedRequest()))
  t.equal(response.statusCode, 503)
  t.equal(response.headers['retry-after'], '1')
  t.match(response.json(), { code: 'OVERLOADED', detail: /事件循环/ })
  t.equal((await app.inject(post('/v1/evaluations/batch', { items: [seedRequest()] }))).statusCode, 503)
  for (const url of ['/health/live', '/health/ready', '/metrics', '/v1/rubrics/yuhua-2021']) {
    t.equal((await app.inject({ method: 'GET', url })).statusCode, 200, `${url} carries on`)
  }
  const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body
  t.match(metrics, /^requests_shed_total\{route="\/v1\/evaluations",reason="healthCheck"\} 1$/m)
})

t.test('a replica just started does not shed for the lag of its own start', async (t) => {
  // A threshold of 1 ms: any lag at all is pressure, once the replica has warmed up.
  const app = await build(t, { shedding: { maxEventLoopDelay: 1 } })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  // A second of blocked event loop, as a start compiling its routes makes, then the next sample of it
  // (every 250 ms): under pressure, were it not for the warm-up.
  const lagThenScore = async () => {
    const began = Date.now()
    while (Date.now() - began < 1000);
    for (let waited = 0; app.memoryUsage().eventLoopDelay <= 1 && waited < 1000; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    t.ok(app.memoryUsage().eventLoopDelay > 1, 'the lag is measured')
    const response = await fetch(`http://127.0.0.1:${port}/v1/evaluations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(seedRequest()),
    })
    return response.status
  }
  t.equal(await lagThenScore(), 200, `answered within the first ${WARM_UP_MS} ms after listening`)
  // Once warm, the same lag is pressure.
  await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS))
  t.equal(await lagThenScore(), 503, 'shed after the warm-up')
})

t.test('a scoring request whose turn comes after MAX_SCORING_DELAY_MS is refused unscored: 503, Retry-After', async (t) => {
  let clock = 0
  let slice: (() => void) | undefined
  const turns = new Turns({ maxWaitMs: 250, now: () => clock, defer: (next) => (slice = next) })
  const app = await build(t, { turns })
  const queued = async (url: string, body: unknown) => {
    const answer = app.inject(post(url, body))
    while (slice === undefined) await new Promise((resolve) => setImmediate(resolve))
    return { answer }
  }
  const late = await queued('/v1/evaluations', seedRequest())
  t.equal(turns.waiting, 1)
  clock += 251
  let metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body
  t.match(metrics, /^scoring_queue_length 1$/m)
  t.match(metrics, /^scoring_delay_seconds 0\.251$/m)
  // Its turn comes 251 ms after it was queued: beyond 250 ms, it is refused without being scored.
  const run = slice!
  slice = undefined
  run()
  const refused = await late.answer
  t.equal(refused.statusCode, 503)
  t.equal(refused.headers['retry-after'], '1')
  t.match(refused.json(), { code: 'OVERLOADED', detail: /评分排队/ })
  // One whose turn comes within 250 ms is served.
  const onTime = await queued('/v1/evaluations', seedRequest())
  clock += 250
  slice!()
  const served = await onTime.answer
  t.equal(served.statusCode, 200)
  t.equal(served.json().totalScore, '90.80')
  metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body
  t.match(metrics, /^requests_shed_total\{route="\/v1\/evaluations",reason="scoringDelay"\} 1$/m)
  t.match(metrics, /^scoring_queue_length 0$/m)
})

t.test('the server refuses scoring turns that come later than MAX_SCORING_DELAY_MS (1 ms here)', async (t) => {
  const app = await build(t, { shedding: { maxScoringDelay: 1 } })
  // Thirty requests at once, each at least 0.1 ms of scoring: 3 ms of work, so whichever of them the
  // first slice (1 ms) does not reach waits beyond 1 ms for its turn. Which ones are served depends
  // on when each was queued (a slow machine may queue them over more than 1 ms, and serve the last
  // one only): the test asks for refusals, not for which ones.
  const answers = await Promise.all(
    Array.from({ length: 30 }, () => app.inject(post('/v1/evaluations', seedRequest()))),
  )
  const statuses = answers.map((answer) => answer.statusCode)
  const refused = statuses.filter((status) => status === 503).length
  t.ok(refused > 0, `some are refused (${statuses.join(' ')})`)
  for (const answer of answers) {
    if (answer.statusCode === 200) t.equal(answer.json().totalScore, '90.80', 'a served one is whole')
    else t.match({ ...answer.json(), retryAfter: answer.headers['retry-after'] }, { status: 503, code: 'OVERLOADED', retryAfter: '1' })
  }
  const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body
  t.match(metrics, new RegExp(`^requests_shed_total\\{route="/v1/evaluations",reason="scoringDelay"\\} ${refused}$`, 'm'))
})
