import t from 'tap'
import { build, departmentRequest } from '../helper.js'
import { summarize } from '../../src/batch-summary.js'
import type { BatchItemResult } from '../../schemas/batch.js'
import type { EvaluationResult } from '../../schemas/evaluation-response.js'

const department = departmentRequest

const post = (payload: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST' as const,
  url: '/v1/evaluations/batch',
  payload: payload as object,
  headers,
})

t.test('one bad item never fails the batch: results in input order, pointers inside the item', async (t) => {
  const app = await build(t)
  const items = [
    department('a'),
    department('b', (r) => { r.baseData.budget.yearEndBalance = '9000'; r.fiscalYear = 'last year' }),
    department('c', (r) => { r.rubricId = 'nowhere' }),
    department('d', (r) => { r.assessments.satisfaction = { surveyed: 10, satisfied: 11 } }),
  ]
  const response = await app.inject(post({ items }))
  t.equal(response.statusCode, 200)
  const { results } = response.json()
  t.same(
    results.map((r: BatchItemResult) => [r.index, r.status]),
    [
      [0, 'ok'],
      [1, 'error'],
      [2, 'error'],
      [3, 'error'],
    ],
  )
  t.equal(results[0].evaluation.totalScore, '90.80')
  t.match(results[1].problem, {
    status: 400,
    code: 'VALIDATION_FAILED',
    instance: '/v1/evaluations/batch#/items/1',
    errors: [{ pointer: '/fiscalYear', rule: 'integer', received: 'last year' }],
  })
  t.equal(results[1].problem.errors.length, 1, 'schema errors first, as for a single evaluation')
  t.match(results[2].problem, { status: 404, code: 'RUBRIC_NOT_FOUND', instance: '/v1/evaluations/batch#/items/2' })
  t.match(results[3].problem, {
    status: 400,
    errors: [{ pointer: '/assessments/satisfaction/satisfied', rule: 'atMostSurveyed' }],
  })
  t.equal(results[0].problem, undefined)
  t.equal(results[1].evaluation, undefined)
})

t.test('every summary figure of a small batch, by hand', async (t) => {
  const app = await build(t)
  const items = [
    // 0: the seed, 90.80 (优)
    department('a'),
    // 1: 35 staff of 34 = 102.94%: 2 points over × 0.5 = 1 → 4.00; total 90.80 − 1 = 89.80 (良)
    department('b', (r) => { r.baseData.staffing = { authorized: 34, actual: 35 } }),
    // 2: procurement 294.88 of 294.88 = 100% → 6; total 90.80 + 6 = 96.80 (优)
    department('c', (r) => { r.baseData.procurement.actual = '294.88' }),
    // 3: no satisfaction survey: incomplete, 90.80 − 6 = 84.80, no grade
    department('d', (r) => { delete r.assessments.satisfaction }),
    // 4: refused
    department('e', (r) => { r.baseData.staffing.authorized = 0 }),
    // 5: a tie with 0: 90.80 (优)
    department('f'),
  ]
  const { summary } = (await app.inject(post({ items }))).json()
  t.match(summary, { count: 6, scored: 5, failed: 1, incomplete: 1 })
  // complete totals: 90.80, 89.80, 96.80, 90.80 → mean 368.20 / 4 = 92.05; median (90.80 + 90.80) / 2 = 90.80
  t.equal(summary.meanTotal, '92.05')
  t.equal(summary.medianTotal, '90.80')
  t.same(summary.grades, { excellent: 3, good: 1 })
  t.same(
    summary.ranking.map((r: { rank: number; index: number; totalScore: string }) => [r.rank, r.index, r.totalScore]),
    [
      [1, 2, '96.80'],
      [2, 0, '90.80'],
      [2, 5, '90.80'],
      [4, 1, '89.80'],
    ],
  )
  t.same(summary.ranking[0].department, { name: 'c', code: 'C' })
  // points lost over the 5 scored: procurement 6 + 6 + 0 + 6 + 6 = 24 (mean 6 × 1/5 = 1.20);
  // 三公 change 3.20 × 5 = 16 (mean 4.80); staff 1 (mean 4.80); satisfaction 0 over 4 scored.
  t.same(summary.indicators.slice(0, 3), [
    {
      id: 'procurementExecutionRate',
      name: '政府采购执行率',
      nameEn: 'Government procurement execution rate',
      evaluated: 5,
      meanScore: '1.20',
      pointsLost: '24.00',
    },
    {
      id: 'threePublicChangeRate',
      name: '“三公经费”变动率',
      nameEn: 'Change rate of the three public expenses',
      evaluated: 5,
      meanScore: '4.80',
      pointsLost: '16.00',
    },
    {
      id: 'staffControlRate',
      name: '在职人员控制率',
      nameEn: 'Staff control rate',
      evaluated: 5,
      meanScore: '4.80',
      pointsLost: '1.00',
    },
  ])
  const satisfaction = summary.indicators.find((i: { id: string }) => i.id === 'publicSatisfaction')
  t.match(satisfaction, { evaluated: 4, meanScore: '6.00', pointsLost: '0.00' })
  t.equal(summary.indicators.length, 17)
})

t.test('ranking ties: competition ranking 1, 2, 2, 4 and an odd median', async (t) => {
  const evaluation = (totalScore: string, complete = true) =>
    ({
      totalScore,
      complete,
      grade: complete ? { code: 'good', label: '良', labelEn: 'good' } : null,
      department: { name: totalScore },
      indicators: [],
    }) as unknown as EvaluationResult
  const results: BatchItemResult[] = ['80.00', '85.50', '85.50', '85.50', '70.00', '90.00'].map((total, index) => ({
    index,
    status: 'ok',
    evaluation: evaluation(total),
  }))
  const summary = summarize(results)
  t.same(
    summary.ranking.map((r) => [r.rank, r.index]),
    [
      [1, 5],
      [2, 1],
      [2, 2],
      [2, 3],
      [5, 0],
      [6, 4],
    ],
  )
  // 70, 80, 85.5, 85.5, 85.5, 90: median (85.50 + 85.50) / 2; mean 496.5 / 6 = 82.75
  t.equal(summary.medianTotal, '85.50')
  t.equal(summary.meanTotal, '82.75')
  t.equal(summarize(results.slice(0, 3)).medianTotal, '85.50', 'odd count: the middle one')
  const none = summarize([{ index: 0, evaluation: evaluation('50.00', false) }])
  t.same([none.meanTotal, none.medianTotal, none.ranking, none.grades], [null, null, [], {}])
})

t.test('the envelope: no items, an empty list, more than 1,000, unknown fields', async (t) => {
  const app = await build(t)
  const cases: [unknown, string, string][] = [
    [{}, '/items', 'required'],
    [{ items: [] }, '/items', 'minItems'],
    [{ items: Array.from({ length: 1001 }, () => ({})) }, '/items', 'maxItems'],
    [{ items: [{}], extra: true }, '/extra', 'additionalProperties'],
    [{ items: {} }, '/items', 'type'],
  ]
  for (const [payload, pointer, rule] of cases) {
    const response = await app.inject(post(payload))
    t.equal(response.statusCode, 400, rule)
    t.match(response.json(), { code: 'VALIDATION_FAILED', errors: [{ pointer, rule }] }, rule)
  }
  const notObjects = (await app.inject(post({ items: [1, 'x', null] }))).json()
  t.same(
    notObjects.results.map((r: BatchItemResult) => r.problem?.errors?.[0]?.rule),
    ['type', 'type', 'type'],
    'items that are not objects fail alone',
  )
})

t.test("1,000 items are accepted and the body limit of this route is larger than a single evaluation's", async (t) => {
  const app = await build(t)
  const items = Array.from({ length: 1000 }, (_, i) => ({ department: { name: `d${i}` }, fiscalYear: 2021 }))
  const response = await app.inject(post({ items }))
  t.equal(response.statusCode, 200)
  t.match(response.json().summary, { count: 1000, scored: 1000, incomplete: 1000, meanTotal: null })
  // 2 MiB: above the 1 MiB of POST /v1/evaluations, within the 4 MiB of the batch route
  const padded = {
    items: [{ department: { name: 'x'.repeat(150) }, fiscalYear: 2021 }],
    padding: 'x'.repeat(2 * 1024 * 1024),
  }
  t.equal((await app.inject(post(padded))).statusCode, 400, 'read and validated, not refused for its size')
  const single = await app.inject({ method: 'POST', url: '/v1/evaluations', payload: padded })
  t.equal(single.statusCode, 413)
  const huge = await app.inject({
    method: 'POST',
    url: '/v1/evaluations/batch',
    headers: { 'content-type': 'application/json' },
    payload: `{"items": [], "padding": "${'x'.repeat(4 * 1024 * 1024)}"}`,
  })
  t.equal(huge.statusCode, 413)
  t.match(huge.json(), { code: 'BODY_TOO_LARGE' })
})

t.test('English for Accept-Language: en, in every item', async (t) => {
  const app = await build(t)
  const response = await app.inject(
    post(
      {
        items: [
          department('a'),
          department('b', (r) => {
            r.fiscalYear = 1999
          }),
        ],
      },
      { 'accept-language': 'en' },
    ),
  )
  t.equal(response.headers['content-language'], 'en')
  const { results } = response.json()
  t.match(results[0].evaluation.indicators[1].explanation, /^Change rate of the three public expenses 4\.83%/)
  t.match(results[1].problem, {
    title: 'The request is invalid',
    errors: [{ pointer: '/fiscalYear', message: 'must be at least 2000' }],
  })
})
