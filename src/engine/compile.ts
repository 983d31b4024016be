import { createHash } from 'node:crypto'
import type { Measure, Operand, Rubric, RubricIndicator, Rule } from '../../schemas/rubric.js'
import { Dec, fixed2, toDec } from './decimal.js'
import { ruleKind, type AnswerProblem } from './kinds.js'
import { splitPointer } from '../core/pointer.js'

/** A JSON Pointer split into its unescaped tokens once, when the rubric is compiled. */
export interface CompiledPointer {
  readonly pointer: string
  readonly tokens: readonly string[]
}

export interface CompiledIndicator {
  readonly source: RubricIndicator
  readonly path: readonly [string, string]
  readonly maxScore: Dec
  /** maxScore with 2 decimals, as every answer shows it. */
  readonly maxScoreText: string
  readonly measure: Measure
  readonly rule: Rule
}

export interface CompiledGrade {
  readonly code: string
  readonly label: string
  readonly labelEn: string
  readonly minScore: Dec
}

/** A second-level indicator group: its indicators are indicators[start, end) of the rubric. */
export interface CompiledGroup {
  readonly id: string
  readonly name: string
  readonly nameEn: string
  readonly maxScoreText: string
  readonly indicatorIds: readonly string[]
  readonly start: number
  readonly end: number
}

export interface CompiledCategory {
  readonly id: string
  readonly name: string
  readonly nameEn: string
  readonly maxScoreText: string
  readonly children: readonly CompiledGroup[]
}

/** A check of the answer at a pointer, by the rule kind that reads it (src/engine/kinds.ts). */
export interface AnswerCheck {
  readonly pointer: string
  readonly tokens: readonly string[]
  readonly indicator: CompiledIndicator
  readonly check: (value: unknown) => AnswerProblem[]
}

/** A rubric parsed once for scoring: decimals parsed, pointers split, indicators flattened. */
export interface CompiledRubric {
  readonly source: Rubric
  /** "sha256:" and the hex SHA-256 of the rubric's canonical JSON. */
  readonly contentHash: string
  readonly maxScore: Dec
  readonly maxScoreText: string
  readonly categories: readonly CompiledCategory[]
  readonly indicators: readonly CompiledIndicator[]
  readonly indicatorsById: ReadonlyMap<string, CompiledIndicator>
  readonly grades: readonly CompiledGrade[]
  readonly pointers: ReadonlyMap<string, CompiledPointer>
  /** The checks of the answers the rules read as they are, in the rubric's order. */
  readonly answerChecks: readonly AnswerCheck[]
}

/** JSON with the keys of every object sorted, so that equal documents hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
    return `{${entries.join(',')}}`
  }
  return JSON.stringify(value)
}

// The pointer helpers live in src/core; exported here too, for the engine's own imports.
export { escapeToken, splitPointer } from '../core/pointer.js'

export function operandPointers(operand: Operand): string[] {
  return typeof operand === 'string' ? [operand] : [...operand.add, ...(operand.subtract ?? [])]
}

/** Every pointer into the request that a measure may read. */
export function measurePointers(measure: Measure): string[] {
  switch (measure.kind) {
    case 'value':
      return [measure.pointer]
    case 'ratio':
      return [
        ...operandPointers(measure.numerator),
        ...operandPointers(measure.denominator),
        ...(measure.fallbacks ?? []).map((fallback) => fallback.use),
        ...(measure.notApplicableWhen ? [measure.notApplicableWhen.pointer] : []),
      ]
    case 'firstAvailable':
      return measure.measures.flatMap(measurePointers)
  }
}

/** "sha256:" and the hex SHA-256 of the rubric's canonical JSON: equal documents, equal hashes. */
export function contentHash(rubric: Rubric): string {
  return `sha256:${createHash('sha256').update(canonicalJson(rubric)).digest('hex')}`
}

export function compileRubric(rubric: Rubric, hash = contentHash(rubric)): CompiledRubric {
  const indicators: CompiledIndicator[] = []
  const pointers = new Map<string, CompiledPointer>()
  const categories: CompiledCategory[] = []
  const text = (value: string | number) => fixed2(toDec(value))
  for (const category of rubric.categories) {
    const children: CompiledGroup[] = []
    categories.push({
      id: category.id,
      name: category.name,
      nameEn: category.nameEn,
      maxScoreText: text(category.maxScore),
      children,
    })
    for (const child of category.children) {
      const start = indicators.length
      children.push({
        id: child.id,
        name: child.name,
        nameEn: child.nameEn,
        maxScoreText: text(child.maxScore),
        indicatorIds: child.indicators.map((indicator) => indicator.id),
        start,
        end: start + child.indicators.length,
      })
      for (const indicator of child.indicators) {
        const maxScore = toDec(indicator.maxScore)
        indicators.push({
          source: indicator,
          path: [category.id, child.id],
          maxScore,
          maxScoreText: fixed2(maxScore),
          measure: indicator.measure,
          rule: indicator.rule,
        })
        for (const pointer of measurePointers(indicator.measure)) {
          if (!pointers.has(pointer)) pointers.set(pointer, { pointer, tokens: splitPointer(pointer) })
        }
      }
    }
  }
  const answerChecks = indicators.flatMap((indicator) => {
    const checkAnswer = ruleKind(indicator.rule).checkAnswer
    if (!checkAnswer) return []
    return measurePointers(indicator.measure).map((pointer) => ({
      pointer,
      tokens: pointers.get(pointer)!.tokens,
      indicator,
      check: (value: unknown) => checkAnswer(indicator.rule, value, indicator.maxScore),
    }))
  })
  const grades = rubric.grades
    .map((grade) => ({ code: grade.code, label: grade.label, labelEn: grade.labelEn, minScore: toDec(grade.minScore) }))
    .sort((a, b) => b.minScore.comparedTo(a.minScore))
  return {
    source: rubric,
    contentHash: hash,
    maxScore: toDec(rubric.maxScore),
    maxScoreText: text(rubric.maxScore),
    categories,
    indicators,
    indicatorsById: new Map(indicators.map((indicator) => [indicator.source.id, indicator])),
    grades,
    pointers,
    answerChecks,
  }
}
