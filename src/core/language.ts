/** The two languages of every text the service writes: Chinese by default, English on request. */
export type Language = 'zh' | 'en'

/** A text, or a template, in both languages: the one shape of bilingual text. */
export type Bilingual<T = string> = Readonly<Record<Language, T>>

/**
 * Picks the answer's language from Accept-Language: English when English is preferred over
 * Chinese, Chinese otherwise (and when the header is absent or names neither).
 */
export function pickLanguage(header: string | undefined): Language {
  if (!header) return 'zh'
  let best: { language: Language; q: number } | undefined
  for (const part of header.slice(0, 512).split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';')
    const language =
      tag === 'en' || tag.startsWith('en-') ? 'en' : tag === 'zh' || tag.startsWith('zh-') ? 'zh' : undefined
    if (!language) continue
    const qParam = params.map((param) => param.trim()).find((param) => param.startsWith('q='))
    const q = qParam ? Number(qParam.slice(2)) : 1
    if (!Number.isFinite(q) || q <= 0) continue
    if (!best || q > best.q) best = { language, q }
  }
  return best?.language ?? 'zh'
}
