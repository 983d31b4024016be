import t from 'tap'
import rubric from '../../src/rubrics/yuhua-2021.json' with { type: 'json' }
import type { Rubric } from '../../schemas/rubric.js'
import { requestHasField, validateRubric } from '../../src/rubrics/validate-rubric.js'

const variant = (change: (rubric: Rubric) => void): Rubric => {
  const copy = structuredClone(rubric) as Rubric
  change(copy)
  return copy
}
const indicator = (r: Rubric, c: number, s: number, i: number) => r.categories[c]!.children[s]!.indicators[i]!

t.test('a document that is not a rubric is rejected by the schema, with pointers', async (t) => {
  const problems = validateRubric(
    variant((r) => {
      ;(r as unknown as Record<string, unknown>).extra = 1
      r.maxScore = 100 as unknown as string
    }),
  )
  t.ok(problems.some((p) => p.pointer === '/maxScore'))
  t.ok(problems.some((p) => p.pointer === '/extra'))
})

t.test('each inconsistency is reported, all at once, with its pointer', async (t) => {
  const problems = validateRubric(
    variant((r) => {
      indicator(r, 0, 0, 1).id = 'staffControlRate'
      indicator(r, 1, 0, 1).rule = {
        kind: 'bands',
        bands: [
          { upTo: '10', points: '4' },
          { upTo: '0', points: '5' },
        ],
      }
      indicator(r, 1, 1, 3).rule = { kind: 'checklist', items: [{ id: 'a', text: 'a', textEn: 'a', points: '9' }] }
      indicator(r, 0, 0, 0).measure = {
        kind: 'ratio',
        numerator: '/baseData/staffing/actual',
        denominator: '/baseData/staffing/headcount',
      }
      indicator(r, 2, 1, 3).rule = {
        kind: 'levels',
        levels: [{ code: 'good', label: '好', labelEn: 'good', points: '6' }],
      }
      r.grades[1]!.minScore = '95'
    }),
  )
  t.same(
    problems.map(({ pointer, message }) => ({ pointer, message })),
    [
      {
        pointer: '/categories/0/children/0/indicators/0/measure',
        message:
          "the measure reads /baseData/staffing/headcount, which is not a field of the request's baseData or assessments",
      },
      {
        pointer: '/categories/0/children/0/indicators/1/id',
        message: 'the id staffControlRate is already used at /categories/0/children/0/indicators/0',
      },
      {
        pointer: '/categories/1/children/0/indicators/1/rule/bands',
        message: 'the last band must be the fallback: { "points": … } with no bound',
      },
      {
        pointer: '/categories/1/children/0/indicators/1/rule/bands/1',
        message: 'bands must be ordered: upTo bounds rising, atLeast/above bounds falling, one kind per rule',
      },
      {
        pointer: '/categories/1/children/1/indicators/3/rule',
        message: "the rule gives up to 9 points, above the indicator's maxScore 8",
      },
      {
        pointer: '/categories/2/children/1/indicators/3/rule/kind',
        message:
          'the rule levels does not fit the measure: stepDeduction, bands and proportional score a rate (a ratio or a value with unit %), the others an answer read as it is',
      },
      { pointer: '/grades/1/minScore', message: 'grades must be listed with strictly decreasing minScore' },
    ],
  )
})

t.test('bands: a bound after the fallback, and above/atLeast bands that rise, are rejected', async (t) => {
  const problems = validateRubric(
    variant((r) => {
      indicator(r, 1, 0, 1).rule = {
        kind: 'bands',
        bands: [{ points: '1' }, { above: '10', points: '2' }, { atLeast: '20', points: '3' }],
      }
    }),
  )
  t.same(
    problems.map((p) => p.message),
    [
      'the last band must be the fallback: { "points": … } with no bound',
      'only the last band may have no bound',
      'bands must be ordered: upTo bounds rising, atLeast/above bounds falling, one kind per rule',
    ],
  )
})

t.test('sums that do not add up are reported at each level', async (t) => {
  // 重点工作 9 under 职责履行 8; 职责履行 9 under 产出及效率 26; 产出及效率 27 under 100.
  t.same(
    validateRubric(
      variant((r) => {
        indicator(r, 2, 0, 0).maxScore = '9'
      }),
    ).map((p) => p.pointer),
    ['/categories/2/children/0/maxScore'],
  )
  t.same(
    validateRubric(
      variant((r) => {
        r.categories[2]!.children[0]!.maxScore = '9'
      }),
    ).map((p) => p.pointer),
    ['/categories/2/maxScore', '/categories/2/children/0/maxScore'],
  )
  t.same(
    validateRubric(
      variant((r) => {
        r.categories[2]!.maxScore = '27'
      }),
    ).map((p) => p.pointer),
    ['/maxScore', '/categories/2/maxScore'],
  )
})

t.test('requestHasField knows the request schema', async (t) => {
  t.ok(requestHasField('/baseData/staffing/actual'))
  t.ok(requestHasField('/assessments/managementSystem'))
  t.notOk(requestHasField('/baseData/staffing/actual/x'))
  t.notOk(requestHasField('/baseData/nothing'))
  t.ok(requestHasField('/assessments/custom/serviceCoverage'), 'custom inputs, keyed by indicator id')
  t.ok(requestHasField('/assessments/custom/serviceCoverage/items'))
  t.notOk(requestHasField('/assessments/custom/not an id'))
  t.notOk(requestHasField('/rubric/maxScore'), 'a measure reads the department\'s data, not the request\'s other parts')
  t.notOk(requestHasField(''))
})

t.test('amounts are never negative, a step is above 0, alternatives agree, and every total has a grade', async (t) => {
  const problems = validateRubric(
    variant((r) => {
      Object.assign(indicator(r, 0, 0, 0).rule, { step: '0' })
      Object.assign(indicator(r, 0, 0, 1).rule, { pointsPerStep: '-0.5' })
      // 在职人员控制率 by a ratio, else by an answer read as it is: one rule cannot fit both.
      indicator(r, 0, 0, 0).measure = {
        kind: 'firstAvailable',
        measures: [
          { kind: 'ratio', numerator: '/baseData/staffing/actual', denominator: '/baseData/staffing/authorized' },
          { kind: 'value', pointer: '/assessments/administrativeEfficiency' },
        ],
      }
      r.grades = r.grades.slice(0, 3)
    }),
  )
  t.same(
    problems.map(({ pointer, rule }) => [pointer, rule]),
    [['/categories/0/children/0/indicators/1/rule/pointsPerStep', 'schema']],
    'a negative amount is refused by the schema first',
  )
  const semantic = validateRubric(
    variant((r) => {
      Object.assign(indicator(r, 0, 0, 0).rule, { step: '0.000' })
      indicator(r, 0, 0, 0).measure = {
        kind: 'firstAvailable',
        measures: [
          { kind: 'ratio', numerator: '/baseData/staffing/actual', denominator: '/baseData/staffing/authorized' },
          { kind: 'value', pointer: '/assessments/administrativeEfficiency' },
        ],
      }
      r.grades = r.grades.slice(0, 3)
    }),
  )
  t.same(
    semantic.map(({ pointer, rule, message }) => [pointer, rule, message]),
    [
      [
        '/categories/0/children/0/indicators/0/measure',
        'ruleFitsMeasure',
        'the alternatives of a firstAvailable measure must all give a rate (a ratio or a value with unit %) or all an answer read as it is',
      ],
      ['/categories/0/children/0/indicators/0/rule/step', 'step', 'the step must be above 0'],
      ['/grades/2/minScore', 'grades', 'the last grade must start at 0 or below, so that every total has a grade'],
    ],
  )
})
