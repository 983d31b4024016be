// The words of a published 评价标准: its text normalized (full-width and half-width alike), cut into
// clauses and each clause into tokens. The grammar (./grammar.ts) reads the tokens.

const CIRCLED_FIRST = 0x2460 // ①
const CIRCLED_LAST = 0x2473 // ⑳

/** Signs written in more than one way that are not full-width forms, each mapped to the one the grammar reads. */
const SIGNS: Readonly<Record<string, string>> = {
  '≦': '≤',
  '≧': '≥',
  '—': '-',
  '–': '-',
  '―': '-',
  '〜': '~',
  '\u3000': ' ',
  '\r': '',
}
const WIDE = /[\uff01-\uff5e≦≧—–―〜\u3000\r]/g

const CHINESE_DIGITS: Readonly<Record<string, string>> = {
  一: '1', 二: '2', 两: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9', 十: '10',
}

/**
 * Full-width forms to half-width ones (digits, letters, %, brackets, commas, semicolons, colons,
 * ＜ ＞ ＝ － ～), the signs ≦ ≧ and <= >= to ≤ ≥, dashes to -, and a Chinese numeral before a
 * unit (一个百分点, 每一例) to its digit. Circled numbers (①) stay: they mark a checklist's items.
 */
export function normalize(text: string): string {
  return text
    .replace(WIDE, (char) => {
      const code = char.charCodeAt(0)
      return code >= 0xff01 && code <= 0xff5e ? String.fromCharCode(code - 0xfee0) : SIGNS[char]!
    })
    .replace(/<=/g, '≤')
    .replace(/>=/g, '≥')
    .replace(/([一二两三四五六七八九十])(?=个百分点|个百分|个点|例|次)/g, (_, digit: string) => CHINESE_DIGITS[digit]!)
    .replace(/[ \t]+/g, ' ')
}

export function isCircled(char: string): boolean {
  const code = char.codePointAt(0)!
  return code >= CIRCLED_FIRST && code <= CIRCLED_LAST
}

/** Clauses: the text between ；, 。, a line break or a comma, trimmed, empty ones left out. */
export function clauses(text: string): string[] {
  return text
    .split(/[;。\n,，]/)
    .map((clause) => clause.trim())
    .filter((clause) => clause.length > 0)
}

export type Unit = '%' | 'pp' | 'points' | 'cases'

export type Token =
  | { readonly type: 'number'; readonly value: string }
  | { readonly type: 'unit'; readonly value: Unit }
  | { readonly type: 'word'; readonly value: Keyword }
  | { readonly type: 'text'; readonly value: string }

/** Every keyword, longest first so that 不超过 is read before 超过 and 以下 before 以. */
export const KEYWORDS = [
  '扣完为止', '不得分', '不计分', '不超过', '不高于', '不大于', '不低于', '不少于', '不小于', '(不含)', '满分',
  '超过', '超出', '高于', '大于', '多于', '低于', '少于', '小于', '不足', '降低', '偏离', '以下', '以上', '以内',
  '(含)', '≤', '<', '≥', '>', '=', '-', '~', '至', '每', '扣', '计', '得',
] as const
export type Keyword = (typeof KEYWORDS)[number]

const UNITS: readonly [string, Unit][] = [
  ['个百分点', 'pp'], ['百分点', 'pp'], ['个点', 'pp'], ['%', '%'], ['分', 'points'],
  ['例', 'cases'], ['次', 'cases'], ['项', 'cases'], ['起', 'cases'], ['处', 'cases'],
]

const escape = (word: string) => word.replace(/[()]/g, '\\$&')
/** A number or a keyword, whichever comes first; keywords in the order of KEYWORDS, longest first. */
const TOKEN = new RegExp(`(\\d+(?:\\.\\d+)?)|(${KEYWORDS.map(escape).join('|')})`, 'g')

/**
 * A clause as tokens: numbers, the unit right after a number, keywords, and the text between
 * them (a subject such as 在职人员控制率, an item of a checklist). A unit is only a unit after a
 * number: 分 in 计满分 is part of 满分, 分 in 分值 is text.
 */
export function tokenize(clause: string): Token[] {
  const tokens: Token[] = []
  const text = (from: number, to: number) => {
    const value = clause.slice(from, to).trim()
    if (value) tokens.push({ type: 'text', value })
  }
  let last = 0
  TOKEN.lastIndex = 0
  for (let match = TOKEN.exec(clause); match; match = TOKEN.exec(clause)) {
    text(last, match.index)
    last = TOKEN.lastIndex
    if (match[2] !== undefined) {
      tokens.push({ type: 'word', value: match[2] as Keyword })
      continue
    }
    tokens.push({ type: 'number', value: match[1]! })
    const at = clause[last] === ' ' ? last + 1 : last
    const unit = UNITS.find(([word]) => clause.startsWith(word, at))
    if (unit) {
      tokens.push({ type: 'unit', value: unit[1] })
      last = at + unit[0].length
      TOKEN.lastIndex = last
    }
  }
  text(last, clause.length)
  return tokens
}
