import { performance } from 'node:perf_hooks'

/**
 * How long one turn of the event loop spends on scoring before it lets the loop go round: SLICE_MS
 * (a few evaluations), so that turns stay short and the loop keeps accepting. While requests are
 * being refused, the loop is flooded with cheap work (clients retry at once) that a fixed slice
 * would let starve the scoring, and the queue would never drain: then a slice takes as much time
 * as the rest of the loop was busy since the last one, up to MAX_SLICE_MS (half of the time for
 * scoring). Busy time, not the clock: the time the loop waited for events was not spent (a busy
 * loop that the machine preempts still counts as busy). It is libuv's count, read without a system
 * call. The process's CPU time (process.cpuUsage, getrusage) was the first measure: one reading per
 * slice, about 1 µs on an idle machine but 170 to 190 µs under load (20 connections, a 2-vCPU VM,
 * timed around the call).
 */
export const SLICE_MS = 1
export const MAX_SLICE_MS = 4

/**
 * While connections wait to be accepted (one is accepted in each turn of the loop, so a turn that
 * accepted one suggests more are waiting), the scoring skips its slice, so that the turns are as
 * short as reading the new requests, and a burst of connections is taken in within a fraction of
 * a second; for at most MAX_SKIP_MS in a row, so that a flood of connections cannot stop the scoring.
 */
export const MAX_SKIP_MS = 10

/** The event loop's busy time in milliseconds: the time it has not waited for events (libuv's loop metrics). */
function busyMs(): number {
  return performance.eventLoopUtilization().active
}

/** A task that waited beyond `maxWaitMs`, rejected without being run. */
export class TurnExpired extends Error {
  constructor(readonly waitedMs: number) {
    super(`waited ${Math.round(waitedMs)} ms for its turn`)
  }
}

interface Task {
  readonly work: () => unknown
  readonly resolve: (value: unknown) => void
  readonly reject: (reason: unknown) => void
  readonly queuedAt: number
  readonly expires: boolean
}

export interface TurnsOptions {
  /**
   * Milliseconds of scoring per turn, and at most while refusing (SLICE_MS, MAX_SLICE_MS by
   * default); at least one task runs in every turn.
   */
  readonly sliceMs?: number
  readonly maxSliceMs?: number
  /** The clock, in milliseconds (performance.now by default; tests pass their own). */
  readonly now?: () => number
  /**
   * Milliseconds a task may wait for its turn: one that waited longer is not run but rejected with
   * TurnExpired when its turn comes (0, by default, for no limit).
   */
  readonly maxWaitMs?: number
  /** The event loop's busy time, in milliseconds (its utilization's active time by default; tests pass their own). */
  readonly busy?: () => number
  /** Runs the next slice on a later turn (setImmediate by default; tests hold it). */
  readonly defer?: (next: () => void) => void
}

/**
 * Scoring in short turns of the event loop. Node accepts one new connection per turn of its loop
 * (libuv 1.45 and later, so Node 20 and 22, no longer accept in a loop); a turn that scored every
 * request that had arrived lasted as long as they all took (90 ms with 300 busy connections), so
 * under load new connections were accepted at about ten a second and waited in the kernel's queue
 * past their clients' timeouts (README, Overload). Scoring therefore runs here: queued, first in
 * first out, at most `sliceMs` of it per turn, then the loop goes round (accepting, reading,
 * answering probes) and the next slice runs. A task that waited too long is refused when its turn
 * comes, unrun, so that no request waits past the limit and a refused client retries no sooner than
 * that (an immediate refusal would invite a flood of retries).
 */
export class Turns {
  readonly sliceMs: number
  readonly maxSliceMs: number
  readonly maxWaitMs: number
  private readonly now: () => number
  private readonly busy: () => number
  private readonly defer: (next: () => void) => void
  private readonly queue: Task[] = []
  private head = 0
  private scheduled = false
  /** A connection was accepted since the last slice; when the slices began to be skipped. */
  private accepted = false
  private skippingSince: number | undefined
  /** The loop's busy time when the last slice ended. */
  private lastEnd: number
  /** A request was refused since the last slice. */
  private refusing = false

  constructor(options: TurnsOptions = {}) {
    this.sliceMs = options.sliceMs ?? SLICE_MS
    this.maxSliceMs = options.maxSliceMs ?? MAX_SLICE_MS
    this.maxWaitMs = options.maxWaitMs ?? 0
    this.now = options.now ?? (() => performance.now())
    this.defer = options.defer ?? ((next) => setImmediate(next))
    this.busy = options.busy ?? busyMs
    this.lastEnd = this.busy()
  }

  /**
   * Runs `work` in a coming turn; the promise settles with what it returns or throws, or with
   * TurnExpired if it `expires` and waited beyond `maxWaitMs` (the rest of a request already begun
   * does not: it is never cut short).
   */
  run<T>(work: () => T, expires = true): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject, queuedAt: this.now(), expires })
      this.schedule()
    })
  }

  /** A connection was accepted: the next slice is skipped (see MAX_SKIP_MS). */
  connected(): void {
    this.accepted = true
  }

  /** A request was refused (shed or not admitted): the next slice takes its fair share. */
  refused(): void {
    this.refusing = true
  }

  /** Tasks waiting for their turn. */
  get waiting(): number {
    return this.queue.length - this.head
  }

  /** How long the oldest waiting task has waited, in milliseconds; 0 when none waits. */
  oldestWaitMs(): number {
    const oldest = this.queue[this.head]
    return oldest === undefined ? 0 : this.now() - oldest.queuedAt
  }

  private schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    this.defer(() => this.slice())
  }

  /** One turn's share: tasks in order until the slice is spent (at least one). */
  private slice(): void {
    this.scheduled = false
    const start = this.now()
    if (this.accepted) {
      this.accepted = false
      this.skippingSince ??= start
      if (start - this.skippingSince < MAX_SKIP_MS) {
        this.schedule()
        return
      }
    }
    this.skippingSince = undefined
    let budget = this.sliceMs
    if (this.refusing) {
      budget = Math.min(this.maxSliceMs, Math.max(budget, this.busy() - this.lastEnd))
      this.refusing = false
    }
    do {
      const task = this.queue[this.head]!
      this.queue[this.head++] = undefined as unknown as Task
      const waited = start - task.queuedAt
      if (task.expires && this.maxWaitMs > 0 && waited > this.maxWaitMs) {
        this.refusing = true
        task.reject(new TurnExpired(waited))
        continue
      }
      try {
        task.resolve(task.work())
      } catch (error) {
        task.reject(error)
      }
    } while (this.head < this.queue.length && this.now() - start < budget)
    this.lastEnd = this.busy()
    if (this.head === this.queue.length) {
      this.queue.length = 0
      this.head = 0
    } else {
      if (this.head >= 1024) {
        this.queue.splice(0, this.head)
        this.head = 0
      }
      this.schedule()
    }
  }
}
