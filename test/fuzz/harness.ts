/**
 * The fuzz campaign against POST /v1/evaluations, shared by test/fuzz/fuzz.test.ts (a fixed seed,
 * a few hundred bodies) and scripts/fuzz-long.ts (10,000 and more, any seed). It sends three
 * families of bodies through one app instance and checks every answer:
 *
 * - valid: generated from the schema (arbitraries.ts); scored 200, or refused by a cross-field
 *   rule with a proper 400, or 404 for a rubricId no rubric has;
 * - nearValid: one thing broken; a 400 VALIDATION_FAILED naming the broken field;
 * - damaged: the seed broken blindly (damage.ts); whatever the answer, it is well formed, and
 *   it is the one the damage calls for where that is certain (malformed JSON, a forbidden key,
 *   a body over 1 MiB, a content type that is not JSON, a JSON content type spelled oddly).
 *
 * Invariants for every answer: never a 5xx; every non-200 is an RFC 9457 problem document whose
 * `status` is the HTTP status; every 400 VALIDATION_FAILED names fields by JSON Pointer; every
 * 200 has a `totalScore` with two decimals.
 */
import type { FastifyInstance } from 'fastify'
import fc from 'fast-check'
import { Decimal } from 'decimal.js'
import { EvaluationRequestSchema } from '../../schemas/evaluation-request.js'
import seed from '../../schemas/examples/yuhua-2021.request.json' with { type: 'json' }
import { type JsonSchema, type NearValid, isValid, nearValidBodies, toJsonText, validBodies } from './arbitraries.js'
import { BODY_LIMIT, type Damaged, damagedBodies, isJsonType } from './damage.js'

const SCHEMA = EvaluationRequestSchema as unknown as JsonSchema
const URL = '/v1/evaluations'
const CANONICAL = 'application/json'

export type Family = 'valid' | 'nearValid' | 'damaged'
/** How the runs are split between the families. */
const SHARES: Record<Family, number> = { valid: 0.4, nearValid: 0.3, damaged: 0.3 }

export interface FuzzOptions {
  readonly seed: number
  /** Bodies to generate, over the three families (a damaged body with an odd content type is sent twice). */
  readonly runs: number
  /**
   * Throw at the first violation, with fast-check's shrunk counterexample (the test); else collect
   * them (the long run).
   */
  readonly stopAtFirst: boolean
  /** Called after each body, e.g. to print progress. */
  readonly onBody?: (figures: Figures) => void
}

export interface Violation {
  readonly family: Family
  readonly label: string
  readonly contentType: string | undefined
  /** The whole payload, to replay it. */
  readonly payload: string
  readonly status: number
  readonly answer: string
  readonly problems: readonly string[]
}

export interface Figures {
  seed: number
  bodies: number
  requests: number
  statuses: Record<string, number>
  families: Record<Family, number>
  /** Valid-by-construction bodies: scored, or refused by a cross-field rule / an unknown rubricId. */
  validScored: number
  validRefused: number
  violations: Violation[]
  elapsedMs: number
}

interface Answer {
  readonly status: number
  readonly type: string
  readonly text: string
  readonly json: Record<string, unknown> | undefined
}

interface Case {
  readonly family: Family
  readonly label: string
  readonly payload: string
  readonly contentType: string | undefined
  /** The valid body, for the valid family. */
  readonly body?: unknown
  readonly near?: NearValid
}

/** At most this many characters of a payload or an answer in a report. */
const EXCERPT = 1500
export const excerpt = (text: string) =>
  text.length > EXCERPT ? `${text.slice(0, EXCERPT)}… (${text.length} characters)` : text

/** Cases print as a short summary in fast-check's report, not as 300 KB of JSON. */
function asCase(value: Case): Case {
  return Object.assign(value, {
    [fc.toStringMethod]: () =>
      `${value.family}: ${value.label} [${String(value.contentType)}] ${excerpt(value.payload)}`,
  })
}

/**
 * Rules that only the schema (Ajv, via src/validation/schema-errors.ts) reports: a body valid by
 * construction must never be refused with one of them. The cross-field rules of
 * src/validation/check-request.ts (positive, atMostFundsAvailable, rateOrCounts, maximum for a
 * rate, unknownIndicator, …) and of an inline rubric are fine; 'decimal' is not, because the
 * generator writes no number JavaScript would print with an exponent.
 */
const SCHEMA_ONLY_RULES = new Set([
  'required',
  'additionalProperties',
  'type',
  'integer',
  'minLength',
  'maxLength',
  'pattern',
  'maxProperties',
  'minItems',
  'maxItems',
  'minimum',
  'decimal',
])

const POINTER = /^(\/[^/~]*(~[01][^/~]*)*)*$/
const SCORE = /^\d+\.\d{2}$/

/**
 * SCORING.md's arithmetic, whatever the data: every indicator within 0..its maximum, the total the
 * sum of the indicators scored, and a grade exactly when the evaluation is complete.
 */
function scoresAddUp(evaluation: Record<string, unknown>, total: string): string[] {
  const problems: string[] = []
  const indicators = evaluation.indicators as Array<{ id: string; score: string | null; maxScore: string }>
  let sum = new Decimal(0)
  for (const { id, score, maxScore } of indicators) {
    if (score === null) continue
    if (!SCORE.test(score) || new Decimal(score).gt(maxScore))
      problems.push(`a 200 in which ${id} scores ${score} of ${maxScore}`)
    else sum = sum.plus(score)
  }
  if (!sum.eq(total)) problems.push(`a 200 whose total ${total} is not the sum of its indicators, ${sum.toFixed(2)}`)
  if ((evaluation.grade === null) !== (evaluation.complete === false))
    problems.push(`a 200 with grade ${JSON.stringify(evaluation.grade)} and complete ${String(evaluation.complete)}`)
  return problems
}

/** The invariants every answer keeps, whatever was sent. */
function wellFormed(answer: Answer): string[] {
  const problems: string[] = []
  if (answer.status >= 500) problems.push(`a ${answer.status}`)
  if (answer.status === 200) {
    if (!/^application\/json/.test(answer.type)) problems.push(`a 200 with content-type ${answer.type}`)
    const total = answer.json?.totalScore
    if (typeof total !== 'string' || !SCORE.test(total))
      problems.push(`a 200 whose totalScore is ${JSON.stringify(total)}, not ^\\d+\\.\\d{2}$`)
    else problems.push(...scoresAddUp(answer.json!, total))
    return problems
  }
  if (!/^application\/problem\+json/.test(answer.type))
    problems.push(`a ${answer.status} with content-type ${answer.type}, not application/problem+json`)
  const doc = answer.json
  if (!doc) return [...problems, `a ${answer.status} whose body is not a JSON object`]
  for (const field of ['type', 'title', 'detail', 'code', 'instance', 'requestId']) {
    if (typeof doc[field] !== 'string' || doc[field] === '') problems.push(`a problem without a string ${field}`)
  }
  if (doc.status !== answer.status)
    problems.push(`a problem whose status ${JSON.stringify(doc.status)} is not the HTTP status ${answer.status}`)
  if (doc.instance !== URL) problems.push(`a problem whose instance is ${JSON.stringify(doc.instance)}`)
  if (doc.code === 'VALIDATION_FAILED') {
    const errors = doc.errors
    if (!Array.isArray(errors) || errors.length === 0) problems.push('a VALIDATION_FAILED without errors')
    else {
      for (const error of errors as Array<Record<string, unknown>>) {
        if (typeof error.pointer !== 'string' || !POINTER.test(error.pointer))
          problems.push(`an error whose pointer ${JSON.stringify(error.pointer)} is not a JSON Pointer`)
        if (typeof error.rule !== 'string' || typeof error.message !== 'string')
          problems.push(`an error without a string rule and message: ${JSON.stringify(error).slice(0, 200)}`)
      }
    }
  }
  return problems
}

const errorsOf = (answer: Answer) =>
  Array.isArray(answer.json?.errors) ? (answer.json.errors as Array<{ pointer: string; rule: string }>) : []
const codeOf = (answer: Answer) => answer.json?.code

/** `ancestor` is `pointer` or one of the pointers above it. */
const isAncestor = (ancestor: string, pointer: string) => pointer === ancestor || pointer.startsWith(`${ancestor}/`)

/**
 * A key that secure-json-parse must refuse: an own __proto__, or a constructor with a prototype.
 * Iterative, because a damaged body may be nested 100,000 deep.
 */
function hasForbiddenKey(value: unknown): boolean {
  const stack = [value]
  while (stack.length > 0) {
    const node = stack.pop()
    if (node === null || typeof node !== 'object') continue
    if (Object.hasOwn(node, '__proto__')) return true
    const constructor = (node as Record<string, unknown>).constructor
    if (
      Object.hasOwn(node, 'constructor') &&
      constructor !== null &&
      typeof constructor === 'object' &&
      Object.hasOwn(constructor, 'prototype')
    )
      return true
    for (const child of Object.values(node)) stack.push(child)
  }
  return false
}

/** Parses like the service (JSON.parse); `undefined` when the text is not JSON. */
function parse(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) }
  } catch {
    return undefined
  }
}

export async function fuzzEvaluations(app: FastifyInstance, options: FuzzOptions): Promise<Figures> {
  const started = performance.now()
  const figures: Figures = {
    seed: options.seed, bodies: 0, requests: 0, statuses: {}, families: { valid: 0, nearValid: 0, damaged: 0 },
    validScored: 0, validRefused: 0, violations: [], elapsedMs: 0,
  }

  async function send(payload: string, contentType: string | undefined): Promise<Answer> {
    const response = await app.inject({
      method: 'POST',
      url: URL,
      headers: contentType === undefined ? {} : { 'content-type': contentType },
      payload,
    })
    figures.requests++
    figures.statuses[response.statusCode] = (figures.statuses[response.statusCode] ?? 0) + 1
    const parsed = parse(response.body)?.value
    const json =
      parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : undefined
    return {
      status: response.statusCode,
      type: String(response.headers['content-type'] ?? ''),
      text: response.body,
      json,
    }
  }

  // The built-in rubrics, so that a 404 for an unknown rubricId is told from a wrong one.
  const rubricList = await app.inject({ method: 'GET', url: '/v1/rubrics' })
  const knownRubrics = new Set((rubricList.json().rubrics as Array<{ id: string }>).map((rubric) => rubric.id))

  // Examples the valid bodies borrow values from: the seed, and, when the schema lets a request
  // carry its rubric inline, the seed with the built-in rubric document inline (so that the
  // generator fuzzes the rubric's values instead of writing random rubrics that never validate).
  const examples: unknown[] = [seed]
  const properties = (SCHEMA.properties ?? {}) as Record<string, unknown>
  if ('rubric' in properties) {
    const { rubricId, ...rest } = seed as Record<string, unknown>
    const document = (await app.inject({ method: 'GET', url: `/v1/rubrics/${String(rubricId)}` })).json()
    const inline = { ...rest, rubric: document }
    if (isValid(SCHEMA, inline)) examples.push(inline)
  }

  const valid = validBodies(SCHEMA, examples)
  const families: Record<Family, fc.Arbitrary<Case>> = {
    valid: valid.map((body) =>
      asCase({
        family: 'valid',
        label: 'valid by construction',
        payload: toJsonText(body),
        contentType: CANONICAL,
        body,
      }),
    ),
    nearValid: nearValidBodies(SCHEMA, valid).map((near) =>
      asCase({ family: 'nearValid', label: near.label, payload: toJsonText(near.body), contentType: CANONICAL, near }),
    ),
    damaged: damagedBodies(seed).map((damaged: Damaged) => asCase({ family: 'damaged', ...damaged })),
  }

  /** What is wrong with the answer to one case; [] when nothing is. */
  async function judge(item: Case): Promise<{ answer: Answer; problems: string[] }> {
    const answer = await send(item.payload, item.contentType)
    const problems = wellFormed(answer)
    const code = codeOf(answer)
    const errors = errorsOf(answer)

    if (item.family === 'valid') {
      if (!isValid(SCHEMA, item.body))
        problems.push('generator bug: a "valid" body the schema refuses (test/fuzz/arbitraries.ts)')
      const rubricId = (item.body as Record<string, unknown>).rubricId
      if (answer.status === 200) figures.validScored++
      else if (answer.status === 400 && code === 'VALIDATION_FAILED') {
        figures.validRefused++
        const schemaOnly = errors.filter((error) => SCHEMA_ONLY_RULES.has(error.rule))
        if (schemaOnly.length > 0)
          problems.push(
            `a schema-valid body refused for ${schemaOnly.map((e) => `${e.rule} at ${e.pointer}`).join(', ')}`,
          )
      } else if (
        answer.status === 404 &&
        code === 'RUBRIC_NOT_FOUND' &&
        typeof rubricId === 'string' &&
        !knownRubrics.has(rubricId)
      ) {
        figures.validRefused++
      } else problems.push(`a valid body answered ${answer.status} ${String(code)}`)
    }

    if (item.family === 'nearValid' && item.near) {
      const near = item.near
      const rubricId = (near.body as Record<string, unknown>).rubricId
      const unknownRubric = typeof rubricId === 'string' && !knownRubrics.has(rubricId)
      if (near.afterSchema) {
        // Only the service's own number check sees it: any refusal, never a score.
        if (answer.status === 200) problems.push(`accepted (200): ${near.label}`)
        else if (
          answer.status === 404
            ? !(code === 'RUBRIC_NOT_FOUND' && unknownRubric)
            : !(answer.status === 400 && code === 'VALIDATION_FAILED')
        )
          problems.push(`answered ${answer.status} ${String(code)}, not a 400 VALIDATION_FAILED`)
      } else if (answer.status !== 400 || code !== 'VALIDATION_FAILED')
        problems.push(`answered ${answer.status} ${String(code)}, not 400 VALIDATION_FAILED`)
      else {
        const named = errors.some(
          (error) => error.pointer === near.pointer || (near.inUnion && isAncestor(error.pointer, near.pointer)),
        )
        if (!named)
          problems.push(
            `no error names ${JSON.stringify(near.pointer)}; errors: ${JSON.stringify(errors.map((e) => [e.pointer, e.rule]))}`,
          )
      }
    }

    if (item.family === 'damaged') {
      const bytes = Buffer.byteLength(item.payload)
      if (!isJsonType(item.contentType)) {
        // Not JSON: refused before the body is read (a large one may be cut off first).
        const allowed = bytes > BODY_LIMIT ? [413, 415] : [415]
        if (!allowed.includes(answer.status))
          problems.push(`content-type ${JSON.stringify(item.contentType)} answered ${answer.status}, not 415`)
      } else if (bytes > BODY_LIMIT) {
        if (answer.status !== 413 || code !== 'BODY_TOO_LARGE')
          problems.push(`${bytes} bytes answered ${answer.status} ${String(code)}, not 413 BODY_TOO_LARGE`)
      } else {
        if (answer.status === 413) problems.push(`${bytes} bytes, under the limit, answered 413`)
        const parsed = parse(item.payload)
        const mustBeMalformed = !parsed || hasForbiddenKey(parsed.value)
        if (mustBeMalformed && (answer.status !== 400 || code !== 'MALFORMED_JSON'))
          problems.push(
            `${parsed ? 'a forbidden key' : 'text that is not JSON'} answered ${answer.status} ${String(code)}, not 400 MALFORMED_JSON`,
          )
        if (!mustBeMalformed && code === 'MALFORMED_JSON')
          problems.push('JSON.parse reads it, but the answer is MALFORMED_JSON')
        if (item.contentType !== CANONICAL) {
          // An odd spelling of application/json must be read exactly as the plain one:
          // never a way around the body's validation.
          const plain = await send(item.payload, CANONICAL)
          if (plain.status !== answer.status)
            problems.push(
              `content-type ${JSON.stringify(item.contentType)} answered ${answer.status}, the same body as application/json ${plain.status}`,
            )
        }
      }
    }
    return { answer, problems }
  }

  const order: Family[] = ['valid', 'nearValid', 'damaged']
  for (const [index, family] of order.entries()) {
    const numRuns = Math.max(1, Math.round(options.runs * SHARES[family]))
    const property = fc.asyncProperty(families[family], async (item) => {
      const { answer, problems } = await judge(item)
      figures.bodies++
      figures.families[family]++
      options.onBody?.(figures)
      if (problems.length === 0) return
      const violation: Violation = {
        family,
        label: item.label,
        contentType: item.contentType,
        payload: item.payload,
        status: answer.status,
        answer: excerpt(answer.text),
        problems,
      }
      if (options.stopAtFirst)
        throw new Error(
          `${problems.join('; ')}\n  sent (${family}: ${item.label}): ${excerpt(item.payload)}\n  answer ${answer.status}: ${violation.answer}`,
        )
      if (figures.violations.length < 50) figures.violations.push(violation)
    })
    // One seed per family, derived from the campaign's, so each family is reproducible alone.
    await fc.assert(property, { seed: options.seed + index, numRuns })
  }
  figures.elapsedMs = performance.now() - started
  return figures
}

/** The figures as lines of text, for the test's comments and the long run's output. */
export function describeFigures(figures: Figures): string[] {
  const statuses = Object.entries(figures.statuses).map(([status, count]) => `${status}: ${count}`).join(', ')
  const valid = figures.families.valid
  return [
    `seed ${figures.seed}`,
    `bodies ${figures.bodies} (valid ${figures.families.valid}, near-valid ${figures.families.nearValid}, damaged ${figures.families.damaged}); requests ${figures.requests}`,
    `statuses ${statuses}`,
    `valid bodies scored 200: ${figures.validScored} of ${valid} (${valid === 0 ? 0 : Math.round((figures.validScored / valid) * 100)}%); refused by a cross-field rule or an unknown rubricId: ${figures.validRefused}`,
    `elapsed ${(figures.elapsedMs / 1000).toFixed(1)} s`,
    `violations ${figures.violations.length}`,
  ]
}
