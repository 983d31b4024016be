import t from 'tap'
import type ExcelJS from 'exceljs'
import builtIn from '../../src/rubrics/yuhua-2021.json' with { type: 'json' }
import type { Rubric } from '../../schemas/rubric.js'
import { Admission, type Refusal, type Ticket } from '../../src/admission.js'
import { numberText } from '../../src/xlsx/upload.js'
import { BATCH_POINTER_ROW, FIRST_DEPARTMENT_ROW } from '../../src/xlsx/template.js'
import { build, departmentRequest, seedRequest } from '../helper.js'
import { XLSX, fillBatch, fillSingle, loadWorkbook, saved } from './fill.js'
import { minimalParts, sheetXml, zip } from './zip.js'

const rubric = builtIn as unknown as Rubric
const app = await build(t)

const template = async (query = '', language = 'zh') => {
  const response = await app.inject({
    method: 'GET',
    url: `/v1/rubrics/yuhua-2021/template${query}`,
    headers: { 'accept-language': language },
  })
  return response.rawPayload
}
const SINGLE = await template()
const BATCH = await template('?layout=batch')

const upload = (body: Buffer, url = '/v1/evaluations', headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, headers: { 'content-type': XLSX, ...headers }, payload: body })
const postJson = (payload: unknown, url = '/v1/evaluations', headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, headers, payload: payload as object })

/** An answer without what differs between two requests or names a cell: its requestIds and cells. */
const comparable = (body: string) => JSON.stringify(JSON.parse(body, (key, value) =>
  key === 'requestId' || key === 'cell' ? undefined : value))

/** The row of a field in the single layout, by the pointer in its column A. */
function rowOf(sheet: ExcelJS.Worksheet, pointer: string): number {
  let found = 0
  sheet.eachRow((row, number) => {
    if (row.getCell(1).value === pointer) found = number
  })
  if (found === 0) throw new Error(`no row for ${pointer}`)
  return found
}

/** The seed typed into the template, then changed as `edit` says. */
async function seedWorkbook(edit: (sheet: ExcelJS.Worksheet) => void = () => {}, request: unknown = seedRequest()) {
  const workbook = await fillSingle(SINGLE, rubric, request)
  edit(workbook.worksheets[0]!)
  return saved(workbook)
}

t.test('the seed department typed into the template cell by cell scores 90.80, 优: the JSON answer', async (t) => {
  const response = await upload(await seedWorkbook())
  t.equal(response.statusCode, 200)
  t.equal(response.json().totalScore, '90.80')
  t.equal(response.json().grade.label, '优')
  t.equal(response.body, (await postJson(seedRequest())).body, 'byte for byte the answer to the JSON')
  // Rows in another order and restyled: read by their pointers all the same.
  const shuffled = await seedWorkbook((sheet) => {
    const rows: ExcelJS.CellValue[][] = []
    sheet.eachRow((row, number) => {
      if (number > 3) rows.push([1, 2, 3, 4, 5].map((column) => row.getCell(column).value))
    })
    rows.reverse().forEach((values, index) => {
      const row = sheet.getRow(4 + index)
      values.forEach((value, column) => (row.getCell(column + 1).value = value))
      row.font = { italic: true }
    })
  })
  t.equal((await upload(shuffled)).body, response.body)
})

t.test('the answer follows Accept as for JSON; the English template reads yes/no and level labels', async (t) => {
  const workbook = await upload(await seedWorkbook(), '/v1/evaluations', { accept: XLSX })
  t.equal(workbook.statusCode, 200)
  t.equal(workbook.headers['content-type'], XLSX)
  const english = await fillSingle(await template('', 'en'), rubric, seedRequest(), 'en')
  const sheet = english.worksheets[0]!
  t.equal(sheet.name, 'Base data')
  t.equal(sheet.getCell(rowOf(sheet, '/assessments/administrativeEfficiency'), 4).value, 'good')
  t.equal(sheet.getCell(rowOf(sheet, '/baseData/buildings/hasProject'), 4).value, 'no')
  t.equal((await upload(await saved(english))).body, (await postJson(seedRequest())).body)
})

t.test('the query gives a workbook its rubric and options; a JSON body may not use them', async (t) => {
  const body = await seedWorkbook()
  const options = await upload(body, '/v1/evaluations?deductionMode=proportional&roundRateBeforeScoring=false&headroom=true')
  t.equal(options.statusCode, 200)
  t.same(options.json().options, { deductionMode: 'proportional', roundRateBeforeScoring: false, headroom: true })
  const json = seedRequest()
  json.options = { deductionMode: 'proportional', roundRateBeforeScoring: false, headroom: true }
  t.equal(options.body, (await postJson(json)).body)
  t.equal((await upload(body, '/v1/evaluations?rubricId=nowhere')).json().code, 'RUBRIC_NOT_FOUND')
  const flag = await upload(body, '/v1/evaluations?headroom=maybe')
  t.equal(flag.statusCode, 400)
  t.match(flag.json().errors, [{ pointer: '/options/headroom' }])
  const refused = await postJson(seedRequest(), '/v1/evaluations?rubricId=yuhua-2021&headroom=true', {
    'accept-language': 'en',
  })
  t.equal(refused.statusCode, 400)
  t.match(refused.json().errors, [
    { pointer: '/rubricId', rule: 'workbookOnly', message: /for workbook uploads/, received: 'yuhua-2021' },
    { pointer: '/headroom', rule: 'workbookOnly' },
  ])
  const batch = await postJson({ items: [seedRequest()] }, '/v1/evaluations/batch?deductionMode=proportional')
  t.match(batch.json().errors, [{ pointer: '/deductionMode', rule: 'workbookOnly' }])
})

t.test('a value the request refuses is a problem naming the sheet and cell beside the pointer', async (t) => {
  let rows: Record<string, number> = {}
  const body = await seedWorkbook((sheet) => {
    rows = Object.fromEntries(
      ['/baseData/budget/initial', '/baseData/staffing/authorized', '/department/name', '/assessments/disclosure/content']
        .map((pointer) => [pointer, rowOf(sheet, pointer)]),
    )
    sheet.getCell(rows['/baseData/budget/initial']!, 4).value = '七千万'
    sheet.getCell(rows['/baseData/staffing/authorized']!, 4).value = 3.5
    sheet.getCell(rows['/department/name']!, 4).value = null
    sheet.getCell(rows['/assessments/disclosure/content']!, 4).value = '也许'
  })
  const response = await upload(body)
  t.equal(response.statusCode, 400)
  t.equal(response.json().code, 'VALIDATION_FAILED')
  const cells = Object.fromEntries(response.json().errors.map((e: any) => [e.pointer, e.cell]))
  t.same(cells, {
    '/department': `基础数据表!D${rows['/department/name']}`,
    '/baseData/staffing/authorized': `基础数据表!D${rows['/baseData/staffing/authorized']}`,
    '/baseData/budget/initial': `基础数据表!D${rows['/baseData/budget/initial']}`,
    '/assessments/disclosure/content': `基础数据表!D${rows['/assessments/disclosure/content']}`,
  })
  // Values of the wrong kind are passed on to the request's validation, which refuses each at its cell.
  const kinds = await upload(await seedWorkbook((sheet) => {
    sheet.getCell(rowOf(sheet, '/baseData/budget/carryover'), 4).value = true
    const date = sheet.getCell(rowOf(sheet, '/baseData/budget/yearEndBalance'), 4)
    date.value = new Date('2021-12-31T00:00:00Z')
    // A style of its own: a read workbook's cells share theirs.
    date.style = { ...date.style, numFmt: 'yyyy-mm-dd' }
    sheet.getCell(rowOf(sheet, '/baseData/buildings/hasProject'), 4).value = 1
    sheet.getCell(rowOf(sheet, '/assessments/administrativeEfficiency'), 4).value = 2
    sheet.getCell(rowOf(sheet, '/assessments/disclosure/timeliness'), 4).value = '很好'
    sheet.getCell(rowOf(sheet, '/assessments/disclosure/truthful'), 4).value = '否'
    sheet.getCell(rowOf(sheet, '/assessments/disclosure/complete'), 4).value = '   '
    sheet.getCell(rowOf(sheet, '/assessments/administrativeEfficiency'), 4).value = '很好'
    sheet.getCell(rowOf(sheet, '/department/code'), 4).value = true
  }))
  t.same(kinds.json().errors.map((e: any) => [e.pointer, e.received]).sort(), [
    ['/assessments/administrativeEfficiency', '很好'],
    ['/assessments/disclosure/timeliness', '很好'],
    ['/baseData/budget/carryover', true],
    ['/baseData/budget/yearEndBalance', '2021-12-31'],
    ['/baseData/buildings/hasProject', 1],
    ['/department/code', true],
  ])
  const choice = await upload(await seedWorkbook((sheet) => {
    sheet.getCell(rowOf(sheet, '/assessments/administrativeEfficiency'), 4).value = 2
  }))
  t.match(choice.json().errors, [{ pointer: '/assessments/administrativeEfficiency', received: 2 }])
  // A cross-field rule of the scoring (the year-end balance above the funds) names its cell too.
  const balance = await upload(await seedWorkbook((sheet) => {
    sheet.getCell(rowOf(sheet, '/baseData/budget/yearEndBalance'), 4).value = 99999
  }))
  t.equal(balance.statusCode, 400)
  t.match(balance.json().errors, [{ pointer: '/baseData/budget/yearEndBalance', cell: /^基础数据表!D\d+$/ }])
})

t.test('cells read as a clerk fills them: text, numbers, formulas with results, rich text, 是/否', async (t) => {
  const request = seedRequest()
  request.department.code = '1001'
  const body = await seedWorkbook((sheet) => {
    sheet.getCell(rowOf(sheet, '/department/code'), 4).value = 1001
    sheet.getCell(rowOf(sheet, '/department/name'), 4).value = { richText: [{ text: '长沙市雨花区' }, { text: '民政局' }] }
    sheet.getCell(rowOf(sheet, '/baseData/staffing/authorized'), 4).value = ' 34 '
    sheet.getCell(rowOf(sheet, '/baseData/staffing/actual'), 4).value = { formula: '20+9', result: 29 } as ExcelJS.CellValue
    sheet.getCell(rowOf(sheet, '/baseData/budget/initial'), 4).value = '7670.78'
    sheet.getCell(rowOf(sheet, '/baseData/buildings/hasProject'), 4).value = false
    sheet.getCell(rowOf(sheet, '/assessments/disclosure/content'), 4).value = 'TRUE'
    sheet.getCell(rowOf(sheet, '/assessments/administrativeEfficiency'), 4).value = 'good'
    sheet.getCell(rowOf(sheet, '/baseData/frugalityMeasures'), 4).value = { text: request.baseData!.frugalityMeasures!, hyperlink: 'https://example.org' }
  }, request)
  const response = await upload(body)
  t.equal(response.statusCode, 200)
  t.equal(response.body, (await postJson(request)).body)
  // A number as Excel shows it: 15 significant digits.
  t.equal(numberText(0.1 + 0.2), '0.3')
  t.equal(numberText(-0), '0')
  t.equal(numberText(1e-7), '0.0000001')
  t.equal(numberText(1067.04), '1067.04')
})

t.test('what cannot be read is a problem naming its cell: formulas without results, errors, merged, moved, repeated', async (t) => {
  const refused = async (edit: (sheet: ExcelJS.Worksheet) => void) => {
    const response = await upload(await seedWorkbook(edit), '/v1/evaluations', { 'accept-language': 'en' })
    t.equal(response.statusCode, 400)
    return response.json().errors as any[]
  }
  let row = 0
  t.match(await refused((sheet) => {
    row = rowOf(sheet, '/baseData/budget/carryover')
    sheet.getCell(row, 4).value = { formula: 'B1*2' } as ExcelJS.CellValue
  }), [{ pointer: '/baseData/budget/carryover', cell: `'Base data'!D${row}`.replace("'Base data'", '基础数据表'), rule: 'formula', message: /without a saved result/ }])
  t.match(await refused((sheet) => {
    sheet.getCell(rowOf(sheet, '/baseData/budget/carryover'), 4).value = { error: '#DIV/0!' } as ExcelJS.CellValue
  }), [{ rule: 'errorValue', message: /#DIV\/0!/ }])
  t.match(await refused((sheet) => {
    sheet.getCell(rowOf(sheet, '/baseData/budget/carryover'), 4).value = { formula: '1/0', result: { error: '#DIV/0!' } } as ExcelJS.CellValue
  }), [{ rule: 'errorValue' }])
  t.match(await refused((sheet) => {
    row = rowOf(sheet, '/baseData/budget/carryover')
    sheet.mergeCells(row, 1, row + 1, 1)
  }), [{ pointer: '/baseData/budget/carryover', rule: 'merged', cell: `基础数据表!A${row}` }])
  t.match(await refused((sheet) => {
    row = rowOf(sheet, '/baseData/budget/carryover')
    sheet.getCell(row, 2).value = '/baseData/budget/carryover'
    sheet.getCell(row, 1).value = null
  }), [{ pointer: '/baseData/budget/carryover', rule: 'moved', cell: `基础数据表!B${row}`, message: /column A/ }])
  t.match(await refused((sheet) => {
    row = rowOf(sheet, '/baseData/budget/initial')
    sheet.getCell(row + 1, 1).value = '/baseData/budget/initial'
  }), [{ pointer: '/baseData/budget/initial', rule: 'duplicate', message: `The field appears twice, first in 基础数据表!D${row}` }])
  t.match(await refused((sheet) => {
    sheet.getCell(rowOf(sheet, '/baseData/budget/initial'), 1).value = '/baseData/budget/initialBudget'
  }), [{ pointer: '/baseData/budget/initialBudget', rule: 'unknownField' }])
  t.match(await refused((sheet) => {
    sheet.getCell(rowOf(sheet, '/baseData/budget/initial'), 1).value = '/baseData/__proto__/x'
  }), [{ rule: 'unknownField' }])
  t.match(await refused((sheet) => {
    sheet.getCell(rowOf(sheet, '/baseData/budget/initial'), 1).value = '/baseData/budget'
  }), [{ rule: 'unknownField' }])
  // At most 100 problems are listed.
  t.equal((await refused((sheet) => {
    for (let row = 300; row < 420; row++) sheet.getCell(row, 1).value = `/unknown${row}`
  })).length, 100)
  // Another sheet first, named otherwise: the first sheet is read, and it has no pointer.
  const other = await loadWorkbook(await seedWorkbook())
  other.worksheets[0]!.name = 'Sheet1'
  other.worksheets[0]!.spliceColumns(1, 1)
  const none = await upload(await saved(other), '/v1/evaluations', { 'accept-language': 'en' })
  t.match(none.json().errors, [{ rule: 'noFields', cell: 'Sheet1!A:A', message: /template/ }])
})

t.test('a pointer of the request schema outside the template is read: a custom indicator\'s input', async (t) => {
  const body = await seedWorkbook((sheet) => {
    sheet.getCell(200, 1).value = '/assessments/custom/extra/score'
    sheet.getCell(200, 4).value = 2
    sheet.getCell(201, 1).value = '/assessments/custom/extra/items/a'
    sheet.getCell(201, 4).value = '是'
  })
  const response = await upload(body)
  // The built-in rubric has no indicator "extra": the request's own check refuses the input, at its cell.
  t.equal(response.statusCode, 400)
  t.match(response.json().errors, [{ cell: /基础数据表!D20[01]/ }])
})

t.test('the template: labels, units, validation, locked labels, instructions; the batch layout', async (t) => {
  const response = await app.inject({ method: 'GET', url: '/v1/rubrics/yuhua-2021/template' })
  t.equal(response.statusCode, 200)
  t.equal(response.headers['content-type'], XLSX)
  t.match(response.headers['content-disposition'], /^attachment; filename="yuhua-2021-template.xlsx"; filename\*=UTF-8''yuhua-2021-/)
  t.match(response.headers.vary, /Accept-Language/)
  const workbook = await loadWorkbook(response.rawPayload)
  t.same(workbook.worksheets.map((sheet) => sheet.name), ['基础数据表', '填写说明'])
  const sheet = workbook.worksheets[0]!
  t.same([1, 2, 3, 4, 5].map((column) => sheet.getCell(3, column).value), ['字段', '项目', '单位', '数值', '说明'])
  t.equal(sheet.getColumn(1).hidden, true, 'column A (the pointers) hidden')
  const authorized = sheet.getRow(rowOf(sheet, '/baseData/staffing/authorized'))
  t.same([2, 3].map((column) => authorized.getCell(column).value), ['编制数', '人'])
  t.match(authorized.getCell(5).value, /在职人员控制率/, 'the notes name the indicators that use it')
  t.match(authorized.getCell(4).dataValidation, { type: 'whole', formulae: [1, 10000000] })
  t.equal(authorized.getCell(4).protection?.locked, false, 'the value is editable')
  t.not(authorized.getCell(2).protection?.locked, false, 'the label is locked')
  const money = sheet.getRow(rowOf(sheet, '/baseData/budget/initial')).getCell(4)
  t.match(money.dataValidation, { type: 'decimal', formulae: [0, 999999999999999] })
  t.match(sheet.getRow(rowOf(sheet, '/baseData/budget/supplementary')).getCell(4).dataValidation, {
    formulae: [-999999999999999, 999999999999999],
  })
  t.match(sheet.getRow(rowOf(sheet, '/assessments/disclosure/content')).getCell(4).dataValidation, {
    type: 'list',
    formulae: ['"是,否"'],
  })
  t.match(sheet.getRow(rowOf(sheet, '/assessments/administrativeEfficiency')).getCell(4).dataValidation, {
    type: 'list',
    formulae: ['"较好,一般,无效果或者效果不明显"'],
  })
  t.match(sheet.getRow(rowOf(sheet, '/department/name')).getCell(4).dataValidation, { type: 'textLength', formulae: [200] })
  t.match(sheet.getRow(rowOf(sheet, '/selfAssessment/scores/staffControlRate')).getCell(4).dataValidation, {
    formulae: [0, 5],
  })
  t.match(workbook.worksheets[1]!.getCell('A1').value, /yuhua-2021/)

  const batch = await loadWorkbook(await template('?layout=batch', 'en'))
  const rows = batch.worksheets[0]!
  t.equal(rows.name, 'Base data (batch)')
  t.equal(rows.getRow(BATCH_POINTER_ROW).hidden, true)
  t.equal(rows.getCell(1, 1).value, 'Department')
  t.equal(rows.getCell(BATCH_POINTER_ROW, 1).value, '/department/name')
  t.equal(rows.getCell(1, 4).value, 'Authorized staff (people)')

  t.equal((await app.inject({ method: 'GET', url: '/v1/rubrics/nowhere/template' })).json().code, 'RUBRIC_NOT_FOUND')
  const json = await app.inject({ method: 'GET', url: '/v1/rubrics/yuhua-2021/template', headers: { accept: 'application/json' } })
  t.equal(json.json().code, 'NOT_ACCEPTABLE')
  t.equal((await app.inject({ method: 'GET', url: '/v1/rubrics/yuhua-2021/template?layout=wide' })).statusCode, 400)
})

const three = () => [
  seedRequest(),
  departmentRequest('示例局', (r) => (r.baseData.staffing = { authorized: 40, actual: 42 })),
  departmentRequest('另一示例局', (r) => (r.baseData.budget.yearEndBalance = '9000')),
]

t.test('the batch layout with three departments gives the batch answer', async (t) => {
  const workbook = await fillBatch(BATCH, rubric, three())
  // A blank row between departments is skipped.
  workbook.worksheets[0]!.spliceRows(FIRST_DEPARTMENT_ROW + 1, 0, [])
  const response = await upload(await saved(workbook), '/v1/evaluations/batch')
  t.equal(response.statusCode, 200)
  const json = await postJson({ items: three() }, '/v1/evaluations/batch')
  t.equal(comparable(response.body), comparable(json.body))
  // The third department's year-end balance is above its funds: refused, in both.
  t.same(response.json().results.map((r: any) => r.evaluation?.totalScore ?? r.status), ['90.80', '88.30', 'error'])
  // Options and rubric from the query, for every item.
  const proportional = await upload(await saved(workbook), '/v1/evaluations/batch?rubricId=yuhua-2021&deductionMode=proportional')
  const withOptions = await postJson({ rubricId: 'yuhua-2021', options: { deductionMode: 'proportional' }, items: three() }, '/v1/evaluations/batch')
  t.equal(comparable(proportional.body), comparable(withOptions.body))
  // A CSV answer to a workbook batch.
  const csv = await upload(await saved(workbook), '/v1/evaluations/batch', { accept: 'text/csv' })
  t.equal(csv.statusCode, 200)
})

t.test('a batch: an item\'s refused value names its cell; what cannot be read refuses the batch', async (t) => {
  const workbook = await fillBatch(BATCH, rubric, three())
  const sheet = workbook.worksheets[0]!
  let column = 0
  sheet.getRow(BATCH_POINTER_ROW).eachCell((cell, number) => {
    if (cell.value === '/baseData/budget/initial') column = number
  })
  const letter = sheet.getColumn(column).letter
  sheet.getCell(FIRST_DEPARTMENT_ROW + 1, column).value = 'n/a'
  const response = await upload(await saved(workbook), '/v1/evaluations/batch')
  t.equal(response.statusCode, 200)
  const results = response.json().results
  t.same(results.map((r: any) => r.status), ['ok', 'error', 'error'])
  t.match(results[1].problem.errors, [{ pointer: '/baseData/budget/initial', cell: `'基础数据表（批量）'!${letter}4` }])

  const refused = async (edit: (sheet: ExcelJS.Worksheet) => void) => {
    const book = await fillBatch(BATCH, rubric, three())
    edit(book.worksheets[0]!)
    const answer = await upload(await saved(book), '/v1/evaluations/batch', { 'accept-language': 'en' })
    t.equal(answer.statusCode, 400)
    return answer.json().errors as any[]
  }
  t.match(await refused((s) => (s.getCell(FIRST_DEPARTMENT_ROW, column).value = { formula: 'A1' } as ExcelJS.CellValue)), [
    { pointer: '/items/0/baseData/budget/initial', rule: 'formula', cell: `'基础数据表（批量）'!${letter}3` },
  ])
  t.match(await refused((s) => (s.getCell(6, 1).value = '/department/name')), [{ rule: 'moved', message: /row 2/ }])
  t.match(await refused((s) => (s.getCell(BATCH_POINTER_ROW, column + 1).value = '/baseData/budget/initial')), [
    { rule: 'duplicate' },
  ])
  t.match(await refused((s) => (s.getCell(BATCH_POINTER_ROW, column).value = '/nowhere')), [{ rule: 'unknownField' }])
  t.match(await refused((s) => s.mergeCells(BATCH_POINTER_ROW, column, BATCH_POINTER_ROW, column + 1)), [{ rule: 'merged' }])
  t.match(await refused((s) => s.spliceRows(BATCH_POINTER_ROW, 1)), [{ rule: 'noFields' }])
  // No department at all: the batch's own rule, at least one item.
  const empty = await upload(BATCH, '/v1/evaluations/batch')
  t.equal(empty.statusCode, 400)
  t.match(empty.json().errors, [{ pointer: '/items', rule: 'minItems' }])
})

t.test('unsafe or oversized workbooks are refused on both routes before they are read', async (t) => {
  const macro = zip([...minimalParts(), { name: 'xl/vbaProject.bin', data: 'VBA' }])
  for (const url of ['/v1/evaluations', '/v1/evaluations/batch']) {
    const response = await upload(macro, url)
    t.equal(response.statusCode, 400)
    t.equal(response.json().code, 'WORKBOOK_UNSAFE')
    t.equal((await upload(Buffer.from('not a workbook'), url)).json().code, 'WORKBOOK_UNREADABLE')
  }
  // No Content-Type: not a workbook (and not JSON either).
  t.equal((await app.inject({ method: 'POST', url: '/v1/evaluations', payload: 'x' })).statusCode, 415)
  // 3 MiB of sheet XML: within a batch's 8 MiB, beyond one department's 2 MiB.
  const big = zip(minimalParts({ 'xl/worksheets/sheet1.xml': sheetXml(`<row r="1"><c r="A1"><v>1</v></c></row>${' '.repeat(3 * 1024 * 1024)}`) }))
  const single = await upload(big, '/v1/evaluations', { 'accept-language': 'en' })
  t.equal(single.json().code, 'WORKBOOK_TOO_LARGE')
  t.match(single.json().detail, /xl\/worksheets\/sheet1\.xml: 3145\d{3} bytes/)
  t.equal((await upload(big, '/v1/evaluations/batch')).json().code, 'VALIDATION_FAILED', 'read, and found without pointers')
})

t.test('admission counts what reading a workbook holds, not the content-length × 4 of JSON', async (t) => {
  const costs: number[] = []
  class Recording extends Admission {
    override admit(cost: number, settle: (outcome: Ticket | Refusal, waitedMs: number) => void) {
      costs.push(cost)
      return super.admit(cost, settle)
    }
  }
  const admission = new Recording({ budgetBytes: 1024 * 1024 * 1024, waitMs: 0, queueLimit: 1 })
  const server = await build(t, { admission })
  const body = await seedWorkbook()
  const MiB = 1024 * 1024
  for (const [url, read] of [['/v1/evaluations', 40 * MiB], ['/v1/evaluations/batch', 160 * MiB]] as const) {
    costs.length = 0
    await server.inject({ method: 'POST', url, headers: { 'content-type': XLSX }, payload: body })
    await server.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: body })
    // 2 MiB × 20 (one department) and 8 MiB × 20 (a batch) of heap while reading, besides the body's estimate.
    t.equal(costs[0]! - costs[1]!, read, `${url}: ${read / MiB} MiB more for a workbook`)
  }
})
