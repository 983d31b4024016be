import t from 'tap'
import ExcelJS from 'exceljs'
import seedTable from '../../schemas/examples/yuhua-2021.table.json' with { type: 'json' }
import { draftAdmission } from '../../src/routes/draft.js'
import { build, seedRequest } from '../helper.js'

// POST /v1/rubrics/draft with the indicator table as a workbook: the service's own export of the
// seed (POST /v1/evaluations, Accept XLSX) sent back, edited as a bureau would, and sheets that are
// not such a table.

type Any = Record<string, any>
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const app = await build(t)

async function exported(language = 'zh'): Promise<Buffer> {
  const response = await app.inject({
    method: 'POST',
    url: '/v1/evaluations',
    payload: seedRequest() as object,
    headers: { accept: XLSX, 'accept-language': language },
  })
  return response.rawPayload
}

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  return workbook
}

const save = async (workbook: ExcelJS.Workbook) =>
  Buffer.from((await workbook.xlsx.writeBuffer()) as unknown as ArrayBuffer)

async function draftWorkbook(bytes: Buffer, query = '', headers: Record<string, string> = {}) {
  const response = await app.inject({
    method: 'POST',
    url: `/v1/rubrics/draft${query}`,
    payload: bytes,
    headers: { 'content-type': XLSX, ...headers },
  })
  return { status: response.statusCode, body: response.json() }
}

async function draftJson(table: unknown, headers: Record<string, string> = {}) {
  const response = await app.inject({ method: 'POST', url: '/v1/rubrics/draft', payload: table as object, headers })
  return { status: response.statusCode, body: response.json() }
}

/**
 * The seed's rows as the export writes them: the seed's table, except that 重点工作实际完成率, which has
 * no 指标说明 in the built-in rubric, shows its formula in that column (src/render/table.ts).
 */
function exportedRows(): Any[] {
  const rows: Any[] = structuredClone(seedTable.rows)
  const keyWork = rows.find((row) => row.name === '重点工作实际完成率')!
  keyWork.description = '该项得分=（实际产出数/计划产出数）*8'
  // The typed table keeps the original's line break inside 履职 效益; the built-in rubric names it 履职效益.
  for (const row of rows) if (row.level2 === '履职 效益') row.level2 = '履职效益'
  return rows
}
const seedJson = (rows = exportedRows()) => ({ ...seedTable, rows })

t.test('the seed exported by the service and sent back drafts what the JSON table drafts', async (t) => {
  const bytes = await exported()
  // The JSON table is id yuhua-2021-draft, version 2021; the sheet's id line says yuhua-2021 1.0.0.
  const fromSheet = await draftWorkbook(bytes, '?version=2021')
  const fromJson = await draftJson(seedJson())
  t.equal(fromSheet.status, 200)
  t.equal(fromJson.status, 200)
  t.same(fromSheet.body, fromJson.body, 'rubric, findings and validation alike')
  t.match(fromSheet.body.validation, { valid: true, maxScore: '100.00', indicatorCount: 17 })

  // Without parameters: the id line's id and -draft, its version, the title row.
  const defaults = await draftWorkbook(bytes)
  t.match(defaults.body.rubric, { id: 'yuhua-2021-draft', version: '1.0.0', title: '部门整体支出绩效评价指标表' })
  const named = await draftWorkbook(bytes, `?id=district-a&version=2022&title=${encodeURIComponent('甲区指标表')}&titleEn=A`)
  t.match(named.body.rubric, { id: 'district-a', version: '2022', title: '甲区指标表', titleEn: 'A' })

  // The draft scores the seed department as the built-in rubric does: 90.80.
  const request = seedRequest() as Any
  delete request.rubricId
  request.rubric = fromSheet.body.rubric
  const answer = (await app.inject({ method: 'POST', url: '/v1/evaluations', payload: request })).json()
  t.equal(answer.totalScore, '90.80')
})

t.test('edited as a bureau would, the sheet drafts what the JSON table with the same edits drafts', async (t) => {
  const workbook = await load(await exported())
  const sheet = workbook.worksheets[0]!
  // Row 6 is 在职人员控制率, row 7 “三公经费”变动率 (the heading row is 5). Another district's wording and
  // points: 5 → 8 and 8 → 5, so 投入 keeps its 13.
  sheet.getCell('F6').value = 8
  sheet.getCell('G6').value = '在职人员控制率≦100%，计8分；每超过一个百分点扣0.8分，扣完为止。'
  sheet.getCell('E7').value = '公务招待费变动率'
  sheet.getCell('F7').value = '5'
  sheet.getCell('G7').value = '公务招待费变动率≤0，计5分；每超过一个百分点扣0.2分，扣完为止。'
  sheet.getCell('H7').value = null
  // 预算完成率 (row 8): other bands.
  sheet.getCell('G8').value = '100%计满分，每低于１０％扣１分，扣完为止。'
  // The 过程 cells unmerged, the copies left blank, as when a bureau re-types its table.
  sheet.unMergeCells('A8:A17')
  sheet.unMergeCells('B8:B17')
  // Two rows inserted above the header block: the heading row moves to row 7.
  sheet.spliceRows(1, 0, ['说明：本表由区财政局修订'], [])
  t.equal(sheet.getCell('E7').value, '三级指标')

  const rows = exportedRows()
  Object.assign(rows[0]!, { points: '8', standard: '在职人员控制率≦100%，计8分；每超过一个百分点扣0.8分，扣完为止。' })
  rows[1] = {
    name: '公务招待费变动率',
    points: '5',
    standard: '公务招待费变动率≤0，计5分；每超过一个百分点扣0.2分，扣完为止。',
  }
  rows[2]!.standard = '100%计满分，每低于１０％扣１分，扣完为止。'
  const fromSheet = await draftWorkbook(await save(workbook), '?version=2021')
  const fromJson = await draftJson(seedJson(rows))
  t.equal(fromSheet.status, 200)
  t.same(fromSheet.body, fromJson.body)
  // The title is the row of one value nearest the headings, not the note inserted above it.
  t.equal(fromSheet.body.rubric.title, seedTable.title)
  const [staff, reception, completion] = fromSheet.body.rubric.categories.flatMap((c: Any) =>
    c.children.flatMap((g: Any) => g.indicators))
  t.match(staff, { maxScore: '8', rule: { kind: 'stepDeduction', limit: '100', step: '1', pointsPerStep: '0.8' } })
  t.match(reception, {
    id: 'officialReceptionChangeRate',
    maxScore: '5',
    rule: { kind: 'stepDeduction', limit: '0', direction: 'above', step: '1', pointsPerStep: '0.2' },
  })
  t.match(completion.rule, { kind: 'stepDeduction', direction: 'below', step: '10', pointsPerStep: '1' })
  t.equal(fromSheet.body.validation.valid, true)
})

t.test('the English export: the same rules, measures and ids, the seed\'s names read back in Chinese', async (t) => {
  const english = await draftWorkbook(await exported('en'), '?version=2021')
  const chinese = await draftWorkbook(await exported('zh'), '?version=2021')
  t.equal(english.status, 200)
  t.same(english.body.rubric.categories, chinese.body.rubric.categories)
  t.same(english.body.findings, chinese.body.findings)
  t.equal(english.body.rubric.title, 'Indicator table for evaluating a department\'s overall expenditure performance')
  // An English name the seed does not have stays as written, and gets a custom measure.
  const workbook = await load(await exported('en'))
  workbook.worksheets[0]!.getCell('E6').value = 'Elderly-care beds'
  const renamed = await draftWorkbook(await save(workbook), '', { 'accept-language': 'en' })
  t.match(renamed.body.findings[0], { name: 'Elderly-care beds', measure: 'custom', indicatorId: 'indicator1' })
})

t.test('cells that cannot be read are a 400 naming the sheet and the cell', async (t) => {
  const workbook = await load(await exported())
  const sheet = workbook.worksheets[0]!
  sheet.getCell('F6').value = '五分'
  sheet.getCell('D8').value = '二十'
  const bad = await draftWorkbook(await save(workbook))
  t.equal(bad.status, 400)
  t.match(bad.body, { code: 'WORKBOOK_TABLE_INVALID', detail: /评价指标表/ })
  // D8:D11 is merged: each of its rows reads 二十.
  t.match(bad.body.errors, [
    { pointer: '/rows/0/points', rule: 'decimal', message: /^评价指标表!F6: /, received: '五分' },
    { pointer: '/rows/2/level2Points', message: /^评价指标表!D8: / },
    { pointer: '/rows/3/level2Points', message: /^评价指标表!D9: / },
    { pointer: '/rows/4/level2Points', message: /^评价指标表!D10: / },
    { pointer: '/rows/5/level2Points', message: /^评价指标表!D11: / },
  ])

  const cells = await load(await exported())
  const table = cells.worksheets[0]!
  table.name = 'My table'
  table.getCell('G6').value = { formula: 'A1&B1' } as ExcelJS.CellFormulaValue
  table.getCell('G7').value = new Date('2021-01-01T00:00:00Z')
  table.getCell('G7').numFmt = 'yyyy-mm-dd'
  table.getCell('H8').value = 'x'.repeat(2001)
  table.getCell('G9').value = { error: '#N/A' } as ExcelJS.CellErrorValue
  table.getCell('E10').value = null
  table.getCell('F11').value = null
  table.getCell('G12').value = { formula: 'A1', result: { error: '#REF!' } } as unknown as ExcelJS.CellFormulaValue
  table.getCell('G13').value = { sharedFormula: 'G12' } as unknown as ExcelJS.CellSharedFormulaValue
  const many = await draftWorkbook(await save(cells), '', { 'accept-language': 'en' })
  t.match(many.body, { code: 'WORKBOOK_TABLE_INVALID', detail: /My table/ })
  t.match(many.body.errors, [
    { pointer: '/rows/0/standard', rule: 'cell', message: "'My table'!G6: a formula without its value", received: '=A1&B1' },
    { pointer: '/rows/1/standard', message: "'My table'!G7: a date", received: '2021-01-01T00:00:00.000Z' },
    { pointer: '/rows/2/description', rule: 'maxLength', message: "'My table'!H8: longer than 2000 characters" },
    { pointer: '/rows/3/standard', message: "'My table'!G9: a value that is not text or a number" },
    { pointer: '/rows/4/name', rule: 'required', message: "'My table'!E10: no 三级指标" },
    { pointer: '/rows/5/points', rule: 'required', message: "'My table'!F11: no points" },
    { pointer: '/rows/6/standard', message: "'My table'!G12: a formula whose value is not text or a number" },
    { pointer: '/rows/7/standard', message: "'My table'!G13: a formula without its value", received: '=G12' },
  ])
})

t.test('what the reader takes: rich text, formulas with values, links, blank rows; the sum row ends the table', async (t) => {
  const workbook = await load(await exported())
  const sheet = workbook.worksheets[0]!
  const standard = String(sheet.getCell('G6').value)
  sheet.getCell('G6').value = { richText: [{ text: standard.slice(0, 10), font: { bold: true } }, { text: standard.slice(10) }] }
  sheet.getCell('F6').value = { formula: '2+3', result: 5 } as ExcelJS.CellFormulaValue
  sheet.getCell('E7').value = { text: '“三公经费”变动率', hyperlink: 'https://example.org' }
  sheet.getCell('H7').value = { formula: 'A1', result: sheet.getCell('H7').value } as ExcelJS.CellFormulaValue
  sheet.getCell('I6').value = true
  sheet.spliceRows(9, 0, [], [])
  const fromSheet = await draftWorkbook(await save(workbook), '?version=2021')
  const fromJson = await draftJson(seedJson())
  t.same(fromSheet.body, fromJson.body)
  // A number or a truth value in a text column is read as text.
  sheet.getCell('G6').value = 1
  sheet.getCell('H6').value = true
  const numbers = await draftWorkbook(await save(workbook))
  t.match(numbers.body.rubric.categories[0].children[0].indicators[0], { standard: '1', description: 'true' })
})

t.test('a sheet that is not an indicator table, and bodies that are not workbooks', async (t) => {
  const other = new ExcelJS.Workbook()
  other.addWorksheet('基础数据表').addRow(['项目', '数值'])
  other.addWorksheet('Notes').addRow(['一级指标', '二级指标', '三级指标', '评价标准'])
  const none = await draftWorkbook(await save(other))
  t.equal(none.status, 400)
  t.match(none.body, { code: 'WORKBOOK_TABLE_INVALID', detail: /基础数据表/ })
  t.match(none.body.errors, [{ pointer: '', rule: 'headingRow', message: /^基础数据表, Notes: none of the first 30 rows/ }])

  const empty = await draftWorkbook(await save(new ExcelJS.Workbook()))
  t.match(empty.body, { code: 'WORKBOOK_TABLE_INVALID', errors: [{ message: /^\(no sheet\): / }] })

  const headingsOnly = new ExcelJS.Workbook()
  headingsOnly.addWorksheet('指标表').addRows([
    ['部门整体支出绩效评价指标表'],
    ['一级指标', '分值', '二级指标', '分值', '三级指标', '分值', '评价标准'],
    ['合计', '', '', '', '', 100],
  ])
  const noRows = await draftWorkbook(await save(headingsOnly))
  t.match(noRows.body.errors, [{ pointer: '/rows', rule: 'minItems', message: '指标表: no indicator below the heading row 2' }])

  // 301 indicators: one too many.
  const long = new ExcelJS.Workbook()
  const sheet = long.addWorksheet('指标表')
  sheet.addRow(['一级指标', '分值', '二级指标', '分值', '三级指标', '分值', '评价标准'])
  for (let n = 1; n <= 301; n++) sheet.addRow(['投入', '', '预算配置', '', `指标${n}`, 1, '酌情计分'])
  const tooMany = await draftWorkbook(await save(long))
  t.match(tooMany.body.errors, [{ pointer: '/rows', rule: 'maxItems', message: '指标表!302:302: more than 300 indicators' }])
  // 300 of them draft: no title row, so the title is the sheet's name, the id draft and the version 1.
  sheet.spliceRows(302, 1)
  const most = await draftWorkbook(await save(long))
  t.equal(most.status, 200)
  t.match(most.body.rubric, { id: 'draft', version: '1', title: '指标表', maxScore: '300' })

  const garbage = await draftWorkbook(Buffer.from('PK\u0003\u0004 not a zip'))
  t.match(garbage, { status: 400, body: { code: 'WORKBOOK_UNREADABLE' } })
  const english = await draftWorkbook(Buffer.from('x'), '', { 'accept-language': 'en' })
  t.match(english.body, { code: 'WORKBOOK_UNREADABLE', title: 'The workbook cannot be read' })
  const other415 = await app.inject({
    method: 'POST', url: '/v1/rubrics/draft', payload: 'a,b', headers: { 'content-type': 'text/csv' },
  })
  t.equal(other415.statusCode, 415)
  // The parser is the draft route's own: the rubric check, for one, takes no workbook.
  const validate = await app.inject({
    method: 'POST', url: '/v1/rubrics/validate', payload: await exported(), headers: { 'content-type': XLSX },
  })
  t.equal(validate.statusCode, 415)
})

t.test('the query names a workbook\'s draft; a JSON body carries its own', async (t) => {
  const refused = await app.inject({
    method: 'POST', url: '/v1/rubrics/draft?id=a&title=b', payload: seedTable as object,
  })
  t.equal(refused.statusCode, 400)
  t.match(refused.json().errors, [
    { pointer: '/id', rule: 'workbookOnly' },
    { pointer: '/title', rule: 'workbookOnly' },
  ])
  const unknown = await draftWorkbook(await exported(), '?idd=x')
  t.match(unknown, { status: 400, body: { code: 'VALIDATION_FAILED', errors: [{ pointer: '/idd' }] } })
  const badId = await draftWorkbook(await exported(), '?id=1x')
  t.match(badId.body.errors, [{ pointer: '/id', rule: 'pattern' }])
  // An id line whose id and -draft would be too long gives the id draft; a title row over 200
  // characters is cut to 200, a version over 64 to 64.
  const workbook = await load(await exported())
  const sheet = workbook.worksheets[0]!
  sheet.getCell('A1').value = '表'.repeat(250)
  sheet.getCell('H3').value = `${'a'.repeat(60)} ${'9'.repeat(70)} · ${'0'.repeat(64)}`
  const cut = await draftWorkbook(await save(workbook))
  t.match(cut.body.rubric, { id: 'draft', version: '9'.repeat(64), title: '表'.repeat(200) })
  // No id line at all: the id draft, the version 1.
  sheet.getCell('G3').value = null
  const noLine = await draftWorkbook(await save(workbook))
  t.match(noLine.body.rubric, { id: 'draft', version: '1' })
})

t.test('admission counts a workbook at what exceljs holds for it', async (t) => {
  const request = (headers: Record<string, string>) =>
    ({ headers, routeOptions: { bodyLimit: 1048576 } }) as unknown as Parameters<typeof draftAdmission>[0]
  // A JSON table: its answer, 64 KiB.
  t.equal(draftAdmission(request({ 'content-type': 'application/json', 'content-length': '10000' })), 65536)
  // A workbook: what reading it may hold, 20 bytes per byte of its 2 MiB uncompressed bound, whatever its size.
  t.equal(draftAdmission(request({ 'content-type': XLSX, 'content-length': '10000' })), 65536 + 20 * 2 * 1048576)
  t.equal(draftAdmission(request({ 'content-type': XLSX })), 65536 + 20 * 2 * 1048576)
})
