import type { FastifyReply, FastifyRequest } from 'fastify'
import type { BatchItemResult, BatchSummary } from '../../schemas/batch.js'
import type { EvaluationRequest } from '../../schemas/evaluation-request.js'
import type { EvaluationResult } from '../../schemas/evaluation-response.js'
import type { Rubric } from '../../schemas/rubric.js'
import type { Language } from '../core/language.js'
import { serviceError } from '../errors.js'
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
  return async (request: FastifyRequest): Promise<void> => {
    if (negotiate(request.headers.accept, formats) === undefined) {
      throw serviceError('NOT_ACCEPTABLE', { types: formats.map((format) => MEDIA_TYPES[format]).join(', ') })
    }
  }
}

/**
 * Sends a rendered answer. The route still returns the JSON answer object: it passes through the
 * preSerialization hooks as a JSON answer would (the metrics count evaluations by grade there), and
 * only the serializer is replaced by the rendered bytes.
 */
function sendRendered(
  reply: FastifyReply,
  format: Exclude<Format, 'json'>,
  body: string | Buffer,
  names: { ascii: string; name: string },
): void {
  const disposition = format === 'html' ? 'inline' : 'attachment'
  reply
    .type(CONTENT_TYPES[format])
    .header('content-disposition', contentDisposition(disposition, names.ascii, names.name, format))
  // fastify types the serializer as returning a string; a Buffer is sent as it is all the same.
  reply.serializer((() => body) as unknown as (payload: unknown) => string)
}

/** Answers one evaluation in the form the Accept header asks for; JSON unless it asks otherwise. */
export async function answerEvaluation(
  request: FastifyRequest,
  reply: FastifyReply,
  result: EvaluationResult,
  rubric: Rubric,
): Promise<EvaluationResult> {
  // The onRequest hook has refused every Accept header that allows none of the formats.
  const format = negotiate(request.headers.accept, EVALUATION_FORMATS)!
  if (format === 'json') return result
  const body = request.body as EvaluationRequest
  const document: EvaluationDocument = { result, request: body, rubric }
  const rendered =
    format === 'xlsx'
      ? await evaluationWorkbook(document)
      : format === 'csv'
        ? toCsv(
            indicatorHeadings(result),
            indicatorRows(document).map((row) => indicatorCells(row, result)),
          )
        : evaluationReport(document)
  sendRendered(reply, format, rendered, {
    ascii: `evaluation-${result.fiscalYear}`,
    name: `${safeFileName(result.department.name)}-${result.fiscalYear}`,
  })
  return result
}

/** Answers a batch as a workbook or a table (JSON answers are streamed, see batch-json.ts). */
export async function answerBatch<T extends { results: BatchItemResult[]; summary: BatchSummary }>(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: T,
  language: Language,
  format: 'xlsx' | 'csv',
): Promise<T> {
  const document: BatchDocument = { ...answer, items: (request.body as { items: unknown[] }).items, language }
  const rendered =
    format === 'xlsx' ? await batchWorkbook(document) : toCsv(batchHeadings(document), batchRows(document))
  sendRendered(reply, format, rendered, {
    ascii: 'evaluations-batch',
    name: language === 'en' ? 'evaluations-batch' : '部门整体支出绩效评价-批量',
  })
  return answer
}
