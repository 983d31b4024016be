import { describeProblems, parseConfig } from './config.js'

// The configuration first, before Fastify and the app load: a bad value is refused at once.
const parsed = parseConfig(process.env)
if (!parsed.ok) {
  console.error(describeProblems(parsed.problems))
  process.exit(1)
}
const { config } = parsed
const [{ default: Fastify }, { default: app }, { serverOptions }, { closeOnSignals }, admission] = await Promise.all([
  import('fastify'),
  import('./app.js'),
  import('./server-options.js'),
  import('./shutdown.js'),
  import('./admission.js'),
])

const server = Fastify(serverOptions({ level: config.logLevel }, config))
const limit = admission.cgroupLimit()
const budgetBytes = admission.memoryBudget(config.memoryBudgetMb, limit)
const work = admission.workBudget(budgetBytes)
await server.register(app, {
  docs: config.docsEnabled,
  corsOrigins: config.corsOrigins,
  apiKeys: config.apiKeys,
  memoryBudgetBytes: budgetBytes,
  admission: new admission.Admission({
    budgetBytes: work,
    waitMs: config.admissionWaitMs,
    queueLimit: admission.QUEUE_LIMIT,
  }),
  shedding: { maxEventLoopDelay: config.maxEventLoopDelayMs, maxScoringDelay: config.maxScoringDelayMs },
})
const heapLimit = admission.heapLimit()
server.log.info({ cgroupLimit: limit, heapLimit, budgetBytes, admissionBytes: work }, 'memory budget')

closeOnSignals(server, { graceMs: config.shutdownGraceMs })

try {
  await server.listen({ port: config.port, host: config.host })
} catch (error) {
  // A port in use or not permitted (below 1024 as a non-root user), a host that does not resolve.
  console.error(`Cannot listen on HOST=${config.host} PORT=${config.port}: ${(error as Error).message}`)
  process.exit(1)
}
