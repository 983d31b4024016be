import t from 'tap'
import builtIn from '../../src/rubrics/yuhua-2021.json' with { type: 'json' }
import type { Rubric } from '../../schemas/rubric.js'
import { build, seedRequest } from '../helper.js'
import { loadRubrics } from '../../src/rubrics/index.js'
import { scoreRequest } from '../../src/scoring.js'

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST' as const,
  url,
  payload: payload as object,
  headers,
})
const indicators = (rubric: Rubric) => rubric.categories.flatMap((c) => c.children.flatMap((s) => s.indicators))
const byId = (rubric: Rubric, id: string) => indicators(rubric).find((indicator) => indicator.id === id)!

/** The public variant: 在职人员控制率 8 points, 0.8 per point over; “三公经费”变动率 5 points, 0.5 per point. */
function publicVariant(): Rubric {
  const rubric = structuredClone(builtIn) as Rubric
  rubric.id = 'county-variant'
  rubric.version = '2022.1'
  Object.assign(byId(rubric, 'staffControlRate'), {
    maxScore: '8',
    rule: { kind: 'stepDeduction', limit: '100', direction: 'above', step: '1', pointsPerStep: '0.8' },
  })
  Object.assign(byId(rubric, 'threePublicChangeRate'), {
    maxScore: '5',
    rule: { kind: 'stepDeduction', limit: '0', direction: 'above', step: '1', pointsPerStep: '0.5' },
  })
  return rubric
}

/** 经济效益 and 社会效益 refined into department-specific (个性化) indicators. */
function personalizedVariant(): Rubric {
  const rubric = structuredClone(builtIn) as Rubric
  rubric.id = 'civil-affairs-personalized'
  const benefit = rubric.categories[2]!.children[1]!
  benefit.indicators.splice(
    0,
    2,
    {
      id: 'elderCareBeds',
      name: '养老床位建设目标完成度',
      nameEn: 'Elder-care beds built against target',
      maxScore: '3',
      standard: '完成目标计满分，未完成按比例计分',
      measure: { kind: 'value', pointer: '/assessments/custom/elderCareBeds' },
      rule: { kind: 'targetAttainment', direction: 'higherIsBetter' },
    },
    {
      id: 'complaintRate',
      name: '投诉率',
      nameEn: 'Complaint rate',
      maxScore: '3',
      standard: '不高于目标计满分，高于目标按目标/实际计分',
      measure: { kind: 'value', pointer: '/assessments/custom/complaintRate' },
      rule: { kind: 'targetAttainment', direction: 'lowerIsBetter' },
    },
  )
  return rubric
}

t.test('a public variant sent inline is scored by the same engine', async (t) => {
  const app = await build(t)
  const request = { ...seedRequest(), rubric: publicVariant() } as Record<string, any>
  delete request.rubricId
  request.baseData.staffing = { authorized: 40, actual: 41 }
  request.selfAssessment.scores.staffControlRate = '8'
  request.selfAssessment.scores.threePublicChangeRate = '5'
  const response = await app.inject(post('/v1/evaluations', request))
  t.equal(response.statusCode, 200)
  const body = response.json()
  t.match(body.rubric, { id: 'county-variant', version: '2022.1', contentHash: /^sha256:[0-9a-f]{64}$/ })
  // 41 / 40 = 102.50%: 2 full points over × 0.8 = 1.60 → 8 − 1.60 = 6.40
  t.match(body.indicators[0], {
    id: 'staffControlRate',
    maxScore: '8.00',
    value: '102.50',
    score: '6.40',
    deduction: '1.60',
  })
  // (3.47 − 3.31) / 3.31 = 4.83%: 4 full points × 0.5 = 2 → 5 − 2 = 3.00
  t.match(body.indicators[1], { id: 'threePublicChangeRate', maxScore: '5.00', score: '3.00' })
  // the seed's 90.80 less (5 + 4.80) plus (6.40 + 3.00)
  t.equal(body.totalScore, '90.40')
  t.equal(body.categories[0].score, '9.40')
})

t.test('the content hash traces the exact rules: key order does not matter, a changed rule does', async (t) => {
  const app = await build(t)
  const hashOf = async (rubric: unknown) => {
    const request = { ...seedRequest(), rubric } as Record<string, unknown>
    delete request.rubricId
    delete request.selfAssessment
    return (await app.inject(post('/v1/evaluations', request))).json().rubric.contentHash
  }
  const variant = publicVariant()
  const reordered = Object.fromEntries(Object.entries(variant).reverse())
  t.equal(await hashOf(reordered), await hashOf(variant))
  const changed = publicVariant()
  byId(changed, 'staffControlRate').standard += '。'
  t.not(await hashOf(changed), await hashOf(variant))
  const builtInHash = (await app.inject(post('/v1/evaluations', seedRequest()))).json().rubric.contentHash
  t.equal(await hashOf(builtIn), builtInHash, 'the built-in rubric sent inline hashes as the built-in one')
})

t.test('personalized indicators: higher- and lower-is-better targets', async (t) => {
  const app = await build(t)
  const score = async (custom: unknown) => {
    const request = { ...seedRequest(), rubric: personalizedVariant() } as Record<string, any>
    delete request.rubricId
    delete request.selfAssessment
    request.assessments.custom = custom
    const response = await app.inject(post('/v1/evaluations', request, { 'accept-language': 'en' }))
    return response.json()
  }
  // 90 beds of 100: 90.00% → 3 × 0.9 = 2.70; complaints 2.5% against 2%: 2 / 2.5 = 80.00% → 2.40
  const partly = await score({
    elderCareBeds: { target: 100, actual: 90 },
    complaintRate: { target: '2', actual: '2.5' },
  })
  t.match(partly.indicators[13], {
    id: 'elderCareBeds',
    score: '2.70',
    value: '90.00',
    reason: { code: 'TARGET_ATTAINMENT', values: { direction: 'higherIsBetter', attainment: '90.00' } },
  })
  t.match(partly.indicators[14], { id: 'complaintRate', score: '2.40', value: '80.00' })
  t.equal(
    partly.indicators[14].explanation,
    'Complaint rate: target 2, actual 2.5 (lower is better), 80.00% attained: 2.40 points',
  )
  // 120 beds of 100 is capped at 3.00; 1.5% complaints against 2% (133.33%) also 3.00
  const beyond = await score({
    elderCareBeds: { target: 100, actual: 120 },
    complaintRate: { target: '2', actual: '1.5' },
  })
  t.same([beyond.indicators[13].score, beyond.indicators[14].score], ['3.00', '3.00'])
  // 1 bed of 3: 33.33% → 3 × 0.3333 = 0.9999 → 1.00; no complaints at all meets any target
  const low = await score({ elderCareBeds: { target: 3, actual: 1 }, complaintRate: { target: '2', actual: 0 } })
  t.same([low.indicators[13].score, low.indicators[14].score], ['1.00', '3.00'])
  // unrounded, 1 of 3 is 33.333…%: 3 × 1/3 = 1.00 all the same
  const request = {
    ...seedRequest(),
    rubric: personalizedVariant(),
    options: { roundRateBeforeScoring: false },
  } as Record<string, any>
  delete request.rubricId
  delete request.selfAssessment
  request.assessments.custom = { elderCareBeds: { target: 3, actual: 1 }, complaintRate: { target: '2', actual: 0 } }
  t.match((await app.inject(post('/v1/evaluations', request))).json().indicators[13], { score: '1.00', value: '33.33' })
  const missing = await score({ elderCareBeds: { target: 100 } })
  t.match(missing.indicators[13], {
    status: 'missingData',
    reason: { values: { missing: ['/assessments/custom/elderCareBeds/actual'] } },
  })
  t.match(missing.indicators[14], {
    status: 'missingData',
    reason: { values: { missing: ['/assessments/custom/complaintRate'] } },
  })
  t.equal(missing.complete, false)
})

t.test('bands written with "above" bounds score like the seed\'s upTo bands', async (t) => {
  const app = await build(t)
  const rubric = structuredClone(builtIn) as Rubric
  byId(rubric, 'budgetControlRate').rule = {
    kind: 'bands',
    bands: [
      { above: '30', points: '0' },
      { above: '20', points: '2' },
      { above: '10', points: '3' },
      { above: '0', points: '4' },
      { points: '5' },
    ],
  }
  const score = async (supplementary: string) => {
    const request = { ...seedRequest(), rubric } as Record<string, any>
    delete request.rubricId
    delete request.selfAssessment
    request.baseData.budget.supplementary = supplementary
    return (await app.inject(post('/v1/evaluations', request))).json().indicators[3]
  }
  // 1534.156 / 7670.78 = 20.00%: not above 20, above 10 → 3; 1917.695 / 7670.78 = 25.00% → 2; 0 → 5
  t.match(await score('1534.156'), { value: '20.00', score: '3.00', reason: { values: { band: '>10' } } })
  t.match(await score('1917.695'), { value: '25.00', score: '2.00', reason: { values: { band: '>20' } } })
  t.match(await score('0'), { value: '0.00', score: '5.00', reason: { values: { band: 'otherwise' } } })
})

t.test('a rate read from a field that holds no number is missing data, not a failure', async (t) => {
  const app = await build(t)
  const rubric = structuredClone(builtIn) as Rubric
  byId(rubric, 'publicSatisfaction').measure = {
    kind: 'value',
    pointer: '/assessments/managementSystem/frugalityRules',
    unit: '%',
  }
  const request = { ...seedRequest(), rubric } as Record<string, any>
  delete request.rubricId
  const response = await app.inject(post('/v1/evaluations', request))
  t.equal(response.body, JSON.stringify(scoreRequest(request as never, loadRubrics(), 'zh')), 'the interpreter agrees')
  const body = response.json()
  t.match(body.indicators[16], {
    id: 'publicSatisfaction',
    status: 'missingData',
    reason: { values: { missing: ['/assessments/managementSystem/frugalityRules'] } },
  })
  byId(rubric, 'economicBenefit').measure = { kind: 'value', pointer: '/assessments/disclosure/content' }
  const assessor = (await app.inject(post('/v1/evaluations', request))).json()
  t.match(assessor.indicators[13], {
    id: 'economicBenefit',
    status: 'missingData',
    reason: { values: { missing: ['/assessments/disclosure/content'] } },
  })
  // text where a number is expected (the frugality measures are free text): missing data, not a 500
  byId(rubric, 'economicBenefit').measure = { kind: 'value', pointer: '/baseData/frugalityMeasures' }
  byId(rubric, 'staffControlRate').measure = {
    kind: 'ratio',
    numerator: '/baseData/frugalityMeasures',
    denominator: '/baseData/staffing/authorized',
  }
  const text = await app.inject(post('/v1/evaluations', request))
  t.equal(text.statusCode, 200)
  t.match(text.json().indicators[0], {
    status: 'missingData',
    reason: { values: { missing: ['/baseData/frugalityMeasures'] } },
  })
  t.match(text.json().indicators[13], {
    status: 'missingData',
    reason: { values: { missing: ['/baseData/frugalityMeasures'] } },
  })
})

t.test('custom inputs must belong to the rubric', async (t) => {
  const app = await build(t)
  const request = seedRequest() as Record<string, any>
  request.assessments.custom = { elderCareBeds: { target: 1, actual: 1 } }
  const response = await app.inject(post('/v1/evaluations', request))
  t.equal(response.statusCode, 400)
  t.match(response.json().errors, [{ pointer: '/assessments/custom/elderCareBeds', rule: 'unknownIndicator' }])
})

t.test('custom checklists, violations and levels reject items the rubric does not have', async (t) => {
  const app = await build(t)
  const rubric = structuredClone(builtIn) as Rubric
  const benefit = rubric.categories[2]!.children[1]!.indicators
  benefit[0] = {
    ...benefit[0]!,
    measure: { kind: 'value', pointer: '/assessments/custom/economicBenefit/items' },
    rule: { kind: 'checklist', items: [{ id: 'jobs', text: '带动就业', textEn: 'Jobs created', points: '3' }] },
  }
  benefit[1] = {
    ...benefit[1]!,
    measure: { kind: 'value', pointer: '/assessments/custom/socialBenefit/level' },
    rule: {
      kind: 'levels',
      levels: [
        { code: 'high', label: '高', labelEn: 'high', points: '3' },
        { code: 'low', label: '低', labelEn: 'low', points: '1' },
      ],
    },
  }
  const request = { ...seedRequest(), rubric } as Record<string, any>
  delete request.rubricId
  request.assessments.custom = {
    economicBenefit: { items: { jobs: true, taxes: true } },
    socialBenefit: { level: 'medium' },
  }
  const refused = await app.inject(post('/v1/evaluations', request))
  t.equal(refused.statusCode, 400)
  t.same(
    refused.json().errors.map((e: { pointer: string; rule: string }) => [e.pointer, e.rule]),
    [
      ['/assessments/custom/economicBenefit/items/taxes', 'unknownItem'],
      ['/assessments/custom/socialBenefit/level', 'enum'],
    ],
  )
  request.assessments.custom = { economicBenefit: { items: { jobs: true } }, socialBenefit: { level: 'low' } }
  const scored = (await app.inject(post('/v1/evaluations', request))).json()
  t.same([scored.indicators[13].score, scored.indicators[14].score], ['3.00', '1.00'])
})

t.test('answers among a firstAvailable\'s alternatives are checked like any other', async (t) => {
  const app = await build(t)
  const rubric = structuredClone(builtIn) as Rubric
  const benefit = rubric.categories[2]!.children[1]!.indicators
  // 经济效益 (3 points) from the assessor's own score, else a custom one; 社会效益 by level, likewise.
  benefit[0] = {
    ...benefit[0]!,
    measure: {
      kind: 'firstAvailable',
      measures: [
        { kind: 'value', pointer: '/assessments/custom/economicBenefit/score' },
        { kind: 'value', pointer: '/assessments/economicBenefit' },
      ],
    },
    rule: { kind: 'assessorScore' },
  }
  benefit[1] = {
    ...benefit[1]!,
    measure: {
      kind: 'firstAvailable',
      measures: [{ kind: 'value', pointer: '/assessments/custom/socialBenefit/level' }],
    },
    rule: {
      kind: 'levels',
      levels: [
        { code: 'high', label: '高', labelEn: 'high', points: '3' },
        { code: 'low', label: '低', labelEn: 'low', points: '1' },
      ],
    },
  }
  const request = { ...seedRequest(), rubric } as Record<string, any>
  delete request.rubricId
  request.assessments.custom = { economicBenefit: { score: '50' }, socialBenefit: { level: 'medium' } }
  const refused = await app.inject(post('/v1/evaluations', request))
  t.equal(refused.statusCode, 400, 'not a 500, and not 50 clamped to 3 without a word')
  t.same(refused.json().errors.map((e: { pointer: string; rule: string }) => [e.pointer, e.rule]), [
    ['/assessments/custom/economicBenefit/score', 'atMostMaxScore'],
    ['/assessments/custom/socialBenefit/level', 'enum'],
  ])
  request.assessments.custom = { economicBenefit: { score: '2.5' }, socialBenefit: { level: 'low' } }
  const scored = (await app.inject(post('/v1/evaluations', request))).json()
  t.same([scored.indicators[13].score, scored.indicators[14].score], ['2.50', '1.00'])
})

t.test('an inconsistent inline rubric is a 400 with every problem under /rubric', async (t) => {
  const app = await build(t)
  const rubric = publicVariant()
  rubric.categories[0]!.maxScore = '14'
  byId(rubric, 'budgetControlRate').id = 'staffControlRate'
  const request = { ...seedRequest(), rubric } as Record<string, any>
  delete request.rubricId
  const body = (await app.inject(post('/v1/evaluations', request))).json()
  t.equal(body.status, 400)
  t.same(body.errors.map((e: { pointer: string; rule: string }) => [e.pointer, e.rule]), [
    ['/rubric/maxScore', 'sum'],
    ['/rubric/categories/0/maxScore', 'sum'],
    ['/rubric/categories/1/children/0/indicators/1/id', 'uniqueId'],
  ])
  const schemaBroken = { ...request, rubric: { ...publicVariant(), maxScore: 100 } }
  const schemaBody = (await app.inject(post('/v1/evaluations', schemaBroken))).json()
  t.match(schemaBody.errors, [{ pointer: '/rubric/maxScore', rule: 'type' }])
  const both = (
    await app.inject(post('/v1/evaluations', { ...request, rubric: publicVariant(), rubricId: 'yuhua-2021' }))
  ).json()
  t.match(both.errors, [{ pointer: '/rubricId', rule: 'bothRubrics' }])
})

t.test('a malformed measure or rule is reported as what it was meant to be', async (t) => {
  const app = await build(t)
  const rubric = structuredClone(builtIn) as Record<string, any>
  const [staff, change] = rubric.categories[0].children[0].indicators
  staff.measure = { kind: 'value' }
  change.rule = { kind: 'nope' }
  change.measure.numerator = 5
  rubric.categories[1].children[0].indicators[1].rule.bands[0].upTo = 'zero'
  rubric.categories[1].children[1].indicators[2].rule.direction = 'sideways'
  rubric.categories[2].children[1].indicators[2].measure = {
    kind: 'value',
    pointer: '/assessments/satisfaction/rate',
    unit: 'percent',
  }
  const body = (await app.inject(post('/v1/rubrics/validate', rubric, { 'accept-language': 'en' }))).json()
  t.same(
    body.errors.map((e: { pointer: string; rule: string; message: string }) => [e.pointer, e.rule, e.message]),
    [
      ['/categories/0/children/0/indicators/0/measure/pointer', 'required', 'the required field pointer is missing'],
      ['/categories/0/children/0/indicators/1/measure/numerator', 'type', 'must be of type string | object'],
      [
        '/categories/0/children/0/indicators/1/rule/kind',
        'enum',
        'must be one of: stepDeduction, bands, proportional, checklist, violations, levels, assessorScore, targetAttainment',
      ],
      ['/categories/1/children/0/indicators/1/rule/bands/0/upTo', 'pattern', 'must match ^-?\\d{1,15}(\\.\\d{1,6})?$'],
      ['/categories/1/children/1/indicators/2/rule/direction', 'enum', 'must be one of: above, below, both'],
      ['/categories/2/children/1/indicators/2/measure/unit', 'const', 'must be %'],
    ],
  )
})

t.test('POST /v1/rubrics/validate summarises a valid rubric', async (t) => {
  const app = await build(t)
  const response = await app.inject(post('/v1/rubrics/validate', builtIn))
  t.equal(response.statusCode, 200)
  t.match(response.json(), {
    valid: true,
    id: 'yuhua-2021',
    indicatorCount: 17,
    maxScore: '100.00',
    contentHash: /^sha256:/,
    categories: [
      { id: 'input', maxScore: '13.00', children: [{ id: 'budgetAllocation', maxScore: '13.00', indicatorCount: 2 }] },
      {
        id: 'process',
        maxScore: '61.00',
        children: [
          { id: 'budgetExecution', maxScore: '20.00', indicatorCount: 4 },
          { id: 'budgetManagement', maxScore: '41.00', indicatorCount: 6 },
        ],
      },
      {
        id: 'outputEfficiency',
        maxScore: '26.00',
        children: [
          { id: 'dutyPerformance', maxScore: '8.00', indicatorCount: 1 },
          { id: 'performanceBenefit', maxScore: '18.00', indicatorCount: 4 },
        ],
      },
    ],
  })
})

t.test('POST /v1/rubrics/validate lists every inconsistency with a pointer into the rubric', async (t) => {
  const app = await build(t)
  const rubric = structuredClone(builtIn) as Rubric
  byId(rubric, 'procurementExecutionRate').rule = {
    kind: 'bands',
    bands: [{ points: '6' }, { upTo: '5', points: '7' }],
  }
  byId(rubric, 'keyWorkCompletionRate').measure = {
    kind: 'ratio',
    numerator: '/assessments/keyWork/done',
    denominator: '/assessments/keyWork/planned',
  }
  rubric.grades[3]!.minScore = '60'
  const body = (await app.inject(post('/v1/rubrics/validate', rubric))).json()
  t.match(body, { status: 400, code: 'VALIDATION_FAILED' })
  t.same(
    body.errors.map((e: { pointer: string; rule: string }) => [e.pointer, e.rule]),
    [
      ['/categories/1/children/1/indicators/2/rule', 'rulePoints'],
      ['/categories/1/children/1/indicators/2/rule/bands', 'bands'],
      ['/categories/1/children/1/indicators/2/rule/bands/0', 'bands'],
      ['/categories/2/children/0/indicators/0/measure', 'measureField'],
      ['/grades/3/minScore', 'grades'],
      ['/grades/3/minScore', 'grades'],
    ],
    'the last grade: not below the one before, and not from 0',
  )
  const tooMany = structuredClone(builtIn) as Rubric
  const child = tooMany.categories[0]!.children[0]!
  tooMany.categories = Array.from({ length: 4 }, (_, c) => ({
    ...tooMany.categories[0]!,
    id: `c${c}`,
    children: Array.from({ length: 1 }, () => ({
      ...child,
      indicators: Array.from({ length: 80 }, (_, i) => ({ ...child.indicators[0]!, id: `i${c}x${i}` })),
    })),
  }))
  const size = (await app.inject(post('/v1/rubrics/validate', tooMany))).json()
  t.match(size.errors, [
    { pointer: '/categories', rule: 'size', message: 'the rubric has 320 indicators; at most 300 are allowed' },
  ])
})

t.test('an indicator named like a property of every object (constructor) has no self score unless one is sent', async (t) => {
  const app = await build(t)
  const rubric = structuredClone(builtIn) as Rubric
  byId(rubric, 'staffControlRate').id = 'constructor'
  const request = { ...seedRequest(), rubric, selfAssessment: { scores: { threePublicChangeRate: '8' } } } as Record<string, any>
  delete request.rubricId
  // Was a 500: the claim was looked up on the prototype and read Object as a decimal.
  const response = await app.inject(post('/v1/evaluations', request))
  t.equal(response.statusCode, 200)
  t.match(response.json().indicators[0], { id: 'constructor', score: '5.00', selfScore: null, difference: null })
  t.match(response.json().selfAssessment, { indicatorsClaimed: 1, claimedTotal: '8.00' })
})

t.test('a maximum beyond the exact range of a compiled plan is scored by the interpreter, to the same bytes', async (t) => {
  const app = await build(t)
  const rubric = structuredClone(builtIn) as Rubric
  // 10,000,000,000 points are 10^16 millionths, beyond 2^53: no plan; the interpreter scores it.
  byId(rubric, 'staffControlRate').maxScore = '10000000000'
  rubric.categories[0]!.maxScore = '10000000008'
  rubric.categories[0]!.children[0]!.maxScore = '10000000008'
  rubric.maxScore = '10000000095'
  const request = { ...seedRequest(), rubric } as Record<string, any>
  delete request.rubricId
  const response = await app.inject(post('/v1/evaluations', request))
  t.equal(response.statusCode, 200)
  // 29 / 34 = 85.29% ≤ 100: full marks; the seed's 90.80 less its 5 points for the indicator.
  t.match(response.json(), { totalScore: '10000000085.80', indicators: [{ score: '10000000000.00' }] })
  t.equal(response.body, JSON.stringify(scoreRequest(request as never, loadRubrics(), 'zh')))
})

t.test('a checklist pointed at a number, or an assessor score at a text, lacks its data', async (t) => {
  const app = await build(t)
  const rubric = structuredClone(builtIn) as Rubric
  byId(rubric, 'managementSystemSoundness').measure = { kind: 'value', pointer: '/assessments/economicBenefit/score' }
  byId(rubric, 'economicBenefit').measure = { kind: 'value', pointer: '/assessments/administrativeEfficiency' }
  const request = { ...seedRequest(), rubric } as Record<string, any>
  delete request.rubricId
  const response = await app.inject(post('/v1/evaluations', request))
  t.equal(response.statusCode, 200)
  const body = response.json()
  t.match(body.indicators[9], {
    id: 'managementSystemSoundness',
    status: 'missingData',
    reason: { code: 'MISSING_DATA', values: { missing: ['/assessments/economicBenefit/score/internalFinancialRules'] } },
  })
  t.match(body.indicators[13], { id: 'economicBenefit', status: 'missingData', score: null })
  t.equal(response.body, JSON.stringify(scoreRequest(request as never, loadRubrics(), 'zh')), 'the interpreter agrees')
})
