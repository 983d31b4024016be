import t from 'tap'
import { MESSAGES, message } from '../../src/validation/messages.js'
import { TEMPLATES, explain, type ExplainContext } from '../../src/engine/explain.js'
import { MESSAGES as WARNINGS, warningMessage } from '../../src/engine/warnings.js'
import { ERRORS } from '../../src/errors.js'

const LANGUAGES = ['zh', 'en'] as const
const HAN = /\p{Script=Han}/u
const params = {
  field: 'f',
  type: 't',
  limit: 1,
  pattern: 'p',
  allowed: 'a, b',
  funds: '9',
  given: 'g',
  surveyed: 3,
  indicator: 'i',
  max: 3,
  rubric: 'r',
  id: 'x',
  signed: 1,
}

t.test('every validation message exists in Chinese and English and uses its values', async (t) => {
  for (const rule of Object.keys(MESSAGES)) {
    const zh = message('zh', rule, params)
    const en = message('en', rule, params)
    t.match(zh, HAN, `${rule}: Chinese`)
    t.notMatch(en, HAN, `${rule}: English`)
    t.notMatch(`${zh}${en}`, /undefined/, `${rule}: no value left out`)
  }
  t.equal(message('en', 'someNewKeyword'), 'breaks the rule someNewKeyword', 'an unknown Ajv keyword is still named')
  t.equal(
    message('en', 'decimal'),
    'must be a non-negative decimal: a JSON number or a string like "12.34", at most 15 integer and 6 fractional digits, no exponent',
  )
})

t.test('every explanation template reads in both languages, in each of its variants', async (t) => {
  const context = (score: string): ExplainContext => ({ name: 'X', score, maxScore: '5.00', notes: [], labels: {} })
  const cases: [string, Record<string, string | number | boolean | string[]>, string][] = [
    ['WITHIN_LIMIT', { rate: '85.29', limit: '100', direction: 'above' }, '5.00'],
    ['WITHIN_LIMIT', { rate: '100.00', limit: '100', direction: 'below' }, '5.00'],
    ['WITHIN_LIMIT', { rate: '100.00', limit: '100', direction: 'both' }, '5.00'],
    [
      'EXCEEDS_LIMIT',
      {
        rate: '4.83',
        limit: '0',
        excess: '4.83',
        step: '1',
        steps: 4,
        pointsPerStep: '0.8',
        deduction: '3.20',
        deductionMode: 'perFullStep',
      },
      '1.80',
    ],
    [
      'BELOW_LIMIT',
      {
        rate: '90.00',
        limit: '100',
        excess: '10',
        step: '5',
        steps: '2',
        pointsPerStep: '2',
        deduction: '4.00',
        deductionMode: 'proportional',
      },
      '1.00',
    ],
    [
      'DEVIATES_FROM_LIMIT',
      {
        rate: '134.85',
        limit: '100',
        excess: '34.85',
        step: '5',
        steps: 7,
        pointsPerStep: '2',
        deduction: '14.00',
        deductionMode: 'perStartedStep',
      },
      '0.00',
    ],
    ['BAND', { rate: '5.00', band: '≤10', points: '4.00' }, '4.00'],
    ['BAND', { rate: '45.00', band: 'otherwise', points: '0.00' }, '0.00'],
    ['PROPORTIONAL', { rate: '95.00', cap: '100', capped: false }, '4.75'],
    ['PROPORTIONAL', { rate: '120.00', cap: '100', capped: true }, '5.00'],
    ['CHECKLIST', { met: ['a'], unmet: [], itemCount: 1 }, '5.00'],
    ['CHECKLIST', { met: [], unmet: ['a'], itemCount: 1 }, '0.00'],
    ['VIOLATIONS', { count: 0, pointsPerViolation: '1', deduction: '0.00', categories: [] }, '5.00'],
    ['VIOLATIONS', { count: 7, pointsPerViolation: '1', deduction: '7.00', categories: ['a'] }, '0.00'],
    ['LEVEL', { level: 'good' }, '5.00'],
    ['ASSESSOR_SCORE', { score: '3.00' }, '3.00'],
    [
      'TARGET_ATTAINMENT',
      { target: '2', actual: '1', direction: 'lowerIsBetter', attainment: '200.00', capped: true },
      '5.00',
    ],
    [
      'TARGET_ATTAINMENT',
      { target: '2', actual: '1', direction: 'higherIsBetter', attainment: '50.00', capped: false },
      '2.50',
    ],
    ['NOT_APPLICABLE', { pointer: '/p', reasonText: '没有项目', reasonTextEn: 'No project.' }, '5.00'],
    ['BOTH_ZERO', {}, '5.00'],
    ['ZERO_DENOMINATOR', { numerator: '5', denominator: ['/d'] }, '0.00'],
    ['MISSING_DATA', { missing: ['/a', '/b'] }, '—'],
  ]
  for (const language of LANGUAGES) {
    for (const [code, values, score] of cases) {
      const text = explain(language, { code, values }, context(score))
      t.ok(text.includes(score === '—' ? 'X' : score), `${language} ${code}: the score`)
      if (language === 'en') t.notMatch(text, HAN, `en ${code}: no Chinese`)
      t.notMatch(text, /undefined/, `${language} ${code}: no value left out`)
    }
    t.same(
      Object.keys(TEMPLATES[language]).sort(),
      [...new Set(cases.map(([code]) => code))].sort(),
      `${language}: every code has a case here`,
    )
  }
  t.equal(
    explain('en', { code: 'LEVEL', values: { level: 'good' } }, { ...context('6.00'), notes: ['a note'] }),
    'X assessed as "good": 6.00 points (a note)',
  )
  t.equal(
    explain('zh', { code: 'LEVEL', values: { level: 'good' } }, { ...context('6.00'), notes: ['注'] }),
    'X评定为“good”，得6.00分（注）',
  )
  t.equal(explain('en', { code: 'A_CODE_OF_A_NEWER_ENGINE', values: {} }, context('1.00')), 'A_CODE_OF_A_NEWER_ENGINE')
})

t.test('every warning reads in both languages; a custom rubric\'s own fallback code gets a generic text', async (t) => {
  for (const code of Object.keys(WARNINGS)) {
    for (const rule of ['exact', 'atMost']) {
      const values = { pointer: '/p', use: '/u', value: '1', total: '3', breakdownSum: '4', rule }
      t.notMatch(warningMessage('zh', code, values), /undefined/)
      t.notMatch(warningMessage('en', code, values), HAN)
    }
  }
  t.equal(
    warningMessage('en', 'MY_FALLBACK', { use: '/baseData/x', value: '2' }),
    'Absent; the value 2 at /baseData/x is used instead',
  )
  t.equal(
    warningMessage('zh', 'MY_FALLBACK', { use: '/baseData/x', value: '2' }),
    '未提供该数据，以/baseData/x的值2代替',
  )
})

t.test('every error of the catalogue has a status and a title in both languages', async (t) => {
  for (const [code, entry] of Object.entries(ERRORS)) {
    t.ok(entry.status >= 400 && entry.status < 600, code)
    t.match(entry.title.zh, HAN, `${code}: Chinese title`)
    t.notMatch(entry.title.en, HAN, `${code}: English title`)
    t.match(entry.when.zh, HAN, `${code}: when, in Chinese`)
    t.notMatch(entry.when.en, HAN, `${code}: when, in English`)
  }
})

t.test('a schema keyword without a message of its own is still named', async (t) => {
  const { schemaErrors } = await import('../../src/validation/schema-errors.js')
  const errors = schemaErrors(
    [
      {
        keyword: 'uniqueItems',
        instancePath: '/a',
        schemaPath: '#/properties/a/uniqueItems',
        params: {},
        message: 'x',
      },
    ],
    { a: [1, 1] },
    'en',
  )
  t.same(errors, [
    { pointer: '/a', rule: 'uniqueItems', message: 'breaks the rule uniqueItems', received: '[array of 2]' },
  ])
})

t.test('the same error reported twice is listed once', async (t) => {
  const { schemaErrors } = await import('../../src/validation/schema-errors.js')
  const error = {
    keyword: 'required',
    instancePath: '',
    schemaPath: '#/required',
    params: { missingProperty: 'department' },
    message: 'x',
  }
  t.equal(schemaErrors([error, { ...error }], {}, 'en').length, 1)
})
