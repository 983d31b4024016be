import t from 'tap'
import { compactValues, compactValuesJson } from '../../src/engine/view.js'
import { textOfBytes } from '../../src/engine/utf8.js'
import type { ReasonValue } from '../../src/engine/rules.js'

t.test('a reason\'s compact values written directly are JSON.stringify of compactValues', async (t) => {
  const cases = [
    {},
    // rate, limit and step are the rubric's or the indicator's value: left out.
    { rate: '4.83', limit: '0', excess: '4.83', step: '1', steps: 4, deduction: '3.20', negative: true },
    { unmet: ['制度', 'a"b\\c'], missing: [], pointer: '/baseData/预算' },
    // Never produced by a rule, but written as JSON.stringify writes them: undefined left out, null and NaN as null.
    { gone: undefined, nothing: null, notANumber: Number.NaN, flag: false },
  ] as unknown as Record<string, ReasonValue>[]
  for (const values of cases) {
    t.equal(textOfBytes(compactValuesJson(values)), JSON.stringify(compactValues(values)), JSON.stringify(values))
  }
})
