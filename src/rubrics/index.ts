import type { RubricSummary } from '../../schemas/rubric.js'
import type { CompiledRubric } from '../engine/compile.js'
import { compileCheckedRubric } from './inline.js'
import { listedRubric } from './summary.js'
import yuhua2021 from './yuhua-2021.json' with { type: 'json' }

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
export function loadRubrics(
  documents: readonly unknown[] = [yuhua2021],
  defaultId = DEFAULT_RUBRIC_ID,
): RubricRegistry {
  const compiled = new Map<string, CompiledRubric>()
  for (const document of documents) {
    // In English: the operators read it.
    const checked = compileCheckedRubric(document, 'en')
    if ('problems' in checked) {
      const id = (document as { id?: unknown })?.id
      const lines = checked.problems.map((p) => `  ${p.pointer || '/'}: ${p.message}`)
      throw new Error(`built-in rubric ${String(id)} is invalid:\n${lines.join('\n')}`)
    }
    compiled.set(checked.rubric.source.id, checked.rubric)
  }
  const defaultRubric = compiled.get(defaultId)
  if (!defaultRubric) throw new Error(`the default rubric ${defaultId} is not among the built-in rubrics`)
  const list = [...compiled.values()].map((rubric) => listedRubric(rubric, rubric === defaultRubric))
  return { list, get: (id) => compiled.get(id), defaultRubric }
}
