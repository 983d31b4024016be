import type ExcelJS from 'exceljs'
import type { Language } from '../core/language.js'
import { serviceError } from '../errors.js'

// A minimal reader (issue 18's draft route); the safe reader of issue 17 (size, entry, macro,
// external-link and entity checks) takes its place with the same signature.

let excel: Promise<typeof ExcelJS> | undefined

/** An uploaded workbook, loaded with exceljs (itself loaded on first use); anything unreadable is a 400. */
export async function readWorkbook(body: Buffer, _language?: Language): Promise<ExcelJS.Workbook> {
  excel ??= import('exceljs').then((module) => module.default)
  const workbook = new (await excel).Workbook()
  try {
    await workbook.xlsx.load(body as unknown as ArrayBuffer)
  } catch {
    throw serviceError('WORKBOOK_UNREADABLE', {})
  }
  return workbook
}
