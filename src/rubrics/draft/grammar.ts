// The grammar of a 评价标准 (README, "Drafting a rubric from the bureau's table"): each clause of the
// normalized text is read as one statement (a basis, a condition, an award of points, a deduction
// per step, a floor, a not-applicable case, a proportional formula, an assessor's judgement), and
// the statements together make one rule of RUBRIC.md, with the assumptions the reading took and
// what it could not read.
import type { Bilingual } from '../../core/language.js'
import { SIGNED_DECIMAL_PATTERN } from '../../../schemas/common.js'
import { Dec } from '../../engine/decimal.js'
import type { Rule } from '../../../schemas/rubric.js'
import { clauses, isCircled, normalize, tokenize, type Keyword, type Token, type Unit } from './lexer.js'

export type Comparison =
  | { readonly op: '≤' | '<' | '≥' | '>' | '='; readonly value: string }
  | { readonly op: 'range'; readonly from: string; readonly to: string; readonly inclusive: 'from' | 'to' | 'none' }

type Statement0 =
  | { readonly kind: 'basis'; readonly value: string }
  | { readonly kind: 'condition'; readonly condition: Comparison }
  | {
      readonly kind: 'award'
      readonly condition?: Comparison
      readonly text?: string
      readonly points: string | 'full'
    }
  | {
      readonly kind: 'deduct'
      readonly direction?: 'above' | 'below' | 'both'
      readonly step: string
      readonly unit?: Unit
      readonly points: string
      readonly text: string
    }
  | { readonly kind: 'floor' }
  | { readonly kind: 'notApplicable'; readonly text: string }
  | { readonly kind: 'proportional'; readonly multiplier?: string }
  | { readonly kind: 'assessor' }
  | { readonly kind: 'text'; readonly text: string }

/** A statement and the clause it was read from. */
export type Statement = Statement0 & { readonly clause: string }

const DECIMAL = new RegExp(SIGNED_DECIMAL_PATTERN)

/** A number as the rubric writes it ("0.50" → "0.5"), or undefined when a rubric cannot hold it. */
export function rubricNumber(text: string): string | undefined {
  return DECIMAL.test(text) ? new Dec(text).toFixed() : undefined
}

const AT_MOST: readonly Keyword[] = ['≤', '不超过', '不高于', '不大于']
const BELOW: readonly Keyword[] = ['<', '低于', '小于', '少于', '不足']
const AT_LEAST: readonly Keyword[] = ['≥', '不低于', '不少于', '不小于']
const ABOVE: readonly Keyword[] = ['>', '超过', '超出', '高于', '大于', '多于']

/**
 * The symbols of a condition: numbers as N, keywords as themselves, text left out; a number of
 * points or cases (完成3项) is no rate, so it makes the shape one the grammar does not know.
 */
function symbols(tokens: readonly Token[]): { shape: string[]; numbers: string[]; rate: boolean } {
  const shape: string[] = []
  const numbers: string[] = []
  let rate = false
  for (const token of tokens) {
    if (token.type === 'number') {
      shape.push('N')
      numbers.push(token.value)
    } else if (token.type === 'word') shape.push(token.value)
    else if (token.type === 'unit') {
      if (token.value === 'points' || token.value === 'cases') shape.push('?')
      else rate = true
    }
  }
  return { shape, numbers, rate }
}

/**
 * A comparison, from the keywords and numbers of a clause (its subject and units aside):
 * `op N` (≤ < ≥ > = and their words: 不超过, 低于, 不低于, 大于, …), `N 以下|以内 (含)?` (≤: 以下 and
 * 以内 include the number, as in Chinese statute), `N (含)? 以上` (≥), `N (含)? -|~|至 N (含)?` (a
 * range), or `N` alone (=).
 */
export function comparison(tokens: readonly Token[]): Comparison | undefined {
  const { shape, numbers, rate } = symbols(tokens)
  const [first, second] = numbers as [string, string]
  const key = shape.join(' ')
  if (shape.length === 2 && shape[1] === 'N') {
    const word = shape[0] as Keyword
    if (AT_MOST.includes(word)) return { op: '≤', value: first }
    if (BELOW.includes(word)) return { op: '<', value: first }
    if (AT_LEAST.includes(word)) return { op: '≥', value: first }
    if (ABOVE.includes(word)) return { op: '>', value: first }
    if (word === '=') return { op: '=', value: first }
    return undefined
  }
  // A bare number is a condition only as a rate (100%计满分), not as a year or a count in a sentence.
  if (key === 'N' && rate) return { op: '=', value: first }
  if (/^N( \(含\))? (以下|以内)( \(含\))?$/.test(key)) return { op: '≤', value: first }
  if (/^N( \(含\))? 以上( \(含\))?$/.test(key)) return { op: '≥', value: first }
  const range = /^N( \(含\))? [-~至] N( \(含\))?$/.exec(key)
  if (range) {
    const inclusive = range[1] ? 'from' : range[2] ? 'to' : 'none'
    return { op: 'range', from: first, to: second, inclusive }
  }
  return undefined
}

const FLOOR = /扣完为止|扣完即止|扣至0分|最低(?:得|计)?0分/
const BASIS = /以(\d+(?:\.\d+)?)(?:%|个百分点)?为(?:标准|基准)/
const NOT_APPLICABLE = /^(?:没有|无|未)[^满]*满分/
const PROPORTIONAL = /得分\s*=[^=]*[×*/]|分值\s*[×*]|按[^,;]*比例(?:计分|得分|折算)/
const MULTIPLIER = /[×*]\s*(\d+(?:\.\d+)?)\s*$/
const ASSESSOR = /酌情|综合评定|综合评分|由评价(?:组|小组|人员|专家)|专家(?:评分|打分)|视(?:情况|完成情况)(?:计分|评分|打分)/

const DIRECTIONS: Partial<Record<Keyword, 'above' | 'below' | 'both'>> = {
  超过: 'above', 超出: 'above', 高于: 'above', 大于: 'above', 多于: 'above',
  低于: 'below', 少于: 'below', 降低: 'below', 不足: 'below', 小于: 'below',
  偏离: 'both',
}

/** `每 <direction>* N? <unit>? … 扣 N 分`: a deduction per step (a rate) or per case (a count). */
function deduction(tokens: readonly Token[]): Statement0 | undefined {
  const each = tokens.findIndex((token) => token.type === 'word' && token.value === '每')
  const take = tokens.findIndex((token, i) => i > each && token.type === 'word' && token.value === '扣')
  const points = tokens[take + 1]
  const unit = tokens[take + 2]
  if (each < 0 || take < 0 || points?.type !== 'number' || unit?.type !== 'unit' || unit.value !== 'points')
    return undefined
  const between = tokens.slice(each + 1, take)
  let direction: 'above' | 'below' | 'both' | undefined
  for (const token of between) {
    const way = token.type === 'word' ? DIRECTIONS[token.value] : undefined
    if (way) direction = direction && direction !== way ? 'both' : way
  }
  const stepIndex = between.findIndex((token) => token.type === 'number')
  const step = stepIndex >= 0 ? between[stepIndex]!.value : '1'
  const after = between[stepIndex + 1]
  const stepUnit = stepIndex >= 0 && after?.type === 'unit' ? after.value : undefined
  const text = between.filter((token) => token.type === 'text').map((token) => token.value).join('')
  return { kind: 'deduct', direction, step, unit: stepUnit, points: points.value, text }
}

/** `<condition>? (计|得)? (N分 | 满分) | <condition>? 不得分`: points, for a condition or a text. */
function award(tokens: readonly Token[]): Statement0 | undefined {
  const last = tokens[tokens.length - 1]!
  let points: string
  let end: number
  if (last.type === 'word' && (last.value === '不得分' || last.value === '不计分')) {
    points = '0'
    end = tokens.length - 1
  } else if (last.type === 'word' && last.value === '满分') {
    points = 'full'
    end = tokens.length - 1
  } else if (last.type === 'unit' && last.value === 'points' && tokens[tokens.length - 2]?.type === 'number') {
    points = tokens[tokens.length - 2]!.value
    end = tokens.length - 2
  } else return undefined
  const verb = tokens[end - 1]
  if (verb?.type === 'word' && (verb.value === '计' || verb.value === '得')) end -= 1
  const before = tokens.slice(0, end)
  if (before.length === 0) return { kind: 'award', points }
  if (before.every((token) => token.type === 'text')) {
    const text = before.map((token) => token.value).join('').replace(/的$/, '')
    return { kind: 'award', text, points }
  }
  const condition = comparison(before)
  if (condition) return { kind: 'award', condition, points }
  // A criterion that happens to hold a keyword (降低行政成本效果较好的计6分) is still a label; a
  // number or a deduction is not.
  const structural = (token: Token) =>
    token.type === 'number' || (token.type === 'word' && (token.value === '每' || token.value === '扣'))
  if (before.some(structural)) return undefined
  return { kind: 'award', text: before.map((token) => token.value).join('').replace(/的$/, ''), points }
}

/** The statements of one clause (a clause may hold a deduction and its floor). */
export function statements(clause: string): Statement[] {
  return clauseStatements(clause).map((statement) => ({ ...statement, clause }))
}

function clauseStatements(clause: string): Statement0[] {
  if (FLOOR.test(clause) && clause.replace(FLOOR, '').trim() === '') return [{ kind: 'floor' }]
  const basis = BASIS.exec(clause)
  if (basis) return [{ kind: 'basis', value: basis[1]! }]
  if (NOT_APPLICABLE.test(clause)) return [{ kind: 'notApplicable', text: clause }]
  if (PROPORTIONAL.test(clause)) return [{ kind: 'proportional', multiplier: MULTIPLIER.exec(clause)?.[1] }]
  if (ASSESSOR.test(clause)) return [{ kind: 'assessor' }]
  const tokens = tokenize(clause)
  const deduct = deduction(tokens)
  if (deduct) return FLOOR.test(clause) ? [deduct, { kind: 'floor' }] : [deduct]
  const awarded = award(tokens)
  if (awarded) return [awarded]
  const condition = comparison(tokens)
  return condition ? [{ kind: 'condition', condition }] : [{ kind: 'text', text: clause }]
}

/**
 * A condition on its own followed by an award without one ("在职人员控制率≤100%，计5分"; "80%(含)-90%，
 * 计4分") are one award; so are a text and such an award ("建立制度的，得2分").
 */
function joined(list: readonly Statement[]): Statement[] {
  const out: Statement[] = []
  for (const statement of list) {
    const previous = out[out.length - 1]
    const bare = statement.kind === 'award' && !statement.condition && statement.text === undefined
    if (bare && previous?.kind === 'condition') {
      out[out.length - 1] = {
        kind: 'award',
        condition: previous.condition,
        points: statement.points,
        clause: `${previous.clause}，${statement.clause}`,
      }
    } else if (bare && previous?.kind === 'text') {
      out[out.length - 1] = {
        kind: 'award',
        text: previous.text.replace(/的$/, ''),
        points: statement.points,
        clause: `${previous.clause}，${statement.clause}`,
      }
    } else out.push(statement)
  }
  return out
}

export interface ChecklistItem {
  readonly text: string
  readonly points?: string
}

/** A standard read as statements, and its items when they are numbered ①②③ or (1)(2)(3). */
export interface Parsed {
  readonly statements: readonly Statement[]
  readonly items: readonly ChecklistItem[]
}

const ITEM_POINTS = /[,:]?\s*(?:计|得)?\s*(\d+(?:\.\d+)?)\s*分$/
const ITEM_MARK = /\((?:[1-9]|1\d|20)\)/g

export function parseStandard(standard: string): Parsed {
  let text = normalize(standard)
  if (!/[\u2460-\u2473]/u.test(text)) {
    let n = 0
    // (1)(2)… are item marks only when they count from (1) in order.
    text = text.replace(ITEM_MARK, (mark) => (mark === `(${n + 1})` ? String.fromCodePoint(0x2460 + n++) : mark))
  }
  const segments: string[] = ['']
  for (const char of text) {
    if (isCircled(char)) segments.push('')
    else segments[segments.length - 1] += char
  }
  const [preface, ...marked] = segments as [string, ...string[]]
  const rest: string[] = [preface]
  const items = marked.map((segment) => {
    const end = segment.search(/[;。\n]/)
    const body = (end < 0 ? segment : segment.slice(0, end)).trim()
    if (end >= 0) rest.push(segment.slice(end + 1))
    const points = ITEM_POINTS.exec(body)
    return points
      ? { text: body.slice(0, points.index).trim(), points: points[1]! }
      : { text: body.replace(/[,:]$/, '') }
  })
  const list = rest.flatMap((part) => clauses(part)).flatMap(statements)
  return { statements: joined(list), items }
}

export type Message = Bilingual

/** A rule read from a standard: what it is, what the reading assumed, and what it left unread. */
export interface Reading {
  readonly rule?: Rule
  readonly assumptions: Message[]
  /** Why the standard could not be read as a rule, when it could not. */
  readonly problems: Message[]
  readonly unread: string[]
  readonly notApplicable?: string
}

const FLOOR_ASSUMED: Message = {
  zh: '“扣完为止”读作得分不低于 0 分',
  en: '"扣完为止" (until nothing is left) is read as a floor of 0 points',
}
const NO_FLOOR: Message = {
  zh: '标准未写“扣完为止”，得分仍不低于 0 分（本服务的得分均不低于 0）',
  en: 'The standard does not say "扣完为止"; the score still does not go below 0 (no score of this service does)',
}
const PERCENT_STEP: Message = {
  zh: '步长“%”读作百分点（比率之差），不是相对百分比',
  en: 'A step written "%" is read as percentage points (a difference of rates), not a relative percentage',
}
const NO_UNIT: Message = {
  zh: '步长未写单位，读作百分点',
  en: 'The step has no unit; it is read as percentage points',
}

function rangeMessage(comparison: Extract<Comparison, { op: 'range' }>): Message {
  return comparison.inclusive === 'to'
    ? {
        zh: `区间 ${comparison.from}-${comparison.to}（含）读作 ${comparison.from}＜r≦${comparison.to}：“含”指上限`,
        en: `The range ${comparison.from}-${comparison.to} (含, inclusive) is read as ${comparison.from} < r ≤ ${comparison.to}: the upper bound is included`,
      }
    : {
        zh: `区间 ${comparison.from}-${comparison.to} 未写“含”，读作 ${comparison.from}＜r≦${comparison.to}`,
        en: `The range ${comparison.from}-${comparison.to} does not say which bound is included; it is read as ${comparison.from} < r ≤ ${comparison.to}`,
      }
}

type Band = Extract<Rule, { kind: 'bands' }>['bands'][number]

export interface Context {
  readonly maxScore: string
}

class Reader {
  readonly assumptions: Message[] = []
  readonly problems: Message[] = []
  readonly used = new Set<Statement>()
  constructor(
    readonly parsed: Parsed,
    readonly context: Context,
  ) {}

  of<K extends Statement['kind']>(kind: K): Extract<Statement, { kind: K }>[] {
    return this.parsed.statements.filter((s): s is Extract<Statement, { kind: K }> => s.kind === kind)
  }

  use<T extends Statement>(list: readonly T[]): readonly T[] {
    for (const statement of list) this.used.add(statement)
    return list
  }

  number(text: string): string {
    const value = rubricNumber(text)
    if (value === undefined)
      this.problems.push({
        zh: `数值 ${text} 超出评价体系可写的范围（最多 15 位整数、6 位小数）`,
        en: `The number ${text} is beyond what a rubric can hold (15 integer and 6 fractional digits)`,
      })
    return value ?? '0'
  }

  points(points: string | 'full'): string {
    return points === 'full' ? this.context.maxScore : this.number(points)
  }

  floor(): void {
    const floors = this.use(this.of('floor'))
    this.assumptions.push(floors.length > 0 ? FLOOR_ASSUMED : NO_FLOOR)
  }

  stepDeduction(deducts: readonly Extract<Statement, { kind: 'deduct' }>[]): Rule | undefined {
    this.use(deducts)
    const first = deducts[0]!
    let direction = first.direction
    for (const deduct of deducts.slice(1)) {
      if (deduct.step !== first.step || deduct.points !== first.points) {
        this.problems.push({
          zh: '多条“每…扣…分”的步长或扣分不同，无法读作一条规则',
          en: 'Several "每…扣…分" with different steps or points cannot be read as one rule',
        })
        return undefined
      }
      direction = direction === deduct.direction ? direction : 'both'
    }
    if (!direction) {
      this.problems.push({
        zh: '“每…扣…分”未写超过还是低于',
        en: '"每…扣…分" does not say whether over or under',
      })
      return undefined
    }
    const limits = new Set<string>()
    for (const basis of this.use(this.of('basis'))) limits.add(this.number(basis.value))
    for (const award of this.of('award')) {
      if (award.text !== undefined) continue
      this.use([award])
      const points = this.points(award.points)
      if (!new Dec(points).eq(new Dec(this.context.maxScore))) {
        this.problems.push({
          zh: `在限值内计 ${points} 分，而该指标分值为 ${this.context.maxScore}：按步扣分的规则在限值内给满分`,
          en: `The standard gives ${points} points within the limit, but the indicator is worth ${this.context.maxScore}; a step deduction gives full marks within its limit`,
        })
      }
      if (award.condition && award.condition.op !== 'range') limits.add(this.number(award.condition.value))
    }
    for (const condition of this.use(this.of('condition'))) {
      if (condition.condition.op !== 'range') limits.add(this.number(condition.condition.value))
    }
    const canonical = new Set([...limits].map((limit) => new Dec(limit).toFixed()))
    if (canonical.size !== 1) {
      this.problems.push(
        canonical.size === 0
          ? { zh: '找不到限值（如“≤100%”“以100%为标准”）', en: 'No limit found (such as "≤100%" or "以100%为标准")' }
          : {
              zh: `限值不一致：${[...canonical].join('、')}`,
              en: `The limits disagree: ${[...canonical].join(', ')}`,
            },
      )
      return undefined
    }
    if (first.unit === '%') this.assumptions.push(PERCENT_STEP)
    if (first.unit === undefined) this.assumptions.push(NO_UNIT)
    this.floor()
    return {
      kind: 'stepDeduction',
      limit: [...canonical][0]!,
      direction,
      step: this.number(first.step),
      pointsPerStep: this.number(first.points),
    }
  }

  bands(awards: readonly Extract<Statement, { kind: 'award' }>[]): Rule | undefined {
    this.use(awards)
    const votes = (test: (c: Comparison) => boolean) => awards.filter((award) => test(award.condition!)).length
    const up = votes((c) => c.op === '≤' || (c.op === 'range' && c.inclusive !== 'from'))
    const down = votes((c) => c.op === '≥' || (c.op === 'range' && c.inclusive === 'from'))
    if (up > 0 && down > 0) {
      this.problems.push({
        zh: '分档有的写上限（≤、以下、X-Y（含））有的写下限（≥、以上、X（含）-Y），无法读作一个方向的有序分档',
        en: 'Some bands give an upper bound (≤, 以下, X-Y(含)) and some a lower bound (≥, 以上, X(含)-Y); ' +
          'they cannot be read as bands in one order',
      })
      return undefined
    }
    const descending = down > 0 || (up === 0 && votes((c) => c.op === '>') > 0)
    type Entry = { band: Band; bound: Dec } | { complement: Dec; points: string }
    const entries: Entry[] = []
    for (const { condition, points: written } of awards) {
      const c = condition!
      const points = this.points(written)
      if (c.op === 'range') {
        if (c.inclusive === 'from') {
          entries.push({ band: { atLeast: this.number(c.from), points }, bound: new Dec(c.from) })
        } else {
          this.assumptions.push(rangeMessage(c))
          entries.push({ band: { upTo: this.number(c.to), points }, bound: new Dec(c.to) })
        }
      } else if (c.op === '≤' || (c.op === '=' && !descending)) {
        if (c.op === '=')
          this.assumptions.push({
            zh: `“=${c.value}”读作 ≤${c.value}（低于 ${c.value} 同计 ${points} 分）`,
            en: `"=${c.value}" is read as ≤ ${c.value} (below ${c.value} also scores ${points})`,
          })
        entries.push({ band: { upTo: this.number(c.value), points }, bound: new Dec(c.value) })
      } else if (c.op === '≥' || c.op === '=') {
        if (c.op === '=')
          this.assumptions.push({
            zh: `“${c.value}”读作 ≥${c.value}`,
            en: `"${c.value}" is read as ≥ ${c.value}`,
          })
        entries.push({ band: { atLeast: this.number(c.value), points }, bound: new Dec(c.value) })
      } else if (c.op === '>' && descending) {
        entries.push({ band: { above: this.number(c.value), points }, bound: new Dec(c.value) })
      } else {
        entries.push({ complement: new Dec(c.value), points })
      }
    }
    const bounded = entries.filter((e): e is Extract<Entry, { band: Band }> => 'band' in e)
    bounded.sort((a, b) => (descending ? b.bound.cmp(a.bound) : a.bound.cmp(b.bound)))
    const complements = entries.filter((e): e is Extract<Entry, { complement: Dec }> => 'complement' in e)
    const edge = bounded[bounded.length - 1]?.bound
    const bands: Band[] = bounded.map((entry) => entry.band)
    if (complements.length > 1 || (complements[0] && (!edge || !complements[0].complement.eq(edge)))) {
      this.problems.push({
        zh: '分档的条件不相接（如“大于X”“低于X”须与相邻档的边界相同），无法读作有序分档',
        en: 'The bands do not meet (a "大于X" or "低于X" must share the bound of the band next to it); ' +
          'they cannot be read as ordered bands',
      })
      return undefined
    }
    if (complements[0]) bands.push({ points: complements[0].points })
    else {
      bands.push({ points: '0' })
      this.assumptions.push({
        zh: '标准未写其余情形，其余情形计 0 分',
        en: 'The standard does not cover every value; any other value scores 0',
      })
    }
    return { kind: 'bands', bands }
  }
}

/** Labels of levels that a table writes after the criterion (…效果较好的计6分). */
const LEVEL_WORDS = ['优秀', '良好', '较好', '较差', '一般', '合格', '不合格', '好', '差', '优', '良', '中']

export interface Labelled {
  readonly label: string
  readonly points: string
}

/** The rule of a standard read as statements (and items), or why there is none. */
export function readRule(parsed: Parsed, context: Context): Reading {
  const reader = new Reader(parsed, context)
  const rule = chooseRule(reader)
  const unread = parsed.statements
    .filter((statement) => !reader.used.has(statement) && statement.kind !== 'notApplicable')
    .map((statement) => statement.clause)
    .filter((clause, i, all) => all.indexOf(clause) === i)
  const notApplicable = parsed.statements.find((s) => s.kind === 'notApplicable')?.text
  if (!rule || reader.problems.length > 0)
    return { assumptions: [], problems: reader.problems, unread, notApplicable }
  return { rule, assumptions: reader.assumptions, problems: [], unread, notApplicable }
}

/** As many items, levels or bands as a rubric may hold (schemas/rubric.ts). */
export const MAX_ENTRIES = 20

function chooseRule(reader: Reader): Rule | undefined {
  const rule = readKind(reader)
  const entries =
    rule?.kind === 'checklist' ? rule.items : rule?.kind === 'violations' ? rule.categories
      : rule?.kind === 'levels' ? rule.levels : rule?.kind === 'bands' ? rule.bands : []
  return entries.length > MAX_ENTRIES ? tooMany(reader, entries.length) : rule
}

function tooMany(reader: Reader, count: number): undefined {
  reader.problems.push({
    zh: `读出 ${count} 项（档），评价体系每条规则最多 ${MAX_ENTRIES} 项`,
    en: `${count} items (or bands) were read; a rubric's rule holds at most ${MAX_ENTRIES}`,
  })
  return undefined
}

function readKind(reader: Reader): Rule | undefined {
  const { items } = reader.parsed
  const deducts = reader.of('deduct')
  const caseDeducts = deducts.filter((deduct) => deduct.unit === 'cases')
  const rateDeducts = deducts.filter((deduct) => deduct.unit !== 'cases')
  if (items.length > 0) return listRule(reader, caseDeducts)
  const proportional = reader.of('proportional')
  if (proportional.length > 0) {
    reader.use(proportional)
    const multiplier = proportional.find((p) => p.multiplier)?.multiplier
    if (multiplier && !new Dec(multiplier).eq(new Dec(reader.context.maxScore))) {
      reader.problems.push({
        zh: `公式乘以 ${multiplier}，而该指标分值为 ${reader.context.maxScore}`,
        en: `The formula multiplies by ${multiplier}, but the indicator is worth ${reader.context.maxScore}`,
      })
      return undefined
    }
    reader.assumptions.push({
      zh: '得分 = 分值 × 完成率，完成率超过 100% 按 100% 计',
      en: 'Score = points × completion rate, a rate above 100% counted as 100%',
    })
    return { kind: 'proportional', cap: '100' }
  }
  if (rateDeducts.length > 0) return reader.stepDeduction(rateDeducts)
  if (caseDeducts.length > 0) {
    const [deduct] = reader.use(caseDeducts)
    reader.floor()
    return {
      kind: 'violations',
      pointsPerViolation: reader.number(deduct!.points),
      categories: [{ id: 'violation', text: deduct!.text || '不符合要求', textEn: 'A case against the standard' }],
    }
  }
  const awards = reader.of('award')
  const conditioned = awards.filter((award) => award.condition)
  if (conditioned.length > 0) return reader.bands(conditioned)
  const labelled = awards.filter((award) => award.text !== undefined)
  if (labelled.length >= 2) return labelledRule(reader, labelled)
  const assessor = reader.of('assessor')
  if (assessor.length > 0) {
    reader.use(assessor)
    return { kind: 'assessorScore' }
  }
  reader.problems.push({
    zh: '评价标准中没有可读作计分规则的表述（分档、按步扣分、比例、清单、档次或评价人员评分）',
    en: 'The standard has no wording this grammar reads as a rule (bands, a deduction per step, a proportion, ' +
      'a checklist, levels or an assessor\'s score)',
  })
  return undefined
}

function listRule(reader: Reader, caseDeducts: readonly Extract<Statement, { kind: 'deduct' }>[]): Rule | undefined {
  const { items } = reader.parsed
  if (items.length > MAX_ENTRIES) return tooMany(reader, items.length)
  if (caseDeducts.length > 0) {
    const [deduct] = reader.use(caseDeducts)
    reader.floor()
    return {
      kind: 'violations',
      pointsPerViolation: reader.number(deduct!.points),
      categories: items.map((item, i) => ({ id: `case${i + 1}`, text: item.text, textEn: item.text })),
    }
  }
  const written = items.filter((item) => item.points !== undefined)
  if (written.length === 0) {
    const each = new Dec(reader.context.maxScore).div(items.length)
    const points = rubricNumber(each.toFixed())
    if (points === undefined) {
      reader.problems.push({
        zh: `清单各项未写分值，${reader.context.maxScore} 分不能均分为 ${items.length} 项`,
        en: `The items have no points and ${reader.context.maxScore} does not divide into ${items.length} items`,
      })
      return undefined
    }
    reader.assumptions.push({
      zh: `清单各项未写分值，按 ${items.length} 项均分，每项 ${points} 分`,
      en: `The items have no points; the ${items.length} items share the points equally, ${points} each`,
    })
    return checklist(items.map((item) => ({ ...item, points })))
  }
  if (written.length !== items.length) {
    reader.problems.push({
      zh: '清单中有的项写了分值，有的没写',
      en: 'Some items of the checklist have points and some do not',
    })
    return undefined
  }
  return checklist(items.map((item) => ({ text: item.text, points: reader.number(item.points!) })))
}

function checklist(items: readonly { text: string; points: string }[]): Rule {
  return {
    kind: 'checklist',
    items: items.map((item, i) => ({ id: `item${i + 1}`, text: item.text, textEn: item.text, points: item.points })),
  }
}

/** "…较好的计6分；一般3分；差0分" (levels) or "建立制度的，得2分；…" (a checklist). */
function labelledRule(reader: Reader, awards: readonly Extract<Statement, { kind: 'award' }>[]): Rule {
  reader.use(awards)
  const labelled = awards.map((award) => ({ text: award.text!, points: reader.points(award.points) }))
  const levelWord = (text: string) => LEVEL_WORDS.find((word) => text.endsWith(word))
  if (labelled.some((entry) => levelWord(entry.text))) {
    const codes = new Set<string>()
    return {
      kind: 'levels',
      levels: labelled.map((entry, i) => {
        const label = levelWord(entry.text) ?? entry.text
        return { code: levelCode(label, i, codes), label, labelEn: label, points: entry.points }
      }),
    }
  }
  return checklist(labelled)
}

const LEVEL_CODES: Readonly<Record<string, string>> = {
  优秀: 'excellent', 优: 'excellent', 良好: 'good', 良: 'good', 好: 'good', 较好: 'fairlyGood', 中: 'fair',
  一般: 'average', 合格: 'pass', 较差: 'fairlyPoor', 差: 'poor', 不合格: 'fail',
}

function levelCode(label: string, index: number, codes: Set<string>): string {
  const known = LEVEL_CODES[label]
  const code = known && !codes.has(known) ? known : `level${index + 1}`
  codes.add(code)
  return code
}

/** A standard read whole: its statements, then its rule. */
export function readStandard(standard: string, context: Context): Reading {
  return readRule(parseStandard(standard), context)
}
