import { SIGNED_DECIMAL_PATTERN } from '../../schemas/common.js'

const ACCEPTED = new RegExp(SIGNED_DECIMAL_PATTERN)
/** A number as JSON writes it; anything else (`2.5e`, `01`) is left for the parser to refuse. */
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/
/**
 * Every number literal that breaks the contract has an exponent or a long run of digits, and so
 * has every one with more than 15 significant digits (a double keeps 15 exactly: 16 characters of
 * digits and a point). A digit then an exponent or 15 more digits and points (which 16 digits in a
 * row are too), or a point then 7 digits; written with one leading digit for both, the scan of a
 * body that has none of them is about a quarter quicker.
 */
const SUSPECT = /\d(?:[eE]|[\d.]{15})|\.\d{7}/
/** How many significant digits a literal within the contract has. */
const significantDigits = (literal: string) => literal.replace(/[-.]/g, '').replace(/^0+/, '').length

/**
 * JSON.parse forgets how a number was written: `2E1` becomes 20 and `20.000000000` becomes 20, so
 * a number written with an exponent or with more than 15 integer or 6 fractional digits could no
 * longer be refused after parsing. This quotes such literals in the JSON text, so that the schema
 * sees the string as written and refuses it where it stands, with its pointer, like any other bad
 * decimal, and a batch refuses only the item that holds it. Literals within the contract but with
 * more than 15 significant digits (`123456789012345.123456`) are quoted too: a binary double
 * would round them, and as strings they are read exactly.
 */
export function quoteOutOfContractNumbers(text: string): string {
  if (!SUSPECT.test(text)) return text
  let result = ''
  let copiedUpTo = 0
  let index = 0
  while (index < text.length) {
    const char = text.charCodeAt(index)
    if (char === 0x22 /* " */) {
      index += 1
      while (index < text.length && text.charCodeAt(index) !== 0x22)
        index += text.charCodeAt(index) === 0x5c /* \ */ ? 2 : 1
      index += 1
    } else if (char === 0x2d /* - */ || (char >= 0x30 && char <= 0x39)) {
      const start = index
      index += 1
      while (index < text.length && /[0-9eE.+-]/.test(text[index]!)) index += 1
      const literal = text.slice(start, index)
      if (JSON_NUMBER.test(literal) && (!ACCEPTED.test(literal) || significantDigits(literal) > 15)) {
        result += `${text.slice(copiedUpTo, start)}"${literal}"`
        copiedUpTo = index
      }
    } else {
      index += 1
    }
  }
  return copiedUpTo === 0 ? text : result + text.slice(copiedUpTo)
}
