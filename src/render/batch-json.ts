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

/** Runs work in a coming turn of the event loop: the scoring queue's (src/turns.ts), or the next turn. */
export type InTurn = <T>(work: () => T) => Promise<T>

/** The next turn of the event loop, then the work. */
const nextTurnThen: InTurn = async (work) => {
  await nextTurn()
  return work()
}

/** About how many bytes of JSON are handed to the socket at a time. */
const CHUNK = 64 * 1024

/**
 * The JSON answer of a batch, written while the batch is scored: each result is serialized as soon
 * as it is scored and let go (only its digest stays, for the summary). Each chunk is scored in a
 * turn of its own (`inTurn`: the scoring queue, which interleaves it with other requests' scoring),
 * so probes and other requests are answered while a batch runs. The bytes are those of
 * JSON.stringify({ results, summary }). A refused item is a result with a problem, so only a bug in
 * the service can throw here; the answer, already begun with a 200, is then cut short (Fastify logs
 * the error and closes the connection) and is not valid JSON.
 */
export async function* batchJson(
  count: number,
  score: (index: number) => ItemAnswer,
  inTurn: InTurn = nextTurnThen,
): AsyncGenerator<Buffer> {
  const digests: ItemDigest[] = []
  let index = 0
  const fill = () => {
    let chunk = index === 0 ? '{"results":[' : ''
    while (index < count && chunk.length < CHUNK) {
      const answer = score(index)
      digests.push(answer.digest)
      chunk += `${index === 0 ? '' : ','}${answer.bytes}`
      index++
    }
    return index < count ? chunk : `${chunk}],"summary":${jsonBytes(summarize(digests))}}`
  }
  do yield Buffer.from(await inTurn(fill), 'latin1')
  while (index < count)
}

/** How many items are scored in one turn when every result is kept (a few milliseconds). */
const ITEMS_PER_TURN = 10

/**
 * Every item's result, for the answers that need them all at once (a workbook, a table), scored
 * 10 items a turn (`inTurn`), as the JSON answer is scored 64 KB a turn.
 */
export async function scoreInTurns(
  count: number,
  score: (index: number) => BatchItemResult,
  inTurn: InTurn = nextTurnThen,
): Promise<BatchItemResult[]> {
  const results: BatchItemResult[] = []
  do {
    await inTurn(() => {
      const end = Math.min(count, results.length + ITEMS_PER_TURN)
      while (results.length < end) results.push(score(results.length))
    })
  } while (results.length < count)
  return results
}
