import t from 'tap'
import { type Format, negotiate } from '../../src/render/negotiate.js'
import { BATCH_FORMATS, EVALUATION_FORMATS } from '../../src/render/respond.js'
import { build, seedRequest } from '../helper.js'
import { XLSX, post } from './fixtures/helpers.js'

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8'

t.test('Accept picks the format: JSON by default, the heaviest acceptable type otherwise', async (t) => {
  const cases: [string | undefined, Format | undefined][] = [
    [undefined, 'json'],
    ['', 'json'],
    ['  ', 'json'],
    ['*/*', 'json'],
    ['application/json', 'json'],
    ['application/*', 'json'],
    [XLSX, 'xlsx'],
    ['text/csv', 'csv'],
    ['TEXT/CSV', 'csv'],
    ['text/csv; charset=utf-8; header=present', 'csv'],
    ['text/html', 'html'],
    ['text/*', 'csv'],
    [BROWSER, 'html'],
    ['text/csv;q=0.5, text/html', 'html'],
    ['text/csv, application/json;q=0.9', 'csv'],
    ['text/csv; q = 0.5, text/html;q=0.4', 'csv'],
    ['text/csv;level=1;q=0.7, text/html;q=0.6', 'csv'],
    ['text/csv;q=0.001', 'csv'],
    ['text/csv;q=1.000', 'csv'],
    [' , text/csv', 'csv'],
    // the most specific range decides: text/csv;q=0 outweighs text/*
    ['text/*;q=0.9, text/csv;q=0', 'html'],
    ['text/*;q=0.1, text/csv;q=0.9, */*;q=0.5', 'csv'],
    // "anything but JSON" gets the next offer
    ['application/json;q=0, */*', 'xlsx'],
    ['*/*;q=0', undefined],
    ['image/png', undefined],
    ['application/xml', undefined],
    ['text/csv;q=2', undefined],
    ['text/csv;q=abc', undefined],
    ['text/csv;q=0.0001', undefined],
    ['garbage', undefined],
    ['text/csv/extra', undefined],
    ['*/csv', undefined],
    ['text /csv', undefined],
  ]
  for (const [header, expected] of cases) t.equal(negotiate(header, EVALUATION_FORMATS), expected, String(header))
  t.equal(negotiate('text/html', BATCH_FORMATS), undefined, 'a batch has no HTML report')
  t.equal(negotiate('text/*', BATCH_FORMATS), 'csv')
  const hostile = `${Array(40).fill('image/png').join(', ')}, text/csv`
  t.equal(negotiate(hostile, EVALUATION_FORMATS), undefined, 'only the first 32 ranges are read')
  t.equal(negotiate(`${'x'.repeat(2000)}, text/csv`, EVALUATION_FORMATS), undefined, 'only the first KiB is read')
})

const app = await build(t)

t.test('an Accept header that allows none of the types is a 406 problem, before the body is read', async (t) => {
  for (const [url, accept] of [
    ['/v1/evaluations', 'image/png'],
    ['/v1/evaluations/batch', 'text/html'],
    ['/v1/evaluations', '*/*;q=0'],
  ] as const) {
    const response = await app.inject(
      post(url, url.endsWith('batch') ? { items: [seedRequest()] } : seedRequest(), { accept }),
    )
    t.equal(response.statusCode, 406, `${url} ${accept}`)
    t.match(response.headers['content-type'], /^application\/problem\+json/)
    t.match(response.json(), {
      status: 406,
      code: 'NOT_ACCEPTABLE',
      title: '无法以所要求的类型作答',
      instance: url,
      detail: /application\/json, application\/vnd\.openxmlformats/,
    })
  }
  const english = await app.inject(
    post('/v1/evaluations', { not: 'even valid' }, { accept: 'application/pdf', 'accept-language': 'en' }),
  )
  t.equal(english.statusCode, 406, 'a 406 before validation')
  t.match(english.json(), {
    code: 'NOT_ACCEPTABLE',
    title: 'Not acceptable',
    detail: /^The Accept header allows none of the types this route answers in: application\/json, /,
  })
})

t.test('application/json and */* answer JSON as before', async (t) => {
  for (const accept of ['application/json', '*/*', 'application/json, text/csv;q=0.5']) {
    const response = await app.inject(post('/v1/evaluations', seedRequest(), { accept }))
    t.equal(response.headers['content-type'], 'application/json; charset=utf-8', accept)
    t.equal(response.headers['content-disposition'], undefined)
    t.equal(response.json().totalScore, '90.80')
  }
  const batch = await app.inject(post('/v1/evaluations/batch', { items: [seedRequest()] }, { accept: '*/*' }))
  t.match(batch.json(), { summary: { count: 1, ranking: [{ totalScore: '90.80' }] } })
})

t.test('an evaluation answered as a spreadsheet or report is counted in the metrics like a JSON one', async (t) => {
  const count = async () =>
    Number(
      /^evaluations_total\{grade="excellent"\} (\d+)$/m.exec(
        (await app.inject({ method: 'GET', url: '/metrics' })).body,
      )![1],
    )
  const before = await count()
  for (const accept of ['text/csv', XLSX, 'text/html', 'application/json'])
    await app.inject(post('/v1/evaluations', seedRequest(), { accept }))
  t.equal(await count(), before + 4)
})
