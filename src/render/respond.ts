import type { FastifyReply, FastifyRequest } from 'fastify'
import type { BatchItemResult, BatchSummary } from '../../schemas/batch.js'
import type { EvaluationRequest } from '../../schemas/evaluation-request.js'
import type { EvaluationResult } from '../../schemas/evaluation-response.js'
import type { Language } from '../engine/explain.js'
import { ServiceError } from '../errors.js'
import type { ScoredAnswer } from '../scoring.js'
import { textOfBytes } from '../engine/utf8.js'
import { toCsv } from './csv.js'
import { contentDisposition, safeFileName } from './disposition.js'
import { evaluationReport } from './html.js'
import { type Format, MEDIA_TYPES, negotiate } from './negotiate.js'
import { type BatchDocument, type EvaluationDocument, batchHeadings, batchRows, indicatorCells, indicatorHeadings, indicatorRows } from './table.js'
import { batchWorkbook, evaluationWorkbook } from './xlsx.js'

export const EVALUATION_FORMATS: readonly Format[] = ['json', 'xlsx', 'csv', 'html']
export const BATCH_FORMATS: readonly Format[] = ['json', 'xlsx', 'csv']

const CONTENT_TYPES: Record<Exclude<Format, 'json'>, string> = {
  xlsx: MEDIA_TYPES.xlsx,
  csv: `${MEDIA_TYPES.csv}; charset=utf-8; header=present`,
  html: `${MEDIA_TYPES.html}; charset=utf-8`,
}

/** The 406 problem: the Accept header allows none of the route's formats. */
export function notAcceptable(formats: readonly Format[]): ServiceError {
  const types = formats.map((format) => MEDIA_TYPES[format]).join(', ')
  return new ServiceError('NOT_ACCEPTABLE', {
    zh: `Accept 请求头不接受本接口可给出的任何类型；可用的类型：${types}`,
    en: `The Accept header allows none of the types this route answers in: ${types}`,
  })
}

/**
 * An onRequest hook that refuses an unacceptable Accept header at once, before the body is read
 * or anything is scored.
 */
export function acceptable(formats: readonly Format[]) {
  return async (request: FastifyRequest): Promise<void> => {
    if (negotiate(request.headers.accept, formats) === undefined) throw notAcceptable(formats)
  }
}

/** Sets the type and file name of a rendered answer, and gives its bytes back to be sent as they are. */
function sendRendered<T extends string | Buffer>(reply: FastifyReply, format: Exclude<Format, 'json'>, body: T, names: { ascii: string; name: string }): T {
  const disposition = format === 'html' ? 'inline' : 'attachment'
  reply.type(CONTENT_TYPES[format]).header('content-disposition', contentDisposition(disposition, names.ascii, names.name, format))
  return body
}

/**
 * Answers one evaluation in the format negotiated from the Accept header: its JSON bytes as they are,
 * or a workbook, a table or a report rendered from the full answer.
 */
export async function answerEvaluation(request: FastifyRequest, reply: FastifyReply, answer: ScoredAnswer, format: Format): Promise<string | Buffer> {
  if (format === 'json') return Buffer.from(answer.bytes, 'latin1')
  const result = JSON.parse(textOfBytes(answer.bytes)) as EvaluationResult
  const document: EvaluationDocument = { result, request: request.body as EvaluationRequest, rubric: answer.rubric }
  const rendered =
    format === 'xlsx'
      ? await evaluationWorkbook(document)
      : format === 'csv'
        ? toCsv(indicatorHeadings(result), indicatorRows(document).map((row) => indicatorCells(row, result)))
        : evaluationReport(document)
  return sendRendered(reply, format, rendered, { ascii: `evaluation-${result.fiscalYear}`, name: `${safeFileName(result.department.name)}-${result.fiscalYear}` })
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
  const rendered = format === 'xlsx' ? await batchWorkbook(document) : toCsv(batchHeadings(document), batchRows(document))
  return sendRendered(reply, format, rendered, { ascii: 'evaluations-batch', name: language === 'en' ? 'evaluations-batch' : '部门整体支出绩效评价-批量' })
}

const XLSX = MEDIA_TYPES.xlsx

/**
 * The 200 response's content per media type, for the OpenAPI document and for fastify (which picks
 * the JSON serializer by the reply's media type): the JSON schema and example as before, and a
 * string for each rendered form.
 */
export function evaluationResponseContent(schema: unknown, example: unknown) {
  return {
    [MEDIA_TYPES.json]: { schema, example },
    [XLSX]: {
      schema: {
        type: 'string',
        format: 'binary',
        description: `Accept: ${XLSX}。XLSX 工作簿：工作表“评价指标表”（抬头为部门、年度、总分、等级；一级指标 / 分值 / 二级指标 / 分值 / 三级指标 / 分值 / 评价标准 / 指标说明 / 得分 / 扣分原因，有自评时另有自评得分、差异；一、二级指标合并单元格；得分为两位小数的数字）与“基础数据表”（所提交的基础数据）。以附件下载，filename* 保留中文部门名。/ An XLSX workbook: the filled-in indicator table in the official layout (categories merged, scores as numbers with two decimals) and the base data as submitted; an attachment whose filename* keeps a Chinese department name.`,
      },
    },
    [MEDIA_TYPES.csv]: {
      schema: {
        type: 'string',
        description: 'Accept: text/csv。UTF-8（含 BOM）、RFC 4180 的 CSV：表头一行，每项三级指标一行，列同 XLSX 的指标表；分数与 JSON 相同。/ RFC 4180 CSV in UTF-8 with a BOM: a header row, then one row per indicator with the columns of the XLSX table; scores as in the JSON answer.',
      },
    },
    [MEDIA_TYPES.html]: {
      schema: {
        type: 'string',
        description: 'Accept: text/html。可打印（A4）的自包含报告：抬头、总分与等级、SVG 图表（一级、三级指标得分对满分）、指标表及理由、自评比对、警告、基础数据。/ A self-contained printable (A4) report: header, total and grade, SVG charts of scores against maxima, the table with reasons, the self-assessment audit, the warnings and the base data.',
      },
    },
  }
}

/** The batch's 200 content: JSON as before, and one row per department as XLSX or CSV. */
export function batchResponseContent(schema: unknown, example: unknown) {
  const rows = '每个部门一行：项（index）、部门、部门代码、各三级指标得分、总分、等级、排名、状态、问题（出错项的错误代码与说明）/ One row per department: index, department, code, a column per indicator, total, grade, rank, status, and the problem of a refused item'
  return {
    [MEDIA_TYPES.json]: { schema, example },
    [XLSX]: { schema: { type: 'string', format: 'binary', description: `Accept: ${XLSX}。${rows}; a second sheet has the summary.` } },
    [MEDIA_TYPES.csv]: { schema: { type: 'string', description: `Accept: text/csv。UTF-8（含 BOM）、RFC 4180。${rows}.` } },
  }
}
