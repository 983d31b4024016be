/**
 * An answer is a byte string (src/engine/utf8.ts): one char per UTF-8 byte, which V8 must hold as a
 * one-byte string for it to reach the socket as a copy. A single two-byte part makes the whole rope
 * two-byte when it is flattened (twice the memory, and narrowed again into the Buffer sent): a
 * checklist's item ids did that on Node 20, made ThinStrings by the property reads that use them as keys.
 * V8's serializer writes a one-byte string with the tag '"' (0x22) and a two-byte one with 'c' (0x63).
 */
import t from 'tap'
import { serialize } from 'node:v8'
import { compilePlan } from '../../src/engine/plan.js'
import { answerPlan } from '../../src/engine/answer.js'
import { internalized } from '../../src/engine/utf8.js'
import { loadRubrics } from '../../src/rubrics/index.js'
import { seedRequest } from '../helper.js'

const ONE_BYTE_TAG = 0x22
/** The tag of a string's representation in V8's serialization, after its header (0xff, version). */
const tagOf = (text: string) => serialize(text)[2]

t.test('every answer the compiled plan writes is held as one byte per char', async (t) => {
  const plan = compilePlan(loadRubrics().defaultRubric)
  const unmet = seedRequest()
  // Some checklist items unmet and some violations, so that met, unmet and categories all carry ids.
  unmet.assessments!.managementSystem!.frugalityRules = false
  unmet.assessments!.fundUseViolations!.budgetPurpose = 2
  for (const request of [seedRequest(), unmet])
    for (const language of ['zh', 'en'] as const)
      for (const view of ['full', 'scores'] as const) {
        // Scored twice: the first answer reads the ids as keys; the second is written with them after.
        answerPlan(plan, request, language, view)
        const { bytes } = answerPlan(plan, request, language, view)
        t.equal(tagOf(bytes), ONE_BYTE_TAG, `${language}, view=${view}, ${request === unmet ? 'items unmet' : 'the seed'}`)
      }
})

t.test('internalized gives the same text, held as one byte per char when it is ASCII', async (t) => {
  const key = ['frugality', 'Rules'].join('')
  const object: Record<string, boolean> = { frugalityRules: true }
  t.ok(object[key], 'read as a key: V8 has made the string a ThinString')
  t.equal(internalized(key), 'frugalityRules')
  t.equal(tagOf(`[${internalized(key)}]`), ONE_BYTE_TAG)
  t.equal(internalized('预算'), '预算', 'any text, not only ASCII')
})
