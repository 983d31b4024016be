import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  DraftQuerySchema,
  DraftResponseSchema,
  DraftTableSchema,
  type DraftQuery,
  type DraftResponse,
  type DraftTable,
} from '../../schemas/draft.js'
import seedTable from '../../schemas/examples/yuhua-2021.table.json' with { type: 'json' }
import { serviceError } from '../errors.js'
import { draftRubric } from '../rubrics/draft/draft.js'
import { compileCheckedRubric } from '../rubrics/inline.js'
import { validatedRubric } from '../rubrics/summary.js'
import { DRAFT_RUBRIC, DRAFT_WORKBOOK } from './descriptions.js'
import { errorResponses } from './responses.js'
import { ANSWER_BYTES, answerBytes } from '../plugins/overload.js'
import { MEDIA_TYPES } from '../render/negotiate.js'
import { readWorkbook } from '../xlsx/read.js'
import { SINGLE_WORKBOOK_LIMITS, workbookReadBytes } from '../xlsx/limits.js'
import { cellErrors, tableFromWorkbook } from '../rubrics/draft/workbook.js'
import type { FastifyRequest } from 'fastify'

const XLSX = MEDIA_TYPES.xlsx

const jsonAdmission = answerBytes(['json'], ANSWER_BYTES.rubric)

/**
 * A draft request's bytes besides its body: its answer, and for a workbook what reading it may hold
 * (src/xlsx/limits.ts: 20 bytes of heap per byte of the uncompressed bound, 40 MiB), whatever its
 * compressed size (measured: the seed's exported table, 12.7 KB, held 35 times its size; 300
 * indicators, 25.7 KB, 50 times).
 */
export function draftAdmission(request: FastifyRequest): number {
  const answer = jsonAdmission(request)
  if (!String(request.headers['content-type']).toLowerCase().startsWith(XLSX)) return answer
  return answer + workbookReadBytes(SINGLE_WORKBOOK_LIMITS)
}

/** The explorer's example: the seed's table with two rows worded as another district writes them. */
export const REWORDED_TABLE = {
  ...seedTable,
  id: 'another-district-2021',
  rows: seedTable.rows.map((row) =>
    row.name === '在职人员控制率'
      ? { ...row, name: '财政供养人员控制率', points: '８', standard: '在职人员控制率＜＝１００％，计８分；每超过１个百分点扣０．８分，扣完为止。' }
      : row.name === '“三公经费”变动率'
        ? { ...row, name: '公务招待费变动率', points: '5', standard: '公务招待费变动率≤0，计5分；每超过一个百分点扣0.2分，扣完为止。', description: '' }
        : row,
  ),
}

const draftRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // This plugin is encapsulated: the workbook is a body of this route only.
  app.addContentTypeParser(XLSX, { parseAs: 'buffer' }, (_request, body, done) => done(null, body))
  app.post(
    '/v1/rubrics/draft',
    {
      // Drafting reads up to 1 MiB of wording: admitted and shed like the scoring routes.
      config: { admission: draftAdmission },
      schema: {
        operationId: 'draftRubric',
        summary: '由指标表起草评价体系 / Draft a rubric from an indicator table',
        description: DRAFT_RUBRIC,
        tags: ['rubrics'],
        querystring: DraftQuerySchema,
        body: {
          content: {
            'application/json': { schema: { ...DraftTableSchema, examples: [REWORDED_TABLE] } },
            // No type: the body arrives as bytes, which no JSON Schema type describes (OpenAPI 3.1, binary bodies).
            [XLSX]: { schema: { contentMediaType: XLSX, description: DRAFT_WORKBOOK } },
          },
        },
        response: {
          200: { ...DraftResponseSchema, description: '草稿、逐行结论与校验结果 / The draft, a finding per row, its validation' },
          ...errorResponses([
            'VALIDATION_FAILED',
            'MALFORMED_JSON',
            'BODY_TOO_LARGE',
            'WORKBOOK_UNREADABLE',
            'WORKBOOK_TOO_LARGE',
            'WORKBOOK_UNSAFE',
            'WORKBOOK_TABLE_INVALID',
            'UNSUPPORTED_MEDIA_TYPE',
            'INTERNAL',
            'OVERLOADED',
          ]),
        },
      },
    },
    async (request): Promise<DraftResponse> => {
      const query = request.query as DraftQuery
      let table: DraftTable
      let sheet: ReturnType<typeof tableFromWorkbook> | undefined
      if (Buffer.isBuffer(request.body)) {
        sheet = tableFromWorkbook(await readWorkbook(request.body, request.language, SINGLE_WORKBOOK_LIMITS), query)
        table = sheet.table
      } else {
        const names = Object.keys(query)
        if (names.length > 0) {
          throw serviceError('VALIDATION_FAILED', {}, names.map((name) => ({
            pointer: `/${name}`,
            rule: 'workbookOnly',
            message: `${name} is a query parameter of a workbook; a JSON body carries it itself`,
          })))
        }
        table = request.body as DraftTable
      }
      const drafted = draftRubric(table, request.language)
      if ('errors' in drafted) {
        throw sheet ? cellErrors(sheet, drafted.errors) : serviceError('VALIDATION_FAILED', {}, drafted.errors)
      }
      const checked = compileCheckedRubric(drafted.rubric, request.language)
      const validation =
        'problems' in checked ? { valid: false as const, errors: checked.problems } : validatedRubric(checked.rubric)
      return { ...drafted, validation }
    },
  )
}

export default draftRoutes
