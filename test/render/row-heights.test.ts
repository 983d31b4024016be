import t from 'tap'
import ExcelJS from 'exceljs'
import {
  DEFAULT_POINTS,
  LINE_POINTS,
  MAX_POINTS,
  PADDING_POINTS,
  charWidth,
  fitRowHeights,
  rowHeight,
  textLines,
  usableWidth,
} from '../../src/render/row-heights.js'
import { FIRST_INDICATOR_ROW, HEADING_ROW } from '../../src/render/xlsx.js'
import { build, departmentRequest, seedRequest } from '../helper.js'
import { XLSX, post, readWorkbook } from './fixtures/helpers.js'

// Row heights of the workbooks the service writes: LibreOffice Calc does not fit rows on load, so
// a row without a height shows one line of its wrapped 评价标准 (issue 17). Lines are counted in
// column-width units: a CJK character 2, others 1; a column of width w holds (w − 1) × 0.95 of them.

t.test('characters, lines and heights, worked out by hand', async (t) => {
  t.same(['在', '，', '≦', '①', '％', 'a', '0', '“', ' '].map(charWidth), [2, 2, 2, 2, 2, 1, 1, 1, 1])
  t.equal(usableWidth(11), 9.5, '(11 − 1) × 0.95')
  t.equal(usableWidth(0), 1, 'never less than one unit')
  // 9.5 units: 4 CJK characters (8 units) a line; 10 of them: 4 + 4 + 2, 3 lines.
  t.equal(textLines('一二三四五六七八九十', 11), 3)
  // Width 10, 8.55 units: "Staff " 6, "control" 7 does not fit: a new line; " " 8, "rate" 4 does not fit: 3 lines.
  t.equal(textLines('Staff control rate', 10), 3)
  // A word of 20 letters in 8.55 units: 8 + 8 + 4, 3 lines; a space at the edge of a line starts none.
  t.equal(textLines('a'.repeat(20), 10), 3)
  t.equal(textLines('abcdefgh abc', 10), 2, '"abcdefgh" fills 8 units, the space does not fit, "abc" starts line 2')
  // Line breaks: each paragraph its own lines; an empty paragraph a line.
  t.equal(textLines('a\n\nb', 10), 3)
  // The seed's 在职人员控制率 standard: 33 wide characters (66 units: 以…标准。在职人员控制率≦，计分；每超过
  // 一个百分点扣分，扣完为止。) and 12 narrow ("100%" twice, "5", "0.5"): 78 units, in 37.05 units a line
  // (column G, 40 wide): 3 lines.
  t.equal(textLines('以100%为标准。在职人员控制率≦100%，计5分；每超过一个百分点扣0.5分，扣完为止。', 40), 3)

  t.equal(rowHeight([]), DEFAULT_POINTS, 'an empty row keeps the default')
  t.equal(rowHeight([{ text: '一二三四五六七八九十', width: 11, wrap: true }]), 3 * 16 + 4, '3 lines: 52 points')
  t.equal(rowHeight([{ text: '一二三四五六七八九十', width: 11, wrap: false }]), 20, 'not wrapped: 1 line, 20 points')
  // 14-point text, one line: 16 × 14/11 + 4 = 24.36, rounded up.
  t.equal(rowHeight([{ text: '标题', width: 40, wrap: true, size: 14 }]), 25)
  t.equal(rowHeight([{ text: '', width: 1, wrap: true }, { text: '一'.repeat(2000), width: 1, wrap: true }]), MAX_POINTS)
})

t.test('a sheet fitted: default widths, rich text, merged cells', async (t) => {
  const sheet = new ExcelJS.Workbook().addWorksheet('s')
  // No width set: Excel's 9, 7.6 units, 3 CJK characters a line; 8 of them in rich text: 3 lines, 52 points.
  sheet.getCell('A1').value = { richText: [{ text: '一二三四' }, { text: '五六七八' }] }
  sheet.getCell('A1').alignment = { wrapText: true }
  // Merged across A and B (18 wide, 16.15 units): 8 characters a line, 1 line; merged down two rows: left alone.
  sheet.mergeCells('A2:B2')
  sheet.getCell('A2').value = '一二三四五六七八'
  sheet.getCell('A2').alignment = { wrapText: true }
  sheet.mergeCells('C1:C2')
  sheet.getCell('C1').value = '一'.repeat(100)
  sheet.getCell('C1').alignment = { wrapText: true }
  sheet.getRow(3).height = 30
  sheet.getCell('A3').value = 'x'
  fitRowHeights(sheet)
  t.same([1, 2, 3].map((row) => sheet.getRow(row).height), [52, 20, 30], 'a height already larger is kept')
})

const app = await build(t)

async function workbook(request: unknown, url = '/v1/evaluations', headers: Record<string, string> = {}) {
  const response = await app.inject(post(url, request, { accept: XLSX, ...headers }))
  t.equal(response.statusCode, 200)
  return readWorkbook(response.rawPayload)
}

/** The least height a row needs: for each wrapped cell, its lines at the width of its column(s). */
function needed(sheet: ExcelJS.Worksheet, rowNumber: number, widths: Record<string, number>): number {
  let lines = 1
  for (const [column, width] of Object.entries(widths)) {
    const value = sheet.getCell(`${column}${rowNumber}`).value
    if (typeof value === 'string') lines = Math.max(lines, textLines(value, width))
  }
  return lines * LINE_POINTS + PADDING_POINTS
}

t.test('the indicator table: each row as tall as its wrapped standard, description and reason', async (t) => {
  const book = await workbook(seedRequest())
  const sheet = book.worksheets[0]!
  // G 评价标准 40, H 指标说明 40, J 扣分原因 44, E 三级指标 18.
  const widths = { E: 18, G: 40, H: 40, J: 44 }
  for (let row = FIRST_INDICATOR_ROW; row < FIRST_INDICATOR_ROW + 17; row++)
    t.equal(sheet.getRow(row).height, needed(sheet, row, widths), `row ${row}`)
  // 在职人员控制率: its 指标说明 is the longest, 6 lines: 100 points.
  t.equal(sheet.getRow(FIRST_INDICATOR_ROW).height, 100)
  t.ok(sheet.getRow(FIRST_INDICATOR_ROW + 9).height! >= 3 * LINE_POINTS, 'the checklist of three items: 3 lines at least')
  // The title (14 points): 25; the headings: 差异（自评−得分） in 12 units, 2 lines: 36.
  t.equal(sheet.getRow(1).height, 25)
  t.equal(sheet.getRow(HEADING_ROW).height, 36)
  // The warning, merged across B to L (7 + 12 + 7 + 18 + 11 + 40 + 40 + 12 + 44 + 9 + 12 = 212 wide), 1 line.
  t.equal(sheet.getRow(FIRST_INDICATOR_ROW + 19).height, 20)
  t.equal(sheet.pageSetup.fitToWidth, 1, 'still printed on the width of a page')
  t.equal(sheet.pageSetup.printTitlesRow, `${HEADING_ROW}:${HEADING_ROW}`, 'the headings repeated on each page')
})

t.test('the header block: each label against its value', async (t) => {
  const sheet = (await workbook(seedRequest())).worksheets[0]!
  for (const [label, value] of [['A2', 'B2'], ['G2', 'H2'], ['A3', 'B3'], ['E3', 'F3'], ['G3', 'H3'], ['C4', 'D4']]) {
    t.match(sheet.getCell(label!).alignment, { horizontal: 'right', wrapText: true }, `${label} to the right`)
    t.match(sheet.getCell(value!).alignment, { horizontal: 'left' }, `${value} to the left`)
  }
  t.same([sheet.getCell('G2').value, sheet.getCell('H2').value], ['年度', 2021])
  // 部门自评总分 in column A (12 wide, 10.45 units): 5 characters a line, 2 lines: 36 points.
  t.equal(sheet.getRow(4).height, 36)
  // In English no word is broken: Department (10 units) in A, excellent (9) in F (11 wide, 9.5 units),
  // Department code in I (12 wide) on two lines at its space.
  const english = (await workbook(seedRequest(), '/v1/evaluations', { 'accept-language': 'en' })).worksheets[0]!
  t.same(['A2', 'F3', 'I2'].map((cell) => english.getCell(cell).value), ['Department', 'excellent', 'Department code'])
  t.same([textLines('Department', 12), textLines('excellent', 11), textLines('Department code', 12)], [1, 1, 2])
  t.equal(english.getRow(2).height, 36)
  t.equal(english.getRow(3).height, 20)
})

t.test('the other sheets: base data, 预警, and the batch', async (t) => {
  const book = await workbook(departmentRequest('某区民政局', (request) => {
    request.options = { headroom: true }
    request.baseData.frugalityMeasures = '严格执行中央八项规定精神。'.repeat(20)
  }))
  const base = book.getWorksheet('基础数据表')!
  // The frugality measures, merged across A to F (30 + 16 × 4 + 18 = 112 wide, 105.45 units): 13 characters,
  // 26 units, 20 times: 520 units, 5 lines: 84 points.
  t.equal(base.getRow(base.rowCount).height, 5 * LINE_POINTS + PADDING_POINTS)
  const headroom = book.getWorksheet('预警')!
  for (let row = 4; row <= headroom.rowCount; row++)
    t.equal(headroom.getRow(row).height, needed(headroom, row, { A: 24, B: 44, D: 90 }), `预警 row ${row}`)

  const batch = await workbook({ items: [departmentRequest('甲'), { department: {} }] }, '/v1/evaluations/batch')
  const results = batch.worksheets[0]!
  // The headings, at the widths of their columns: 新建楼堂馆所投资概算控制率 (13 characters) in a column of
  // 13 + 2 = 15 (13.3 units, 6 characters a line) takes 3 lines: 52 points, the tallest.
  const columns = Object.fromEntries(results.columns.map((column) => [column.letter, column.width!]))
  t.equal(results.getRow(1).height, needed(results, 1, columns))
  t.equal(results.getRow(1).height, 52)
  t.ok(results.getRow(3).height! > DEFAULT_POINTS, 'the refused item\'s problem wraps')
  t.ok(batch.worksheets[1]!.getRow(1).height! >= DEFAULT_POINTS)
})
