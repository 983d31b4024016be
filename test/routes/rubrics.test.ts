import t from 'tap'
import rubric from '../../src/rubrics/yuhua-2021.json' with { type: 'json' }
import { build } from '../helper.js'

t.test('GET /v1/rubrics lists the built-in rubric as the default', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'GET', url: '/v1/rubrics' })
  t.equal(response.statusCode, 200)
  t.same(response.json(), {
    rubrics: [{
      id: 'yuhua-2021',
      version: '1.0.0',
      title: '部门整体支出绩效评价指标表',
      titleEn: rubric.titleEn,
      maxScore: '100.00',
      indicatorCount: 17,
      default: true,
    }],
  })
})

t.test('GET /v1/rubrics/yuhua-2021 returns the whole document, nothing dropped by the serializer', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'GET', url: '/v1/rubrics/yuhua-2021' })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^application\/json/)
  t.same(response.json(), rubric)
})

t.test('an unknown rubric is a 404 problem, in the caller\'s language', async (t) => {
  const app = await build(t)
  const zh = await app.inject({ method: 'GET', url: '/v1/rubrics/shanghai-2030' })
  t.equal(zh.statusCode, 404)
  t.match(zh.headers['content-type'], /^application\/problem\+json/)
  t.match(zh.json(), {
    status: 404,
    code: 'RUBRIC_NOT_FOUND',
    type: 'urn:problem-type:performance-scoring:rubric-not-found',
    title: '没有这个评价体系',
    instance: '/v1/rubrics/shanghai-2030',
  })
  t.match(zh.json().detail, /shanghai-2030/)
  const en = await app.inject({
    method: 'GET',
    url: '/v1/rubrics/shanghai-2030',
    headers: { 'accept-language': 'en-GB,en;q=0.9' },
  })
  t.match(en.json(), { title: 'No such rubric', detail: /There is no rubric with id shanghai-2030/ })
})

t.test('an over-long rubric id is a 400 problem naming the parameter rule', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'GET', url: `/v1/rubrics/${'x'.repeat(65)}` })
  t.equal(response.statusCode, 400)
  t.match(response.json(), { code: 'VALIDATION_FAILED', errors: [{ pointer: '/rubricId', rule: 'maxLength' }] })
})
