// An indicator table sent as an XLSX workbook (POST /v1/rubrics/draft), read into the table the
// JSON body carries: the layout the service writes for the filled-in table (src/render/xlsx.ts),
// Chinese or English headings, found by their headings wherever the header block puts them.
import type ExcelJS from 'exceljs'
import type { ProblemError } from '../../../schemas/problem.js'
import type { DraftRow, DraftTable } from '../../../schemas/draft.js'
import type { Rubric } from '../../../schemas/rubric.js'
import { IDENTIFIER_PATTERN } from '../../../schemas/common.js'
import type { Language } from '../../core/language.js'
import { serviceError } from '../../errors.js'
import { labelsFor } from '../../render/labels.js'
import yuhua2021 from '../yuhua-2021.json' with { type: 'json' }

/** The columns of the table, by the DraftRow field each fills. */
type Field = 'level1' | 'level1Points' | 'level2' | 'level2Points' | 'name' | 'points' | 'standard' | 'description'

/** How far down the heading row is looked for: the header block is a few rows, a bureau's a few more. */
export const HEADING_SEARCH_ROWS = 30
/** The longest text each column takes, as the JSON body's schema (schemas/draft.ts) bounds it. */
const MAX_LENGTH: Record<Field, number> = {
  level1: 200, level1Points: 30, level2: 200, level2Points: 30, name: 200, points: 30,
  standard: 2000, description: 2000,
}
const MAX_ROWS = 300

const normalized = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase()

/** Each heading in both languages, as the service writes them. */
const HEADINGS = (['zh', 'en'] as const).map((language) => {
  const labels = labelsFor(language)
  return {
    language,
    level1: normalized(labels.category),
    level2: normalized(labels.group),
    name: normalized(labels.indicator),
    points: normalized(labels.points),
    standard: normalized(labels.standard),
    description: normalized(labels.description),
    sum: normalized(labels.sum),
    rubric: normalized(labels.rubric),
  }
})

/**
 * The seed's English names (an English export writes them) read back as the Chinese ones, so that
 * the catalogue recognizes them and the draft is the one the Chinese table gives.
 */
const CHINESE_NAMES = new Map<string, string>()
for (const category of (yuhua2021 as Rubric).categories) {
  CHINESE_NAMES.set(normalized(category.nameEn), category.name)
  for (const group of category.children) {
    CHINESE_NAMES.set(normalized(group.nameEn), group.name)
    for (const indicator of group.indicators) CHINESE_NAMES.set(normalized(indicator.nameEn), indicator.name)
  }
}

/** A sheet's name as a formula writes it: quoted when it is not a plain word. */
function sheetRef(sheet: ExcelJS.Worksheet): string {
  return /^[\p{L}\p{N}_]+$/u.test(sheet.name) ? sheet.name : `'${sheet.name.replace(/'/g, "''")}'`
}

type Read = { value: string | number | undefined } | { problem: string; received: unknown }

/** A cell's value as the table holds it: text, a number, or nothing; a merged cell reads its first cell's value. */
function readCell(cell: ExcelJS.Cell): Read {
  const value = cell.value
  if (value === null || value === undefined) return { value: undefined }
  if (typeof value === 'string' || typeof value === 'number') return { value }
  if (typeof value === 'boolean') return { value: String(value) }
  if (value instanceof Date) return { problem: 'a date', received: value.toISOString() }
  if ('richText' in value) return { value: value.richText.map((run) => run.text).join('') }
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result
    const formula = 'formula' in value ? value.formula : value.sharedFormula
    if (result === undefined || result === null) return { problem: 'a formula without its value', received: `=${formula}` }
    if (typeof result === 'string' || typeof result === 'number') return { value: result }
    return { problem: 'a formula whose value is not text or a number', received: JSON.stringify(result) }
  }
  if ('text' in value && typeof value.text === 'string') return { value: value.text }
  return { problem: 'a value that is not text or a number', received: JSON.stringify(value).slice(0, 200) }
}

function textOf(cell: ExcelJS.Cell): string | undefined {
  const read = readCell(cell)
  return 'value' in read && read.value !== undefined ? String(read.value) : undefined
}

interface Layout {
  readonly sheet: ExcelJS.Worksheet
  readonly headingRow: number
  readonly language: Language
  readonly columns: Partial<Record<Field, number>>
}

/** The heading row of a sheet: the first of its top rows that names the levels, the points and the standard. */
function findLayout(sheet: ExcelJS.Worksheet): Layout | undefined {
  const last = Math.min(sheet.rowCount, HEADING_SEARCH_ROWS)
  for (let rowNumber = 1; rowNumber <= last; rowNumber++) {
    const row = sheet.getRow(rowNumber)
    const texts: string[] = []
    for (let column = 1; column <= row.cellCount; column++)
      texts[column] = normalized(textOf(row.getCell(column)) ?? '')
    for (const headings of HEADINGS) {
      const at = (heading: string) => texts.indexOf(heading)
      const columns: Partial<Record<Field, number>> = {}
      for (const field of ['level1', 'level2', 'name', 'standard', 'description'] as const) {
        if (at(headings[field]) > 0) columns[field] = at(headings[field])
      }
      if (!columns.level1 || !columns.level2 || !columns.name || !columns.standard) continue
      // A level's points are in the 分值 column right after it.
      const points = (column: number) => (texts[column + 1] === headings.points ? column + 1 : undefined)
      columns.points = points(columns.name)
      if (!columns.points) continue
      columns.level1Points = points(columns.level1)
      columns.level2Points = points(columns.level2)
      return { sheet, headingRow: rowNumber, language: headings.language, columns }
    }
  }
  return undefined
}

/** What the header block above the headings says: the title and the rubric's id line. */
function headerBlock({ sheet, headingRow, language }: Layout) {
  const label = HEADINGS.find((headings) => headings.language === language)!.rubric
  let title: string | undefined
  let line: string | undefined
  for (let rowNumber = 1; rowNumber < headingRow; rowNumber++) {
    const values: string[] = []
    sheet.getRow(rowNumber).eachCell((cell) => {
      const text = textOf(cell)?.trim()
      if (text && values[values.length - 1] !== text) values.push(text)
    })
    // The title is the row of one value nearest the headings (a note may stand above it).
    if (values.length === 1) title = values[0]
    const index = values.findIndex((text) => normalized(text) === label)
    if (index >= 0 && values[index + 1] !== undefined) line = values[index + 1]
  }
  // The id line as written: "<id> <version> · <contentHash>".
  const parts = line ? /^(\S+)\s+(.+?)(?:\s+·\s+\S+)?$/.exec(line) : null
  return { title, id: parts?.[1], version: parts?.[2] }
}

/** What the query may set; the rest comes from the sheet, or defaults (README). */
export interface TableNames {
  readonly id?: string
  readonly version?: string
  readonly title?: string
  readonly titleEn?: string
}

/** A table read from a workbook: its rows, and the cell each field of each row came from. */
export interface SheetTable {
  readonly table: DraftTable
  /** The cell of `/rows/<i>/<field>`, as `评价指标表!F7`. */
  cellOf(pointer: string): string | undefined
  readonly sheetName: string
}

function defaultId(id: string | undefined): string {
  const drafted = `${id}-draft`
  return id !== undefined && new RegExp(IDENTIFIER_PATTERN).test(drafted) ? drafted : 'draft'
}

/**
 * The indicator table of a workbook: the first sheet with the heading row; a row per indicator
 * below it down to the sum row (合计 / Total) or the sheet's end; blank rows skipped. Cells that
 * cannot be read are a 400 naming each one.
 */
export function tableFromWorkbook(workbook: ExcelJS.Workbook, names: TableNames): SheetTable {
  const sheets = workbook.worksheets
  const layout = sheets.map(findLayout).find((found) => found !== undefined)
  if (!layout) {
    const sheet = sheets[0]
    const name = sheet ? sheetRef(sheet) : ''
    throw serviceError('WORKBOOK_TABLE_INVALID', { sheet: sheet?.name ?? '' }, [{
      pointer: '',
      rule: 'headingRow',
      message: `${sheets.map(sheetRef).join(', ') || '(no sheet)'}: none of the first ${HEADING_SEARCH_ROWS} rows ` +
        'has the headings 一级指标, 二级指标, 三级指标, 分值, 评价标准 (or Level-1 indicator, Level-2 indicator, ' +
        'Level-3 indicator, Points, Standard)',
      ...(name ? { received: sheets.map((s) => s.name) } : {}),
    }])
  }
  const { sheet, headingRow, language, columns } = layout
  const sum = HEADINGS.find((headings) => headings.language === language)!.sum
  const errors: ProblemError[] = []
  const rows: DraftRow[] = []
  const cells = new Map<string, string>()
  const ref = sheetRef(sheet)
  const fields = Object.entries(columns) as [Field, number][]
  for (let rowNumber = headingRow + 1; rowNumber <= sheet.rowCount; rowNumber++) {
    const row = sheet.getRow(rowNumber)
    const first = textOf(row.getCell(columns.level1!))
    const name = textOf(row.getCell(columns.name!))
    if (first !== undefined && normalized(first) === sum && (!name?.trim() || name === first)) break
    const pointer = `/rows/${rows.length}`
    const draft: Record<string, string | number> = {}
    let filled = false
    for (const [field, column] of fields) {
      const cell = row.getCell(column)
      const address = `${ref}!${cell.address}`
      cells.set(`${pointer}/${field}`, address)
      const read = readCell(cell)
      if ('problem' in read) {
        errors.push({ pointer: `${pointer}/${field}`, rule: 'cell', message: `${address}: ${read.problem}`, received: read.received })
        filled = true
        continue
      }
      if (read.value === undefined || (typeof read.value === 'string' && read.value.trim() === '')) continue
      filled = true
      const points = field === 'points' || field === 'level1Points' || field === 'level2Points'
      let value = points ? read.value : String(read.value)
      if (language === 'en' && (field === 'level1' || field === 'level2' || field === 'name'))
        value = CHINESE_NAMES.get(normalized(value as string)) ?? value
      if (String(value).length > MAX_LENGTH[field]) {
        errors.push({
          pointer: `${pointer}/${field}`,
          rule: 'maxLength',
          message: `${address}: longer than ${MAX_LENGTH[field]} characters`,
          received: String(value).slice(0, 100),
        })
        continue
      }
      draft[field] = value
    }
    if (!filled) {
      for (const [field] of fields) cells.delete(`${pointer}/${field}`)
      continue
    }
    if (draft.name === undefined && !errors.some((error) => error.pointer === `${pointer}/name`))
      errors.push({ pointer: `${pointer}/name`, rule: 'required', message: `${cells.get(`${pointer}/name`)}: no 三级指标` })
    if (draft.points === undefined && !errors.some((error) => error.pointer === `${pointer}/points`))
      errors.push({ pointer: `${pointer}/points`, rule: 'required', message: `${cells.get(`${pointer}/points`)}: no points` })
    const { name: named = '', points = '', standard = '' } = draft
    rows.push({ ...draft, name: String(named), points, standard: String(standard) })
    if (rows.length > MAX_ROWS) {
      errors.push({ pointer: '/rows', rule: 'maxItems', message: `${ref}!${rowNumber}:${rowNumber}: more than ${MAX_ROWS} indicators` })
      break
    }
  }
  if (rows.length === 0)
    errors.push({ pointer: '/rows', rule: 'minItems', message: `${ref}: no indicator below the heading row ${headingRow}` })
  if (errors.length > 0) throw serviceError('WORKBOOK_TABLE_INVALID', { sheet: sheet.name }, errors)
  const block = headerBlock(layout)
  // The sheet's own texts within the lengths of the JSON body's (a rubric's title, version).
  const title = names.title ?? (block.title ?? sheet.name).slice(0, 200)
  const table: DraftTable = {
    id: names.id ?? defaultId(block.id),
    version: names.version ?? block.version?.slice(0, 64) ?? '1',
    title,
    ...(names.titleEn !== undefined ? { titleEn: names.titleEn } : {}),
    rows,
  }
  return { table, sheetName: sheet.name, cellOf: (pointer) => cells.get(pointer) }
}

/** The draft's own problems with cells (a points cell that is not a number, …), each naming its cell. */
export function cellErrors(sheetTable: SheetTable, errors: readonly ProblemError[]) {
  return serviceError('WORKBOOK_TABLE_INVALID', { sheet: sheetTable.sheetName }, errors.map((error) => {
    // Every field of every row read has its cell.
    return { ...error, message: `${sheetTable.cellOf(error.pointer)!}: ${error.message}` }
  }))
}
