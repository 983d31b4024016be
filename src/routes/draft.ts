import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DraftResponseSchema, DraftTableSchema, type DraftResponse } from '../../schemas/draft.js'
import seedTable from '../../schemas/examples/yuhua-2021.table.json' with { type: 'json' }
import { serviceError } from '../errors.js'
import { draftRubric } from '../rubrics/draft/draft.js'
import { compileCheckedRubric } from '../rubrics/inline.js'
import { validatedRubric } from '../rubrics/summary.js'
import { DRAFT_RUBRIC } from './descriptions.js'
import { errorResponses } from './responses.js'
import { ANSWER_BYTES, answerBytes } from '../plugins/overload.js'

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
  app.post(
    '/v1/rubrics/draft',
    {
      // Drafting reads up to 1 MiB of wording: admitted and shed like the scoring routes.
      config: { admission: answerBytes(['json'], ANSWER_BYTES.rubric) },
      schema: {
        operationId: 'draftRubric',
        summary: '由指标表起草评价体系 / Draft a rubric from an indicator table',
        description: DRAFT_RUBRIC,
        tags: ['rubrics'],
        body: { ...DraftTableSchema, examples: [REWORDED_TABLE] },
        response: {
          200: { ...DraftResponseSchema, description: '草稿、逐行结论与校验结果 / The draft, a finding per row, its validation' },
          ...errorResponses([
            'VALIDATION_FAILED',
            'MALFORMED_JSON',
            'BODY_TOO_LARGE',
            'UNSUPPORTED_MEDIA_TYPE',
            'INTERNAL',
            'OVERLOADED',
          ]),
        },
      },
    },
    async (request): Promise<DraftResponse> => {
      const drafted = draftRubric(request.body, request.language)
      if ('errors' in drafted) throw serviceError('VALIDATION_FAILED', {}, drafted.errors)
      const checked = compileCheckedRubric(drafted.rubric, request.language)
      const validation =
        'problems' in checked ? { valid: false as const, errors: checked.problems } : validatedRubric(checked.rubric)
      return { ...drafted, validation }
    },
  )
}

export default draftRoutes
