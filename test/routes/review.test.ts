/**
 * Reviewer adjustments (财政复核) and headroom through the routes: the answer, its 400s, the batch,
 * and the XLSX, CSV and HTML forms. The seed scores 90.80 (政府采购执行率 0 of 6); a reviewer who
 * sets that indicator to 4 makes it 94.80.
 */
import t from 'tap'
import { build, departmentRequest, seedRequest } from '../helper.js'
import { digest } from '../../src/batch-summary.js'
import { FIRST_INDICATOR_ROW, HEADING_ROW } from '../../src/render/xlsx.js'
import { XLSX, post, readCsv, readWorkbook, shown } from '../render/fixtures/helpers.js'

const REASON = '超出预算部分系年中追加的防疫物资采购，已按规定备案'

function reviewed(change: (request: Record<string, any>) => void = () => {}): Record<string, any> {
  const request = seedRequest() as Record<string, any>
  request.review = {
    reviewer: '雨花区财政局',
    adjustments: { procurementExecutionRate: { score: '4', reason: REASON } },
  }
  change(request)
  return request
}

t.test('an adjusted indicator keeps its computed score; totals, grade and audit use the final one', async (t) => {
  const app = await build(t)
  const answer = (await app.inject(post('/v1/evaluations', reviewed()))).json()
  // 90.80 − 0.00 + 4.00 = 94.80; process (过程) 33.00 + 4.00.
  t.equal(answer.totalScore, '94.80')
  t.equal(answer.grade.code, 'excellent')
  const procurement = answer.indicators.find((indicator: { id: string }) => indicator.id === 'procurementExecutionRate')
  t.match(procurement, {
    score: '4.00',
    computedScore: '0.00',
    deduction: '2.00',
    adjustment: { score: '4.00', reason: REASON },
    selfScore: '6.00',
    // The claim against the final score: 6 − 4.
    difference: '2.00',
  })
  t.match(procurement.explanation, /扣完为止，得0.00分。复核：雨花区财政局将本项得分由0.00分调整为4.00分，理由：超出预算/)
  const staff = answer.indicators.find((indicator: { id: string }) => indicator.id === 'staffControlRate')
  t.match(staff, { score: '5.00', computedScore: '5.00', adjustment: null })
  t.same(answer.review, {
    reviewer: '雨花区财政局',
    computedTotal: '90.80',
    adjustedTotal: '94.80',
    difference: '4.00',
    adjustments: [
      {
        indicatorId: 'procurementExecutionRate',
        name: '政府采购执行率',
        computed: '0.00',
        adjusted: '4.00',
        difference: '4.00',
        reason: REASON,
      },
    ],
  })
  // The department claimed 94.00; the final total is 94.80.
  t.match(answer.selfAssessment, { claimedTotal: '94.00', computedTotal: '94.80', difference: '-0.80' })

  // In English, without a reviewer's name; a lower score too (5.00 → 4.50 for 在职人员控制率).
  const english = reviewed((request) => {
    request.review = { adjustments: { staffControlRate: { score: 4.5, reason: 'A post filled in error.' } } }
  })
  const en = (await app.inject(post('/v1/evaluations', english, { 'accept-language': 'en' }))).json()
  t.equal(en.totalScore, '90.30')
  t.match(en.review, { reviewer: null, adjustedTotal: '90.30', adjustments: [{ difference: '-0.50' }] })
  t.match(
    en.indicators[0].explanation,
    /points\. Review: the reviewer set the score from 5.00 to 4.50 points, because: A post filled in error\.$/,
  )
  // A reviewer named in English, none in Chinese.
  const named = (await app.inject(post('/v1/evaluations', reviewed(), { 'accept-language': 'en' }))).json()
  t.match(named.indicators[8].explanation, /Review: 雨花区财政局 set the score from 0.00 to 4.00 points/)
  const anonymous = reviewed((request) => delete request.review.reviewer)
  const zh = (await app.inject(post('/v1/evaluations', anonymous))).json()
  t.match(zh.indicators[8].explanation, /复核：复核人员将本项得分由0.00分调整为4.00分/)
})

t.test('adjustments are checked: unknown indicators, scores beyond the maximum or finer than 0.01, reasons, missing data', async (t) => {
  const app = await build(t)
  const refused = async (change: (request: Record<string, any>) => void) => {
    const response = await app.inject(post('/v1/evaluations', reviewed(change)))
    t.equal(response.statusCode, 400)
    return response.json().errors.map((error: { pointer: string; rule: string }) => [error.pointer, error.rule])
  }
  t.same(
    await refused((request) => {
      request.review.adjustments = {
        nope: { score: '1', reason: 'x' },
        staffControlRate: { score: '5.5', reason: 'x' },
        budgetControlRate: { score: '4.555', reason: 'x' },
      }
    }),
    [
      ['/review/adjustments/nope', 'unknownIndicator'],
      ['/review/adjustments/staffControlRate/score', 'atMostMaxScore'],
      ['/review/adjustments/budgetControlRate/score', 'scoreDecimals'],
    ],
  )
  t.same(
    await refused((request) => (request.review.adjustments.procurementExecutionRate.reason = '')),
    [['/review/adjustments/procurementExecutionRate/reason', 'minLength']],
  )
  t.same(
    await refused((request) => delete request.review.adjustments.procurementExecutionRate.reason),
    [['/review/adjustments/procurementExecutionRate/reason', 'required']],
  )
  t.same(
    await refused((request) => {
      delete request.baseData.staffing
      request.review.adjustments = { staffControlRate: { score: '5', reason: 'x' } }
    }),
    [['/review/adjustments/staffControlRate', 'adjustMissingData']],
  )
})

t.test('a batch takes a review per item and counts the adjusted indicators', async (t) => {
  const app = await build(t)
  const items = [
    reviewed(),
    departmentRequest('B'),
    reviewed((request) => (request.review.adjustments.staffControlRate = { score: '5', reason: 'unchanged' })),
    reviewed((request) => (request.review.adjustments = { nope: { score: '1', reason: 'x' } })),
  ]
  const answer = (await app.inject(post('/v1/evaluations/batch', { items }))).json()
  t.same(
    answer.results.map((result: { status: string }) => result.status),
    ['ok', 'ok', 'ok', 'error'],
  )
  t.equal(answer.results[0].evaluation.totalScore, '94.80')
  t.equal(answer.summary.adjustedIndicators, 3)
  // A full result's digest (the batch renderers') counts them too.
  t.match(digest({ index: 0, status: 'ok', evaluation: answer.results[2].evaluation }), { evaluation: { adjusted: 2 } })
  // Without a review in any item, the summary is as it was.
  const plain = (await app.inject(post('/v1/evaluations/batch', { items: [departmentRequest('B')] }))).json()
  t.notOk('adjustedIndicators' in plain.summary)
})

t.test('headroom through the route, and in the compact view only what the view holds', async (t) => {
  const app = await build(t)
  const request = seedRequest() as Record<string, any>
  request.options = { headroom: true }
  const answer = (await app.inject(post('/v1/evaluations', request))).json()
  t.equal(answer.headroom.gradeMargin.canLose, '0.80')
  t.match(answer.indicators[1].headroom.inputs[0], { up: { change: '0.005335' } })
  const scores = (await app.inject(post('/v1/evaluations?view=scores', request))).json()
  t.equal(scores.totalScore, '90.80')
  t.notOk('headroom' in scores)
})

t.test('XLSX, CSV and the report show the 复核 columns and, with headroom, a 预警 section', async (t) => {
  const app = await build(t)
  const both = reviewed((request) => (request.options = { headroom: true }))
  const workbook = await readWorkbook(
    (await app.inject(post('/v1/evaluations', both, { accept: XLSX }))).rawPayload,
  )
  const sheet = workbook.worksheets[0]!
  const headings = (sheet.getRow(HEADING_ROW).values as unknown[]).slice(1)
  t.same(headings.slice(-5), ['自评得分', '差异（自评−得分）', '计算得分', '复核得分', '复核理由'])
  // 政府采购执行率 is the ninth indicator row.
  const procurement = sheet.getRow(FIRST_INDICATOR_ROW + 8)
  t.equal(shown(procurement.getCell(9)), '4.00')
  t.equal(shown(procurement.getCell(13)), '0.00')
  t.equal(shown(procurement.getCell(14)), '4.00')
  t.equal(procurement.getCell(15).value, REASON)
  t.equal(shown(sheet.getRow(FIRST_INDICATOR_ROW + 17).getCell(13)), '90.80')
  t.same(workbook.worksheets.map((worksheet) => worksheet.name), ['评价指标表', '基础数据表', '预警'])
  const warning = workbook.worksheets[2]!
  t.match(warning.getCell(1, 2).value, /总分再失4.80分仍为“优”/)
  t.same((warning.getRow(3).values as unknown[]).slice(1), ['三级指标', '输入项', '当前值', '距下一次得分变动'])
  t.equal(warning.getRow(4).getCell(2).value, '/baseData/staffing/actual')

  // Without self scores, the 复核 columns follow the reason; the total row carries the computed total.
  const noClaims = reviewed((request) => delete request.selfAssessment)
  const plainBook = await readWorkbook(
    (await app.inject(post('/v1/evaluations', noClaims, { accept: XLSX, 'accept-language': 'en' }))).rawPayload,
  )
  const enSheet = plainBook.worksheets[0]!
  t.same((enSheet.getRow(HEADING_ROW).values as unknown[]).slice(-3), ['Computed score', 'Reviewed score', 'Review reason'])
  t.equal(shown(enSheet.getRow(FIRST_INDICATOR_ROW + 17).getCell(11)), '90.80')
  t.equal(plainBook.worksheets.length, 2)

  const csv = readCsv((await app.inject(post('/v1/evaluations', both, { accept: 'text/csv' }))).rawPayload)
  t.same(csv[0]!.slice(-3), ['计算得分', '复核得分', '复核理由'])
  t.same(csv[9]!.slice(-3), ['0.00', '4.00', REASON])
  t.same(csv[1]!.slice(-3), ['5.00', '', ''])

  const html = (await app.inject(post('/v1/evaluations', both, { accept: 'text/html' }))).body
  t.match(html, /<th>计算得分<\/th><th>复核得分<\/th><th>复核理由<\/th>/)
  t.match(html, new RegExp(`<td class="num">0.00</td><td class="num">4.00</td><td class="prose">${REASON}</td>`))
  t.match(html, /<section class="headroom-section">\n<h2>预警<\/h2>/)
  t.match(html, /<strong>等级余量<\/strong>：总分再失4.80分仍为“优”/)
  const english = (
    await app.inject(post('/v1/evaluations', both, { accept: 'text/html', 'accept-language': 'en' }))
  ).body
  t.match(english, /<strong>Grade margin<\/strong>: the total can lose 4.80 points/)
  // Incomplete: no grade margin.
  const incomplete = reviewed((request) => {
    request.options = { headroom: true }
    delete request.baseData.procurement
    request.review.adjustments = {}
  })
  const incompleteHtml = (await app.inject(post('/v1/evaluations', incomplete, { accept: 'text/html' }))).body
  t.match(incompleteHtml, /<strong>等级余量<\/strong>：不评等级（数据不完整）/)
  const incompleteBook = await readWorkbook(
    (await app.inject(post('/v1/evaluations', incomplete, { accept: XLSX }))).rawPayload,
  )
  t.equal(incompleteBook.worksheets[2]!.getCell(1, 2).value, '不评等级（数据不完整）')
})
