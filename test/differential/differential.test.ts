/**
 * The differential test: the fast evaluation path must answer every request with the very bytes
 * of the reference interpreter (both views), and refuse what it refuses with the same errors.
 * test/differential/engines.ts says which functions are compared; the cases come from
 * requests.ts, the comparison from compare.ts (shared with `npm run test:differential`, which
 * runs a million). A failure prints fast-check's seed and path, the shrunk case and its body:
 * replay it with `npm run test:differential -- --seed <seed> --runs <runs>`.
 */
import fc from 'fast-check'
import t from 'tap'
import type { DeductionMode, EvaluationRequest } from '../../schemas/evaluation-request.js'
import seedJson from '../../schemas/examples/yuhua-2021.request.json' with { type: 'json' }
import { ServiceError } from '../../src/errors.js'
import type { Language } from '../../src/engine/explain.js'
import { loadRubrics } from '../../src/rubrics/index.js'
import { ENGINES, type Engines, Mismatch, compareCase, describeDifference, firstDifference } from './compare.js'
import { GENERATED, checkGenerated } from './generated.js'
import { type DifferentialCase, MODES, bodyText, differentialCases } from './requests.js'

const rubrics = loadRubrics()

// 10,000 cases take some 20 s on an idle core, and far longer when other work shares the 2 cores;
// the suite's 120 s would then kill the file mid-run and report a timeout instead of an answer.
t.setTimeout(600_000)
const seedRequest = seedJson as unknown as EvaluationRequest

/** A regression case in every language, deduction mode and rounding: 12 comparisons. */
function everyReading(body: EvaluationRequest): DifferentialCase[] {
  return (['zh', 'en'] as Language[]).flatMap((language) =>
    MODES.flatMap((deductionMode: DeductionMode) =>
      [true, false].map((roundRateBeforeScoring) => ({
        body: { ...structuredClone(body), options: { deductionMode, roundRateBeforeScoring } },
        language,
      })),
    ),
  )
}

const change = (mutate: (draft: Record<string, any>) => void): EvaluationRequest => {
  const draft = structuredClone(seedJson) as Record<string, any>
  mutate(draft)
  return draft as EvaluationRequest
}

const indicatorOf = (text: string, id: string) =>
  (JSON.parse(text) as { indicators: { id: string; value: string | null; score: string | null }[] }).indicators.find(
    (indicator) => indicator.id === id,
  )!

t.test('hand-picked cases: the same bytes in every language and reading', async (t) => {
  const cases: Array<[string, EvaluationRequest, (text: string, testCase: DifferentialCase) => void]> = [
    [
      'the seed department (90.80, 优)',
      seedRequest,
      (text, { body }) => {
        // The default reading is the one the seed's hand computation (test/engine/seed.test.ts) uses.
        if (body.options?.deductionMode === 'perFullStep' && body.options.roundRateBeforeScoring)
          t.match(JSON.parse(text), { totalScore: '90.80', grade: { code: 'excellent' } })
      },
    ],
    [
      'a budget of 999999999999999.999999 (beyond 2^53 millionths)',
      change((r) => {
        r.baseData.budget = {
          carryover: '0',
          initial: '999999999999999.999999',
          supplementary: '0',
          yearEndBalance: '0.000001',
        }
        r.baseData.procurement = { budget: '999999999999999.999999', actual: '999999999999999.999998' }
      }),
      (text) => t.equal(indicatorOf(text, 'budgetCompletionRate').value, '100.00'),
    ],
    [
      'a rate of exactly 100.005 % (20001 staff of 20000; 200.01 of 200) is shown and scored as 100.01',
      change((r) => {
        r.baseData.staffing = { authorized: 20_000, actual: 20_001 }
        r.baseData.publicFunds = { budget: '200', final: '200.01' }
      }),
      (text) => {
        t.equal(indicatorOf(text, 'staffControlRate').value, '100.01')
        t.equal(indicatorOf(text, 'publicFundsControlRate').value, '100.01')
      },
    ],
    [
      'money beside 2^53 millionths, a cut of -0.00, -0 and numbers binary floats round badly',
      change((r) => {
        r.baseData.budget = {
          carryover: '9007199254.740991',
          initial: '9007199254.740993',
          supplementary: '-0.00',
          yearEndBalance: '9007199254.740992',
        }
        r.baseData.threePublicExpenses = {
          priorYearBudget: 1.005,
          priorYearFinal: -0,
          budget: 2.675,
          final: '2.675000',
        }
        r.baseData.publicFunds = { budget: 100, final: 100.005 }
      }),
      (text) => t.equal(indicatorOf(text, 'publicFundsControlRate').value, '100.01'),
    ],
    [
      'two fallbacks taken for one indicator: their notes, the last taken first, as the interpreter lists them',
      change((r) => {
        // A custom rubric whose change rate also reads the final account when the budget is absent.
        const rubric = structuredClone(rubrics.get('yuhua-2021')!.source) as Record<string, any>
        const indicators = rubric.categories
          .flatMap((category: any) => category.children)
          .flatMap((group: any) => group.indicators)
        const indicator = (id: string) => indicators.find((candidate: any) => candidate.id === id)
        indicator('threePublicChangeRate').measure.fallbacks.push({
          pointer: '/baseData/threePublicExpenses/budget',
          use: '/baseData/threePublicExpenses/final',
          warning: 'BUDGET_FROM_FINAL',
        })
        // Another indicator falls back from the same pointer to another: a warning of its own.
        indicator('threePublicControlRate').measure.fallbacks = [
          {
            pointer: '/baseData/threePublicExpenses/budget',
            use: '/baseData/threePublicExpenses/priorYearFinal',
            warning: 'BUDGET_FROM_PRIOR_FINAL',
          },
        ]
        r.rubric = rubric
        delete r.rubricId
        // (2.89 − 3.31) / 3.31 = −12.69 %: within the limit, 8 points; both fallbacks noted.
        delete r.baseData.threePublicExpenses.budget
      }),
      (text, { language }) => {
        const explanation = (indicatorOf(text, 'threePublicChangeRate') as unknown as { explanation: string })
          .explanation
        // The budget's fallback is taken first (the numerator is read first), so its note comes last.
        t.ok(explanation.indexOf('priorYearFinal') < explanation.indexOf('/final'), `${language}: ${explanation}`)
        t.equal(indicatorOf(text, 'threePublicChangeRate').value, '-12.69')
        const warnings = (JSON.parse(text) as { warnings: { code: string }[] }).warnings.map(({ code }) => code)
        t.same(warnings, ['BUDGET_FROM_FINAL', 'THREE_PUBLIC_PRIOR_BUDGET_FALLBACK', 'BUDGET_FROM_PRIOR_FINAL'])
      },
    ],
  ]
  for (const [name, body, check] of cases) {
    for (const testCase of everyReading(body)) {
      const result = compareCase(testCase, rubrics)
      t.equal(result.outcome, 'answered', `${name}: ${testCase.language} ${JSON.stringify(testCase.body.options)}`)
      check(result.text!, testCase)
    }
  }
})

// The first half of the generated cases; differential-more.test.ts runs the second half in parallel.
t.test('generated cases, first half', async (t) => checkGenerated(t, GENERATED[0], rubrics))

t.test('the comparison catches a fast path that differs, and says where', async (t) => {
  const seedCase: DifferentialCase = { body: seedRequest, language: 'zh' }
  const refusedCase: DifferentialCase = { body: change((r) => (r.assessments.keyWork.planned = '0')), language: 'en' }
  const refusal = (errors = [{ pointer: '/x', rule: 'r', message: 'm' }]) =>
    new ServiceError('VALIDATION_FAILED', { zh: '', en: '' }, errors)
  const broken = (fastAnswer: Engines['fastAnswer'], referenceAnswer = ENGINES.referenceAnswer): Engines => ({
    ...ENGINES,
    fastAnswer,
    referenceAnswer,
  })
  const fails = (testCase: DifferentialCase, engines: Engines, pattern: RegExp, what: string) =>
    t.throws(() => compareCase(testCase, rubrics, engines), { name: 'Mismatch', message: pattern }, what)

  fails(
    seedCase,
    broken((...args) => ENGINES.fastAnswer(...args).replace('"totalScore":"90.80"', '"totalScore":"90.81"')),
    /view full: at \/totalScore: expected "90.80", got "90.81"[^]*body: \{/,
    'a different value',
  )
  fails(
    seedCase,
    broken((...args) =>
      args[3] === 'full'
        ? ENGINES.fastAnswer(...args)
        : ENGINES.fastAnswer(...args).replace('"language":"zh",', '') + '',
    ),
    /view scores: at \/language: expected "zh", got undefined/,
    'a missing key in the compact view',
  )
  fails(
    seedCase,
    broken((...args) =>
      ENGINES.fastAnswer(...args).replace(/^\{("rubric":\{[^}]*\}),("department":\{[^}]*\}),/, '{$2,$1,'),
    ),
    /equal values, other bytes \(key order or number format\); first differing byte at offset 2/,
    'the same values in another key order',
  )
  fails(
    seedCase,
    broken(() => '{"truncated":'),
    /the fast answer is not JSON/,
    'text that is not JSON',
  )
  fails(
    seedCase,
    broken(() => {
      throw new Error('boom')
    }),
    /the reference answered, the fast path threw Error: boom/,
    'a fast path that throws',
  )
  fails(
    refusedCase,
    broken(() => '{}'),
    /the reference refused the request \(ServiceError VALIDATION_FAILED .*keyWork\/planned.*\), the fast path answered/,
    'an answer where the reference refuses',
  )
  fails(
    refusedCase,
    broken(() => {
      throw refusal()
    }),
    /the reference refused with ServiceError VALIDATION_FAILED .*, the fast path with ServiceError VALIDATION_FAILED \[\{"pointer":"\/x"/,
    'a refusal with other errors',
  )
  fails(
    refusedCase,
    broken(() => {
      throw 'a string'
    }),
    /the fast path with a string/,
    'a throw that is not an error',
  )
  fails(
    seedCase,
    broken(ENGINES.fastAnswer, () => {
      throw new TypeError('the reference broke')
    }),
    /the reference itself failed: TypeError: the reference broke/,
    'a reference that crashes (a 500 in the service)',
  )
  fails(
    { body: structuredClone(seedRequest), language: 'zh' },
    broken((body, ...rest) => {
      const text = ENGINES.fastAnswer(body, ...rest)
      // After the last answer (the compact view), so that only the check of the body can catch it.
      if (rest[2] === 'scores') (body as { fiscalYear: number }).fiscalYear = 1999
      return text
    }),
    /the request body was changed while it was scored/,
    'a fast path that changes the request',
  )
  fails(
    { body: { ...seedRequest, fiscalYear: 1999 }, language: 'zh' },
    ENGINES,
    /the generator made a body the service refuses .*fiscalYear/,
    'a body the schema refuses',
  )
  fails(
    { body: change((r) => (r.baseData.budget.initial = 0.1 + 0.2)), language: 'zh' },
    ENGINES,
    /a JSON number outside the contract/,
    'a number the JSON parser would have made a string',
  )
  fails(
    seedCase,
    broken(
      () => {
        throw refusal()
      },
      () => {
        throw refusal()
      },
    ),
    /view scores: the reference answered, the fast path threw ServiceError/,
    'the views checked one by one',
  )

  // What fc.assert prints: the seed, the path, the shrunk case; and the body, with -0 as -0.
  const details = fc.check(
    fc.property(differentialCases, (testCase) => {
      compareCase(
        testCase,
        rubrics,
        broken((...args) => ENGINES.fastAnswer(...args).replace(/"grade":\{/, '"grade":{"x":1,')),
      )
    }),
    { seed: 7, numRuns: 200, includeErrorInReport: true },
  )
  const report = fc.defaultReportMessage(details) ?? ''
  t.match(report, /seed: 7, path: "[\d:]+"/, 'the report names the seed and the path')
  t.match(report, /Counterexample: \[\{"body":/, 'and the shrunk case')
  t.match(report, /at \/grade\/x: expected undefined, got 1[^]*body: \{/, 'and where the answers part, and the body')
  t.match(bodyText({ a: -0, b: 0, c: '-0' }), /"a": -0,\n "b": 0,\n "c": "-0"/, 'bodyText writes -0 as -0')
  t.equal(firstDifference({ a: [1, 2] }, { a: [1, 2] }), undefined)
  t.equal(firstDifference([1], { 0: 1 }), '')
  t.match(describeDifference('{"a":1}', '{"a":2}'), 'at /a: expected 1, got 2')
  t.ok(new Mismatch('x') instanceof Error)
})
