import type { EvaluationRequest, DeductionMode } from '../../schemas/evaluation-request.js'
import type { EvaluationWarning } from '../../schemas/evaluation-response.js'
import type { ItemDigest } from '../batch-summary.js'
import { ascii, explainValues, jsonWriter, type Language, type ReasonCode } from './explain.js'
import { formatHundredths, hundredthsOf, millionthsOf, plain, safe } from './fixed.js'
import type { FallbackUse } from './measure.js'
import { InputsRead, type IndicatorPlan, type Outcome, type Plan, type Reading } from './plan.js'
import type { ReasonValue } from './rules.js'
import { compactValuesJson, type View } from './view.js'
import { jsonBytes, quoteBytes } from './utf8.js'
import { warningMessage } from './warnings.js'

/**
 * An evaluation as the UTF-8 bytes of its JSON (a byte string, src/engine/utf8.ts), and the little
 * of it a batch summary and the metrics read.
 */
export interface Answer {
  readonly bytes: string
  readonly digest: NonNullable<ItemDigest['evaluation']>
}

type Status = 'scored' | 'notApplicable' | 'missingData'

/** One indicator scored: the score in hundredths (null when data is missing) and why. */
interface Scored {
  readonly status: Status
  readonly score: number | null
  readonly value: string | null
  readonly unit: string | null
  readonly code: ReasonCode
  readonly values: Record<string, ReasonValue>
  /** The members of `reason.values` as JSON. */
  readonly valuesJson: string
  readonly notes: readonly string[]
  readonly labels?: Record<string, ReasonValue>
}

const json = jsonBytes

const quoteAll = (texts: readonly string[]) => `[${texts.map(quoteBytes).join(',')}]`

/** Most indicators have no note: one empty list for all of them. */
const NO_NOTES: readonly string[] = []

function missingData(missing: readonly string[]): Scored {
  const values = { missing: [...missing] }
  return {
    status: 'missingData',
    score: null,
    value: null,
    unit: null,
    code: 'MISSING_DATA',
    values,
    valuesJson: `"missing":${quoteAll(missing)}`,
    notes: NO_NOTES,
  }
}

function scoreOutcome(indicator: IndicatorPlan, outcome: Outcome, mode: DeductionMode, language: Language): Scored {
  switch (outcome.kind) {
    case 'missing':
      return missingData(outcome.missing)
    case 'notApplicable':
      return {
        status: 'notApplicable',
        score: indicator.maxShown,
        value: null,
        unit: null,
        code: 'NOT_APPLICABLE',
        values: { pointer: outcome.pointer },
        valuesJson: `"pointer":${quoteBytes(outcome.pointer)}`,
        notes: NO_NOTES,
        labels: { reasonText: outcome.reason.text, reasonTextEn: outcome.reason.textEn },
      }
    case 'bothZero':
      return {
        status: 'notApplicable',
        score: indicator.maxShown,
        value: null,
        unit: null,
        code: 'BOTH_ZERO',
        values: {},
        valuesJson: '',
        notes: NO_NOTES,
      }
    case 'zeroDenominator': {
      const values = { numerator: plain(outcome.numerator), denominator: [...outcome.denominator] }
      const valuesJson = `"numerator":"${values.numerator}","denominator":${quoteAll(values.denominator)}`
      return {
        status: 'scored',
        score: 0,
        value: null,
        unit: null,
        code: 'ZERO_DENOMINATOR',
        values,
        valuesJson,
        notes: NO_NOTES,
      }
    }
    case 'rate': {
      const { score, code, values, valuesJson, value, unit } = indicator.rate!(outcome.rate, mode)
      const note = outcome.negativeNote
      if (!note) return { status: 'scored', score, code, values, valuesJson, value, unit, notes: NO_NOTES }
      values.negative = true
      const notes = [language === 'zh' ? note.text : note.textEn]
      return { status: 'scored', score, code, values, valuesJson: `${valuesJson},"negative":true`, value, unit, notes }
    }
    case 'raw': {
      const result = indicator.answer!(outcome.value, outcome.pointer)
      if ('missing' in result) return missingData(result.missing)
      return { status: 'scored', ...result, notes: NO_NOTES, labels: indicator.labels?.(result.values) }
    }
  }
}

/**
 * Parts of an indicator's JSON that a few values decide, written once each: every part joined
 * into an answer is a piece of the rope that is flattened into the Buffer sent, and costs about as
 * much as the bytes it carries (README, Performance).
 */
const STATUS_THEN_VALUE: Record<Status, string> = {
  scored: ',"status":"scored","value":',
  notApplicable: ',"status":"notApplicable","value":',
  missingData: ',"status":"missingData","value":',
}

/** `,"unit":…` by unit: the rule kinds' own few (%, items, cases, points, none). */
const UNITS = new Map<string | null, string>([[null, ',"unit":null']])
function unitJson(unit: string | null): string {
  let json = UNITS.get(unit)
  if (json === undefined) {
    json = `,"unit":${quoteBytes(unit!)}`
    UNITS.set(unit, json)
  }
  return json
}

/** What opens the reason after the explanation (full view) or after the unit (compact view), by reason code. */
const REASON_HEADS = new Map<ReasonCode, { readonly full: string; readonly scores: string }>()
function reasonHeads(code: ReasonCode): { readonly full: string; readonly scores: string } {
  let heads = REASON_HEADS.get(code)
  if (heads === undefined) {
    heads = { full: `","reason":{"code":"${code}","values":{`, scores: `,"reason":{"code":"${code}","values":` }
    REASON_HEADS.set(code, heads)
  }
  return heads
}

const scoreJson = (hundredths: number | null) => (hundredths === null ? 'null' : `"${formatHundredths(hundredths)}"`)

/**
 * The indicators' JSON joined by concatenation: a join would flatten every part now, and the answer
 * once more on its way out.
 */
function indicatorsJson(answers: readonly IndicatorAnswer[]): string {
  let text = ''
  for (const answer of answers) text += text === '' ? answer.json : `,${answer.json}`
  return text
}

/** What every indicator of one evaluation reads: the deduction mode, the language, the view and the claims. */
interface Settings {
  readonly mode: DeductionMode
  readonly language: Language
  readonly view: View
  readonly claims: Record<string, number | string> | undefined
}

interface IndicatorAnswer {
  readonly json: string
  readonly score: number | null
  readonly scoreText: string | null
  readonly deduction: string | null
  readonly selfScore: number | null
  readonly status: Status
}

/** The categories' and groups' JSON with their subtotals, and the total, in hundredths. */
function categoryTotals(plan: Plan, answers: readonly IndicatorAnswer[], view: View): { json: string; total: number } {
  let total = 0
  let json = ''
  for (const category of plan.categories) {
    let categoryScore = 0
    let groupsJson = ''
    for (const group of category.groups) {
      let groupScore = 0
      for (let index = group.start; index < group.end; index++) groupScore += answers[index]!.score ?? 0
      categoryScore += groupScore
      const shown = `"${formatHundredths(groupScore)}"`
      const groupJson = view === 'full' ? `${group.head}${shown}${group.tail}` : `${group.headScores}${shown}}`
      groupsJson += groupsJson === '' ? groupJson : `,${groupJson}`
    }
    total += categoryScore
    const head = view === 'full' ? category.head : category.headScores
    json += `${json === '' ? '' : ','}${head}"${formatHundredths(categoryScore)}","children":[${groupsJson}]}`
  }
  return { json, total: safe(total) }
}

/**
 * Scores one department on a compiled plan and writes its answer as JSON text, byte for byte the
 * JSON of the interpreter's evaluation (src/engine/evaluate.ts) or of its compact view. Throws
 * OUT_OF_RANGE (src/engine/fixed.ts) when a value leaves the range in which it is proven exact,
 * and `deductionMode: proportional` or `roundRateBeforeScoring: false` are not taken here at all:
 * those go to the interpreter.
 */
export function answerPlan(plan: Plan, request: EvaluationRequest, language: Language, view: View): Answer {
  const mode: DeductionMode = request.options?.deductionMode ?? 'perFullStep'
  const claims = request.selfAssessment?.scores
  const settings: Settings = { mode, language, view, claims }
  const fallbacks: FallbackUse[] = []
  const answers = plan.indicators.map((indicator) => answerIndicator(indicator, request, settings, fallbacks))

  const { json: categoriesJson, total } = categoryTotals(plan, answers, view)
  const complete = answers.every((indicator) => indicator.status !== 'missingData')
  const grade = complete ? plan.grades.find((candidate) => total >= candidate.min) : undefined
  const totalText = formatHundredths(total)
  const department = request.department
  const code = department.code === undefined ? '' : `,"code":${quoteBytes(department.code)}`
  const departmentJson = `{"name":${quoteBytes(department.name)}${code}}`
  const roundRate = request.options?.roundRateBeforeScoring ?? true

  const text =
    `{"rubric":${view === 'full' ? plan.rubricJson : plan.rubricJsonScores},"department":${departmentJson},"fiscalYear":${request.fiscalYear}` +
    `,"language":"${language}","options":{"deductionMode":"${mode}","roundRateBeforeScoring":${roundRate}},"complete":${complete}` +
    `,"totalScore":"${totalText}","maxScore":"${plan.maxText}","grade":${grade ? grade.json : 'null'},"categories":[${categoriesJson}]` +
    `,"indicators":[${indicatorsJson(answers)}],"selfAssessment":${selfAssessmentJson(plan, answers, claims, total, view)}` +
    `,"warnings":${warningsJson(request, fallbacks, language)}}`

  return {
    bytes: text,
    digest: digestOf(plan, answers, {
      complete,
      totalScore: totalText,
      grade: grade ? grade.grade : null,
      department:
        department.code === undefined ? { name: department.name } : { name: department.name, code: department.code },
    }),
  }
}

type Digest = Answer['digest']

/**
 * The digest, its indicators made when read (a batch summary reads them, a single evaluation does
 * not): until then only their scores and deductions are kept, not the answers' JSON.
 */
function digestOf(plan: Plan, answers: readonly IndicatorAnswer[], totals: Omit<Digest, 'indicators'>): Digest {
  const scores = answers.map((answer) => answer.scoreText)
  const deductions = answers.map((answer) => answer.deduction)
  let indicators: Digest['indicators'] | undefined
  return {
    ...totals,
    get indicators() {
      indicators ??= plan.indicators.map(({ id, name, nameEn }, index) => ({
        id,
        name,
        nameEn,
        score: scores[index]!,
        deduction: deductions[index]!,
      }))
      return indicators
    },
  }
}

function answerIndicator(
  indicator: IndicatorPlan,
  request: unknown,
  settings: Settings,
  fallbacks: FallbackUse[],
): IndicatorAnswer {
  const { language, view, claims, mode } = settings
  const reading: Reading = { request, inputs: new InputsRead(), fallbacks: [] }
  const outcome = indicator.measure(reading)
  // A fallback taken for an indicator that still lacks data changed nothing: no warning.
  const used = outcome.kind === 'missing' ? [] : reading.fallbacks
  for (const fallback of used) {
    if (!fallbacks.some((known) => known.pointer === fallback.pointer && known.use === fallback.use))
      fallbacks.push(fallback)
  }
  const scored = scoreOutcome(indicator, outcome, mode, language)
  const score = scored.score
  const scoreText = score === null ? null : formatHundredths(score)
  const scoreJsonText = scoreText === null ? 'null' : `"${scoreText}"`
  const claim = claims !== undefined && Object.hasOwn(claims, indicator.id) ? claims[indicator.id] : undefined
  const selfScore = claim === undefined ? null : hundredthsOf(millionthsOf(claim))
  const deduction = score === null ? null : formatHundredths(hundredthsOf(safe(indicator.max - score * 10_000)))
  const value = scored.value === null ? 'null' : quoteBytes(scored.value)
  const deductionJson = deduction === null ? ',"deduction":null' : `,"deduction":"${deduction}"`
  const shared = `${scoreJsonText}${deductionJson}${STATUS_THEN_VALUE[scored.status]}${value}${unitJson(scored.unit)}`
  if (view === 'scores')
    return {
      json: `${indicator.headScores}${shared}${reasonHeads(scored.code).scores}${compactValuesJson(scored.values)}}}`,
      score,
      scoreText,
      deduction,
      selfScore,
      status: scored.status,
    }

  // The fallbacks' notes first, the last taken first (as the interpreter lists them), the rule's after them.
  const notes =
    used.length === 0
      ? scored.notes
      : [
          ...used
            .map(({ warning, pointer, use, value }) => warningMessage(language, warning, { pointer, use, value }))
            .reverse(),
          ...scored.notes,
        ]
  const explanation = explainValues(
    jsonWriter,
    language,
    scored.code,
    scored.labels ? { ...scored.values, ...scored.labels } : scored.values,
    { name: indicator.explained[language], score: ascii(scoreText ?? ''), maxScore: indicator.maxWritten },
    notes,
  )
  const self =
    selfScore === null
      ? 'null,"difference":null'
      : `${scoreJson(selfScore)},"difference":${score === null ? 'null' : scoreJson(selfScore - score)}`
  return {
    scoreText,
    json: `${indicator.head}${shared},"inputs":${reading.inputs.json()}${indicator.middle}"${explanation}${reasonHeads(scored.code).full}${scored.valuesJson}}},"selfScore":${self}}`,
    score,
    deduction,
    selfScore,
    status: scored.status,
  }
}

function selfAssessmentJson(
  plan: Plan,
  answers: readonly IndicatorAnswer[],
  claims: Settings['claims'],
  total: number,
  view: View,
): string {
  if (!claims) return 'null'
  let claimedTotal = 0
  let claimed = 0
  let differences = ''
  plan.indicators.forEach((indicator, index) => {
    const { selfScore, score } = answers[index]!
    if (selfScore === null) return
    claimed += 1
    claimedTotal += selfScore
    if (score !== null && selfScore === score) return
    const difference = score === null ? 'null' : scoreJson(selfScore - score)
    const head = view === 'full' ? indicator.differenceHead : indicator.differenceHeadScores
    differences += `${differences === '' ? '' : ','}${head},"claimed":${scoreJson(selfScore)},"computed":${scoreJson(score)},"difference":${difference}}`
  })
  safe(claimedTotal)
  return `{"claimedTotal":${scoreJson(claimedTotal)},"computedTotal":${scoreJson(total)},"difference":${scoreJson(claimedTotal - total)},"indicatorsClaimed":${claimed},"differences":[${differences}]}`
}

const COLUMNS = ['priorYearBudget', 'priorYearFinal', 'budget', 'final'] as const
type Row = Partial<Record<(typeof COLUMNS)[number], number | string>>

/** The breakdown check of src/engine/breakdown.ts, in millionths. */
function breakdownCheck(
  section: string,
  totals: Row | undefined,
  items: Record<string, Row | undefined> | undefined,
  rule: 'exact' | 'atMost',
  language: Language,
) {
  if (!totals || !items) return []
  const rows = Object.values(items).filter((row): row is Row => row !== undefined)
  const found: EvaluationWarning[] = []
  for (const column of COLUMNS) {
    const total = totals[column]
    if (total === undefined || !rows.some((row) => row[column] !== undefined)) continue
    let sum = 0
    for (const row of rows) {
      const cell = row[column]
      if (cell !== undefined) sum = safe(sum + millionthsOf(cell))
    }
    const totalValue = millionthsOf(total)
    if (rule === 'exact' ? sum === totalValue : sum <= totalValue) continue
    const pointer = `/baseData/${section}/${column}`
    const values = {
      total: plain(totalValue),
      breakdownSum: plain(sum),
      rule,
      breakdown: `/baseData/${section}/breakdown`,
    }
    found.push({
      code: 'BREAKDOWN_MISMATCH',
      pointer,
      message: warningMessage(language, 'BREAKDOWN_MISMATCH', { ...values, pointer }),
      values,
    })
  }
  return found
}

function warningsJson(request: EvaluationRequest, fallbacks: readonly FallbackUse[], language: Language): string {
  const three = request.baseData?.threePublicExpenses
  const funds = request.baseData?.publicFunds
  const found = [
    ...fallbacks.map((used) => ({
      code: used.warning,
      pointer: used.pointer,
      message: warningMessage(language, used.warning, { use: used.use, value: used.value }),
      values: { use: used.use, value: used.value },
    })),
    ...breakdownCheck('threePublicExpenses', three, three?.breakdown, 'exact', language),
    ...breakdownCheck('publicFunds', funds, funds?.breakdown, 'atMost', language),
  ]
  return found.length === 0 ? '[]' : json(found)
}
