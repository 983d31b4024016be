import t from 'tap'
import { build, departmentRequest, seedRequest } from '../helper.js'

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) => ({ method: 'POST' as const, url, payload: payload as object, headers })

/** Whether every value of the compact answer is the full answer's value at the same place. */
function within(compact: unknown, full: unknown, at = ''): string[] {
  if (compact === null || typeof compact !== 'object') return Object.is(compact, full) ? [] : [`${at}: ${JSON.stringify(compact)} ≠ ${JSON.stringify(full)}`]
  if (full === null || typeof full !== 'object') return [`${at}: not in the full answer`]
  return Object.entries(compact).flatMap(([key, value]) => within(value, (full as Record<string, unknown>)[key], `${at}/${key}`))
}

t.test('view=scores answers the seed department with what changes per department, a quarter of the bytes', async (t) => {
  const app = await build(t)
  const full = await app.inject(post('/v1/evaluations', seedRequest()))
  const response = await app.inject(post('/v1/evaluations?view=scores', seedRequest()))
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^application\/json/)
  const body = response.json()
  t.match(body, { totalScore: '90.80', maxScore: '100.00', complete: true, grade: { code: 'excellent', label: '优' }, rubric: { id: 'yuhua-2021' } })
  t.same(Object.keys(body.indicators[0]), ['id', 'score', 'deduction', 'status', 'value', 'unit', 'reason'])
  t.same(body.categories[0], { id: 'input', score: '9.80', children: [{ id: 'budgetAllocation', score: '9.80' }] }, '5.00 + 4.80')
  // (3.47 − 3.31) / 3.31 = 4.8338…% → 4.83: 4 full points over 0, × 0.8 = 3.20 off 8.
  t.same(body.indicators[1], {
    id: 'threePublicChangeRate', score: '4.80', deduction: '3.20', status: 'scored', value: '4.83', unit: '%',
    reason: { code: 'EXCEEDS_LIMIT', values: { excess: '4.83', steps: 4, deduction: '3.20' } },
  })
  // 397.65 / 294.88 = 134.85%: 34.85 points from 100, 6 full steps of 5 × 2 = 12 → floored at 0.
  t.same(body.indicators[8].reason, { code: 'DEVIATES_FROM_LIMIT', values: { excess: '34.85', steps: 6, deduction: '12.00' } })
  t.same(body.selfAssessment.differences[0], { indicatorId: 'threePublicChangeRate', claimed: '8.00', computed: '4.80', difference: '3.20' })
  t.same(within(body, full.json()), [], 'every value is the full answer\'s own')
  t.ok(response.body.length * 3 < full.body.length, `${response.body.length} bytes against ${full.body.length}`)
})

t.test('view=full is the default answer, and a view that is not one is a 400 naming the parameter', async (t) => {
  const app = await build(t)
  const full = await app.inject(post('/v1/evaluations?view=full', seedRequest(), { 'accept-language': 'en' }))
  t.equal(full.body, (await app.inject(post('/v1/evaluations', seedRequest(), { 'accept-language': 'en' }))).body)
  const wrong = await app.inject(post('/v1/evaluations?view=brief', seedRequest()))
  t.equal(wrong.statusCode, 400)
  t.match(wrong.json(), { code: 'VALIDATION_FAILED', errors: [{ pointer: '/view', rule: 'enum', received: 'brief' }] })
  // A misspelt parameter is refused too, rather than answered with the full view it did not ask for.
  const typo = await app.inject(post('/v1/evaluations?veiw=scores', seedRequest()))
  t.match(typo.json(), { code: 'VALIDATION_FAILED', errors: [{ pointer: '/veiw', rule: 'additionalProperties' }] })
})

t.test('the view applies to JSON: a workbook, a table or a report is always complete', async (t) => {
  const app = await build(t)
  const csv = { accept: 'text/csv' }
  t.equal((await app.inject(post('/v1/evaluations?view=scores', seedRequest(), csv))).body, (await app.inject(post('/v1/evaluations', seedRequest(), csv))).body)
})

t.test('a batch with view=scores gives each evaluation compact and the same summary', async (t) => {
  const app = await build(t)
  const items = [seedRequest(), departmentRequest('over', (request) => (request.baseData.staffing = { authorized: 40, actual: 42 })), { department: {} }]
  const full = (await app.inject(post('/v1/evaluations/batch', { items }))).json()
  const compact = (await app.inject(post('/v1/evaluations/batch?view=scores', { items }))).json()
  t.same(compact.summary, full.summary)
  delete full.results[2].problem.requestId
  delete compact.results[2].problem.requestId
  t.same(within(compact, full), [])
  // 42 / 40 = 105.00%: 5 full points over, × 0.5 = 2.50 off 5.
  t.match(compact.results[1].evaluation.indicators[0], { score: '2.50', reason: { values: { excess: '5', steps: 5, deduction: '2.50' } } })
  t.notOk('explanation' in compact.results[0].evaluation.indicators[0])
  t.equal(compact.results[2].status, 'error')
})
