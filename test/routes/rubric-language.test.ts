import t from 'tap'
import builtIn from '../../src/rubrics/yuhua-2021.json' with { type: 'json' }
import { build, seedRequest } from '../helper.js'

/** The built-in rubric with a maximum written as a number and an unknown field: two schema problems. */
function brokenRubric(): Record<string, unknown> {
  return { ...structuredClone(builtIn), maxScore: 100, colour: 'blue' }
}

const inlineRequest = () => {
  const request: Record<string, unknown> = { ...seedRequest(), rubric: brokenRubric() }
  delete request.rubricId
  return request
}

const cases = [
  { url: '/v1/rubrics/validate', body: brokenRubric, prefix: '' },
  { url: '/v1/evaluations', body: inlineRequest, prefix: '/rubric' },
]

t.test('a rubric\'s schema problems are in Chinese by default and in English on request', async (t) => {
  const app = await build(t)
  for (const { url, body, prefix } of cases) {
    const zh = await app.inject({ method: 'POST', url, payload: body() })
    t.equal(zh.statusCode, 400, url)
    t.same(zh.json().errors.map((e: { pointer: string; message: string }) => [e.pointer, e.message]), [
      [`${prefix}/colour`, '不认识的字段 colour（请检查拼写）'],
      [`${prefix}/maxScore`, '类型应为 string'],
    ], `${url}: Chinese`)
    const en = await app.inject({ method: 'POST', url, payload: body(), headers: { 'accept-language': 'en' } })
    t.same(en.json().errors.map((e: { pointer: string; message: string }) => [e.pointer, e.message]), [
      [`${prefix}/colour`, 'unknown field colour (check the spelling)'],
      [`${prefix}/maxScore`, 'must be of type string'],
    ], `${url}: English`)
  }
})
