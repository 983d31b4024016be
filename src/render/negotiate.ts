import type { FastifyReply } from 'fastify'

/** The forms an evaluation can be answered in, chosen by the Accept header. */
export type Format = 'json' | 'xlsx' | 'csv' | 'html'

export const MEDIA_TYPES: Readonly<Record<Format, string>> = {
  json: 'application/json',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
  html: 'text/html',
}

interface MediaRange {
  readonly type: string
  readonly subtype: string
  readonly q: number
}

// RFC 9110 §12.4.2: a weight is 0 to 1 with at most three decimals.
const WEIGHT = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/
const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/

/**
 * The media ranges of an Accept header. A range that is not `type/subtype` or has a malformed
 * weight is skipped; the header is read up to 1 KiB and 32 ranges, so a hostile header costs little.
 */
function mediaRanges(header: string): MediaRange[] {
  const ranges: MediaRange[] = []
  for (const part of header.slice(0, 1024).split(',').slice(0, 32)) {
    const [range = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase())
    const [type = '', subtype = '', ...rest] = range.split('/')
    if (rest.length > 0 || !TOKEN.test(type) || !TOKEN.test(subtype) || (type === '*' && subtype !== '*')) continue
    const weight = params.find((param) => /^q\s*=/.test(param))?.replace(/^q\s*=\s*/, '')
    if (weight !== undefined && !WEIGHT.test(weight)) continue
    ranges.push({ type, subtype, q: weight === undefined ? 1 : Number(weight) })
  }
  return ranges
}

/** How specifically a range names a media type: 3 exact, 2 `type/*`, 1 `*\/*`, 0 not at all. */
function specificity(range: MediaRange, mediaType: string): number {
  const [type, subtype] = mediaType.split('/')
  if (range.type === '*') return 1
  if (range.type !== type) return 0
  if (range.subtype === '*') return 2
  return range.subtype === subtype ? 3 : 0
}

/**
 * The format to answer in (RFC 9110 §12.5.1): each offered type takes the weight of the most
 * specific range that matches it, the heaviest wins, and a tie goes to the earlier offer (JSON
 * first, so `*\/*` and an absent header give JSON). Undefined when the header allows none (406).
 */
export function negotiate(header: string | undefined, offered: readonly Format[]): Format | undefined {
  if (header === undefined || header.trim() === '') return offered[0]
  const ranges = mediaRanges(header)
  let best: { format: Format; q: number } | undefined
  for (const format of offered) {
    let match: { specificity: number; q: number } | undefined
    for (const range of ranges) {
      const level = specificity(range, MEDIA_TYPES[format])
      if (level > 0 && (!match || level > match.specificity)) match = { specificity: level, q: range.q }
    }
    if (match && match.q > 0 && (!best || match.q > best.q)) best = { format, q: match.q }
  }
  return best?.format
}

/**
 * An answer chosen by Accept and Accept-Language says so in Vary, added to what is there already
 * (CORS's Origin), so that a shared cache keeps the forms, the languages and the origins apart.
 */
export function varyByAcceptAndLanguage(reply: FastifyReply): FastifyReply {
  const current = reply.getHeader('vary')
  return reply.header('vary', current ? `${String(current)}, Accept, Accept-Language` : 'Accept, Accept-Language')
}
