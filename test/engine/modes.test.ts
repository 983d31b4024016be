/**
 * SCORING.md §2: the three readings of "每超过 S 个百分点扣 U 分" (options.deductionMode) and
 * options.roundRateBeforeScoring, on the same inputs.
 *   perFullStep:    U × floor(excess / S)
 *   proportional:   U × excess / S
 *   perStartedStep: U × ceil(excess / S)
 * Score = max(0, min(max, max − deduction)), half up to 2 decimals.
 */
import t from 'tap'
import type { DeductionMode } from '../../schemas/evaluation-request.js'
import { type Draft, type TapTest, indicator, score, scoreOf } from './fixtures/helpers.js'

const MODES: readonly DeductionMode[] = ['perFullStep', 'proportional', 'perStartedStep']

function withOptions(mutate: (r: Draft) => void, deductionMode?: DeductionMode, roundRateBeforeScoring?: boolean) {
  return (r: Draft) => {
    mutate(r)
    r.options = {}
    if (deductionMode !== undefined) r.options.deductionMode = deductionMode
    if (roundRateBeforeScoring !== undefined) r.options.roundRateBeforeScoring = roundRateBeforeScoring
  }
}

function expectModes(
  t: TapTest,
  id: string,
  mutate: (r: Draft) => void,
  expected: Record<DeductionMode, string>,
  roundRate?: boolean,
): void {
  for (const mode of MODES) {
    const result = scoreOf(id, withOptions(mutate, mode, roundRate))
    t.equal(result.score, expected[mode], `${id} ${mode}${roundRate === false ? ' (unrounded)' : ''}`)
    if (result.reason.code !== 'WITHIN_LIMIT') t.equal(result.reason.values.deductionMode, mode)
  }
}

const seedAsIs = () => {}

t.test('three-public change 4.83% (seed): 4.80 / 4.14 / 4.00', async (t) => {
  // perFullStep: floor(4.83 / 1) = 4 × 0.8 = 3.20 → 4.80
  // proportional: 4.83 × 0.8 = 3.864 → 8 − 3.864 = 4.136 → 4.14
  // perStartedStep: ceil(4.83) = 5 × 0.8 = 4.00 → 4.00
  expectModes(t, 'threePublicChangeRate', seedAsIs, {
    perFullStep: '4.80',
    proportional: '4.14',
    perStartedStep: '4.00',
  })

  const proportional = scoreOf('threePublicChangeRate', withOptions(seedAsIs, 'proportional'))
  t.match(proportional.reason.values, { steps: '4.83', deduction: '3.86' })
  t.equal(proportional.deduction, '3.86', '8.00 − 4.14')
  t.match(proportional.explanation, '按比例')
  const started = scoreOf('threePublicChangeRate', withOptions(seedAsIs, 'perStartedStep'))
  t.match(started.reason.values, { steps: 5, deduction: '4.00' })
  t.match(started.explanation, '不足一步按一步')
  t.match(
    scoreOf('threePublicChangeRate', withOptions(seedAsIs, 'perStartedStep'), 'en').explanation,
    '0.8 points off for each 1 percentage point or part of one: 5 started steps',
  )
  t.match(
    scoreOf('threePublicChangeRate', withOptions(seedAsIs, 'proportional'), 'en').explanation,
    '0.8 points off per 1 percentage point, in proportion: 4.83 steps',
  )

  // totals: 90.80 − 4.80 + 4.14 = 90.14; 90.80 − 4.80 + 4.00 = 90.00 (still ≥ 90 → excellent)
  const total = (mode: DeductionMode) => score(withOptions(seedAsIs, mode))
  t.equal(total('proportional').totalScore, '90.14')
  t.equal(total('perStartedStep').totalScore, '90.00')
  t.equal(total('perStartedStep').grade?.code, 'excellent', '90.00 is at the 优 boundary, included')
  t.same(total('proportional').options, { deductionMode: 'proportional', roundRateBeforeScoring: true })
})

t.test('three-public change unrounded: 0.16 / 3.31 = 4.833836…%', async (t) => {
  // perFullStep: floor(4.8338…) = 4 → 4.80
  // proportional: 4.833836858… × 0.8 = 3.867069… → 4.132930… → 4.13 (4.14 when rounded first)
  // perStartedStep: ceil = 5 → 4.00
  expectModes(
    t,
    'threePublicChangeRate',
    seedAsIs,
    { perFullStep: '4.80', proportional: '4.13', perStartedStep: '4.00' },
    false,
  )
  const unrounded = scoreOf('threePublicChangeRate', withOptions(seedAsIs, 'proportional', false))
  t.equal(unrounded.value, '4.83', 'the shown value stays rounded')
  t.match(String(unrounded.reason.values.unroundedRate), /^4\.8338368580/)
})

t.test('staff 35/34 = 102.94%: 4.00 / 3.53 / 3.50', async (t) => {
  const staff = (r: Draft) => {
    r.baseData.staffing = { authorized: 34, actual: 35 }
  }
  // perFullStep: floor(2.94) = 2 × 0.5 = 1.00 → 4.00
  // proportional: 2.94 × 0.5 = 1.47 → 3.53
  // perStartedStep: ceil(2.94) = 3 × 0.5 = 1.50 → 3.50
  expectModes(t, 'staffControlRate', staff, { perFullStep: '4.00', proportional: '3.53', perStartedStep: '3.50' })
  // unrounded: 2.941176… × 0.5 = 1.470588… → 3.529411… → 3.53; the step counts do not change
  expectModes(
    t,
    'staffControlRate',
    staff,
    { perFullStep: '4.00', proportional: '3.53', perStartedStep: '3.50' },
    false,
  )
})

t.test('proportional score rounds half up: 10,003/10,000 = 100.03% → 0.03 × 0.5 = 0.015 → 4.985 → 4.99', async (t) => {
  const staff = (r: Draft) => {
    r.baseData.staffing = { authorized: 10000, actual: 10003 }
  }
  // perFullStep: floor(0.03) = 0 → 5.00; perStartedStep: ceil(0.03) = 1 → 4.50
  expectModes(t, 'staffControlRate', staff, { perFullStep: '5.00', proportional: '4.99', perStartedStep: '4.50' })
})

t.test('an excess of exactly whole steps reads the same in all modes', async (t) => {
  // public funds 101 of 100: excess 1 = 1 step × 1 → 7.00 whatever the mode
  const funds = (r: Draft) => {
    r.baseData.publicFunds = { priorYearFinal: '68.40', budget: '100', final: '101' }
  }
  expectModes(t, 'publicFundsControlRate', funds, { perFullStep: '7.00', proportional: '7.00', perStartedStep: '7.00' })
  // budget completion 90%: excess 10 = 2 steps × 2 = 4 → 1.00 whatever the mode
  const completion = (r: Draft) => {
    r.baseData.budget = { carryover: '0', initial: '100', supplementary: '0', yearEndBalance: '10' }
  }
  expectModes(t, 'budgetCompletionRate', completion, {
    perFullStep: '1.00',
    proportional: '1.00',
    perStartedStep: '1.00',
  })
})

t.test('within the limit, no mode deducts', async (t) => {
  // staff 29/34 = 85.29% ≤ 100 → 5; public funds 95.16% → 8
  expectModes(t, 'staffControlRate', seedAsIs, { perFullStep: '5.00', proportional: '5.00', perStartedStep: '5.00' })
  expectModes(t, 'publicFundsControlRate', seedAsIs, {
    perFullStep: '8.00',
    proportional: '8.00',
    perStartedStep: '8.00',
  })
})

t.test('budget completion 95.01%: 5.00 / 3.00 / 3.00', async (t) => {
  const completion = (r: Draft) => {
    r.baseData.budget = { carryover: '0', initial: '100', supplementary: '0', yearEndBalance: '4.99' }
  }
  // perFullStep: floor(4.99 / 5) = 0 → 5.00
  // proportional: 4.99 / 5 × 2 = 1.996 → 3.004 → 3.00
  // perStartedStep: ceil(0.998) = 1 × 2 → 3.00
  expectModes(t, 'budgetCompletionRate', completion, {
    perFullStep: '5.00',
    proportional: '3.00',
    perStartedStep: '3.00',
  })
})

t.test('procurement both directions: 97.5% and 134.85%', async (t) => {
  const under = (r: Draft) => {
    r.baseData.procurement = { budget: '100', actual: '97.5' }
  }
  // deviation 2.5: floor(0.5) = 0 → 6.00; 2.5 / 5 × 2 = 1 → 5.00; ceil(0.5) = 1 × 2 → 4.00
  expectModes(t, 'procurementExecutionRate', under, {
    perFullStep: '6.00',
    proportional: '5.00',
    perStartedStep: '4.00',
  })
  const over = (r: Draft) => {
    r.baseData.procurement = { budget: '100', actual: '102.5' }
  }
  expectModes(t, 'procurementExecutionRate', over, {
    perFullStep: '6.00',
    proportional: '5.00',
    perStartedStep: '4.00',
  })
  // seed 134.85%: deviation 34.85: 6 × 2 = 12; 34.85 / 5 × 2 = 13.94; 7 × 2 = 14 — all beyond 6 → 0.00
  expectModes(t, 'procurementExecutionRate', seedAsIs, {
    perFullStep: '0.00',
    proportional: '0.00',
    perStartedStep: '0.00',
  })
  t.equal(scoreOf('procurementExecutionRate', withOptions(seedAsIs, 'proportional')).reason.values.deduction, '13.94')
})

t.test('modes do not touch rules without steps', async (t) => {
  for (const mode of MODES) {
    const result = score(withOptions((r) => (r.assessments.keyWork = { planned: 20, actual: 19 }), mode))
    // 8 × 95 / 100 = 7.60; bands and checklists are not step deductions either
    t.equal(indicator(result, 'keyWorkCompletionRate').score, '7.60', `key work ${mode}`)
    t.equal(indicator(result, 'publicSatisfaction').score, '6.00')
    t.equal(indicator(result, 'managementSystemSoundness').score, '8.00')
  }
})

t.test('roundRateBeforeScoring at a boundary: staff 20,199 / 20,000 = 100.995%', async (t) => {
  const staff = (r: Draft) => {
    r.baseData.staffing = { authorized: 20000, actual: 20199 }
  }
  // rounded (default): 101.00 → excess 1: floor 1 / 1 × 0.5 / ceil 1 → 4.50 in every mode
  expectModes(t, 'staffControlRate', staff, { perFullStep: '4.50', proportional: '4.50', perStartedStep: '4.50' })
  expectModes(t, 'staffControlRate', staff, { perFullStep: '4.50', proportional: '4.50', perStartedStep: '4.50' }, true)
  // unrounded 100.995 → excess 0.995:
  //   perFullStep floor(0.995) = 0 → 5.00
  //   proportional 0.995 × 0.5 = 0.4975 → 4.5025 → 4.50
  //   perStartedStep ceil(0.995) = 1 → 4.50
  expectModes(
    t,
    'staffControlRate',
    staff,
    { perFullStep: '5.00', proportional: '4.50', perStartedStep: '4.50' },
    false,
  )

  const rounded = scoreOf('staffControlRate', withOptions(staff, 'perFullStep', true))
  t.equal(rounded.value, '101.00')
  t.equal(rounded.reason.values.unroundedRate, undefined, 'no note when the rounded rate is scored')
  const unrounded = scoreOf('staffControlRate', withOptions(staff, 'perFullStep', false))
  t.equal(unrounded.value, '101.00', 'the shown value is still the rounded rate')
  t.equal(unrounded.reason.values.unroundedRate, '100.995')
  t.match(unrounded.explanation, '100.995')
  t.match(
    scoreOf('staffControlRate', withOptions(staff, 'perFullStep', false), 'en').explanation,
    'unrounded rate 100.995%',
  )
  t.same(score(withOptions(staff, 'perFullStep', false)).options, {
    deductionMode: 'perFullStep',
    roundRateBeforeScoring: false,
  })
})

t.test('roundRateBeforeScoring on bands: satisfaction 79.995 and budget control 10.004%', async (t) => {
  const satisfaction = (r: Draft) => {
    r.assessments.satisfaction = { rate: '79.995' }
  }
  // rounded 80.00 → [80, 90) → 4; unrounded 79.995 < 80 → 2
  t.equal(scoreOf('publicSatisfaction', withOptions(satisfaction, undefined, true)).score, '4.00')
  t.equal(scoreOf('publicSatisfaction', withOptions(satisfaction, undefined, false)).score, '2.00')
  t.equal(scoreOf('publicSatisfaction', withOptions(satisfaction, undefined, false)).value, '80.00')

  const control = (r: Draft) => {
    r.baseData.budget = { carryover: '0', initial: '100', supplementary: '10.004', yearEndBalance: '0' }
  }
  // 10.004 / 100 = 10.004%: rounded 10.00 → (0, 10] → 4; unrounded 10.004 > 10 → 3
  t.equal(scoreOf('budgetControlRate', withOptions(control, undefined, true)).score, '4.00')
  t.equal(scoreOf('budgetControlRate', withOptions(control, undefined, false)).score, '3.00')
})

t.test('an exact rate is scored the same either way, with no unrounded note', async (t) => {
  // 19 / 20 = 95% exactly → 7.60 both ways
  const keyWork = (r: Draft) => (r.assessments.keyWork = { planned: 20, actual: 19 })
  const result = scoreOf('keyWorkCompletionRate', withOptions(keyWork, undefined, false))
  t.equal(result.score, '7.60')
  t.equal(result.reason.values.unroundedRate, undefined)
  // the seed total is the same unrounded: no seed rate sits on a boundary
  t.equal(score(withOptions(seedAsIs, undefined, false)).totalScore, '90.80')
})
