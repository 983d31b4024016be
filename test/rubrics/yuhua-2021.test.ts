import t from 'tap'
import { readFileSync } from 'node:fs'
import rubric from '../../src/rubrics/yuhua-2021.json' with { type: 'json' }
import type { Rubric } from '../../schemas/rubric.js'
import { validateRubric } from '../../src/rubrics/validate-rubric.js'
import { loadRubrics } from '../../src/rubrics/index.js'

const seedText = readFileSync(new URL('../fixtures/seed-yuhua-2021.txt', import.meta.url), 'utf8')
const document = rubric as Rubric
const indicators = document.categories.flatMap((category) => category.children.flatMap((child) => child.indicators))
const cents = (value: string) => Math.round(Number(value) * 100)

t.test('the rubric is valid and its maxScores add up at every level', async (t) => {
  t.same(validateRubric(document), [])
  t.equal(document.maxScore, '100')
  t.same(
    document.categories.map((c) => [c.id, c.maxScore]),
    [
      ['input', '13'],
      ['process', '61'],
      ['outputEfficiency', '26'],
    ],
  )
  t.same(
    document.categories.flatMap((c) => c.children.map((s) => [s.id, s.maxScore])),
    [
      ['budgetAllocation', '13'],
      ['budgetExecution', '20'],
      ['budgetManagement', '41'],
      ['dutyPerformance', '8'],
      ['performanceBenefit', '18'],
    ],
  )
  for (const category of document.categories) {
    t.equal(
      category.children.reduce((sum, child) => sum + cents(child.maxScore), 0),
      cents(category.maxScore),
      `${category.id}: children add up`,
    )
    for (const child of category.children) {
      t.equal(
        child.indicators.reduce((sum, indicator) => sum + cents(indicator.maxScore), 0),
        cents(child.maxScore),
        `${child.id}: indicators add up`,
      )
    }
  }
})

t.test('the 17 indicators of SCORING.md §1, with their maxima', async (t) => {
  t.same(
    indicators.map((indicator) => [indicator.id, indicator.name, indicator.maxScore]),
    [
      ['staffControlRate', '在职人员控制率', '5'],
      ['threePublicChangeRate', '“三公经费”变动率', '8'],
      ['budgetCompletionRate', '预算完成率', '5'],
      ['budgetControlRate', '预算控制率', '5'],
      ['buildingAreaControlRate', '新建楼堂馆所面积控制率', '5'],
      ['buildingInvestmentControlRate', '新建楼堂馆所投资概算控制率', '5'],
      ['publicFundsControlRate', '公用经费控制率', '8'],
      ['threePublicControlRate', '“三公经费”控制率', '8'],
      ['procurementExecutionRate', '政府采购执行率', '6'],
      ['managementSystemSoundness', '管理制度健全性', '8'],
      ['fundUseCompliance', '资金使用合规性', '6'],
      ['budgetDisclosure', '预决算信息公开性', '5'],
      ['keyWorkCompletionRate', '重点工作实际完成率', '8'],
      ['economicBenefit', '经济效益', '3'],
      ['socialBenefit', '社会效益', '3'],
      ['administrativeEfficiency', '行政效能', '6'],
      ['publicSatisfaction', '社会公众或服务对象满意度', '6'],
    ],
  )
})

t.test('every indicator carries the seed\'s own wording', async (t) => {
  for (const indicator of indicators) {
    t.ok(indicator.nameEn.length > 0, `${indicator.id} has an English name`)
    t.ok(seedText.includes(indicator.name), `${indicator.id}: the name is the seed's`)
    t.ok(indicator.standard.length > 10 && seedText.includes(indicator.standard), `${indicator.id}: 评价标准 verbatim`)
    if (indicator.description !== undefined)
      t.ok(seedText.includes(indicator.description), `${indicator.id}: 指标说明 verbatim`)
    if (indicator.formula !== undefined) t.ok(seedText.includes(indicator.formula), `${indicator.id}: formula verbatim`)
    t.equal(
      indicator.notes?.length ?? 0,
      indicator.notesEn?.length ?? 0,
      `${indicator.id}: every note in both languages`,
    )
  }
  const withFormula = indicators.filter((indicator) => indicator.formula !== undefined).map((indicator) => indicator.id)
  t.equal(withFormula.length, 10, 'every rate indicator has its formula')
})

t.test('the decisions where the seed is silent are written into the rubric', async (t) => {
  const notes = (document.notes ?? []).join('\n')
  t.match(notes, /分子与分母均为 0/, 'zero denominators')
  t.match(notes, /missingData/, 'missing data')
  t.match(notes, /perFullStep/, 'the default reading of 每…扣')
  const byId = new Map(indicators.map((indicator) => [indicator.id, indicator]))
  t.match(byId.get('budgetControlRate')?.notes?.join(), /调减/, 'budget cuts')
  t.match(byId.get('threePublicChangeRate')?.notes?.join(), /priorYearBudget/, 'prior-year budget absent')
  t.match(byId.get('buildingAreaControlRate')?.notes?.join(), /楼梯/, 'the seed\'s slip 楼梯馆所 is noted')
  t.equal(document.notes?.length, document.notesEn?.length)
})

t.test('a broken built-in rubric stops start-up with the reasons', async (t) => {
  const broken = structuredClone(document)
  broken.categories[0]!.maxScore = '14'
  t.throws(
    () => loadRubrics([broken]),
    /built-in rubric yuhua-2021 is invalid:\n {2}\/maxScore: the categories add up to 101, not 100\n {2}\/categories\/0\/maxScore: the children add up to 13, not 14/,
  )
  t.throws(
    () => loadRubrics([{ id: 'x' }]),
    /built-in rubric x is invalid:\n {2}\/version: the required field version is missing/,
  )
  t.throws(() => loadRubrics([null]), /built-in rubric undefined is invalid:\n {2}\/: must be of type object/)
  t.throws(() => loadRubrics([document], 'other'), /the default rubric other is not among the built-in rubrics/)
  t.equal(loadRubrics().list[0]?.default, true)
})
