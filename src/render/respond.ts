import type { FastifyReply, FastifyRequest } from 'fastify'
import type { BatchItemResult, BatchSummary } from '../../schemas/batch.js'
import type { EvaluationRequest } from '../../schemas/evaluation-request.js'
import type { EvaluationResult } from '../../schemas/evaluation-response.js'
import type { Language } from '../core/language.js'
import { textOfBytes } from '../engine/utf8.js'
import { serviceError } from '../errors.js'
import type { ScoredAnswer } from '../scoring.js'
import { toCsv } from './csv.js'
import { contentDisposition, safeFileName } from './disposition.js'
import { evaluationReport } from './html.js'
import { type Format, MEDIA_TYPES, negotiate } from './negotiate.js'
import {
  type BatchDocument,
  type EvaluationDocument,
  batchHeadings,
  batchRows,
  indicatorCells,
  indicatorHeadings,
  indicatorRows,
} from './table.js'
import { batchWorkbook, evaluationWorkbook } from './xlsx.js'

export const EVALUATION_FORMATS: readonly Format[] = ['json', 'xlsx', 'csv', 'html']
export const BATCH_FORMATS: readonly Format[] = ['json', 'xlsx', 'csv']

const CONTENT_TYPES: Record<Exclude<Format, 'json'>, string> = {
  xlsx: MEDIA_TYPES.xlsx,
  csv: `${MEDIA_TYPES.csv}; charset=utf-8; header=present`,
  html: `${MEDIA_TYPES.html}; charset=utf-8`,
}

/**
 * An onRequest hook that refuses an unacceptable Accept header at once, before the body is read
 * or anything is scored.
 */
export function acceptable(formats: readonly Format[]) {
  return (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void => {
    if (negotiate(request.headers.accept, formats) !== undefined) return done()
    done(serviceError('NOT_ACCEPTABLE', { types: formats.map((format) => MEDIA_TYPES[format]).join(', ') }))
  }
}

/** Sets the type and file name of a rendered answer, and gives its bytes back to be sent as they are. */
function sendRendered<T extends string | Buffer>(
  reply: FastifyReply,
  format: Exclude<Format, 'json'>,
  body: T,
  names: { ascii: string; name: string },
): T {
  const disposition = format === 'html' ? 'inline' : 'attachment'
  reply
    .type(CONTENT_TYPES[format])
    .header('content-disposition', contentDisposition(disposition, names.ascii, names.name, format))
  return body
}

/**
 * Answers one evaluation in the format negotiated from the Accept header: its JSON bytes as they
 * are, or a workbook, a table or a report rendered from the full answer.
 */
export async function answerEvaluation(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: ScoredAnswer,
  format: Format,
): Promise<string | Buffer> {
  if (format === 'json') return Buffer.from(answer.bytes, 'latin1')
  const result = JSON.parse(textOfBytes(answer.bytes)) as EvaluationResult
  const document: EvaluationDocument = { result, request: request.body as EvaluationRequest, rubric: answer.rubric }
  const rendered =
    format === 'xlsx'
      ? await evaluationWorkbook(document)
      : format === 'csv'
        ? toCsv(
            indicatorHeadings(result),
            indicatorRows(document).map((row) => indicatorCells(row, result)),
          )
        : evaluationReport(document)
  return sendRendered(reply, format, rendered, {
    ascii: `evaluation-${result.fiscalYear}`,
    name: `${safeFileName(result.department.name)}-${result.fiscalYear}`,
  })
}

/** Answers a batch as a workbook or a table (JSON answers are streamed, see batch-json.ts). */
export async function answerBatch(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: { results: BatchItemResult[]; summary: BatchSummary },
  language: Language,
  format: 'xlsx' | 'csv',
): Promise<string | Buffer> {
  const document: BatchDocument = { ...answer, items: (request.body as { items: unknown[] }).items, language }
  const rendered =
    format === 'xlsx' ? await batchWorkbook(document) : toCsv(batchHeadings(document), batchRows(document))
  return sendRendered(reply, format, rendered, {
    ascii: 'evaluations-batch',
    name: language === 'en' ? 'evaluations-batch' : '部门整体支出绩效评价-批量',
  })
}
