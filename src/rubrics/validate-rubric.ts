import { Value } from 'typebox/value'
import { EvaluationRequestSchema } from '../../schemas/evaluation-request.js'
import { RubricSchema, type Measure, type Rubric, type Rule } from '../../schemas/rubric.js'
import { measurePointers, splitPointer } from '../engine/compile.js'
import { Dec, ZERO, toDec } from '../engine/decimal.js'

export interface RubricProblem {
  readonly pointer: string
  readonly message: string
}

type SchemaNode = { type?: string; properties?: Record<string, SchemaNode>; anyOf?: SchemaNode[] }

/** Whether a pointer names a field of the request schema (a leaf or an object of answers). */
export function requestHasField(pointer: string): boolean {
  let node: SchemaNode | undefined = EvaluationRequestSchema as SchemaNode
  for (const token of splitPointer(pointer)) {
    node = node?.properties && Object.hasOwn(node.properties, token) ? node.properties[token] : undefined
    if (!node) return false
  }
  return true
}

const RATE_RULES = new Set<Rule['kind']>(['stepDeduction', 'bands', 'proportional'])

function measureGivesRate(measure: Measure): boolean {
  if (measure.kind === 'ratio') return true
  if (measure.kind === 'value') return measure.unit === '%'
  return measure.measures.every(measureGivesRate)
}

/** The most points a rule can give. */
function rulePoints(rule: Rule): Dec | undefined {
  switch (rule.kind) {
    case 'bands':
      return Dec.max(...rule.bands.map((band) => toDec(band.points)))
    case 'checklist':
      return rule.items.reduce<Dec>((sum, item) => sum.plus(toDec(item.points)), ZERO)
    case 'levels':
      return Dec.max(...rule.levels.map((level) => toDec(level.points)))
    default:
      return undefined
  }
}

function checkBands(rule: Extract<Rule, { kind: 'bands' }>, pointer: string, problems: RubricProblem[]): void {
  const last = rule.bands[rule.bands.length - 1]
  if (!last || Object.keys(last).length !== 1) problems.push({ pointer: `${pointer}/bands`, message: 'the last band must be the fallback: { "points": … } with no bound' })
  let previous: { key: string; value: Dec } | undefined
  rule.bands.forEach((band, index) => {
    const key = 'upTo' in band ? 'upTo' : 'atLeast' in band ? 'atLeast' : 'above' in band ? 'above' : undefined
    if (!key) {
      if (index !== rule.bands.length - 1) problems.push({ pointer: `${pointer}/bands/${index}`, message: 'only the last band may have no bound' })
      return
    }
    const value = toDec((band as Record<string, string>)[key]!)
    if (previous) {
      const ascending = key === 'upTo'
      const ordered = previous.key === 'upTo' ? ascending && value.gt(previous.value) : !ascending && value.lt(previous.value)
      if (!ordered) problems.push({ pointer: `${pointer}/bands/${index}`, message: 'bands must be ordered: upTo bounds rising, atLeast/above bounds falling, one kind per rule' })
    }
    previous = { key, value }
  })
}

/**
 * Every inconsistency of a rubric at once, each with a JSON Pointer into the rubric: the schema,
 * the sums at every level, unique ids, rules that fit their measures and maxima, ordered bands and
 * grades, and measures that read fields the request can carry.
 */
export function validateRubric(document: unknown): RubricProblem[] {
  if (!Value.Check(RubricSchema, document)) {
    return [...Value.Errors(RubricSchema, document)].map((error) => ({ pointer: error.instancePath, message: error.message }))
  }
  const rubric = document as Rubric
  const problems: RubricProblem[] = []
  const ids = new Map<string, string>()
  const claimId = (id: string, pointer: string) => {
    const first = ids.get(id)
    if (first) problems.push({ pointer: `${pointer}/id`, message: `the id ${id} is already used at ${first}` })
    else ids.set(id, pointer)
  }
  const sumOf = (items: readonly { maxScore: string }[]) => items.reduce<Dec>((sum, item) => sum.plus(toDec(item.maxScore)), ZERO)

  if (!sumOf(rubric.categories).eq(toDec(rubric.maxScore))) {
    problems.push({ pointer: '/maxScore', message: `the categories add up to ${sumOf(rubric.categories).toFixed()}, not ${rubric.maxScore}` })
  }
  rubric.categories.forEach((category, c) => {
    const categoryPointer = `/categories/${c}`
    claimId(category.id, categoryPointer)
    if (!sumOf(category.children).eq(toDec(category.maxScore))) {
      problems.push({ pointer: `${categoryPointer}/maxScore`, message: `the children add up to ${sumOf(category.children).toFixed()}, not ${category.maxScore}` })
    }
    category.children.forEach((child, s) => {
      const childPointer = `${categoryPointer}/children/${s}`
      claimId(child.id, childPointer)
      if (!sumOf(child.indicators).eq(toDec(child.maxScore))) {
        problems.push({ pointer: `${childPointer}/maxScore`, message: `the indicators add up to ${sumOf(child.indicators).toFixed()}, not ${child.maxScore}` })
      }
      child.indicators.forEach((indicator, i) => {
        const pointer = `${childPointer}/indicators/${i}`
        claimId(indicator.id, pointer)
        const max = toDec(indicator.maxScore)
        const most = rulePoints(indicator.rule)
        if (most?.gt(max)) problems.push({ pointer: `${pointer}/rule`, message: `the rule gives up to ${most.toFixed()} points, above the indicator's maxScore ${indicator.maxScore}` })
        if (RATE_RULES.has(indicator.rule.kind) !== measureGivesRate(indicator.measure)) {
          problems.push({ pointer: `${pointer}/rule/kind`, message: `the rule ${indicator.rule.kind} does not fit the measure: stepDeduction, bands and proportional score a rate (a ratio or a value with unit %), the others an answer read as it is` })
        }
        if (indicator.rule.kind === 'bands') checkBands(indicator.rule, `${pointer}/rule`, problems)
        for (const field of measurePointers(indicator.measure)) {
          if (!requestHasField(field)) problems.push({ pointer: `${pointer}/measure`, message: `the measure reads ${field}, which the request schema does not have` })
        }
      })
    })
  })
  rubric.grades.forEach((grade, g) => {
    const previous = rubric.grades[g - 1]
    if (previous && !toDec(grade.minScore).lt(toDec(previous.minScore))) {
      problems.push({ pointer: `/grades/${g}/minScore`, message: 'grades must be listed with strictly decreasing minScore' })
    }
  })
  return problems
}
