import type { Bilingual } from '../core/language.js'

const MiB = 1024 * 1024

/** The media type of an XLSX workbook: the upload's Content-Type and the template's answer. */
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** What an uploaded workbook may hold; its compressed size is the route's body limit. */
export interface WorkbookLimits {
  /** Files in the zip. */
  readonly entries: number
  /** Bytes of one file, inflated. */
  readonly entryBytes: number
  /** Bytes of all the files, inflated. */
  readonly totalBytes: number
  /** Rows of one sheet. */
  readonly rows: number
  /** Columns of one sheet. */
  readonly columns: number
}

/**
 * The limits of a batch upload, and the default: a batch of 1,000 departments in the template's
 * layout (about 100 columns) is some 3 MiB of sheet XML, 4 to 5 once an office suite has re-saved it
 * with its styles; 2,000 rows leave room for the two heading rows and gaps.
 */
export const WORKBOOK_LIMITS: WorkbookLimits = {
  entries: 200,
  entryBytes: 6 * MiB,
  totalBytes: 8 * MiB,
  rows: 2000,
  columns: 400,
}

/** The limits of one department's upload: its template is some 40 KiB of XML in all. */
export const SINGLE_WORKBOOK_LIMITS: WorkbookLimits = { ...WORKBOOK_LIMITS, entryBytes: 2 * MiB, totalBytes: 2 * MiB }

/**
 * Heap that exceljs holds for each byte of XML it reads: 15 measured on an 11.5 MiB sheet of
 * numbers (175 MiB), 23 on a 2.3 MiB one with the module itself (51 MiB).
 */
export const HEAP_PER_XML_BYTE = 20

/** What reading a workbook within these limits may hold at most, for memory admission. */
export const workbookReadBytes = (limits: WorkbookLimits): number => HEAP_PER_XML_BYTE * limits.totalBytes

const total = `${WORKBOOK_LIMITS.totalBytes / MiB} MiB`
const single = `${SINGLE_WORKBOOK_LIMITS.totalBytes / MiB} MiB`

export const WORKBOOK_LIMITS_TEXT = {
  uncompressed: { zh: `${total}（单个部门 ${single}）`, en: `${total} (${single} for one department)` },
  entries: String(WORKBOOK_LIMITS.entries),
  rows: String(WORKBOOK_LIMITS.rows),
} as const

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
