import type { EvaluationRequest } from '../../schemas/evaluation-request.js'
import type { EvaluationWarning } from '../../schemas/evaluation-response.js'
import { Dec, ZERO, toDec } from './decimal.js'
import type { Language } from './explain.js'
import { warningMessage } from './warnings.js'

const COLUMNS = ['priorYearBudget', 'priorYearFinal', 'budget', 'final'] as const
type Column = (typeof COLUMNS)[number]
type Row = Partial<Record<Column, number | string>>

/**
 * Published tables are rounded, so a breakdown that does not add up is a warning, not an error.
 * `exact`: the items are exhaustive and must equal the total (三公经费); `atMost`: the items are a
 * partial list (其中) and only a sum above the total is wrong (公用经费). A column is checked only when
 * the total and at least one item give it; an absent item counts as 0.
 */
function check(
  section: string,
  totals: Row | undefined,
  items: Record<string, Row | undefined> | undefined,
  rule: 'exact' | 'atMost',
  language: Language,
): EvaluationWarning[] {
  if (!totals || !items) return []
  const rows = Object.values(items).filter((row): row is Row => row !== undefined)
  const warnings: EvaluationWarning[] = []
  for (const column of COLUMNS) {
    const total = totals[column]
    if (total === undefined || !rows.some((row) => row[column] !== undefined)) continue
    const itemsSum = rows.reduce<Dec>((sum, row) => {
      const cell = row[column]
      return cell === undefined ? sum : sum.plus(toDec(cell))
    }, ZERO)
    const totalValue = toDec(total)
    const mismatch = rule === 'exact' ? !itemsSum.eq(totalValue) : itemsSum.gt(totalValue)
    if (!mismatch) continue
    const pointer = `/baseData/${section}/${column}`
    const values = {
      total: totalValue.toFixed(),
      breakdownSum: itemsSum.toFixed(),
      rule,
      breakdown: `/baseData/${section}/breakdown`,
    }
    warnings.push({
      code: 'BREAKDOWN_MISMATCH',
      pointer,
      message: warningMessage(language, 'BREAKDOWN_MISMATCH', { ...values, pointer }),
      values,
    })
  }
  return warnings
}

export function breakdownWarnings(request: EvaluationRequest, language: Language): EvaluationWarning[] {
  const three = request.baseData?.threePublicExpenses
  const funds = request.baseData?.publicFunds
  return [
    ...check('threePublicExpenses', three, three?.breakdown, 'exact', language),
    ...check('publicFunds', funds, funds?.breakdown, 'atMost', language),
  ]
}
