import type { FastifyInstance } from 'fastify'

export interface ShutdownOptions {
  /** Milliseconds in-flight requests get to finish before they are cut. */
  readonly graceMs: number
  /** Where the signals come from and how the process ends; the process itself but in tests. */
  readonly signals?: Pick<NodeJS.EventEmitter, 'on'>
  readonly exit?: (code: number) => void
}

/**
 * Graceful stop on SIGTERM or SIGINT: readiness turns 503 and the listener closes at once;
 * in-flight requests finish, each answer closing its connection (see plugins/health.ts), and the
 * process exits 0. Whatever is still open after the grace is cut, and the exit code (1) says so;
 * so does a second signal, for whoever presses Ctrl-C twice. Node runs as PID 1 in the image,
 * where a signal without a handler does nothing, so these handlers are what ends it.
 */
export function closeOnSignals(
  server: FastifyInstance,
  { graceMs, signals = process, exit: exitNow = process.exit }: ShutdownOptions,
): void {
  // pino writes to stdout asynchronously: exiting at once could lose or reorder the last lines.
  const logger = server.log as { flush?: (done: () => void) => void }
  const exit = (code: number) => (logger.flush ? logger.flush(() => exitNow(code)) : exitNow(code))
  let stopping = false
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    signals.on(signal, () => {
      if (stopping) {
        server.log.warn({ signal }, 'second signal; exiting at once')
        exit(1)
        return
      }
      stopping = true
      const started = Date.now()
      server.log.info({ signal, graceMs }, 'shutting down')
      const timer = setTimeout(() => {
        server.log.error({ graceMs }, 'in-flight requests outlived the grace; cutting them')
        exit(1)
      }, graceMs)
      server.close().then(
        () => {
          clearTimeout(timer)
          server.log.info({ ms: Date.now() - started }, 'stopped')
          exit(0)
        },
        (error: unknown) => {
          clearTimeout(timer)
          server.log.error({ err: error }, 'the stop failed')
          exit(1)
        },
      )
    })
  }
}
