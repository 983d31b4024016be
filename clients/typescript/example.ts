// The seed department scored through the typed client, as a platform would do it.
import seed from '../../schemas/examples/yuhua-2021.request.json' with { type: 'json' }
import { createScoringClient, type EvaluationRequest } from './index.js'

/** The seed department's total, grade and self-assessment, as a platform would read them. */
export async function scoreSeed(baseUrl: string, apiKey?: string) {
  const scoring = createScoringClient({ baseUrl, apiKey })
  const { data, error } = await scoring.evaluate(seed as EvaluationRequest)
  if (error) throw new Error(`${error.code}: ${error.detail}`)
  return { totalScore: data.totalScore, grade: data.grade?.label, selfAssessment: data.selfAssessment }
}
