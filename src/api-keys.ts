import { createHash, timingSafeEqual } from 'node:crypto'

/** A client allowed to call /v1/*: its name, for logs and metrics, and the SHA-256 of its key. */
export interface ApiClient {
  readonly name: string
  readonly keyHash: Buffer
}

/** A client's name: safe in a log line and as a metric label. */
export const CLIENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
const SHA256_HEX = /^[0-9a-fA-F]{64}$/
/** Each client is a series of the HTTP metrics: their number is bounded. */
export const MAX_CLIENTS = 100

export type ParsedKeys = { readonly clients: readonly ApiClient[] } | { readonly reason: string }

/**
 * The API keys file: one client a line, `<client name> <SHA-256 of the key, hex>`; blank lines and
 * lines starting with # are ignored. The first wrong line is named by its number.
 */
export function parseApiKeys(text: string): ParsedKeys {
  const clients: ApiClient[] = []
  const lines = text.split(/\r?\n/)
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const at = `line ${index + 1}`
    const [name = '', hash = '', ...rest] = line.split(/\s+/)
    if (rest.length > 0 || hash === '') {
      return { reason: `${at}: must be a client name and the SHA-256 of its key in hex, separated by a space` }
    }
    if (!CLIENT_NAME.test(name)) {
      return { reason: `${at}: a client name is 1 to 64 letters, digits, dots, underscores or hyphens` }
    }
    if (!SHA256_HEX.test(hash)) return { reason: `${at}: the key's SHA-256 must be 64 hexadecimal digits` }
    const keyHash = Buffer.from(hash, 'hex')
    if (clients.some((client) => client.name === name)) return { reason: `${at}: the client ${name} is listed twice` }
    if (clients.some((client) => client.keyHash.equals(keyHash))) {
      return { reason: `${at}: two clients have the same key` }
    }
    clients.push({ name, keyHash })
  }
  if (clients.length === 0) return { reason: 'lists no client: every request would be refused' }
  if (clients.length > MAX_CLIENTS) return { reason: `lists ${clients.length} clients; at most ${MAX_CLIENTS}` }
  return { clients }
}

/** The SHA-256 of a key, as the file lists it. */
export const keyHash = (key: string): Buffer => createHash('sha256').update(key).digest()

const BEARER = /^Bearer +(\S+) *$/i

/**
 * The name of the client whose key the Authorization header carries; `null` when there is no
 * bearer key, `undefined` when it is no client's. The key's hash is compared with every client's
 * in constant time, with no early exit, so that the time taken says nothing about the key.
 */
export function authenticate(header: string | undefined, clients: readonly ApiClient[]): string | null | undefined {
  const key = header === undefined ? undefined : BEARER.exec(header)?.[1]
  if (key === undefined) return null
  const hash = keyHash(key)
  let found: string | undefined
  for (const client of clients) if (timingSafeEqual(hash, client.keyHash) && found === undefined) found = client.name
  return found
}
