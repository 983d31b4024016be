import Fastify, { type FastifyInstance } from 'fastify'
import app, { type AppOptions } from '../src/app.js'
import { serverOptions } from '../src/server-options.js'
import { heapLimit } from '../src/admission.js'
import seed from '../schemas/examples/yuhua-2021.request.json' with { type: 'json' }
import type { EvaluationRequest } from '../schemas/evaluation-request.js'

interface Teardown {
  teardown(fn: () => unknown): void
}

/**
 * The real app, built through the same plugin and options as the server; closed after the test.
 * Its memory budget is the heap's own limit unless a test sets one: the heap backstop (new scoring
 * requests shed while the heap holds more than the budget) would otherwise read the test process's
 * own garbage (tap's, the fuzzer's megabyte bodies), which on a busy machine passed 512 MiB and had
 * a fuzzed body refused with 503 OVERLOADED in CI. The tests of shedding set their own.
 */
export async function build(t: Teardown, options: AppOptions = {}): Promise<FastifyInstance> {
  const server = Fastify(serverOptions())
  await server.register(app, { memoryBudgetBytes: heapLimit(), ...options })
  await server.ready()
  t.teardown(() => server.close())
  return server
}

/** A fresh copy of the seed department's request (schemas/examples/yuhua-2021.request.json). */
export function seedRequest(): EvaluationRequest {
  return structuredClone(seed) as EvaluationRequest
}

/** The seed department under another name and code, without self scores, with `change` applied. */
export function departmentRequest(
  name: string,
  change: (request: Record<string, any>) => void = () => {},
): Record<string, any> {
  const request = seedRequest() as Record<string, any>
  request.department = { name, code: name.toUpperCase() }
  delete request.selfAssessment
  change(request)
  return request
}
