import type { Bilingual } from '../core/language.js'

const MiB = 1024 * 1024

/** The media type of an XLSX workbook: the upload's Content-Type and the template's answer. */
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/**
 * What an uploaded workbook may hold. Its compressed size is the route's body limit. A filled
 * template is some 30 files and 40 KiB of XML; a batch of 1,000 departments about 12 MiB of sheet
 * XML (80 cells a row), which the 24 MiB total leaves room for.
 */
export const WORKBOOK_LIMITS = {
  /** Files in the zip. */
  entries: 200,
  /** Bytes of one file, inflated. */
  entryBytes: 16 * MiB,
  /** Bytes of all the files, inflated. */
  totalBytes: 24 * MiB,
  /** Rows of one sheet (1,000 departments of a batch, two heading rows and room to spare). */
  rows: 2000,
  /** Columns of one sheet. */
  columns: 400,
} as const

export const WORKBOOK_LIMITS_TEXT = {
  uncompressed: `${WORKBOOK_LIMITS.totalBytes / MiB} MiB`,
  entries: String(WORKBOOK_LIMITS.entries),
  rows: String(WORKBOOK_LIMITS.rows),
} as const

/**
 * What reading a workbook holds at most, for memory admission: exceljs keeps about 8 bytes of
 * objects for every byte of sheet XML it reads (measured: test/xlsx/read.test.ts), over the
 * inflated bytes themselves.
 */
export const WORKBOOK_READ_BYTES = 10 * WORKBOOK_LIMITS.totalBytes

export type WorkbookUnreadable = 'notZip' | 'encrypted' | 'zip64' | 'compression' | 'corrupt' | 'notWorkbook'

export const WORKBOOK_UNREADABLE_TEXT: Record<WorkbookUnreadable, Bilingual> = {
  notZip: {
    zh: '请求体不是 XLSX 工作簿（zip 文件）',
    en: 'The body is not an XLSX workbook (a zip file)',
  },
  encrypted: {
    zh: '工作簿已加密或是旧的 .xls 格式；请取消密码保护并另存为 .xlsx 后上传',
    en: 'The workbook is encrypted or a legacy .xls; remove the password, save it as .xlsx and upload that',
  },
  zip64: {
    zh: '工作簿使用了 ZIP64 格式，超出读取上限',
    en: 'The workbook uses ZIP64, beyond the reading limits',
  },
  compression: {
    zh: '工作簿使用了不支持的压缩方式（只读取 stored 与 deflate）',
    en: 'The workbook uses an unsupported compression (only stored and deflate are read)',
  },
  corrupt: {
    zh: '工作簿已损坏：zip 目录与内容不符',
    en: 'The workbook is damaged: its zip directory does not match its content',
  },
  notWorkbook: {
    zh: '文件不是 XLSX 工作簿（缺少 xl/workbook.xml 或无法解析）',
    en: 'The file is not an XLSX workbook (no xl/workbook.xml, or it cannot be parsed)',
  },
}

export type WorkbookUnsafe = 'path' | 'macro' | 'externalLink' | 'doctype'

export const WORKBOOK_UNSAFE_TEXT: Record<WorkbookUnsafe, Bilingual> = {
  path: { zh: '的文件名含有 ..、绝对路径或反斜杠', en: 'has a name with .., an absolute path or a backslash' },
  macro: { zh: '含有宏（VBA）', en: 'holds macros (VBA)' },
  externalLink: { zh: '含有外部链接或外部引用', en: 'holds an external link or reference' },
  doctype: { zh: '含有 DTD 或实体声明', en: 'holds a DTD or entity declaration' },
}
