/**
 * RUBRIC.md: the rubric is data. Variants of yuhua-2021 (other weights and steps seen in other
 * localities) are compiled and scored by the same engine, with no code keyed by indicator id.
 */
import t from 'tap'
import type { Rubric } from '../../schemas/rubric.js'
import { compileRubric } from '../../src/engine/compile.js'
import { validateRubric } from '../../src/rubrics/validate-rubric.js'
import yuhua from '../../src/rubrics/yuhua-2021.json' with { type: 'json' }
import { type Draft, indicator, run, withChanges } from './fixtures/helpers.js'

type Doc = Draft

function variant(mutate: (rubric: Doc) => void): Doc {
  const doc = structuredClone(yuhua) as Doc
  mutate(doc)
  return doc
}

function staffIndicator(doc: Doc): Doc {
  return doc.categories[0].children[0].indicators[0]
}

/** 在职人员控制率 worth 8 points, 0.8 per point over: budgetAllocation 8 + 8 = 16, input 16, total 103. */
const eightPoint = variant((doc) => {
  doc.id = 'staff-8'
  doc.version = 'test'
  const staff = staffIndicator(doc)
  staff.maxScore = '8'
  staff.rule.pointsPerStep = '0.8'
  doc.categories[0].children[0].maxScore = '16'
  doc.categories[0].maxScore = '16'
  doc.maxScore = '103'
})

/** A county's reading: 在职人员控制率 worth 1 point, 0.1 per point over; totals 9 / 9 / 96. */
const onePoint = variant((doc) => {
  doc.id = 'staff-1'
  const staff = staffIndicator(doc)
  staff.maxScore = '1'
  staff.rule.pointsPerStep = '0.1'
  doc.categories[0].children[0].maxScore = '9'
  doc.categories[0].maxScore = '9'
  doc.maxScore = '96'
})

/** 预算控制率 bands 8/6/4/2/0 elsewhere, paid for by 公用经费控制率 going from 8 to 5 (sums unchanged). */
const eightBands = variant((doc) => {
  doc.id = 'control-8'
  const execution = doc.categories[1].children[0]
  const control = execution.indicators[1]
  control.maxScore = '8'
  control.rule.bands = [
    { upTo: '0', points: '8' },
    { upTo: '10', points: '6' },
    { upTo: '20', points: '4' },
    { upTo: '30', points: '2' },
    { points: '0' },
  ]
  execution.maxScore = '23'
  const management = doc.categories[1].children[1]
  const publicFunds = management.indicators[0]
  publicFunds.maxScore = '5'
  management.maxScore = '38'
})

// The seed's self-assessment claims 5 and 8 points where a variant may allow less: requests to
// variants leave it out (a claim above an indicator's max is a 400).
const noClaims = withChanges((r) => {
  delete r.selfAssessment
})

const staff = (authorized: number, actual: number, options?: Draft) =>
  withChanges((r) => {
    delete r.selfAssessment
    r.baseData.staffing = { authorized, actual }
    if (options) r.options = options
  })

t.test('the variants are valid rubrics', async (t) => {
  t.same(validateRubric(eightPoint), [], 'staff 8 points, total 103')
  t.same(validateRubric(onePoint), [], 'staff 1 point, total 96')
  t.same(validateRubric(eightBands), [], 'budget control 8/6/4/2/0')
  t.equal(staffIndicator(yuhua as Doc).maxScore, '5', 'the built-in rubric document is untouched')
})

t.test('an unbalanced variant is rejected with pointers into the rubric', async (t) => {
  const broken = variant((doc) => {
    staffIndicator(doc).maxScore = '8'
  })
  const pointers = validateRubric(broken).map((problem) => problem.pointer)
  t.ok(pointers.includes('/categories/0/children/0/maxScore'), 'the group no longer adds up (8 + 8 ≠ 13)')
})

t.test('staff worth 8, 0.8 per point: 41 of 40 = 102.50% → 2 full steps × 0.8 = 1.6 → 6.40', async (t) => {
  const compiled = compileRubric(eightPoint as Rubric)
  const result = run(staff(40, 41), 'zh', compiled)
  const item = indicator(result, 'staffControlRate')
  t.equal(item.maxScore, '8.00')
  t.equal(item.value, '102.50')
  t.equal(item.score, '6.40')
  t.equal(item.deduction, '1.60')
  t.match(item.reason.values, { excess: '2.5', steps: 2, pointsPerStep: '0.8', deduction: '1.60' })
  t.match(item.explanation, '扣1.60分')
  t.equal(result.maxScore, '103.00')
  t.equal(result.rubric.id, 'staff-8')
  // input: 6.40 + 4.80 = 11.20 of 16; total 90.80 − 5 + 6.40 = 92.20
  t.equal(result.categories[0]?.score, '11.20')
  t.equal(result.categories[0]?.maxScore, '16.00')
  t.equal(result.categories[0]?.children[0]?.maxScore, '16.00')
  t.equal(result.totalScore, '92.20')
  t.equal(result.grade?.code, 'excellent')

  // other readings on the same variant: 2.5 × 0.8 = 2.00 → 6.00; ceil(2.5) = 3 × 0.8 = 2.4 → 5.60
  t.equal(
    indicator(run(staff(40, 41, { deductionMode: 'proportional' }), 'zh', compiled), 'staffControlRate').score,
    '6.00',
  )
  t.equal(
    indicator(run(staff(40, 41, { deductionMode: 'perStartedStep' }), 'zh', compiled), 'staffControlRate').score,
    '5.60',
  )
  // 50 of 40 = 125%: 25 steps × 0.8 = 20 → floored 0.00
  t.equal(indicator(run(staff(40, 50), 'zh', compiled), 'staffControlRate').score, '0.00')
  // the seed 29/34 = 85.29% → full 8; total 90.80 + 3 = 93.80 of 103
  const seeded = run(noClaims, 'zh', compiled)
  t.equal(indicator(seeded, 'staffControlRate').score, '8.00')
  t.equal(seeded.totalScore, '93.80')
})

t.test('the default rubric is unaffected by a variant compiled beside it', async (t) => {
  compileRubric(eightPoint as Rubric)
  const result = run(staff(40, 41))
  // 102.50%: 2 steps × 0.5 = 1 → 4.00 of 5
  t.equal(indicator(result, 'staffControlRate').score, '4.00')
  t.equal(result.maxScore, '100.00')
})

t.test('staff worth 1, 0.1 per point: 41 of 40 = 102.50% → 2 × 0.1 = 0.2 → 0.80', async (t) => {
  const compiled = compileRubric(onePoint as Rubric)
  const result = run(staff(40, 41), 'zh', compiled)
  t.equal(indicator(result, 'staffControlRate').score, '0.80')
  // 55 of 40 = 137.5% → 37 steps × 0.1 = 3.7 → floored 0.00
  t.equal(indicator(run(staff(40, 55), 'zh', compiled), 'staffControlRate').score, '0.00')
  // 45 of 40 = 112.5% → 12 × 0.1 = 1.2 → floored 0.00; 44 of 40 = 110% → 10 × 0.1 = 1 → 0.00;
  // 43 of 40 = 107.5% → 7 × 0.1 → 0.30
  t.equal(indicator(run(staff(40, 43), 'zh', compiled), 'staffControlRate').score, '0.30')
  t.equal(result.maxScore, '96.00')
  // total: 90.80 − 5 + 0.80 = 86.60 → good (80 ≤ 86.60 < 90); grades keep their absolute thresholds
  t.equal(result.totalScore, '86.60')
  t.equal(result.grade?.code, 'good')
})

t.test('budget control bands 8/6/4/2/0', async (t) => {
  const compiled = compileRubric(eightBands as Rubric)
  const control = (supplementary: string) =>
    withChanges((r) => {
      delete r.selfAssessment
      r.baseData.budget = { carryover: '0', initial: '100', supplementary, yearEndBalance: '0' }
    })
  const expectations: [string, string][] = [
    ['0', '8.00'], // 0% → 8
    ['10', '6.00'], // 10% → 6
    ['10.01', '4.00'], // 10.01% → 4
    ['30', '2.00'], // 30% → 2
    ['30.01', '0.00'], // > 30% → 0
    ['-1', '8.00'], // a cut → 8
  ]
  for (const [supplementary, expected] of expectations) {
    t.equal(
      indicator(run(control(supplementary), 'zh', compiled), 'budgetControlRate').score,
      expected,
      `supplementary ${supplementary}`,
    )
  }
  // public funds now worth 5, still 1 per point: 104 of 100 → 4 steps → 1.00
  const funds = withChanges((r) => {
    delete r.selfAssessment
    r.baseData.publicFunds = { budget: '100', final: '104' }
  })
  t.equal(indicator(run(funds, 'zh', compiled), 'publicFundsControlRate').score, '1.00')
  // seed: control 0% → 8 (+3), public funds 95.16% → 5 (−3): total still 90.80
  const seeded = run(noClaims, 'zh', compiled)
  t.equal(seeded.totalScore, '90.80')
  t.equal(seeded.maxScore, '100.00')
})
