import type { EvaluationRequest } from '../../schemas/evaluation-request.js'
import type { ProblemError } from '../../schemas/problem.js'
import type { CompiledRubric } from '../engine/compile.js'
import { escapeToken, readPointer } from '../core/pointer.js'
import { toDec, type Dec } from '../engine/decimal.js'
import type { Language } from '../core/language.js'
import { OUT_OF_RANGE, millionthsOf, plain, safe } from '../engine/fixed.js'
import { claimKey } from '../engine/evaluate.js'
import { message } from './messages.js'

/** A value as it is echoed back in a problem: short enough never to flood a log or a form. */
export function received(value: unknown): unknown {
  if (typeof value === 'string') return value.length > 100 ? `${value.slice(0, 100)}…` : value
  if (value === null || typeof value !== 'object') return value
  return Array.isArray(value) ? `[array of ${value.length}]` : '[object]'
}

type Decimal = number | string

/**
 * A comparison of decimals that passed the schema, exactly: in integer millionths (src/engine/fixed.ts)
 * when every value is within their proven range, and with decimal.js beyond it.
 */
function exactly<T>(fast: () => T, slow: () => T): T {
  try {
    return fast()
  } catch (error) {
    /* c8 ignore next: only OUT_OF_RANGE is thrown by millionths */
    if (error !== OUT_OF_RANGE) throw error
    return slow()
  }
}

const isZero = (value: Decimal) =>
  exactly(
    () => millionthsOf(value) === 0,
    () => toDec(value).isZero(),
  )
const greater = (a: Decimal, b: Decimal) =>
  exactly(
    () => millionthsOf(a) > millionthsOf(b),
    () => toDec(a).gt(toDec(b)),
  )
/** The sum of decimals as text, and whether it is above 0 and at least another decimal. */
function total(values: readonly Decimal[]): { text: string; positive: boolean; atLeast: (other: Decimal) => boolean } {
  return exactly(
    () => {
      const sum = values.reduce<number>((sum, value) => safe(sum + millionthsOf(value)), 0)
      return {
        text: plain(sum),
        positive: sum > 0,
        atLeast: (other) =>
          exactly(
            () => sum >= millionthsOf(other),
            () => toDec(plain(sum)).gte(toDec(other)),
          ),
      }
    },
    () => {
      const sum = values.map(toDec).reduce((sum: Dec, value) => sum.plus(value))
      return { text: sum.toFixed(), positive: sum.gt(0), atLeast: (other) => sum.gte(toDec(other)) }
    },
  )
}

/**
 * The rules a JSON Schema cannot state: relations between fields, and limits that depend on the
 * rubric (each rule kind's own checks on its answers, src/engine/kinds.ts). Runs on a body that has
 * passed the schema; returns every problem at once.
 */
export function checkRequest(request: EvaluationRequest, rubric: CompiledRubric, language: Language): ProblemError[] {
  const errors: ProblemError[] = []
  const fail = (pointer: string, rule: string, params: Record<string, string | number>, value: unknown) =>
    errors.push({ pointer, rule, message: message(language, rule, params), received: received(value) })

  const budget = request.baseData?.budget
  if (budget) {
    const { initial, carryover, supplementary, yearEndBalance } = budget
    if (initial !== undefined && isZero(initial)) fail('/baseData/budget/initial', 'positive', {}, initial)
    if (initial !== undefined && !isZero(initial) && carryover !== undefined && supplementary !== undefined) {
      const funds = total([carryover, initial, supplementary])
      if (!funds.positive)
        fail('/baseData/budget/supplementary', 'fundsAvailable', { funds: funds.text }, supplementary)
      else if (yearEndBalance !== undefined && !funds.atLeast(yearEndBalance)) {
        fail('/baseData/budget/yearEndBalance', 'atMostFundsAvailable', { funds: funds.text }, yearEndBalance)
      }
    }
  }

  const buildings = request.baseData?.buildings
  if (buildings && !buildings.hasProject) {
    for (const field of ['approvedArea', 'actualArea', 'approvedInvestment', 'actualInvestment'] as const) {
      const value = buildings[field]
      if (value !== undefined && !isZero(value)) fail(`/baseData/buildings/${field}`, 'noProject', {}, value)
    }
  }

  const keyWork = request.assessments?.keyWork
  if (keyWork?.planned !== undefined && isZero(keyWork.planned))
    fail('/assessments/keyWork/planned', 'positive', {}, keyWork.planned)

  const satisfaction = request.assessments?.satisfaction
  if (satisfaction) {
    const { rate, surveyed, satisfied } = satisfaction
    if (rate !== undefined && greater(rate, 100))
      fail('/assessments/satisfaction/rate', 'maximum', { limit: 100 }, rate)
    if (rate !== undefined && (surveyed !== undefined || satisfied !== undefined))
      fail('/assessments/satisfaction/rate', 'rateOrCounts', {}, rate)
    if (surveyed !== undefined && satisfied === undefined)
      fail(
        '/assessments/satisfaction/satisfied',
        'countsTogether',
        { field: 'satisfied', given: 'surveyed' },
        undefined,
      )
    if (satisfied !== undefined && surveyed === undefined)
      fail('/assessments/satisfaction/surveyed', 'countsTogether', { field: 'surveyed', given: 'satisfied' }, undefined)
    if (surveyed !== undefined && satisfied !== undefined && satisfied > surveyed)
      fail('/assessments/satisfaction/satisfied', 'atMostSurveyed', { surveyed }, satisfied)
  }

  // Answers read as they are (alone or among a firstAvailable's alternatives) fit their rule.
  for (const { pointer, tokens, indicator, check } of rubric.answerChecks) {
    const value = readPointer(request, tokens)
    if (value === undefined) continue
    for (const problem of check(value)) {
      const params =
        problem.rule === 'atMostMaxScore' ? { indicator: indicator.source.name, ...problem.params } : problem.params
      fail(
        problem.under === undefined ? pointer : `${pointer}/${escapeToken(problem.under)}`,
        problem.rule,
        params,
        problem.received,
      )
    }
  }
  for (const id of Object.keys(request.assessments?.custom ?? {})) {
    if (!rubric.indicatorsById.has(id))
      fail(`/assessments/custom/${escapeToken(id)}`, 'unknownIndicator', { rubric: rubric.source.id, id }, id)
  }
  // The department's own scores stay within the indicator.
  for (const [id, claim] of Object.entries(request.selfAssessment?.scores ?? {})) {
    const indicator = rubric.indicatorsById.get(id)
    if (!indicator) fail(claimKey(id), 'unknownIndicator', { rubric: rubric.source.id, id }, claim)
    else if (greater(claim, indicator.source.maxScore)) {
      const params = { indicator: indicator.source.name, max: indicator.maxScore.toFixed() }
      fail(claimKey(id), 'atMostMaxScore', params, claim)
    }
  }
  return errors
}
