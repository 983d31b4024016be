import t from 'tap'
import { parse } from 'csv-parse/sync'
import builtIn from '../../src/rubrics/yuhua-2021.json' with { type: 'json' }
import type { Rubric } from '../../schemas/rubric.js'
import { build, departmentRequest } from '../helper.js'

const post = (payload: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST' as const,
  url: '/v1/evaluations/batch',
  payload: payload as object,
  headers,
})

/** The built-in rubric under another id: a district's own copy. */
function districtRubric(): Rubric {
  const rubric = structuredClone(builtIn) as Rubric
  rubric.id = 'district-copy'
  return rubric
}

/** A department that names no rubric (the seed names yuhua-2021). */
const plain = (name: string) => departmentRequest(name, (request) => delete request.rubricId)

t.test('a top-level rubric and options apply to every item that names none of its own', async (t) => {
  const app = await build(t)
  const items = [
    plain('a'),
    plain('b'),
    departmentRequest('c'),
    { ...plain('d'), options: { deductionMode: 'perStartedStep' } },
  ]
  const response = await app.inject(post({ rubric: districtRubric(), options: { deductionMode: 'proportional' }, items }))
  t.equal(response.statusCode, 200)
  const { results, summary } = response.json()
  t.same(
    results.map((result: any) => [result.evaluation.rubric.id, result.evaluation.options.deductionMode]),
    [
      ['district-copy', 'proportional'],
      ['district-copy', 'proportional'],
      ['yuhua-2021', 'proportional'],
      ['district-copy', 'perStartedStep'],
    ],
    "the top-level rubric unless the item names one (c names yuhua-2021); the top-level options unless it has its own",
  )
  t.equal(results[0].evaluation.rubric.contentHash, results[1].evaluation.rubric.contentHash)
  t.equal(summary.scored, 4)
})

t.test('a top-level rubricId; the same in a workbook table', async (t) => {
  const app = await build(t)
  const payload = { rubricId: 'yuhua-2021', options: { roundRateBeforeScoring: false }, items: [plain('a')] }
  const response = await app.inject(post(payload))
  t.equal(response.statusCode, 200)
  t.match(response.json().results[0].evaluation, {
    rubric: { id: 'yuhua-2021' },
    options: { roundRateBeforeScoring: false },
  })
  const csv = await app.inject(post({ rubric: districtRubric(), items: [plain('a')] }, { accept: 'text/csv' }))
  t.equal(csv.statusCode, 200)
  const rows = parse(csv.body.replace(/^\uFEFF/, '')) as string[][]
  t.equal(rows.length, 2, 'a header and one department')
})

t.test('a wrong top-level rubric fails the batch, its problems under /rubric', async (t) => {
  const app = await build(t)
  const broken = districtRubric()
  broken.maxScore = '90'
  const response = await app.inject(post({ rubric: broken, items: [plain('a')] }))
  t.equal(response.statusCode, 400)
  const body = response.json()
  t.match(body, { code: 'VALIDATION_FAILED', detail: '评价体系有误，详见 errors' })
  t.ok(body.errors.length > 0)
  t.ok(body.errors.every((error: { pointer: string }) => error.pointer.startsWith('/rubric/')), 'every pointer under /rubric')

  const schema = await app.inject(post({ rubric: { id: 'x' }, options: { deductionMode: 'often' }, items: [] }))
  t.equal(schema.statusCode, 400)
  const pointers = schema.json().errors.map((error: { pointer: string }) => error.pointer)
  t.ok(pointers.includes('/options/deductionMode'), 'the top-level options are checked by the schema')
  t.ok(pointers.some((pointer: string) => pointer.startsWith('/rubric')), 'and the rubric')

  const both = await app.inject(post({ rubric: districtRubric(), rubricId: 'yuhua-2021', items: [plain('a')] }))
  t.equal(both.statusCode, 400)
  t.match(both.json().errors, [{ pointer: '/rubricId', rule: 'bothRubrics' }])

  const unknown = await app.inject(post({ rubricId: 'nowhere', items: [plain('a')] }))
  t.equal(unknown.statusCode, 404)
  t.match(unknown.json(), { code: 'RUBRIC_NOT_FOUND' })
})

t.test('1,000 departments with the rubric once fit the 4 MiB limit', async (t) => {
  const app = await build(t)
  const items = Array.from({ length: 1000 }, (_, index) => plain(`department ${index}`))
  const payload = JSON.stringify({ rubric: districtRubric(), items })
  t.ok(Buffer.byteLength(payload) < 4 * 1024 * 1024, `${(Buffer.byteLength(payload) / 1024 / 1024).toFixed(2)} MiB`)
  const response = await app.inject(post(payload, { 'content-type': 'application/json', accept: 'application/json' }))
  t.equal(response.statusCode, 200)
  t.match(response.json().summary, { count: 1000, scored: 1000 })
})
