import { Type, type Static } from 'typebox'
import { IDENTIFIER_PATTERN, StringEnum } from './common.js'
import { ViewQuerySchema } from './evaluation-response.js'

const flag = () => Type.Optional(StringEnum(['true', 'false']))

/**
 * What a workbook upload cannot carry in its body: the rubric and the options, as query
 * parameters (described once, in the upload's request body: src/xlsx/descriptions.ts). A JSON body
 * carries them itself, and is refused with them in the query.
 */
export const UploadQueryProperties = {
  rubricId: Type.Optional(Type.String({ pattern: IDENTIFIER_PATTERN, maxLength: 64 })),
  deductionMode: Type.Optional(StringEnum(['perFullStep', 'proportional', 'perStartedStep'])),
  roundRateBeforeScoring: flag(),
  headroom: flag(),
}

/** The query of the two evaluation routes: the JSON view, and a workbook upload's rubric and options. */
export const EvaluationQuerySchema = Type.Object(
  { ...ViewQuerySchema.properties, ...UploadQueryProperties },
  { additionalProperties: false },
)

export type EvaluationQuery = Static<typeof EvaluationQuerySchema>

/** The query parameter of the template route. */
export const TemplateQuerySchema = Type.Object(
  {
    layout: Type.Optional(StringEnum(['single', 'batch'])),
  },
  { additionalProperties: false },
)
