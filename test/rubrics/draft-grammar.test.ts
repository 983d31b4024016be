import t from 'tap'
import { comparison, parseStandard, readStandard, rubricNumber, statements } from '../../src/rubrics/draft/grammar.js'
import { clauses, normalize, tokenize } from '../../src/rubrics/draft/lexer.js'

const read = (standard: string, maxScore = '5') => readStandard(standard, { maxScore })
const zh = (list: readonly { zh: string }[]) => list.map((message) => message.zh)

t.test('normalize: full-width digits, signs and punctuation read as half-width; a numeral before a unit as its digit', async (t) => {
  t.equal(normalize('＜＝１００％，计８分；每超过一个百分点扣０．８分'), '≤100%,计8分;每超过1个百分点扣0.8分')
  t.equal(normalize('≦≧＞＜－—–～〜'), '≤≥><---~~')
  t.equal(normalize('＝１'), '=1')
  t.equal(normalize('>=90%　每发现一例'), '≥90% 每发现1例')
  t.equal(normalize('此两项指标'), '此两项指标', 'a numeral before 项 is left alone: 两项 is not a count')
  t.equal(normalize('①a\r\n'), '①a\n', 'circled numbers stay: they mark items')
})

t.test('clauses and tokens', async (t) => {
  t.same(clauses(normalize('a；b。c\nd,e，  ;')), ['a', 'b', 'c', 'd', 'e'])
  t.same(tokenize('在职人员控制率≤100%'), [
    { type: 'text', value: '在职人员控制率' },
    { type: 'word', value: '≤' },
    { type: 'number', value: '100' },
    { type: 'unit', value: '%' },
  ])
  t.same(tokenize('计 5 分'), [{ type: 'word', value: '计' }, { type: 'number', value: '5' }, { type: 'unit', value: 'points' }])
  t.same(tokenize('每超过1个百分点扣0.5分'), [
    { type: 'word', value: '每' },
    { type: 'word', value: '超过' },
    { type: 'number', value: '1' },
    { type: 'unit', value: 'pp' },
    { type: 'word', value: '扣' },
    { type: 'number', value: '0.5' },
    { type: 'unit', value: 'points' },
  ])
  t.same(tokenize('不超过10'), [{ type: 'word', value: '不超过' }, { type: 'number', value: '10' }], 'longest keyword first')
})

t.test('comparisons: signs, words, 以下/以上 with and without (含), ranges, a bare number', async (t) => {
  const c = (text: string) => comparison(tokenize(normalize(text)))
  t.same(c('r≤100%'), { op: '≤', value: '100' })
  t.same(c('不超过100%'), { op: '≤', value: '100' })
  t.same(c('低于70%'), { op: '<', value: '70' })
  t.same(c('不低于90%'), { op: '≥', value: '90' })
  t.same(c('大于30%'), { op: '>', value: '30' })
  t.same(c('=0'), { op: '=', value: '0' })
  t.same(c('100%'), { op: '=', value: '100' })
  t.same(c('100%以下（含）'), { op: '≤', value: '100' })
  t.same(c('100%以内'), { op: '≤', value: '100' })
  t.same(c('90%（含）以上'), { op: '≥', value: '90' })
  t.same(c('0-10%（含）'), { op: 'range', from: '0', to: '10', inclusive: 'to' })
  t.same(c('80%（含）-90%'), { op: 'range', from: '80', to: '90', inclusive: 'from' })
  t.same(c('10%至20%'), { op: 'range', from: '10', to: '20', inclusive: 'none' })
  t.equal(c('扣5'), undefined, 'a keyword that compares nothing')
  t.equal(c('好'), undefined)
  t.equal(c('1 2'), undefined)
})

t.test('the seed\'s phrasings', async (t) => {
  const staff = read('以100%为标准。在职人员控制率≦100%，计5分；每超过一个百分点扣0.5分，扣完为止。')
  t.same(staff.rule, { kind: 'stepDeduction', limit: '100', direction: 'above', step: '1', pointsPerStep: '0.5' })
  t.same(zh(staff.assumptions), ['“扣完为止”读作得分不低于 0 分'])
  t.same(staff.unread, [])

  const change = read('“三公经费”变动率≦0,计8分；“三公经费”＞0，每超过一个百分点扣0.8分，扣完为止。', '8')
  t.same(change.rule, { kind: 'stepDeduction', limit: '0', direction: 'above', step: '1', pointsPerStep: '0.8' })

  t.same(read('100%计满分，每低于5%扣2分，扣完为止。').rule,
    { kind: 'stepDeduction', limit: '100', direction: 'below', step: '5', pointsPerStep: '2' })
  t.same(read('100%计满分，每超过（降低）5%扣2分。扣完为止。', '6').rule,
    { kind: 'stepDeduction', limit: '100', direction: 'both', step: '5', pointsPerStep: '2' })

  const building = read('100%以下（含）计满分，每超出5%扣2分，扣完为止。没有楼梯馆所项目的部门按满分计算')
  t.same(building.rule, { kind: 'stepDeduction', limit: '100', direction: 'above', step: '5', pointsPerStep: '2' })
  t.equal(building.notApplicable, '没有楼梯馆所项目的部门按满分计算')
  t.same(zh(building.assumptions), ['步长“%”读作百分点（比率之差），不是相对百分比', '“扣完为止”读作得分不低于 0 分'])

  const control = read('预算控制率=0，计5分；0-10%（含），计4分；10-20%（含），计3分；20-30%（含），计2分；大于30%不得分')
  t.same(control.rule, {
    kind: 'bands',
    bands: [{ upTo: '0', points: '5' }, { upTo: '10', points: '4' }, { upTo: '20', points: '3' },
      { upTo: '30', points: '2' }, { points: '0' }],
  })
  t.match(zh(control.assumptions), ['“=0”读作 ≤0（低于 0 同计 5 分）', /0-10（含）读作 0＜r≦10/, /10-20/, /20-30/])

  const satisfaction = read('90%（含）以上计6分；\n80%（含）-90%，计4分；\n70%（含）-80%，计2分；\n低于70%计0分。', '6')
  t.same(satisfaction.rule, {
    kind: 'bands',
    bands: [{ atLeast: '90', points: '6' }, { atLeast: '80', points: '4' }, { atLeast: '70', points: '2' }, { points: '0' }],
  })
  t.same(satisfaction.assumptions, [], 'every bound says whether it is included: nothing assumed')

  const keyWork = read('根据绩效办2015年对各部门为民办实事和部门重点工程与重点工作考核分数折算。\n该项得分=（实际产出数/计划产出数）*8', '8')
  t.same(keyWork.rule, { kind: 'proportional', cap: '100' })
  t.same(keyWork.unread, ['根据绩效办2015年对各部门为民办实事和部门重点工程与重点工作考核分数折算'])

  const levels = read('促进部门改进文风会风，加强经费及资产管理，推动网上办事，提高行政效率，降低行政成本效果较好的计6分；一般3分；无效果或者效果不明显0分。', '6')
  t.same(levels.rule, {
    kind: 'levels',
    levels: [
      { code: 'fairlyGood', label: '较好', labelEn: '较好', points: '6' },
      { code: 'average', label: '一般', labelEn: '一般', points: '3' },
      { code: 'level3', label: '无效果或者效果不明显', labelEn: '无效果或者效果不明显', points: '0' },
    ],
  })
  t.same(levels.unread, ['促进部门改进文风会风', '加强经费及资产管理', '推动网上办事', '提高行政效率'])

  const system = read('①有内部财务管理制度、会计核算制度等管理制度，2分；\n②有本部门厉行节约制度,2分；\n③相关管理制度合法、合规、完整，2分；④相关管理制度得到有效执行，2分。', '8')
  t.same(system.rule, {
    kind: 'checklist',
    items: [
      { id: 'item1', text: '有内部财务管理制度、会计核算制度等管理制度', textEn: '有内部财务管理制度、会计核算制度等管理制度', points: '2' },
      { id: 'item2', text: '有本部门厉行节约制度', textEn: '有本部门厉行节约制度', points: '2' },
      { id: 'item3', text: '相关管理制度合法、合规、完整', textEn: '相关管理制度合法、合规、完整', points: '2' },
      { id: 'item4', text: '相关管理制度得到有效执行', textEn: '相关管理制度得到有效执行', points: '2' },
    ],
  })

  const compliance = read('①支出合规；②审批完整；③评估论证。\n以上情况每出现一例不符合要求的扣1分，扣完为止。', '6')
  t.same(compliance.rule, {
    kind: 'violations',
    pointsPerViolation: '1',
    categories: [
      { id: 'case1', text: '支出合规', textEn: '支出合规' },
      { id: 'case2', text: '审批完整', textEn: '审批完整' },
      { id: 'case3', text: '评估论证', textEn: '评估论证' },
    ],
  })

  const benefit = read('此两项指标为设置部门整体支出绩效评价指标时必须考虑的共性要素，可根据部门实际情况有选择的进行设置。', '3')
  t.equal(benefit.rule, undefined)
  t.match(zh(benefit.problems), [/没有可读作计分规则的表述/])
  t.same(benefit.unread, ['此两项指标为设置部门整体支出绩效评价指标时必须考虑的共性要素', '可根据部门实际情况有选择的进行设置'])
})

t.test('variants of the deduction per step', async (t) => {
  const step = (limit: string, direction: string, s: string, u: string) =>
    ({ kind: 'stepDeduction', limit, direction, step: s, pointsPerStep: u })
  t.same(read('在职人员控制率＜＝１００％，计８分；每超过１个百分点扣０．８分，扣完为止。', '8').rule, step('100', 'above', '1', '0.8'),
    'full-width digits and <= ')
  t.same(read('公务招待费变动率≤0，计2分；每超过一个百分点扣0.2分', '2').rule, step('0', 'above', '1', '0.2'))
  t.same(zh(read('公务招待费变动率≤0，计2分；每超过一个百分点扣0.2分', '2').assumptions),
    ['标准未写“扣完为止”，得分仍不低于 0 分（本服务的得分均不低于 0）'])
  t.same(read('不超过100%计满分，每超过1个百分点扣1分').rule, step('100', 'above', '1', '1'))
  t.same(read('100%计满分，每偏离5%扣2分，扣完为止', '6').rule, step('100', 'both', '5', '2'))
  t.same(read('100%计满分，每超过5%扣2分，每低于5%扣2分', '6').rule, step('100', 'both', '5', '2'), 'both ways in two clauses')
  t.same(read('以95%为基准，每低于1个百分点扣0.5分').rule, step('95', 'below', '1', '0.5'))
  t.same(read('≥100%计满分，每低于1个百分点扣0.5分扣完为止').rule, step('100', 'below', '1', '0.5'),
    'a floor in the same clause')
  const noUnit = read('≤100%计满分，每超过1扣1分')
  t.same(noUnit.rule, step('100', 'above', '1', '1'))
  t.same(zh(noUnit.assumptions)[0], '步长未写单位，读作百分点')
  t.same(read('预算执行率100%计满分，每低于1个点扣0.1分', '1').rule, step('100', 'below', '1', '0.1'))
  t.same(read('100%计满分，每超过扣1分').rule, step('100', 'above', '1', '1'), 'no step written: a step of 1')
  t.same(read('100%计满分，每超过5%扣2分；每超过5%扣2分').rule, step('100', 'above', '5', '2'), 'said twice')
  const labelled = read('≤100%计满分，每超过1个百分点扣1分；有违规的计0分')
  t.same(labelled.rule, step('100', 'above', '1', '1'))
  t.same(labelled.unread, ['有违规的计0分'], 'an award for a text is no part of a step rule, and is said so')
})

t.test('variants of bands', async (t) => {
  const open = read('≤10%计5分；10%-20%计3分')
  t.same(open.rule, { kind: 'bands', bands: [{ upTo: '10', points: '5' }, { upTo: '20', points: '3' }, { points: '0' }] })
  t.match(zh(open.assumptions), [/未写“含”/, '标准未写其余情形，其余情形计 0 分'])
  t.same(read('100%计满分；90%（含）以上计4分；低于90%不得分').rule,
    { kind: 'bands', bands: [{ atLeast: '100', points: '5' }, { atLeast: '90', points: '4' }, { points: '0' }] })
  t.match(zh(read('100%计满分；90%（含）以上计4分；低于90%不得分').assumptions), ['“100”读作 ≥100'])
  t.same(read('大于90%计5分；大于80%计3分').rule,
    { kind: 'bands', bands: [{ above: '90', points: '5' }, { above: '80', points: '3' }, { points: '0' }] })
  t.same(read('>=95%计5分；大于80%计3分').rule,
    { kind: 'bands', bands: [{ atLeast: '95', points: '5' }, { above: '80', points: '3' }, { points: '0' }] })
  t.same(read('20-30%（含），计2分；0-10%（含），计4分；大于30%不得分').rule,
    { kind: 'bands', bands: [{ upTo: '10', points: '4' }, { upTo: '30', points: '2' }, { points: '0' }] },
    'written from the top: ordered by bound')
  t.same(read('≤100%计满分').rule, { kind: 'bands', bands: [{ upTo: '100', points: '5' }, { points: '0' }] })
})

t.test('proportions, checklists, counts, levels and the assessor', async (t) => {
  t.same(read('得分=分值×完成率').rule, { kind: 'proportional', cap: '100' })
  t.same(read('按完成比例计分').rule, { kind: 'proportional', cap: '100' })
  t.same(read('（1）有制度，2分；（2）有执行，3分').rule, {
    kind: 'checklist',
    items: [
      { id: 'item1', text: '有制度', textEn: '有制度', points: '2' },
      { id: 'item2', text: '有执行', textEn: '有执行', points: '3' },
    ],
  })
  t.same(read('建立内部控制制度的，得2分；内部控制制度得到执行的，得3分').rule, {
    kind: 'checklist',
    items: [
      { id: 'item1', text: '建立内部控制制度', textEn: '建立内部控制制度', points: '2' },
      { id: 'item2', text: '内部控制制度得到执行', textEn: '内部控制制度得到执行', points: '3' },
    ],
  })
  const even = read('①有制度；②有执行；③有检查；④有整改', '8')
  t.same(even.rule, {
    kind: 'checklist',
    items: ['有制度', '有执行', '有检查', '有整改'].map((text, i) => ({ id: `item${i + 1}`, text, textEn: text, points: '2' })),
  })
  t.same(zh(even.assumptions), ['清单各项未写分值，按 4 项均分，每项 2 分'])
  t.same(read('每发现一例违规扣1分，扣完为止', '4').rule, {
    kind: 'violations',
    pointsPerViolation: '1',
    categories: [{ id: 'violation', text: '发现违规', textEn: 'A case against the standard' }],
  })
  t.same(read('每1次扣2分', '4').rule, {
    kind: 'violations',
    pointsPerViolation: '2',
    categories: [{ id: 'violation', text: '不符合要求', textEn: 'A case against the standard' }],
  })
  t.same(read('好的计6分；较好的计4分；一般的计2分；差的计0分', '6').rule, {
    kind: 'levels',
    levels: [
      { code: 'good', label: '好', labelEn: '好', points: '6' },
      { code: 'fairlyGood', label: '较好', labelEn: '较好', points: '4' },
      { code: 'average', label: '一般', labelEn: '一般', points: '2' },
      { code: 'poor', label: '差', labelEn: '差', points: '0' },
    ],
  })
  t.same(read('效果好的计6分；效果良好的计4分；服务好的计2分', '6').rule, {
    kind: 'levels',
    levels: [
      { code: 'good', label: '好', labelEn: '好', points: '6' },
      { code: 'level2', label: '良好', labelEn: '良好', points: '4' },
      { code: 'level3', label: '好', labelEn: '好', points: '2' },
    ],
  }, 'a code is used once; the next level with the same word is numbered')
  const assessor = read('由评价组根据部门工作情况酌情打分', '3')
  t.same(assessor.rule, { kind: 'assessorScore' })
  t.same(assessor.unread, [])
})

t.test('what the grammar cannot read is a problem, never a guess', async (t) => {
  const problem = (standard: string, maxScore = '5') => {
    const reading = read(standard, maxScore)
    t.equal(reading.rule, undefined, standard)
    return zh(reading.problems)
  }
  t.match(problem('每超过1个百分点扣1分'), [/找不到限值/])
  t.match(problem('以100%为标准，≤90%计满分，每超过1个百分点扣1分'), [/限值不一致：100、90/])
  t.match(problem('≤100%计4分，每超过1个百分点扣1分'), [/在限值内计 4 分，而该指标分值为 5/])
  t.match(problem('100%计满分，每超过5%扣2分，每低于1%扣1分'), [/步长或扣分不同/])
  t.match(problem('100%计满分，每1个百分点扣1分'), [/未写超过还是低于/])
  t.match(problem('100%计满分，每超过0.0000001个百分点扣1分'), [/超出评价体系可写的范围/])
  t.match(problem('≤10%计5分；≥50%计2分'), [/有的写上限/])
  t.match(problem('≤10%计5分；大于20%不得分'), [/不相接/])
  t.match(problem('≤10%计5分；大于10%计1分；大于20%不得分'), [/不相接/])
  t.match(problem('得分=（实际/计划）×10', '8'), [/公式乘以 10，而该指标分值为 8/])
  t.match(problem('①a；②b；③c', '10'), [/不能均分为 3 项/])
  t.match(problem('①a，2分；②b'), [/有的项写了分值，有的没写/])
  t.match(problem('按有关规定评分'), [/没有可读作计分规则的表述/])
  t.match(problem('完成3项的计2分'), [/没有可读作计分规则的表述/])
  t.same(read('扣5').unread, ['扣5'])
  t.match(problem('①a'.repeat(21), '21'), ['读出 21 项（档），评价体系每条规则最多 20 项'])
  t.match(problem('好的计1分；'.repeat(21)), ['读出 21 项（档），评价体系每条规则最多 20 项'])
})

t.test('statements and numbers', async (t) => {
  t.same(statements('扣完为止'), [{ kind: 'floor', clause: '扣完为止' }])
  t.same(statements('计5分'), [{ kind: 'award', points: '5', clause: '计5分' }])
  t.same(statements('扣2分'), [{ kind: 'text', text: '扣2分', clause: '扣2分' }], 'a deduction needs its 每')
  t.same(parseStandard('(2)a(3)b').items, [], '(2) is no item mark without a (1) before it')
  t.equal(rubricNumber('0.50'), '0.5')
  t.equal(rubricNumber('1.1234567'), undefined)
})

// Property: a rule generated at random, written in one of the phrasings (half-width or full-width),
// reads back as the same rule. A seeded generator keeps the test deterministic.
t.test('property: generated rules written in the phrasings read back as themselves', async (t) => {
  let seed = 20211231
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % n
  }
  const pick = <T>(list: readonly T[]) => list[random(list.length)]!
  const decimal = () => pick(['0.1', '0.2', '0.25', '0.5', '0.8', '1', '1.5', '2', '3'])
  const wide = (text: string) =>
    text.replace(/[0-9%.,;<=]/g, (c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0))
  let checked = 0
  for (let run = 0; run < 300; run += 1) {
    const max = pick(['1', '2', '5', '6', '8', '10'])
    const kind = random(3)
    let written: string
    let rule: unknown
    if (kind === 0) {
      const limit = pick(['0', '90', '95', '100'])
      const direction = pick(['above', 'below', 'both'] as const)
      const step = pick(['1', '2', '5'])
      const points = decimal()
      const verb = { above: pick(['超过', '超出', '高于']), below: pick(['低于', '降低']), both: '偏离' }[direction]
      const unit = pick(['个百分点', '%'])
      const full = pick([`≤${limit}%，计${max}分`, `${limit}%计满分`, `以${limit}%为标准`, `不超过${limit}%计满分`])
      const fullForm = direction === 'above' ? full : pick([`${limit}%计满分`, `以${limit}%为标准`])
      written = `${fullForm}，每${verb}${step}${unit}扣${points}分${pick(['，扣完为止', '', '。扣完为止。'])}`
      rule = { kind: 'stepDeduction', limit, direction, step, pointsPerStep: points }
    } else if (kind === 1) {
      const bounds = [10, 20, 30].map((b) => String(b * (1 + random(3))))
      const sorted = [...new Set(bounds)].sort((a, b) => Number(a) - Number(b))
      const points = sorted.map((_, i) => String(Math.max(0, Number(max) - i - 1)))
      const parts = sorted.map((bound, i) =>
        i === 0 ? `${pick(['≤', '<=', '不超过'])}${bound}%，计${points[i]}分` : `${sorted[i - 1]}-${bound}%（含），计${points[i]}分`)
      written = `${parts.join('；')}；大于${sorted[sorted.length - 1]}%不得分`
      rule = { kind: 'bands', bands: [...sorted.map((upTo, i) => ({ upTo, points: points[i] })), { points: '0' }] }
    } else {
      const bounds = [...new Set([90, 80, 70].map((b) => b - random(3) * 5))].sort((a, b) => b - a).map(String)
      const points = bounds.map((_, i) => String(Math.max(0, Number(max) - i)))
      const parts = bounds.map((bound, i) => `${bound}%（含）${i === 0 ? '以上' : `-${bounds[i - 1]}%，`}计${points[i]}分`)
      written = `${parts.join('；')}；低于${bounds[bounds.length - 1]}%计0分`
      rule = { kind: 'bands', bands: [...bounds.map((atLeast, i) => ({ atLeast, points: points[i] })), { points: '0' }] }
    }
    const text = random(2) === 0 ? wide(written) : written
    const reading = read(text, max)
    if (JSON.stringify(reading.rule) !== JSON.stringify(rule)) t.fail(`${text} read as ${JSON.stringify(reading.rule)}`)
    else checked += 1
  }
  t.equal(checked, 300)
})
