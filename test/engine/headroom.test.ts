/**
 * The headroom (issue 16) worked out by hand, one rule kind after another, on the seed department
 * and variants of its rubric. Each expected move is the smallest step at the input's resolution
 * (whole people, 0.000001 万元) that changes the indicator's score; the arithmetic is in the test.
 */
import t from 'tap'
import type { EvaluationResult, IndicatorResult } from '../../schemas/evaluation-response.js'
import type { Rubric } from '../../schemas/rubric.js'
import { compileRubric } from '../../src/engine/compile.js'
import { firstChange } from '../../src/engine/headroom.js'
import { rational } from '../../src/engine/rational.js'
import { type Draft, indicator, rubric as yuhuaRubric, run, withChanges } from './fixtures/helpers.js'
import yuhua from '../../src/rubrics/yuhua-2021.json' with { type: 'json' }

/** The seed (or a change of it) scored with options.headroom. */
function monitored(mutate: (draft: Draft) => void = () => {}, language: 'zh' | 'en' = 'zh', against = yuhuaRubric) {
  return run(
    withChanges((draft) => {
      mutate(draft)
      draft.options = { ...draft.options, headroom: true }
    }),
    language,
    against,
  )
}

function inputOf(result: EvaluationResult, id: string, pointer: string) {
  const found = indicator(result, id).headroom!.inputs.find((input) => input.pointer === pointer)
  if (!found) throw new Error(`no input ${pointer} of ${id}`)
  return found
}

/** The seed rubric with one indicator's rule (and measure) replaced. */
function variant(id: string, change: (indicator: Draft) => void) {
  const doc = structuredClone(yuhua) as Draft
  for (const category of doc.categories)
    for (const group of category.children) for (const item of group.indicators) if (item.id === id) change(item)
  return compileRubric(doc as Rubric)
}

const seed = monitored()

/** A department that scores under 60 (差): staff far over, no rules, no disclosure, poor results. */
function poorly(draft: Draft) {
  draft.baseData.staffing.actual = 80
  for (const item of Object.keys(draft.assessments.managementSystem)) draft.assessments.managementSystem[item] = false
  for (const item of Object.keys(draft.assessments.disclosure)) draft.assessments.disclosure[item] = false
  draft.assessments.administrativeEfficiency = 'poor'
  draft.assessments.satisfaction = { rate: '10' }
  draft.assessments.keyWork = { planned: 20, actual: 2 }
  draft.assessments.economicBenefit.score = '0'
  draft.assessments.socialBenefit.score = '0'
}

t.test('三公经费变动率 (stepDeduction above 0, 0.8 per full point): the seed, 3.47 over 3.31', async (t) => {
  // (3.47 − 3.31) / 3.31 = 4.8338 % → 4.83 %: 4 full points over, 8 − 3.20 = 4.80.
  t.equal(indicator(seed, 'threePublicChangeRate').score, '4.80')
  const budget = inputOf(seed, 'threePublicChangeRate', '/baseData/threePublicExpenses/budget')
  // The next step costs at a rounded 5.00 %: rate ≥ 4.995 % ⇔ budget ≥ 3.31 × 1.04995 = 3.4753345,
  // so 3.475335 (+0.005335): 4.995015… % → 5.00 %, 5 steps, 8 − 4.00 = 4.00. At 3.475334: 4.99498… → 4.99 %.
  t.same(budget.up, { change: '0.005335', value: '3.475335', score: '4.00', indicatorValue: '5.00' })
  // One step is regained below a rounded 4.00 %: rate < 3.995 % ⇔ budget < 3.31 × 1.03995 = 3.4422345,
  // so 3.442234 (−0.027766): 3.99498… % → 3.99 %, 3 steps, 8 − 2.40 = 5.60.
  t.same(budget.down, { change: '0.027766', value: '3.442234', score: '5.60', indicatorValue: '3.99' })
  t.equal(
    budget.explanation,
    '本年“三公经费”预算数再增加0.005335万元，“三公经费”变动率将为5.00%，本项得分降为4.00分；' +
      '本年“三公经费”预算数再减少0.027766万元，“三公经费”变动率将为3.99%，本项得分升为5.60分',
  )
  // The prior-year final (the fallback for the prior-year budget: the pointer read) is in the
  // numerator and the denominator: 3.47 / p − 1 ≥ 4.995 % ⇔ p ≤ 3.47 / 1.04995 = 3.3049192…,
  // so 3.304919 (−0.005081); 3.47 / p − 1 < 3.995 % ⇔ p > 3.47 / 1.03995 = 3.3366988…, so 3.336699.
  const prior = inputOf(seed, 'threePublicChangeRate', '/baseData/threePublicExpenses/priorYearFinal')
  t.same(prior.down, { change: '0.005081', value: '3.304919', score: '4.00', indicatorValue: '5.00' })
  t.same(prior.up, { change: '0.026699', value: '3.336699', score: '5.60', indicatorValue: '3.99' })
  t.notOk(indicator(seed, 'threePublicChangeRate').headroom!.inputs.some((input) => input.pointer.endsWith('priorYearBudget')))
})

t.test('在职人员控制率 (whole people): 29 of 34', async (t) => {
  const actual = inputOf(seed, 'staffControlRate', '/baseData/staffing/actual')
  // 34 / 34 = 100 % is within; 35 / 34 = 102.94 %: 2 full points, 5 − 1.00 = 4.00.
  t.same(actual.up, { change: '6', value: '35', score: '4.00', indicatorValue: '102.94' })
  // Fewer staff never cost: below 100 % is full marks, and nothing is gained.
  t.equal(actual.down, null)
  t.same(actual.limit, { up: null, down: null })
  t.match(actual.explanation, /在职人员数再增加6人.*在职人员数再减少也不改变本项得分/)
  const authorized = inputOf(seed, 'staffControlRate', '/baseData/staffing/authorized')
  // 29 / 28 = 103.57 %: 3 full points, 5 − 1.50 = 3.50.
  t.same(authorized.down, { change: '6', value: '28', score: '3.50', indicatorValue: '103.57' })
  t.equal(authorized.up, null)
})

t.test('政府采购执行率 (V-shaped, 2 per full 5 points either side of 100 %): 134.85 %', async (t) => {
  const actual = inputOf(seed, 'procurementExecutionRate', '/baseData/procurement/actual')
  // 0 points until the deduction is under 6: at most 2 steps, excess < 15, a rounded rate ≤ 114.99:
  // rate < 114.995 % ⇔ actual < 294.88 × 1.14995 = 339.0972556, so 339.097255 (−58.552745): 6 − 4 = 2.00.
  t.same(actual.down, { change: '58.552745', value: '339.097255', score: '2.00', indicatorValue: '114.99' })
  t.equal(actual.up, null)
  const budget = inputOf(seed, 'procurementExecutionRate', '/baseData/procurement/budget')
  // 397.65 / b < 1.14995 ⇔ b > 345.7976433…, so 345.797644 (+50.917644).
  t.same(budget.up, { change: '50.917644', value: '345.797644', score: '2.00', indicatorValue: '114.99' })
  // A smaller budget never regains a point, and 0 is as far as it goes: the schema's minimum.
  t.equal(budget.down, null)
  t.match(budget.limit.down, { rule: 'minimum', pointer: '/baseData/procurement/budget' })
  t.match(budget.explanation, /政府采购预算数减少至得分变动之前即违反规则（不得小于 0）/)

  // Below 100 %: 280 / 294.88 = 94.95 %, 5.05 under: 1 full step, 4.00. 5.00 under is still a full
  // step, so the point comes back at a rounded 95.01 %: rate ≥ 95.005 % ⇔ actual ≥ 294.88 × 0.95005
  // = 280.150744; the second step is lost at a rounded 90.00 % (10.00 under): rate < 90.005 % ⇔
  // actual < 294.88 × 0.90005 = 265.406744, so 265.406743: 2.00.
  const under = monitored((draft) => (draft.baseData.procurement.actual = '280'))
  const below = inputOf(under, 'procurementExecutionRate', '/baseData/procurement/actual')
  t.same(below.up, { change: '0.150744', value: '280.150744', score: '6.00', indicatorValue: '95.01' })
  t.same(below.down, { change: '14.593257', value: '265.406743', score: '2.00', indicatorValue: '90.00' })
})

t.test('预算完成率 (below 100 %) and the cross-field rules on the way', async (t) => {
  const balance = inputOf(seed, 'budgetCompletionRate', '/baseData/budget/yearEndBalance')
  // Funds 1067.04 + 7670.78 + 0 = 8737.82; a step is lost at a rounded 95.00 %: (8737.82 − y) / 8737.82
  // < 95.005 %… no: ≤ 95.00 rounded, i.e. rate < 95.005 %, y > 8737.82 × 0.04995 = 436.454109, so 436.45411: 3.00.
  t.same(balance.up, { change: '436.45411', value: '436.45411', score: '3.00', indicatorValue: '95.00' })
  t.match(balance.limit.down, { rule: 'minimum' })
  // The supplementary budget is in numerator and denominator alike: with no balance the rate stays 100 %.
  const supplementary = inputOf(seed, 'budgetCompletionRate', '/baseData/budget/supplementary')
  t.same([supplementary.up, supplementary.down, supplementary.limit], [null, null, { up: null, down: null }])
  // 重点工作: the planned output must stay above 0 (a cross-field rule) before 100 % is left behind.
  const planned = inputOf(seed, 'keyWorkCompletionRate', '/assessments/keyWork/planned')
  t.match(planned.limit.down, { rule: 'positive', pointer: '/assessments/keyWork/planned' })
})

t.test('预算控制率 (bands) and 满意度 (bands with atLeast, a rate given directly)', async (t) => {
  const supplementary = inputOf(seed, 'budgetControlRate', '/baseData/budget/supplementary')
  // 0 % is the first band (≤ 0); a rounded 0.01 % is the next: s / 7670.78 ≥ 0.005 % ⇔ s ≥ 0.383539.
  t.same(supplementary.up, { change: '0.383539', value: '0.383539', score: '4.00', indicatorValue: '0.01' })
  // A cut (negative) is still ≤ 0: nothing changes, down to the schema's bound.
  t.equal(supplementary.down, null)
  const rate = inputOf(seed, 'publicSatisfaction', '/assessments/satisfaction/rate')
  // 95 → below a rounded 90.00: x < 89.995, so 89.994999 (−5.005001): the 80–90 band, 4.00.
  t.same(rate.down, { change: '5.005001', value: '89.994999', score: '4.00', indicatorValue: '89.99' })
  // Up to 100 is allowed and changes nothing; beyond it is a cross-field rule, never reached.
  t.equal(rate.up, null)

  // From counts: 27 of 30 = 90 %: one more dissatisfied (26 of 30 = 86.67 %) costs 2 points; a
  // 31st person surveyed who is not satisfied: 27 / 31 = 87.10 %.
  const counted = monitored((draft) => (draft.assessments.satisfaction = { surveyed: 30, satisfied: 27 }))
  const satisfied = inputOf(counted, 'publicSatisfaction', '/assessments/satisfaction/satisfied')
  t.same(satisfied.down, { change: '1', value: '26', score: '4.00', indicatorValue: '86.67' })
  // 28, 29, 30 of 30 are still ≥ 90, and no rate above 90 % scores otherwise: no rise ever changes it.
  t.same([satisfied.up, satisfied.limit.up], [null, null])
  const surveyed = inputOf(counted, 'publicSatisfaction', '/assessments/satisfaction/surveyed')
  t.same(surveyed.up, { change: '1', value: '31', score: '4.00', indicatorValue: '87.10' })
  // Fewer surveyed only raise the rate; the zero denominator, the one other breakpoint, lies beyond
  // the schema's minimum of 1.
  t.match(surveyed.limit.down, { rule: 'minimum', pointer: '/assessments/satisfaction/surveyed' })
})

t.test('重点工作 (proportional, cap 100): 20 of 20', async (t) => {
  const actual = inputOf(seed, 'keyWorkCompletionRate', '/assessments/keyWork/actual')
  // 8 × r / 100 < 7.995 ⇔ r < 99.9375: a rounded 99.93 %, r < 99.935 % ⇔ actual < 19.987, so
  // 19.986999 (−0.013001): 8 × 99.93 % = 7.9944 → 7.99.
  t.same(actual.down, { change: '0.013001', value: '19.986999', score: '7.99', indicatorValue: '99.93' })
  t.equal(actual.up, null)
})

t.test('资金使用合规性 (violations) and 经济效益 (assessor score)', async (t) => {
  const cases = inputOf(seed, 'fundUseCompliance', '/assessments/fundUseViolations/budgetPurpose')
  t.same(cases.up, { change: '1', value: '1', score: '5.00', indicatorValue: '1' })
  t.equal(cases.down, null)
  t.match(cases.explanation, /“budgetPurpose”例数再增加1例/)
  // 6 cases: 6 − 6 = 0; a seventh changes nothing, one fewer gives 1.00.
  const many = monitored((draft) => (draft.assessments.fundUseViolations.budgetPurpose = 6))
  const six = inputOf(many, 'fundUseCompliance', '/assessments/fundUseViolations/budgetPurpose')
  t.same([six.up, six.down], [null, { change: '1', value: '5', score: '1.00', indicatorValue: '5' }])
  // 3 → 2.994999 rounds to 2.99 (half up at 2.995); up is beyond the maximum of 3, a rule of the rubric.
  const benefit = inputOf(seed, 'economicBenefit', '/assessments/economicBenefit/score')
  t.same(benefit.down, { change: '0.005001', value: '2.994999', score: '2.99', indicatorValue: '2.99' })
  const lower = monitored((draft) => (draft.assessments.economicBenefit.score = '2.5'))
  const up = inputOf(lower, 'economicBenefit', '/assessments/economicBenefit/score')
  // 2.505 rounds half up to 2.51.
  t.same(up.up, { change: '0.005', value: '2.505', score: '2.51', indicatorValue: '2.51' })
  // 2.995 is 3.00 already, the maximum: no rise changes it; 2.994999 is 2.99.
  const full = inputOf(monitored((draft) => (draft.assessments.economicBenefit.score = '2.995')), 'economicBenefit', '/assessments/economicBenefit/score')
  t.same([full.up, full.down?.change], [null, '0.000001'])
  // Checklists and levels read no numbers.
  t.equal(indicator(seed, 'managementSystemSoundness').headroom, null)
  t.equal(indicator(seed, 'administrativeEfficiency').headroom, null)
  // Not applicable (no building project): no headroom.
  t.equal(indicator(seed, 'buildingAreaControlRate').headroom, null)
})

t.test('个性化指标 (targetAttainment) and a custom violations count', async (t) => {
  const higher = variant('economicBenefit', (item) => {
    item.measure = { kind: 'value', pointer: '/assessments/custom/economicBenefit' }
    item.rule = { kind: 'targetAttainment', direction: 'higherIsBetter' }
  })
  const result = monitored(
    (draft) => {
      delete draft.assessments.economicBenefit
      draft.assessments.custom = { economicBenefit: { target: '10', actual: '8' } }
    },
    'zh',
    higher,
  )
  // 8 / 10 = 80 %: 3 × 80 % = 2.40. 2.41 needs 3r/100 ≥ 2.405 ⇔ r ≥ 80.1667, a rounded 80.17 %,
  // r ≥ 80.165 % ⇔ actual ≥ 8.0165 (3 × 80.17 % = 2.4051 → 2.41); 2.39 needs a rounded 79.83 %,
  // r < 79.835 % ⇔ actual < 7.9835, so 7.983499 (3 × 79.83 % = 2.3949 → 2.39).
  const actual = inputOf(result, 'economicBenefit', '/assessments/custom/economicBenefit/actual')
  t.same(actual.up, { change: '0.0165', value: '8.0165', score: '2.41', indicatorValue: '80.17' })
  t.same(actual.down, { change: '0.016501', value: '7.983499', score: '2.39', indicatorValue: '79.83' })
  t.match(actual.explanation, /实际值（\/assessments\/custom\/economicBenefit\/actual）再增加0.0165/)
  const target = inputOf(result, 'economicBenefit', '/assessments/custom/economicBenefit/target')
  // A target of 0 is met by anything (full marks): 10 → 0 is 10 whole units away, but 8 / t ≥ 80.165 %
  // first at t ≤ 9.979417 (8 / 0.80165 = 9.9794174…), 2.41.
  t.same(target.down, { change: '0.020583', value: '9.979417', score: '2.41', indicatorValue: '80.17' })
  t.match(target.explanation, /目标值/)

  const counts = variant('fundUseCompliance', (item) => {
    item.measure = { kind: 'value', pointer: '/assessments/custom/fundUseCompliance/counts' }
  })
  const counted = monitored(
    (draft) => {
      const counts = { ...draft.assessments.fundUseViolations, budgetPurpose: 2 }
      delete draft.assessments.fundUseViolations
      draft.assessments.custom = { fundUseCompliance: { counts } }
    },
    'en',
    counts,
  )
  const cases = inputOf(counted, 'fundUseCompliance', '/assessments/custom/fundUseCompliance/counts/budgetPurpose')
  t.same(cases.down, { change: '1', value: '1', score: '5.00', indicatorValue: '1' })
  t.match(cases.explanation, /^if the cases of budgetPurpose rises by 1 cases, Compliance of fund use becomes 3 cases/)
})

t.test('zero denominators: both 0 is full marks, a numerator alone is 0 points', async (t) => {
  // No 三公 budget in either year: not applicable, 8 points. A budget of 0.000001 makes the
  // denominator alone 0: 0 points, and no rate.
  const none = monitored((draft) => {
    draft.baseData.threePublicExpenses = { priorYearFinal: '0', budget: '0', final: '0' }
  })
  t.equal(indicator(none, 'threePublicChangeRate').score, '8.00')
  const budget = inputOf(none, 'threePublicChangeRate', '/baseData/threePublicExpenses/budget')
  t.same(budget.up, { change: '0.000001', value: '0.000001', score: '0.00', indicatorValue: null })
  t.match(budget.explanation, /“三公经费”变动率的分母将为0/)
  // A prior year of any amount with no budget this year: −100 %, within the limit: still 8.
  const prior = inputOf(none, 'threePublicChangeRate', '/baseData/threePublicExpenses/priorYearFinal')
  t.equal(prior.up, null)

  // A budget this year and none last year: 0 points; a prior year of 0.000001 gives a rate of
  // (3.47 − 0.000001) / 0.000001 = 346999900 %, still 0; the score returns where the rate falls
  // to a rounded 0.99 %: p > 3.47 / 1.00995 = 3.4358136…, so 3.435814 (8 − 0 = 8.00).
  const fresh = monitored((draft) => {
    draft.baseData.threePublicExpenses = { priorYearFinal: '0', budget: '3.47', final: '2.89' }
  })
  t.equal(indicator(fresh, 'threePublicChangeRate').score, '0.00')
  const fromZero = inputOf(fresh, 'threePublicChangeRate', '/baseData/threePublicExpenses/priorYearFinal')
  // Every full point over costs 0.8: back above 0 points once the rate is under 10 % (9 steps, 7.2 → 0.80).
  // 3.47 / p − 1 < 9.995 % ⇔ p > 3.47 / 1.09995 = 3.1546888…, so 3.154689: 9.99 %, 8 − 7.20 = 0.80.
  t.same(fromZero.up, { change: '3.154689', value: '3.154689', score: '0.80', indicatorValue: '9.99' })
  // The budget at 0 with the prior at 0: both 0, full marks.
  const zeroBudget = inputOf(fresh, 'threePublicChangeRate', '/baseData/threePublicExpenses/budget')
  t.same(zeroBudget.down, { change: '3.47', value: '0', score: '8.00', indicatorValue: null })
})

t.test('deduction modes and unrounded rates', async (t) => {
  // Every started point: 4.83 % is 5 started steps (4.00); 4.00 % exactly is 4 (4.80): budget
  // ≤ 3.31 × 1.04 = 3.4424 (rounded rate 4.00 %): rate < 4.005 % ⇔ budget < 3.44256550, so 3.442565.
  const started = monitored((draft) => (draft.options = { deductionMode: 'perStartedStep' }))
  const budget = inputOf(started, 'threePublicChangeRate', '/baseData/threePublicExpenses/budget')
  t.same(budget.down, { change: '0.027435', value: '3.442565', score: '4.80', indicatorValue: '4.00' })
  // Proportional: 4.83 × 0.8 = 3.864 → 8 − 3.864 = 4.136 → 4.14; a rounded 4.84 % gives 4.128 → 4.13:
  // rate ≥ 4.835 % ⇔ budget ≥ 3.31 × 1.04835 = 3.4700385, so 3.470039 (+0.000039).
  const proportional = monitored((draft) => (draft.options = { deductionMode: 'proportional' }))
  const up = inputOf(proportional, 'threePublicChangeRate', '/baseData/threePublicExpenses/budget')
  t.same(up.up, { change: '0.000039', value: '3.470039', score: '4.13', indicatorValue: '4.84' })
  // Unrounded: 3.47 / 3.31 − 1 = 4.8338 %, 4 full steps; the fifth at exactly 5 %: budget ≥ 3.4755.
  const exact = monitored((draft) => (draft.options = { roundRateBeforeScoring: false }))
  const exactUp = inputOf(exact, 'threePublicChangeRate', '/baseData/threePublicExpenses/budget')
  t.same(exactUp.up, { change: '0.0055', value: '3.4755', score: '4.00', indicatorValue: '5.00' })
})

t.test('the grade margin and the English texts', async (t) => {
  t.same(seed.headroom, {
    gradeMargin: {
      grade: 'excellent',
      totalScore: '90.80',
      canLose: '0.80',
      nextGrade: null,
      toNextGrade: null,
      explanation: '总分再失0.80分仍为“优”；已为最高等级',
    },
  })
  t.same(seed.options, { deductionMode: 'perFullStep', roundRateBeforeScoring: true, headroom: true })
  // Staff at 40 of 34 (117.65 %, 17 points over: 5 − 8.50 → 0): the total 85.80, 良.
  const good = monitored((draft) => (draft.baseData.staffing.actual = 40), 'en')
  t.same(good.headroom!.gradeMargin, {
    grade: 'good',
    totalScore: '85.80',
    canLose: '5.80',
    nextGrade: { code: 'excellent', label: '优', labelEn: 'excellent' },
    toNextGrade: '4.20',
    explanation: 'the total can lose 5.80 points and stay "good"; 4.20 more points reach "excellent"',
  })
  const actual = inputOf(good, 'staffControlRate', '/baseData/staffing/actual')
  // 5 − 0.5 × steps > 0 needs steps ≤ 9: a rate under 110 %: 37 / 34 = 108.82 % (8 steps, 1.00).
  t.same(actual.down, { change: '3', value: '37', score: '1.00', indicatorValue: '108.82' })
  t.equal(
    actual.explanation,
    'no rise of staff in post changes the score; if staff in post falls by 3 people, Staff control rate becomes 108.82% and the score rises to 1.00 points',
  )
  const budget = inputOf(good, 'procurementExecutionRate', '/baseData/procurement/budget')
  t.match(budget.explanation, /the procurement budget cannot fall far enough to change the score without breaking a rule \(must be at least 0\)/)
  // The lowest grade: nothing to lose.
  const poor = monitored(poorly)
  t.match(poor.headroom!.gradeMargin, { grade: 'poor', canLose: null, nextGrade: { code: 'fair' } })
  t.match(poor.headroom!.gradeMargin!.explanation, /已为最低等级“差”；再得.*分可达“中”/)
  // Incomplete: no grade, no margin.
  const incomplete = monitored((draft) => delete draft.baseData.staffing)
  t.same(incomplete.headroom, { gradeMargin: null })
  t.equal(indicator(incomplete, 'staffControlRate').headroom, null)
})

t.test('fields of a custom rubric without a name of their own are named by their pointer', async (t) => {
  const project = variant('publicFundsControlRate', (item) => {
    item.measure = {
      kind: 'ratio',
      numerator: '/baseData/projectExpenditure/final',
      denominator: '/baseData/projectExpenditure/budget',
    }
  })
  const result = monitored(() => {}, 'en', project)
  // 119.60 / 120 = 99.67 %: within; 101.00 % needs final ≥ 120 × 1.00995 = 121.194 (+1.594): 7.00.
  const final = inputOf(result, 'publicFundsControlRate', '/baseData/projectExpenditure/final')
  t.same(final.up, { change: '1.594', value: '121.194', score: '7.00', indicatorValue: '101.00' })
  t.match(final.explanation, /^if \/baseData\/projectExpenditure\/final rises by 1.594, .*; no fall of \/baseData\/projectExpenditure\/final changes the score$/)
})

t.test('answers without options.headroom have no headroom fields', async (t) => {
  const plain = run(withChanges())
  t.equal(plain.headroom, undefined)
  t.notOk('headroom' in (indicator(plain, 'staffControlRate') as IndicatorResult))
})

t.test('rules that never deduct, an indicator worth 0, and the schema maximum', async (t) => {
  // 0 points per step, in either reading of steps: the staff rate never costs anything.
  for (const deductionMode of ['perFullStep', 'proportional'] as const) {
    const free = variant('staffControlRate', (item) => (item.rule.pointsPerStep = '0'))
    const result = monitored((draft) => (draft.options = { deductionMode }), 'zh', free)
    t.same(inputOf(result, 'staffControlRate', '/baseData/staffing/actual').up, null, deductionMode)
  }
  const noCost = variant('fundUseCompliance', (item) => (item.rule.pointsPerViolation = '0'))
  const cases = inputOf(monitored(() => {}, 'zh', noCost), 'fundUseCompliance', '/assessments/fundUseViolations/regulations')
  t.same([cases.up, cases.down], [null, null])
  // An indicator worth 0 scores 0 whatever its rate, below or above its cap.
  const worthless = variant('keyWorkCompletionRate', (item) => (item.maxScore = '0'))
  const key = inputOf(monitored((draft) => delete draft.selfAssessment, 'zh', worthless), 'keyWorkCompletionRate', '/assessments/keyWork/actual')
  t.same([key.up, key.down], [null, null])
  // 9,000,000 of 10,000,000 staff: 100.01 % needs 10,000,500, beyond the schema's 10,000,000.
  const large = monitored((draft) => (draft.baseData.staffing = { authorized: 10_000_000, actual: 9_000_000 }))
  const actual = inputOf(large, 'staffControlRate', '/baseData/staffing/actual')
  t.same(actual.limit.up, { rule: 'maximum', pointer: '/baseData/staffing/actual', message: '不得大于 10000000' })
})

t.test('English: a zero denominator ahead, and the lowest grade', async (t) => {
  const none = monitored((draft) => {
    draft.baseData.threePublicExpenses = { priorYearFinal: '0', budget: '0', final: '0' }
  }, 'en')
  t.match(
    inputOf(none, 'threePublicChangeRate', '/baseData/threePublicExpenses/budget').explanation,
    /^if this year's 三公 budget rises by 0.000001 \(10,000 yuan\), the denominator of .* becomes 0 and the score drops to 0.00 points/,
  )
  const poor = monitored(poorly, 'en')
  t.match(poor.headroom!.gradeMargin, { grade: 'poor', canLose: null })
  t.match(poor.headroom!.gradeMargin!.explanation, /^"poor" is the lowest grade; .* more points reach "fair"$/)
})

t.test('the search itself: across a zero denominator that lies ahead', async (t) => {
  // t = 100 × 1 / (1 − k): 100 at k = 0, +∞ as k → 1, then from −∞ up to 0 beyond it. Critical
  // values at −50 (k = 3) and 50 (never reached on either side going up from 100, nor beyond the pole).
  const shape = { n0: rational(1n), d0: rational(1n), rounded: false, levers: new Map() }
  const critical = [
    { count: 1n, at: () => rational(-50n) },
    { count: 1n, at: () => rational(50n) },
  ]
  const tried: bigint[] = []
  const changedAt3 = (k: bigint) => (tried.push(k), k === 3n)
  t.same(firstChange(shape, 0n, -1n, rational(1n), 100n, critical, changedAt3), { k: 3n })
  // The pole (k = 1, and the step after it), then −50 at k = 3.
  t.same(tried, [1n, 2n, 3n])
  t.equal(firstChange(shape, 0n, -1n, rational(1n), 100n, critical, () => false), null)
  // Mirrored: t = −100 / (1 − k) falls from −100, then from +∞ down to 0: 50 at k = 3.
  const mirrored = { ...shape, n0: rational(-1n) }
  t.same(firstChange(mirrored, 0n, -1n, rational(1n), 100n, critical, (k) => k === 3n), { k: 3n })
  // At a zero denominator now with a numerator that moves alone: it reaches 0 at k = 2.
  const stuck = { n0: rational(-2n), d0: rational(0n), rounded: false, levers: new Map() }
  t.same(firstChange(stuck, 1n, 0n, rational(1n), 100n, critical, (k) => k === 2n), { k: 2n })
  t.same(firstChange(stuck, 0n, 0n, rational(1n), 100n, critical, () => false), null)
  // At a zero denominator that moves: the rate exists from k = 1 on, walked from its start.
  const open = { n0: rational(1n), d0: rational(0n), rounded: false, levers: new Map() }
  t.same(firstChange(open, 0n, 1n, rational(1n), 100n, critical, (k) => k === 2n), { k: 2n })
})
