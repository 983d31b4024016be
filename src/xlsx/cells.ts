import type { ProblemError } from '../../schemas/problem.js'

/**
 * The cell of each error of a workbook upload, by its pointer (an error of a field left blank names
 * its cell too, an object missing as a whole its first field's), added beside the pointer; `prefix`
 * is a batch item's `/items/<index>`.
 */
export function withCells(
  errors: readonly ProblemError[],
  cells: ReadonlyMap<string, string>,
  prefix = '',
): ProblemError[] {
  return errors.map((error) => {
    const pointer = `${prefix}${error.pointer}`
    // An object missing as a whole is named by the cell of its first field.
    const cell = cells.get(pointer) ?? [...cells].find(([key]) => key.startsWith(`${pointer}/`))?.[1]
    return cell === undefined || error.cell !== undefined ? error : { ...error, cell }
  })
}
