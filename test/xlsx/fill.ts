import ExcelJS from 'exceljs'
import { Decimal } from 'decimal.js'
import type { Rubric } from '../../schemas/rubric.js'
import type { Language } from '../../src/core/language.js'
import { templateFields, type Field } from '../../src/xlsx/fields.js'
import { BATCH_POINTER_ROW, FIRST_DEPARTMENT_ROW } from '../../src/xlsx/template.js'
import { numberText } from '../../src/xlsx/upload.js'

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** The value at a JSON Pointer of a request, or undefined. */
export function valueAt(request: unknown, pointer: string): unknown {
  let node = request as Record<string, unknown> | undefined
  for (const token of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined
    node = node[token] as Record<string, unknown> | undefined
  }
  return node
}

/**
 * What a clerk types into a cell for a request's value: a number where the figure fits a number
 * exactly (else its text), 是/否 or a level's label picked from the list, the text itself.
 */
export function typed(field: Field, value: unknown, language: Language): ExcelJS.CellValue {
  if (typeof value === 'boolean') return field.choices!.find((c) => c.code === String(value))!.label[language]
  if (field.kind === 'choice') return field.choices!.find((c) => c.code === value)?.label[language] ?? String(value)
  if (field.kind === 'text') return String(value)
  const number = Number(value)
  return new Decimal(numberText(number)).eq(new Decimal(value as string)) ? number : String(value)
}

export async function loadWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  return workbook
}

export const saved = async (workbook: ExcelJS.Workbook) => Buffer.from(await workbook.xlsx.writeBuffer())

/** The template with a request typed into its value column, cell by cell. */
export async function fillSingle(template: Buffer, rubric: Rubric, request: unknown, language: Language = 'zh') {
  const fields = new Map(templateFields(rubric).map((field) => [field.pointer, field]))
  const workbook = await loadWorkbook(template)
  workbook.worksheets[0]!.eachRow((row) => {
    const pointer = row.getCell(1).value
    const field = typeof pointer === 'string' ? fields.get(pointer) : undefined
    const value = field ? valueAt(request, field.pointer) : undefined
    if (value !== undefined) row.getCell(4).value = typed(field!, value, language)
  })
  return workbook
}

/** The batch template with one request a row from row 3. */
export async function fillBatch(template: Buffer, rubric: Rubric, requests: readonly unknown[], language: Language = 'zh') {
  const fields = new Map(templateFields(rubric).map((field) => [field.pointer, field]))
  const workbook = await loadWorkbook(template)
  const sheet = workbook.worksheets[0]!
  sheet.getRow(BATCH_POINTER_ROW).eachCell((cell, column) => {
    const field = fields.get(String(cell.value))!
    requests.forEach((request, index) => {
      const value = valueAt(request, field.pointer)
      if (value !== undefined) sheet.getCell(FIRST_DEPARTMENT_ROW + index, column).value = typed(field, value, language)
    })
  })
  return workbook
}
