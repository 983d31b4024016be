import { WORKBOOK_UPLOAD } from './descriptions.js'
import { XLSX_MEDIA_TYPE } from './limits.js'

/** The operations whose body may be a workbook (their routes register workbookParser). */
export const WORKBOOK_UPLOAD_OPERATIONS = new Set(['createEvaluation', 'createEvaluationBatch'])

interface Operation {
  operationId?: string
  requestBody?: { content?: Record<string, unknown> }
}

/**
 * The document with the XLSX request body of each workbook upload beside its JSON one: the route
 * schema describes the body as read (the JSON request), the document also the bytes sent.
 */
export function withWorkbookUploads<T extends object>(document: T): T {
  const paths = (document as { paths: Record<string, Record<string, Operation>> }).paths
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item)) {
      const content = operation.requestBody?.content
      if (!content || !WORKBOOK_UPLOAD_OPERATIONS.has(String(operation.operationId))) continue
      content[XLSX_MEDIA_TYPE] = { schema: { type: 'string', format: 'binary', description: WORKBOOK_UPLOAD } }
    }
  }
  return document
}
