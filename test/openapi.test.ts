import t from 'tap'
import { readFileSync } from 'node:fs'
import { Validator } from '@seriousme/openapi-schema-validator'
import { buildOpenApiDocument, OPENAPI_PATH } from '../src/openapi-document.js'
import seed from '../schemas/examples/yuhua-2021.request.json' with { type: 'json' }
import { build } from './helper.js'

const HAN = /\p{Script=Han}/u

/** A node of the document with its `$ref` followed, as a client's generator reads it. */
function resolve(document: any, node: any): any {
  if (!node?.$ref) return node
  return resolve(document, node.$ref.slice(2).split('/').reduce((parent: any, key: string) => parent[key], document))
}

/** The one example of a media type, wherever the document keeps it. */
function exampleOf(document: any, media: any): any {
  const examples = Object.values(media.examples ?? {}) as any[]
  return examples.length === 1 ? resolve(document, examples[0]).value : media.example
}
const LATIN_WORDS = /[A-Za-z]{3,}( [A-Za-z]{2,}){2,}/

t.test('the committed openapi/openapi.json is what the code generates (run `npm run openapi`)', async (t) => {
  const generated = await buildOpenApiDocument()
  t.equal(readFileSync(OPENAPI_PATH, 'utf8'), generated)
})

t.test('the document is valid OpenAPI 3.1', async (t) => {
  const document = JSON.parse(await buildOpenApiDocument())
  const result = await new Validator().validate(document)
  t.same(result.errors, undefined)
  t.equal(result.valid, true)
  t.equal(document.openapi, '3.1.0')
})

t.test('every operation has an id, a summary, a bilingual description, tags and documented errors', async (t) => {
  const document = JSON.parse(await buildOpenApiDocument())
  const operations = Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
  )
  t.same(operations.map((o) => o.name).sort(), [
    'GET /v1/rubrics',
    'GET /v1/rubrics/{rubricId}',
    'GET /v1/rubrics/{rubricId}/template',
    'POST /v1/evaluations',
    'POST /v1/evaluations/batch',
    'POST /v1/rubrics/draft',
    'POST /v1/rubrics/validate',
  ])
  for (const { name, operation } of operations) {
    t.ok(operation.operationId, `${name}: operationId`)
    t.ok(operation.summary, `${name}: summary`)
    t.match(operation.description, HAN, `${name}: Chinese description`)
    t.match(operation.description, LATIN_WORDS, `${name}: English description`)
    t.ok(operation.tags?.length, `${name}: tags`)
    t.ok(operation.responses['200'], `${name}: 200`)
    t.ok(resolve(document, operation.responses['500'])?.content['application/problem+json'], `${name}: 500 as a problem`)
  }
  t.same(
    exampleOf(document, document.paths['/v1/rubrics/validate'].post.requestBody.content['application/json']).id,
    'yuhua-2021',
    'the rubric schema has the built-in rubric as its example',
  )
  const evaluation = document.paths['/v1/evaluations'].post
  for (const status of ['400', '404', '413', '415']) {
    t.ok(
      resolve(document, resolve(document, evaluation.responses[status]).content['application/problem+json'].schema)
        .properties.errors,
      `POST /v1/evaluations documents ${status}`,
    )
  }
})

t.test('the seed department is the request example and its answer the response example', async (t) => {
  const document = JSON.parse(await buildOpenApiDocument())
  const evaluation = document.paths['/v1/evaluations'].post
  t.same(exampleOf(document, evaluation.requestBody.content['application/json']), seed)
  const answer = exampleOf(document, evaluation.responses['200'].content['application/json'])
  t.match(answer, { totalScore: '90.80', grade: { code: 'excellent' } })
  // The answer is the full view, or the compact one with view=scores.
  const [full, scores] = resolve(document, evaluation.responses['200'].content['application/json'].schema).anyOf
    .map((schema: unknown) => resolve(document, schema))
  // The review block and the headroom are there only when the request asks for them.
  t.same(
    Object.keys(answer).sort(),
    Object.keys(full.properties)
      .filter((key) => key !== 'review' && key !== 'headroom')
      .sort(),
    'the response schema declares every field of the answer',
  )
  t.ok(Object.keys(scores.properties).every((key) => key in full.properties), 'the compact view is a part of the full one')
  t.same(document.paths['/v1/evaluations'].post.parameters.map((parameter: { name: string }) => parameter.name), [
    'view',
    // A workbook upload's rubric and options.
    'rubricId',
    'deductionMode',
    'roundRateBeforeScoring',
    'headroom',
  ])
})

t.test('the example of a refused evaluation is what the service answers for that body', async (t) => {
  const document = JSON.parse(await buildOpenApiDocument())
  const example = exampleOf(
    document,
    document.paths['/v1/evaluations'].post.responses['400'].content['application/problem+json'],
  )
  const app = await build(t)
  // The seed with a year-end balance of 9000 (funds 1067.04 + 7670.78 + 0 = 8737.82) and 130 satisfied of 120 surveyed.
  const body = structuredClone(seed) as Record<string, any>
  body.baseData.budget.yearEndBalance = '9000'
  body.assessments.satisfaction = { surveyed: 120, satisfied: 130 }
  const answer = (await app.inject({ method: 'POST', url: '/v1/evaluations', payload: body })).json()
  t.same({ ...answer, requestId: example.requestId }, example)
})

t.test('the evaluation operations list the media types they answer in, and the 406', async (t) => {
  const document = JSON.parse(await buildOpenApiDocument())
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  const evaluation = document.paths['/v1/evaluations'].post.responses
  t.same(Object.keys(evaluation['200'].content), ['application/json', XLSX, 'text/csv', 'text/html'])
  t.match(evaluation['200'].content[XLSX].schema, { type: 'string', format: 'binary' })
  t.match(evaluation['200'].content['text/csv'].schema, { type: 'string', description: /BOM/ })
  t.ok(resolve(document, evaluation['406']).content['application/problem+json'], 'POST /v1/evaluations documents 406')
  const batch = document.paths['/v1/evaluations/batch'].post.responses
  t.same(Object.keys(batch['200'].content), ['application/json', XLSX, 'text/csv'])
  t.ok(resolve(document, batch['406']).content['application/problem+json'], 'POST /v1/evaluations/batch documents 406')
})

t.test('the batch operation has an example of three departments and its answer', async (t) => {
  const document = JSON.parse(await buildOpenApiDocument())
  const batch = document.paths['/v1/evaluations/batch'].post
  t.equal(exampleOf(document, batch.requestBody.content['application/json']).items.length, 3)
  const answer = exampleOf(document, batch.responses['200'].content['application/json'])
  t.same(answer.results.map((r: { status: string }) => r.status), ['ok', 'ok', 'error'])
  t.ok(Object.keys(answer.results[0].evaluation.indicators[0]).every((key) => key !== 'explanation'))
  t.match(answer.summary, { count: 3, scored: 2, failed: 1, ranking: [{ rank: 1, index: 0 }, { rank: 2, index: 1 }] })
})

t.test('the service serves the document and the explorer', async (t) => {
  const app = await build(t)
  const document = await app.inject({ method: 'GET', url: '/openapi.json' })
  t.equal(document.statusCode, 200)
  t.same(document.json(), JSON.parse(await buildOpenApiDocument()))
  const docs = await app.inject({ method: 'GET', url: '/docs' })
  t.equal(docs.statusCode, 200)
  t.match(docs.headers['content-type'], /text\/html/)
  t.match(docs.body, /swagger-ui/i)
  const initializer = await app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' })
  t.equal(initializer.statusCode, 200)
  const explorerJson = await app.inject({ method: 'GET', url: '/docs/json' })
  t.match(explorerJson.json(), { openapi: '3.1.0', paths: { '/v1/evaluations': {} } })
  // The explorer's Authorize button takes the bearer key, and "Try it out" sends it.
  t.match(explorerJson.json(), {
    components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
    security: [{ apiKey: [] }, {}],
  })
  t.match(initializer.body, /"persistAuthorization":\s*true/, 'the key is kept across reloads of the explorer')
})
