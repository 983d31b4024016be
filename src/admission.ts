import { readFileSync } from 'node:fs'
import { getHeapStatistics } from 'node:v8'

const MiB = 1024 * 1024

/** What the process holds at rest (Node, the code, the compiled rubrics, the caches): not lent to requests. */
export const RESERVED_BYTES = 128 * MiB

/** The budget when no cgroup limit is found: the Deployment's own limit (deploy/deployment.yaml). */
export const DEFAULT_BUDGET_BYTES = 512 * MiB

/** The share of a cgroup limit the process plans to use; the rest absorbs garbage not yet collected. */
export const CGROUP_SHARE = 0.75

/** How many scoring requests may wait for memory at once; one more is refused at once. */
export const QUEUE_LIMIT = 256

/** Where a container's memory limit is: cgroup v2, then v1. */
export const CGROUP_FILES = ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes'] as const

/**
 * The memory limit of the process's cgroup in bytes, or null when there is none. cgroup v2 writes
 * "max" for no limit; v1 a number near 2^63, which no machine has (anything from 2^50, 1 PiB, up
 * is read as no limit).
 */
export function cgroupLimit(read: (path: string) => string = (path) => readFileSync(path, 'utf8')): number | null {
  for (const path of CGROUP_FILES) {
    let text: string
    try {
      text = read(path).trim()
    } catch {
      continue
    }
    const bytes = /^\d+$/.test(text) ? Number(text) : NaN
    return bytes > 0 && bytes < 2 ** 50 ? bytes : null
  }
  return null
}

/**
 * The memory budget of the process in bytes: MEMORY_BUDGET_MB when it is set, else three quarters
 * of the cgroup limit, else 512 MiB.
 */
export function memoryBudget(configuredMb: number | null, limit: number | null = cgroupLimit()): number {
  if (configuredMb !== null) return configuredMb * MiB
  return limit === null ? DEFAULT_BUDGET_BYTES : Math.floor(limit * CGROUP_SHARE)
}

/** What the heap holds at rest (the code's objects, the compiled rubrics): not lent to requests. */
export const HEAP_RESERVED_BYTES = 64 * MiB

/** V8's heap limit: by default about half the cgroup limit (259 MiB under 512 Mi), or --max-old-space-size. */
export const heapLimit = (): number => getHeapStatistics().heap_size_limit

/**
 * What the requests in flight may hold together: the process budget less what the process holds
 * at rest, and no more than the heap can take (the parsed bodies live in it; beyond its limit
 * the process dies as surely as by the kernel's hand); at least 32 MiB.
 */
export function workBudget(budgetBytes: number, heapLimitBytes: number = heapLimit()): number {
  return Math.max(32 * MiB, Math.min(budgetBytes - RESERVED_BYTES, heapLimitBytes - HEAP_RESERVED_BYTES))
}

export interface AdmissionSettings {
  /** Bytes the requests in flight may hold together. */
  readonly budgetBytes: number
  /** Milliseconds a request may wait for room; 0 refuses at once. */
  readonly waitMs: number
  /** Requests that may wait at once; one more is refused at once. */
  readonly queueLimit: number
}

/** Room held by an admitted request until it is released. */
export interface Ticket {
  readonly cost: number
  released: boolean
}

/** Why a request was not admitted: the queue was full (or waiting is off), or its wait ran out. */
export type Refusal = 'queueFull' | 'queueTimeout'

interface Waiting {
  readonly cost: number
  readonly since: number
  readonly settle: (outcome: Ticket | Refusal, waitedMs: number) => void
  timer?: ReturnType<typeof setTimeout>
}

/** The withdrawal of a request that is not waiting. */
const NOTHING_TO_WITHDRAW = (): void => {}

/**
 * Memory admission: each request declares what it will hold (estimated from its route and its
 * content-length before the body is read) and is admitted while the sum of the requests in flight
 * stays within the budget. A request that does not fit waits in a first-in, first-out queue of
 * bounded length for at most `waitMs`, or is refused; it is never admitted half. A request larger
 * than the whole budget is counted as the whole budget: it runs alone rather than never.
 */
export class Admission {
  #inFlight = 0
  #admitted = 0
  readonly #queue: Waiting[] = []

  constructor(readonly settings: AdmissionSettings) {}

  /** Bytes held by the requests in flight. */
  get inFlightBytes(): number {
    return this.#inFlight
  }

  /** Requests in flight. */
  get admitted(): number {
    return this.#admitted
  }

  /** Requests waiting for room. */
  get waiting(): number {
    return this.#queue.length
  }

  /**
   * Admits a request of `cost` bytes: at once (`settle` is called before admit returns) when it
   * fits and nobody waits before it, after a wait when room is made in time, or refused. Returns a
   * function that withdraws a request still waiting (its client went away); it does nothing later.
   */
  admit(costBytes: number, settle: (outcome: Ticket | Refusal, waitedMs: number) => void): () => void {
    const cost = Math.min(costBytes, this.settings.budgetBytes)
    if (this.#queue.length === 0 && this.#fits(cost)) {
      settle(this.#take(cost), 0)
      return NOTHING_TO_WITHDRAW
    }
    if (this.settings.waitMs === 0 || this.#queue.length >= this.settings.queueLimit) {
      settle('queueFull', 0)
      return NOTHING_TO_WITHDRAW
    }
    const waiting: Waiting = { cost, since: performance.now(), settle }
    waiting.timer = setTimeout(() => {
      this.#remove(waiting)
      settle('queueTimeout', performance.now() - waiting.since)
      // The head may have been what held the others back.
      this.#drain()
    }, this.settings.waitMs)
    this.#queue.push(waiting)
    return () => {
      if (this.#remove(waiting)) {
        clearTimeout(waiting.timer)
        this.#drain()
      }
    }
  }

  /** Gives an admitted request's room back (once) and admits those waiting that now fit. */
  release(ticket: Ticket): void {
    if (ticket.released) return
    ticket.released = true
    this.#inFlight -= ticket.cost
    this.#admitted--
    this.#drain()
  }

  #fits(cost: number): boolean {
    return this.#inFlight + cost <= this.settings.budgetBytes
  }

  #take(cost: number): Ticket {
    this.#inFlight += cost
    this.#admitted++
    return { cost, released: false }
  }

  #remove(waiting: Waiting): boolean {
    const index = this.#queue.indexOf(waiting)
    if (index < 0) return false
    this.#queue.splice(index, 1)
    return true
  }

  #drain(): void {
    while (this.#queue.length > 0 && this.#fits(this.#queue[0]!.cost)) {
      const next = this.#queue.shift()!
      clearTimeout(next.timer)
      next.settle(this.#take(next.cost), performance.now() - next.since)
    }
  }
}
