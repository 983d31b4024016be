import fc from 'fast-check'
import t from 'tap'
import { Dec, fixed2, ratePercent, round2 } from '../../src/engine/decimal.js'

const rate = (numerator: string, denominator: string) =>
  ratePercent(new Dec(numerator), new Dec(denominator)).toFixed(2)

t.test('rates half up (away from zero) to 2 decimals, worked by hand', async (t) => {
  t.equal(rate('397.65', '294.88'), '134.85', '397.65 / 294.88 × 100 = 134.8514…')
  t.equal(rate('1', '8'), '12.50', '1/8 = 12.5 % exactly')
  t.equal(rate('1', '3'), '33.33', '33.333…')
  t.equal(rate('2', '3'), '66.67', '66.666…')
  t.equal(rate('0.00005', '1'), '0.01', '0.005 % is a half: up')
  t.equal(rate('0.000049', '1'), '0.00', '0.0049 %: down')
  t.equal(rate('-0.00005', '1'), '-0.01', 'a negative half goes away from zero')
  t.equal(rate('1', '-8'), '-12.50', 'a negative denominator')
  t.equal(rate('-3', '-4'), '75.00', 'two negatives')
  t.equal(rate('0', '7'), '0.00')
  t.equal(rate('0.0000005', '1'), '0.00', 'more than 6 decimals: 0.00005 %, divided the slow way')
  t.equal(rate('1', '0.0000003'), '333333333.33', '1 / 0.0000003 × 100 = 333,333,333.33…')
  t.equal(
    rate('999999999999999.999999', '0.000001'),
    '99999999999999999999900.00',
    'the largest inputs lose nothing: 999,999,999,999,999,999,999 × 100',
  )
})

t.test('the same as dividing with decimal.js at 64 digits and rounding after', async (t) => {
  // Inputs as the schema allows them: up to 15 integer and 6 fractional digits, either sign.
  const decimal = fc
    .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 21n - 1n }), fc.integer({ min: 0, max: 6 }))
    .map(([negative, digits, places]) => {
      const text = digits.toString().padStart(places + 1, '0')
      const written = places === 0 ? text : `${text.slice(0, -places)}.${text.slice(-places)}`
      return `${negative ? '-' : ''}${written.replace(/^0+(?=\d)/, '')}`
    })
  fc.assert(
    fc.property(decimal, decimal, (numerator, denominator) => {
      fc.pre(!new Dec(denominator).isZero())
      const expected = round2(new Dec(numerator).div(denominator).times(100)).toFixed(2)
      return rate(numerator, denominator) === expected
    }),
    { seed: 9, numRuns: 2000 },
  )
  t.pass('2,000 pairs agree')
})

t.test('the wire form: exactly 2 decimals, half up, and never "-0.00"', async (t) => {
  const wire = (value: string) => fixed2(new Dec(value))
  t.same(['4.8', '5', '0.125', '-0.125', '2.345', '-0.004', '-0.005', '-1.2'].map(wire), [
    '4.80',
    '5.00',
    '0.13',
    '-0.13',
    '2.35',
    '0.00',
    '-0.01',
    '-1.20',
  ])
})
