import type { Cell } from './table.js'

/** Excel reads a CSV as UTF-8 only when it starts with a byte-order mark; without it, Chinese is garbled. */
const BOM = '\uFEFF'

// A text cell that a spreadsheet would run as a formula (=, +, -, @, or a tab or carriage return
// before one) gets a leading apostrophe: department names and the wording of inline rubrics come
// from clients, and a shared district file must not execute what one of them typed (OWASP CSV
// injection). Numbers are never touched: "-5.00" stays a number.
const FORMULA_START = /^[=+\-@\t\r]/

function field(cell: Cell): string {
  const value =
    cell.kind === 'text'
      ? FORMULA_START.test(cell.value)
        ? `'${cell.value}`
        : cell.value
      : cell.value === null
        ? ''
        : String(cell.value)
  // RFC 4180 §2: a field with a comma, a double quote or a line break is quoted, its quotes doubled.
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/** RFC 4180 CSV: a header row, CRLF line ends, UTF-8 with a BOM; scores written as the JSON has them. */
export function toCsv(headings: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const lines = [
    headings.map((heading) => field({ kind: 'text', value: heading })),
    ...rows.map((row) => row.map(field)),
  ]
  return BOM + lines.map((line) => line.join(',')).join('\r\n') + '\r\n'
}
