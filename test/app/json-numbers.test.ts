import t from 'tap'
import { quoteOutOfContractNumbers } from '../../src/plugins/json-numbers.js'
import { build, seedRequest } from '../helper.js'

t.test(
  'number literals outside the contract are quoted as written; strings and good numbers are left alone',
  async (t) => {
    t.equal(quoteOutOfContractNumbers('{"a": 1, "b": -2.5, "c": "1e5"}'), '{"a": 1, "b": -2.5, "c": "1e5"}')
    t.equal(
      quoteOutOfContractNumbers('{"a": 2E1, "b": [1.0000001, 1e-7], "c": "x\\"1e5", "d": 1234567890123456}'),
      '{"a": "2E1", "b": ["1.0000001", "1e-7"], "c": "x\\"1e5", "d": "1234567890123456"}',
    )
    t.equal(
      quoteOutOfContractNumbers('{"s": "1e5 and 1234567890123456", "n": 20.000000}'),
      '{"s": "1e5 and 1234567890123456", "n": 20.000000}',
      'a suspect string alone changes nothing',
    )
    t.equal(quoteOutOfContractNumbers('[-1e309]'), '["-1e309"]')
    t.equal(
      quoteOutOfContractNumbers('[2.5e, 1e+, 01234567890123456]'),
      '[2.5e, 1e+, 01234567890123456]',
      'what is no JSON number is left for the parser',
    )
  },
)

t.test('text that is no JSON, though it looks like a number, is MALFORMED_JSON', async (t) => {
  const app = await build(t)
  for (const payload of ['2.5e', '{"fiscalYear": 1e+}']) {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/evaluations',
      headers: { 'content-type': 'application/json' },
      payload,
    })
    t.equal(response.statusCode, 400, payload)
    t.equal(response.json().code, 'MALFORMED_JSON', payload)
  }
})

t.test('an exponent or too many digits in the JSON text is a 400 at its pointer, every one at once', async (t) => {
  const app = await build(t)
  const text = JSON.stringify(seedRequest())
    .replace('"planned":20', '"planned":2E1')
    .replace('"authorized":34', '"authorized":3.4e1')
    .replace('"fiscalYear":2021', '"fiscalYear":2021.0000000')
  const response = await app.inject({
    method: 'POST',
    url: '/v1/evaluations',
    headers: { 'content-type': 'application/json' },
    payload: text,
  })
  t.equal(response.statusCode, 400)
  t.same(
    response
      .json()
      .errors.map((e: { pointer: string; rule: string; received: unknown }) => [e.pointer, e.rule, e.received]),
    [
      ['/fiscalYear', 'integer', '2021.0000000'],
      ['/baseData/staffing/authorized', 'integer', '3.4e1'],
      ['/assessments/keyWork/planned', 'decimal', '2E1'],
    ],
  )
  const huge = await app.inject({
    method: 'POST',
    url: '/v1/evaluations',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(seedRequest()).replace('"initial":"7670.78"', '"initial":1e309'),
  })
  t.match(huge.json().errors, [{ pointer: '/baseData/budget/initial', rule: 'decimal', received: '1e309' }])
})

t.test('a number with more than 15 significant digits is read as written, never through a binary double', async (t) => {
  t.equal(
    quoteOutOfContractNumbers('[123456789012345.123456, 12345678901234.5, 0.000001, -100000000000000.5]'),
    '["123456789012345.123456", 12345678901234.5, 0.000001, "-100000000000000.5"]',
    '21 and 16 digits quoted; 15 and 1 left alone',
  )
  const app = await build(t)
  // As a double, 123456789012345.123456 is 123456789012345.125 and prints as 123456789012345.12.
  const text = JSON.stringify(seedRequest()).replace(
    '"priorYearFinal":"3.31"',
    '"priorYearFinal":123456789012345.123456',
  )
  const response = await app.inject({
    method: 'POST',
    url: '/v1/evaluations',
    headers: { 'content-type': 'application/json' },
    payload: text,
  })
  t.equal(response.statusCode, 200)
  const indicator = response.json().indicators.find((item: { id: string }) => item.id === 'threePublicChangeRate')
  t.equal(indicator.inputs['/baseData/threePublicExpenses/priorYearFinal'], '123456789012345.123456')
})
