// `node --import tsx bench/validation.ts`: what schema validation of a request body costs, as the
// route compiles it (compileSchema on EvaluationRequestBodySchema). Not a test.
// `--quick` runs each part briefly; `--compile-once` is the child that times one cold compile.
import { spawnSync } from 'node:child_process'
import seed from '../schemas/examples/yuhua-2021.request.json' with { type: 'json' }
import { departments } from './departments.js'

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

/** The request validator exactly as the routes build it, and how long building it took. */
async function requestValidator() {
  const { EvaluationRequestBodySchema } = await import('../schemas/evaluation-request.js')
  const began = performance.now()
  const cpu = process.cpuUsage()
  const { compileSchema } = await import('../src/validation/ajv.js')
  const validate = compileSchema(EvaluationRequestBodySchema)
  return { validate, compileMs: performance.now() - began, compileCpuMs: cpuMs(cpu) }
}

/** CPU milliseconds of this process since `since`: on a shared machine, steadier than the clock. */
const cpuMs = (since: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(since)
  return (user + system) / 1000
}

/**
 * Microseconds per call of `validate` on `bodies` in turn, by the clock and in CPU time: the
 * medians of `runs` runs of `seconds` in all, after a warm-up.
 */
function microsPerBody(
  validate: (body: unknown) => boolean,
  bodies: readonly unknown[],
  seconds: number,
  runs = 5,
): { wall: number; cpu: number } {
  for (const body of bodies) if (!validate(body)) throw new Error('bench/validation.ts: a benchmark body is not valid')
  const run = (milliseconds: number) => {
    let count = 0
    const began = performance.now()
    const cpu = process.cpuUsage()
    while (performance.now() - began < milliseconds) {
      for (let repeat = 0; repeat < 100; repeat++) for (const body of bodies) validate(body)
      count += 100 * bodies.length
    }
    return { wall: ((performance.now() - began) * 1000) / count, cpu: (cpuMs(cpu) * 1000) / count }
  }
  run(Math.min(1000, seconds * 1000))
  const results = Array.from({ length: runs }, () => run((seconds * 1000) / runs))
  return { wall: median(results.map((result) => result.wall)), cpu: median(results.map((result) => result.cpu)) }
}

/** µs per valid body for the seed department: the row of bench/index.ts. */
export async function validationMicros(seconds = 2): Promise<number> {
  const { validate } = await requestValidator()
  return microsPerBody(validate, [seed], seconds).wall
}

async function compileOnce(): Promise<void> {
  const { validate, compileMs, compileCpuMs } = await requestValidator()
  const began = performance.now()
  const cpu = process.cpuUsage()
  validate({})
  console.log(
    JSON.stringify({ compileMs, compileCpuMs, detailedMs: performance.now() - began, detailedCpuMs: cpuMs(cpu) }),
  )
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick')
  const seconds = quick ? 0.3 : 3
  const children = quick ? 1 : 5
  const cold = Array.from({ length: children }, () => {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', new URL(import.meta.url).pathname, '--compile-once'],
      { encoding: 'utf8' },
    )
    if (child.status !== 0) throw new Error(`bench/validation.ts --compile-once: ${child.stderr}`)
    return JSON.parse(child.stdout) as Record<'compileMs' | 'compileCpuMs' | 'detailedMs' | 'detailedCpuMs', number>
  })
  const { validate } = await requestValidator()
  const generated = departments(50)
  const seedMicros = microsPerBody(validate, [seed], seconds)
  const generatedMicros = microsPerBody(validate, generated, seconds)
  console.log(`Node ${process.version}${quick ? ' (--quick: figures are not meaningful)' : ''}`)
  const micros = ({ wall, cpu }: { wall: number; cpu: number }) => `${wall.toFixed(2)} µs (${cpu.toFixed(2)} µs of CPU)`
  console.log(`valid seed body:              ${micros(seedMicros)}, median of 5`)
  console.log(`valid generated departments:  ${micros(generatedMicros)} per body, 50 bodies in turn, median of 5`)
  const figure = (wall: number[], cpu: number[]) =>
    `${median(wall).toFixed(0)} ms (${median(cpu).toFixed(0)} ms of CPU)`
  console.log(
    `compile, first-error stage:   ${figure(
      cold.map((c) => c.compileMs),
      cold.map((c) => c.compileCpuMs),
    )}, a fresh process, median of ${children}`,
  )
  console.log(
    `compile, detailed stage:      ${figure(
      cold.map((c) => c.detailedMs),
      cold.map((c) => c.detailedCpuMs),
    )}, when the first body fails`,
  )
}

if (process.argv.includes('--compile-once')) await compileOnce()
else if (import.meta.url === `file://${process.argv[1]}`) await main()
