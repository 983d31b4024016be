import t from 'tap'
import type { EvaluationResult, IndicatorResult } from '../../schemas/evaluation-response.js'
import { toCsv } from '../../src/render/csv.js'
import { contentDisposition, safeFileName } from '../../src/render/disposition.js'
import { FIRST_INDICATOR_ROW, HEADING_ROW } from '../../src/render/xlsx.js'
import { build, departmentRequest, seedRequest } from '../helper.js'
import {
  type TapTest,
  XLSX,
  descriptions,
  fileName,
  personalizedInputs,
  personalizedRubric,
  post,
  readCsv,
  readWorkbook,
  shown,
} from './fixtures/helpers.js'

const department = departmentRequest

const ZH_HEADINGS = [
  '一级指标',
  '分值',
  '二级指标',
  '分值',
  '三级指标',
  '分值',
  '评价标准',
  '指标说明',
  '得分',
  '扣分原因',
  '自评得分',
  '差异（自评−得分）',
]
const EN_HEADINGS = [
  'Level-1 indicator',
  'Points',
  'Level-2 indicator',
  'Points',
  'Level-3 indicator',
  'Points',
  'Standard',
  'Description',
  'Score',
  'Reason',
  'Self score',
  'Difference (self − score)',
]

// One app for the whole file: building it is most of a test's time.
const app = await build(t)

/** The JSON answer and the XLSX answer to the same request. */
async function both(t: TapTest, request: unknown, headers: Record<string, string> = {}) {
  const json = (await app.inject(post('/v1/evaluations', request, headers))).json() as EvaluationResult
  const response = await app.inject(post('/v1/evaluations', request, { ...headers, accept: XLSX }))
  t.equal(response.statusCode, 200)
  return { json, response, workbook: await readWorkbook(response.rawPayload) }
}

/** The indicators in the order of the table: by category, as the answer lists them. */
function inTableOrder(json: EvaluationResult): IndicatorResult[] {
  const byId = new Map(json.indicators.map((indicator) => [indicator.id, indicator]))
  return json.categories.flatMap((category) =>
    category.children.flatMap((child) => child.indicatorIds.map((id) => byId.get(id)!)),
  )
}

const rowValues = (sheet: { getRow(n: number): { values: unknown } }, n: number) =>
  (sheet.getRow(n).values as unknown[]).slice(1)

t.test('the seed as XLSX: the official table, every score a number equal to the JSON answer', async (t) => {
  const { json, response, workbook } = await both(t, seedRequest())
  t.equal(response.headers['content-type'], XLSX)
  t.equal(response.headers['content-language'], 'zh')
  t.match(response.headers['content-disposition'], /^attachment; filename="evaluation-2021\.xlsx"; filename\*=UTF-8''/)
  t.equal(
    fileName(response.headers['content-disposition'] as string),
    '长沙市雨花区民政局-2021.xlsx',
    'the Chinese name survives',
  )
  t.same(
    workbook.worksheets.map((sheet) => sheet.name),
    ['评价指标表', '基础数据表'],
  )

  const sheet = workbook.getWorksheet('评价指标表')!
  t.equal(sheet.getCell('A1').value, '部门整体支出绩效评价指标表')
  t.same(
    [sheet.getCell('A2').value, sheet.getCell('B2').value, sheet.getCell('G2').value, sheet.getCell('H2').value],
    ['部门', '长沙市雨花区民政局', '年度', 2021],
  )
  t.same(
    [
      sheet.getCell('A3').value,
      shown(sheet.getCell('B3')),
      shown(sheet.getCell('D3')),
      sheet.getCell('E3').value,
      sheet.getCell('F3').value,
    ],
    ['总分', '90.80', '100.00', '等级', '优'],
  )
  t.match(sheet.getCell('H3').value, /^yuhua-2021 1\.0\.0 · sha256:[0-9a-f]{64}$/)
  t.same(
    [sheet.getCell('A4').value, shown(sheet.getCell('B4')), shown(sheet.getCell('D4'))],
    ['部门自评总分', json.selfAssessment!.claimedTotal, json.selfAssessment!.difference],
  )
  t.same(rowValues(sheet, HEADING_ROW), ZH_HEADINGS)

  const texts = descriptions()
  const indicators = inTableOrder(json)
  t.equal(indicators.length, 17)
  indicators.forEach((indicator, index) => {
    const row = sheet.getRow(FIRST_INDICATOR_ROW + index)
    const category = json.categories.find((c) => c.id === indicator.path[0])!
    const child = category.children.find((c) => c.id === indicator.path[1])!
    t.same(
      [row.getCell(1).value, shown(row.getCell(2)), row.getCell(3).value, shown(row.getCell(4))],
      [category.name, category.maxScore, child.name, child.maxScore],
      `${indicator.id}: its categories (a merged cell reads as its master's value)`,
    )
    t.same(
      [
        row.getCell(5).value,
        shown(row.getCell(6)),
        row.getCell(7).value,
        row.getCell(8).value,
        shown(row.getCell(9)),
        row.getCell(10).value,
        shown(row.getCell(11)),
        shown(row.getCell(12)),
      ],
      [
        indicator.name,
        indicator.maxScore,
        indicator.standard,
        texts.get(indicator.id) ?? indicator.formula ?? '',
        indicator.score,
        indicator.explanation,
        indicator.selfScore,
        indicator.difference,
      ],
      `${indicator.id}: every figure as in the JSON answer`,
    )
  })

  const sum = sheet.getRow(FIRST_INDICATOR_ROW + 17)
  t.same(
    [
      sum.getCell(1).value,
      shown(sum.getCell(6)),
      shown(sum.getCell(9)),
      sum.getCell(10).value,
      shown(sum.getCell(11)),
      shown(sum.getCell(12)),
    ],
    ['合计', '100.00', '90.80', '优', '94.00', '3.20'],
  )
  const warning = sheet.getRow(FIRST_INDICATOR_ROW + 19)
  t.equal(warning.getCell(1).value, '警告')
  t.match(warning.getCell(2).value, /以上年决算数3\.31万元.*\(THREE_PUBLIC_PRIOR_BUDGET_FALLBACK\)$/)
  t.equal(sheet.pageSetup.orientation, 'landscape')
  t.equal(sheet.pageSetup.paperSize, 9, 'A4')
})

t.test('the first two levels are merged down their indicators, as in the original table', async (t) => {
  const { workbook } = await both(t, seedRequest())
  const sheet = workbook.getWorksheet('评价指标表')!
  const vertical = (sheet.model as unknown as { merges: string[] }).merges.filter((range) =>
    /^([A-Z])\d+:\1\d+$/.test(range),
  )
  // 投入 rows 6–7 (预算配置 6–7); 过程 8–17 (预算执行 8–11, 预算管理 12–17); 产出及效率 18–22 (职责履行 18 alone, 履职效益 19–22).
  t.same(
    vertical.sort(),
    [
      'A6:A7',
      'B6:B7',
      'C6:C7',
      'D6:D7',
      'A8:A17',
      'B8:B17',
      'C8:C11',
      'D8:D11',
      'C12:C17',
      'D12:D17',
      'A18:A22',
      'B18:B22',
      'C19:C22',
      'D19:D22',
    ].sort(),
  )
  t.ok(sheet.getCell('A17').isMerged)
  t.equal(sheet.getCell('A17').master.address, 'A8')
  t.equal(sheet.getCell('C18').isMerged, false, 'a group of one indicator is a single cell')
})

t.test('the base data sheet has the figures as submitted, in the rows of the original form', async (t) => {
  const request = seedRequest()
  request.baseData!.buildings = {
    hasProject: true,
    approvedArea: '1200',
    actualArea: '1150.5',
    approvedInvestment: '800',
    actualInvestment: '790.25',
  }
  // More digits than a binary float holds: kept exactly, as text.
  request.baseData!.projectExpenditure!.priorYearBudget = '123456789012345.123456'
  const { workbook } = await both(t, request)
  const sheet = workbook.getWorksheet('基础数据表')!
  t.equal(sheet.getCell('A1').value, '部门整体支出绩效评价基础数据表')
  t.equal(sheet.getCell('B2').value, '长沙市雨花区民政局')
  const rows = Array.from({ length: sheet.rowCount - 2 }, (_, index) => rowValues(sheet, 3 + index))
  const find = (label: string) => rows.find((row) => row[0] === label)!
  t.same(rows[0], ['财政供养人员情况', '编制数', '实际在职人数'])
  t.same(rows[1], ['', 34, 29])
  t.same(find('“三公经费”'), ['“三公经费”', null, 3.31, 3.47, 2.89])
  t.same(find('公务接待'), ['公务接待', null, 0.34, 0.5, 0.3])
  t.same(find('项目支出'), ['项目支出', '123456789012345.123456', 377.4, 120, 119.6])
  t.same(find('政府采购金额（预算数、实际数）'), ['政府采购金额（预算数、实际数）', null, null, 294.88, 397.65])
  const budget = rows.findIndex((row) => row[0] === '部门整体支出预算')
  t.same(rows[budget + 1], ['', 1067.04, 7670.78, 0, 0])
  const buildings = rows.findIndex((row) => row[0] === '楼堂馆所控制情况')
  t.same(rows[buildings + 1], ['', '是', 1200, 1150.5, 800, 790.25])
  t.equal(sheet.getCell(`C${3 + budget + 1}`).numFmt, '0.00####', 'money shows two decimals at least')
  t.match(rows.at(-1)![0], /^严格按照中央八项规定/)
})

t.test('Accept-Language: en gives English sheets, headings and labels', async (t) => {
  const { json, response, workbook } = await both(t, seedRequest(), { 'accept-language': 'en' })
  t.equal(response.headers['content-language'], 'en')
  t.same(
    workbook.worksheets.map((sheet) => sheet.name),
    ['Indicator table', 'Base data'],
  )
  const sheet = workbook.getWorksheet('Indicator table')!
  t.equal(sheet.getCell('A1').value, "Indicator table for evaluating a department's overall expenditure performance")
  t.same(
    [sheet.getCell('A3').value, sheet.getCell('E3').value, sheet.getCell('F3').value],
    ['Total', 'Grade', 'excellent'],
  )
  t.same(rowValues(sheet, HEADING_ROW), EN_HEADINGS)
  t.same(rowValues(sheet, FIRST_INDICATOR_ROW).slice(0, 5), [
    'Input',
    5 + 8,
    'Budget allocation',
    13,
    'Staff control rate',
  ])
  t.equal(sheet.getCell(`J${FIRST_INDICATOR_ROW + 1}`).value, inTableOrder(json)[1]!.explanation)
  t.match(sheet.getCell(`J${FIRST_INDICATOR_ROW + 1}`).value, /^Change rate of the three public expenses 4.83% > 0%/)
  t.same(rowValues(workbook.getWorksheet('Base data')!, 3), ['Staffing', 'Authorized staff', 'Staff in post'])
})

t.test('without self scores there are no self-assessment columns; an incomplete evaluation has no grade', async (t) => {
  const request = seedRequest() as Record<string, any>
  delete request.selfAssessment
  delete request.assessments.satisfaction
  request.department = { name: '长沙市雨花区示例局', code: 'YH-002' }
  const { json, workbook } = await both(t, request)
  const sheet = workbook.getWorksheet('评价指标表')!
  t.same(rowValues(sheet, HEADING_ROW), ZH_HEADINGS.slice(0, 10))
  t.equal(sheet.columnCount, 10)
  t.same([sheet.getCell('I2').value, sheet.getCell('J2').value], ['部门代码', 'YH-002'])
  t.same(rowValues(sheet, 4), [], 'no claimed total')
  t.same([shown(sheet.getCell('B3')), sheet.getCell('F3').value], [json.totalScore, '不评等级（数据不完整）'])
  t.equal(json.totalScore, '84.80')
  const last = sheet.getRow(FIRST_INDICATOR_ROW + 16)
  t.same(
    [last.getCell(5).value, shown(last.getCell(9))],
    ['社会公众或服务对象满意度', null],
    'an unscored indicator is an empty score cell',
  )
  t.match(last.getCell(10).value, /缺少/)
})

t.test('an inline rubric: its own indicators, and the formula where it gives no description', async (t) => {
  const request = seedRequest() as Record<string, any>
  delete request.rubricId
  request.rubric = personalizedRubric()
  request.assessments.custom = personalizedInputs
  delete request.selfAssessment
  const { json, workbook } = await both(t, request)
  const sheet = workbook.getWorksheet('评价指标表')!
  t.match(sheet.getCell('H3').value, /^civil-affairs-personalized /)
  const rows = Array.from({ length: 17 }, (_, index) => rowValues(sheet, FIRST_INDICATOR_ROW + index))
  const elder = rows.find((row) => row[4] === '养老床位建设目标完成度')!
  const complaint = rows.find((row) => row[4] === '投诉率')!
  t.equal(elder[7], '得分=3×min(1, 实际/目标)')
  t.equal(complaint[7], '')
  t.equal(complaint[6], '=不高于目标计满分, "按"目标/实际计分', 'a text that looks like a formula stays text in XLSX')
  t.equal((complaint[8] as number).toFixed(2), json.indicators.find((i) => i.id === 'complaintRate')!.score)
})

// ——— CSV ———

t.test('the seed as CSV: UTF-8 with a BOM, RFC 4180, one row per indicator, every score as in the JSON', async (t) => {
  const json = (await app.inject(post('/v1/evaluations', seedRequest()))).json() as EvaluationResult
  const response = await app.inject(post('/v1/evaluations', seedRequest(), { accept: 'text/csv' }))
  t.equal(response.statusCode, 200)
  t.equal(response.headers['content-type'], 'text/csv; charset=utf-8; header=present')
  t.equal(fileName(response.headers['content-disposition'] as string), '长沙市雨花区民政局-2021.csv')
  t.match(response.headers['content-disposition'], /^attachment; filename="evaluation-2021\.csv"; /)
  t.same(
    [...response.rawPayload.subarray(0, 3)],
    [0xef, 0xbb, 0xbf],
    'a UTF-8 byte-order mark, so that Excel reads the Chinese',
  )
  t.ok(response.body.endsWith('\r\n'), 'CRLF line ends')
  const [headings, ...rows] = readCsv(response.rawPayload)
  t.same(headings, ZH_HEADINGS)
  const texts = descriptions()
  const indicators = inTableOrder(json)
  t.equal(rows.length, indicators.length)
  indicators.forEach((indicator, index) => {
    const category = json.categories.find((c) => c.id === indicator.path[0])!
    const child = category.children.find((c) => c.id === indicator.path[1])!
    t.same(
      rows[index],
      [
        category.name,
        category.maxScore,
        child.name,
        child.maxScore,
        indicator.name,
        indicator.maxScore,
        indicator.standard,
        texts.get(indicator.id) ?? indicator.formula ?? '',
        indicator.score,
        indicator.explanation,
        indicator.selfScore,
        indicator.difference,
      ],
      `${indicator.id}: the same strings as the JSON answer`,
    )
  })
  // The standard of “三公经费”变动率 has a comma, the description of 在职人员控制率 a line break.
  t.match(response.body, /,"“三公经费”变动率≦0,计8分；/)
  t.match(rows[0]![7], /\n编制数：/)
})

t.test('CSV in English; text that a spreadsheet would run as a formula is neutralized, numbers are not', async (t) => {
  const request = seedRequest() as Record<string, any>
  delete request.rubricId
  request.rubric = personalizedRubric()
  request.assessments.custom = personalizedInputs
  delete request.selfAssessment.scores.economicBenefit
  delete request.selfAssessment.scores.socialBenefit
  const response = await app.inject(post('/v1/evaluations', request, { accept: 'text/csv', 'accept-language': 'en' }))
  t.equal(response.statusCode, 200)
  const [headings, ...rows] = readCsv(response.rawPayload)
  t.same(headings, EN_HEADINGS)
  t.same(rows[0]!.slice(0, 5), ['Input', '13.00', 'Budget allocation', '13.00', 'Staff control rate'])
  const complaint = rows.find((row) => row[4] === 'Complaint rate')!
  t.equal(complaint[6], '\'=不高于目标计满分, "按"目标/实际计分', 'a leading = gets an apostrophe; the comma and quotes survive')
  t.equal(rows.find((row) => row[4] === 'Budget completion rate')![11], '-5.00', 'a negative difference stays a number')
})

t.test('toCsv quotes commas, quotes and line breaks (RFC 4180) and neutralizes formulas', async (t) => {
  const csv = toCsv(
    ['a', 'b,c'],
    [
      [
        { kind: 'text', value: 'say "hi"' },
        { kind: 'text', value: 'line\r\nbreak' },
      ],
      [
        { kind: 'text', value: '+1' },
        { kind: 'score', value: '-1.50' },
      ],
      [
        { kind: 'text', value: '@SUM(A1)' },
        { kind: 'integer', value: null },
      ],
      [
        { kind: 'text', value: '\tx' },
        { kind: 'money', value: '0.000001' },
      ],
    ],
  )
  t.equal(csv, '\uFEFFa,"b,c"\r\n"say ""hi""","line\r\nbreak"\r\n\'+1,-1.50\r\n\'@SUM(A1),\r\n\'\tx,0.000001\r\n')
  t.same(readCsv(Buffer.from(csv)), [
    ['a', 'b,c'],
    ['say "hi"', 'line\r\nbreak'],
    ["'+1", '-1.50'],
    ["'@SUM(A1)", ''],
    ["'\tx", '0.000001'],
  ])
})

t.test('file names: RFC 5987 for any department name, an ASCII fallback, nothing a file system refuses', async (t) => {
  t.equal(
    contentDisposition('attachment', 'evaluation-2021', '民政局', 'xlsx'),
    'attachment; filename="evaluation-2021.xlsx"; filename*=UTF-8\'\'%E6%B0%91%E6%94%BF%E5%B1%80.xlsx',
  )
  t.equal(safeFileName('雨花区/民政局:"测试"*?<>|\\局'), '雨花区_民政局_测试_局')
  t.equal(safeFileName('..\u0000 hidden\u200b\nname  '), '_ hidden_name')
  t.equal(safeFileName('...'), 'evaluation')
  t.equal(safeFileName('民政\ud800局\udc00'), '民政_局_', 'lone surrogates: encodeURIComponent throws on them')
  t.equal([...safeFileName('局'.repeat(300))].length, 120)
  const quoted = contentDisposition('inline', 'evaluation-2021', "O'Brien (Dept) 1", 'html')
  t.equal(
    quoted,
    'inline; filename="evaluation-2021.html"; filename*=UTF-8\'\'O%27Brien%20%28Dept%29%201.html',
    "' ( ) are not attr-chars",
  )
  t.equal(fileName(quoted), "O'Brien (Dept) 1.html")
  const app = await build(t)
  for (const [name, expected] of [
    ['民政\\ud800局', '民政_局-2021.csv'],
    [' . ', 'evaluation-2021.csv'],
  ] as const) {
    const text = JSON.stringify(seedRequest()).replace('"name":"长沙市雨花区民政局"', `"name":"${name}"`)
    const response = await app.inject({
      method: 'POST',
      url: '/v1/evaluations',
      headers: { 'content-type': 'application/json', accept: 'text/csv' },
      payload: text,
    })
    t.equal(response.statusCode, 200, name)
    t.equal(fileName(response.headers['content-disposition'] as string), expected, `${name}: named ${expected}`)
  }
})

// ——— Batch ———


function batchItems() {
  return [
    department('a'),
    // 35 staff of 34: 4.00 for 在职人员控制率, 89.80 (良)
    department('b', (r) => {
      r.baseData.staffing = { authorized: 34, actual: 35 }
    }),
    // no survey: incomplete, no grade, no rank
    department('c', (r) => {
      delete r.assessments.satisfaction
    }),
    // seven broken fields: the problem lists five and an ellipsis
    department('=d', (r) => {
      Object.assign(r.baseData.staffing, { authorized: 'x', actual: 'y' })
      r.fiscalYear = 1
      r.baseData.budget.initial = 'z'
      r.baseData.procurement = { budget: 'p', actual: 'q' }
      r.assessments.keyWork.planned = 'r'
    }),
    // an unknown rubric: a problem without errors
    department('e', (r) => {
      r.rubricId = 'nowhere'
    }),
    // not even an object
    42,
    // a department-specific rubric: two indicators the others do not have
    department('f', (r) => {
      delete r.rubricId
      r.rubric = personalizedRubric()
      r.assessments.custom = personalizedInputs
    }),
  ]
}

const INDICATOR_NAMES = [
  '在职人员控制率',
  '“三公经费”变动率',
  '预算完成率',
  '预算控制率',
  '新建楼堂馆所面积控制率',
  '新建楼堂馆所投资概算控制率',
  '公用经费控制率',
  '“三公经费”控制率',
  '政府采购执行率',
  '管理制度健全性',
  '资金使用合规性',
  '预决算信息公开性',
  '重点工作实际完成率',
  '经济效益',
  '社会效益',
  '行政效能',
  '社会公众或服务对象满意度',
  '养老床位建设目标完成度',
  '投诉率',
]

t.test('a batch as CSV and XLSX: one row per department, every score as in the JSON answer', async (t) => {
  const items = batchItems()
  const json = (await app.inject(post('/v1/evaluations/batch', { items }))).json()
  const csv = await app.inject(post('/v1/evaluations/batch', { items }, { accept: 'text/csv' }))
  const xlsx = await app.inject(post('/v1/evaluations/batch', { items }, { accept: XLSX }))
  t.equal(csv.statusCode, 200)
  t.equal(xlsx.headers['content-type'], XLSX)
  t.equal(fileName(xlsx.headers['content-disposition'] as string), '部门整体支出绩效评价-批量.xlsx')
  t.match(csv.headers['content-disposition'], /^attachment; filename="evaluations-batch\.csv"/)

  const workbook = await readWorkbook(xlsx.rawPayload)
  t.same(workbook.worksheets.map((sheet) => sheet.name), ['评价结果', '汇总'])
  const sheet = workbook.getWorksheet('评价结果')!
  const [headings, ...rows] = readCsv(csv.rawPayload)
  const expectedHeadings = ['项（index）', '部门', '部门代码', ...INDICATOR_NAMES, '总分', '等级', '排名', '状态', '问题']
  t.same(headings, expectedHeadings)
  t.same(rowValues(sheet, 1), expectedHeadings)
  t.equal(rows.length, items.length)

  const ids = [
    ...json.results[0].evaluation.indicators.map((i: IndicatorResult) => i.id),
    'elderCareBeds',
    'complaintRate',
  ]
  const ranks = new Map(
    json.summary.ranking.map((entry: { index: number; rank: number }) => [entry.index, String(entry.rank)]),
  )
  json.results.forEach(
    (
      result: { index: number; status: string; evaluation?: EvaluationResult; problem?: { code: string } },
      index: number,
    ) => {
      const row = rows[index]!
      const excel = sheet.getRow(2 + index)
      t.equal(row[0], String(result.index))
      t.equal(excel.getCell(1).value, result.index)
      if (result.evaluation) {
        const scores = new Map(result.evaluation.indicators.map((i) => [i.id, i.score]))
        const expected = ids.map((id) => scores.get(id) ?? '')
        t.same(row.slice(3, 3 + ids.length), expected, `item ${index}: the scores of the CSV`)
        t.same(
          ids.map((_, column) => shown(excel.getCell(4 + column)) ?? ''),
          expected,
          `item ${index}: the scores of the XLSX`,
        )
        t.same(row.slice(1, 3), [result.evaluation.department.name, result.evaluation.department.code])
        t.same(row.slice(-5), [
          result.evaluation.totalScore,
          result.evaluation.grade?.label ?? '',
          ranks.get(index) ?? '',
          result.evaluation.complete ? '已评分' : '不完整',
          '',
        ])
        t.equal(shown(excel.getCell(4 + ids.length)), result.evaluation.totalScore)
      } else {
        t.same(row.slice(3, 3 + ids.length + 1), Array(ids.length + 1).fill(''), `item ${index}: no scores`)
        t.equal(row.at(-2), '出错')
        t.match(row.at(-1), new RegExp(`^${result.problem!.code}: `))
      }
    },
  )
  t.same(rows[3]!.slice(1, 3), ["'=d", "'=D"], 'a refused item still names its department, neutralized')
  t.match(rows[3]!.at(-1), /^VALIDATION_FAILED: .* \(\/fiscalYear: .*; …\)$/)
  t.equal(rows[3]!.at(-1)!.split('; ').length, 6, 'five broken fields and an ellipsis')
  t.match(rows[4]!.at(-1), /^RUBRIC_NOT_FOUND: 没有 id 为 nowhere 的评价体系[^(]*$/)
  t.same(rows[5]!.slice(1, 3), ['', ''], 'an item that is not an object names nothing')
  t.equal(rows[2]!.at(-2), '不完整')

  const summary = workbook.getWorksheet('汇总')!
  t.same(rowValues(summary, 1), ['项数', 7])
  t.same([summary.getCell('A5').value, shown(summary.getCell('B5'))], ['完整评价平均总分', json.summary.meanTotal])
  t.same([summary.getCell('A6').value, shown(summary.getCell('B6'))], ['完整评价总分中位数', json.summary.medianTotal])
  const summaryRows = Array.from({ length: summary.rowCount }, (_, index) => rowValues(summary, index + 1))
  t.same(
    summaryRows.filter((row) => row[0] === '优' || row[0] === '良'),
    [
      ['优', json.summary.grades.excellent],
      ['良', json.summary.grades.good],
    ],
  )
  const indicatorsStart = summaryRows.findIndex((row) => row[0] === '三级指标') + 1
  json.summary.indicators.forEach(
    (indicator: { name: string; evaluated: number; meanScore: string; pointsLost: string }, index: number) => {
      const row = summary.getRow(indicatorsStart + 1 + index)
      t.same(
        [row.getCell(1).value, row.getCell(2).value, shown(row.getCell(3)), shown(row.getCell(4))],
        [indicator.name, indicator.evaluated, indicator.meanScore, indicator.pointsLost],
      )
    },
  )
})

t.test('a batch in English', async (t) => {
  const items = [
    department('a', (r) => {
      delete r.department.code
    }),
    department('b', (r) => {
      r.rubricId = 'nowhere'
    }),
  ]
  const xlsx = await app.inject(post('/v1/evaluations/batch', { items }, { accept: XLSX, 'accept-language': 'en' }))
  t.equal(fileName(xlsx.headers['content-disposition'] as string), 'evaluations-batch.xlsx')
  const workbook = await readWorkbook(xlsx.rawPayload)
  t.same(workbook.worksheets.map((sheet) => sheet.name), ['Results', 'Summary'])
  const results = workbook.getWorksheet('Results')!
  t.same(rowValues(results, 1).slice(0, 4), ['Index', 'Department', 'Department code', 'Staff control rate'])
  t.same(rowValues(results, 1).slice(-5), ['Total', 'Grade', 'Rank', 'Status', 'Problem'])
  t.same(rowValues(results, 2).slice(0, 3), [0, 'a', ''], 'a department without a code')
  t.same(rowValues(results, 2).slice(-4), ['excellent', 1, 'scored', ''])
  t.match(rowValues(results, 3).at(-1), /^RUBRIC_NOT_FOUND: There is no rubric/)
  const summary = workbook.getWorksheet('Summary')!
  t.same(rowValues(summary, 1), ['Items', 2])
  t.ok(
    Array.from({ length: summary.rowCount }, (_, index) => rowValues(summary, index + 1)).some(
      (row) => row[0] === 'excellent' && row[1] === 1,
    ),
  )
  const csv = await app.inject(
    post('/v1/evaluations/batch', { items }, { accept: 'text/csv', 'accept-language': 'en' }),
  )
  t.same(readCsv(csv.rawPayload)[2]!.slice(-2, -1), ['error'])
})
