/**
 * SCORING.md §7: breakdowns are checked against their totals; a mismatch is a warning, not an
 * error: BREAKDOWN_MISMATCH with the pointer and both sums. 三公 is exhaustive (the four items equal
 * the total, per column; an absent cell counts as 0); 公用经费 lists only some items, so only a sum
 * above the total is a mismatch.
 */
import t from 'tap'
import { score } from './fixtures/helpers.js'

t.test('三公: a column whose items do not add up to the total is a warning with both sums', async (t) => {
  // budget: 0 + 2.97 + 0 + 0.5 = 3.47; raise the total to 3.50 → items 3.47 ≠ 3.50
  const result = score((r) => {
    r.baseData.threePublicExpenses.budget = '3.50'
  })
  const mismatch = result.warnings.filter((w) => w.code === 'BREAKDOWN_MISMATCH')
  t.same(
    mismatch.map((w) => [w.pointer, w.values.total, w.values.breakdownSum, w.values.rule]),
    [['/baseData/threePublicExpenses/budget', '3.5', '3.47', 'exact']],
  )
  t.match(mismatch[0]!.message, /明细之和3\.47与合计3\.5不符/)
  t.equal(result.totalScore !== null, true, 'still scored')
})

t.test('三公: an absent cell counts as 0, and an item below the total is a mismatch too', async (t) => {
  // final: 0 + 2.59 + 0 + 0.3 = 2.89; without the reception cell: 2.59 ≠ 2.89
  const result = score((r) => {
    delete r.baseData.threePublicExpenses.breakdown.officialReception.final
  })
  t.same(
    result.warnings.filter((w) => w.code === 'BREAKDOWN_MISMATCH').map((w) => [w.pointer, w.values.breakdownSum]),
    [['/baseData/threePublicExpenses/final', '2.59']],
  )
})

t.test('公用经费: items may add up to less than the total, never more', async (t) => {
  // budget items 11.7 + 0.4 + 1.3 = 13.4 ≤ 83.45: fine; set office to 90 → 91.7 > 83.45
  const below = score((r) => {
    r.baseData.publicFunds.breakdown.office.budget = '60'
  })
  t.same(
    below.warnings.filter((w) => w.code === 'BREAKDOWN_MISMATCH'),
    [],
  )
  const above = score((r) => {
    r.baseData.publicFunds.breakdown.office.budget = '90'
  }, 'en')
  const mismatch = above.warnings.filter((w) => w.code === 'BREAKDOWN_MISMATCH')
  t.same(
    mismatch.map((w) => [w.pointer, w.values.total, w.values.breakdownSum, w.values.rule]),
    [['/baseData/publicFunds/budget', '83.45', '91.7', 'atMost']],
  )
  t.equal(mismatch[0]!.message, '/baseData/publicFunds/budget: the items add up to 91.7 (10,000 yuan), above the total 83.45')
})

t.test('a column that no item gives is not compared', async (t) => {
  const result = score((r) => { r.baseData.threePublicExpenses.priorYearBudget = '3.40' })
  t.same(result.warnings, [], 'priorYearBudget is on the total only: no mismatch, and no fallback either')
})
