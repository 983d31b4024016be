import type { Rubric, RubricSummary } from '../../schemas/rubric.js'
import { compileRubric, type CompiledRubric } from '../engine/compile.js'
import { fixed2 } from '../engine/decimal.js'
import yuhua2021 from './yuhua-2021.json' with { type: 'json' }
import { validateRubric } from './validate-rubric.js'

export const DEFAULT_RUBRIC_ID = 'yuhua-2021'

export interface RubricRegistry {
  readonly list: readonly RubricSummary[]
  get(id: string): CompiledRubric | undefined
  readonly defaultRubric: CompiledRubric
}

/**
 * Checks and compiles the built-in rubrics. A broken built-in rubric throws here, at start-up,
 * so that it can never fail a request.
 */
export function loadRubrics(documents: readonly unknown[] = [yuhua2021], defaultId = DEFAULT_RUBRIC_ID): RubricRegistry {
  const compiled = new Map<string, CompiledRubric>()
  for (const document of documents) {
    const problems = validateRubric(document)
    if (problems.length > 0) {
      const id = (document as { id?: unknown })?.id
      throw new Error(`built-in rubric ${String(id)} is invalid:\n${problems.map((p) => `  ${p.pointer || '/'}: ${p.message}`).join('\n')}`)
    }
    const rubric = compileRubric(document as Rubric)
    compiled.set(rubric.source.id, rubric)
  }
  const defaultRubric = compiled.get(defaultId)
  if (!defaultRubric) throw new Error(`the default rubric ${defaultId} is not among the built-in rubrics`)
  const list = [...compiled.values()].map((rubric) => ({
    id: rubric.source.id,
    version: rubric.source.version,
    title: rubric.source.title,
    titleEn: rubric.source.titleEn,
    maxScore: fixed2(rubric.maxScore),
    indicatorCount: rubric.indicators.length,
    default: rubric === defaultRubric,
  }))
  return { list, get: (id) => compiled.get(id), defaultRubric }
}
