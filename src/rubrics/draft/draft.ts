// A bureau's indicator table (the columns 一级指标 / 分值 / 二级指标 / 分值 / 三级指标 / 分值 / 评价标准 /
// 指标说明) drafted into a rubric: categories from the merged level cells, a rule per row from its
// 评价标准 (./grammar.ts), a measure per row from the catalogue (./catalogue.ts), and a finding per
// row saying what was read, assumed or not read.
import type { Language } from '../../core/language.js'
import type { ProblemError } from '../../../schemas/problem.js'
import type { Measure, Rubric, RubricCategory, RubricIndicator, Rule } from '../../../schemas/rubric.js'
import type { DraftFinding, DraftTable } from '../../../schemas/draft.js'
import { UNSIGNED_DECIMAL_PATTERN } from '../../../schemas/common.js'
import { Dec, ZERO } from '../../engine/decimal.js'
import { CATEGORY_NAMES, matchName, missingTerms, nameKey, type CatalogueEntry, type Feeds } from './catalogue.js'
import { normalize } from './lexer.js'
import { readStandard, type Message, type Reading } from './grammar.js'

const AMOUNT = new RegExp(UNSIGNED_DECIMAL_PATTERN)

/** A points cell: a number or a text such as "８", "5分" or " 5 ". */
function amount(cell: unknown): string | undefined {
  const text = normalize(String(cell)).trim().replace(/分$/, '').trim()
  return AMOUNT.test(text) ? new Dec(text).toFixed() : undefined
}

function blank(cell: unknown): boolean {
  return cell === undefined || (typeof cell === 'string' && cell.trim() === '')
}

const GRADES: Rubric['grades'] = [
  { code: 'excellent', label: '优', labelEn: 'excellent', minScore: '90' },
  { code: 'good', label: '良', labelEn: 'good', minScore: '80' },
  { code: 'fair', label: '中', labelEn: 'fair', minScore: '60' },
  { code: 'poor', label: '差', labelEn: 'poor', minScore: '0' },
]

function feeds(rule: Rule): Feeds {
  switch (rule.kind) {
    case 'checklist':
    case 'violations':
    case 'levels':
      return rule.kind
    case 'assessorScore':
      return 'score'
    default:
      return 'rate'
  }
}

interface Measured {
  readonly measure: Measure
  readonly rule: Rule
  readonly entry?: CatalogueEntry
  readonly assumptions: Message[]
  readonly input?: Message
}

/** The catalogue's measure, with the rule's item ids and level codes made the request's own. */
function catalogued(entry: CatalogueEntry, rule: Rule): Rule | undefined {
  if (feeds(rule) !== entry.feeds) return undefined
  if (rule.kind === 'checklist' || rule.kind === 'violations') {
    const list = rule.kind === 'checklist' ? rule.items : rule.categories
    if (list.length !== entry.items!.length) return undefined
    const named = list.map((item, i) => ({ ...item, id: entry.items![i]!.id, textEn: entry.items![i]!.textEn }))
    return rule.kind === 'checklist' ? { ...rule, items: named as typeof rule.items } : { ...rule, categories: named }
  }
  if (rule.kind === 'levels') {
    if (rule.levels.length !== entry.levels!.length) return undefined
    const points = (i: number) => new Dec(rule.levels[i]!.points)
    const order = rule.levels.map((_, i) => i).sort((a, b) => points(b).cmp(points(a)))
    const levels = rule.levels.map((level) => ({ ...level }))
    order.forEach((index, rank) => {
      levels[index] = { ...levels[index]!, code: entry.levels![rank]!.code, labelEn: entry.levels![rank]!.labelEn }
    })
    return { ...rule, levels }
  }
  return rule
}

const RATE_PARTS = /=\s*[[(（]*\s*([^/=]+?)\s*\/\s*([^)）\]×*=]+?)\s*[)）\]]*\s*[×*]/

/** A measure of assessments.custom for an indicator the request cannot feed, and the input it needs. */
function customMeasure(id: string, name: string, rule: Rule, formula: string | undefined): Measured {
  const at = `/assessments/custom/${id}`
  const kind = feeds(rule)
  if (kind !== 'rate') {
    const field = { checklist: 'items', violations: 'counts', levels: 'level', score: 'score' }[kind]
    const what: Record<typeof kind, Message> = {
      checklist: { zh: '各项是否符合（true/false）', en: 'each item met or not (true/false)' },
      violations: { zh: '各类不符合要求的例数', en: 'the count of cases per category' },
      levels: { zh: '所评档次的 code', en: 'the code of the level chosen' },
      score: { zh: '评价人员评分（0 至该指标分值）', en: "the assessor's score (0 to the indicator's points)" },
    }
    return {
      measure: { kind: 'value', pointer: `${at}/${field}` },
      rule,
      assumptions: [],
      input: {
        zh: `请求无此数据：平台须在 assessments.custom.${id}.${field} 中提供${what[kind].zh}`,
        en: `The request has no field for it: the platform must send ${what[kind].en} in assessments.custom.${id}.${field}`,
      },
    }
  }
  const parts = formula ? RATE_PARTS.exec(normalize(formula)) : null
  const change = /变动率|增长率|增幅|变化率/.test(name)
  const [actual, target] = parts ? [parts[1]!.trim(), parts[2]!.trim()] : ['分子', '分母']
  const [actualEn, targetEn] = parts ? [parts[1]!.trim(), parts[2]!.trim()] : ['the numerator', 'the denominator']
  return {
    measure: change
      ? { kind: 'ratio', numerator: { add: [`${at}/actual`], subtract: [`${at}/target`] }, denominator: `${at}/target` }
      : { kind: 'ratio', numerator: `${at}/actual`, denominator: `${at}/target` },
    rule,
    assumptions: [],
    input: change
      ? {
          zh: `请求无此数据：平台须在 assessments.custom.${id} 中提供 actual（本期数）与 target（基数），按 (actual − target) / target × 100% 计算`,
          en: `The request has no field for it: the platform must send actual (this period) and target (the base) in assessments.custom.${id}, read as (actual − target) / target × 100%`,
        }
      : {
          zh: `请求无此数据：平台须在 assessments.custom.${id} 中提供 actual（${actual}）与 target（${target}），按 actual / target × 100% 计算`,
          en: `The request has no field for it: the platform must send actual (${actualEn}) and target (${targetEn}) in assessments.custom.${id}, read as actual / target × 100%`,
        },
  }
}

function formulaOf(description: string | undefined): string | undefined {
  const line = description?.split('\n')[0]!.split(/[，,]/)[0]!.replace(/[\s。]+$/, '')
  return line && /[=＝]/.test(line) ? line : undefined
}

/** Unread clauses quoted within a note's length: each up to 100 characters, all up to 1,500. */
function quote(clauses: readonly string[]): string {
  const cut = (text: string, length: number) => (text.length > length ? `${text.slice(0, length)}…` : text)
  return cut(clauses.map((clause) => cut(clause, 100)).join('；'), 1500)
}

export interface DraftResult {
  readonly rubric: Rubric
  readonly findings: DraftFinding[]
}

/**
 * The rubric a table drafts, a finding per row, or the cells that cannot be read at all (points
 * that are not numbers, a first row without its levels): those make the request a 400.
 */
export function draftRubric(table: DraftTable, language: Language): DraftResult | { errors: ProblemError[] } {
  const errors: ProblemError[] = []
  const notes: Message[] = []
  const categories: (RubricCategory & { written?: string })[] = []
  const ids = new Set<string>()
  const claim = (wanted: string | undefined, generated: string) => {
    const id = wanted && !ids.has(wanted) ? wanted : generated
    ids.add(id)
    return id
  }
  const findings: DraftFinding[] = []
  const say = (message: Message) => message[language]
  type Group = RubricCategory['children'][number] & { written?: string }
  let group: Group | undefined
  table.rows.forEach((row, r) => {
    const pointer = `/rows/${r}`
    const points = amount(row.points)
    if (points === undefined)
      errors.push({ pointer: `${pointer}/points`, rule: 'decimal', message: 'not a number of points', received: row.points })
    for (const [key, cell] of [['level1Points', row.level1Points], ['level2Points', row.level2Points]] as const) {
      if (!blank(cell) && amount(cell) === undefined)
        errors.push({ pointer: `${pointer}/${key}`, rule: 'decimal', message: 'not a number of points', received: cell })
    }
    let category = categories[categories.length - 1]
    const level1 = row.level1?.trim()
    if (level1 && nameKey(level1) !== nameKey(category?.name ?? '')) {
      const known = CATEGORY_NAMES[nameKey(level1)]
      category = {
        id: claim(known?.id, `category${categories.length + 1}`),
        name: level1,
        nameEn: known?.nameEn ?? level1,
        maxScore: '0',
        children: [],
      }
      categories.push(category)
      group = undefined
    }
    if (!category) {
      errors.push({ pointer: `${pointer}/level1`, rule: 'required', message: 'the first row must name its 一级指标' })
      return
    }
    if (!blank(row.level1Points) && category.written === undefined) category.written = amount(row.level1Points)
    const level2 = row.level2?.trim()
    if (level2 && nameKey(level2) !== nameKey(group?.name ?? '')) {
      const known = CATEGORY_NAMES[nameKey(level2)]
      group = {
        id: claim(known?.id, `group${categories.reduce((n, c) => n + c.children.length, 0) + 1}`),
        name: level2,
        nameEn: known?.nameEn ?? level2,
        maxScore: '0',
        indicators: [],
      }
      category.children.push(group)
    }
    if (!group) {
      errors.push({ pointer: `${pointer}/level2`, rule: 'required', message: 'the first row of a 一级指标 must name its 二级指标' })
      return
    }
    if (!blank(row.level2Points) && group.written === undefined) group.written = amount(row.level2Points)
    if (points === undefined) return
    const reading: Reading = readStandard(row.standard, { maxScore: points })
    const matched = matchName(row.name)
    const id = claim(matched?.entry.id, `indicator${r + 1}`)
    const rule: Rule = reading.rule ?? { kind: 'assessorScore' }
    const formula = formulaOf(row.description)
    const assumptions = [...reading.assumptions]
    let measured: Measured
    const fitted = matched && matched.entry.id === id ? catalogued(matched.entry, rule) : undefined
    if (matched && fitted) {
      const missing = missingTerms(matched.entry, formula)
      if (missing.length > 0)
        assumptions.push({
          zh: `指标说明的公式未提到“${missing.join('”“')}”，仍按目录的“${matched.entry.names[0]}”计算`,
          en: `The formula in 指标说明 does not mention "${missing.join('", "')}"; the catalogue's measure of ${matched.entry.names[0]} is used all the same`,
        })
      if (!matched.exact)
        assumptions.push({
          zh: `指标名称按目录中的“${matched.entry.names[0]}”读取`,
          en: `The name is read as the catalogue's ${matched.entry.names[0]}`,
        })
      measured = { measure: matched.entry.measure, rule: fitted, entry: matched.entry, assumptions: [] }
    } else {
      measured = customMeasure(id, nameKey(row.name), rule, formula)
      if (matched)
        assumptions.push({
          zh: `目录中的“${matched.entry.names[0]}”不能提供该规则的数据（或已被前面的行使用），改用自定义数据`,
          en: `The catalogue's ${matched.entry.names[0]} cannot feed this rule (or an earlier row took it); custom inputs are used instead`,
        })
    }
    const unread = [...reading.unread]
    const measure = measured.measure
    if (reading.notApplicable && !('notApplicableWhen' in measure && measure.notApplicableWhen))
      unread.push(reading.notApplicable)
    if (unread.length > 0) {
      const quoted = quote(unread)
      assumptions.push({
        zh: `以下文字未读作规则（原文保留在 standard 中）：${quoted}`,
        en: `This text was not read as part of the rule (it stays in standard): ${quoted}`,
      })
    }
    const status = !reading.rule ? 'unparsed' : assumptions.length > 0 ? 'assumed' : 'parsed'
    const reasons = reading.problems.map(say)
    if (!reading.rule)
      assumptions.push({
        zh: '以评价人员评分（assessorScore）代替，草稿仍可校验',
        en: "An assessor's score (assessorScore) stands in, so that the draft validates",
      })
    const indicator: RubricIndicator = {
      id,
      name: row.name.trim(),
      nameEn: measured.entry?.nameEn ?? row.name.trim(),
      maxScore: points,
      standard: row.standard,
      ...(row.description ? { description: row.description } : {}),
      ...(formula ? { formula } : {}),
      measure,
      rule: measured.rule,
      ...(assumptions.length > 0
        ? { notes: assumptions.map((a) => a.zh), notesEn: assumptions.map((a) => a.en) }
        : {}),
    }
    group.indicators.push(indicator)
    findings.push({
      row: r,
      pointer,
      indicatorId: id,
      name: indicator.name,
      status,
      rule: measured.rule.kind,
      measure: measured.entry ? 'catalogue' : 'custom',
      ...(measured.entry ? { catalogueEntry: measured.entry.id } : {}),
      assumptions: assumptions.map(say),
      reasons,
      ...(measured.input ? { input: say(measured.input) } : {}),
    })
  })
  if (errors.length > 0) return { errors }
  const sum = (list: readonly { maxScore: string }[]) => list.reduce((s, item) => s.plus(item.maxScore), ZERO)
  for (const category of categories) {
    for (const child of category.children as Group[]) {
      child.maxScore = child.written ?? sum(child.indicators).toFixed()
      if (child.written === undefined)
        notes.push({
          zh: `二级指标“${child.name}”未写分值，取其下指标分值之和 ${child.maxScore}`,
          en: `The 二级指标 ${child.name} has no points; the sum of its indicators, ${child.maxScore}, is used`,
        })
      delete child.written
    }
    category.maxScore = category.written ?? sum(category.children).toFixed()
    if (category.written === undefined)
      notes.push({
        zh: `一级指标“${category.name}”未写分值，取其下二级指标分值之和 ${category.maxScore}`,
        en: `The 一级指标 ${category.name} has no points; the sum of its 二级指标, ${category.maxScore}, is used`,
      })
    delete category.written
  }
  notes.push({
    zh: '评价等级按本服务默认：≥90 优，80–90 良，60–80 中，<60 差',
    en: "Grades are the service's default: ≥ 90 excellent, 80–90 good, 60–80 fair, < 60 poor",
  })
  const rubric: Rubric = {
    id: table.id,
    version: table.version,
    title: table.title,
    titleEn: table.titleEn ?? table.title,
    maxScore: sum(categories).toFixed(),
    grades: GRADES,
    categories,
    notes: notes.map((note) => note.zh),
    notesEn: notes.map((note) => note.en),
  }
  return { rubric, findings }
}
