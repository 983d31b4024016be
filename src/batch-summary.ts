import type { BatchItemResult, BatchSummary } from '../schemas/batch.js'
import type { EvaluationResult, IndicatorResult } from '../schemas/evaluation-response.js'
import { Dec, ZERO, fixed2 } from './engine/decimal.js'
import { OUT_OF_RANGE, divHalfUp, formatHundredths, parseMillionths, safe } from './engine/fixed.js'

/**
 * The summary's sums, means, medians and comparisons of 2-decimal scores, exactly: as integer
 * hundredths (src/engine/fixed.ts) while every value and sum is within ±(2^53 − 1), which is
 * quick for a batch of a thousand; with decimal.js beyond (a custom rubric's very large points).
 * Both give the same text: a mean or a median is rounded half up to 2 decimals.
 */
interface Arithmetic<N> {
  readonly of: (score: string) => N
  readonly zero: N
  readonly plus: (a: N, b: N) => N
  readonly compare: (a: N, b: N) => number
  /** sum / count, half up, as the wire form. */
  readonly mean: (sum: N, count: number) => string
  readonly text: (value: N) => string
}

const HUNDREDTHS: Arithmetic<number> = {
  of: (score) => {
    const millionths = parseMillionths(score)
    // Every score of a digest has 2 decimals; anything else is left to decimal.js.
    /* c8 ignore next */
    if (!(millionths % 10_000 === 0)) throw OUT_OF_RANGE
    return millionths / 10_000
  },
  zero: 0,
  plus: (a, b) => safe(a + b),
  compare: (a, b) => a - b,
  mean: (sum, count) => formatHundredths(divHalfUp(sum, count)),
  text: formatHundredths,
}

const DECIMALS: Arithmetic<Dec> = {
  of: (score) => new Dec(score),
  zero: ZERO,
  plus: (a, b) => a.plus(b),
  compare: (a, b) => a.comparedTo(b),
  mean: (sum, count) => fixed2(sum.div(count)),
  text: fixed2,
}

/** What the summary needs of an item's result: a full result will do, and so will its digest. */
export interface ItemDigest {
  readonly index: number
  readonly evaluation?: Pick<EvaluationResult, 'complete' | 'totalScore' | 'grade' | 'department'> & {
    readonly indicators: readonly Pick<IndicatorResult, 'id' | 'name' | 'nameEn' | 'score' | 'deduction'>[]
    /** With a review: how many indicators the reviewer adjusted. */
    readonly adjusted?: number
  }
}

/** The little of a result the summary reads, so that the result itself can be let go. */
export function digest(result: BatchItemResult): ItemDigest {
  if (result.evaluation === undefined) return { index: result.index }
  const { complete, totalScore, grade, department, indicators, review } = result.evaluation
  return {
    index: result.index,
    evaluation: {
      complete,
      totalScore,
      grade,
      department,
      indicators: indicators.map(({ id, name, nameEn, score, deduction }) => ({ id, name, nameEn, score, deduction })),
      ...(review ? { adjusted: review.adjustments.length } : {}),
    },
  }
}

/**
 * What a finance bureau reads first about a district: how many were scored, the mean and median
 * total and the grades of the complete evaluations, which indicators cost the district the most
 * points, and the ranking (competition ranking: equal totals share a rank, 1, 2, 2, 4).
 */
export function summarize(results: readonly ItemDigest[]): BatchSummary {
  try {
    return summarizeWith(HUNDREDTHS, results)
  } catch (error) {
    /* c8 ignore next: only OUT_OF_RANGE is thrown by the integer arithmetic */
    if (error !== OUT_OF_RANGE) throw error
    return summarizeWith(DECIMALS, results)
  }
}

interface IndicatorTally<N> {
  name: string
  nameEn: string
  evaluated: number
  scoreSum: N
  lost: N
}

function summarizeWith<N>(math: Arithmetic<N>, results: readonly ItemDigest[]): BatchSummary {
  const scored = results.filter(
    (result): result is ItemDigest & { evaluation: NonNullable<ItemDigest['evaluation']> } =>
      result.evaluation !== undefined,
  )
  const complete = scored.filter((result) => result.evaluation.complete)
  const totals = complete.map((result) => math.of(result.evaluation.totalScore))

  const reviews = scored.flatMap((result) =>
    result.evaluation.adjusted === undefined ? [] : [result.evaluation.adjusted],
  )
  const grades: Record<string, number> = {}
  for (const result of complete) {
    const code = result.evaluation.grade!.code
    grades[code] = (grades[code] ?? 0) + 1
  }

  const tallies = new Map<string, IndicatorTally<N>>()
  for (const { evaluation } of scored) {
    for (const indicator of evaluation.indicators) {
      if (indicator.score === null) continue
      let tally = tallies.get(indicator.id)
      if (tally === undefined) {
        tally = { name: indicator.name, nameEn: indicator.nameEn, evaluated: 0, scoreSum: math.zero, lost: math.zero }
        tallies.set(indicator.id, tally)
      }
      tally.evaluated += 1
      tally.scoreSum = math.plus(tally.scoreSum, math.of(indicator.score))
      tally.lost = math.plus(tally.lost, math.of(indicator.deduction!))
    }
  }
  const indicators = [...tallies.entries()]
    .sort(([idA, a], [idB, b]) => math.compare(b.lost, a.lost) || (idA < idB ? -1 : 1))
    .map(([id, tally]) => ({
      id,
      name: tally.name,
      nameEn: tally.nameEn,
      evaluated: tally.evaluated,
      meanScore: math.mean(tally.scoreSum, tally.evaluated),
      pointsLost: math.text(tally.lost),
    }))

  const ordered = complete
    .map((result, position) => ({ result, total: totals[position]! }))
    .sort((a, b) => math.compare(b.total, a.total) || a.result.index - b.result.index)
  let rank = 0
  const ranking = ordered.map(({ result, total }, position) => {
    if (position === 0 || math.compare(total, ordered[position - 1]!.total) !== 0) rank = position + 1
    const { department, grade } = result.evaluation
    return { rank, index: result.index, department, totalScore: result.evaluation.totalScore, grade: grade! }
  })

  const sorted = [...totals].sort(math.compare)
  const middle = Math.floor(sorted.length / 2)
  return {
    count: results.length,
    scored: scored.length,
    failed: results.length - scored.length,
    incomplete: scored.length - complete.length,
    meanTotal: totals.length === 0 ? null : math.mean(totals.reduce(math.plus, math.zero), totals.length),
    medianTotal:
      totals.length === 0
        ? null
        : sorted.length % 2 === 1
          ? math.text(sorted[middle]!)
          : math.mean(math.plus(sorted[middle - 1]!, sorted[middle]!), 2),
    grades,
    indicators,
    ranking,
    // Only when an item carried a review, so that a batch without one is answered as before.
    ...(reviews.length > 0 ? { adjustedIndicators: reviews.reduce((sum, count) => sum + count, 0) } : {}),
  }
}
