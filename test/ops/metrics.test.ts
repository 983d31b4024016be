import t from 'tap'
import builtIn from '../../src/rubrics/yuhua-2021.json' with { type: 'json' }
import { build, seedRequest } from '../helper.js'

/** The value of one series in the Prometheus text format, or undefined when it is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

t.test('GET /metrics: requests and latency by route and status, in the Prometheus text format', async (t) => {
  const app = await build(t)
  await app.inject({ method: 'POST', url: '/v1/evaluations', payload: seedRequest() })
  await app.inject({ method: 'POST', url: '/v1/evaluations', payload: { department: 5 } })
  await app.inject({ method: 'GET', url: '/v1/rubrics/yuhua-2021' })
  await app.inject({ method: 'GET', url: '/v1/rubrics/nope' })
  await app.inject({ method: 'GET', url: '/wp-admin/setup.php' })
  const response = await app.inject({ method: 'GET', url: '/metrics' })
  t.equal(response.statusCode, 200)
  t.equal(response.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8')
  const text = response.body
  t.match(
    text,
    /# HELP http_requests_total HTTP requests answered, by method, route, status code and client\n# TYPE http_requests_total counter/,
  )
  t.match(text, /# TYPE http_request_duration_seconds histogram/)
  t.equal(sample(text, 'http_requests_total{method="POST",route="/v1/evaluations",status_code="200",client="anonymous"}'), 1)
  t.equal(sample(text, 'http_requests_total{method="POST",route="/v1/evaluations",status_code="400",client="anonymous"}'), 1)
  t.equal(
    sample(text, 'http_requests_total{method="GET",route="/v1/rubrics/:rubricId",status_code="200",client="anonymous"}'),
    1,
    'by route template, not by path',
  )
  t.equal(sample(text, 'http_requests_total{method="GET",route="/v1/rubrics/:rubricId",status_code="404",client="anonymous"}'), 1)
  t.equal(
    sample(text, 'http_requests_total{method="GET",route="unmatched",status_code="404",client="anonymous"}'),
    1,
    'unknown paths share one series',
  )
  t.notMatch(text, /wp-admin/)
  t.equal(
    sample(text, 'http_request_duration_seconds_count{method="POST",route="/v1/evaluations",status_code="200",client="anonymous"}'),
    1,
  )
  t.equal(
    sample(
      text,
      'http_request_duration_seconds_bucket{le="+Inf",method="POST",route="/v1/evaluations",status_code="200",client="anonymous"}',
    ),
    1,
  )
  t.ok(sample(text, 'http_request_duration_seconds_sum{method="POST",route="/v1/evaluations",status_code="200",client="anonymous"}')! > 0)
  t.match(text, /^process_cpu_user_seconds_total \d/m, 'and the process: CPU, memory, event loop, GC')
  t.match(text, /^nodejs_eventloop_lag_seconds \d/m)
  t.match(text, /^process_resident_memory_bytes \d/m)
})

t.test(
  'evaluations are counted by grade: "none" when incomplete, "other" for an inline rubric\'s own grade',
  async (t) => {
    const app = await build(t)
    const before = (await app.inject({ method: 'GET', url: '/metrics' })).body
    for (const grade of ['excellent', 'good', 'fair', 'poor', 'none', 'other']) {
      t.equal(sample(before, `evaluations_total{grade="${grade}"}`), 0, `${grade} is there from the start`)
    }
    await app.inject({ method: 'POST', url: '/v1/evaluations', payload: seedRequest() })
    await app.inject({ method: 'POST', url: '/v1/evaluations', payload: seedRequest() })
    const incomplete = seedRequest()
    delete incomplete.baseData!.publicFunds
    t.equal((await app.inject({ method: 'POST', url: '/v1/evaluations', payload: incomplete })).json().grade, null)
    const ownGrades = structuredClone(builtIn) as typeof builtIn
    ownGrades.id = 'own-grades'
    ownGrades.grades = ownGrades.grades.map((grade, index) => ({ ...grade, code: `band-${index}` }))
    const inline = { ...seedRequest(), rubric: ownGrades } as Record<string, unknown>
    delete inline.rubricId
    const custom = await app.inject({ method: 'POST', url: '/v1/evaluations', payload: inline })
    t.equal(custom.json().grade.code, 'band-0')
    await app.inject({ method: 'POST', url: '/v1/evaluations', payload: { department: 5 } })
    const after = (await app.inject({ method: 'GET', url: '/metrics' })).body
    t.equal(sample(after, 'evaluations_total{grade="excellent"}'), 2)
    t.equal(sample(after, 'evaluations_total{grade="none"}'), 1)
    t.equal(sample(after, 'evaluations_total{grade="other"}'), 1)
    t.equal(sample(after, 'evaluations_total{grade="good"}'), 0, 'refused requests are not evaluations')
    t.notMatch(after, /band-0/, 'a client cannot create series')
  },
)

t.test('each app counts for itself', async (t) => {
  const first = await build(t)
  const second = await build(t)
  await first.inject({ method: 'GET', url: '/v1/rubrics' })
  const text = (await second.inject({ method: 'GET', url: '/metrics' })).body
  t.equal(sample(text, 'http_requests_total{method="GET",route="/v1/rubrics",status_code="200",client="anonymous"}'), undefined)
})
