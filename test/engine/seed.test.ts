/**
 * The seed request (长沙市雨花区民政局 2021) scored by the built-in yuhua-2021 rubric.
 * Every expected number is worked out by hand from SCORING.md §2–§4.
 */
import t from 'tap'
import { INDICATOR_IDS, cents, indicator, run, score, seed } from './fixtures/helpers.js'

// Hand computation, indicator by indicator (rates: n / d × 100, half up to 2 decimals):
const EXPECTED: Record<string, { score: string; status: string; value: string | null; code: string }> = {
  // 29 / 34 = 85.294…% → 85.29 ≤ 100 → 5
  staffControlRate: { score: '5.00', status: 'scored', value: '85.29', code: 'WITHIN_LIMIT' },
  // no priorYearBudget → P = priorYearFinal 3.31; (3.47 − 3.31) / 3.31 = 0.16 / 3.31 = 4.8338% → 4.83;
  // floor(4.83 / 1) = 4 steps × 0.8 = 3.20 → 8 − 3.20 = 4.80
  threePublicChangeRate: { score: '4.80', status: 'scored', value: '4.83', code: 'EXCEEDS_LIMIT' },
  // B = 1067.04 + 7670.78 + 0 = 8737.82; (8737.82 − 0) / 8737.82 = 100% ≥ 100 → 5
  budgetCompletionRate: { score: '5.00', status: 'scored', value: '100.00', code: 'WITHIN_LIMIT' },
  // 0 / 7670.78 = 0% → band r ≤ 0 → 5
  budgetControlRate: { score: '5.00', status: 'scored', value: '0.00', code: 'BAND' },
  // hasProject false → notApplicable, full 5
  buildingAreaControlRate: { score: '5.00', status: 'notApplicable', value: null, code: 'NOT_APPLICABLE' },
  // hasProject false → notApplicable, full 5
  buildingInvestmentControlRate: { score: '5.00', status: 'notApplicable', value: null, code: 'NOT_APPLICABLE' },
  // 79.41 / 83.45 = 95.1588…% → 95.16 ≤ 100 → 8
  publicFundsControlRate: { score: '8.00', status: 'scored', value: '95.16', code: 'WITHIN_LIMIT' },
  // 2.89 / 3.47 = 83.285…% → 83.29 ≤ 100 → 8
  threePublicControlRate: { score: '8.00', status: 'scored', value: '83.29', code: 'WITHIN_LIMIT' },
  // 397.65 / 294.88 = 134.8515…% → 134.85; |134.85 − 100| = 34.85; floor(34.85 / 5) = 6 steps × 2 = 12 > 6 → 0
  procurementExecutionRate: { score: '0.00', status: 'scored', value: '134.85', code: 'DEVIATES_FROM_LIMIT' },
  // 4 items true × 2 = 8
  managementSystemSoundness: { score: '8.00', status: 'scored', value: '4', code: 'CHECKLIST' },
  // 0 violations → 6 − 0 = 6
  fundUseCompliance: { score: '6.00', status: 'scored', value: '0', code: 'VIOLATIONS' },
  // 5 items true × 1 = 5
  budgetDisclosure: { score: '5.00', status: 'scored', value: '5', code: 'CHECKLIST' },
  // 20 / 20 = 100% → 8 × min(100, 100) / 100 = 8
  keyWorkCompletionRate: { score: '8.00', status: 'scored', value: '100.00', code: 'PROPORTIONAL' },
  // assessor: 3
  economicBenefit: { score: '3.00', status: 'scored', value: '3.00', code: 'ASSESSOR_SCORE' },
  // assessor: 3
  socialBenefit: { score: '3.00', status: 'scored', value: '3.00', code: 'ASSESSOR_SCORE' },
  // good → 6
  administrativeEfficiency: { score: '6.00', status: 'scored', value: 'good', code: 'LEVEL' },
  // 95 → 95.00 ≥ 90 → 6
  publicSatisfaction: { score: '6.00', status: 'scored', value: '95.00', code: 'BAND' },
}

t.test('the seed scores 90.80, grade excellent (优)', async (t) => {
  const result = run(seed)
  // 9.80 + 55.00 + 26.00 = 90.80 ≥ 90 → excellent
  t.equal(result.totalScore, '90.80')
  t.equal(result.maxScore, '100.00')
  t.equal(result.complete, true)
  t.same(result.grade, { code: 'excellent', label: '优', labelEn: 'excellent' })
  t.same(result.rubric.id, 'yuhua-2021')
  t.same(result.options, { deductionMode: 'perFullStep', roundRateBeforeScoring: true })
})

t.test('each of the 17 indicators, worked out by hand', async (t) => {
  const result = run(seed)
  t.same(
    result.indicators.map((item) => item.id),
    [...INDICATOR_IDS],
    'all 17 indicators, in rubric order',
  )
  for (const id of INDICATOR_IDS) {
    const item = indicator(result, id)
    const expected = EXPECTED[id]!
    t.equal(item.score, expected.score, `${id} score`)
    t.equal(item.status, expected.status, `${id} status`)
    t.equal(item.value, expected.value, `${id} value`)
    t.equal(item.reason.code, expected.code, `${id} reason`)
    t.equal(cents(item.deduction) + cents(item.score), cents(item.maxScore), `${id}: score + deduction = max`)
  }
  const change = indicator(result, 'threePublicChangeRate')
  t.equal(change.deduction, '3.20')
  t.equal(change.unit, '%')
  t.match(change.reason.values, { rate: '4.83', limit: '0', steps: 4, deduction: '3.20', deductionMode: 'perFullStep' })
  // with the fallback, the base read is priorYearFinal: both pointers appear among the inputs
  t.match(change.inputs, {
    '/baseData/threePublicExpenses/budget': '3.47',
    '/baseData/threePublicExpenses/priorYearFinal': '3.31',
  })
  const procurement = indicator(result, 'procurementExecutionRate')
  t.equal(procurement.deduction, '6.00', 'deduction never exceeds the max (12 due, 6 available)')
  t.match(procurement.reason.values, { rate: '134.85', excess: '34.85', steps: 6, deduction: '12.00' })
})

t.test('categories 9.80 / 55.00 (20.00 + 35.00) / 26.00', async (t) => {
  const result = run(seed)
  const byId = Object.fromEntries(result.categories.map((category) => [category.id, category]))
  // input: staff 5 + change 4.80 = 9.80
  t.equal(byId.input?.score, '9.80')
  t.equal(byId.input?.maxScore, '13.00')
  t.equal(byId.input?.children[0]?.id, 'budgetAllocation')
  t.equal(byId.input?.children[0]?.score, '9.80')
  // process: execution 5 + 5 + 5 + 5 = 20; management 8 + 8 + 0 + 8 + 6 + 5 = 35; 55
  t.equal(byId.process?.score, '55.00')
  t.equal(byId.process?.maxScore, '61.00')
  t.same(
    byId.process?.children.map((child) => [child.id, child.score, child.maxScore]),
    [
      ['budgetExecution', '20.00', '20.00'],
      ['budgetManagement', '35.00', '41.00'],
    ],
  )
  // output: key work 8 + (3 + 3 + 6 + 6) = 26
  t.equal(byId.outputEfficiency?.score, '26.00')
  t.same(
    byId.outputEfficiency?.children.map((child) => [child.id, child.score]),
    [
      ['dutyPerformance', '8.00'],
      ['performanceBenefit', '18.00'],
    ],
  )
  t.same(byId.input?.children[0]?.indicatorIds, ['staffControlRate', 'threePublicChangeRate'])
})

t.test('self-assessment audit: claimed 94.00, computed 90.80, four differences', async (t) => {
  const audit = run(seed).selfAssessment
  // claimed: 5+8+0+4+5+5+8+8+6+8+6+5+8+3+3+6+6 = 94
  t.equal(audit?.claimedTotal, '94.00')
  t.equal(audit?.computedTotal, '90.80')
  t.equal(audit?.difference, '3.20') // 94.00 − 90.80
  t.equal(audit?.indicatorsClaimed, 17)
  // difference = claimed − computed
  t.same(
    audit?.differences.map((d) => [d.indicatorId, d.claimed, d.computed, d.difference]),
    [
      ['threePublicChangeRate', '8.00', '4.80', '3.20'],
      ['budgetCompletionRate', '0.00', '5.00', '-5.00'],
      ['budgetControlRate', '4.00', '5.00', '-1.00'],
      ['procurementExecutionRate', '6.00', '0.00', '6.00'],
    ],
  )
  const result = run(seed)
  t.equal(indicator(result, 'budgetCompletionRate').selfScore, '0.00')
  t.equal(indicator(result, 'budgetCompletionRate').difference, '-5.00')
  t.equal(indicator(result, 'staffControlRate').difference, '0.00')
})

t.test('no self-assessment → selfAssessment null, selfScore/difference null', async (t) => {
  const result = score((r) => {
    delete r.selfAssessment
  })
  t.equal(result.selfAssessment, null)
  t.equal(indicator(result, 'staffControlRate').selfScore, null)
  t.equal(indicator(result, 'staffControlRate').difference, null)
  t.equal(result.totalScore, '90.80')
})

t.test('warnings: THREE_PUBLIC_PRIOR_BUDGET_FALLBACK, no BREAKDOWN_MISMATCH', async (t) => {
  const result = run(seed)
  t.same(
    result.warnings.map((w) => w.code),
    ['THREE_PUBLIC_PRIOR_BUDGET_FALLBACK'],
  )
  const fallback = result.warnings[0]!
  t.equal(fallback.pointer, '/baseData/threePublicExpenses/priorYearBudget')
  t.match(fallback.values, { use: '/baseData/threePublicExpenses/priorYearFinal', value: '3.31' })
  t.match(fallback.message, /3\.31/)
  t.notOk(result.warnings.some((w) => w.code === 'BREAKDOWN_MISMATCH'))
})

t.test('with priorYearBudget given: no fallback warning, the base changes', async (t) => {
  // P = 3.40: (3.47 − 3.40) / 3.40 = 0.07 / 3.40 = 2.0588% → 2.06; floor(2.06) = 2 × 0.8 = 1.60 → 6.40
  const result = score((r) => {
    r.baseData.threePublicExpenses.priorYearBudget = '3.40'
  })
  t.notOk(result.warnings.some((w) => w.code === 'THREE_PUBLIC_PRIOR_BUDGET_FALLBACK'))
  const change = indicator(result, 'threePublicChangeRate')
  t.equal(change.value, '2.06')
  t.equal(change.score, '6.40')
  t.equal(change.deduction, '1.60')
  t.notMatch(change.explanation, /上年决算数/, 'no fallback note in the explanation')
  // 90.80 − 4.80 + 6.40 = 92.40
  t.equal(result.totalScore, '92.40')

  // P = 3.47 = budget: change 0% ≤ 0 → 8; total 90.80 + 3.20 = 94.00
  const same = score((r) => {
    r.baseData.threePublicExpenses.priorYearBudget = '3.47'
  })
  t.equal(indicator(same, 'threePublicChangeRate').score, '8.00')
  t.equal(indicator(same, 'threePublicChangeRate').value, '0.00')
  t.equal(same.totalScore, '94.00')

  // P = 3.31 given explicitly: same score as the fallback, but no warning
  const explicit = score((r) => {
    r.baseData.threePublicExpenses.priorYearBudget = '3.31'
  })
  t.equal(indicator(explicit, 'threePublicChangeRate').score, '4.80')
  t.equal(explicit.warnings.length, 0)
})

t.test('explanations: Chinese by default, English with language en', async (t) => {
  const zh = indicator(run(seed), 'threePublicChangeRate').explanation
  t.match(zh, '4.83%')
  t.match(zh, '扣3.20分')
  t.match(zh, '得4.80分')
  t.match(zh, '“三公经费”变动率')

  const result = run(seed, 'en')
  t.equal(result.language, 'en')
  const en = indicator(result, 'threePublicChangeRate').explanation
  t.match(en, '4.83%')
  t.match(en, '3.20')
  t.match(en, '4.80')
  t.notMatch(en, /[\u4e00-\u9fff]/, 'no Chinese characters in the English explanation')
  for (const item of result.indicators) {
    t.notMatch(item.explanation, /[\u4e00-\u9fff]/, `${item.id}: English explanation`)
  }
  t.notMatch(result.warnings[0]!.message, /[\u4e00-\u9fff]/, 'English warning message')
  // the scores do not depend on the language
  t.same(
    result.indicators.map((item) => item.score),
    run(seed).indicators.map((item) => item.score),
  )
  t.match(indicator(result, 'procurementExecutionRate').explanation, '134.85%')
  t.match(indicator(run(seed), 'procurementExecutionRate').explanation, '扣完为止')
})

t.test('the seed request is not mutated by scoring', async (t) => {
  const before = JSON.stringify(seed)
  run(seed)
  run(seed, 'en')
  t.equal(JSON.stringify(seed), before)
})

t.test('breakdowns: a mismatch is a warning with both sums, never a change of score', async (t) => {
  // 三公 budget items: 0 + 2.98 + 0 + 0.5 = 3.48 ≠ 3.47 (exhaustive: must be equal)
  const three = score((r) => {
    r.baseData.threePublicExpenses.breakdown.vehicleOperation.budget = '2.98'
  })
  const mismatch = three.warnings.filter((w) => w.code === 'BREAKDOWN_MISMATCH')
  t.equal(mismatch.length, 1)
  t.equal(mismatch[0]?.pointer, '/baseData/threePublicExpenses/budget')
  t.match(mismatch[0]?.values, { total: '3.47', breakdownSum: '3.48' })
  t.equal(three.totalScore, '90.80', 'scores unchanged')

  // 公用经费 items are a partial list (其中): final 10 + 0.57 + 0.3 = 10.87 ≤ 79.41 → fine;
  // 79 + 0.57 + 0.3 = 79.87 > 79.41 → mismatch
  const below = score((r) => {
    r.baseData.publicFunds.breakdown.office.final = '10'
  })
  t.notOk(below.warnings.some((w) => w.code === 'BREAKDOWN_MISMATCH'), 'a partial list below the total is fine')
  const above = score((r) => {
    r.baseData.publicFunds.breakdown.office.final = '79'
  })
  const over = above.warnings.filter((w) => w.code === 'BREAKDOWN_MISMATCH')
  t.equal(over.length, 1)
  t.equal(over[0]?.pointer, '/baseData/publicFunds/final')
  t.match(over[0]?.values, { total: '79.41', breakdownSum: '79.87' })
  t.equal(above.totalScore, '90.80')
})
