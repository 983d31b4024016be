import { setImmediate as nextTurn } from 'node:timers/promises'
import type { BatchItemResult } from '../../schemas/batch.js'
import { digest, summarize, type ItemDigest } from '../batch-summary.js'
import { jsonBytes } from '../engine/utf8.js'

/**
 * One item of a batch answered: its result as UTF-8 JSON in a byte string (src/engine/utf8.ts), and
 * what the summary reads of it.
 */
export interface ItemAnswer {
  readonly bytes: string
  readonly digest: ItemDigest
}

/** An item's result object as an ItemAnswer. */
export function itemAnswer(result: BatchItemResult): ItemAnswer {
  return { bytes: jsonBytes(result), digest: digest(result) }
}

/** About how many bytes of JSON are handed to the socket at a time. */
const CHUNK = 64 * 1024

/**
 * The JSON answer of a batch, written while the batch is scored: each result is serialized as soon
 * as it is scored and let go (only its digest stays, for the summary), and the event loop gets a
 * turn between chunks, so probes and other requests are answered while a batch runs. The bytes are
 * those of JSON.stringify({ results, summary }). A refused item is a result with a problem, so
 * only a bug in the service can throw here; the answer, already begun with a 200, is then cut
 * short (Fastify logs the error and closes the connection) and is not valid JSON.
 */
export async function* batchJson(count: number, score: (index: number) => ItemAnswer): AsyncGenerator<Buffer> {
  const digests: ItemDigest[] = []
  let chunk = '{"results":['
  for (let index = 0; index < count; index++) {
    const answer = score(index)
    digests.push(answer.digest)
    chunk += `${index === 0 ? '' : ','}${answer.bytes}`
    if (chunk.length >= CHUNK) {
      yield Buffer.from(chunk, 'latin1')
      chunk = ''
      await nextTurn()
    }
  }
  yield Buffer.from(`${chunk}],"summary":${jsonBytes(summarize(digests))}}`, 'latin1')
}

/** How many items are scored between two turns of the event loop when every result is kept. */
const ITEMS_PER_TURN = 50

/**
 * Every item's result, for the answers that need them all at once (a workbook, a table), scored
 * with a turn of the event loop every 50 items, as the JSON answer gives one every 64 KB.
 */
export async function scoreInTurns(
  count: number,
  score: (index: number) => BatchItemResult,
): Promise<BatchItemResult[]> {
  const results: BatchItemResult[] = []
  for (let index = 0; index < count; index++) {
    results.push(score(index))
    if (index % ITEMS_PER_TURN === ITEMS_PER_TURN - 1) await nextTurn()
  }
  return results
}
