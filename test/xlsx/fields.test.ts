import t from 'tap'
import type { Rubric } from '../../schemas/rubric.js'
import { schemaAt, templateFields } from '../../src/xlsx/fields.js'
import { writeTemplate } from '../../src/xlsx/template.js'
import { loadWorkbook } from './fill.js'

/** A rubric of the shapes a custom rubric may take, written without its English texts (they are optional). */
const custom = {
  id: 'custom-test',
  version: '1',
  title: '测试评价体系',
  maxScore: '20',
  grades: [{ code: 'ok', label: '合格', minScore: '0' }],
  categories: [{
    id: 'c',
    name: '类',
    maxScore: '20',
    children: [{
      id: 'g',
      name: '组',
      maxScore: '20',
      indicators: [
        {
          id: 'rules',
          name: '制度',
          maxScore: '4',
          measure: { kind: 'value', pointer: '/assessments/custom/rules/items' },
          rule: { kind: 'checklist', items: [{ id: 'a', text: '有制度', points: '4' }] },
        },
        {
          id: 'cases',
          name: '违规',
          maxScore: '4',
          measure: { kind: 'value', pointer: '/assessments/custom/cases/counts' },
          rule: { kind: 'violations', pointsPerViolation: '1', categories: [{ id: 'x', text: '违规支出' }] },
        },
        {
          id: 'quality',
          name: '质量',
          maxScore: '4',
          measure: { kind: 'value', pointer: '/assessments/custom/quality/level' },
          rule: { kind: 'levels', levels: [{ code: 'high', label: '高, 很高', points: '4' }] },
        },
        {
          id: 'target',
          name: '目标',
          maxScore: '4',
          measure: { kind: 'ratio', numerator: '/assessments/custom/target/actual', denominator: '/assessments/custom/target/target' },
          rule: { kind: 'targetAttainment', direction: 'higherIsBetter' },
        },
        {
          id: 'efficiency',
          name: '效能',
          maxScore: '4',
          measure: { kind: 'value', pointer: '/assessments/administrativeEfficiency' },
          rule: { kind: 'assessorScore' },
        },
        {
          id: 'elsewhere',
          name: '他处',
          maxScore: '0',
          measure: { kind: 'value', pointer: '/nowhere/at/all' },
          rule: { kind: 'assessorScore' },
        },
      ],
    }],
  }],
} as unknown as Rubric

t.test('a custom rubric\'s inputs: checklist items, violation categories, levels, targets; English falls back to Chinese', async (t) => {
  const fields = new Map(templateFields(custom).map((field) => [field.pointer, field]))
  t.match(fields.get('/assessments/custom/rules/items/a'), { kind: 'boolean', label: { zh: '有制度', en: '有制度' } })
  t.match(fields.get('/assessments/custom/cases/counts/x'), { kind: 'integer', label: { en: '违规支出' }, unit: { zh: '例' } })
  t.match(fields.get('/assessments/custom/quality/level'), {
    kind: 'choice',
    label: { en: '质量' },
    choices: [{ code: 'high', label: { en: '高, 很高' } }],
  })
  t.match(fields.get('/assessments/custom/target/target'), {
    kind: 'decimal',
    label: { zh: '目标：targetAttainment：目标值', en: '目标: The target.' },
  })
  // A list the schema gives (the level codes), when the rubric reads it otherwise.
  t.match(fields.get('/assessments/administrativeEfficiency'), {
    kind: 'choice',
    choices: [{ code: 'good' }, { code: 'average' }, { code: 'poor' }],
  })
  t.notOk(fields.has('/nowhere/at/all'), 'a pointer outside the request is no input')
  t.match(fields.get('/selfAssessment/scores/rules'), { label: { en: 'Self score: 制度' } })
  t.equal(schemaAt('/department/name/more'), undefined)

  // The English template of a rubric without English titles; a level whose label has a comma.
  const workbook = await loadWorkbook(await writeTemplate(custom, 'single', 'en'))
  const sheet = workbook.worksheets[0]!
  t.equal(sheet.getCell('B1').value, 'Base data: 测试评价体系')
  t.match(workbook.worksheets[1]!.getCell('A1').value, /^测试评价体系 \(custom-test 1\)/)
  let quality = 0
  sheet.eachRow((row, number) => {
    if (row.getCell(1).value === '/assessments/custom/quality/level') quality = number
  })
  t.match(sheet.getCell(quality, 4).dataValidation, { formulae: ['"高， 很高"'] })
})
