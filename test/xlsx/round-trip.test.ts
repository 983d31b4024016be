import t from 'tap'
import fc from 'fast-check'
import builtIn from '../../src/rubrics/yuhua-2021.json' with { type: 'json' }
import type { Rubric } from '../../schemas/rubric.js'
import { templateFields, type Field } from '../../src/xlsx/fields.js'
import { build, seedRequest } from '../helper.js'
import { XLSX, fillSingle, saved, valueAt } from './fill.js'

const rubric = builtIn as unknown as Rubric
const app = await build(t)
const TEMPLATE = (await app.inject({ method: 'GET', url: '/v1/rubrics/yuhua-2021/template' })).rawPayload

/** Decimals as a clerk's figures are: mostly short, now and then 15 integer digits or 6 decimals (beyond a double). */
const decimal = (signed: boolean) =>
  fc.tuple(
    fc.oneof(
      { weight: 4, arbitrary: fc.bigInt(0n, 100_000n) },
      { weight: 1, arbitrary: fc.bigInt(0n, 999_999_999_999_999n) },
    ),
    // Written canonically (no trailing zero): a cell holds the number, not how it was typed.
    fc.option(fc.stringMatching(/^\d{0,5}[1-9]$/), { nil: undefined }),
    fc.boolean(),
  ).map(([whole, fraction, negative]) =>
    `${signed && negative && (whole > 0n || fraction) ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`)

const TEXT = fc.stringMatching(/^[A-Za-z0-9\u4e00-\u9fa5（）、，。 ]{1,40}$/).map((text) => text.trim()).filter(Boolean)

function valueOf(field: Field): fc.Arbitrary<unknown> {
  switch (field.kind) {
    case 'decimal':
      return field.maximum === undefined
        ? decimal(false)
        : fc.integer({ min: 0, max: field.maximum * 100 }).map((hundredths) => String(hundredths / 100))
    case 'signedDecimal':
      return decimal(true)
    case 'integer':
      return fc.integer({ min: field.minimum!, max: Math.min(field.maximum!, 100_000) })
    case 'boolean':
      return fc.boolean()
    case 'choice':
      return fc.constantFrom(...field.choices!.map((choice) => choice.code))
    case 'text':
      return TEXT
  }
}

/** Sets a value at a pointer, making the objects on the way. */
function setAt(root: Record<string, any>, pointer: string, value: unknown) {
  const tokens = pointer.split('/').slice(1)
  let node = root
  for (const token of tokens.slice(0, -1)) node = node[token] ??= {}
  node[tokens.at(-1)!] = value
}

const SEED = seedRequest()
const KEEP = Symbol('the seed\'s value')

/**
 * A request of the template's fields: each the seed's value (most of them, so that most requests
 * pass the cross-field rules and are scored), absent, or another value of its kind; the
 * department's name and year always there.
 */
const requests = fc.record(Object.fromEntries(templateFields(rubric).map((field) => {
  const required = field.pointer === '/department/name' || field.pointer === '/fiscalYear'
  return [field.pointer, fc.oneof(
    { weight: 12, arbitrary: fc.constant(KEEP) },
    { weight: required ? 0 : 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: valueOf(field) },
  )]
}))).map((values) => {
  const request: Record<string, any> = {}
  for (const [pointer, value] of Object.entries(values)) {
    const chosen = value === KEEP ? valueAt(SEED, pointer) : value
    if (chosen !== undefined) setAt(request, pointer, chosen)
  }
  return request
})

const options = fc.record({
  deductionMode: fc.constantFrom('perFullStep', 'proportional', 'perStartedStep'),
  roundRateBeforeScoring: fc.boolean(),
  headroom: fc.boolean(),
}, { requiredKeys: [] })

/** An answer without its cells and request ids: what the two requests must share. */
const comparable = (body: string) => JSON.stringify(JSON.parse(body, (key, value) =>
  key === 'requestId' || key === 'cell' ? undefined : value))

t.test('a request written into the template and uploaded gets the answer the JSON gets (fast-check, 30 cases)', async (t) => {
  let scored = 0
  await fc.assert(
    fc.asyncProperty(requests, options, async (request, chosen) => {
      const query = new URLSearchParams(Object.entries(chosen).map(([key, value]) => [key, String(value)])).toString()
      const body = await saved(await fillSingle(TEMPLATE, rubric, request))
      const upload = await app.inject({
        method: 'POST',
        url: `/v1/evaluations${query ? `?${query}` : ''}`,
        headers: { 'content-type': XLSX },
        payload: body,
      })
      const json = await app.inject({
        method: 'POST',
        url: '/v1/evaluations',
        payload: Object.keys(chosen).length > 0 ? { ...request, options: chosen } : request,
      })
      if (json.statusCode === 200) scored++
      return upload.statusCode === json.statusCode && comparable(upload.body) === comparable(json.body)
    }),
    { seed: 20261129, numRuns: 30 },
  )
  // Both outcomes were compared: scored answers, and the problems of requests the rules refuse.
  t.ok(scored >= 10, `${scored} of 30 scored`)
})
