import t from 'tap'
import { pickLanguage } from '../../src/core/language.js'

t.test('Accept-Language picks English only when English is preferred', async (t) => {
  const cases: [string | undefined, string][] = [
    [undefined, 'zh'],
    ['', 'zh'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['en;q=0.5, zh;q=0.8', 'zh'],
    ['fr-FR, en;q=0.3', 'en'],
    ['fr', 'zh'],
    ['en;q=0', 'zh'],
    ['en;q=abc', 'zh'],
    ['EN-gb', 'en'],
  ]
  for (const [header, expected] of cases) t.equal(pickLanguage(header), expected, String(header))
})
