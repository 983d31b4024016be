import { Decimal } from 'decimal.js'
import type ExcelJS from 'exceljs'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { IDENTIFIER_PATTERN } from '../../schemas/common.js'
import type { ProblemError } from '../../schemas/problem.js'
import type { Bilingual, Language } from '../core/language.js'
import { serviceError } from '../errors.js'
import { schemaAt, typed, YES_NO, type Field } from './fields.js'
import { XLSX_MEDIA_TYPE, workbookReadBytes, type WorkbookLimits } from './limits.js'
import { readWorkbook } from './read.js'
import { BATCH_POINTER_ROW, FIRST_DEPARTMENT_ROW, SHEET_NAMES, listEntry, type TemplateLayout } from './template.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** For a workbook upload: the cell each JSON Pointer of the body was read from, e.g. 基础数据表!D7. */
    workbookCells?: ReadonlyMap<string, string>
  }
}

/** A body read from a workbook, and the cell of each pointer (every pointer found, filled or not). */
export interface WorkbookBody<T> {
  readonly body: T
  readonly cells: ReadonlyMap<string, string>
}

type Problem = 'formula' | 'errorValue' | 'merged' | 'moved' | 'duplicate' | 'unknownField' | 'noFields'

const MESSAGES: Record<Problem, (detail: string) => Bilingual> = {
  formula: () => ({
    zh: '公式没有保存的计算结果：请在 Excel、WPS 或 LibreOffice 中重新计算并保存',
    en: 'A formula without a saved result: recalculate and save it in Excel, WPS or LibreOffice',
  }),
  errorValue: (value) => ({ zh: `单元格是错误值 ${value}`, en: `The cell holds the error ${value}` }),
  merged: () => ({ zh: '字段位置所在的单元格被合并', en: 'The cell of a field pointer is merged' }),
  moved: (where) => ({
    zh: `字段位置被移出了${where === 'column' ? ' A 列' : '第 2 行'}：服务只按${where === 'column' ? ' A 列' : '第 2 行'}读取`,
    en: `A field pointer moved out of ${where === 'column' ? 'column A' : 'row 2'}: only ${
      where === 'column' ? 'column A' : 'row 2'} is read`,
  }),
  duplicate: (first) => ({ zh: `字段重复出现，首次在 ${first}`, en: `The field appears twice, first in ${first}` }),
  unknownField: () => ({ zh: '不是请求中的数据项', en: 'Not an input of the request' }),
  noFields: () => ({
    zh: '工作表中没有字段位置（JSON Pointer）：请使用 GET /v1/rubrics/{rubricId}/template 下载的模板',
    en: 'The sheet has no field pointers (JSON Pointers): use the template of GET /v1/rubrics/{rubricId}/template',
  }),
}

/** A cell's name as a formula would write it: 基础数据表!D7, 'Base data'!D7. */
export function cellName(sheet: ExcelJS.Worksheet, address: string): string {
  return /^[\p{L}\p{N}_]+$/u.test(sheet.name) ? `${sheet.name}!${address}` : `'${sheet.name.replace(/'/g, "''")}'!${address}`
}

class ReadProblems {
  readonly list: ProblemError[] = []
  constructor(private readonly language: Language) {}
  add(pointer: string, cell: string, rule: Problem, detail = '', received?: unknown): void {
    if (this.list.length >= 100) return
    const message = MESSAGES[rule](detail)[this.language]
    this.list.push({ pointer, cell, rule, message, ...(received === undefined ? {} : { received }) })
  }
  /** Refuses the upload when a cell could not be read: the problem names every such cell. */
  check(): void {
    if (this.list.length > 0) throw serviceError('VALIDATION_FAILED', {}, this.list)
  }
}

/** A number as Excel shows it (15 significant digits), in plain decimal notation. */
export function numberText(value: number): string {
  return value === 0 ? '0' : new Decimal(value.toPrecision(15)).toFixed()
}

const TRUE = new Set(['是', 'yes', 'y', 'true', '√', '✓'])
const FALSE = new Set(['否', 'no', 'n', 'false', '×', '✗'])

/**
 * A cell's value as the request's value for its field. What cannot be converted is passed on as it
 * is (text where a number belongs, 3.5 where a whole number does), so that the request's own
 * validation refuses it with its usual message, and the problem names the cell beside the pointer.
 */
function convert(field: Pick<Field, 'kind' | 'choices'>, value: string | number | boolean): unknown {
  const text = typeof value === 'string' ? value.trim() : undefined
  switch (field.kind) {
    case 'text':
      return typeof value === 'number' ? numberText(value) : value
    case 'decimal':
    case 'signedDecimal':
      return typeof value === 'number' ? numberText(value) : text ?? value
    case 'integer':
      return text !== undefined && /^\d{1,15}$/.test(text) ? Number(text) : text ?? value
    case 'boolean':
      if (text === undefined) return value
      return TRUE.has(text.toLowerCase()) ? true : FALSE.has(text.toLowerCase()) ? false : text
    case 'choice': {
      if (text === undefined) return value
      const choice = field.choices!.find((c) =>
        [c.code, c.label.zh, c.label.en, listEntry(c.label.zh), listEntry(c.label.en)].includes(text))
      return choice ? choice.code : text
    }
  }
}

type Primitive = string | number | boolean | undefined

/** A cell's value as a primitive (undefined when blank), or the problem that keeps it from being read. */
function primitive(cell: ExcelJS.Cell): Primitive | { problem: Problem; detail?: string } {
  const value = cell.value as unknown
  if (value === null || value === undefined) return undefined
  if (typeof value === 'string') return value.trim() === '' ? undefined : value
  if (typeof value === 'number' || typeof value === 'boolean') return value
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  const object = value as {
    richText?: { text: string }[]
    text?: unknown
    formula?: string
    sharedFormula?: string
    result?: unknown
    error?: string
  }
  if (object.richText) return primitive({ value: object.richText.map((run) => run.text).join('') } as ExcelJS.Cell)
  if (object.error !== undefined) return { problem: 'errorValue', detail: object.error }
  if (object.formula !== undefined || object.sharedFormula !== undefined) {
    if (object.result === undefined || object.result === null) return { problem: 'formula' }
    return primitive({ value: object.result } as ExcelJS.Cell)
  }
  return primitive({ value: object.text } as ExcelJS.Cell)
}

/** The field a pointer names: one of the template's, or a leaf of the request schema; undefined if neither. */
function fieldOf(pointer: string, fields: ReadonlyMap<string, Field>): Pick<Field, 'kind' | 'choices'> | undefined {
  const known = fields.get(pointer)
  if (known) return known
  const tokens = pointer.split('/').slice(1)
  const identifier = new RegExp(IDENTIFIER_PATTERN)
  if (tokens.length === 0 || !tokens.every((token) => identifier.test(token))) return undefined
  const schema = schemaAt(pointer)
  if (!schema?.type || schema.type === 'object') return undefined
  const kind = typed(pointer)
  return kind.kind === 'boolean' ? { kind: 'boolean', choices: YES_NO } : kind
}

/** Sets a value at a pointer of an object, making the objects on the way. */
function setAt(root: Record<string, unknown>, pointer: string, value: unknown): void {
  const tokens = pointer.split('/').slice(1)
  let node = root
  for (const token of tokens.slice(0, -1)) {
    node[token] ??= {}
    node = node[token] as Record<string, unknown>
  }
  node[tokens.at(-1)!] = value
}

/**
 * The request of the values read, its keys in the template's order whatever the order of the rows
 * (the answer lists inputs in the request's order), the fields beyond the template after them.
 */
function inOrder(values: readonly [string, unknown][], fields: readonly Field[]): Record<string, unknown> {
  const order = new Map(fields.map((field, index) => [field.pointer, index]))
  const rank = (pointer: string) => order.get(pointer) ?? fields.length
  const body: Record<string, unknown> = {}
  for (const [pointer, value] of [...values].sort(([a], [b]) => rank(a) - rank(b))) setAt(body, pointer, value)
  return body
}

const isPointer = (value: unknown): value is string => typeof value === 'string' && value.startsWith('/')

/** The sheet of a layout, by its name in either language, or else the first sheet. */
function sheetOf(workbook: ExcelJS.Workbook, layout: TemplateLayout): ExcelJS.Worksheet | undefined {
  const names = Object.values(SHEET_NAMES[layout])
  return workbook.worksheets.find((sheet) => names.includes(sheet.name)) ?? workbook.worksheets[0]
}

/**
 * One department's request from a filled template: each row's column A names the field (a JSON
 * Pointer), column D holds its value; rows may be in any order. Blank cells are inputs not given.
 */
export function readSingle(
  workbook: ExcelJS.Workbook,
  fields: readonly Field[],
  language: Language,
): WorkbookBody<Record<string, unknown>> {
  const known = new Map(fields.map((field) => [field.pointer, field]))
  const problems = new ReadProblems(language)
  const sheet = sheetOf(workbook, 'single')
  const values: [pointer: string, value: unknown][] = []
  const cells = new Map<string, string>()
  sheet?.eachRow((row) => {
    row.eachCell((cell, column) => {
      const pointer = cell.value
      if (!isPointer(pointer)) return
      const name = cellName(sheet, cell.address)
      const field = fieldOf(pointer, known)
      if (column !== 1) {
        if (field) problems.add(pointer, name, 'moved', 'column')
        return
      }
      if (!field) return problems.add(pointer, name, 'unknownField', '', pointer.slice(0, 200))
      if (cell.isMerged) return problems.add(pointer, name, 'merged')
      const valueCell = row.getCell(4)
      const at = cellName(sheet, valueCell.address)
      if (cells.has(pointer)) return problems.add(pointer, at, 'duplicate', cells.get(pointer))
      cells.set(pointer, at)
      const value = primitive(valueCell)
      if (value !== null && typeof value === 'object') return problems.add(pointer, at, value.problem, value.detail)
      if (value !== undefined) values.push([pointer, convert(field, value)])
    })
  })
  if (cells.size === 0 && problems.list.length === 0) problems.add('', cellName(sheet!, 'A:A'), 'noFields')
  problems.check()
  return { body: inOrder(values, fields), cells }
}

/**
 * A batch's items from a filled batch template: row 2 names each column's field, each row from
 * row 3 is a department; a row with no value is skipped. Pointers of the cells are under /items/<index>.
 */
export function readBatch(
  workbook: ExcelJS.Workbook,
  fields: readonly Field[],
  language: Language,
): WorkbookBody<{ items: Record<string, unknown>[] }> {
  const known = new Map(fields.map((field) => [field.pointer, field]))
  const problems = new ReadProblems(language)
  const sheet = sheetOf(workbook, 'batch')!
  const columns = new Map<number, { pointer: string; field: Pick<Field, 'kind' | 'choices'> }>()
  const seen = new Map<string, string>()
  sheet.getRow(BATCH_POINTER_ROW).eachCell((cell, column) => {
    const pointer = cell.value
    if (!isPointer(pointer)) return
    const name = cellName(sheet, cell.address)
    const field = fieldOf(pointer, known)
    if (!field) return problems.add(pointer, name, 'unknownField', '', pointer.slice(0, 200))
    if (cell.isMerged) return problems.add(pointer, name, 'merged')
    if (seen.has(pointer)) return problems.add(pointer, name, 'duplicate', seen.get(pointer))
    seen.set(pointer, name)
    columns.set(column, { pointer, field })
  })
  if (columns.size === 0 && problems.list.length === 0) problems.add('', cellName(sheet, '2:2'), 'noFields')
  const items: Record<string, unknown>[] = []
  const cells = new Map<string, string>()
  sheet.eachRow((row, number) => {
    if (number === BATCH_POINTER_ROW) return
    const values: [pointer: string, value: unknown][] = []
    row.eachCell((cell, column) => {
      const name = cellName(sheet, cell.address)
      const target = columns.get(column)
      if (isPointer(cell.value) && known.has(cell.value)) {
        return problems.add(cell.value, name, 'moved', 'row')
      }
      if (!target || number < FIRST_DEPARTMENT_ROW) return
      const value = primitive(cell)
      const pointer = `/items/${items.length}${target.pointer}`
      if (value !== null && typeof value === 'object') return problems.add(pointer, name, value.problem, value.detail)
      if (value !== undefined) values.push([target.pointer, convert(target.field, value)])
    })
    if (values.length === 0) return
    for (const [column, { pointer }] of columns) {
      cells.set(`/items/${items.length}${pointer}`, cellName(sheet, row.getCell(column).address))
    }
    items.push(inOrder(values, fields))
  })
  problems.check()
  return { body: { items }, cells }
}

/**
 * Registers, in the routes of the calling plugin, the reading of an XLSX body: the zip checked and
 * the workbook read within `limits` (src/xlsx/read.ts), then turned into the route's JSON body by
 * `toBody`, which also gives the cell of each pointer for the problems.
 */
export function workbookParser(
  app: FastifyInstance,
  limits: WorkbookLimits,
  toBody: (workbook: ExcelJS.Workbook, request: FastifyRequest) => WorkbookBody<unknown>,
): void {
  if (!app.hasRequestDecorator('workbookCells')) app.decorateRequest('workbookCells', undefined)
  app.addContentTypeParser(XLSX_MEDIA_TYPE, { parseAs: 'buffer' }, async (request: FastifyRequest, body: Buffer) => {
    const workbook = await readWorkbook(body, request.language, limits)
    const read = toBody(workbook, request)
    request.workbookCells = read.cells
    return read.body
  })
}

/** Whether a request's body is a workbook, by its Content-Type. */
export const isWorkbook = (request: FastifyRequest): boolean =>
  String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() === XLSX_MEDIA_TYPE

const UPLOAD_QUERY = ['rubricId', 'deductionMode', 'roundRateBeforeScoring', 'headroom'] as const
const flagValue = (value: unknown) => (value === 'true' ? true : value === 'false' ? false : value)

/**
 * The rubric and options of a workbook upload, from its query: what a JSON body carries itself.
 * A value of the wrong kind is passed on, for the query's validation to refuse.
 */
export function uploadDefaults(query: unknown): { rubricId?: string; options?: Record<string, unknown> } {
  const given = query as Record<string, unknown>
  const options: Record<string, unknown> = {}
  if (given.deductionMode !== undefined) options.deductionMode = given.deductionMode
  for (const flag of ['roundRateBeforeScoring', 'headroom'] as const) {
    if (given[flag] !== undefined) options[flag] = flagValue(given[flag])
  }
  return {
    ...(given.rubricId === undefined ? {} : { rubricId: given.rubricId as string }),
    ...(Object.keys(options).length === 0 ? {} : { options }),
  }
}

/** A JSON body with a workbook's query parameters: refused, since the body names its own rubric and options. */
export function refuseUploadQuery(query: Record<string, unknown>, language: Language): void {
  const given = UPLOAD_QUERY.filter((name) => query[name] !== undefined)
  if (given.length === 0) return
  const message: Bilingual = {
    zh: '此查询参数仅用于上传工作簿；JSON 请求体在体内给出 rubricId 与 options',
    en: 'This query parameter is for workbook uploads; a JSON body gives rubricId and options itself',
  }
  throw serviceError('VALIDATION_FAILED', {}, given.map((name) => ({
    pointer: `/${name}`,
    rule: 'workbookOnly',
    message: message[language],
    received: query[name],
  })))
}

/**
 * A route's admission estimate (src/plugins/overload.ts) with what reading a workbook holds added
 * for an XLSX body: a compressed workbook inflates far beyond the content-length × 4 of a JSON body.
 */
export function uploadAdmission(
  answerBytes: (request: FastifyRequest) => number,
  limits: WorkbookLimits,
): (request: FastifyRequest) => number {
  return (request) => answerBytes(request) + (isWorkbook(request) ? workbookReadBytes(limits) : 0)
}
