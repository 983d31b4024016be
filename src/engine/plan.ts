import type { Measure, RatioMeasure, Operand, Rule } from '../../schemas/rubric.js'
import type { CompiledRubric } from './compile.js'
import { operandPointers } from './compile.js'
import { readPointer, splitPointer } from '../core/pointer.js'
import { divCeil, hundredthsOf, millionthsOf, parseMillionths, rateHundredths, safe } from './fixed.js'
import type { Language } from '../core/language.js'
import { jsonWriter, type Written } from './explain.js'
import { ruleKind, type AnswerScorer, type RateScorer } from './kinds.js'
import { jsonBytes, quoteBytes } from './utf8.js'
import type { FallbackUse, Note } from './measure.js'
import type { ReasonValue } from './rules.js'

/**
 * The inputs an indicator read, by pointer, each as its JSON member (`"pointer":value`, a byte
 * string): set, delete and order as a plain object's keys (every key is a pointer, so none is an
 * array index), which the interpreter uses. An indicator reads a few: two arrays searched in turn
 * cost less than a Map made for each indicator of each evaluation.
 */
export class InputsRead {
  private readonly pointers: string[] = []
  private readonly members: string[] = []

  set(pointer: string, member: string): void {
    const index = this.pointers.indexOf(pointer)
    if (index === -1) {
      this.pointers.push(pointer)
      this.members.push(member)
    } else {
      this.members[index] = member
    }
  }

  delete(pointer: string): void {
    const index = this.pointers.indexOf(pointer)
    if (index === -1) return
    this.pointers.splice(index, 1)
    this.members.splice(index, 1)
  }

  /** The answer's `inputs` object. */
  json(): string {
    let text = ''
    for (const member of this.members) text += text === '' ? member : `,${member}`
    return `{${text}}`
  }
}

/** What reading a measure leaves behind besides its outcome. */
export interface Reading {
  readonly request: unknown
  readonly inputs: InputsRead
  readonly fallbacks: FallbackUse[]
}

/** A measure's outcome on the fast path: numbers are millionths, rates hundredths of a percent. */
export type Outcome =
  | { readonly kind: 'missing'; readonly missing: readonly string[] }
  | { readonly kind: 'notApplicable'; readonly reason: Note; readonly pointer: string }
  | { readonly kind: 'bothZero' }
  | { readonly kind: 'zeroDenominator'; readonly numerator: number; readonly denominator: readonly string[] }
  | { readonly kind: 'rate'; readonly rate: number; readonly negativeNote?: Note | undefined }
  | { readonly kind: 'raw'; readonly value: unknown; readonly pointer: string }

export type MeasureRunner = (reading: Reading) => Outcome

/** A value as the answer's `inputs` show it. */
function inputJson(value: unknown): string {
  if (typeof value === 'string') return quoteBytes(value)
  if (typeof value === 'number') return `"${value}"`
  return typeof value === 'boolean' ? String(value) : 'null'
}

/** `"pointer":` as a byte string; the rubric's pointers are encoded once, when the plan is compiled. */
const memberKey = (pointer: string) => `${quoteBytes(pointer)}:`

/**
 * The pointers and member keys of an object's items, by name, kept by the reader of the object: a
 * checklist has the same items in every request. At most MAX_KEYS are kept (the names come from
 * the request); the rest are written each time.
 */
type ItemKeys = Map<string, readonly [pointer: string, key: string]>
const MAX_KEYS = 64

function record(reading: Reading, pointer: string, value: unknown, key = memberKey(pointer), items?: ItemKeys): void {
  if (value !== null && typeof value === 'object') {
    for (const [name, item] of Object.entries(value)) {
      let child = items?.get(name)
      if (child === undefined) {
        const itemPointer = `${pointer}/${name}`
        child = [itemPointer, memberKey(itemPointer)]
        if (items !== undefined && items.size < MAX_KEYS) items.set(name, child)
      }
      record(reading, child[0], item, child[1])
    }
  } else {
    reading.inputs.set(pointer, key + inputJson(value))
  }
}

/** Reads a pointer of the request and records what it found among the indicator's inputs. */
type Read = (reading: Reading) => unknown

function reader(pointer: string): Read {
  const tokens = splitPointer(pointer)
  const key = memberKey(pointer)
  const items: ItemKeys = new Map()
  return (reading) => {
    const value = readPointer(reading.request, tokens)
    record(reading, pointer, value, key, items)
    return value
  }
}

interface CompiledFallback {
  readonly use: string
  readonly read: Read
  readonly warning: string
}

/** Reads one number (through its fallback when it is absent): millionths, or NaN when missing. */
function numberReader(pointer: string, fallback: CompiledFallback | undefined) {
  const read = reader(pointer)
  return (reading: Reading, missing: string[]): number => {
    const value = read(reading)
    const number = millionthsOf(value)
    if (!Number.isNaN(number)) return number
    if (fallback) {
      const substitute = fallback.read(reading)
      const replaced = millionthsOf(substitute)
      if (!Number.isNaN(replaced)) {
        if (!reading.fallbacks.some((used) => used.pointer === pointer)) {
          reading.fallbacks.push({ pointer, use: fallback.use, warning: fallback.warning, value: String(substitute) })
        }
        return replaced
      }
    }
    if (!missing.includes(pointer)) missing.push(pointer)
    // Either would do: the client is told of both.
    if (fallback && !missing.includes(fallback.use)) missing.push(fallback.use)
    return NaN
  }
}

/** A sum of pointers less a sum of pointers; every one is read, so that every absent one is named. */
function operandReader(operand: Operand, fallbacks: ReadonlyMap<string, CompiledFallback>) {
  const terms = (typeof operand === 'string' ? [operand] : operand.add).map((pointer) =>
    numberReader(pointer, fallbacks.get(pointer)),
  )
  const less = (typeof operand === 'string' ? [] : (operand.subtract ?? [])).map((pointer) =>
    numberReader(pointer, fallbacks.get(pointer)),
  )
  return (reading: Reading, missing: string[]): number => {
    let total = 0
    for (const term of terms) {
      const value = term(reading, missing)
      total = Number.isNaN(value) || Number.isNaN(total) ? NaN : safe(total + value)
    }
    for (const term of less) {
      const value = term(reading, missing)
      total = Number.isNaN(value) || Number.isNaN(total) ? NaN : safe(total - value)
    }
    return total
  }
}

function ratioRunner(measure: RatioMeasure): MeasureRunner {
  const fallbacks = new Map(
    (measure.fallbacks ?? []).map((fallback) => [
      fallback.pointer,
      { use: fallback.use, read: reader(fallback.use), warning: fallback.warning },
    ]),
  )
  const numerator = operandReader(measure.numerator, fallbacks)
  const denominator = operandReader(measure.denominator, fallbacks)
  const denominatorPointers = operandPointers(measure.denominator)
  const condition = measure.notApplicableWhen
  const conditionRead = condition ? reader(condition.pointer) : undefined
  const notApplicable = condition
    ? ({
        kind: 'notApplicable',
        pointer: condition.pointer,
        reason: { text: condition.reason, textEn: condition.reasonEn },
      } as const)
    : undefined
  return (reading) => {
    if (condition) {
      const value = conditionRead!(reading)
      if (value === undefined) return { kind: 'missing', missing: [condition.pointer] }
      if (value === condition.equals) return notApplicable!
    }
    const missing: string[] = []
    const top = numerator(reading, missing)
    const bottom = denominator(reading, missing)
    if (Number.isNaN(top) || Number.isNaN(bottom)) return { kind: 'missing', missing }
    if (bottom === 0)
      return top === 0
        ? { kind: 'bothZero' }
        : { kind: 'zeroDenominator', numerator: top, denominator: denominatorPointers }
    // Only a rate below 0 is a cut (a numerator of -0 is 0).
    const negative = top !== 0 && top < 0 !== bottom < 0
    return {
      kind: 'rate',
      rate: rateHundredths(top, bottom),
      negativeNote: negative ? measure.negativeNote : undefined,
    }
  }
}

/** A measure compiled into a reader of the request: pointers split, fallbacks and conditions ready. */
export function measureRunner(measure: Measure): MeasureRunner {
  switch (measure.kind) {
    case 'ratio':
      return ratioRunner(measure)
    case 'value': {
      const read = reader(measure.pointer)
      const { pointer } = measure
      const missing = { kind: 'missing', missing: [pointer] } as const
      const isRate = measure.unit === '%'
      return (reading) => {
        const value = read(reading)
        if (value === undefined || value === null) return missing
        if (!isRate) return { kind: 'raw', value, pointer }
        const rate = millionthsOf(value)
        return Number.isNaN(rate) ? missing : { kind: 'rate', rate: hundredthsOf(rate) }
      }
    }
    case 'firstAvailable': {
      const alternatives = measure.measures.map(measureRunner)
      return (reading) => {
        const missing: string[] = []
        for (const alternative of alternatives) {
          const outcome = alternative(reading)
          if (outcome.kind !== 'missing') {
            for (const pointer of missing) reading.inputs.delete(pointer)
            return outcome
          }
          missing.push(...outcome.missing)
        }
        return { kind: 'missing', missing }
      }
    }
  }
}

/** Texts of the ids a reason names (checklist items, violation categories, levels), for explanations. */
export type LabelsOf = (values: Record<string, ReasonValue>) => Record<string, ReasonValue>

function labelsOf(rule: Rule): LabelsOf | undefined {
  const texts = (entries: readonly { id: string; text: string; textEn: string }[]) => {
    // In the rubric's order, as the interpreter lists them.
    return (ids: ReasonValue | undefined) => {
      const chosen = new Set(ids as string[])
      const picked = entries.filter((entry) => chosen.has(entry.id))
      return [picked.map((entry) => entry.text), picked.map((entry) => entry.textEn)] as const
    }
  }
  switch (rule.kind) {
    case 'checklist': {
      const pick = texts(rule.items)
      return (values) => {
        const [zh, en] = pick(values.unmet)
        return { unmetText: zh, unmetTextEn: en }
      }
    }
    case 'violations': {
      const pick = texts(rule.categories)
      return (values) => {
        const [zh, en] = pick(values.categories)
        return { categoriesText: zh, categoriesTextEn: en }
      }
    }
    case 'levels': {
      return (values) => {
        // The first level with the code, as the interpreter finds it.
        const level = rule.levels.find((candidate) => candidate.code === values.level)!
        return { levelLabel: level.label, levelLabelEn: level.labelEn }
      }
    }
    default:
      return undefined
  }
}

/** An indicator compiled for the fast path: its reader, its scorer, and its answer's fixed parts as JSON. */
export interface IndicatorPlan {
  readonly id: string
  readonly name: string
  readonly nameEn: string
  /** maxScore in millionths and in hundredths (as shown). */
  readonly max: number
  readonly maxShown: number
  readonly maxText: string
  readonly measure: MeasureRunner
  readonly rate?: RateScorer
  readonly answer?: AnswerScorer
  readonly labels?: LabelsOf
  /** `{"id":…,"name":…,"nameEn":…,"path":[…],"maxScore":"…","score":` */
  readonly head: string
  /** `,"formula":…,"standard":…,"explanation":` */
  readonly middle: string
  /** `{"id":…,"score":` for the compact view. */
  readonly headScores: string
  /** `{"indicatorId":…,"name":…` and `{"indicatorId":…` that open a self-assessment difference in each view. */
  readonly differenceHead: string
  readonly differenceHeadScores: string
  /** The name and the maximum as explanations write them (JSON-escaped UTF-8 bytes). */
  readonly explained: Readonly<Record<Language, Written>>
  readonly maxWritten: Written
}

/** A category or group of indicators: its answer's fixed parts, and the indicators it spans. */
export interface GroupPlan {
  /** `{"id":…,"name":…,"nameEn":…,"maxScore":"…","score":` */
  readonly head: string
  /** `{"id":…,"score":` */
  readonly headScores: string
  /** `,"indicatorIds":[…]}` */
  readonly tail: string
  readonly start: number
  readonly end: number
}

export interface CategoryPlan {
  readonly head: string
  readonly headScores: string
  readonly groups: readonly GroupPlan[]
}

export interface GradePlan {
  /** The lowest total of the grade, in hundredths; a bound with more decimals is rounded up, which decides alike. */
  readonly min: number
  readonly json: string
  readonly grade: { readonly code: string; readonly label: string; readonly labelEn: string }
}

/**
 * A rubric compiled for the fast path once: readers, scorers, and every part of the answer that
 * does not depend on the request.
 */
export interface Plan {
  readonly rubric: CompiledRubric
  readonly indicators: readonly IndicatorPlan[]
  readonly categories: readonly CategoryPlan[]
  readonly grades: readonly GradePlan[]
  readonly maxText: string
  /** `"rubric":{…}` of the full and of the compact view. */
  readonly rubricJson: string
  readonly rubricJsonScores: string
}

/** JSON as a byte string (src/engine/utf8.ts): the plan's parts are written as they are. */
const json = jsonBytes

export function compilePlan(rubric: CompiledRubric): Plan {
  const indicators = rubric.indicators.map((indicator): IndicatorPlan => {
    const source = indicator.source
    const max = parseMillionths(source.maxScore)
    const kind = ruleKind(indicator.rule)
    const scorer = kind.compile(indicator.rule, max)
    const fields = `{"id":${json(source.id)},"name":${json(source.name)},"nameEn":${json(source.nameEn)},"path":${json(indicator.path)}`
    return {
      id: source.id,
      name: source.name,
      nameEn: source.nameEn,
      max,
      maxShown: hundredthsOf(max),
      maxText: indicator.maxScoreText,
      measure: measureRunner(indicator.measure),
      ...(kind.input === 'rate' ? { rate: scorer as RateScorer } : { answer: scorer as AnswerScorer }),
      labels: labelsOf(indicator.rule),
      head: `${fields},"maxScore":"${indicator.maxScoreText}","score":`,
      middle: `,"formula":${json(source.formula ?? null)},"standard":${json(source.standard)},"explanation":`,
      headScores: `{"id":${json(source.id)},"score":`,
      differenceHead: `{"indicatorId":${json(source.id)},"name":${json(source.name)}`,
      differenceHeadScores: `{"indicatorId":${json(source.id)}`,
      explained: { zh: jsonWriter.text(source.name), en: jsonWriter.text(source.nameEn) },
      maxWritten: jsonWriter.text(indicator.maxScoreText),
    }
  })
  const categories = rubric.categories.map((category): CategoryPlan => ({
    head: `{"id":${json(category.id)},"name":${json(category.name)},"nameEn":${json(category.nameEn)},"maxScore":"${category.maxScoreText}","score":`,
    headScores: `{"id":${json(category.id)},"score":`,
    groups: category.children.map((group) => ({
      head: `{"id":${json(group.id)},"name":${json(group.name)},"nameEn":${json(group.nameEn)},"maxScore":"${group.maxScoreText}","score":`,
      headScores: `{"id":${json(group.id)},"score":`,
      tail: `,"indicatorIds":${json(group.indicatorIds)}}`,
      start: group.start,
      end: group.end,
    })),
  }))
  const grades = rubric.grades.map((grade): GradePlan => {
    const value = { code: grade.code, label: grade.label, labelEn: grade.labelEn }
    return { min: divCeil(parseMillionths(grade.minScore.toFixed()), 10_000), json: json(value), grade: value }
  })
  const { id, version, title } = rubric.source
  return {
    rubric,
    indicators,
    categories,
    grades,
    maxText: rubric.maxScoreText,
    rubricJson: json({ id, version, title, contentHash: rubric.contentHash }),
    rubricJsonScores: json({ id, version, contentHash: rubric.contentHash }),
  }
}
