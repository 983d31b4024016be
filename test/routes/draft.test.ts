import t from 'tap'
import builtIn from '../../src/rubrics/yuhua-2021.json' with { type: 'json' }
import seedTable from '../../schemas/examples/yuhua-2021.table.json' with { type: 'json' }
import { REWORDED_TABLE } from '../../src/routes/draft.js'
import { build, departmentRequest } from '../helper.js'

// schemas/examples/yuhua-2021.table.json is the seed's 部门整体支出绩效评价指标表 typed row by row: its
// names, points, 评价标准 and 指标说明, the level cells only where the original prints them (merged
// cells blank; the page break repeats 过程 61 / 预算管理). One correction, as the built-in rubric's
// note explains: the original typesets 履职效益 as "6 / 经济效益 6 / 社会效益 (blank) / 12", read as
// 经济效益 3 + 社会效益 3 of 18 points.

type Any = Record<string, any>
const indicators = (rubric: Any): any =>
  rubric.categories.flatMap((category: Any) => category.children.flatMap((group: Any) => group.indicators))

async function draft(t: { teardown(fn: () => unknown): void }, table: unknown, headers = {}) {
  const app = await build(t)
  const response = await app.inject({ method: 'POST', url: '/v1/rubrics/draft', payload: table as object, headers })
  return { app, response, body: response.json() }
}

const row = (name: string, points: string, standard: string, extra: Any = {}) => ({ name, points, standard, ...extra })
const table = (rows: Any[]) => ({ id: 'district', version: '1', title: '指标表', rows })

t.test('the seed\'s own table drafts the built-in rules and measures, and scores the seed as the built-in does', async (t) => {
  const { app, response, body } = await draft(t, seedTable)
  t.equal(response.statusCode, 200)
  const drafted = indicators(body.rubric)
  const original = indicators(builtIn)
  t.same(drafted.map((i: Any) => i.id), original.map((i: Any) => i.id))
  for (const [n, indicator] of drafted.entries()) {
    t.same(indicator.rule, original[n].rule, `${indicator.id}: rule`)
    t.same(indicator.measure, original[n].measure, `${indicator.id}: measure`)
    t.equal(indicator.maxScore, original[n].maxScore)
  }
  t.same(
    body.rubric.categories.map((c: Any) => [c.id, c.maxScore, c.children.map((g: Any) => [g.id, g.maxScore])]),
    builtIn.categories.map((c: Any) => [c.id, c.maxScore, c.children.map((g: Any) => [g.id, g.maxScore])]),
  )
  t.match(body.validation, { valid: true, id: 'yuhua-2021-draft', maxScore: '100.00', indicatorCount: 17 })
  t.same(
    Object.fromEntries(body.findings.map((f: Any) => [f.indicatorId, f.status])),
    {
      staffControlRate: 'assumed', threePublicChangeRate: 'assumed', budgetCompletionRate: 'assumed',
      budgetControlRate: 'assumed', buildingAreaControlRate: 'assumed', buildingInvestmentControlRate: 'assumed',
      publicFundsControlRate: 'assumed', threePublicControlRate: 'assumed', procurementExecutionRate: 'assumed',
      managementSystemSoundness: 'parsed', fundUseCompliance: 'assumed', budgetDisclosure: 'parsed',
      keyWorkCompletionRate: 'assumed', economicBenefit: 'unparsed', socialBenefit: 'unparsed',
      administrativeEfficiency: 'assumed', publicSatisfaction: 'parsed',
    },
  )
  t.match(body.findings.find((f: Any) => f.indicatorId === 'economicBenefit'), {
    rule: 'assessorScore', measure: 'catalogue', catalogueEntry: 'economicBenefit', reasons: [/没有可读作计分规则/],
  })

  const score = async (rubric: Any, change?: (request: Any) => void) => {
    const request = departmentRequest('长沙市雨花区民政局', change)
    delete request.rubricId
    request.rubric = rubric
    const answer = (await app.inject({ method: 'POST', url: '/v1/evaluations', payload: request })).json()
    return { total: answer.totalScore, scores: Object.fromEntries(answer.indicators.map((i: Any) => [i.id, i.score])) }
  }
  const fromDraft = await score(body.rubric)
  const fromBuiltIn = await score(builtIn)
  t.same(fromDraft, fromBuiltIn, 'every indicator the same')
  t.equal(fromDraft.total, '90.80')
  // 在职人员 29/34 = 85.29% ≤ 100%: 5.00. 三公 (3.47 − 3.31)/3.31 = 4.83%: 4 full points over × 0.8 = 3.20 off:
  // 4.80. 政府采购 397.65/294.88 = 134.85%: 34.85 points off 100, 6 full steps of 5 × 2 = 12 off: 0.00.
  // 预算控制率 0/7670.78 = 0%: the band up to 0: 5.00.
  t.match(fromDraft.scores, {
    staffControlRate: '5.00', threePublicChangeRate: '4.80', procurementExecutionRate: '0.00', budgetControlRate: '5.00',
  })
  // Harsher data, both rubrics alike: 36/34 = 105.88%: 5 full points over × 0.5 = 2.50 off: 2.50; 追加 1000/7670.78
  // = 13.04%: the band 10-20 (含): 3.00; 满意度 75%: 70(含)-80: 2.00.
  const harsh = (request: Any) => {
    request.baseData.staffing.actual = 36
    request.baseData.budget.supplementary = '1000'
    request.assessments.satisfaction = { rate: '75' }
  }
  const harshDraft = await score(body.rubric, harsh)
  t.same(harshDraft, await score(builtIn, harsh))
  t.match(harshDraft.scores, { staffControlRate: '2.50', budgetControlRate: '3.00', publicSatisfaction: '2.00' })
})

t.test('the explorer\'s example: two rows worded as another district writes them', async (t) => {
  const { app, response, body } = await draft(t, REWORDED_TABLE)
  t.equal(response.statusCode, 200)
  t.equal(body.validation.valid, true)
  const [staff, reception] = indicators(body.rubric)
  t.match(staff, {
    id: 'staffControlRate',
    name: '财政供养人员控制率',
    maxScore: '8',
    rule: { kind: 'stepDeduction', limit: '100', direction: 'above', step: '1', pointsPerStep: '0.8' },
  })
  t.match(reception, {
    id: 'officialReceptionChangeRate',
    maxScore: '5',
    rule: { kind: 'stepDeduction', limit: '0', direction: 'above', step: '1', pointsPerStep: '0.2' },
    measure: { denominator: '/baseData/threePublicExpenses/breakdown/officialReception/priorYearBudget' },
  })
  t.notOk('description' in reception, 'an empty 指标说明 is left out')
  const request = departmentRequest('另一区民政局')
  delete request.rubricId
  request.rubric = body.rubric
  const answer = (await app.inject({ method: 'POST', url: '/v1/evaluations', payload: request })).json()
  // 公务接待 (0.5 − 0.34)/0.34 = 47.06% (the prior-year final standing in): 47 points over × 0.2 = 9.40 > 5: 0.00;
  // staff 85.29% ≤ 100%: 8.00. The built-in scored them 5.00 and 4.80: 90.80 − 5.00 − 4.80 + 8.00 + 0.00 = 89.00.
  t.match(answer.indicators.slice(0, 2), [{ score: '8.00' }, { score: '0.00', value: '47.06' }])
  t.equal(answer.totalScore, '89.00')
  t.match(answer.warnings, [{ code: 'PRIOR_YEAR_BUDGET_FALLBACK' }])
})

t.test('indicators the request cannot feed get custom inputs, and the finding says which', async (t) => {
  const { app, body } = await draft(t, table([
    row('养老床位增长率', '4', '≤10%计满分，每超过1个百分点扣1分', { level1: '产出', level1Points: '22', level2: '数量', level2Points: '22' }),
    row('培训完成率', '4', '100%计满分，每低于5%扣1分', { description: '培训完成率=（实际培训人次/计划培训人次）×100%，按年计' }),
    row('巡查完成率', '2', '100%计满分，每低于5%扣1分', { description: '按年度巡查记录计' }),
    row('制度建设', '4', '①有制度，2分；②有执行，2分'),
    row('服务质量', '3', '好的计3分；一般的计1分；差的计0分'),
    row('安全生产', '3', '每发现一例事故扣1分'),
    row('特色工作', '2', '另行评定'),
  ]))
  t.equal(body.validation.valid, true)
  const [beds, training, patrol, system, quality, safety, special] = indicators(body.rubric)
  const at = (id: string) => `/assessments/custom/${id}`
  t.same(beds.measure, {
    kind: 'ratio', numerator: { add: [`${at('indicator1')}/actual`], subtract: [`${at('indicator1')}/target`] },
    denominator: `${at('indicator1')}/target`,
  })
  t.same(training.measure, { kind: 'ratio', numerator: `${at('indicator2')}/actual`, denominator: `${at('indicator2')}/target` })
  t.equal(training.formula, '培训完成率=（实际培训人次/计划培训人次）×100%')
  t.notOk('formula' in patrol, 'a 指标说明 without a formula gives none')
  t.same(system.measure, { kind: 'value', pointer: `${at('indicator4')}/items` })
  t.same(quality.measure, { kind: 'value', pointer: `${at('indicator5')}/level` })
  t.same(safety.measure, { kind: 'value', pointer: `${at('indicator6')}/counts` })
  t.same(special.measure, { kind: 'value', pointer: `${at('indicator7')}/score` })
  t.same(body.findings.map((f: Any) => [f.status, f.measure]), [
    ['assumed', 'custom'], ['assumed', 'custom'], ['assumed', 'custom'], ['parsed', 'custom'], ['parsed', 'custom'],
    ['assumed', 'custom'], ['unparsed', 'custom'],
  ])
  t.match(body.findings.map((f: Any) => f.input), [
    /assessments\.custom\.indicator1 中提供 actual（本期数）与 target（基数）/,
    /actual（实际培训人次）与 target（计划培训人次）/,
    /actual（分子）与 target（分母）/,
    /assessments\.custom\.indicator4\.items 中提供各项是否符合/,
    /indicator5\.level/,
    /indicator6\.counts/,
    /indicator7\.score/,
  ])
  t.match(body.rubric.categories, [{ id: 'output', nameEn: 'Output', children: [{ id: 'group1', name: '数量', nameEn: '数量' }] }])

  // The draft scores with those inputs: 12/10 × 100 − 100 = 20% over 10: 10 full points × 1 = 10 off: 0.00;
  // 95/100 = 95%: 1 full step of 5 under: 3.00; both items: 4.00; 好: 3.00; 1 case: 2.00; the assessor's 1.5.
  const request = departmentRequest('某区民政局')
  delete request.rubricId
  request.rubric = body.rubric
  request.baseData = {}
  request.assessments = {
    custom: {
      indicator1: { actual: 12, target: 10 },
      indicator2: { actual: 95, target: 100 },
      indicator3: { actual: 1, target: 1 },
      indicator4: { items: { item1: true, item2: true } }, indicator5: { level: 'good' },
      indicator6: { counts: { violation: 1 } }, indicator7: { score: '1.5' },
    },
  }
  const answer = (await app.inject({ method: 'POST', url: '/v1/evaluations', payload: request })).json()
  t.same(answer.indicators.map((i: Any) => i.score), ['0.00', '3.00', '2.00', '4.00', '3.00', '2.00', '1.50'])
})

t.test('the catalogue: synonyms, names within names, formulas checked, and rows it cannot feed', async (t) => {
  const { body } = await draft(t, table([
    row('2021年在职人员控制率', '5', '≤100%计满分，每超过1个百分点扣0.5分', {
      level1: '投入', level2: '预算配置', description: '在职人员控制率=（实际支出/预算）×100%',
    }),
    row('在职人员控制率', '5', '≤100%计满分，每超过1个百分点扣0.5分'),
    row('管理制度健全性', '6', '①有制度，2分；②有执行，2分；③有检查，2分'),
    row('资金使用合规性', '4', '每发现一例违规扣1分'),
    row('行政效能', '6', '好的计6分；较好的计4分；一般的计2分；差的计0分'),
    row('预算完成率', '5', '①有计划，5分'),
    row('公用经费控制率', '8', '100%以下（含）计满分，每超出1%扣1分。没有公用经费的部门按满分计算'),
    row('行政效能', '6', '较好的计6分；一般的计3分；差的计0分', { level1: '产出', level2: '预算配置' }),
  ]))
  const findings = body.findings
  t.match(findings[0], { indicatorId: 'staffControlRate', measure: 'catalogue', status: 'assumed' })
  t.match(findings[0].assumptions, [/未写“扣完为止”/, /公式未提到“编制”/, /按目录中的“在职人员控制率”读取/])
  t.match(findings[1], { indicatorId: 'indicator2', measure: 'custom', assumptions: [/扣完为止/, /已被前面的行使用/] })
  t.match(findings[2], { indicatorId: 'managementSystemSoundness', measure: 'custom', rule: 'checklist' })
  t.match(findings[3], { indicatorId: 'fundUseCompliance', measure: 'custom', rule: 'violations' })
  t.match(findings[4], { indicatorId: 'administrativeEfficiency', measure: 'custom', rule: 'levels' })
  t.match(findings[5], { indicatorId: 'budgetCompletionRate', measure: 'custom', rule: 'checklist' })
  t.match(findings[6], { indicatorId: 'publicFundsControlRate', measure: 'catalogue', assumptions: [/百分点/, /扣完为止/, /未读作规则.*没有公用经费的部门按满分计算/],
  })
  t.match(findings[7], { indicatorId: 'indicator8', measure: 'custom', rule: 'levels' })
  t.match(body.rubric.categories, [
    { id: 'input', maxScore: '39', children: [{ id: 'budgetAllocation', maxScore: '39' }] },
    { id: 'output', maxScore: '6', children: [{ id: 'group2', name: '预算配置' }] },
  ])
  t.match(body.rubric.notes, [
    '二级指标“预算配置”未写分值，取其下指标分值之和 39',
    '一级指标“投入”未写分值，取其下二级指标分值之和 39',
    '二级指标“预算配置”未写分值，取其下指标分值之和 6',
    '一级指标“产出”未写分值，取其下二级指标分值之和 6',
    /评价等级/,
  ])
})

t.test('the draft is validated: points that do not add up are listed, the draft still returned', async (t) => {
  const { response, body } = await draft(t, table([
    row('在职人员控制率', '5', '≤100%计满分，每超过1个百分点扣0.5分', { level1: '投入', level1Points: 12, level2: '预算配置', level2Points: '５分' }),
    row('养老服务', '5', '≤100%计6分', { level1: '投入', level2: '服务' }),
    row('综合', '2', '酌情计分', { level1: '其他', level1Points: '', level2: '服务', level2Points: ' ' }),
    row('满意度', '3', '≥90%计3分', { level1: '投入', level2: '服务' }),
  ]))
  t.equal(response.statusCode, 200)
  // 投入 is written as 12 but its 二级指标 add up to 5 + 5 = 10; ≤100%计6分 gives 6 of 5 points.
  t.same(body.validation, {
    valid: false,
    errors: [
      { pointer: '/categories/0/maxScore', rule: 'sum', message: 'the children add up to 10, not 12' },
      {
        pointer: '/categories/0/children/1/indicators/0/rule',
        rule: 'rulePoints',
        message: 'the rule gives up to 6 points, above the indicator\'s maxScore 5',
      },
    ],
  })
  t.match(body.rubric.categories.map((c: Any) => c.id), ['input', 'category2', 'category3'])
  t.match(body.findings[2], { status: 'parsed', rule: 'assessorScore' })
})

t.test('cells that cannot be read at all are a 400 naming them', async (t) => {
  const bad = await draft(t, table([
    row('在职人员控制率', '五分', '≤100%计满分', { level1: '投入', level1Points: 'x', level2: '预算配置', level2Points: '-1' }),
  ]))
  t.equal(bad.response.statusCode, 400)
  t.match(bad.body, {
    code: 'VALIDATION_FAILED',
    errors: [
      { pointer: '/rows/0/points', rule: 'decimal', received: '五分' },
      { pointer: '/rows/0/level1Points', rule: 'decimal' },
      { pointer: '/rows/0/level2Points', rule: 'decimal' },
    ],
  })
  const noLevels = await draft(t, table([row('a', '1', 'x'), row('b', '1', 'x', { level1: '投入' })]))
  t.match(noLevels.body.errors, [
    { pointer: '/rows/0/level1', rule: 'required' },
    { pointer: '/rows/1/level2', rule: 'required' },
  ])
  const schema = await draft(t, { id: 'x', version: '1', title: 't', rows: [] })
  t.match(schema.body, { code: 'VALIDATION_FAILED', errors: [{ pointer: '/rows', rule: 'minItems' }] })
})

t.test('findings in English with Accept-Language: en', async (t) => {
  const { body } = await draft(t, table([
    row('培训完成率', '4', '100%计满分，每低于5%扣1分，扣完为止', { level1: '产出', level2: '数量', description: '' }),
    row('特色工作', '2', '另行评定'),
  ]), { 'accept-language': 'en' })
  t.match(body.findings[0].assumptions, [/read as percentage points/, /floor of 0 points/])
  t.match(body.findings[0].input, /must send actual \(the numerator\) and target \(the denominator\)/)
  t.match(body.findings[1].reasons, [/no wording this grammar reads as a rule/])
  t.match(body.rubric.notesEn, [/sum of its indicators/, /sum of its 二级指标/, /Grades/])
})

t.test('text that is not read is quoted shortened, so that the draft\'s notes stay within their length', async (t) => {
  const clauses = Array.from({ length: 16 }, (_, i) => `${'说明'.repeat(60)}${String.fromCodePoint(0x4e00 + i)}`)
  const { body } = await draft(t, table([
    row('特色工作', '2', clauses.join('；'), { level1: '产出', level2: '数量' }),
  ]))
  const note: string = body.rubric.categories[0].children[0].indicators[0].notes[0]
  // Each clause of 121 characters cut to 100 and an ellipsis; the 16 of them (1,631 characters) cut to 1,500.
  t.ok(note.startsWith(`以下文字未读作规则（原文保留在 standard 中）：${'说明'.repeat(50)}…；`))
  t.ok(note.endsWith('…'))
  t.equal(note.length, '以下文字未读作规则（原文保留在 standard 中）：'.length + 1501)
  t.equal(body.validation.valid, true)
})
