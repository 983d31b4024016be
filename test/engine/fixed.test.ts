import t from 'tap'
import { quoteBytes, textOfBytes, utf8Bytes } from '../../src/engine/utf8.js'
import {
  OUT_OF_RANGE, atLeast, divCeil, divFloor, divHalfUp, fixed2, formatHundredths, millionthsOf, parseMillionths, plain,
  rateHundredths, safe,
} from '../../src/engine/fixed.js'

/** Whether a call leaves the exact range: the fast path throws OUT_OF_RANGE for the interpreter to take over. */
function outOfRange(call: () => unknown): boolean {
  try {
    call()
    return false
  } catch (error) {
    return error === OUT_OF_RANGE
  }
}

t.test('decimals as millionths: exactly as written, NaN for what is not a decimal, out of range beyond 2^53', async (t) => {
  t.equal(parseMillionths('1067.04'), 1_067_040_000)
  t.equal(parseMillionths('-0.000001'), -1)
  t.ok(Object.is(parseMillionths('-0'), -0), '-0 stays -0, which is 0')
  // The whole part decides: any 6 decimals after 9,007,199,253 stay below 2^53 − 1 millionths.
  t.equal(parseMillionths('9007199253.999999'), 9_007_199_253_999_999)
  t.ok(outOfRange(() => parseMillionths('9007199254')), 'a whole part of 9,007,199,254 goes to the interpreter')
  t.ok(outOfRange(() => parseMillionths('999999999999999.999999')))
  for (const text of ['', '-', '.5', '5.', '1.2345678', '1e5', '12a', '1234567890123456', '１２']) {
    t.ok(Number.isNaN(parseMillionths(text)), `${JSON.stringify(text)} is not a decimal`)
  }
  t.equal(millionthsOf(29), 29_000_000)
  t.equal(millionthsOf(3.47), 3_470_000, 'a JSON number with a fraction, by its shortest text')
  t.ok(Number.isNaN(millionthsOf(true)) && Number.isNaN(millionthsOf(null)) && Number.isNaN(millionthsOf(Infinity)))
  // JSON numbers reach the engine with at most 6 decimals; one with more goes to the interpreter.
  t.ok(outOfRange(() => millionthsOf(0.1234567)))
  t.ok(outOfRange(() => millionthsOf(1e-7)))
  t.ok(outOfRange(() => safe(2 ** 53)))
  t.ok(outOfRange(() => safe(0.5)))
})

t.test('integer division: floor, ceil and half up (away from zero), for negative numerators too', async (t) => {
  t.same([divFloor(7, 2), divFloor(-7, 2), divFloor(6, 2), divFloor(-6, 2)], [3, -4, 3, -3])
  t.same([divCeil(7, 2), divCeil(-7, 2), divCeil(6, 2)], [4, -3, 3])
  // 0.005 → 0.01 and −0.005 → −0.01 (decimal.js ROUND_HALF_UP), 0.004999 → 0.00
  t.same([divHalfUp(5_000, 10_000), divHalfUp(-5_000, 10_000), divHalfUp(4_999, 10_000)], [1, -1, 0])
  // the largest exact floor: 2^53 − 1 by 3
  t.equal(divFloor(Number.MAX_SAFE_INTEGER, 3), 3_002_399_751_580_330)
})

t.test('rates in hundredths of a percent, half up, exactly, with BigInt beyond 2^53', async (t) => {
  // 29 / 34 = 85.2941…% → 85.29; (3.47 − 3.31) / 3.31 = 4.8338…% → 4.83; 397.65 / 294.88 = 134.8514…% → 134.85
  t.equal(rateHundredths(29_000_000, 34_000_000), 8_529)
  t.equal(rateHundredths(160_000, 3_310_000), 483)
  t.equal(rateHundredths(397_650_000, 294_880_000), 13_485)
  // 1.00005 / 1 = 100.005% exactly: half up to 100.01; negative rates round away from 0
  t.equal(rateHundredths(1_000_050, 1_000_000), 10_001)
  t.equal(rateHundredths(-1_000_050, 1_000_000), -10_001)
  t.equal(rateHundredths(1_000_050, -1_000_000), -10_001)
  // 9,000,000 万元 / 3 万元: 2·n·10^4 is beyond 2^53, BigInt divides: 300,000,000% = 30,000,000,000 hundredths
  t.equal(rateHundredths(9_000_000_000_000, 3_000_000), 30_000_000_000)
  t.ok(outOfRange(() => rateHundredths(9_000_000_000_000_000, 1)), 'a rate beyond 2^53 hundredths')
})

t.test('the wire forms: 2 decimals half up, never -0.00; plain decimals without trailing zeros', async (t) => {
  t.same([formatHundredths(480), formatHundredths(-150), formatHundredths(5), formatHundredths(-0)], ['4.80', '-1.50', '0.05', '0.00'])
  t.same([fixed2(4_835_000), fixed2(4_834_999), fixed2(-4_999), fixed2(-5_000)], ['4.84', '4.83', '0.00', '-0.01'])
  t.same([plain(4_830_000), plain(100_000_000), plain(500_000), plain(-2_000_000), plain(-0), plain(1)], ['4.83', '100', '0.5', '-2', '0', '0.000001'])
})

t.test('a ≥ b for decimals written out: in millionths, or with decimal.js beyond them', async (t) => {
  t.ok(atLeast('6.00', '6.00'))
  t.notOk(atLeast('5.99', '6.00'))
  // Beyond 2^53 millionths, where Number('999999999999999.97') ≥ Number('999999999999999.98') would be true.
  t.notOk(atLeast('999999999999999.97', '999999999999999.98'))
  t.ok(atLeast('39999999999999999999920.00', '5.00'), 'more than 15 integer digits')
})

t.test('texts as UTF-8 byte strings: ASCII as it is, others through a reused buffer or, when long, their own', async (t) => {
  t.equal(utf8Bytes('4.80'), '4.80')
  t.equal(utf8Bytes('得分'), '\u00e5\u00be\u0097\u00e5\u0088\u0086', 'the six bytes of 得分 in UTF-8')
  const long = '得分'.repeat(20_000)
  t.equal(textOfBytes(utf8Bytes(long)), long, 'longer than the buffer: encoded apart, decoded back')
  t.equal(textOfBytes(quoteBytes('say "得分"\n')), JSON.stringify('say "得分"\n'), 'escaped as JSON.stringify escapes')
  t.equal(textOfBytes(quoteBytes('\ud800')), '"\\ud800"', 'a lone surrogate escaped')
})
