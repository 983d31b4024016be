// Row heights for the workbooks the service writes. exceljs does not fit a row to its wrapped text,
// and LibreOffice Calc does not recompute heights on load: a row without a height is one line high
// and its wrapped 评价标准 spills over the rows below. The heights are computed here from the text
// and the column widths, as a spreadsheet would lay them out.
import type ExcelJS from 'exceljs'

/** Points per line of 11-point text: a CJK font's line (Noto Sans CJK, 1.45 em) with a little to spare. */
export const LINE_POINTS = 16
/** Points above and below the lines. */
export const PADDING_POINTS = 4
/** The default height of a row, one line (Excel's 15 for 11-point Calibri, LibreOffice's about the same). */
export const DEFAULT_POINTS = 15
/** Excel's largest row height. */
export const MAX_POINTS = 409
/** Excel's width of a column that sets none. */
const DEFAULT_WIDTH = 9

/**
 * How wide a character is, in column-width units (the width of "0"): 2 for CJK characters,
 * full-width forms and the symbols a CJK font draws (≦, ①, ※), 1 for the others.
 */
export function charWidth(char: string): number {
  const code = char.codePointAt(0)!
  return (code >= 0x1100 && code <= 0x115f) || (code >= 0x2190 && code <= 0x2bff) || code >= 0x2e80 ? 2 : 1
}

/** Column-width units a line may fill: a column's width less its margins, and 5 % for wider glyphs. */
export function usableWidth(width: number): number {
  return Math.max(1, (width - 1) * 0.95)
}

/**
 * The lines a wrapped text takes in a column of `width` units: each paragraph (a line break) is
 * broken greedily, words of Latin letters and digits kept whole where they fit, CJK characters
 * anywhere, as Excel and Calc break them.
 */
export function textLines(text: string, width: number): number {
  const room = usableWidth(width)
  let lines = 0
  for (const paragraph of text.split('\n')) {
    lines += 1
    let used = 0
    // A word: a run of characters that are neither spaces nor CJK; a CJK character stands alone.
    for (const token of paragraph.match(/[^\s\u2e80-\uffff]+|\s|[\u2e80-\uffff]/gu) ?? []) {
      const tokenWidth = [...token].reduce((sum, char) => sum + charWidth(char), 0)
      if (used + tokenWidth <= room) {
        used += tokenWidth
        continue
      }
      if (/^\s$/.test(token)) continue
      if (tokenWidth <= room) {
        lines += 1
        used = tokenWidth
        continue
      }
      // A word longer than the line is broken where it reaches the edge.
      for (const char of token) {
        if (used + charWidth(char) > room) {
          lines += 1
          used = 0
        }
        used += charWidth(char)
      }
    }
  }
  return lines
}


/** The points a row needs for its cells, at least the default. */
export function rowHeight(cells: readonly { text: string; width: number; wrap: boolean; size?: number }[]): number {
  let height = DEFAULT_POINTS
  for (const { text, width, wrap, size = 11 } of cells) {
    if (text === '') continue
    const lines = wrap ? textLines(text, width) : 1
    height = Math.max(height, (lines * LINE_POINTS * size) / 11 + PADDING_POINTS)
  }
  return Math.min(MAX_POINTS, Math.ceil(height))
}

/**
 * Sets every row's height from its cells: a cell merged across columns is as wide as those columns
 * together; a cell merged down several rows (the levels of the indicator table, short names) is
 * left to the rows it spans.
 */
export function fitRowHeights(sheet: ExcelJS.Worksheet): void {
  const spans = new Map<string, { columns: number[]; rows: number }>()
  for (const range of sheet.model.merges) {
    const [from, to] = range.split(':') as [string, string]
    const start = sheet.getCell(from)
    const end = sheet.getCell(to)
    const columns = []
    for (let column = Number(start.col); column <= Number(end.col); column++) columns.push(column)
    spans.set(start.address, { columns, rows: Number(end.row) - Number(start.row) + 1 })
  }
  const widthOf = (column: number) => sheet.getColumn(column).width ?? DEFAULT_WIDTH
  // eachRow and eachCell visit the cells that hold a value.
  sheet.eachRow((row) => {
    const cells: { text: string; width: number; wrap: boolean; size?: number }[] = []
    row.eachCell((cell) => {
      if (cell.isMerged && cell.master !== cell) return
      const span = spans.get(cell.address) ?? { columns: [Number(cell.col)], rows: 1 }
      if (span.rows > 1) return
      cells.push({
        text: cell.text,
        width: span.columns.reduce((sum, column) => sum + widthOf(column), 0),
        wrap: cell.alignment?.wrapText === true,
        size: cell.font?.size,
      })
    })
    row.height = Math.max(row.height ?? 0, rowHeight(cells))
  })
}
