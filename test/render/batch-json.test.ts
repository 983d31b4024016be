import t from 'tap'
import type { BatchItemResult } from '../../schemas/batch.js'
import { digest, summarize } from '../../src/batch-summary.js'
import { batchJson, itemAnswer, scoreInTurns } from '../../src/render/batch-json.js'
import { loadRubrics } from '../../src/rubrics/index.js'
import { scoreRequest } from '../../src/scoring.js'
import { departmentRequest } from '../helper.js'

const rubrics = loadRubrics()

/** Departments whose staffing differs, and an item that failed in the middle. */
function results(count: number): BatchItemResult[] {
  return Array.from({ length: count }, (_, index) => {
    if (index === 3) {
      return {
        index,
        status: 'error' as const,
        problem: {
          type: 'about:blank',
          title: 't',
          status: 400,
          code: 'VALIDATION_FAILED',
          detail: 'd',
          instance: '/v1/evaluations/batch#/items/3',
        },
      } as unknown as BatchItemResult
    }
    const request = departmentRequest(`d${index}`, (r) => (r.baseData.staffing.actual = 25 + index))
    return { index, status: 'ok' as const, evaluation: scoreRequest(request as never, rubrics, 'zh') }
  })
}

t.test('the streamed answer is JSON.stringify({ results, summary }), in chunks of about 64 KB', async (t) => {
  const all = results(20)
  const chunks: Buffer[] = []
  for await (const chunk of batchJson(all.length, (index) => itemAnswer(all[index]!))) chunks.push(chunk)
  // 20 evaluations of about 16,000 bytes each: four chunks or more.
  t.ok(chunks.length >= 4, `${chunks.length} chunks`)
  t.ok(chunks.slice(0, -1).every((chunk) => chunk.length >= 64 * 1024), 'every chunk but the last holds at least 64 KB')
  t.equal(Buffer.concat(chunks).toString('utf8'), JSON.stringify({ results: all, summary: summarize(all) }))
})

t.test('one item: the whole answer in one chunk', async (t) => {
  const one = results(1)
  const chunks: string[] = []
  for await (const chunk of batchJson(1, () => itemAnswer(one[0]!))) chunks.push(chunk.toString('utf8'))
  t.same(chunks, [JSON.stringify({ results: one, summary: summarize(one) })])
})

t.test('the summary of the digests is the summary of the results', async (t) => {
  const all = results(6)
  t.same(summarize(all.map(digest)), summarize(all))
  t.same(digest(all[3]!), { index: 3 })
})

t.test('the event loop gets a turn between chunks, so probes are answered during a batch', async (t) => {
  const all = results(20)
  let turns = 0
  let running = true
  const count = () => {
    turns += 1
    if (running) setImmediate(count)
  }
  setImmediate(count)
  let chunks = 0
  for await (const _chunk of batchJson(all.length, (index) => itemAnswer(all[index]!))) chunks += 1
  running = false
  // Without a turn between chunks the loop above would run on microtasks only, and count would
  // not run at all until it ended.
  t.ok(turns >= chunks - 1, `${turns} turns of the event loop for ${chunks} chunks`)
})

t.test('results kept for a workbook or a table are scored with a turn of the event loop every 10 items', async (t) => {
  const all = results(120)
  let turns = 0
  let running = true
  const count = () => {
    turns += 1
    if (running) setImmediate(count)
  }
  setImmediate(count)
  const scored = await scoreInTurns(all.length, (index) => all[index]!)
  running = false
  t.equal(scored.length, 120)
  t.same(scored, all)
  // 120 items: a turn before each ten, 12.
  t.ok(turns >= 11, `${turns} turns of the event loop`)
})
