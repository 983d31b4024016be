import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import underPressure, { type FastifyUnderPressureOptions } from '@fastify/under-pressure'
import { Counter, Gauge, Histogram, type Registry } from 'prom-client'
import type { Admission, Refusal, Ticket } from '../admission.js'
import { Turns, TurnExpired } from '../turns.js'
import { serviceError } from '../errors.js'
import { negotiate, type Format } from '../render/negotiate.js'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Runs a scoring request's work in its turn of the event loop (src/turns.ts); a request whose
     * turn came too late (MAX_SCORING_DELAY_MS) is refused, unscored, with 503 OVERLOADED and Retry-After.
     */
    scoreInTurn<T>(request: FastifyRequest, reply: FastifyReply, work: () => T): Promise<T>
    /** Runs more of a request already begun (a batch's next items) in its turn; it never expires. */
    inTurn<T>(work: () => T): Promise<T>
  }
  interface FastifyContextConfig {
    /**
     * Marks a scoring route: its requests are admitted by memory and shed under pressure. The
     * function gives the bytes a request holds besides its parsed body (its answer), by its headers.
     */
    admission?: (request: FastifyRequest) => number
  }
}

/**
 * What a parsed body holds for each byte of JSON: the body as a string, the objects it parses
 * into, the compiled inline rubrics. Measured on batches whose items carry inline rubrics (16 MiB
 * bodies held about 3.4 times their size each, 16 at once); 4 leaves a margin (README, Limits).
 */
export const BODY_FACTOR = 4

/** Seconds a refused client is asked to wait before it retries. */
export const RETRY_AFTER_SECONDS = 1

/** How often the event-loop delay and the heap are sampled: a lag is noticed within a quarter of a second. */
const SAMPLE_INTERVAL_MS = 250
/**
 * Event-loop lag is not a reason to shed until this long after the server listens: the lag of
 * the start (routes, validators and the document compiled) is still in the first samples, and
 * would refuse a new replica's first requests.
 */
export const WARM_UP_MS = 2000

export interface OverloadOptions {
  readonly admission: Admission
  /** The scoring queue (src/turns.ts); by default one whose tasks wait at most `maxScoringDelay`. */
  readonly turns?: Turns
  /** New scoring requests are shed while the heap holds more bytes than this. */
  readonly maxHeapUsedBytes: number
  /**
   * @fastify/under-pressure's settings beyond the heap backstop: the event-loop threshold
   * (`maxEventLoopDelay`, 0 for none), its sampling, and in tests a health check that fakes pressure.
   */
  readonly shedding: Partial<Pick<FastifyUnderPressureOptions, 'maxEventLoopDelay' | 'sampleInterval' |
    'healthCheck' | 'healthCheckInterval'>> & {
    /** Milliseconds a scoring task may wait for its turn (src/turns.ts) before it is refused; 0: no limit. */
    readonly maxScoringDelay?: number
  }
}

const KiB = 1024
const MiB = 1024 * KiB

/**
 * What a scoring route's answer holds, by the form the Accept header picks: an evaluation's JSON
 * about 64 KiB, a workbook, table or report a few MiB; a batch's streamed JSON its 64 KiB chunks
 * and a digest per item, its workbook or table every result at once (1,000 full evaluations).
 */
export const ANSWER_BYTES = {
  evaluation: { json: 64 * KiB, rendered: 4 * MiB },
  batch: { json: 1 * MiB, rendered: 48 * MiB },
  rubric: { json: 64 * KiB, rendered: 64 * KiB },
} as const

/** A route's `config.admission`: the answer's bytes by the form the request's Accept header picks. */
export function answerBytes(formats: readonly Format[], bytes: { json: number; rendered: number }) {
  return (request: FastifyRequest): number => {
    const format = negotiate(request.headers.accept, formats)
    return format === undefined || format === 'json' ? bytes.json : bytes.rendered
  }
}

/** A request's bytes: the route's estimate of its answer, and its body (the route's limit if no length is given). */
export function requestCost(request: FastifyRequest, answerBytes: number): number {
  const limit = request.routeOptions.bodyLimit
  const declared = Number(request.headers['content-length'])
  const body = Number.isSafeInteger(declared) && declared >= 0 ? Math.min(declared, limit) : limit
  return answerBytes + BODY_FACTOR * body
}

/**
 * Keeps the scoring routes within the memory budget and the event loop responsive. Two guards run
 * before a scoring request's body is read: @fastify/under-pressure sheds it at once (503 OVERLOADED
 * with Retry-After) while the event loop lags beyond its threshold or the heap is over budget; then
 * admission (src/admission.ts) admits it when its estimated bytes fit, lets it wait briefly, or
 * refuses it the same way. Its scoring then waits for its turn in the scoring queue (src/turns.ts,
 * which keeps the loop's turns short, so that under load the lag is in the queue rather than in
 * the loop), and is refused the same way, unscored, when its turn comes later than
 * MAX_SCORING_DELAY_MS. Probes, /metrics and the documentation are never shed or queued, and a
 * request once admitted and scored is answered in full: its room is given back when its answer is
 * done or its client is gone.
 */
async function overload(app: FastifyInstance, options: OverloadOptions): Promise<void> {
  const { admission } = options
  const { maxScoringDelay = 0, ...shedding } = options.shedding
  const turns = options.turns ?? new Turns({ maxWaitMs: maxScoringDelay })
  const registry = app.metricsRegistry as Registry
  const shed = new Counter({
    name: 'requests_shed_total',
    help: 'Scoring requests refused with 503 OVERLOADED, by route and reason: eventLoopDelay, scoringDelay or ' +
      'heapUsedBytes (load shedding), queueFull or queueTimeout (memory admission)',
    labelNames: ['route', 'reason'],
    registers: [registry],
  })
  const queueWait = new Histogram({
    name: 'admission_queue_wait_seconds',
    help: 'Time scoring requests waited in the admission queue, admitted or refused (those admitted at once ' +
      'are not observed)',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  })
  const admitted = new Counter({
    name: 'admission_bytes_admitted_total',
    help: 'Bytes admitted: the estimated memory of every scoring request admitted',
    registers: [registry],
  })
  new Gauge({
    name: 'admission_bytes_in_flight',
    help: 'Estimated bytes held by the scoring requests in flight',
    registers: [registry],
    collect() {
      this.set(admission.inFlightBytes)
    },
  })
  new Gauge({
    name: 'admission_budget_bytes',
    help: 'Bytes the scoring requests in flight may hold together (MEMORY_BUDGET_MB less the reserve)',
    registers: [registry],
    collect() {
      this.set(admission.settings.budgetBytes)
    },
  })
  new Gauge({
    name: 'admission_queue_length',
    help: 'Scoring requests waiting for memory',
    registers: [registry],
    collect() {
      this.set(admission.waiting)
    },
  })

  new Gauge({
    name: 'scoring_queue_length',
    help: 'Scoring tasks waiting for their turn of the event loop',
    registers: [registry],
    collect() {
      this.set(turns.waiting)
    },
  })
  new Gauge({
    name: 'scoring_delay_seconds',
    help: 'How long the oldest scoring task has waited for its turn (MAX_SCORING_DELAY_MS refuses beyond it)',
    registers: [registry],
    collect() {
      this.set(turns.oldestWaitMs() / 1000)
    },
  })

  const refuse = (request: FastifyRequest, reply: FastifyReply, reason: string, cpu: boolean) => {
    shed.inc({ route: request.routeOptions.url!, reason })
    turns.refused()
    reply.header('retry-after', String(RETRY_AFTER_SECONDS))
    return serviceError('OVERLOADED', cpu ? { cpu } : {})
  }

  // Each connection accepted tells the scoring queue that more may be waiting (src/turns.ts).
  app.server.on('connection', () => turns.connected())

  let warm = false
  app.addHook('onListen', (done) => {
    setTimeout(() => (warm = true), WARM_UP_MS).unref()
    done()
  })

  await app.register(underPressure, {
    sampleInterval: SAMPLE_INTERVAL_MS,
    ...shedding,
    maxHeapUsedBytes: options.maxHeapUsedBytes,
    pressureHandler: (request, reply, type) => {
      // Probes, metrics and the documentation carry on under pressure.
      if (request.routeOptions.config.admission === undefined) return undefined
      if (type === 'eventLoopDelay' && !warm) return undefined
      return Promise.reject(refuse(request, reply, type, type !== 'heapUsedBytes'))
    },
  })

  new Gauge({
    name: 'event_loop_delay_seconds',
    help: 'Mean event-loop delay over the last sample, as load shedding sees it (MAX_EVENT_LOOP_DELAY_MS)',
    registers: [registry],
    collect() {
      this.set(app.memoryUsage().eventLoopDelay / 1000)
    },
  })

  app.decorate('scoreInTurn', async <T>(request: FastifyRequest, reply: FastifyReply, work: () => T): Promise<T> => {
    try {
      return await turns.run(work)
    } catch (error) {
      throw error instanceof TurnExpired ? refuse(request, reply, 'scoringDelay', true) : error
    }
  })

  app.decorate('inTurn', <T>(work: () => T): Promise<T> => turns.run(work, false))

  app.addHook('onRequest', (request, reply, done) => {
    const answerBytes = request.routeOptions.config.admission
    if (answerBytes === undefined) return done()
    let ticket: Ticket | undefined
    const bytes = requestCost(request, answerBytes(request))
    const withdraw = admission.admit(bytes, (outcome: Ticket | Refusal, waitedMs) => {
      if (waitedMs > 0) queueWait.observe(waitedMs / 1000)
      if (typeof outcome === 'string') return done(refuse(request, reply, outcome, false))
      ticket = outcome
      admitted.inc(outcome.cost)
      done()
    })
    // The answer is done, or its client went away (while it waited, or was scored).
    reply.raw.once('close', () => (ticket ? admission.release(ticket) : withdraw()))
  })
}

export default fp(overload, { name: 'overload', dependencies: ['problems', 'metrics'] })
