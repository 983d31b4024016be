/**
 * SCORING.md §3, last paragraph: an indicator whose inputs are absent is `missingData` with score
 * null (reason MISSING_DATA naming the JSON pointers); the others are still scored; the
 * evaluation is `complete: false` and has no grade. The total is the sum of the scored ones.
 */
import t from 'tap'
import type { EvaluationResult } from '../../schemas/evaluation-response.js'
import { type Draft, type TapTest, cents, indicator, score } from './fixtures/helpers.js'

function missingPointers(result: EvaluationResult, id: string): string[] {
  const item = indicator(result, id)
  const missing = item.reason.values.missing
  return Array.isArray(missing) ? [...missing].sort() : []
}

function expectMissing(t: TapTest, result: EvaluationResult, id: string, pointers: string[]): void {
  const item = indicator(result, id)
  t.equal(item.status, 'missingData', `${id}: missingData`)
  t.equal(item.score, null, `${id}: score null`)
  t.equal(item.deduction, null, `${id}: deduction null`)
  t.equal(item.reason.code, 'MISSING_DATA', `${id}: reason MISSING_DATA`)
  t.same(missingPointers(result, id), [...pointers].sort(), `${id}: the missing pointers`)
  for (const pointer of pointers) t.match(item.explanation, pointer, `${id}: the explanation names ${pointer}`)
}

function expectIncomplete(t: TapTest, result: EvaluationResult, total: string): void {
  t.equal(result.complete, false, 'complete false')
  t.equal(result.grade, null, 'no grade')
  t.equal(result.totalScore, total, 'total of the scored indicators')
  const sum = result.indicators.reduce((acc, item) => acc + cents(item.score), 0)
  t.equal(cents(result.totalScore), sum, 'the total is the sum of the non-null scores')
}

t.test('staffing.actual absent → staffControlRate missingData, the rest scored', async (t) => {
  const result = score((r) => {
    delete r.baseData.staffing.actual
  })
  expectMissing(t, result, 'staffControlRate', ['/baseData/staffing/actual'])
  // 90.80 − 5.00 = 85.80 (would be 优 if complete, but there is no grade)
  expectIncomplete(t, result, '85.80')
  t.equal(indicator(result, 'threePublicChangeRate').score, '4.80', 'others still scored')
  t.equal(indicator(result, 'threePublicChangeRate').status, 'scored')
  t.equal(indicator(result, 'procurementExecutionRate').score, '0.00')
  t.equal(result.indicators.filter((item) => item.status === 'missingData').length, 1)
  // the category holding it sums only what was scored: 0 + 4.80
  t.equal(result.categories.find((c) => c.id === 'input')?.score, '4.80')
  t.equal(indicator(result, 'staffControlRate').selfScore, '5.00')
  t.equal(indicator(result, 'staffControlRate').difference, null, 'no difference without a computed score')
})

t.test('English explanation of missing data', async (t) => {
  const result = score((r) => {
    delete r.baseData.staffing.actual
  }, 'en')
  t.match(indicator(result, 'staffControlRate').explanation, /missing/i)
  t.match(indicator(result, 'staffControlRate').explanation, '/baseData/staffing/actual')
})

t.test('the whole budget section absent → both budget indicators missingData', async (t) => {
  const result = score((r) => {
    delete r.baseData.budget
  })
  expectMissing(t, result, 'budgetCompletionRate', [
    '/baseData/budget/carryover',
    '/baseData/budget/initial',
    '/baseData/budget/supplementary',
    '/baseData/budget/yearEndBalance',
  ])
  expectMissing(t, result, 'budgetControlRate', ['/baseData/budget/supplementary', '/baseData/budget/initial'])
  // 90.80 − 5 − 5 = 80.80
  expectIncomplete(t, result, '80.80')
})

t.test('one budget field absent → only the indicators reading it', async (t) => {
  const result = score((r) => {
    delete r.baseData.budget.yearEndBalance
  })
  expectMissing(t, result, 'budgetCompletionRate', ['/baseData/budget/yearEndBalance'])
  t.equal(indicator(result, 'budgetControlRate').status, 'scored', 'budget control does not read the balance')
  t.equal(indicator(result, 'budgetControlRate').score, '5.00')
  expectIncomplete(t, result, '85.80')
})

t.test('three-public: no priorYearBudget and no priorYearFinal → change rate missingData', async (t) => {
  const result = score((r) => {
    delete r.baseData.threePublicExpenses.priorYearFinal
    delete r.baseData.threePublicExpenses.breakdown
  })
  const item = indicator(result, 'threePublicChangeRate')
  t.equal(item.status, 'missingData')
  t.equal(item.score, null)
  t.equal(item.reason.code, 'MISSING_DATA')
  t.same(
    item.reason.values.missing,
    ['/baseData/threePublicExpenses/priorYearBudget', '/baseData/threePublicExpenses/priorYearFinal'],
    'either would do, so both are named',
  )
  t.notOk(
    result.warnings.some((w) => w.code === 'THREE_PUBLIC_PRIOR_BUDGET_FALLBACK'),
    'no fallback was used, so no warning',
  )
  t.equal(indicator(result, 'threePublicControlRate').score, '8.00', 'the control rate does not need the prior year')
  // 90.80 − 4.80 = 86.00
  expectIncomplete(t, result, '86.00')
})

t.test('three-public: the fallback is taken but this year\'s budget is absent → no fallback warning', async (t) => {
  const result = score((r) => {
    delete r.baseData.threePublicExpenses.budget
    delete r.baseData.threePublicExpenses.breakdown
  })
  expectMissing(t, result, 'threePublicChangeRate', ['/baseData/threePublicExpenses/budget'])
  t.same(result.warnings, [], 'a fallback that changed no score is not reported')
  t.notMatch(indicator(result, 'threePublicChangeRate').explanation, /决算数/)
})

t.test('satisfaction absent → publicSatisfaction missingData naming the rate and the counts', async (t) => {
  const result = score((r) => {
    delete r.assessments.satisfaction
  })
  expectMissing(t, result, 'publicSatisfaction', [
    '/assessments/satisfaction/rate',
    '/assessments/satisfaction/satisfied',
    '/assessments/satisfaction/surveyed',
  ])
  expectIncomplete(t, result, '84.80')
})

t.test('a checklist with one item absent is missingData', async (t) => {
  const result = score((r) => {
    delete r.assessments.managementSystem.frugalityRules
  })
  expectMissing(t, result, 'managementSystemSoundness', ['/assessments/managementSystem/frugalityRules'])
  // 90.80 − 8 = 82.80
  expectIncomplete(t, result, '82.80')

  const disclosure = score((r) => {
    delete r.assessments.disclosure.accurate
    delete r.assessments.disclosure.timeliness
  })
  expectMissing(t, disclosure, 'budgetDisclosure', [
    '/assessments/disclosure/accurate',
    '/assessments/disclosure/timeliness',
  ])

  const allFalse = score((r) => {
    r.assessments.disclosure = { content: false, timeliness: false, truthful: false, complete: false, accurate: false }
  })
  t.equal(indicator(allFalse, 'budgetDisclosure').status, 'scored', 'false is an answer, not a missing item')
  t.equal(indicator(allFalse, 'budgetDisclosure').score, '0.00')

  const empty = score((r) => {
    r.assessments.managementSystem = {}
  })
  expectMissing(t, empty, 'managementSystemSoundness', [
    '/assessments/managementSystem/internalFinancialRules',
    '/assessments/managementSystem/frugalityRules',
    '/assessments/managementSystem/lawfulAndComplete',
    '/assessments/managementSystem/effectivelyExecuted',
  ])
})

t.test('violations with one category absent are missingData', async (t) => {
  const result = score((r) => {
    delete r.assessments.fundUseViolations.misappropriation
  })
  expectMissing(t, result, 'fundUseCompliance', ['/assessments/fundUseViolations/misappropriation'])
  expectIncomplete(t, result, '84.80')
})

t.test('assessor scores, level and key work absent', async (t) => {
  const result = score((r) => {
    delete r.assessments.economicBenefit
    delete r.assessments.socialBenefit.score
    delete r.assessments.administrativeEfficiency
    delete r.assessments.keyWork.actual
  })
  expectMissing(t, result, 'economicBenefit', ['/assessments/economicBenefit/score'])
  expectMissing(t, result, 'socialBenefit', ['/assessments/socialBenefit/score'])
  expectMissing(t, result, 'administrativeEfficiency', ['/assessments/administrativeEfficiency'])
  expectMissing(t, result, 'keyWorkCompletionRate', ['/assessments/keyWork/actual'])
  // 90.80 − 3 − 3 − 6 − 8 = 70.80
  expectIncomplete(t, result, '70.80')
  t.equal(result.categories.find((c) => c.id === 'outputEfficiency')?.score, '6.00', 'only satisfaction left: 6')
})

t.test('buildings: a project without its figures is missingData; no buildings section at all too', async (t) => {
  const project = score((r) => {
    r.baseData.buildings = { hasProject: true, approvedArea: '1000', actualArea: '1000' }
  })
  t.equal(indicator(project, 'buildingAreaControlRate').status, 'scored')
  t.equal(indicator(project, 'buildingAreaControlRate').score, '5.00')
  expectMissing(t, project, 'buildingInvestmentControlRate', [
    '/baseData/buildings/approvedInvestment',
    '/baseData/buildings/actualInvestment',
  ])

  const none = score((r) => {
    delete r.baseData.buildings
  })
  expectMissing(t, none, 'buildingAreaControlRate', ['/baseData/buildings/hasProject'])
  expectMissing(t, none, 'buildingInvestmentControlRate', ['/baseData/buildings/hasProject'])
  expectIncomplete(t, none, '80.80')
})

t.test('no baseData at all: every base-data indicator missing, the assessments still scored', async (t) => {
  const result = score((r: Draft) => {
    delete r.baseData
  })
  const missing = result.indicators.filter((item) => item.status === 'missingData').map((item) => item.id)
  t.same(missing, [
    'staffControlRate',
    'threePublicChangeRate',
    'budgetCompletionRate',
    'budgetControlRate',
    'buildingAreaControlRate',
    'buildingInvestmentControlRate',
    'publicFundsControlRate',
    'threePublicControlRate',
    'procurementExecutionRate',
  ])
  // 8 + 6 + 5 + 8 + 3 + 3 + 6 + 6 = 45
  expectIncomplete(t, result, '45.00')
  t.same(result.warnings, [], 'no fallback taken, no breakdown to check')
})

t.test('a complete request is complete and graded', async (t) => {
  const result = score(() => {})
  t.equal(result.complete, true)
  t.not(result.grade, null)
})
