import type { BatchItemResult, BatchSummary } from '../schemas/batch.js'
import type { EvaluationResult, IndicatorResult } from '../schemas/evaluation-response.js'
import { Dec, ZERO, fixed2 } from './engine/decimal.js'

interface IndicatorTally {
  name: string
  nameEn: string
  evaluated: number
  scoreSum: Dec
  lost: Dec
}

function median(sorted: readonly Dec[]): Dec {
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : sorted[middle - 1]!.plus(sorted[middle]!).div(2)
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
  const scored = results.filter(
    (result): result is ItemDigest & { evaluation: NonNullable<ItemDigest['evaluation']> } =>
      result.evaluation !== undefined,
  )
  const complete = scored.filter((result) => result.evaluation.complete)
  const totals = complete.map((result) => new Dec(result.evaluation.totalScore))

  const reviews = scored.flatMap((result) =>
    result.evaluation.adjusted === undefined ? [] : [result.evaluation.adjusted],
  )
  const grades: Record<string, number> = {}
  for (const result of complete) {
    const code = result.evaluation.grade!.code
    grades[code] = (grades[code] ?? 0) + 1
  }

  const tallies = new Map<string, IndicatorTally>()
  for (const { evaluation } of scored) {
    for (const indicator of evaluation.indicators) {
      if (indicator.score === null) continue
      const tally = tallies.get(indicator.id) ?? {
        name: indicator.name,
        nameEn: indicator.nameEn,
        evaluated: 0,
        scoreSum: ZERO,
        lost: ZERO,
      }
      tally.evaluated += 1
      tally.scoreSum = tally.scoreSum.plus(indicator.score)
      tally.lost = tally.lost.plus(indicator.deduction!)
      tallies.set(indicator.id, tally)
    }
  }
  const indicators = [...tallies.entries()]
    .sort(([idA, a], [idB, b]) => b.lost.comparedTo(a.lost) || (idA < idB ? -1 : 1))
    .map(([id, tally]) => ({
      id,
      name: tally.name,
      nameEn: tally.nameEn,
      evaluated: tally.evaluated,
      meanScore: fixed2(tally.scoreSum.div(tally.evaluated)),
      pointsLost: fixed2(tally.lost),
    }))

  const ordered = complete
    .map((result, position) => ({ result, total: totals[position]! }))
    .sort((a, b) => b.total.comparedTo(a.total) || a.result.index - b.result.index)
  let rank = 0
  const ranking = ordered.map(({ result, total }, position) => {
    if (position === 0 || !total.eq(ordered[position - 1]!.total)) rank = position + 1
    const { department, grade } = result.evaluation
    return { rank, index: result.index, department, totalScore: result.evaluation.totalScore, grade: grade! }
  })

  return {
    count: results.length,
    scored: scored.length,
    failed: results.length - scored.length,
    incomplete: scored.length - complete.length,
    meanTotal:
      totals.length === 0 ? null : fixed2(totals.reduce((sum, total) => sum.plus(total), ZERO).div(totals.length)),
    medianTotal: totals.length === 0 ? null : fixed2(median([...totals].sort((a, b) => a.comparedTo(b)))),
    grades,
    indicators,
    ranking,
    // Only when an item carried a review, so that a batch without one is answered as before.
    ...(reviews.length > 0 ? { adjustedIndicators: reviews.reduce((sum, count) => sum + count, 0) } : {}),
  }
}
