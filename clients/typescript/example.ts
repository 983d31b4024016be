// The seed department scored through the typed client:
// `node --import tsx clients/typescript/example.ts http://localhost:3000 [API key]`
import seed from '../../schemas/examples/yuhua-2021.request.json' with { type: 'json' }
import { createScoringClient, type EvaluationRequest } from './index.js'

/** The seed department's total, grade and self-assessment, as a platform would read them. */
export async function scoreSeed(baseUrl: string, apiKey?: string) {
  const scoring = createScoringClient({ baseUrl, apiKey })
  const { data, error } = await scoring.evaluate(seed as EvaluationRequest)
  if (error) throw new Error(`${error.code}: ${error.detail}`)
  return { totalScore: data.totalScore, grade: data.grade?.label, selfAssessment: data.selfAssessment }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await scoreSeed(process.argv[2] ?? 'http://localhost:3000', process.argv[3]))
}
