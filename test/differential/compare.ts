/**
 * The one comparison of the differential test, shared by test/differential/differential.test.ts
 * and scripts/differential-long.ts: a generated case is answered by the reference and by the fast
 * path, in both views, and the texts must be the same bytes; a refused case must be refused by
 * both with the same code and the same errors. A difference throws, naming the view, the first
 * JSON path where the answers part and the body.
 */
import { isDeepStrictEqual } from 'node:util'
import { EvaluationRequestSchema } from '../../schemas/evaluation-request.js'
import { ServiceError } from '../../src/errors.js'
import type { RubricRegistry } from '../../src/rubrics/index.js'
import { quoteOutOfContractNumbers } from '../../src/plugins/json-numbers.js'
import { compileSchema } from '../../src/validation/ajv.js'
import * as engines from './engines.js'
import { type DifferentialCase, MODES, bodyText } from './requests.js'

/** The three functions of engines.ts, as a value, so that a test can hand in a broken fast path. */
export interface Engines {
  readonly referenceAnswer: typeof engines.referenceAnswer
  readonly fastAnswer: typeof engines.fastAnswer
  readonly referenceScoresView: typeof engines.referenceScoresView
}

export const ENGINES: Engines = engines

/** What the reference did with a case: answered it, or refused it and why. */
export type Outcome = 'answered' | 'crossField' | 'rubricRefused' | 'unknownRubric'

/** The service's own validator of a body: a body it refuses is never scored, so it is no case. */
const validBody = compileSchema(EvaluationRequestSchema)

export class Mismatch extends Error {
  override readonly name = 'Mismatch'
}

type Answer = { readonly text: string } | { readonly error: unknown }

function answer(run: () => string): Answer {
  try {
    return { text: run() }
  } catch (error) {
    return { error }
  }
}

/** The first JSON Pointer where two values differ, or undefined when they are deep-equal. */
export function firstDifference(expected: unknown, actual: unknown, at = ''): string | undefined {
  if (
    expected !== null &&
    actual !== null &&
    typeof expected === 'object' &&
    typeof actual === 'object' &&
    Array.isArray(expected) === Array.isArray(actual)
  ) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])]
    for (const key of keys) {
      const found = firstDifference(
        (expected as Record<string, unknown>)[key],
        (actual as Record<string, unknown>)[key],
        `${at}/${key}`,
      )
      if (found !== undefined) return found
    }
    return undefined
  }
  return isDeepStrictEqual(expected, actual) ? undefined : at
}

const excerpt = (text: string, at: number) => JSON.stringify(text.slice(Math.max(0, at - 60), at + 60))

/**
 * Why two answer texts differ: the path and both values, or, when they are equal as values, the
 * first byte that differs.
 */
export function describeDifference(expected: string, actual: string): string {
  let parsedExpected: unknown
  let parsedActual: unknown
  try {
    parsedExpected = JSON.parse(expected)
    parsedActual = JSON.parse(actual)
  } catch {
    parsedActual = undefined
  }
  const path = parsedActual === undefined ? undefined : firstDifference(parsedExpected, parsedActual)
  if (path !== undefined) {
    const at = (value: unknown) =>
      path
        .split('/')
        .slice(1)
        .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], value)
    return `at ${path || '/'}: expected ${JSON.stringify(at(parsedExpected))}, got ${JSON.stringify(at(parsedActual))}`
  }
  let offset = 0
  while (offset < expected.length && expected[offset] === actual[offset]) offset++
  const what =
    parsedActual === undefined
      ? 'the fast answer is not JSON'
      : 'equal values, other bytes (key order or number format)'
  return `${what}; first differing byte at offset ${offset}: expected …${excerpt(expected, offset)}…, got …${excerpt(actual, offset)}…`
}

function describeError(error: unknown): string {
  if (error instanceof ServiceError) return `ServiceError ${error.code} ${JSON.stringify(error.errors ?? [])}`
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}

/**
 * Why the fast answer is not the reference's (the same text, or the same refusal: code and errors,
 * in order), or undefined.
 */
function difference(expected: Answer, actual: Answer): string | undefined {
  if ('text' in expected) {
    if (!('text' in actual)) return `the reference answered, the fast path threw ${describeError(actual.error)}`
    return actual.text === expected.text ? undefined : describeDifference(expected.text, actual.text)
  }
  const reference = expected.error as ServiceError
  if (!('error' in actual))
    return `the reference refused the request (${describeError(reference)}), the fast path answered`
  const fast = actual.error
  if (fast instanceof ServiceError && fast.code === reference.code && isDeepStrictEqual(fast.errors, reference.errors))
    return undefined
  return `the reference refused with ${describeError(reference)}, the fast path with ${describeError(fast)}`
}

function outcomeOf(answer: Answer): Outcome {
  if ('text' in answer) return 'answered'
  const error = answer.error as ServiceError
  if (error.code === 'RUBRIC_NOT_FOUND') return 'unknownRubric'
  return error.errors!.every((problem) => problem.pointer.startsWith('/rubric/')) ? 'rubricRefused' : 'crossField'
}

/**
 * Compares the engines on one case; returns what the reference did with it (and its full answer
 * text), or throws a Mismatch whose message has the body.
 */
export function compareCase(
  testCase: DifferentialCase,
  rubrics: RubricRegistry,
  use: Engines = ENGINES,
): { outcome: Outcome; text?: string } {
  const { body, language } = testCase
  const withBody = (message: string) => `${message}\nlanguage: ${language}\nbody: ${bodyText(body)}`
  // Compact JSON, not bodyText: this runs for every case (a -0 turned into 0 would go unnoticed).
  const before = JSON.stringify(body)
  // Only bodies the service scores: its JSON parser turns a number with an exponent or too many
  // digits into a string (so JSON.stringify must write every number as the client could), and
  // its validator must accept the body.
  const refused =
    quoteOutOfContractNumbers(before) !== before
      ? ['a JSON number outside the contract (an exponent, a 7th decimal or a 16th significant digit)']
      : []
  if (!validBody(body))
    refused.push(...validBody.errors!.slice(0, 5).map((error) => `${error.instancePath}: ${error.message}`))
  if (refused.length > 0)
    throw new Mismatch(
      withBody(
        `the generator made a body the service refuses (fix test/differential/requests.ts): ${refused.join('; ')}`,
      ),
    )
  const full = answer(() => use.referenceAnswer(body, rubrics, language))
  if ('error' in full && !(full.error instanceof ServiceError))
    throw new Mismatch(withBody(`the reference itself failed: ${describeError(full.error)}`))
  const scores = answer(() => use.referenceScoresView(body, rubrics, language))
  for (const [view, expected] of [
    ['full', full],
    ['scores', scores],
  ] as const) {
    const why = difference(
      expected,
      answer(() => use.fastAnswer(body, rubrics, language, view)),
    )
    if (why !== undefined) throw new Mismatch(withBody(`view ${view}: ${why}`))
  }
  if (JSON.stringify(body) !== before) throw new Mismatch(withBody('the request body was changed while it was scored'))
  return 'text' in full ? { outcome: 'answered', text: full.text } : { outcome: outcomeOf(full) }
}

/** The figures of a run: what was generated and what the reference did with it. */
export class Tally {
  cases = 0
  custom = 0
  readonly outcomes: Record<Outcome, number> = { answered: 0, crossField: 0, rubricRefused: 0, unknownRubric: 0 }
  readonly modes: Record<string, number> = Object.fromEntries([...MODES.map((mode) => [mode, 0]), ['default', 0]])
  readonly rounding: Record<'rounded' | 'unrounded', number> = { rounded: 0, unrounded: 0 }
  /** Reason codes, warning codes and notes seen in the answers: evidence that every branch was reached. */
  readonly seen = new Map<string, number>()

  add(testCase: DifferentialCase, result: { outcome: Outcome; text?: string }): void {
    this.cases++
    const { body } = testCase
    if (body.rubric) this.custom++
    this.outcomes[result.outcome]++
    this.modes[body.options?.deductionMode ?? 'default']!++
    this.rounding[body.options?.roundRateBeforeScoring === false ? 'unrounded' : 'rounded']++
    if (result.text === undefined) return
    for (const match of result.text.matchAll(
      /"reason":\{"code":"([A-Z_]+)"|"code":"(THREE_PUBLIC_PRIOR_BUDGET_FALLBACK|BREAKDOWN_MISMATCH)"|"(unroundedRate|negative|capped)":(?!false)/g,
    )) {
      const key = match[1] ?? match[2] ?? match[3]!
      this.seen.set(key, (this.seen.get(key) ?? 0) + 1)
    }
  }

  summary(): string {
    const modes = Object.entries(this.modes)
      .map(([mode, count]) => `${mode} ${count}`)
      .join(', ')
    const seen = [...this.seen.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, count]) => `${key} ${count}`)
      .join(', ')
    return [
      `cases: ${this.cases} (custom rubric: ${this.custom})`,
      `answered: ${this.outcomes.answered}; refused by cross-field rules: ${this.outcomes.crossField}; inline rubric refused: ${this.outcomes.rubricRefused}; unknown rubric: ${this.outcomes.unknownRubric}`,
      `deduction modes: ${modes}; rates rounded before scoring: ${this.rounding.rounded}, unrounded: ${this.rounding.unrounded}`,
      `reasons, warnings and notes in the answers: ${seen}`,
    ].join('\n')
  }
}
