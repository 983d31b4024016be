import { inflateRawSync } from 'node:zlib'
import type ExcelJS from 'exceljs'
import type { Language } from '../core/language.js'
import { ServiceError, serviceError } from '../errors.js'
import { WORKBOOK_LIMITS, type WorkbookLimits, type WorkbookUnreadable, type WorkbookUnsafe } from './limits.js'

// exceljs takes most of a second to load: it is loaded on the first workbook read.
let excel: Promise<typeof ExcelJS> | undefined
export function loadExcel(): Promise<typeof ExcelJS> {
  excel ??= import('exceljs').then((module) => module.default)
  return excel
}

const EOCD = 0x06054b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0])

const unreadable = (reason: WorkbookUnreadable) => serviceError('WORKBOOK_UNREADABLE', { reason })
const unsafe = (part: string, reason: WorkbookUnsafe) => serviceError('WORKBOOK_UNSAFE', { part, reason })
const tooLarge = (limit: string) => serviceError('WORKBOOK_TOO_LARGE', { limit })

/** One file of the zip, as its central directory entry describes it. */
interface Entry {
  readonly name: string
  readonly flags: number
  readonly method: number
  readonly compressedSize: number
  readonly size: number
  readonly localOffset: number
}

/** The end-of-central-directory record: searched backwards over the longest comment a zip may have. */
function endOfDirectory(body: Buffer): number {
  for (let at = body.length - 22; at >= Math.max(0, body.length - 22 - 0xffff); at--) {
    if (body.readUInt32LE(at) === EOCD) return at
  }
  throw unreadable('notZip')
}

/** The entries of the central directory, each checked against the limits and the path rules. */
function centralDirectory(body: Buffer, limits: WorkbookLimits): Entry[] {
  const end = endOfDirectory(body)
  const count = body.readUInt16LE(end + 10)
  const size = body.readUInt32LE(end + 12)
  const offset = body.readUInt32LE(end + 16)
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw unreadable('zip64')
  if (count > limits.entries) throw tooLarge(`${count} > ${limits.entries} files`)
  if (offset + size > end) throw unreadable('corrupt')
  const entries: Entry[] = []
  let at = offset
  for (let index = 0; index < count; index++) {
    if (at + 46 > end || body.readUInt32LE(at) !== CENTRAL) throw unreadable('corrupt')
    const nameLength = body.readUInt16LE(at + 28)
    const next = at + 46 + nameLength + body.readUInt16LE(at + 30) + body.readUInt16LE(at + 32)
    if (next > end) throw unreadable('corrupt')
    const entry: Entry = {
      name: body.toString('utf8', at + 46, at + 46 + nameLength),
      flags: body.readUInt16LE(at + 8),
      method: body.readUInt16LE(at + 10),
      compressedSize: body.readUInt32LE(at + 20),
      size: body.readUInt32LE(at + 24),
      localOffset: body.readUInt32LE(at + 42),
    }
    if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.localOffset === 0xffffffff) {
      throw unreadable('zip64')
    }
    if (entry.name.includes('\\') || entry.name.startsWith('/') || /^[a-z]:/i.test(entry.name) ||
      entry.name.split('/').includes('..')) {
      throw unsafe(entry.name, 'path')
    }
    entries.push(entry)
    at = next
  }
  return entries
}

/** An entry's bytes, inflated with a bound: a header that understates its size cannot make it bigger. */
function inflate(body: Buffer, entry: Entry): Buffer {
  // Bit 0: encrypted (ZIP 2.0 or strong encryption).
  if (entry.flags & 1) throw unreadable('encrypted')
  const local = entry.localOffset
  if (local + 30 > body.length || body.readUInt32LE(local) !== LOCAL) throw unreadable('corrupt')
  const start = local + 30 + body.readUInt16LE(local + 26) + body.readUInt16LE(local + 28)
  if (start + entry.compressedSize > body.length) throw unreadable('corrupt')
  const data = body.subarray(start, start + entry.compressedSize)
  let bytes: Buffer
  if (entry.method === 0) bytes = data
  else if (entry.method === 8) {
    try {
      // One byte beyond what the header declares is enough to know that it lied.
      bytes = inflateRawSync(data, { maxOutputLength: entry.size + 1 })
    } catch {
      throw unreadable('corrupt')
    }
  } else throw unreadable('compression')
  if (bytes.length !== entry.size) throw unreadable('corrupt')
  return bytes
}

/** A part an XML parser may read: by its name, or by its first byte whatever its name. */
const isXml = (name: string, bytes: Buffer) =>
  /\.(xml|rels|vml)$/i.test(name) || /^(\ufeff)?\s*</.test(bytes.subarray(0, 64).toString('utf8'))

/** Refuses the parts that could reach beyond the workbook or run code, by name and by content. */
function checkPart(name: string, bytes: Buffer): void {
  const lower = name.toLowerCase()
  if (lower.endsWith('vbaproject.bin')) throw unsafe(name, 'macro')
  if (lower.startsWith('xl/externallinks/')) throw unsafe(name, 'externalLink')
  if (!isXml(lower, bytes)) return
  const text = bytes.toString('utf8')
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw unsafe(name, 'doctype')
  if (lower === '[content_types].xml' && /macroEnabled|vbaProject/i.test(text)) throw unsafe(name, 'macro')
  if (lower.endsWith('.rels')) {
    // A hyperlink is an address shown to the reader, never fetched; any other external target is refused.
    for (const relationship of text.match(/<Relationship\b[^>]*>/g) ?? []) {
      if (/TargetMode\s*=\s*["']External["']/i.test(relationship) && !/Type\s*=\s*["'][^"']*\/hyperlink["']/i
        .test(relationship)) {
        throw unsafe(name, 'externalLink')
      }
    }
  }
}

/**
 * Checks an uploaded workbook's zip before exceljs reads it: sizes, entries, names, macros,
 * external links, DTDs, encryption. Throws the problem that names what is wrong.
 */
export function checkWorkbookZip(body: Buffer, limits: WorkbookLimits = WORKBOOK_LIMITS): void {
  if (body.length >= 4 && body.subarray(0, 4).equals(OLE_MAGIC)) throw unreadable('encrypted')
  if (body.length < 22) throw unreadable('notZip')
  let room = limits.totalBytes
  const names = new Set<string>()
  for (const entry of centralDirectory(body, limits)) {
    if (entry.size > limits.entryBytes) throw tooLarge(`${entry.name.slice(0, 100)}: ${entry.size} bytes`)
    if (entry.size > room) throw tooLarge(`${limits.totalBytes / 1024 / 1024} MiB uncompressed`)
    const bytes = inflate(body, entry)
    room -= bytes.length
    checkPart(entry.name, bytes)
    names.add(entry.name.toLowerCase())
  }
  if (!names.has('xl/workbook.xml')) throw unreadable('notWorkbook')
}

/**
 * An uploaded XLSX body as an exceljs workbook, read only after its zip has passed every check,
 * with its sheets' rows and columns bounded. The language is that of the request (the problems are
 * bilingual; it is kept for callers that read cells in it). `limits` defaults to the batch's.
 */
export async function readWorkbook(
  body: Buffer,
  _language?: Language,
  limits: WorkbookLimits = WORKBOOK_LIMITS,
): Promise<ExcelJS.Workbook> {
  checkWorkbookZip(body, limits)
  const Excel = await loadExcel()
  const workbook = new Excel.Workbook()
  try {
    await workbook.xlsx.load(body as unknown as ArrayBuffer)
  } catch (error) {
    /* c8 ignore next */
    if (error instanceof ServiceError) throw error
    throw unreadable('notWorkbook')
  }
  for (const sheet of workbook.worksheets) {
    if (sheet.rowCount > limits.rows) {
      throw tooLarge(`${sheet.name.slice(0, 31)}: ${sheet.rowCount} > ${limits.rows} rows`)
    }
    if (sheet.columnCount > limits.columns) {
      throw tooLarge(`${sheet.name.slice(0, 31)}: ${sheet.columnCount} > ${limits.columns} columns`)
    }
  }
  return workbook
}
