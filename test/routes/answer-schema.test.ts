import t from 'tap'
import { BatchResponseSchema } from '../../schemas/batch.js'
import { EvaluationResponseSchema, EvaluationScoresSchema } from '../../schemas/evaluation-response.js'
import { validator, withoutIds } from '../../src/validation/ajv.js'
import { build, departmentRequest, seedRequest } from '../helper.js'

// The routes write their JSON answers with JSON.stringify (faster than a schema-compiled
// serializer, see bench/), so nothing strips or coerces a field on the way out: these answers
// must match the documented response schemas as the engine built them.
const validEvaluation = validator.compile(withoutIds(EvaluationResponseSchema))
const validBatch = validator.compile(withoutIds(BatchResponseSchema))
const validScores = validator.compile(withoutIds(EvaluationScoresSchema))

const variants: [string, Record<string, any>, string][] = [
  ['the seed department, with its self-assessment', seedRequest(), 'zh'],
  ['the seed department in English', seedRequest(), 'en'],
  [
    'missing budget data (incomplete, no grade)',
    departmentRequest('missing', (request) => delete request.baseData.budget),
    'zh',
  ],
  [
    'a prior-year budget of the three public expenses (no fallback warning)',
    departmentRequest('prior', (request) => (request.baseData.threePublicExpenses.priorYearBudget = '3.5')),
    'en',
  ],
  [
    'a breakdown that does not add up',
    departmentRequest(
      'mismatch',
      (request) => (request.baseData.threePublicExpenses.breakdown.officialReception.final = '9'),
    ),
    'zh',
  ],
  [
    'proportional deductions on unrounded rates',
    departmentRequest(
      'proportional',
      (request) => (request.options = { deductionMode: 'proportional', roundRateBeforeScoring: false }),
    ),
    'en',
  ],
  [
    'a zero procurement budget',
    departmentRequest('zero', (request) => (request.baseData.procurement = { budget: '0', actual: '5' })),
    'zh',
  ],
]

for (const [name, request, language] of variants) {
  t.test(`${name}: the answer matches EvaluationResponseSchema`, async (t) => {
    const app = await build(t)
    const response = await app.inject({
      method: 'POST',
      url: '/v1/evaluations',
      payload: request,
      headers: { 'accept-language': language },
    })
    t.equal(response.statusCode, 200)
    t.ok(validEvaluation(response.json()), JSON.stringify(validEvaluation.errors))
    const scores = await app.inject({ method: 'POST', url: '/v1/evaluations?view=scores', payload: request, headers: { 'accept-language': language } })
    t.ok(validScores(scores.json()), `view=scores: ${JSON.stringify(validScores.errors)}`)
  })
}

t.test('a batch answer with a scored item and a failed one matches BatchResponseSchema', async (t) => {
  const app = await build(t)
  const items = [...variants.map(([, request]) => request), { department: { name: 'bad' } }]
  const response = await app.inject({ method: 'POST', url: '/v1/evaluations/batch', payload: { items } })
  t.equal(response.statusCode, 200)
  const answer = response.json()
  t.equal(answer.results.at(-1).status, 'error')
  t.ok(validBatch(answer), JSON.stringify(validBatch.errors))
  const scores = await app.inject({ method: 'POST', url: '/v1/evaluations/batch?view=scores', payload: { items } })
  t.ok(validBatch(scores.json()), `view=scores: ${JSON.stringify(validBatch.errors)}`)
})
