import type { EvaluationRequest } from '../../schemas/evaluation-request.js'
import type { ProblemError } from '../../schemas/problem.js'
import { measurePointers, type CompiledRubric } from '../engine/compile.js'
import { escapeToken, readPointer } from '../core/pointer.js'
import { Dec, HUNDRED, ZERO, isDecimalInput, parsedAt, toDec, type ParsedInputs } from '../engine/decimal.js'
import type { Language } from '../core/language.js'
import { claimKey } from '../engine/evaluate.js'
import { message } from './messages.js'

/** A value as it is echoed back in a problem: short enough never to flood a log or a form. */
export function received(value: unknown): unknown {
  if (typeof value === 'string') return value.length > 100 ? `${value.slice(0, 100)}…` : value
  if (value === null || typeof value !== 'object') return value
  return Array.isArray(value) ? `[array of ${value.length}]` : '[object]'
}

/**
 * The rules a JSON Schema cannot state: relations between fields, and limits that depend on the
 * rubric. Runs on a body that has passed the schema; returns every problem at once.
 */
export function checkRequest(
  request: EvaluationRequest,
  rubric: CompiledRubric,
  language: Language,
  parsed: ParsedInputs = new Map(),
): ProblemError[] {
  const errors: ProblemError[] = []
  const budgetPart = (field: 'carryover' | 'initial' | 'supplementary' | 'yearEndBalance'): Dec | undefined => {
    const value = request.baseData?.budget?.[field]
    return value === undefined ? undefined : parsedAt(parsed, `/baseData/budget/${field}`, value)
  }
  const fail = (pointer: string, rule: string, params: Record<string, string | number>, value: unknown) =>
    errors.push({ pointer, rule, message: message(language, rule, params), received: received(value) })

  const budget = request.baseData?.budget
  if (budget) {
    const initial = budgetPart('initial')
    if (initial?.isZero()) fail('/baseData/budget/initial', 'positive', {}, budget.initial)
    const carryover = budgetPart('carryover')
    const supplementary = budgetPart('supplementary')
    if (initial && !initial.isZero() && carryover && supplementary) {
      const funds = carryover.plus(initial).plus(supplementary)
      if (funds.lte(ZERO))
        fail('/baseData/budget/supplementary', 'fundsAvailable', { funds: funds.toFixed() }, budget.supplementary)
      else if (budget.yearEndBalance !== undefined && budgetPart('yearEndBalance')!.gt(funds)) {
        fail(
          '/baseData/budget/yearEndBalance',
          'atMostFundsAvailable',
          { funds: funds.toFixed() },
          budget.yearEndBalance,
        )
      }
    }
  }

  const buildings = request.baseData?.buildings
  if (buildings && !buildings.hasProject) {
    for (const field of ['approvedArea', 'actualArea', 'approvedInvestment', 'actualInvestment'] as const) {
      const value = buildings[field]
      if (value !== undefined && !toDec(value).isZero()) fail(`/baseData/buildings/${field}`, 'noProject', {}, value)
    }
  }

  const keyWork = request.assessments?.keyWork
  if (keyWork?.planned !== undefined && toDec(keyWork.planned).isZero())
    fail('/assessments/keyWork/planned', 'positive', {}, keyWork.planned)

  const satisfaction = request.assessments?.satisfaction
  if (satisfaction) {
    const { rate, surveyed, satisfied } = satisfaction
    if (rate !== undefined && toDec(rate).gt(HUNDRED))
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

  // Scores given by a person (the assessor's, the department's own) stay within the indicator.
  // Answers read as they are (alone or among a firstAvailable's alternatives) fit their rule.
  for (const { rule, measure, maxScore, source } of rubric.indicators) {
    if (!['assessorScore', 'levels', 'checklist', 'violations'].includes(rule.kind)) continue
    // validateRubric lets these rules read value measures only (alone or as alternatives).
    for (const pointer of measurePointers(measure)) {
      const value = readPointer(request, rubric.pointers.get(pointer)!.tokens)
      if (value === undefined) continue
      if (rule.kind === 'assessorScore' && isDecimalInput(value) && toDec(value).gt(maxScore)) {
        fail(pointer, 'atMostMaxScore', { indicator: source.name, max: maxScore.toFixed() }, value)
      }
      if (rule.kind === 'levels' && !rule.levels.some((level) => level.code === value)) {
        fail(pointer, 'enum', { allowed: rule.levels.map((level) => level.code).join(', ') }, value)
      }
      if ((rule.kind === 'checklist' || rule.kind === 'violations') && value !== null && typeof value === 'object') {
        const known = new Set((rule.kind === 'checklist' ? rule.items : rule.categories).map((item) => item.id))
        for (const key of Object.keys(value)) {
          if (!known.has(key))
            fail(`${pointer}/${escapeToken(key)}`, 'unknownItem', { allowed: [...known].join(', ') }, key)
        }
      }
    }
  }
  for (const id of Object.keys(request.assessments?.custom ?? {})) {
    if (!rubric.indicatorsById.has(id))
      fail(`/assessments/custom/${escapeToken(id)}`, 'unknownIndicator', { rubric: rubric.source.id, id }, id)
  }
  for (const [id, claim] of Object.entries(request.selfAssessment?.scores ?? {})) {
    const pointer = claimKey(id)
    const indicator = rubric.indicatorsById.get(id)
    if (!indicator) fail(pointer, 'unknownIndicator', { rubric: rubric.source.id, id }, claim)
    else if (parsedAt(parsed, pointer, claim).gt(indicator.maxScore))
      fail(pointer, 'atMostMaxScore', { indicator: indicator.source.name, max: indicator.maxScore.toFixed() }, claim)
  }
  return errors
}
