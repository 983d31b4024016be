import type { EvaluationResult } from '../../schemas/evaluation-response.js'
import type ExcelJS from 'exceljs'
import { Dec } from '../engine/decimal.js'
import { labelsFor, localName } from './labels.js'
import { fitRowHeights } from './row-heights.js'
import {
  type BatchDocument,
  type Cell,
  type EvaluationDocument,
  baseDataRows,
  batchHeadings,
  batchRows,
  gradeLabel,
  hasReview,
  hasSelfScores,
  headroomRows,
  indicatorCells,
  indicatorHeadings,
  indicatorRows,
  rubricTitle,
  score,
  text,
} from './table.js'

/** The row of the indicator table's headings, and of its first indicator (the header block is above). */
export const HEADING_ROW = 5
export const FIRST_INDICATOR_ROW = HEADING_ROW + 1

const SCORE_FORMAT = '0.00'
// Money as submitted: two decimals at least, up to the six a request may carry.
const MONEY_FORMAT = '0.00####'
const HEADING_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } }
const THIN: Partial<ExcelJS.Border> = { style: 'thin' }
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN } as Partial<ExcelJS.Borders>

// exceljs takes most of a second to load; it is loaded on the first spreadsheet asked for, so that
// starting the service and every JSON answer stay as fast as before.
let excel: Promise<typeof ExcelJS> | undefined
function loadExcel(): Promise<typeof ExcelJS> {
  excel ??= import('exceljs').then((module) => module.default)
  return excel
}

/**
 * A submitted decimal as a number, so that Excel can add it up; kept as text in the rare case that
 * a binary float cannot hold it exactly (more than 15 significant digits).
 */
function moneyValue(value: string): number | string {
  const number = Number(value)
  return new Dec(number).eq(new Dec(value)) ? number : value
}

/** Writes one cell: scores become numbers shown with two decimals (the JSON's strings, converted only here). */
function put(target: ExcelJS.Cell, cell: Cell): void {
  switch (cell.kind) {
    case 'text':
      target.value = cell.value
      return
    case 'integer':
      target.value = cell.value
      target.numFmt = '0'
      return
    case 'score':
      target.value = cell.value === null ? null : Number(cell.value)
      target.numFmt = SCORE_FORMAT
      return
    case 'money':
      target.value = cell.value === null ? null : moneyValue(cell.value)
      target.numFmt = MONEY_FORMAT
  }
}

function putRow(sheet: ExcelJS.Worksheet, rowNumber: number, cells: readonly Cell[], firstColumn = 1): ExcelJS.Row {
  const row = sheet.getRow(rowNumber)
  cells.forEach((cell, index) => put(row.getCell(firstColumn + index), cell))
  return row
}

function styleHeading(row: ExcelJS.Row, columns: number): void {
  for (let column = 1; column <= columns; column++) {
    const cell = row.getCell(column)
    cell.font = { bold: true }
    cell.fill = HEADING_FILL
    cell.border = BORDER
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true }
  }
}

function styleBody(row: ExcelJS.Row, columns: number): void {
  for (let column = 1; column <= columns; column++) {
    const cell = row.getCell(column)
    cell.border = BORDER
    cell.alignment = { vertical: 'middle', wrapText: true }
  }
}

function printSetup(sheet: ExcelJS.Worksheet, orientation: 'portrait' | 'landscape'): void {
  // 9 is A4; fit every column on the width of a page, as many pages down as it takes.
  sheet.pageSetup = {
    paperSize: 9,
    orientation,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
  }
}

function newWorkbook(Excel: typeof ExcelJS): ExcelJS.Workbook {
  const workbook = new Excel.Workbook()
  workbook.creator = 'performance-scoring-service'
  return workbook
}

async function toBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from((await workbook.xlsx.writeBuffer()) as unknown as ArrayBuffer)
}

/** The filled-in indicator table: a header block, the official columns with merged categories, the total. */
function indicatorSheet(workbook: ExcelJS.Workbook, document: EvaluationDocument): void {
  const { result } = document
  const labels = labelsFor(result.language)
  const headings = indicatorHeadings(result)
  const columns = headings.length
  const self = hasSelfScores(result)
  const sheet = workbook.addWorksheet(labels.indicatorSheet, { views: [{ state: 'frozen', ySplit: HEADING_ROW }] })
  const review = hasReview(result) ? [9, 9, 30] : []
  // A, F and I hold the header block's labels and values too: wide enough for Department, excellent,
  // Department code without breaking a word.
  const widths = [12, 7, 12, 7, 18, 11, 40, 40, 12, 44, ...(self ? [9, 12] : []), ...review]
  sheet.columns = widths.map((width) => ({ width }))

  sheet.mergeCells(1, 1, 1, columns)
  const title = sheet.getCell(1, 1)
  title.value = rubricTitle(document)
  title.font = { bold: true, size: 14 }
  title.alignment = { horizontal: 'center', vertical: 'middle' }
  sheet.getRow(1).height = 24

  sheet.mergeCells(2, 2, 2, 6)
  putRow(sheet, 2, [text(labels.department), text(result.department.name)])
  putRow(sheet, 2, [text(labels.fiscalYear)], 7)
  put(sheet.getCell(2, 8), { kind: 'integer', value: result.fiscalYear })
  putRow(sheet, 2, [text(labels.departmentCode), text(result.department.code ?? '')], 9)
  putRow(sheet, 3, [
    text(labels.total),
    score(result.totalScore),
    text(labels.maxScore),
    score(result.maxScore),
    text(labels.grade),
    text(gradeLabel(result)),
    text(labels.rubric),
  ])
  sheet.mergeCells(3, 8, 3, columns)
  put(sheet.getCell(3, 8), text(`${result.rubric.id} ${result.rubric.version} · ${result.rubric.contentHash}`))
  if (result.selfAssessment !== null) {
    const { claimedTotal, difference } = result.selfAssessment
    putRow(sheet, 4, [text(labels.claimedTotal), score(claimedTotal), text(labels.difference), score(difference)])
  }
  // Each label against its value: labels to the right of their cells, values to the left of theirs
  // (年度 stood at the far left of a column 40 wide, its 2021 at the far right of the next).
  for (const rowNumber of [2, 3, 4]) {
    for (const column of [1, 3, 5, 7, 9]) {
      const label = sheet.getCell(rowNumber, column)
      label.font = { bold: true }
      label.alignment = { horizontal: 'right', vertical: 'middle', wrapText: true }
      sheet.getCell(rowNumber, column + 1).alignment = { horizontal: 'left', vertical: 'middle', wrapText: true }
    }
  }

  styleHeading(putRow(sheet, HEADING_ROW, headings.map(text)), columns)
  const rows = indicatorRows(document)
  rows.forEach((row, index) => {
    const rowNumber = FIRST_INDICATOR_ROW + index
    const cells = indicatorCells(row, result)
    styleBody(putRow(sheet, rowNumber, cells), columns)
    cells.forEach((cell, index) => {
      if (cell.kind !== 'text' || index < 4)
        sheet.getCell(rowNumber, index + 1).alignment = { vertical: 'middle', horizontal: 'center', wrapText: true }
    })
    // The first two levels are merged down their indicators, as in the original table.
    if (row.categorySpan > 1) {
      sheet.mergeCells(rowNumber, 1, rowNumber + row.categorySpan - 1, 1)
      sheet.mergeCells(rowNumber, 2, rowNumber + row.categorySpan - 1, 2)
    }
    if (row.groupSpan > 1) {
      sheet.mergeCells(rowNumber, 3, rowNumber + row.groupSpan - 1, 3)
      sheet.mergeCells(rowNumber, 4, rowNumber + row.groupSpan - 1, 4)
    }
  })

  const sumRow = FIRST_INDICATOR_ROW + rows.length
  sheet.mergeCells(sumRow, 1, sumRow, 5)
  putRow(sheet, sumRow, [text(labels.sum)])
  put(sheet.getCell(sumRow, 6), score(result.maxScore))
  put(sheet.getCell(sumRow, 9), score(result.totalScore))
  put(sheet.getCell(sumRow, 10), text(gradeLabel(result)))
  if (self)
    putRow(sheet, sumRow, [score(result.selfAssessment!.claimedTotal), score(result.selfAssessment!.difference)], 11)
  if (result.review) put(sheet.getCell(sumRow, self ? 13 : 11), score(result.review.computedTotal))
  styleBody(sheet.getRow(sumRow), columns)
  sheet.getRow(sumRow).font = { bold: true }

  result.warnings.forEach((warning, index) => {
    const rowNumber = sumRow + 2 + index
    putRow(sheet, rowNumber, [text(labels.warnings), text(`${warning.message} (${warning.code})`)])
    sheet.mergeCells(rowNumber, 2, rowNumber, columns)
    sheet.getCell(rowNumber, 1).font = { bold: true }
    sheet.getCell(rowNumber, 2).alignment = { wrapText: true, vertical: 'top' }
  })

  fitRowHeights(sheet)
  printSetup(sheet, 'landscape')
  sheet.pageSetup.printTitlesRow = `${HEADING_ROW}:${HEADING_ROW}`
}

/** The 预警 sheet, with options.headroom: the grade margin, then each input and how far it is from a change of score. */
function headroomSheet(workbook: ExcelJS.Workbook, result: EvaluationResult): void {
  const labels = labelsFor(result.language)
  const sheet = workbook.addWorksheet(labels.headroom)
  sheet.columns = [24, 44, 14, 90].map((width) => ({ width }))
  putRow(sheet, 1, [text(labels.gradeMargin), text(result.headroom?.gradeMargin?.explanation ?? labels.noGrade)])
  sheet.mergeCells(1, 2, 1, 4)
  sheet.getCell(1, 1).font = { bold: true }
  const headings = [labels.indicator, labels.headroomInput, labels.currentValue, labels.headroomNote]
  styleHeading(putRow(sheet, 3, headings.map(text)), headings.length)
  headroomRows(result).forEach((row, index) => {
    const name = localName(row.indicator, result.language)
    const cells = [text(name), text(row.pointer), text(row.value), text(row.explanation)]
    styleBody(putRow(sheet, 4 + index, cells), headings.length)
  })
  sheet.getCell(1, 2).alignment = { wrapText: true, vertical: 'top' }
  fitRowHeights(sheet)
  printSetup(sheet, 'landscape')
}

/** The base data as submitted, in the rows of the original 基础数据表. */
function baseDataSheet(workbook: ExcelJS.Workbook, document: EvaluationDocument): void {
  const { result, request } = document
  const labels = labelsFor(result.language)
  const columns = 6
  const sheet = workbook.addWorksheet(labels.baseDataSheet)
  sheet.columns = [30, 16, 16, 16, 16, 18].map((width) => ({ width }))
  sheet.mergeCells(1, 1, 1, columns)
  put(sheet.getCell(1, 1), text(labels.baseDataTitle))
  sheet.getCell(1, 1).font = { bold: true, size: 14 }
  sheet.getCell(1, 1).alignment = { horizontal: 'center' }
  sheet.mergeCells(2, 2, 2, 4)
  putRow(sheet, 2, [text(labels.department), text(result.department.name)])
  sheet.mergeCells(2, 5, 2, 6)
  putRow(sheet, 2, [text(`${labels.fiscalYear} ${result.fiscalYear} · ${labels.unit}`)], 5)
  sheet.getCell(2, 1).font = { bold: true }

  baseDataRows(request, result.language).forEach((gridRow, index) => {
    const rowNumber = 3 + index
    const row = putRow(sheet, rowNumber, gridRow.cells)
    if (gridRow.heading) styleHeading(row, gridRow.cells.length)
    else styleBody(row, gridRow.cells.length)
  })
  // The frugality measures are prose: their cell spans the width of the table.
  const last = sheet.rowCount
  sheet.mergeCells(last, 1, last, columns)
  sheet.getCell(last, 1).alignment = { wrapText: true, vertical: 'top' }
  fitRowHeights(sheet)
  printSetup(sheet, 'portrait')
}

/** One evaluation as an XLSX workbook: the indicator table, the base data, the 预警 sheet when headroom was asked. */
export async function evaluationWorkbook(document: EvaluationDocument): Promise<Buffer> {
  const workbook = newWorkbook(await loadExcel())
  indicatorSheet(workbook, document)
  baseDataSheet(workbook, document)
  if (document.result.headroom) headroomSheet(workbook, document.result)
  return toBuffer(workbook)
}

/** A batch as an XLSX workbook: one row per department, and the summary. */
export async function batchWorkbook(document: BatchDocument): Promise<Buffer> {
  const workbook = newWorkbook(await loadExcel())
  const labels = labelsFor(document.language)
  const headings = batchHeadings(document)
  const results = workbook.addWorksheet(labels.resultsSheet, { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] })
  results.columns = headings.map((heading, index) => ({
    width: index === 1 ? 28 : index === headings.length - 1 ? 60 : Math.min(18, Math.max(8, heading.length + 2)),
  }))
  styleHeading(putRow(results, 1, headings.map(text)), headings.length)
  batchRows(document).forEach((cells, index) => styleBody(putRow(results, 2 + index, cells), headings.length))
  results.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headings.length } }
  fitRowHeights(results)
  printSetup(results, 'landscape')

  const { summary } = document
  const sheet = workbook.addWorksheet(labels.summarySheet)
  sheet.columns = [36, 16, 16, 16].map((width) => ({ width }))
  const lines: Cell[][] = [
    [text(labels.count), { kind: 'integer', value: summary.count }],
    [text(labels.scoredCount), { kind: 'integer', value: summary.scored }],
    [text(labels.failed), { kind: 'integer', value: summary.failed }],
    [text(labels.incompleteCount), { kind: 'integer', value: summary.incomplete }],
    [text(labels.meanTotal), score(summary.meanTotal)],
    [text(labels.medianTotal), score(summary.medianTotal)],
  ]
  lines.forEach((cells, index) => styleBody(putRow(sheet, 1 + index, cells), 2))
  let rowNumber = lines.length + 2
  styleHeading(putRow(sheet, rowNumber, [text(labels.grade), text(labels.departments)]), 2)
  for (const [code, count] of Object.entries(summary.grades)) {
    // Every complete evaluation is ranked, so the ranking has the label of every grade counted.
    const grade = summary.ranking.find((entry) => entry.grade.code === code)!.grade
    styleBody(
      putRow(sheet, ++rowNumber, [
        text(document.language === 'en' ? grade.labelEn : grade.label),
        { kind: 'integer', value: count },
      ]),
      2,
    )
  }
  rowNumber += 2
  styleHeading(
    putRow(sheet, rowNumber, [
      text(labels.indicator),
      text(labels.evaluated),
      text(labels.meanScore),
      text(labels.pointsLost),
    ]),
    4,
  )
  for (const indicator of summary.indicators) {
    const cells: Cell[] = [
      text(localName(indicator, document.language)),
      { kind: 'integer', value: indicator.evaluated },
      score(indicator.meanScore),
      score(indicator.pointsLost),
    ]
    styleBody(putRow(sheet, ++rowNumber, cells), 4)
  }
  fitRowHeights(sheet)
  printSetup(sheet, 'portrait')
  return toBuffer(workbook)
}
