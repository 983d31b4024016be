import { EvaluationRequestSchema } from '../../schemas/evaluation-request.js'
import type { Measure, Rubric, Rule } from '../../schemas/rubric.js'
import { measurePointers } from '../engine/compile.js'
import { splitPointer } from '../core/pointer.js'
import type { Language } from '../core/language.js'
import { Dec, ZERO, toDec } from '../engine/decimal.js'
import { ruleKind } from '../engine/kinds.js'
import { validateRubricSchema } from '../validation/ajv.js'
import { schemaErrors } from '../validation/schema-errors.js'

export interface RubricProblem {
  readonly pointer: string
  /** The rule of RUBRIC.md's "Validation of a rubric" that is broken. */
  readonly rule:
    | 'schema'
    | 'sum'
    | 'uniqueId'
    | 'rulePoints'
    | 'ruleFitsMeasure'
    | 'step'
    | 'bands'
    | 'grades'
    | 'measureField'
    | 'size'
  readonly message: string
}

type SchemaNode = { properties?: Record<string, SchemaNode>; patternProperties?: Record<string, SchemaNode> }

/** The most indicators a rubric may have: enough for any table, few enough to compile per request. */
export const MAX_INDICATORS = 300

function child(node: SchemaNode, token: string): SchemaNode | undefined {
  if (node.properties && Object.hasOwn(node.properties, token)) return node.properties[token]
  for (const [pattern, schema] of Object.entries(node.patternProperties ?? {})) {
    if (new RegExp(pattern).test(token)) return schema
  }
  return undefined
}

/**
 * Whether a pointer names a field the request schema can carry (a leaf or an object of answers)
 * in the data a department submits: under /baseData or /assessments.
 */
export function requestHasField(pointer: string): boolean {
  const tokens = splitPointer(pointer)
  if (tokens[0] !== 'baseData' && tokens[0] !== 'assessments') return false
  let node: SchemaNode | undefined = EvaluationRequestSchema as SchemaNode
  for (const token of tokens) {
    node = child(node, token)
    if (!node) return false
  }
  return true
}

/** Whether a measure gives a rate; a firstAvailable whose alternatives disagree gives neither. */
function measureGivesRate(measure: Measure): boolean | 'mixed' {
  if (measure.kind === 'ratio') return true
  if (measure.kind === 'value') return measure.unit === '%'
  const rates = measure.measures.map(measureGivesRate)
  return rates.every((rate) => rate === rates[0]) ? rates[0]! : 'mixed'
}

function checkBands(rule: Extract<Rule, { kind: 'bands' }>, pointer: string, problems: RubricProblem[]): void {
  const last = rule.bands[rule.bands.length - 1]
  if (!last || Object.keys(last).length !== 1)
    problems.push({
      pointer: `${pointer}/bands`,
      rule: 'bands',
      message: 'the last band must be the fallback: { "points": … } with no bound',
    })
  let previous: { key: string; value: Dec } | undefined
  rule.bands.forEach((band, index) => {
    const key = 'upTo' in band ? 'upTo' : 'atLeast' in band ? 'atLeast' : 'above' in band ? 'above' : undefined
    if (!key) {
      if (index !== rule.bands.length - 1)
        problems.push({
          pointer: `${pointer}/bands/${index}`,
          rule: 'bands',
          message: 'only the last band may have no bound',
        })
      return
    }
    const value = toDec((band as Record<string, string>)[key]!)
    if (previous) {
      const ascending = key === 'upTo'
      const ordered =
        previous.key === 'upTo' ? ascending && value.gt(previous.value) : !ascending && value.lt(previous.value)
      if (!ordered)
        problems.push({
          pointer: `${pointer}/bands/${index}`,
          rule: 'bands',
          message: 'bands must be ordered: upTo bounds rising, atLeast/above bounds falling, one kind per rule',
        })
    }
    previous = { key, value }
  })
}

/**
 * Every inconsistency of a rubric at once, each with a JSON Pointer into the rubric: the schema,
 * the sums at every level, unique ids, rules that fit their measures and maxima, ordered bands and
 * grades, and measures that read fields the request can carry. Schema problems are in `language`;
 * the others are in English for now.
 */
export function validateRubric(document: unknown, language: Language = 'zh'): RubricProblem[] {
  const checkSchema = validateRubricSchema()
  if (!checkSchema(document)) {
    return schemaErrors(checkSchema.errors!, document, language).map((error) => ({
      pointer: error.pointer,
      rule: 'schema' as const,
      message: error.message,
    }))
  }
  const rubric = document as Rubric
  const problems: RubricProblem[] = []
  const count = rubric.categories.reduce(
    (sum, category) => sum + category.children.reduce((inner, c) => inner + c.indicators.length, 0),
    0,
  )
  if (count > MAX_INDICATORS)
    return [
      {
        pointer: '/categories',
        rule: 'size',
        message: `the rubric has ${count} indicators; at most ${MAX_INDICATORS} are allowed`,
      },
    ]
  const ids = new Map<string, string>()
  const claimId = (id: string, pointer: string) => {
    const first = ids.get(id)
    if (first)
      problems.push({ pointer: `${pointer}/id`, rule: 'uniqueId', message: `the id ${id} is already used at ${first}` })
    else ids.set(id, pointer)
  }
  const sumOf = (items: readonly { maxScore: string }[]) =>
    items.reduce<Dec>((sum, item) => sum.plus(toDec(item.maxScore)), ZERO)

  if (!sumOf(rubric.categories).eq(toDec(rubric.maxScore))) {
    problems.push({
      pointer: '/maxScore',
      rule: 'sum',
      message: `the categories add up to ${sumOf(rubric.categories).toFixed()}, not ${rubric.maxScore}`,
    })
  }
  rubric.categories.forEach((category, c) => {
    const categoryPointer = `/categories/${c}`
    claimId(category.id, categoryPointer)
    if (!sumOf(category.children).eq(toDec(category.maxScore))) {
      problems.push({
        pointer: `${categoryPointer}/maxScore`,
        rule: 'sum',
        message: `the children add up to ${sumOf(category.children).toFixed()}, not ${category.maxScore}`,
      })
    }
    category.children.forEach((child, s) => {
      const childPointer = `${categoryPointer}/children/${s}`
      claimId(child.id, childPointer)
      if (!sumOf(child.indicators).eq(toDec(child.maxScore))) {
        problems.push({
          pointer: `${childPointer}/maxScore`,
          rule: 'sum',
          message: `the indicators add up to ${sumOf(child.indicators).toFixed()}, not ${child.maxScore}`,
        })
      }
      child.indicators.forEach((indicator, i) => {
        const pointer = `${childPointer}/indicators/${i}`
        claimId(indicator.id, pointer)
        const max = toDec(indicator.maxScore)
        const kind = ruleKind(indicator.rule)
        const most = kind.maxPoints?.(indicator.rule)
        if (most?.gt(max))
          problems.push({
            pointer: `${pointer}/rule`,
            rule: 'rulePoints',
            message: `the rule gives up to ${most.toFixed()} points, above the indicator's maxScore ${indicator.maxScore}`,
          })
        const givesRate = measureGivesRate(indicator.measure)
        if (givesRate === 'mixed') {
          problems.push({
            pointer: `${pointer}/measure`,
            rule: 'ruleFitsMeasure',
            message:
              'the alternatives of a firstAvailable measure must all give a rate (a ratio or a value with unit %) ' +
                'or all an answer read as it is',
          })
        } else if ((kind.input === 'rate') !== givesRate) {
          problems.push({
            pointer: `${pointer}/rule/kind`,
            rule: 'ruleFitsMeasure',
            message: `the rule ${indicator.rule.kind} does not fit the measure: stepDeduction, bands and proportional score a rate (a ratio or a value with unit %), the others an answer read as it is`,
          })
        }
        if (indicator.rule.kind === 'stepDeduction' && toDec(indicator.rule.step).isZero()) {
          problems.push({ pointer: `${pointer}/rule/step`, rule: 'step', message: 'the step must be above 0' })
        }
        if (indicator.rule.kind === 'bands') checkBands(indicator.rule, `${pointer}/rule`, problems)
        for (const field of measurePointers(indicator.measure)) {
          if (!requestHasField(field))
            problems.push({
              pointer: `${pointer}/measure`,
              rule: 'measureField',
              message: `the measure reads ${field}, which is not a field of the request's baseData or assessments`,
            })
        }
      })
    })
  })
  rubric.grades.forEach((grade, g) => {
    const previous = rubric.grades[g - 1]
    if (previous && !toDec(grade.minScore).lt(toDec(previous.minScore))) {
      problems.push({
        pointer: `/grades/${g}/minScore`,
        rule: 'grades',
        message: 'grades must be listed with strictly decreasing minScore',
      })
    }
  })
  const lowest = rubric.grades[rubric.grades.length - 1]!
  if (toDec(lowest.minScore).gt(ZERO)) {
    problems.push({
      pointer: `/grades/${rubric.grades.length - 1}/minScore`,
      rule: 'grades',
      message: 'the last grade must start at 0 or below, so that every total has a grade',
    })
  }
  return problems
}
