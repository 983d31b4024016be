import t from 'tap'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { OPENAPI_PATH } from '../../src/openapi-document.js'
import { COMPONENT_NAMES } from '../../schemas/components.js'
import { buildClientTypes, CLIENT_TYPES_PATH } from '../../scripts/client-types.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const committed = readFileSync(OPENAPI_PATH, 'utf8')
const document = JSON.parse(committed)

/** What the issue names, each a component (and so a named type in every generated client). */
const REQUIRED = [
  'EvaluationRequest', 'Evaluation', 'EvaluationScores', 'EvaluationAnswer', 'IndicatorResult',
  'Rubric', 'RubricCategory', 'RubricGroup', 'RubricIndicator', 'Measure', 'RatioMeasure', 'ValueMeasure',
  'FirstAvailableMeasure', 'Rule', 'StepDeductionRule', 'BandsRule', 'ProportionalRule', 'ChecklistRule',
  'ViolationsRule', 'LevelsRule', 'AssessorScoreRule', 'TargetAttainmentRule',
  'BatchRequest', 'BatchResponse', 'BatchItemResult', 'BatchSummary', 'Problem', 'ProblemError', 'Warning',
]

t.test('redocly lint (the recommended rules, redocly.yaml) finds no error and no warning', async (t) => {
  const cli = fileURLToPath(new URL('../../node_modules/@redocly/cli/bin/cli.js', import.meta.url))
  const run = spawnSync(process.execPath, [cli, 'lint', 'openapi/openapi.json', '--format=json'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  })
  const report = JSON.parse(run.stdout)
  t.same(report.problems, [])
  t.same(report.totals, { errors: 0, warnings: 0, ignored: 0 })
  t.equal(run.status, 0)
})

t.test('the document is at most 200 KB, names every component and refers to them', async (t) => {
  t.ok(Buffer.byteLength(committed) <= 200 * 1024, `${Buffer.byteLength(committed)} bytes`)
  const names = Object.keys(document.components.schemas)
  t.same(names, COMPONENT_NAMES, 'the components, in the order of schemas/components.ts')
  for (const name of REQUIRED) t.ok(names.includes(name), `${name} is a component`)
  const evaluation = document.paths['/v1/evaluations'].post
  t.same(evaluation.requestBody.content['application/json'].schema, { $ref: '#/components/schemas/EvaluationRequest' })
  t.same(evaluation.responses['200'].content['application/json'].schema, { $ref: '#/components/schemas/EvaluationAnswer' })
  t.same(evaluation.responses['400'].content['application/problem+json'].schema, { $ref: '#/components/schemas/Problem' })
  t.match(document.components.schemas.EvaluationRequest.properties.rubric, {
    $ref: '#/components/schemas/Rubric',
    description: /Give this or rubricId/,
  }, 'a use keeps its own description beside the reference')
  t.notMatch(committed, /"\$id"|x-component/, 'no $id or marker is left')
  const references = [...committed.matchAll(/"\$ref":\s*"#\/components\/(schemas|examples)\/([^"]+)"/g)]
  for (const [, kind, name] of references) t.ok(document.components[kind!][name!], `${kind}/${name} exists`)
})

t.test('the document declares the servers, the licence and the optional bearer key', async (t) => {
  t.same(document.servers.map((server: { url: string }) => server.url), ['/'])
  t.ok(document.info.license.name)
  t.match(document.components.securitySchemes, { apiKey: { type: 'http', scheme: 'bearer' } })
  t.same(document.security, [{ apiKey: [] }, {}], 'a key, or none')
  t.match(document.components.responses.Unauthenticated, {
    headers: { 'WWW-Authenticate': { schema: { type: 'string' } } },
  })
  for (const item of Object.values(document.paths) as Record<string, any>[]) {
    for (const operation of Object.values(item)) {
      // Every operation refers to the one 401 response, components/responses/Unauthenticated.
      t.same(operation.responses['401'], { $ref: '#/components/responses/Unauthenticated' })
    }
  }
})

t.test('openapi-typescript: the committed client types are generated from the document, named and short', async (t) => {
  const types = await buildClientTypes(committed)
  t.equal(readFileSync(CLIENT_TYPES_PATH, 'utf8'), types, 'clients/typescript/schema.d.ts (run `npm run openapi`)')
  const lines = types.split('\n').length
  // 1,500 for the API of issue 15; since, the base-data template route, the workbook upload's query
  // parameters and its refusals on two routes, and the draft's workbook body and query (about 100 lines).
  t.ok(lines <= 1600, `${lines} lines`)
  for (const name of COMPONENT_NAMES) t.match(types, new RegExp(`\\n {8}${name}: `), `${name} is a named type`)
})

t.test('the README lists every component name', async (t) => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const section = readme.slice(readme.indexOf('### Named types'), readme.indexOf('### A TypeScript client'))
  const listed = [...section.matchAll(/`([A-Z][A-Za-z]+)`/g)].map((match) => match[1])
  t.same([...new Set(listed)].sort(), [...COMPONENT_NAMES].sort())
})
