import t from 'tap'
import type { EvaluationResult } from '../../schemas/evaluation-response.js'
import { escapeHtml, evaluationReport } from '../../src/render/html.js'
import { build, seedRequest } from '../helper.js'
import { builtInRubric, fileName, post } from './fixtures/helpers.js'

const app = await build(t)

async function report(request: unknown, headers: Record<string, string> = {}) {
  const response = await app.inject(post('/v1/evaluations', request, { accept: 'text/html', ...headers }))
  t.equal(response.statusCode, 200)
  return response
}

const count = (html: string, pattern: RegExp) => (html.match(pattern) ?? []).length

t.test(
  "the seed's report: self-contained, with the total, the grade, the charts, the table, the audit and the warnings",
  async (t) => {
    const response = await report(seedRequest())
    t.equal(response.headers['content-type'], 'text/html; charset=utf-8')
    t.match(response.headers['content-disposition'], /^inline; filename="evaluation-2021\.html"; /)
    t.equal(fileName(response.headers['content-disposition'] as string), '长沙市雨花区民政局-2021.html')
    const html = response.body
    t.match(html, /^<!doctype html>\n<html lang="zh-CN">/)
    t.notMatch(html, /<script|\s(src|href)\s*=|@import|url\(/i, 'no script and no external asset')
    t.match(html, /<title>长沙市雨花区民政局 · 2021 · 部门整体支出绩效评价报告<\/title>/)
    t.match(html, /id="total-score">90\.80<\/span><span class="max">\/ 100\.00</)
    t.match(html, /id="grade">优</)
    t.match(html, /@page \{ size: A4;/, 'print CSS for A4')
    t.equal(count(html, /<svg /g), 2, 'a chart by category and one by indicator')
    t.match(html, /<title>投入: 9\.80 \/ 13\.00<\/title>/)
    t.match(html, /<title>政府采购执行率: 0\.00 \/ 6\.00<\/title>/)
    t.equal(count(html, /<tr[^>]* data-indicator=/g), 17, 'a table row per indicator')
    t.match(
      html,
      /<td class="level" rowspan="10">过程<\/td><td class="num" rowspan="10">61\.00<\/td>/,
      'categories span their indicators as the merged cells of the original',
    )
    t.match(html, /<tr class="lost" data-indicator="procurementExecutionRate">/)
    t.match(html, /政府采购执行率134\.85%，偏离100%达34\.85个百分点/)
    t.match(html, /<div class="figure"><span class="label">部门自评总分<\/span><span class="value">94\.00<\/span>/)
    t.equal(count(html, /<section class="audit">[\s\S]*?<\/section>/g), 1)
    const audit = /<section class="audit">([\s\S]*?)<\/section>/.exec(html)![1]!
    t.equal(count(audit, /<tr><td>/g), 4, "the four indicators where the department's claim differs")
    t.match(
      audit,
      /<td>预算完成率<\/td><td class="num">0\.00<\/td><td class="num">5\.00<\/td><td class="num">-5\.00<\/td>/,
    )
    t.match(
      html,
      /<li>未提供上年度“三公经费”预算数，以上年决算数3\.31万元作为变动率的基数 <code>THREE_PUBLIC_PRIOR_BUDGET_FALLBACK \/baseData\/threePublicExpenses\/priorYearBudget<\/code><\/li>/,
    )
    t.match(html, /<th class="heading">财政供养人员情况<\/th>/)
    t.match(html, /<td colspan="6" class="prose">严格按照中央八项规定/)
  },
)

t.test('every interpolated string is escaped', async (t) => {
  const request = seedRequest()
  request.department = { name: '<script>alert("x")</script> & \'co\'', code: '<b>1</b>' }
  request.baseData!.frugalityMeasures = '</td><img src=x onerror=alert(1)>'
  const html = (await report(request)).body
  t.notMatch(html, /<script|<img|<b>/)
  t.match(html, /<h1>&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; &#39;co&#39;<\/h1>/)
  t.match(html, /<dd>&lt;b&gt;1&lt;\/b&gt;<\/dd>/)
  t.match(html, /&lt;\/td&gt;&lt;img src=x onerror=alert\(1\)&gt;/)
  t.equal(escapeHtml('<a href="x">\'&\'</a>'), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;')
})

t.test('in English', async (t) => {
  const response = await report(seedRequest(), { 'accept-language': 'en' })
  const html = response.body
  t.equal(response.headers['content-language'], 'en')
  t.match(html, /<html lang="en">/)
  t.match(
    html,
    /<p class="kicker">Indicator table for evaluating a department&#39;s overall expenditure performance<\/p>/,
  )
  t.match(html, /<span class="label">Total<\/span>/)
  t.match(html, /id="grade">excellent</)
  t.match(html, /<title>Input: 9\.80 \/ 13\.00<\/title>/)
  t.match(html, /<th>Level-1 indicator<\/th>/)
  t.match(html, /<td>Budget completion rate<\/td><td class="num">0\.00<\/td>/)
  t.match(html, /<h2>Self-assessment audit<\/h2>/)
  t.match(html, /Change rate of the three public expenses 4\.83% &gt; 0%/)
})

t.test(
  'an incomplete evaluation without self scores, warnings or base data (and no rubricId: the default)',
  async (t) => {
    const request = seedRequest() as Record<string, any>
    delete request.rubricId
    delete request.baseData
    delete request.selfAssessment
    const html = (await report(request)).body
    t.match(html, /id="grade">不评等级（数据不完整）</)
    t.match(html, /<section class="summary">[\s\S]*?<\/section>\n<p class="note">不评等级（数据不完整）<\/p>/)
    t.match(html, /<title>在职人员控制率: 未计分 \/ 5\.00<\/title>/, 'an unscored indicator has an empty bar')
    t.match(html, /<td class="num score">未计分<\/td>/)
    t.match(html, /<section class="audit">\n<h2>自评比对<\/h2>\n<p>未提交自评得分<\/p>/)
    t.match(html, /<h2>警告<\/h2>\n<p>无<\/p>/)
    t.notMatch(html, /<th>自评得分<\/th>/)
    t.match(html, /<td colspan="6" class="prose"><\/td>/, 'the base data form, empty')
  },
)

t.test('a self-assessment that matches, and a claim on an indicator that could not be scored', async (t) => {
  const matching = seedRequest()
  Object.assign(matching.selfAssessment!.scores, {
    threePublicChangeRate: '4.8',
    budgetCompletionRate: '5',
    budgetControlRate: '5',
    procurementExecutionRate: '0',
  })
  t.match((await report(matching)).body, /<p>自评得分与计算得分一致<\/p>/)
  const unscored = seedRequest() as Record<string, any>
  delete unscored.assessments.satisfaction
  t.match((await report(unscored)).body, /<td>社会公众或服务对象满意度<\/td><td class="num">6\.00<\/td><td class="num">未计分<\/td>/)
})

t.test('the chart draws indicators worth 0 points and cuts names too long for it', async (t) => {
  const json = (
    await app.inject(post('/v1/evaluations', seedRequest(), { 'accept-language': 'en' }))
  ).json() as EvaluationResult
  // A rubric may weigh a category at 0 points: a chart of nothing but zero maxima must still draw.
  for (const category of json.categories) Object.assign(category, { maxScore: '0.00', score: '0.00' })
  const first = json.indicators[0]!
  Object.assign(first, {
    maxScore: '0.00',
    score: '0.00',
    nameEn: 'An indicator whose English name is far too long to be drawn beside its bar in full',
  })
  const html = evaluationReport({ result: json, request: seedRequest(), rubric: builtInRubric() })
  t.match(html, /<text x="\d+" y="[\d.]+" text-anchor="end">An indicator whose English name [^<]*…<\/text>/)
  t.match(
    html,
    /<title>Input: 0\.00 \/ 0\.00<\/title><text[^>]*>Input<\/text><rect class="track" x="\d+(\.\d+)?" y="4" width="0\.0"[^>]*\/><rect class="score-full"/,
  )
  t.notMatch(html, /NaN|Infinity/)
})
