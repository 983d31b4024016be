import t from 'tap'
import Fastify from 'fastify'
import app from '../../src/app.js'
import { keyHash } from '../../src/api-keys.js'
import { serverOptions } from '../../src/server-options.js'
import { createScoringClient } from '../../clients/typescript/index.js'
import { scoreSeed } from '../../clients/typescript/example.js'
import builtIn from '../../src/rubrics/yuhua-2021.json' with { type: 'json' }
import { seedRequest } from '../helper.js'

const KEY = 'client-test-key'

/** The real service on a port of its own, with API keys on, as a platform reaches it. */
async function listening(t: { teardown(fn: () => unknown): void }): Promise<string> {
  const server = Fastify(serverOptions())
  await server.register(app, { apiKeys: [{ name: 'typescript-client', keyHash: keyHash(KEY) }] })
  t.teardown(() => server.close())
  return server.listen({ port: 0, host: '127.0.0.1' })
}

t.test('the typed client scores the seed department, as its example does', async (t) => {
  const baseUrl = await listening(t)
  t.match(await scoreSeed(baseUrl, KEY), {
    totalScore: '90.80',
    grade: '优',
    selfAssessment: { claimedTotal: '94.00', computedTotal: '90.80', difference: '3.20' },
  })
  const scoring = createScoringClient({ baseUrl, apiKey: KEY, language: 'en' })
  const scores = await scoring.evaluateScores(seedRequest())
  t.equal(scores.response.status, 200)
  t.match(scores.data, { totalScore: '90.80', language: 'en', indicators: [{ id: String }] })
  t.notOk(scores.data && 'explanation' in scores.data.indicators[0]!, 'the compact view')
  const batch = await scoring.evaluateBatch({ items: [seedRequest(), seedRequest()] }, 'scores')
  t.match(batch.data?.summary, { count: 2, scored: 2, ranking: [{ rank: 1 }, { rank: 1 }] })
  t.equal((await scoring.listRubrics()).data?.rubrics[0]?.id, 'yuhua-2021')
  const rubric = (await scoring.getRubric('yuhua-2021')).data!
  t.equal(rubric.id, 'yuhua-2021')
  t.match((await scoring.validateRubric(rubric)).data, { valid: true, maxScore: '100.00' })
  t.same(rubric, builtIn)
})

t.test('the typed client reads a problem document, and downloads the workbook', async (t) => {
  const baseUrl = await listening(t)
  const scoring = createScoringClient({ baseUrl, apiKey: KEY })
  const body = seedRequest()
  body.fiscalYear = 1999
  const refused = await scoring.evaluate(body)
  t.equal(refused.response.status, 400)
  t.match(refused.error, { code: 'VALIDATION_FAILED', errors: [{ pointer: '/fiscalYear', rule: 'minimum' }] })
  const missing = await scoring.getRubric('nowhere')
  t.match(missing.error, { status: 404, code: 'RUBRIC_NOT_FOUND' })

  const workbook = await scoring.evaluationWorkbook(seedRequest())
  t.equal(workbook.response.status, 200)
  t.match(workbook.response.headers.get('content-disposition'), /attachment; filename="evaluation-2021\.xlsx"/)
  const bytes = new Uint8Array(workbook.data as ArrayBuffer)
  t.same([...bytes.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04], 'a ZIP (XLSX) file: "PK\\3\\4"')

  const template = await scoring.baseDataTemplate('yuhua-2021', 'batch')
  t.equal(template.response.status, 200)
  t.match(template.response.headers.get('content-disposition'), /filename="yuhua-2021-template-batch\.xlsx"/)

  const anonymous = createScoringClient({ baseUrl })
  const unauthenticated = await anonymous.listRubrics()
  t.equal(unauthenticated.response.status, 401)
  t.match(unauthenticated.error, { code: 'UNAUTHENTICATED' })
  const wrong = await createScoringClient({ baseUrl, apiKey: 'wrong' }).evaluate(seedRequest())
  t.match(wrong.error, { code: 'UNAUTHENTICATED', detail: 'API 密钥无效' })
  await t.rejects(scoreSeed(baseUrl, 'wrong'), /UNAUTHENTICATED: API 密钥无效/)
})
