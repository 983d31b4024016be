import t from 'tap'
import { MAX_SKIP_MS, MAX_SLICE_MS, SLICE_MS, TurnExpired, Turns } from '../../src/turns.js'

/**
 * Turns on a fake clock and a fake busy time of the loop: each task advances both by its cost; a turn of the
 * event loop is `turn()`, which runs the slice the queue asked for.
 */
function fakeTurns(options: { sliceMs?: number; maxSliceMs?: number; maxWaitMs?: number } = {}) {
  let clock = 0
  let busy = 0
  let pending: (() => void) | undefined
  const turns = new Turns({
    ...options,
    now: () => clock,
    busy: () => busy,
    defer: (next) => {
      pending = next
    },
  })
  const ran: string[] = []
  /** A task that costs `ms` of clock and busy time, and records its name. */
  const task = (name: string, ms: number) => () => {
    clock += ms
    busy += ms
    ran.push(name)
    return name
  }
  /** One turn of the loop: the slice, if one is due; what it ran. */
  const turn = () => {
    const next = pending
    pending = undefined
    ran.length = 0
    next?.()
    return [...ran]
  }
  /** Time passes outside the slices: the rest of the loop (`busyMs` of it busy) or nothing (idle). */
  const elapse = (ms: number, busyMs = 0) => {
    clock += ms
    busy += busyMs
  }
  return { turns, task, turn, elapse, due: () => pending !== undefined }
}

t.test('defaults: a slice of 1 ms, at most 4 ms when requests are refused, no wait limit', async (t) => {
  t.equal(SLICE_MS, 1)
  t.equal(MAX_SLICE_MS, 4)
  const turns = new Turns()
  t.equal(turns.sliceMs, 1)
  t.equal(turns.maxSliceMs, 4)
  t.equal(turns.maxWaitMs, 0)
  // The real clock and busy time: a task runs on a later turn and gives back what it returns.
  t.equal(await turns.run(() => 6 * 7), 42)
})

t.test('tasks run first in, first out, a slice per turn: 0.4 ms tasks, 1 ms slice → 3 per turn', async (t) => {
  const { turns, task, turn, due } = fakeTurns()
  const results = ['a', 'b', 'c', 'd', 'e'].map((name) => turns.run(task(name, 0.4)))
  t.equal(turns.waiting, 5)
  // 0.4 + 0.4 = 0.8 < 1 ms: a third runs; 1.2 ms ≥ 1: the turn ends.
  t.same(turn(), ['a', 'b', 'c'])
  t.equal(turns.waiting, 2)
  t.ok(due(), 'the rest waits for the next turn')
  t.same(turn(), ['d', 'e'])
  t.notOk(due(), 'nothing left: no turn asked for')
  t.same(await Promise.all(results), ['a', 'b', 'c', 'd', 'e'])
})

t.test('a task longer than the slice still runs, alone in its turn', async (t) => {
  const { turns, task, turn } = fakeTurns()
  void turns.run(task('long', 5))
  void turns.run(task('next', 0.1))
  t.same(turn(), ['long'])
  t.same(turn(), ['next'])
})

t.test('a task that throws rejects its own promise only', async (t) => {
  const { turns, task, turn } = fakeTurns()
  const failing = turns.run(() => {
    throw new Error('broken')
  })
  const fine = turns.run(task('fine', 0.1))
  turn()
  await t.rejects(failing, { message: 'broken' })
  t.equal(await fine, 'fine')
})

t.test('the oldest wait: 0 when none waits, else how long the head has waited', async (t) => {
  const { turns, task, turn, elapse } = fakeTurns()
  t.equal(turns.oldestWaitMs(), 0)
  void turns.run(task('a', 0.5))
  elapse(30)
  void turns.run(task('b', 0.5))
  elapse(20)
  t.equal(turns.oldestWaitMs(), 50, 'a has waited 30 + 20 ms')
  turn()
  t.equal(turns.oldestWaitMs(), 0)
})

t.test('a task that waited beyond maxWaitMs is refused unrun with TurnExpired; the next in time runs', async (t) => {
  const { turns, task, turn, elapse } = fakeTurns({ maxWaitMs: 250 })
  const late = turns.run(task('late', 0.1))
  elapse(200)
  const onTime = turns.run(task('on time', 0.1))
  elapse(60)
  // late has waited 260 ms > 250: refused; on time 60 ms: run.
  t.same(turn(), ['on time'])
  const refusal = await late.catch((error: unknown) => error)
  t.ok(refusal instanceof TurnExpired)
  t.equal((refusal as TurnExpired).waitedMs, 260)
  t.equal((refusal as TurnExpired).message, 'waited 260 ms for its turn')
  t.equal(await onTime, 'on time')
})

t.test('while requests are refused, a slice takes as much time as the rest of the loop was busy, up to its maximum (16 ms here)', async (t) => {
  const { turns, task, turn, elapse } = fakeTurns({ maxSliceMs: 16 })
  for (let index = 0; index < 100; index++) void turns.run(task(`t${index}`, 1))
  t.equal(turn().length, 1, 'no refusals: 1 ms, one 1 ms task')
  // The loop was busy 6 ms (of 20 ms of clock, the rest waiting for events) refusing requests: the next slice 6 ms.
  elapse(20, 6)
  turns.refused()
  t.equal(turn().length, 6, 'refusing: the slice matches the 6 ms the rest of the loop was busy')
  elapse(1, 0.5)
  t.equal(turn().length, 1, 'no refusal since: back to 1 ms')
  elapse(100, 100)
  turns.refused()
  t.equal(turn().length, 16, 'at most 16 ms, whatever the rest took')
  elapse(0, 0.2)
  turns.refused()
  t.equal(turn().length, 1, 'at least the 1 ms slice')
})

t.test('a refused task counts as a refusal for the next slice', async (t) => {
  const { turns, task, turn, elapse } = fakeTurns({ maxWaitMs: 10 })
  const expired = turns.run(task('expired', 1)).catch(() => 'refused')
  elapse(11, 4)
  for (let index = 0; index < 10; index++) void turns.run(task(`t${index}`, 1))
  // The expired one is refused (no time), then 1 ms of tasks: the slice had no refusal before it.
  t.same(turn(), ['t0'])
  t.equal(await expired, 'refused')
  elapse(0, 4)
  t.equal(turn().length, 4, 'the refusal in the last slice gives this one the 4 ms the loop spent')
})

t.test('a long queue is compacted as it is consumed', async (t) => {
  const { turns, task, turn } = fakeTurns({ sliceMs: 1000 })
  const all = Array.from({ length: 3000 }, (_, index) => turns.run(task(`t${index}`, 0.5)))
  // 1000 ms slices of 0.5 ms tasks: 2,000 in the first turn, the queue compacted, 1,000 in the second.
  t.equal(turn().length, 2000)
  t.equal(turns.waiting, 1000)
  t.equal(turn().length, 1000)
  t.equal(turns.waiting, 0)
  t.equal((await Promise.all(all)).length, 3000)
})

t.test('the rest of a request already begun (a batch chunk) never expires', async (t) => {
  const { turns, task, turn, elapse } = fakeTurns({ maxWaitMs: 10 })
  const chunk = turns.run(task('chunk', 1), false)
  elapse(1000)
  t.same(turn(), ['chunk'], 'run after 1,000 ms though the limit is 10')
  t.equal(await chunk, 'chunk')
})

t.test('while connections are being accepted, slices are skipped, for at most 10 ms in a row', async (t) => {
  t.equal(MAX_SKIP_MS, 10)
  const { turns, task, turn, elapse, due } = fakeTurns()
  for (let index = 0; index < 10; index++) void turns.run(task(`t${index}`, 0.5))
  // A connection accepted in this turn: more may be waiting; the slice waits for a later turn.
  turns.connected()
  t.same(turn(), [], 'skipped')
  t.ok(due(), 'and asked for again')
  elapse(4)
  turns.connected()
  t.same(turn(), [], 'skipped again, 4 ms into the skipping')
  t.same(turn(), ['t0', 't1'], 'no connection in this turn: 1 ms of tasks')
  // Skipping begins anew: 0, 6 and 11 ms in, the third runs though a connection came.
  turns.connected()
  t.same(turn(), [])
  elapse(6)
  turns.connected()
  t.same(turn(), [])
  elapse(5)
  turns.connected()
  t.same(turn(), ['t2', 't3'], '11 ms of skipping: the slice runs all the same')
  turns.connected()
  t.same(turn(), [], 'and the next may skip again')
})
