/**
 * The 17 indicator rules of SCORING.md §3 at and around every threshold. Each case changes only
 * the fields its indicator reads (on a clone of the seed) and states the hand computation in its
 * name. Default options: perFullStep, rates rounded half up to 2 decimals before scoring.
 */
import t from 'tap'
import { type Draft, score, scoreOf } from './fixtures/helpers.js'

interface Case {
  readonly name: string
  readonly mutate: (r: Draft) => void
  readonly score: string
  readonly status?: 'scored' | 'notApplicable' | 'missingData'
  readonly code?: string
  readonly value?: string | null
  readonly deduction?: string
  readonly values?: Record<string, unknown>
}

function cases(id: string, list: readonly Case[]): void {
  t.test(id, async (t) => {
    for (const c of list) {
      const result = scoreOf(id, c.mutate)
      t.equal(result.score, c.score, `${c.name}: score`)
      t.equal(result.status, c.status ?? 'scored', `${c.name}: status`)
      if (c.code !== undefined) t.equal(result.reason.code, c.code, `${c.name}: reason code`)
      if (c.value !== undefined) t.equal(result.value, c.value, `${c.name}: value`)
      if (c.deduction !== undefined) t.equal(result.deduction, c.deduction, `${c.name}: deduction`)
      if (c.values !== undefined) t.match(result.reason.values, c.values, `${c.name}: reason values`)
      t.ok(Number(result.score) >= 0 && Number(result.score) <= Number(result.maxScore), `${c.name}: within [0, max]`)
    }
  })
}

// 1. staffControlRate: r = actual / authorized; ≤ 100 → 5; else 0.5 per full point over 100.
const staff = (authorized: number, actual: number) => (r: Draft) => {
  r.baseData.staffing = { authorized, actual }
}
cases('staffControlRate', [
  { name: '34/34 = 100.00% ≤ 100 → 5.00', mutate: staff(34, 34), score: '5.00', value: '100.00', code: 'WITHIN_LIMIT' },
  { name: '0/34 = 0% → 5.00', mutate: staff(34, 0), score: '5.00', value: '0.00' },
  {
    name: '35/34 = 102.941% → 102.94; floor(2.94) = 2 steps × 0.5 = 1.00 → 4.00',
    mutate: staff(34, 35),
    score: '4.00',
    value: '102.94',
    code: 'EXCEEDS_LIMIT',
    deduction: '1.00',
    values: { excess: '2.94', steps: 2, deduction: '1.00' },
  },
  {
    name: '20,199/20,000 = 100.995% → half up 101.00; 1 step × 0.5 → 4.50 (binary float would give 100.99 → 5.00)',
    mutate: staff(20000, 20199),
    score: '4.50',
    value: '101.00',
    values: { steps: 1 },
  },
  {
    name: '20,198/20,000 = 100.99%; floor(0.99) = 0 steps → 5.00',
    mutate: staff(20000, 20198),
    score: '5.00',
    value: '100.99',
    code: 'EXCEEDS_LIMIT',
    deduction: '0.00',
  },
  { name: '101/100 = 101.00%; 1 step → 4.50', mutate: staff(100, 101), score: '4.50' },
  { name: '109/100 = 109%; 9 steps × 0.5 = 4.5 → 0.50', mutate: staff(100, 109), score: '0.50' },
  { name: '110/100 = 110%; 10 steps × 0.5 = 5 → 0.00', mutate: staff(100, 110), score: '0.00', deduction: '5.00' },
  {
    name: '45/34 = 132.35%; 32 steps × 0.5 = 16 → floored 0.00 (deduction 5.00)',
    mutate: staff(34, 45),
    score: '0.00',
    deduction: '5.00',
    values: { steps: 32, deduction: '16.00' },
  },
])

// 2. threePublicChangeRate: r = (budget − P) / P; ≤ 0 → 8; else 0.8 per full point.
const change = (priorYearBudget: string, budget: string) => (r: Draft) => {
  delete r.baseData.threePublicExpenses.breakdown
  r.baseData.threePublicExpenses.priorYearBudget = priorYearBudget
  r.baseData.threePublicExpenses.budget = budget
}
cases('threePublicChangeRate', [
  {
    name: '100 → 100: 0% ≤ 0 → 8.00',
    mutate: change('100', '100'),
    score: '8.00',
    value: '0.00',
    code: 'WITHIN_LIMIT',
  },
  { name: '100 → 90: −10% ≤ 0 → 8.00', mutate: change('100', '90'), score: '8.00', value: '-10.00' },
  {
    name: '100 → 100.99: 0.99%; floor(0.99) = 0 → 8.00',
    mutate: change('100', '100.99'),
    score: '8.00',
    value: '0.99',
    code: 'EXCEEDS_LIMIT',
  },
  { name: '100 → 101: 1%; 1 step × 0.8 → 7.20', mutate: change('100', '101'), score: '7.20', deduction: '0.80' },
  { name: '100 → 105.5: 5.5%; 5 steps × 0.8 = 4 → 4.00', mutate: change('100', '105.5'), score: '4.00' },
  { name: '100 → 110: 10%; 10 × 0.8 = 8 → 0.00', mutate: change('100', '110'), score: '0.00', deduction: '8.00' },
  {
    name: '100 → 111: 11%; 11 × 0.8 = 8.8 → floored 0.00',
    mutate: change('100', '111'),
    score: '0.00',
    deduction: '8.00',
    values: { deduction: '8.80' },
  },
  {
    name: '3.31 → 3.47: 0.16/3.31 = 4.8338% → 4.83; 4 steps × 0.8 = 3.20 → 4.80',
    mutate: change('3.31', '3.47'),
    score: '4.80',
    value: '4.83',
  },
  {
    name: 'prior-year base 0, budget 0 → notApplicable 8.00 (BOTH_ZERO)',
    mutate: change('0', '0'),
    score: '8.00',
    status: 'notApplicable',
    code: 'BOTH_ZERO',
    value: null,
  },
  {
    name: 'prior-year base 0, budget 2 → increase from nothing, 0.00 (ZERO_DENOMINATOR)',
    mutate: change('0', '2'),
    score: '0.00',
    status: 'scored',
    code: 'ZERO_DENOMINATOR',
    deduction: '8.00',
  },
  {
    name: 'fallback base priorYearFinal 0, budget 0 → notApplicable 8.00',
    mutate: (r) => {
      delete r.baseData.threePublicExpenses.breakdown
      r.baseData.threePublicExpenses.priorYearFinal = '0'
      r.baseData.threePublicExpenses.budget = '0'
      r.baseData.threePublicExpenses.final = '0'
    },
    score: '8.00',
    status: 'notApplicable',
    code: 'BOTH_ZERO',
  },
  {
    name: 'fallback base priorYearFinal 0, budget 1 → 0.00',
    mutate: (r) => {
      delete r.baseData.threePublicExpenses.breakdown
      r.baseData.threePublicExpenses.priorYearFinal = '0'
      r.baseData.threePublicExpenses.budget = '1'
    },
    score: '0.00',
    code: 'ZERO_DENOMINATOR',
  },
  {
    name: 'priorYearBudget wins over priorYearFinal: P = 3.47 (final 3.31) → 0% → 8.00',
    mutate: (r) => {
      r.baseData.threePublicExpenses.priorYearBudget = '3.47'
    },
    score: '8.00',
  },
])

// 3. budgetCompletionRate: B = carryover + initial + supplementary; r = (B − balance) / B;
//    ≥ 100 → 5; else 2 per full 5 points below 100.
const completion =
  (balance: string, carryover = '0', initial = '100', supplementary = '0') =>
  (r: Draft) => {
    r.baseData.budget = { carryover, initial, supplementary, yearEndBalance: balance }
  }
cases('budgetCompletionRate', [
  {
    name: 'B = 100, balance 0 → 100% → 5.00',
    mutate: completion('0'),
    score: '5.00',
    value: '100.00',
    code: 'WITHIN_LIMIT',
  },
  {
    name: 'balance 0.73 → 99.27%; floor(0.73/5) = 0 → 5.00 (the Hunan example)',
    mutate: completion('0.73'),
    score: '5.00',
    value: '99.27',
    code: 'BELOW_LIMIT',
  },
  {
    name: 'balance 4.99 → 95.01%; floor(4.99/5) = 0 → 5.00',
    mutate: completion('4.99'),
    score: '5.00',
    value: '95.01',
  },
  {
    name: 'balance 5 → 95%; floor(5/5) = 1 × 2 → 3.00',
    mutate: completion('5'),
    score: '3.00',
    value: '95.00',
    deduction: '2.00',
  },
  { name: 'balance 9.99 → 90.01%; floor(9.99/5) = 1 × 2 → 3.00', mutate: completion('9.99'), score: '3.00' },
  {
    name: 'balance 10 → 90%; 2 steps × 2 = 4 → 1.00',
    mutate: completion('10'),
    score: '1.00',
    value: '90.00',
    values: { excess: '10', steps: 2, deduction: '4.00' },
  },
  {
    name: 'balance 15.5 → 84.5%; 3 steps × 2 = 6 → floored 0.00',
    mutate: completion('15.5'),
    score: '0.00',
    deduction: '5.00',
    values: { deduction: '6.00' },
  },
  { name: 'balance 100 → 0%; 20 steps × 2 = 40 → 0.00', mutate: completion('100'), score: '0.00' },
  {
    name: 'balance 0.005 of 100 → 99.995% → half up 100.00 → 5.00',
    mutate: completion('0.005'),
    score: '5.00',
    value: '100.00',
  },
  {
    name: 'B = 1067.04 + 7670.78 + 262.18 = 9000, balance 900 → 90% → 1.00',
    mutate: completion('900', '1067.04', '7670.78', '262.18'),
    score: '1.00',
    value: '90.00',
  },
  {
    name: 'negative supplementary counts in B: 50 + 100 − 50 = 100, balance 10 → 90% → 1.00',
    mutate: completion('10', '50', '100', '-50'),
    score: '1.00',
    value: '90.00',
  },
])

// 4. budgetControlRate: r = supplementary / initial; ≤ 0 → 5; (0,10] → 4; (10,20] → 3; (20,30] → 2; > 30 → 0.
const control =
  (supplementary: string, initial = '100') =>
  (r: Draft) => {
    r.baseData.budget = { carryover: '0', initial, supplementary, yearEndBalance: '0' }
  }
cases('budgetControlRate', [
  {
    name: '0 / 100 = 0% → 5.00',
    mutate: control('0'),
    score: '5.00',
    value: '0.00',
    code: 'BAND',
    values: { band: '≤0' },
  },
  { name: '0.01 / 100 = 0.01% → 4.00', mutate: control('0.01'), score: '4.00', value: '0.01' },
  { name: '0.004 / 100 = 0.004% → rounded 0.00 → 5.00', mutate: control('0.004'), score: '5.00', value: '0.00' },
  {
    name: '10 / 100 = 10% (included) → 4.00',
    mutate: control('10'),
    score: '4.00',
    value: '10.00',
    values: { band: '≤10' },
  },
  { name: '10.01 / 100 = 10.01% → 3.00', mutate: control('10.01'), score: '3.00', value: '10.01' },
  { name: '10.004 / 100 = 10.004% → rounded 10.00 → 4.00', mutate: control('10.004'), score: '4.00', value: '10.00' },
  { name: '10.005 / 100 = 10.005% → half up 10.01 → 3.00', mutate: control('10.005'), score: '3.00', value: '10.01' },
  { name: '20 / 100 = 20% → 3.00', mutate: control('20'), score: '3.00' },
  { name: '20.01 / 100 → 2.00', mutate: control('20.01'), score: '2.00' },
  { name: '30 / 100 = 30% → 2.00', mutate: control('30'), score: '2.00', value: '30.00' },
  { name: '30.01 / 100 = 30.01% → 0.00', mutate: control('30.01'), score: '0.00', values: { band: 'otherwise' } },
  {
    name: '767.078 / 7670.78 = 10% exactly → 4.00',
    mutate: control('767.078', '7670.78'),
    score: '4.00',
    value: '10.00',
  },
  {
    name: 'cut: −5 / 100 = −5% ≤ 0 → 5.00, reason negative: true',
    mutate: control('-5'),
    score: '5.00',
    value: '-5.00',
    code: 'BAND',
    values: { negative: true },
  },
])

t.test('budgetControlRate: a cut is explained', async (t) => {
  const cut = scoreOf('budgetControlRate', control('-5'))
  t.match(cut.explanation, '调减')
  const cutEn = scoreOf('budgetControlRate', control('-5'), 'en')
  t.match(cutEn.explanation, /cut/)
  const none = scoreOf('budgetControlRate', control('0'))
  t.equal(none.reason.values.negative, undefined, 'no cut, no negative flag')
  t.notMatch(none.explanation, '调减')
})

// 5./6. buildings: no project → notApplicable 5; else r = actual / approved, ≤ 100 → 5, 2 per full 5 points over.
const building =
  (approvedArea: string, actualArea: string, approvedInvestment = '100', actualInvestment = '100') =>
  (r: Draft) => {
    r.baseData.buildings = { hasProject: true, approvedArea, actualArea, approvedInvestment, actualInvestment }
  }
const investment = (approvedInvestment: string, actualInvestment: string) =>
  building('100', '100', approvedInvestment, actualInvestment)
cases('buildingAreaControlRate', [
  {
    name: 'no project → notApplicable 5.00',
    mutate: () => {},
    score: '5.00',
    status: 'notApplicable',
    code: 'NOT_APPLICABLE',
    value: null,
  },
  {
    name: '1000 of 1000 = 100% → 5.00',
    mutate: building('1000', '1000'),
    score: '5.00',
    value: '100.00',
    code: 'WITHIN_LIMIT',
  },
  { name: '900 of 1000 = 90% → 5.00', mutate: building('1000', '900'), score: '5.00' },
  {
    name: '1049.9 of 1000 = 104.99%; floor(4.99/5) = 0 → 5.00',
    mutate: building('1000', '1049.9'),
    score: '5.00',
    value: '104.99',
    code: 'EXCEEDS_LIMIT',
  },
  {
    name: '1050 of 1000 = 105%; 1 step × 2 → 3.00',
    mutate: building('1000', '1050'),
    score: '3.00',
    value: '105.00',
    deduction: '2.00',
  },
  { name: '1100 of 1000 = 110%; 2 steps × 2 = 4 → 1.00', mutate: building('1000', '1100'), score: '1.00' },
  {
    name: '1150 of 1000 = 115%; 3 steps × 2 = 6 → floored 0.00',
    mutate: building('1000', '1150'),
    score: '0.00',
    deduction: '5.00',
  },
  {
    name: 'approved 0, actual 0 → notApplicable 5.00 (BOTH_ZERO)',
    mutate: building('0', '0'),
    score: '5.00',
    status: 'notApplicable',
    code: 'BOTH_ZERO',
    value: null,
  },
  {
    name: 'approved 0, actual 10 → built without approval 0.00 (ZERO_DENOMINATOR)',
    mutate: building('0', '10'),
    score: '0.00',
    status: 'scored',
    code: 'ZERO_DENOMINATOR',
  },
])
cases('buildingInvestmentControlRate', [
  {
    name: 'no project → notApplicable 5.00',
    mutate: () => {},
    score: '5.00',
    status: 'notApplicable',
    code: 'NOT_APPLICABLE',
  },
  { name: '500 of 500 = 100% → 5.00', mutate: investment('500', '500'), score: '5.00', value: '100.00' },
  { name: '524.95 of 500 = 104.99% → 5.00', mutate: investment('500', '524.95'), score: '5.00', value: '104.99' },
  { name: '525 of 500 = 105%; 1 step → 3.00', mutate: investment('500', '525'), score: '3.00', value: '105.00' },
  { name: '560 of 500 = 112%; 2 steps × 2 = 4 → 1.00', mutate: investment('500', '560'), score: '1.00' },
  {
    name: 'approved 0, actual 0 → notApplicable 5.00',
    mutate: investment('0', '0'),
    score: '5.00',
    status: 'notApplicable',
    code: 'BOTH_ZERO',
  },
  { name: 'approved 0, actual 3 → 0.00', mutate: investment('0', '3'), score: '0.00', code: 'ZERO_DENOMINATOR' },
])

t.test('buildings: area and investment are scored independently', async (t) => {
  // area 105% → 3.00; investment 100% → 5.00
  const mutate = building('1000', '1050', '200', '200')
  t.equal(scoreOf('buildingAreaControlRate', mutate).score, '3.00')
  t.equal(scoreOf('buildingInvestmentControlRate', mutate).score, '5.00')
  const zero = scoreOf('buildingAreaControlRate', building('0', '10'))
  t.match(zero.explanation, /分母.*为0/, 'the explanation says why')
  t.match(zero.reason.values, { numerator: '10', denominator: ['/baseData/buildings/approvedArea'] })
})

// 7. publicFundsControlRate: r = final / budget; ≤ 100 → 8; else 1 per full point over.
const funds = (budget: string, final: string) => (r: Draft) => {
  delete r.baseData.publicFunds.breakdown
  r.baseData.publicFunds.budget = budget
  r.baseData.publicFunds.final = final
}
cases('publicFundsControlRate', [
  { name: '100 of 100 = 100% → 8.00', mutate: funds('100', '100'), score: '8.00', code: 'WITHIN_LIMIT' },
  { name: '100.99 of 100 = 100.99%; 0 steps → 8.00', mutate: funds('100', '100.99'), score: '8.00', value: '100.99' },
  { name: '101 of 100 = 101%; 1 step × 1 → 7.00', mutate: funds('100', '101'), score: '7.00', deduction: '1.00' },
  { name: '104.5 of 100 = 104.5%; 4 steps → 4.00', mutate: funds('100', '104.5'), score: '4.00' },
  {
    name: '108.5 of 100 = 108.5%; 8 steps × 1 = 8 → 0.00',
    mutate: funds('100', '108.5'),
    score: '0.00',
    deduction: '8.00',
    values: { steps: 8, deduction: '8.00' },
  },
  {
    name: '109.5 of 100 = 109.5%; 9 steps × 1 = 9 > 8 → floored 0.00, deduction 8.00',
    mutate: funds('100', '109.5'),
    score: '0.00',
    deduction: '8.00',
    values: { steps: 9, deduction: '9.00' },
  },
  {
    name: '500 of 100 = 500%; 400 steps → 0.00 never negative',
    mutate: funds('100', '500'),
    score: '0.00',
    deduction: '8.00',
  },
  {
    name: 'budget 0, final 0 → notApplicable 8.00',
    mutate: funds('0', '0'),
    score: '8.00',
    status: 'notApplicable',
    code: 'BOTH_ZERO',
  },
  { name: 'budget 0, final 1 → 0.00', mutate: funds('0', '1'), score: '0.00', code: 'ZERO_DENOMINATOR' },
])

t.test('publicFundsControlRate: a deduction beyond the max is explained as floored', async (t) => {
  const over = scoreOf('publicFundsControlRate', funds('100', '109.5'))
  t.match(over.explanation, '应扣9.00分，扣完为止')
  t.match(over.explanation, '得0.00分')
  t.match(scoreOf('publicFundsControlRate', funds('100', '109.5'), 'en').explanation, 'floored at 0')
})

// 8. threePublicControlRate: r = final / budget; as 7, max 8.
const threeControl = (budget: string, final: string) => (r: Draft) => {
  delete r.baseData.threePublicExpenses.breakdown
  r.baseData.threePublicExpenses.priorYearBudget = budget // keeps the change rate at 0, no fallback
  r.baseData.threePublicExpenses.budget = budget
  r.baseData.threePublicExpenses.final = final
}
cases('threePublicControlRate', [
  { name: '2.89 of 3.47 = 83.29% → 8.00', mutate: threeControl('3.47', '2.89'), score: '8.00', value: '83.29' },
  { name: '100 of 100 → 8.00', mutate: threeControl('100', '100'), score: '8.00' },
  { name: '100.99 of 100 → 0 steps → 8.00', mutate: threeControl('100', '100.99'), score: '8.00' },
  { name: '101 of 100 → 1 step → 7.00', mutate: threeControl('100', '101'), score: '7.00' },
  {
    name: '3.5 of 3.47 = 100.8646% → 100.86 → 0 steps → 8.00',
    mutate: threeControl('3.47', '3.5'),
    score: '8.00',
    value: '100.86',
  },
  {
    name: '3.6 of 3.47 = 103.746% → 103.75 → 3 steps → 5.00',
    mutate: threeControl('3.47', '3.6'),
    score: '5.00',
    value: '103.75',
  },
  { name: '108 of 100 → 8 steps → 0.00', mutate: threeControl('100', '108'), score: '0.00', deduction: '8.00' },
  { name: '150 of 100 → 50 steps → 0.00', mutate: threeControl('100', '150'), score: '0.00' },
  {
    name: 'budget 0, final 0 → notApplicable 8.00',
    mutate: threeControl('0', '0'),
    score: '8.00',
    status: 'notApplicable',
    code: 'BOTH_ZERO',
  },
  { name: 'budget 0, final 2 → 0.00', mutate: threeControl('0', '2'), score: '0.00', code: 'ZERO_DENOMINATOR' },
])

// 9. procurementExecutionRate: r = actual / budget; deviation |r − 100|, 2 per full 5 points, max 6.
const procurement = (budget: string, actual: string) => (r: Draft) => {
  r.baseData.procurement = { budget, actual }
}
cases('procurementExecutionRate', [
  { name: '100 of 100 → no deviation → 6.00', mutate: procurement('100', '100'), score: '6.00', code: 'WITHIN_LIMIT' },
  {
    name: '95.01 of 100 → deviation 4.99 → 0 steps → 6.00',
    mutate: procurement('100', '95.01'),
    score: '6.00',
    code: 'DEVIATES_FROM_LIMIT',
  },
  {
    name: '95 of 100 → deviation 5 → 1 step × 2 → 4.00',
    mutate: procurement('100', '95'),
    score: '4.00',
    value: '95.00',
    values: { excess: '5', steps: 1 },
  },
  { name: '104.99 of 100 → deviation 4.99 → 6.00', mutate: procurement('100', '104.99'), score: '6.00' },
  { name: '105 of 100 → deviation 5 → 1 step → 4.00', mutate: procurement('100', '105'), score: '4.00' },
  { name: '90 of 100 → deviation 10 → 2 steps → 2.00', mutate: procurement('100', '90'), score: '2.00' },
  { name: '110 of 100 → deviation 10 → 2 steps → 2.00', mutate: procurement('100', '110'), score: '2.00' },
  { name: '85 of 100 → deviation 15 → 3 steps × 2 = 6 → 0.00', mutate: procurement('100', '85'), score: '0.00' },
  { name: '0 of 100 → deviation 100 → 20 steps → 0.00', mutate: procurement('100', '0'), score: '0.00', value: '0.00' },
  {
    name: '397.65 of 294.88 = 134.85% → deviation 34.85 → 6 steps × 2 = 12 → 0.00',
    mutate: procurement('294.88', '397.65'),
    score: '0.00',
    value: '134.85',
    deduction: '6.00',
  },
  {
    name: 'budget 0, actual 0 → notApplicable full 6.00',
    mutate: procurement('0', '0'),
    score: '6.00',
    status: 'notApplicable',
    code: 'BOTH_ZERO',
  },
  { name: 'budget 0, actual 5 → 0.00', mutate: procurement('0', '5'), score: '0.00', code: 'ZERO_DENOMINATOR' },
])

// 10. managementSystemSoundness: 2 per true item of 4.
const management = (flags: [boolean, boolean, boolean, boolean]) => (r: Draft) => {
  const [internalFinancialRules, frugalityRules, lawfulAndComplete, effectivelyExecuted] = flags
  r.assessments.managementSystem = { internalFinancialRules, frugalityRules, lawfulAndComplete, effectivelyExecuted }
}
cases('managementSystemSoundness', [
  { name: '4 of 4 × 2 → 8.00', mutate: management([true, true, true, true]), score: '8.00', code: 'CHECKLIST' },
  {
    name: '3 of 4 × 2 → 6.00',
    mutate: management([true, false, true, true]),
    score: '6.00',
    value: '3',
    values: { unmet: ['frugalityRules'], met: ['internalFinancialRules', 'lawfulAndComplete', 'effectivelyExecuted'] },
  },
  { name: '1 of 4 × 2 → 2.00', mutate: management([false, false, false, true]), score: '2.00' },
  { name: '0 of 4 → 0.00', mutate: management([false, false, false, false]), score: '0.00', deduction: '8.00' },
])

t.test('managementSystemSoundness: the unmet item is named in the explanation', async (t) => {
  const result = scoreOf('managementSystemSoundness', management([true, false, true, true]))
  t.match(result.explanation, '有本部门厉行节约制度')
  t.match(scoreOf('managementSystemSoundness', management([true, false, true, true]), 'en').explanation, 'frugality')
})

// 11. fundUseCompliance: 6 − the number of violations, floor 0.
const violations = (counts: Partial<Record<string, number>>) => (r: Draft) => {
  r.assessments.fundUseViolations = {
    regulations: 0,
    approvalProcedures: 0,
    projectAppraisal: 0,
    budgetPurpose: 0,
    misappropriation: 0,
    ...counts,
  }
}
cases('fundUseCompliance', [
  { name: 'no violation → 6.00', mutate: violations({}), score: '6.00', code: 'VIOLATIONS' },
  { name: '1 violation → 5.00', mutate: violations({ misappropriation: 1 }), score: '5.00' },
  {
    name: '2 violations (1 + 1) → 6 − 2 = 4.00',
    mutate: violations({ regulations: 1, budgetPurpose: 1 }),
    score: '4.00',
    value: '2',
    values: { count: 2, categories: ['regulations', 'budgetPurpose'] },
  },
  { name: '6 violations → 0.00', mutate: violations({ approvalProcedures: 6 }), score: '0.00' },
  {
    name: '7 violations (3 + 4) → 6 − 7 < 0 → floored 0.00',
    mutate: violations({ regulations: 3, projectAppraisal: 4 }),
    score: '0.00',
    deduction: '6.00',
    values: { count: 7, deduction: '7.00' },
  },
])

// 12. budgetDisclosure: 1 per true item of 5.
const disclosure = (flags: [boolean, boolean, boolean, boolean, boolean]) => (r: Draft) => {
  const [content, timeliness, truthful, complete, accurate] = flags
  r.assessments.disclosure = { content, timeliness, truthful, complete, accurate }
}
cases('budgetDisclosure', [
  { name: '5 of 5 → 5.00', mutate: disclosure([true, true, true, true, true]), score: '5.00' },
  {
    name: '4 of 5 → 4.00',
    mutate: disclosure([true, false, true, true, true]),
    score: '4.00',
    values: { unmet: ['timeliness'] },
  },
  { name: '3 of 5 → 3.00', mutate: disclosure([true, true, false, true, false]), score: '3.00', value: '3' },
  { name: '0 of 5 → 0.00', mutate: disclosure([false, false, false, false, false]), score: '0.00' },
])

// 13. keyWorkCompletionRate: score = 8 × min(r, 100) / 100.
const keyWork = (planned: number | string, actual: number | string) => (r: Draft) => {
  r.assessments.keyWork = { planned, actual }
}
cases('keyWorkCompletionRate', [
  { name: '20/20 = 100% → 8.00', mutate: keyWork(20, 20), score: '8.00', code: 'PROPORTIONAL' },
  {
    name: '19/20 = 95% → 8 × 95 / 100 = 7.60',
    mutate: keyWork(20, 19),
    score: '7.60',
    value: '95.00',
    values: { capped: false },
  },
  {
    name: '25/20 = 125% → capped at 100 → 8.00',
    mutate: keyWork(20, 25),
    score: '8.00',
    value: '125.00',
    values: { capped: true },
  },
  {
    name: '1/3 = 33.333% → 33.33; 8 × 33.33 / 100 = 2.6664 → 2.67',
    mutate: keyWork(3, 1),
    score: '2.67',
    value: '33.33',
  },
  {
    name: '2/3 = 66.667% → 66.67; 8 × 66.67 / 100 = 5.3336 → 5.33',
    mutate: keyWork(3, 2),
    score: '5.33',
    value: '66.67',
  },
  { name: '17.5/20 = 87.5% → 8 × 87.5 / 100 = 7.00', mutate: keyWork('20', '17.5'), score: '7.00' },
  { name: '0/20 = 0% → 0.00', mutate: keyWork(20, 0), score: '0.00' },
])

// 14./15. economicBenefit, socialBenefit: the assessor's score 0..3, rounded half up.
cases('economicBenefit', [
  { name: '3 → 3.00', mutate: () => {}, score: '3.00', code: 'ASSESSOR_SCORE' },
  {
    name: '"2.5" → 2.50',
    mutate: (r) => (r.assessments.economicBenefit.score = '2.5'),
    score: '2.50',
    deduction: '0.50',
  },
  { name: '0 → 0.00', mutate: (r) => (r.assessments.economicBenefit.score = 0), score: '0.00' },
  { name: '"2.345" → half up 2.35', mutate: (r) => (r.assessments.economicBenefit.score = '2.345'), score: '2.35' },
  {
    name: 'JSON number 1.005 → decimal 1.005 → half up 1.01 (binary float would give 1.00)',
    mutate: (r) => (r.assessments.economicBenefit.score = 1.005),
    score: '1.01',
  },
])
cases('socialBenefit', [
  { name: '3 → 3.00', mutate: () => {}, score: '3.00' },
  { name: '"1.75" → 1.75', mutate: (r) => (r.assessments.socialBenefit.score = '1.75'), score: '1.75' },
  { name: '"0" → 0.00', mutate: (r) => (r.assessments.socialBenefit.score = '0'), score: '0.00' },
])

// 16. administrativeEfficiency: good 6 / average 3 / poor 0.
cases('administrativeEfficiency', [
  {
    name: 'good → 6.00',
    mutate: (r) => (r.assessments.administrativeEfficiency = 'good'),
    score: '6.00',
    code: 'LEVEL',
    value: 'good',
  },
  {
    name: 'average → 3.00',
    mutate: (r) => (r.assessments.administrativeEfficiency = 'average'),
    score: '3.00',
    value: 'average',
  },
  {
    name: 'poor → 0.00',
    mutate: (r) => (r.assessments.administrativeEfficiency = 'poor'),
    score: '0.00',
    value: 'poor',
  },
])

t.test('administrativeEfficiency: the level label is in the explanation', async (t) => {
  t.match(
    scoreOf('administrativeEfficiency', (r) => (r.assessments.administrativeEfficiency = 'average')).explanation,
    '一般',
  )
  t.match(
    scoreOf('administrativeEfficiency', (r) => (r.assessments.administrativeEfficiency = 'poor'), 'en').explanation,
    'no or no clear effect',
  )
})

// 17. publicSatisfaction: ≥ 90 → 6; [80, 90) → 4; [70, 80) → 2; < 70 → 0. A given rate is rounded too.
const rate = (value: string | number) => (r: Draft) => {
  r.assessments.satisfaction = { rate: value }
}
const counts = (satisfied: number, surveyed: number) => (r: Draft) => {
  r.assessments.satisfaction = { satisfied, surveyed }
}
cases('publicSatisfaction', [
  { name: '100 → 6.00', mutate: rate('100'), score: '6.00', value: '100.00' },
  { name: '90 → 6.00', mutate: rate('90'), score: '6.00', value: '90.00', code: 'BAND' },
  { name: '89.995 → half up 90.00 → 6.00', mutate: rate('89.995'), score: '6.00', value: '90.00' },
  { name: '89.99 → 4.00', mutate: rate('89.99'), score: '4.00', value: '89.99' },
  { name: '80 → 4.00', mutate: rate(80), score: '4.00', value: '80.00' },
  { name: '79.995 → half up 80.00 → 4.00', mutate: rate('79.995'), score: '4.00', value: '80.00' },
  { name: '79.994 → 79.99 → 2.00', mutate: rate('79.994'), score: '2.00', value: '79.99' },
  { name: '70 → 2.00', mutate: rate('70'), score: '2.00' },
  { name: '69.99 → 0.00', mutate: rate('69.99'), score: '0.00' },
  { name: '0 → 0.00', mutate: rate('0'), score: '0.00' },
  { name: 'counts 179/200 = 89.5% → 4.00', mutate: counts(179, 200), score: '4.00', value: '89.50' },
  { name: 'counts 180/200 = 90% → 6.00', mutate: counts(180, 200), score: '6.00', value: '90.00' },
  {
    name: 'counts 17,999/20,000 = 89.995% → 90.00 → 6.00',
    mutate: counts(17999, 20000),
    score: '6.00',
    value: '90.00',
  },
  { name: 'counts 1,599/2,000 = 79.95% → 2.00', mutate: counts(1599, 2000), score: '2.00', value: '79.95' },
  { name: 'counts 0/10 = 0% → 0.00', mutate: counts(0, 10), score: '0.00' },
])

t.test('publicSatisfaction from counts reads both counts', async (t) => {
  const result = scoreOf('publicSatisfaction', counts(179, 200))
  t.match(result.inputs, { '/assessments/satisfaction/satisfied': '179', '/assessments/satisfaction/surveyed': '200' })
})

// §4 grades, at each boundary (the seed's 90.80 moved by assessor scores and answers).
t.test('grades at 90 / 80 / 60, boundaries included', async (t) => {
  const grade = (mutate: (r: Draft) => void) => {
    const result = score(mutate)
    return [result.totalScore, result.grade?.code]
  }
  // 90.80 − (3 − 2.20) = 90.00 → excellent; with 2.19: 89.99 → good
  t.same(grade((r) => (r.assessments.economicBenefit.score = '2.20')), ['90.00', 'excellent'])
  t.same(grade((r) => (r.assessments.economicBenefit.score = '2.19')), ['89.99', 'good'])
  // poor efficiency −6 → 84.80; social 0 −3 → 81.80; key work 18/20 = 90% → 7.20, −0.80 → 81.00;
  // economic 2 −1 → 80.00 → good; economic 1.99 → 79.99 → fair
  const toEighty = (economic: string) => (r: Draft) => {
    r.assessments.administrativeEfficiency = 'poor'
    r.assessments.socialBenefit.score = '0'
    r.assessments.keyWork = { planned: 20, actual: 18 }
    r.assessments.economicBenefit.score = economic
  }
  t.same(grade(toEighty('2')), ['80.00', 'good'])
  t.same(grade(toEighty('1.99')), ['79.99', 'fair'])
  // management all false −8 → 82.80; disclosure all false −5 → 77.80; poor efficiency −6 → 71.80;
  // social 0 −3 → 68.80; satisfaction 0 −6 → 62.80; economic 0.20 −2.80 → 60.00 → fair; 0.19 → 59.99 → poor
  const toSixty = (economic: string) => (r: Draft) => {
    r.assessments.managementSystem = {
      internalFinancialRules: false,
      frugalityRules: false,
      lawfulAndComplete: false,
      effectivelyExecuted: false,
    }
    r.assessments.disclosure = { content: false, timeliness: false, truthful: false, complete: false, accurate: false }
    r.assessments.administrativeEfficiency = 'poor'
    r.assessments.socialBenefit.score = '0'
    r.assessments.satisfaction = { rate: '0' }
    r.assessments.economicBenefit.score = economic
  }
  t.same(grade(toSixty('0.20')), ['60.00', 'fair'])
  t.same(grade(toSixty('0.19')), ['59.99', 'poor'])
  const poor = score(toSixty('0.19'))
  t.same(poor.grade, { code: 'poor', label: '差', labelEn: 'poor' })
})

// A supplementary budget written "-0" is zero, not a cut: SCORING.md §3.4 puts r = 0 in the ≤ 0
// band (5 points), and only "a cut" earns the 调减 note (decimal.js keeps the sign of −0).
t.test('budgetControlRate: supplementary "-0" is no cut (no negative flag, no 调减 note)', async (t) => {
  for (const supplementary of ['-0', '-0.00']) {
    const result = scoreOf('budgetControlRate', control(supplementary))
    t.equal(result.score, '5.00', `${supplementary}: 0% → 5.00`)
    t.equal(result.value, '0.00')
    t.equal(result.reason.values.negative, undefined, `${supplementary}: not negative`)
    t.notMatch(result.explanation, '调减', `${supplementary}: no cut note`)
  }
})
