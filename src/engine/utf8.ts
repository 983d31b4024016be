/**
 * Answers are assembled as "byte strings": JS strings of one char per byte of their UTF-8 encoding.
 * Such a string stays one byte per char however much Chinese it carries, so joining its parts and
 * handing it to the socket (`Buffer.from(bytes, 'latin1')`) is a copy, where a string of UTF-16
 * chars would be widened, joined, and encoded again on the way out. Every part of an answer is
 * either ASCII (digits, codes, identifiers, pointers), which is its own byte string, or converted
 * once: the rubric's texts when the plan is compiled, an explanation or a name when it is written.
 */

// eslint-disable-next-line no-control-regex -- every char from 0 up to 127 is ASCII
const NON_ASCII = /[^\u0000-\u007f]/
/** Text that JSON must escape: a quote, a backslash, a control character, a lone surrogate. */
// eslint-disable-next-line no-control-regex -- the control characters are what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/

/** Where text is encoded: one buffer, reused, instead of a new one for each text. */
const scratch = Buffer.allocUnsafeSlow(64 * 1024)

/** Text as the byte string of its UTF-8 encoding. */
export function utf8Bytes(text: string): string {
  if (!NON_ASCII.test(text)) return text
  // A UTF-16 unit takes at most 3 bytes in UTF-8; a longer text gets a buffer of its own.
  if (text.length * 3 > scratch.length) return Buffer.from(text, 'utf8').toString('latin1')
  return scratch.toString('latin1', 0, scratch.write(text, 0, 'utf8'))
}

/** A value's JSON text as a byte string. */
export function jsonBytes(value: unknown): string {
  return utf8Bytes(JSON.stringify(value))
}

/** Printable ASCII but the quote and the backslash: text that is its own JSON-escaped byte string. */
const NOT_PLAIN = /[^\x20\x21\x23-\x5b\x5d-\x7e]/

/** Text as the byte string of its JSON string's contents (escaped, without the quotes). */
export function escapedBytes(text: string): string {
  if (!NOT_PLAIN.test(text)) return text
  return utf8Bytes(NEEDS_ESCAPE.test(text) ? JSON.stringify(text).slice(1, -1) : text)
}

/** Text as a JSON string, as a byte string: most texts need no escaping, and a test is quicker than JSON.stringify. */
export function quoteBytes(text: string): string {
  return `"${escapedBytes(text)}"`
}

/**
 * The internalized copy of a text, for a text that is both a property key and a part of an answer
 * (a checklist's item ids). Reading a property by a string that is not internalized makes V8
 * internalize it in place: the string becomes a ThinString, whose one map the V8 of Node 20 marks
 * as two-byte whatever it holds (Node 22's does not). Every rope joined with one is then two-byte:
 * on Node 20 every full answer was flattened into 34 KB of UTF-16 instead of 17 KB of bytes, and
 * narrowed again on its way to the socket (test/engine/bytes.test.ts).
 */
export function internalized(text: string): string {
  return Object.keys({ [text]: 0 })[0]!
}

/** A byte string as the text it encodes. */
export function textOfBytes(bytes: string): string {
  return Buffer.from(bytes, 'latin1').toString('utf8')
}
