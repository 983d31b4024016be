/**
 * fast-check arbitraries DERIVED from the request's JSON Schema (the plain objects TypeBox builds),
 * never from a hand-written copy of it: a field added to schemas/ is fuzzed without editing this
 * file, and a schema construct this walker does not understand throws at start-up instead of
 * being fuzzed wrongly.
 *
 * - `validBodies` walks the schema and generates bodies valid against it. To keep most of them
 *   clear of the cross-field rules (src/validation/check-request.ts), it mixes in the values of
 *   example bodies: `randomShare` says how many leaves are drawn at random instead.
 * - `nearValidBodies` takes such a body and breaks exactly one thing (a required field removed,
 *   a wrong type, an extra key, a decimal with an exponent, a value out of range), checked with
 *   TypeBox's own validator, and says which JSON Pointer the 400 must name.
 */
import fc from 'fast-check'
import { Value } from 'typebox/value'

/** A JSON Schema node as TypeBox emits it: plain data. */
export type JsonSchema = Readonly<Record<string, unknown>>

// ---------------------------------------------------------------------------------------------
// Raw JSON text inside a value

const RAW = '\u0000raw\u0000'

/**
 * A string that `toJsonText` writes as raw JSON text instead of a JSON string: a number the way a
 * client may type it (1e309, -0, 0.1234567) or a key JSON.stringify cannot produce ("__proto__").
 * Used as a value or as an object key.
 */
export function raw(jsonText: string): string {
  return `${RAW}${jsonText}`
}

const RAW_IN_TEXT = /"\\u0000raw\\u0000((?:[^"\\]|\\.)*)"/g

/** JSON.stringify, with every `raw(...)` marker replaced by its text. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value).replace(RAW_IN_TEXT, (_match, inner: string) => JSON.parse(`"${inner}"`) as string)
}

// ---------------------------------------------------------------------------------------------
// Reading the schema

/** Keywords that only annotate; every other keyword must be understood below. */
const ANNOTATIONS = new Set(['description', 'title', 'examples', 'default', '$comment', '$id'])
const UNDERSTOOD = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'patternProperties', 'maxProperties',
  'anyOf', 'const', 'enum', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'items', 'minItems', 'maxItems',
])

function assertUnderstood(schema: JsonSchema, at: string): void {
  for (const keyword of Object.keys(schema)) {
    if (!ANNOTATIONS.has(keyword) && !UNDERSTOOD.has(keyword)) {
      throw new Error(
        `test/fuzz/arbitraries.ts does not understand the keyword "${keyword}" at ${at || '/'}; teach it before fuzzing this schema`,
      )
    }
  }
  if (Array.isArray(schema.type)) {
    const unknown = (schema.type as unknown[]).find((type) => !Object.hasOwn(KEYWORDS_OF_TYPE, String(type)))
    if (unknown !== undefined) {
      const where = at || '/'
      throw new Error(`test/fuzz/arbitraries.ts: the type ${JSON.stringify(unknown)} in a list of types at ${where} is not supported`)
    }
  }
  if (typeof schema.additionalProperties === 'object')
    throw new Error(`test/fuzz/arbitraries.ts: a schema for additionalProperties at ${at || '/'} is not supported`)
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
const propertiesOf = (schema: JsonSchema) => (schema.properties ?? {}) as Record<string, JsonSchema>
const requiredOf = (schema: JsonSchema) => new Set((schema.required ?? []) as string[])

/** The keywords that apply to values of one type only: JSON Schema ignores them for the others. */
const KEYWORDS_OF_TYPE: Record<string, readonly string[]> = {
  number: ['minimum', 'maximum'],
  integer: ['minimum', 'maximum'],
  string: ['pattern', 'minLength', 'maxLength'],
  boolean: [],
  null: [],
}
const typeBranches = new WeakMap<JsonSchema, JsonSchema[]>()

/**
 * A union's branches: an anyOf's, or for a list of types (the request's decimals) one schema per
 * type with the keywords that apply to it, which is what such a list means.
 */
function branchesOf(schema: JsonSchema): JsonSchema[] | undefined {
  if (!Array.isArray(schema.type)) return schema.anyOf as JsonSchema[] | undefined
  let branches = typeBranches.get(schema)
  if (!branches) {
    branches = (schema.type as string[]).map((type) => Object.fromEntries([['type', type], ...KEYWORDS_OF_TYPE[type]!.filter((keyword) => keyword in schema).map((keyword) => [keyword, schema[keyword]])]))
    typeBranches.set(schema, branches)
  }
  return branches
}

/** patternProperties as [regex, value schema]; Ajv and TypeBox both compile patterns with the u flag. */
function patternsOf(schema: JsonSchema): Array<[RegExp, JsonSchema]> {
  return Object.entries((schema.patternProperties ?? {}) as Record<string, JsonSchema>).map(([pattern, sub]) => [
    new RegExp(pattern, 'u'),
    sub,
  ])
}

/** The schema a key of an object falls under, if any. */
function schemaOfKey(schema: JsonSchema, key: string): JsonSchema | undefined {
  const properties = propertiesOf(schema)
  if (Object.hasOwn(properties, key)) return properties[key]
  return patternsOf(schema).find(([regex]) => regex.test(key))?.[1]
}

/** For a union, the branch a value belongs to (the first that accepts it). */
function branchOf(schema: JsonSchema, value: unknown): JsonSchema | undefined {
  return branchesOf(schema)?.find((branch) => Value.Check(branch as never, value))
}

/** Lengths count code points, as in Ajv and TypeBox. */
const codePoints = (text: string) => [...text].length

// ---------------------------------------------------------------------------------------------
// Valid values

export interface ValidOptions {
  /** A valid body whose values are reused; its absence means "every value at random". */
  readonly example?: unknown
  /** The share of values drawn at random instead of taken from the example: 0 to 1. */
  readonly randomShare: number
}

const ABSENT = Symbol('absent')
type Maybe<T> = T | typeof ABSENT

/** `arbitrary` with probability `presence`, else ABSENT. */
function maybe<T>(arbitrary: fc.Arbitrary<T>, presence: number): fc.Arbitrary<Maybe<T>> {
  const weight = Math.round(Math.min(1, Math.max(0, presence)) * 100)
  if (weight === 0) return fc.constant(ABSENT)
  if (weight === 100) return arbitrary
  return fc.oneof({ weight: 100 - weight, arbitrary: fc.constant(ABSENT) }, { weight, arbitrary })
}

/** The example's value with probability 1 − share, else a fresh one. */
function mix<T>(example: T, fresh: fc.Arbitrary<T>, share: number): fc.Arbitrary<T> {
  const weight = Math.round(Math.min(1, Math.max(0, share)) * 100)
  if (weight === 0) return fc.constant(example)
  if (weight === 100) return fresh
  return fc.oneof({ weight: 100 - weight, arbitrary: fc.constant(example) }, { weight, arbitrary: fresh })
}

/**
 * Numbers stay small, mostly within 3 of 0 or of the minimum when 0 is out of range (cross-field
 * rules compare sums, scores against maxima of 3 to 8, a rate against 100), with a wider range
 * and the bounds themselves now and then. Non-integers get at most 2 decimals, so that JavaScript never prints
 * them with an exponent.
 */
function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = typeof schema.minimum === 'number' ? schema.minimum : -1e9
  const max = typeof schema.maximum === 'number' ? schema.maximum : 1e9
  const anchor = Math.min(max, Math.max(min, 0))
  const scale = integer ? 1 : 100
  const within = (radius: number) =>
    fc
      .integer({
        min: Math.ceil(Math.max(min, anchor - radius) * scale),
        max: Math.floor(Math.min(max, anchor + radius) * scale),
      })
      .map((n) => n / scale)
  return fc.oneof(
    { weight: 6, arbitrary: within(3) },
    { weight: 3, arbitrary: within(100_000) },
    { weight: 1, arbitrary: fc.constantFrom(min, max) },
  )
}

/** A decimal written as a string: "3", "3.5", "3.47", sometimes "-0.0"; small, like the numbers. */
function decimalText(signed: boolean): fc.Arbitrary<string> {
  const cents = (radius: number) => fc.integer({ min: signed ? -radius : 0, max: radius })
  return fc
    .tuple(
      fc.oneof({ weight: 3, arbitrary: cents(300) }, { weight: 1, arbitrary: cents(10_000_000) }),
      fc.constantFrom(0, 1, 2),
    )
    .map(([value, digits]) => (value / 100).toFixed(digits))
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity
  const fits = (text: string) => {
    const length = codePoints(text)
    return length >= minLength && length <= maxLength
  }
  if (typeof schema.pattern === 'string') {
    const regex = new RegExp(schema.pattern, 'u')
    const matching = fc.stringMatching(regex).filter(fits)
    // A pattern that admits plain decimals is a decimal: bias it to small ones, like numbers.
    if (!regex.test('1')) return matching
    const small = decimalText(regex.test('-1')).filter((text) => regex.test(text) && fits(text))
    return fc.oneof({ weight: 4, arbitrary: small }, { weight: 1, arbitrary: matching })
  }
  // 'binary' draws single code points, so lengths agree with the schema's; now and then a
  // string exactly at the limit.
  const short = fc.string({ unit: 'binary', minLength, maxLength: Math.min(maxLength, Math.max(minLength, 40)) })
  if (!Number.isFinite(maxLength) || maxLength > 100_000) return short
  return fc.oneof(
    { weight: 9, arbitrary: short },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: maxLength, maxLength }) },
  )
}

/** A key matching one of the record's patterns and named by no property. */
function patternKey(schema: JsonSchema, regex: RegExp): fc.Arbitrary<string> {
  const properties = propertiesOf(schema)
  return fc.stringMatching(regex).filter((key) => !Object.hasOwn(properties, key) && key !== '__proto__')
}

function objectArbitrary(
  schema: JsonSchema,
  example: unknown,
  share: number,
  at: string,
): fc.Arbitrary<Record<string, unknown>> {
  const fromExample = isObject(example) ? example : undefined
  const required = requiredOf(schema)
  const parts: Array<fc.Arbitrary<Array<[string, unknown]>>> = []

  for (const [key, sub] of Object.entries(propertiesOf(schema))) {
    const exampleValue = fromExample?.[key]
    const value = derive(sub, exampleValue, share, `${at}/${key}`)
    // An optional field the example has is sometimes dropped (the missing-data paths); one it
    // lacks is added now and then; in a subtree with no example at all, half the time.
    const presence = required.has(key)
      ? 1
      : exampleValue !== undefined
        ? 1 - share * 0.3
        : fromExample
          ? share * 0.5
          : 0.5
    parts.push(maybe(value, presence).map((v) => (v === ABSENT ? [] : [[key, v]])))
  }

  const maxProperties = typeof schema.maxProperties === 'number' ? schema.maxProperties : Infinity
  for (const [regex, sub] of patternsOf(schema)) {
    const exampleKeys = Object.keys(fromExample ?? {}).filter(
      (key) => regex.test(key) && !Object.hasOwn(propertiesOf(schema), key),
    )
    for (const key of exampleKeys) {
      const value = derive(sub, fromExample?.[key], share, `${at}/${key}`)
      parts.push(maybe(value, 1 - share * 0.3).map((v) => (v === ABSENT ? [] : [[key, v]])))
    }
    // Keys of its own, fewer the closer the body keeps to the example.
    const freshCount = fromExample ? Math.round(share * 3) : 4
    if (freshCount > 0)
      parts.push(
        fc.array(fc.tuple(patternKey(schema, regex), derive(sub, undefined, share, `${at}/*`)), {
          maxLength: freshCount,
        }),
      )
  }

  return fc.tuple(...parts).map((groups) => {
    // Object.fromEntries defines own properties, so no key can reach the prototype.
    const entries = groups.flat().slice(0, maxProperties === Infinity ? undefined : maxProperties)
    return Object.fromEntries(entries)
  })
}

function arrayArbitrary(schema: JsonSchema, example: unknown, share: number, at: string): fc.Arbitrary<unknown[]> {
  const items = (schema.items ?? {}) as JsonSchema
  const minLength = typeof schema.minItems === 'number' ? schema.minItems : 0
  const maxLength = typeof schema.maxItems === 'number' ? schema.maxItems : Infinity
  // Few items: nested arrays (a rubric's categories, children, indicators) multiply.
  const fresh = fc.array(derive(items, undefined, share, `${at}/*`), {
    minLength,
    maxLength: Math.min(maxLength, minLength + 2),
  })
  if (!Array.isArray(example)) return fresh
  // An array holds many values (a rubric's indicators hold hundreds), and one random value among
  // them is enough to break a cross-field rule: keep the example's array whole more often than
  // a single value, else mix item by item, and more often the further the body strays, draw a
  // fresh array.
  const alike = fc.tuple(...example.map((item, index) => derive(items, item, share, `${at}/${index}`)))
  const freshWeight = Math.round(share * 10)
  const changed =
    freshWeight === 0 ? alike : fc.oneof({ weight: 10, arbitrary: alike }, { weight: freshWeight, arbitrary: fresh })
  return mix<unknown[]>(example, changed, Math.min(1, share * 5))
}

/** Values valid against `schema`, reusing `example` where it has values. */
function derive(schema: JsonSchema, example: unknown, share: number, at: string): fc.Arbitrary<unknown> {
  assertUnderstood(schema, at)
  const union = branchesOf(schema)
  if (union) {
    const branch = example === undefined ? undefined : branchOf(schema, example)
    const fresh = fc.oneof(...union.map((sub) => derive(sub, undefined, share, at)))
    // The example's own branch keeps its values; another branch is a fresh value.
    return branch ? mix(example, fc.oneof(derive(branch, example, share, at), fresh), share) : fresh
  }
  if ('const' in schema) return fc.constant(schema.const)
  if (Array.isArray(schema.enum)) {
    const fresh = fc.constantFrom(...(schema.enum as unknown[]))
    return example === undefined ? fresh : mix(example, fresh, share)
  }
  switch (schema.type) {
    case 'object':
      return objectArbitrary(schema, example, share, at)
    case 'array':
      return arrayArbitrary(schema, example, share, at)
    case 'boolean':
      return example === undefined ? fc.boolean() : mix(example, fc.boolean(), share)
    case 'null':
      return fc.constant(null)
    case 'integer':
    case 'number': {
      const fresh = numberArbitrary(schema, schema.type === 'integer')
      return example === undefined ? fresh : mix(example as number, fresh, share)
    }
    case 'string': {
      const fresh = stringArbitrary(schema)
      return example === undefined ? fresh : mix(example as string, fresh, share)
    }
    default:
      throw new Error(`test/fuzz/arbitraries.ts: no type at ${at || '/'}`)
  }
}

/**
 * How far bodies stray from their example, and how often: mostly a few random values, so that
 * about half of the bodies pass the cross-field rules and reach the scoring engine; now and then
 * a body drawn wholly at random, which explores everything but rarely scores.
 */
export const DEFAULT_SHARES: ReadonlyArray<{ randomShare: number; weight: number }> = [
  { randomShare: 0.02, weight: 3 },
  { randomShare: 0.06, weight: 3 },
  { randomShare: 0.15, weight: 2 },
  { randomShare: 0.4, weight: 1 },
  { randomShare: 1, weight: 1 },
]

/** Bodies valid against `schema`: one arbitrary per (example, share), so each is built once. */
export function validBodies(
  schema: JsonSchema,
  examples: readonly unknown[],
  shares = DEFAULT_SHARES,
): fc.Arbitrary<unknown> {
  return fc.oneof(
    ...examples.flatMap((example) =>
      shares.map(({ randomShare, weight }) => ({ weight, arbitrary: validBody(schema, { example, randomShare }) })),
    ),
  )
}

export function validBody(schema: JsonSchema, options: ValidOptions): fc.Arbitrary<unknown> {
  return derive(schema, options.example, options.randomShare, '')
}

// ---------------------------------------------------------------------------------------------
// Near-valid bodies

export type Mutation = 'removeRequired' | 'wrongType' | 'extraKey' | 'exponent' | 'outOfRange'
export const MUTATIONS: readonly Mutation[] = ['removeRequired', 'wrongType', 'extraKey', 'exponent', 'outOfRange']

export interface NearValid {
  /** What was broken, for reports. */
  readonly label: string
  readonly mutation: Mutation
  /** The body, with raw() markers: send toJsonText(body). */
  readonly body: unknown
  /** The field the 400 must name (RFC 6901). */
  readonly pointer: string
  /**
   * The mutated field sits inside a union (anyOf): Ajv then reports the union, so an error at an
   * ancestor of `pointer` is as good.
   */
  readonly inUnion: boolean
  /**
   * The schema still accepts the body: the break is one only the service's own rules see (a
   * JSON number it would print with an exponent), so any refusal will do, not a given pointer.
   */
  readonly afterSchema: boolean
}

interface Site {
  readonly tokens: readonly string[]
  readonly schema: JsonSchema
  readonly value: unknown
  readonly inUnion: boolean
}

export const escapeToken = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1')
export const pointerOf = (tokens: readonly string[]) => tokens.map((token) => `/${escapeToken(token)}`).join('')

/** Every node of a valid body with the schema that governs it. */
function sitesOf(
  schema: JsonSchema,
  value: unknown,
  tokens: string[] = [],
  inUnion = false,
  sites: Site[] = [],
): Site[] {
  sites.push({ tokens, schema, value, inUnion })
  const branch = branchesOf(schema) ? branchOf(schema, value) : schema
  const below = inUnion || branch !== schema
  if (!branch) return sites
  if (isObject(value) && branch.type === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const sub = schemaOfKey(branch, key)
      if (sub) sitesOf(sub, child, [...tokens, key], below, sites)
    }
  } else if (Array.isArray(value) && branch.type === 'array') {
    value.forEach((item, index) =>
      sitesOf((branch.items ?? {}) as JsonSchema, item, [...tokens, String(index)], below, sites),
    )
  }
  return sites
}

/** The JSON types a node accepts. */
function acceptedTypes(schema: JsonSchema): Set<string> {
  const union = branchesOf(schema)
  if (union) return new Set(union.flatMap((branch) => [...acceptedTypes(branch)]))
  if ('const' in schema)
    return new Set([schema.const === null ? 'null' : typeof schema.const === 'number' ? 'number' : typeof schema.const])
  return new Set(typeof schema.type === 'string' ? [schema.type] : [])
}

/** One value of each JSON type, with the type names that would accept it. */
const WRONG_TYPES: ReadonlyArray<[unknown, readonly string[]]> = [
  [null, ['null']],
  [true, ['boolean']],
  [false, ['boolean']],
  [7, ['integer', 'number']],
  [1.5, ['number']],
  ['text', ['string']],
  ['', ['string']],
  [[], ['array']],
  [['1'], ['array']],
  [{}, ['object']],
]

/** Strings that break a pattern, a length or a decimal format; the caller keeps those that do. */
const BAD_STRINGS = [
  '', ' ', '1.2345678', '1234567890123456', '+1', '-1', '1.', '.5', '1,5', ' 1', '1 ', '0x10', '1_000',
  '３.４７', '٣', '𝟑', 'NaN', 'Infinity', '-0', 'GOOD', 'Good ', 'a b', '1abc', '/', '~', 'x~2', '\u0000', '\ud800',
]

function setAt(body: unknown, tokens: readonly string[], value: unknown): unknown {
  if (tokens.length === 0) return value
  const copy = structuredClone(body) as Record<string, unknown>
  let node = copy as Record<string, unknown>
  for (const token of tokens.slice(0, -1)) node = node[token] as Record<string, unknown>
  node[tokens[tokens.length - 1] as string] = value
  return copy
}

function removeAt(body: unknown, tokens: readonly string[]): unknown {
  const copy = structuredClone(body) as Record<string, unknown>
  let node = copy
  for (const token of tokens.slice(0, -1)) node = node[token] as Record<string, unknown>
  delete node[tokens[tokens.length - 1] as string]
  return copy
}

/**
 * One way to break a site; the body is built only for the candidate drawn (a copy per candidate
 * would be wasted work).
 */
interface Candidate {
  readonly build: () => unknown
  readonly pointer: string
  readonly label: string
  readonly inUnion: boolean
  /** A raw JSON number that only the service's own rules refuse (it prints with an exponent). */
  readonly rawNumber?: boolean
}

/** The ways to break one site with a given mutation; `pick` chooses among replacement values. */
function candidates(site: Site, mutation: Mutation, body: unknown, pick: number): Candidate[] {
  const at = pointerOf(site.tokens)
  const replace = (value: unknown | (() => unknown), label: string): Candidate => ({
    build: () => setAt(body, site.tokens, typeof value === 'function' ? (value as () => unknown)() : value),
    pointer: at, label: `${label} at ${at || '(root)'}`, inUnion: site.inUnion })
  const branch = branchesOf(site.schema) ? branchOf(site.schema, site.value) : site.schema
  const childInUnion = site.inUnion || branch !== site.schema
  const types = acceptedTypes(site.schema)
  switch (mutation) {
    case 'removeRequired': {
      if (!branch || !isObject(site.value)) return []
      return [...requiredOf(branch)].filter((key) => Object.hasOwn(site.value as object, key)).map((key) => ({
        build: () => removeAt(body, [...site.tokens, key]),
        pointer: pointerOf([...site.tokens, key]),
        label: `required ${key} removed from ${at || '(root)'}`,
        inUnion: childInUnion,
      }))
    }
    case 'wrongType': {
      const wrong = WRONG_TYPES.filter(([, names]) => !names.some((name) => types.has(name)))
      return wrong.map(([value]) => replace(value, `wrong type ${JSON.stringify(value)}`))
    }
    case 'extraKey': {
      if (!branch || !isObject(site.value) || branch.type !== 'object' || branch.additionalProperties !== false)
        return []
      const keys = [
        'extra',
        'x-junk',
        'Fiscalyear',
        ' department',
        '',
        '1abc',
        'a/b',
        'a~b',
        '字段',
        '\u0000',
        'constructor',
      ]
      return keys
        .filter((key) => schemaOfKey(branch, key) === undefined && !Object.hasOwn(site.value as object, key))
        .map((key) => ({
          build: () => setAt(body, [...site.tokens, key], pick % 2 === 0 ? 1 : 'junk'),
          pointer: pointerOf([...site.tokens, key]),
          label: `extra key ${JSON.stringify(key)} in ${at || '(root)'}`,
          inUnion: childInUnion,
        }))
    }
    case 'exponent': {
      const out: Candidate[] = []
      if (types.has('string'))
        for (const text of ['1e3', '3.47E2', '1E+2', '2e-3', '1e309']) out.push(replace(text, `decimal string ${text}`))
      if (types.has('number') || types.has('integer')) {
        for (const text of ['1e21', '1e309', '-1e309', '1e-7', '5e-324', '0.1234567', '1.0000000001'])
          out.push({ ...replace(raw(text), `raw JSON number ${text}`), rawNumber: true })
      }
      return out
    }
    case 'outOfRange': {
      const out: Candidate[] = []
      const nodes = branchesOf(site.schema) ?? [site.schema]
      for (const node of nodes) {
        // Just past the bound: an integer by one, a number by half, so that it is not an integer either.
        if (typeof node.minimum === 'number')
          out.push(
            replace(node.type === 'integer' ? node.minimum - 1 : node.minimum - 0.5, `below minimum ${node.minimum}`),
          )
        if (typeof node.maximum === 'number') out.push(replace(node.maximum + 1, `above maximum ${node.maximum}`))
        if (typeof node.maxLength === 'number' && node.maxLength < 200_000)
          out.push(replace('x'.repeat(node.maxLength + 1), `longer than ${node.maxLength}`))
        if (typeof node.minLength === 'number' && node.minLength > 0)
          out.push(replace('', `shorter than ${node.minLength}`))
        if (typeof node.maxItems === 'number' && Array.isArray(site.value) && site.value.length > 0) {
          out.push(
            replace(
              Array.from({ length: node.maxItems + 1 }, () => (site.value as unknown[])[0]),
              `more than ${node.maxItems} items`,
            ),
          )
        }
        if (typeof node.minItems === 'number' && node.minItems > 0)
          out.push(replace([], `fewer than ${node.minItems} items`))
        if (typeof node.maxProperties === 'number' && isObject(site.value)) {
          const [regex] = patternsOf(node)[0] ?? []
          if (regex) {
            const count = node.maxProperties + 1
            const value = Object.values(site.value)[0] ?? '1'
            const record = () => {
              const keys =
                fc.sample(fc.uniqueArray(patternKey(node, regex), { minLength: count, maxLength: count }), {
                  seed: pick,
                  numRuns: 1,
                })[0] ?? []
              return Object.fromEntries(keys.map((key) => [key, value]))
            }
            out.push(replace(record, `more than ${node.maxProperties} properties`))
          }
        }
      }
      if (types.has('string')) for (const text of BAD_STRINGS) out.push(replace(text, `string ${JSON.stringify(text)}`))
      return out
    }
  }
}

/**
 * A valid body with exactly one thing broken. The mutation, the site and the replacement are
 * drawn; candidates the schema still accepts (a union's other branch may take them) are skipped,
 * except raw numbers only the service's own rules refuse.
 */
export function nearValidBodies(schema: JsonSchema, valid: fc.Arbitrary<unknown>): fc.Arbitrary<NearValid> {
  return fc.tuple(valid, fc.constantFrom(...MUTATIONS), fc.nat(), fc.nat()).map(([body, first, siteIndex, pick]) => {
    const sites = sitesOf(schema, body)
    // Try the drawn mutation first, then the others, so that every body yields one.
    const order = [first, ...MUTATIONS.filter((m) => m !== first)]
    for (const mutation of order) {
      for (let offset = 0; offset < sites.length; offset++) {
        const site = sites[(siteIndex + offset) % sites.length] as Site
        const options = candidates(site, mutation, body, pick)
        for (let k = 0; k < options.length; k++) {
          const option = options[(pick + k) % options.length] as Candidate
          const broken = option.build()
          const afterSchema = Value.Check(schema as never, JSON.parse(toJsonText(broken)))
          if (afterSchema && !option.rawNumber) continue
          return {
            body: broken,
            pointer: option.pointer,
            label: option.label,
            inUnion: option.inUnion,
            mutation,
            afterSchema,
          }
        }
      }
    }
    throw new Error('test/fuzz/arbitraries.ts: no way to break this body; the schema accepts anything?')
  })
}

/** Whether a body is valid against the schema (TypeBox's validator, independent of Ajv's). */
export function isValid(schema: JsonSchema, body: unknown): boolean {
  return Value.Check(schema as never, body)
}
