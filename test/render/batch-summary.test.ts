import t from 'tap'
import { summarize, type ItemDigest } from '../../src/batch-summary.js'

/** A digest of one complete evaluation with one indicator (its maximum: score + deduction). */
function item(index: number, total: string, score: string, deduction: string): ItemDigest {
  return {
    index,
    evaluation: {
      complete: true,
      totalScore: total,
      grade: { code: 'good', label: '良', labelEn: 'Good' },
      department: { name: `d${index}` },
      indicators: [{ id: 'x', name: '甲', nameEn: 'X', score, deduction }],
    },
  }
}

t.test('means and medians half up to 2 decimals, in integer hundredths', async (t) => {
  // totals 80.01, 80.02, 80.02, 90.00: mean 330.05 / 4 = 82.5125 → 82.51; median (80.02 + 80.02) / 2 = 80.02.
  // indicator x: scores 1.00 + 2.00 + 2.01 + 0.00 = 5.01, / 4 = 1.2525 → 1.25; lost 4 + 3 + 2.99 + 5 = 14.99.
  const summary = summarize([
    item(0, '80.01', '1.00', '4.00'),
    item(1, '80.02', '2.00', '3.00'),
    item(2, '90.00', '2.01', '2.99'),
    item(3, '80.02', '0.00', '5.00'),
  ])
  t.equal(summary.meanTotal, '82.51')
  t.equal(summary.medianTotal, '80.02')
  t.same(summary.indicators, [{ id: 'x', name: '甲', nameEn: 'X', evaluated: 4, meanScore: '1.25', pointsLost: '14.99' }])
  // Equal totals share a rank, and the next takes its position: 1, 2, 2, 4; equal totals in item order.
  t.same(
    summary.ranking.map(({ rank, index }) => [rank, index]),
    [
      [1, 2],
      [2, 1],
      [2, 3],
      [4, 0],
    ],
  )
  // totals 80.01 and 80.02: the median (80.01 + 80.02) / 2 = 80.015 → 80.02 (half up).
  t.equal(summarize([item(0, '80.01', '1.00', '0.00'), item(1, '80.02', '1.00', '0.00')]).medianTotal, '80.02')
})

t.test('beyond the exact range of integers the same summary comes from decimal.js', async (t) => {
  // A custom rubric of very large points: 2 × 9,000,000,000,000.01 in hundredths exceeds 2^53 − 1.
  // mean (9000000000000.01 + 9000000000000.02) / 2 = 9000000000000.015 → 9000000000000.02.
  const summary = summarize([
    item(0, '9000000000000.01', '9000000000000.01', '0.99'),
    item(1, '9000000000000.02', '9000000000000.00', '1.00'),
  ])
  t.equal(summary.meanTotal, '9000000000000.02')
  t.equal(summary.medianTotal, '9000000000000.02')
  t.same(summary.indicators[0], {
    id: 'x',
    name: '甲',
    nameEn: 'X',
    evaluated: 2,
    // (9000000000000.01 + 9000000000000.00) / 2 = 9000000000000.005 → 9000000000000.01
    meanScore: '9000000000000.01',
    pointsLost: '1.99',
  })
  t.same(
    summary.ranking.map(({ rank, index }) => [rank, index]),
    [
      [1, 1],
      [2, 0],
    ],
  )
})
