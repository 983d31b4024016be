// Request bodies for the overload scenarios (npm run test:soak, npm run test:container): the seed
// department under many names, with or without an inline rubric per item.
import { readFileSync } from 'node:fs'

const seedText = readFileSync(new URL('../../schemas/examples/yuhua-2021.request.json', import.meta.url), 'utf8')
const rubricText = readFileSync(new URL('../../src/rubrics/yuhua-2021.json', import.meta.url), 'utf8')

/** The seed department's request (it scores 90.80). */
export const seed = seedText

/** The built-in rubric's document, as a client would send it inline. */
export const rubric = (): Record<string, unknown> => JSON.parse(rubricText) as Record<string, unknown>

/** The seed under the i-th name and code, without self scores. */
export function department(index: number): Record<string, unknown> {
  const request = JSON.parse(seedText) as Record<string, unknown>
  request.department = { name: `长沙市雨花区示例局${index}`, code: `YH-${index}` }
  delete request.selfAssessment
  delete request.rubricId
  return request
}

/** The largest batch body of at most `limit` bytes whose every item carries the rubric inline. */
export function inlineRubricBatch(limit: number): { body: string; items: number } {
  const one = JSON.stringify({ ...department(0), rubric: rubric() })
  const per = Buffer.byteLength(one) + 1
  const count = Math.min(1000, Math.floor((limit - 20) / (per + 8)))
  const items = Array.from({ length: count }, (_, index) => ({ ...department(index), rubric: rubric() }))
  return { body: JSON.stringify({ items }), items: count }
}

/** A batch of `count` departments of base data, with the rubric once at the top when `withRubric`. */
export function baseDataBatch(count: number, withRubric = false): string {
  const items = Array.from({ length: count }, (_, index) => department(index))
  return JSON.stringify(withRubric ? { rubric: rubric(), items } : { items })
}
