import type ExcelJS from 'exceljs'
import type { Rubric } from '../../schemas/rubric.js'
import { MAX_BATCH_ITEMS } from '../../schemas/batch.js'
import type { Bilingual, Language } from '../core/language.js'
import { templateFields, type Field } from './fields.js'
import { loadExcel } from './read.js'

export type TemplateLayout = 'single' | 'batch'

/** The sheets' names: the upload reads the sheet of this name in either language, or else the first. */
export const SHEET_NAMES: Readonly<Record<TemplateLayout, Bilingual>> = {
  single: { zh: '基础数据表', en: 'Base data' },
  batch: { zh: '基础数据表（批量）', en: 'Base data (batch)' },
}

const INSTRUCTIONS_NAME: Bilingual = { zh: '填写说明', en: 'Instructions' }

/** The single layout: the heading row, and the first row of fields below it. */
export const HEADING_ROW = 3
export const FIRST_FIELD_ROW = 4
/** The batch layout: labels in row 1, pointers in row 2, one department a row from row 3. */
export const BATCH_POINTER_ROW = 2
export const FIRST_DEPARTMENT_ROW = 3

const HEADINGS: readonly Bilingual[] = [
  { zh: '字段', en: 'Field' },
  { zh: '项目', en: 'Item' },
  { zh: '单位', en: 'Unit' },
  { zh: '数值', en: 'Value' },
  { zh: '说明', en: 'Notes' },
]

interface RangeValidations {
  readonly dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void }
}

const HEADING_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } }
const INPUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } }
const DECIMAL_MAX = 999_999_999_999_999

/** A list entry as a data-validation list shows it: a comma would split it, so it becomes a full-width one. */
export const listEntry = (text: string): string => text.replace(/,/g, '，').replace(/"/g, '”')

/** The Excel data validation of a field's cell: its type, bounds or list, and a message in the language. */
function validation(field: Field, language: Language): ExcelJS.DataValidation {
  const common = { allowBlank: true, showErrorMessage: true, errorTitle: field.label[language] }
  type Range = (type: 'decimal' | 'whole', minimum: number, maximum: number, error: Bilingual) => ExcelJS.DataValidation
  const range: Range = (type, minimum, maximum, error) =>
    ({ ...common, errorStyle: 'stop', type, operator: 'between', formulae: [minimum, maximum], error: error[language] })
  switch (field.kind) {
    case 'decimal':
      return range('decimal', field.minimum!, field.maximum ?? DECIMAL_MAX, {
        zh: `请填写 ${field.minimum} 至 ${field.maximum ?? '999999999999999'} 之间的数，最多 6 位小数`,
        en: `A number from ${field.minimum} to ${field.maximum ?? '999999999999999'}, at most 6 decimals`,
      })
    case 'signedDecimal':
      return range('decimal', -DECIMAL_MAX, DECIMAL_MAX, {
        zh: '请填写数值（调减为负数），最多 6 位小数',
        en: 'A number (negative for a cut), at most 6 decimals',
      })
    case 'integer':
      return range('whole', field.minimum!, field.maximum!, {
        zh: `请填写 ${field.minimum} 至 ${field.maximum} 之间的整数`,
        en: `A whole number from ${field.minimum} to ${field.maximum}`,
      })
    case 'boolean':
    case 'choice': {
      const entries = field.choices!.map((choice) => listEntry(choice.label[language]))
      return {
        ...common,
        type: 'list',
        formulae: [`"${entries.join(',')}"`],
        error: language === 'zh' ? '请从下拉列表中选择' : 'Choose from the list',
      }
    }
    case 'text':
      return {
        ...common,
        type: 'textLength',
        operator: 'lessThanOrEqual',
        formulae: [field.maxLength!],
        error: language === 'zh' ? `最多 ${field.maxLength} 个字符` : `At most ${field.maxLength} characters`,
      }
  }
}

/** The number format of a field's value cell: text stays text (a code such as 001 keeps its zeros). */
const valueFormat = (field: Field): string => (field.kind === 'text' ? '@' : 'General')

const withUnit = (field: Field, language: Language) =>
  !field.unit[language] ? field.label[language]
    : language === 'zh' ? `${field.label[language]}（${field.unit[language]}）` : `${field.label.en} (${field.unit.en})`

const PROTECTION: Partial<ExcelJS.WorksheetProtection> = {
  selectLockedCells: true,
  selectUnlockedCells: true,
  formatCells: true,
  formatColumns: true,
  formatRows: true,
  sort: true,
  autoFilter: true,
}

function instructions(workbook: ExcelJS.Workbook, rubric: Rubric, layout: TemplateLayout, language: Language) {
  const sheet = workbook.addWorksheet(INSTRUCTIONS_NAME[language])
  sheet.getColumn(1).width = 110
  const zh = [
    `${rubric.title}（${rubric.id} ${rubric.version}）：基础数据表填写说明`,
    layout === 'single'
      ? `1. 在“${SHEET_NAMES.single.zh}”的 D 列（数值）逐行填写，其他列已锁定。空白单元格视为未提供该项数据（缺少数据的指标不计分，并在结果中说明）。`
      : `1. 在“${SHEET_NAMES.batch.zh}”中每个部门填一行（自第 3 行起），每列一个数据项；空行跳过。`,
    `2. 金额以万元为单位，比率以 % 为单位，最多 6 位小数；是/否 与档次从下拉列表中选择。请填写数值本身，不要填写文字说明。`,
    layout === 'single'
      ? `3. A 列（已隐藏）是每行数据在请求中的位置（JSON Pointer），服务按它读取：行可以调整顺序或样式，但不要修改、合并或移动 A 列。`
      : `3. 第 2 行（已隐藏）是每列数据在请求中的位置（JSON Pointer），服务按它读取：不要修改、合并或移动第 2 行。`,
    `4. 公式须保存计算结果（在 Excel、WPS 或 LibreOffice 中保存即可）；没有计算结果的公式将被拒绝。`,
    `5. 上传：POST /v1/evaluations` + (layout === 'batch' ? '/batch' : '') +
      '，Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet，' +
      `评价体系与选项作为查询参数（如 ?rubricId=${rubric.id}）。出错时，应答逐一列出出错的单元格（如 ${SHEET_NAMES[layout].zh}!D7）。`,
  ]
  const en = [
    `${rubric.titleEn ?? rubric.title} (${rubric.id} ${rubric.version}): how to fill in the base data`,
    layout === 'single'
      ? `1. Fill in column D (Value) of "${SHEET_NAMES.single.en}", row by row; the other columns are locked. A blank cell is data not given (an indicator without its data is not scored, and the answer says so).`
      : `1. In "${SHEET_NAMES.batch.en}", one department a row from row 3, one input a column; blank rows are skipped.`,
    `2. Amounts in 10,000 yuan, rates in %, at most 6 decimals; yes/no and levels from the drop-down lists. Enter the figure itself, not words.`,
    layout === 'single'
      ? `3. Column A (hidden) holds where each row goes in the request (a JSON Pointer), and the service reads by it: rows may be reordered or restyled, but do not edit, merge or move column A.`
      : `3. Row 2 (hidden) holds where each column goes in the request (a JSON Pointer), and the service reads by it: do not edit, merge or move row 2.`,
    `4. Formulas must have their results saved (saving in Excel, WPS or LibreOffice does it); a formula without a result is refused.`,
    `5. Upload: POST /v1/evaluations` + (layout === 'batch' ? '/batch' : '') +
      ', Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, the rubric and options ' +
      `as query parameters (e.g. ?rubricId=${rubric.id}). A refusal lists each cell at fault (e.g. ${SHEET_NAMES[layout].en}!D7).`,
  ]
  const lines = language === 'zh' ? zh : en
  lines.forEach((line, index) => {
    const cell = sheet.getCell(index + 1, 1)
    cell.value = line
    cell.alignment = { wrapText: true, vertical: 'top' }
    if (index === 0) cell.font = { bold: true, size: 13 }
  })
}

function singleSheet(sheet: ExcelJS.Worksheet, rubric: Rubric, fields: readonly Field[], language: Language) {
  sheet.columns = [{ width: 44, hidden: true }, { width: 44 }, { width: 12 }, { width: 20 }, { width: 70 }]
  sheet.getColumn(4).protection = { locked: false }
  const title = sheet.getCell('B1')
  title.value = language === 'zh' ? `${rubric.title}：基础数据表` : `Base data: ${rubric.titleEn ?? rubric.title}`
  title.font = { bold: true, size: 14 }
  sheet.getCell('B2').value = language === 'zh' ? `评价体系：${rubric.id} ${rubric.version}` : `Rubric: ${rubric.id} ${rubric.version}`
  const heading = sheet.getRow(HEADING_ROW)
  heading.values = HEADINGS.map((text) => text[language])
  heading.eachCell((cell) => {
    cell.font = { bold: true }
    cell.fill = HEADING_FILL
  })
  fields.forEach((field, index) => {
    const row = sheet.getRow(FIRST_FIELD_ROW + index)
    row.getCell(1).value = field.pointer
    row.getCell(2).value = field.label[language]
    row.getCell(3).value = field.unit[language]
    row.getCell(5).value = field.note[language]
    row.getCell(5).alignment = { wrapText: true, vertical: 'top' }
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' }
    const value = row.getCell(4)
    value.protection = { locked: false }
    value.fill = INPUT_FILL
    value.numFmt = valueFormat(field)
    value.dataValidation = validation(field, language)
  })
  sheet.views = [{ state: 'frozen', ySplit: HEADING_ROW, xSplit: 0 }]
}

function batchSheet(sheet: ExcelJS.Worksheet, fields: readonly Field[], language: Language) {
  const last = FIRST_DEPARTMENT_ROW + MAX_BATCH_ITEMS - 1
  sheet.columns = fields.map((field) => ({
    width: Math.min(40, Math.max(12, withUnit(field, language).length * 1.6)),
    style: { protection: { locked: false }, numFmt: valueFormat(field) },
  }))
  fields.forEach((field, index) => {
    const column = index + 1
    const label = sheet.getCell(1, column)
    label.value = withUnit(field, language)
    label.font = { bold: true }
    label.fill = HEADING_FILL
    label.alignment = { wrapText: true, vertical: 'top' }
    label.protection = { locked: true }
    label.note = field.note[language] || field.label[language]
    const pointer = sheet.getCell(BATCH_POINTER_ROW, column)
    pointer.value = field.pointer
    pointer.protection = { locked: true }
    const letter = sheet.getColumn(column).letter
    // exceljs writes a validation over a range, one <dataValidation sqref>, though its types omit it.
    const validations = (sheet as unknown as RangeValidations).dataValidations
    validations.add(`${letter}${FIRST_DEPARTMENT_ROW}:${letter}${last}`, validation(field, language))
  })
  sheet.getRow(1).height = 48
  sheet.getRow(BATCH_POINTER_ROW).hidden = true
  sheet.views = [{ state: 'frozen', ySplit: BATCH_POINTER_ROW, xSplit: 1 }]
}

/**
 * The base-data template of a rubric as an XLSX workbook: the sheet to fill in (one row per input,
 * or for a batch one column per input and one row per department), labels in the language, Excel
 * data validation on every input cell, everything but the inputs locked (no password: the lock
 * guards against slips, not people), and an instructions sheet.
 */
export async function writeTemplate(rubric: Rubric, layout: TemplateLayout, language: Language): Promise<Buffer> {
  const Excel = await loadExcel()
  const workbook = new Excel.Workbook()
  workbook.creator = 'performance-scoring-service'
  const fields = templateFields(rubric)
  const sheet = workbook.addWorksheet(SHEET_NAMES[layout][language])
  if (layout === 'single') singleSheet(sheet, rubric, fields, language)
  else batchSheet(sheet, fields, language)
  await sheet.protect('', PROTECTION)
  instructions(workbook, rubric, layout, language)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
