/**
 * The inputs an indicator read (`indicators[].inputs` of a full answer), as the compiled plan keeps
 * them: each pointer once, where it was first read, with the last value read for it; a pointer
 * taken back (a measure that fell through to another) is gone. The order is that of a plain
 * object's keys, which the interpreter writes.
 */
import t from 'tap'
import { InputsRead, measureRunner } from '../../src/engine/plan.js'

t.test('a pointer is kept once, where first read, with its last value; taking one back removes it', async (t) => {
  const inputs = new InputsRead()
  t.equal(inputs.json(), '{}', 'none read')
  inputs.set('/a', '"/a":"1"')
  inputs.set('/b', '"/b":"2"')
  inputs.set('/a', '"/a":"3"')
  t.equal(inputs.json(), '{"/a":"3","/b":"2"}', 'read again: the value replaced in place')
  inputs.delete('/c')
  t.equal(inputs.json(), '{"/a":"3","/b":"2"}', 'taking back one never read changes nothing')
  inputs.delete('/a')
  inputs.set('/a', '"/a":"4"')
  t.equal(inputs.json(), '{"/b":"2","/a":"4"}', 'taken back, then read again: last')
  // The same as a plain object's keys, which the interpreter's answer has.
  const object: Record<string, string> = { '/a': '1', '/b': '2' }
  object['/a'] = '3'
  delete object['/a']
  object['/a'] = '4'
  t.same(Object.keys(object), ['/b', '/a'])
})

t.test('an object read whole records every item, however many, in order', async (t) => {
  const measure = measureRunner({ kind: 'value', pointer: '/assessments/list' })
  // 70 items: more than the 64 whose keys a reader keeps; the rest are written each time.
  const items = Object.fromEntries(Array.from({ length: 70 }, (_, index) => [`item${index}`, index % 2 === 0]))
  const expected = `{${Object.entries(items)
    .map(([name, met]) => `"/assessments/list/${name}":${met}`)
    .join(',')}}`
  for (const round of [1, 2]) {
    const inputs = new InputsRead()
    const outcome = measure({ request: { assessments: { list: items } }, inputs, fallbacks: [] })
    t.equal(outcome.kind, 'raw')
    t.equal(inputs.json(), expected, `read ${round === 1 ? 'first' : 'again, with the keys kept'}`)
  }
})
