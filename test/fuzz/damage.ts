/**
 * Random damage to a good body (the seed example): what a buggy client, a proxy or an attacker
 * sends. Unlike arbitraries.ts this knows nothing of the schema; it breaks the body blindly, at
 * the JSON level (fields deleted, wrong types, huge strings, junk and prototype keys, odd numbers,
 * deep nesting, arrays for objects), at the text level (truncation) and in the content type.
 * Every choice is drawn by fast-check, so a damaged body is reproducible from the seed.
 */
import fc from 'fast-check'
import { raw, toJsonText } from './arbitraries.js'

/** The route's body limit (src/server-options.ts): 1 MiB. */
export const BODY_LIMIT = 1024 * 1024

export interface Damaged {
  /** What was done, in order, for reports. */
  readonly label: string
  readonly payload: string
  /** undefined: no content-type header at all. */
  readonly contentType: string | undefined
}

type Node = Record<string, unknown> | unknown[]
type Damage = (body: unknown, path: readonly string[], pick: number) => { body: unknown; label: string }

const isNode = (value: unknown): value is Node => value !== null && typeof value === 'object'

/** Every path in a JSON value; the root is []. */
function pathsOf(value: unknown, path: string[] = [], out: string[][] = []): string[][] {
  out.push(path)
  if (isNode(value)) for (const [key, child] of Object.entries(value)) pathsOf(child, [...path, key], out)
  return out
}

function get(body: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, key) => (isNode(node) ? (node as Record<string, unknown>)[key] : undefined), body)
}

/** A copy of `body` with the value at `path` replaced (or removed, for `undefined`). */
function put(body: unknown, path: readonly string[], value: unknown): unknown {
  if (path.length === 0) return value
  const copy = structuredClone(body)
  const parent = get(copy, path.slice(0, -1)) as Record<string, unknown>
  const key = path[path.length - 1] as string
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1)
    else delete parent[key]
  } else parent[key] = value
  return copy
}

const show = (path: readonly string[]) => (path.length === 0 ? '(root)' : `/${path.join('/')}`)
const choose = <T>(list: readonly T[], pick: number): T => list[pick % list.length] as T

/** The nearest object at or above `path`, for damages that add keys; undefined when an earlier damage left none. */
function objectAt(body: unknown, path: readonly string[]): string[] | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node = get(body, path.slice(0, length))
    if (isNode(node) && !Array.isArray(node)) return path.slice(0, length)
  }
  return undefined
}

/** `body` with `key` set in the object at `where`, or a new object holding only the key. */
function addKey(body: unknown, where: readonly string[] | undefined, key: string, value: unknown): unknown {
  return where === undefined ? { [key]: value } : put(body, [...where, key], value)
}

const WRONG_TYPES: readonly unknown[] = [null, true, false, 0, -1, 1.5, '', 'x', [], [1, 2], {}, { value: 1 }]

/** Digits a person may paste from a form: full-width, Arabic-Indic, Devanagari, mathematical. */
const UNICODE_DIGITS = ['３.４７', '٣', '۳.۴', '३', '𝟑', '3.47\u00a0', '3\u200b', '³', 'Ⅲ', '3．47']
const SPECIAL_STRINGS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '-0.0',
  '1e309',
  '+1',
  '0x1F',
  '1_000',
  ' 1',
  '1 ',
  '.5',
  '5.',
  '',
]
const RAW_NUMBERS = [
  '1e309',
  '-1e309',
  '-0',
  '-0.0',
  '1e21',
  '1e-7',
  '5e-324',
  '0.1234567',
  '2.5e1',
  '1E2',
  '123456789012345678901234567890',
  '0e0',
  '1.0000000000000002',
]
const JUNK_KEYS = [
  '',
  ' ',
  'x',
  'fiscalyear',
  'Department',
  '\u0000',
  '\ud800',
  '🙂',
  'a/b',
  'a~1b',
  'toString',
  'hasOwnProperty',
  'constructor',
  'prototype',
  'k'.repeat(5000),
]

/** Keys that must never reach an object's prototype, written the ways JSON allows. */
const PROTO_KEYS: ReadonlyArray<[string, unknown]> = [
  [raw('"__proto__"'), { polluted: true }],
  [raw('"\\u005f_proto__"'), { polluted: true }],
  [raw('"__proto__"'), 1],
  ['constructor', { prototype: { polluted: true } }],
  ['constructor', { polluted: true }],
]

const damages: Record<string, Damage> = {
  delete: (body, path) => ({
    body: put(body, path, path.length === 0 ? {} : undefined),
    label: `delete ${show(path)}`,
  }),
  wrongType: (body, path, pick) => {
    const value = choose(WRONG_TYPES, pick)
    return { body: put(body, path, value), label: `${show(path)} = ${JSON.stringify(value)}` }
  },
  hugeString: (body, path, pick) => {
    // Mostly up to ~350 KB (under the limit); one time in twelve above 1 MiB, for the 413.
    const length = pick % 12 === 0 ? BODY_LIMIT + (pick % 100_000) : (pick * 7919) % 350_000
    const unit = choose(['x', '字', '🙂', '\\', '"'], pick)
    return {
      body: put(body, path, unit.repeat(Math.max(1, Math.floor(length / unit.length)))),
      label: `${show(path)} = ${JSON.stringify(unit)} × ${length}`,
    }
  },
  junkKey: (body, path, pick) => {
    const key = choose(JUNK_KEYS, pick)
    const where = objectAt(body, path)
    return {
      body: addKey(body, where, key, choose(WRONG_TYPES, pick >> 4)),
      label: `junk key ${JSON.stringify(key.slice(0, 20))} in ${show(where ?? [])}`,
    }
  },
  protoKey: (body, path, pick) => {
    const [key, value] = choose(PROTO_KEYS, pick)
    const where = objectAt(body, path)
    return {
      body: addKey(body, where, key, value),
      label: `key ${JSON.stringify(key.replace('\u0000raw\u0000', ''))} in ${show(where ?? [])}`,
    }
  },
  unicodeDigits: (body, path, pick) => {
    const text = choose(UNICODE_DIGITS, pick)
    return { body: put(body, path, text), label: `${show(path)} = ${JSON.stringify(text)}` }
  },
  specialString: (body, path, pick) => {
    const text = choose(SPECIAL_STRINGS, pick)
    return { body: put(body, path, text), label: `${show(path)} = ${JSON.stringify(text)}` }
  },
  rawNumber: (body, path, pick) => {
    const text = choose(RAW_NUMBERS, pick)
    return { body: put(body, path, raw(text)), label: `${show(path)} = raw ${text}` }
  },
  deepNesting: (body, path, pick) => {
    // Up to 100,000 levels: a parser or validator that recurses would overflow its stack.
    const depth = [10, 1000, 10_000, 100_000][pick % 4] as number
    const text =
      pick % 2 === 0 ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
    return { body: put(body, path, raw(text)), label: `${show(path)} nested ${depth} deep` }
  },
  arrayForObject: (body, path, pick) => {
    const where = objectAt(body, path) ?? []
    const node = get(body, where)
    const value = choose([[], [node], [node, node]], pick)
    return { body: put(body, where, value), label: `${show(where)} = array of ${(value as unknown[]).length}` }
  },
}

const DAMAGES = Object.keys(damages)

/**
 * Content types: mostly the plain one; otherwise spellings of application/json that must be
 * read the same (a tab before ';', a leading space, a trailing ';', upper case) and types that
 * must be refused with a 415.
 */
export const JSON_SPELLINGS = [
  'application/json\t; charset=utf-8',
  ' application/json',
  'application/json;',
  'APPLICATION/JSON',
  'Application/Json; Charset=UTF-8',
  'application/json ; charset="utf-8"',
]
export const NOT_JSON = [
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'application/jsonx',
  'application/json-patch+json',
  'multipart/form-data; boundary=x',
  '',
  undefined,
]

const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 14, arbitrary: fc.constant('application/json') },
  { weight: 4, arbitrary: fc.constantFrom(...JSON_SPELLINGS) },
  { weight: 2, arbitrary: fc.constantFrom(...NOT_JSON) },
)

/** The media type as a server must compare it: before any ';', trimmed, case-insensitive. */
export function isJsonType(type: string | undefined): boolean {
  return type !== undefined && type.split(';')[0]?.trim().toLowerCase() === 'application/json'
}

/** The seed, damaged one to three times, maybe truncated, with a drawn content type. */
export function damagedBodies(seed: unknown): fc.Arbitrary<Damaged> {
  const step = fc.tuple(fc.constantFrom(...DAMAGES), fc.nat(), fc.nat())
  return fc
    .tuple(
      fc.array(step, { minLength: 1, maxLength: 3 }),
      fc.oneof({ weight: 7, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat() }),
      contentType,
    )
    .map(([steps, cut, type]) => {
      let body: unknown = structuredClone(seed)
      const labels: string[] = []
      for (const [name, where, pick] of steps) {
        const paths = pathsOf(body)
        const done = (damages[name] as Damage)(body, choose(paths, where), pick)
        body = done.body
        labels.push(done.label)
      }
      let payload = toJsonText(body)
      if (cut !== null) {
        // Truncated text: a client that died mid-upload.
        payload = payload.slice(0, cut % payload.length)
        labels.push(`truncated to ${payload.length} characters`)
      }
      return { label: labels.join('; '), payload, contentType: type }
    })
}
