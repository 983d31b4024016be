// A thin typed client of the scoring service: openapi-fetch over the types openapi-typescript
// generates from the committed OpenAPI document (schema.d.ts; `npm run openapi` regenerates it).
import createClient from 'openapi-fetch'
import type { components, paths } from './schema.js'

/** The document's named components, by the names a generated client in any language uses. */
export type Schemas = components['schemas']
export type EvaluationRequest = Schemas['EvaluationRequest']
export type Evaluation = Schemas['Evaluation']
export type EvaluationScores = Schemas['EvaluationScores']
export type BatchRequest = Schemas['BatchRequest']
export type BatchResponse = Schemas['BatchResponse']
export type Rubric = Schemas['Rubric']
export type Problem = Schemas['Problem']

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const JSON_ONLY = { accept: 'application/json' }

/** An answer whose JSON is `T`: the routes also answer CSV, XLSX or HTML, which JSON_ONLY declines. */
type Json<R, T> = R extends { data: unknown } ? Omit<R, 'data'> & { data: T } : R
const json = <T>() => <R>(result: R) => result as Json<R, T>

export interface ScoringClientOptions {
  /** Where the service is, e.g. https://gateway.example.gov.cn/performance-scoring */
  readonly baseUrl: string
  /** The client's API key, when the service runs with API_KEYS_FILE. */
  readonly apiKey?: string
  /** The language of explanations and problems: Chinese (the default) or English. */
  readonly language?: 'zh' | 'en'
}

/**
 * The client: each method answers `{ data }` (the typed answer) or `{ error }` (the problem
 * document), and `response`, as openapi-fetch does.
 */
export function createScoringClient({ baseUrl, apiKey, language = 'zh' }: ScoringClientOptions) {
  const headers: Record<string, string> = { 'accept-language': language }
  if (apiKey !== undefined) headers.authorization = `Bearer ${apiKey}`
  const client = createClient<paths>({ baseUrl, headers })
  return {
    /** The typed openapi-fetch client itself, for anything the methods below leave out. */
    client,
    listRubrics: () => client.GET('/v1/rubrics'),
    getRubric: (rubricId: string) => client.GET('/v1/rubrics/{rubricId}', { params: { path: { rubricId } } }),
    validateRubric: (rubric: Rubric) => client.POST('/v1/rubrics/validate', { body: rubric }),
    /** The rubric's base-data table as an XLSX template to fill in, one department or a batch. */
    baseDataTemplate: (rubricId: string, layout: 'single' | 'batch' = 'single') =>
      client.GET('/v1/rubrics/{rubricId}/template', {
        params: { path: { rubricId }, query: { layout } },
        parseAs: 'arrayBuffer',
      }),
    /** Scores one department: the full evaluation. */
    evaluate: (body: EvaluationRequest) =>
      client.POST('/v1/evaluations', { body, headers: JSON_ONLY }).then(json<Evaluation>()),
    /** Scores one department: the compact view (`?view=scores`), for a platform that holds the rubric. */
    evaluateScores: (body: EvaluationRequest) =>
      client
        .POST('/v1/evaluations', { body, params: { query: { view: 'scores' } }, headers: JSON_ONLY })
        .then(json<EvaluationScores>()),
    /** Scores and ranks many departments; each item's evaluation full, or compact with `view: 'scores'`. */
    evaluateBatch: (body: BatchRequest, view: 'full' | 'scores' = 'full') =>
      client.POST('/v1/evaluations/batch', { body, params: { query: { view } }, headers: JSON_ONLY })
        .then(json<BatchResponse>()),
    /** The filled-in evaluation form as an XLSX workbook. */
    evaluationWorkbook: (body: EvaluationRequest) =>
      client.POST('/v1/evaluations', { body, headers: { accept: XLSX }, parseAs: 'arrayBuffer' }),
  }
}
