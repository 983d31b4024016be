import { readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { parseApiKeys, type ApiClient } from './api-keys.js'

/** The service's settings, read from the environment once at start-up. */
export interface Config {
  readonly port: number
  readonly host: string
  readonly logLevel: LogLevel
  /** Bytes; a larger body is a 413 problem. */
  readonly bodyLimit: number
  /** The gateway's addresses and CIDR ranges; empty when no proxy is trusted. */
  readonly trustProxy: readonly string[]
  readonly docsEnabled: boolean
  /** Milliseconds a request may take, from its first byte to the end of the answer. */
  readonly requestTimeout: number
  /** Milliseconds to finish in-flight requests after SIGTERM before they are cut. */
  readonly shutdownGraceMs: number
  /** Origins allowed to call the API from a browser; empty when CORS is off. */
  readonly corsOrigins: readonly string[]
  /** The clients whose API keys /v1/* requires; null when the service is open (no API_KEYS_FILE). */
  readonly apiKeys: readonly ApiClient[] | null
  /** MiB the process may use; null: three quarters of the cgroup limit, else 512 (src/admission.ts). */
  readonly memoryBudgetMb: number | null
  /** Milliseconds a scoring request may wait for memory before it is refused; 0 refuses at once. */
  readonly admissionWaitMs: number
  /** Milliseconds of event-loop delay beyond which new scoring requests are shed; 0 turns shedding off. */
  readonly maxEventLoopDelayMs: number
  /** Milliseconds the oldest scoring task may wait for its turn before new scoring requests are shed; 0: never. */
  readonly maxScoringDelayMs: number
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

export interface ConfigProblem {
  readonly variable: string
  readonly value: string
  readonly reason: string
}

export type ConfigResult =
  { readonly ok: true; readonly config: Config } | { readonly ok: false; readonly problems: readonly ConfigProblem[] }

type Parsed<T> = { value: T } | { reason: string }

interface Variable<K extends keyof Config> {
  readonly name: string
  readonly key: K
  /** As written in the environment, and in the README's configuration table. */
  readonly defaultText: string
  readonly parse: (text: string) => Parsed<Config[K]>
}

function integer(min: number, max: number, unit: string, hint = ''): (text: string) => Parsed<number> {
  return (text) => {
    const value = /^\d+$/.test(text) ? Number(text) : NaN
    return Number.isSafeInteger(value) && value >= min && value <= max
      ? { value }
      : { reason: `must be a whole number of ${unit} from ${min} to ${max}${hint}` }
  }
}

/** A whole number, or null when the variable is unset (its default is worked out at start-up). */
function optionalInteger(min: number, max: number, unit: string): (text: string) => Parsed<number | null> {
  const parse = integer(min, max, unit)
  return (text) => (text === '' ? { value: null } : parse(text))
}

function list(text: string): string[] {
  return text.split(',').map((item) => item.trim()).filter((item) => item !== '')
}

/** An address or a CIDR range, in the forms proxy-addr (Fastify's trustProxy) understands. */
function isAddressOrRange(item: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(item)) return true
  const [address = '', prefix, ...rest] = item.split('/')
  const family = isIP(address)
  if (family === 0 || rest.length > 0) return false
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128))
}

function trustProxy(text: string): Parsed<readonly string[]> {
  // Fastify 5.12 silently ignores a hop count (it used to mean "trust the n nearest proxies").
  if (/^\d+$/.test(text))
    return {
      reason:
        "a hop count is not supported (Fastify ignores it); list the gateway's addresses or CIDR ranges, " +
          "comma-separated, e.g. 10.0.0.0/8",
    }
  // Trusting every address lets any client forge X-Forwarded-For; say so explicitly with 0.0.0.0/0,::/0.
  if (/^(true|\*)$/i.test(text))
    return {
      reason: "trusting every proxy lets any client forge X-Forwarded-For; list the gateway's addresses or CIDR ranges",
    }
  const items = list(text)
  const wrong = items.filter((item) => !isAddressOrRange(item))
  if (wrong.length > 0)
    return {
      reason: `${wrong.map((item) => JSON.stringify(item)).join(', ')} is not an IP address, a CIDR range or one of loopback, linklocal, uniquelocal`,
    }
  return { value: items }
}

function corsOrigins(text: string): Parsed<readonly string[]> {
  const items = list(text)
  const wrong = items.filter((item) => {
    if (item === '*') return false
    try {
      return new URL(item).origin !== item
    } catch {
      return true
    }
  })
  if (wrong.length > 0)
    return {
      reason: `${wrong.map((item) => JSON.stringify(item)).join(', ')} is not an origin such as https://finance.example.gov.cn (scheme, host and port only, no path or trailing slash) or *`,
    }
  return { value: items }
}

/** The API keys file (a mounted Secret), read once at start-up: a wrong line stops the start. */
function apiKeysFile(path: string): Parsed<readonly ApiClient[] | null> {
  if (path === '') return { value: null }
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    return { reason: `cannot be read (${(error as NodeJS.ErrnoException).code})` }
  }
  const parsed = parseApiKeys(text)
  return 'reason' in parsed ? { reason: parsed.reason } : { value: parsed.clients }
}

function boolean(text: string): Parsed<boolean> {
  if (/^(true|1|yes|on)$/i.test(text)) return { value: true }
  if (/^(false|0|no|off)$/i.test(text)) return { value: false }
  return { reason: 'must be true or false' }
}

function logLevel(text: string): Parsed<LogLevel> {
  const level = LOG_LEVELS.find((candidate) => candidate === text)
  return level ? { value: level } : { reason: `must be one of ${LOG_LEVELS.join(', ')}` }
}

function host(text: string): Parsed<string> {
  return /^[A-Za-z0-9.:%_-]{1,253}$/.test(text)
    ? { value: text }
    : { reason: 'must be an IP address or a host name, such as 0.0.0.0, :: or 127.0.0.1' }
}

/** Every variable the service reads, in the order of the README's configuration table. */
export const VARIABLES = [
  { name: 'PORT', key: 'port', defaultText: '3000', parse: integer(0, 65535, 'a port') },
  { name: 'HOST', key: 'host', defaultText: '0.0.0.0', parse: host },
  { name: 'LOG_LEVEL', key: 'logLevel', defaultText: 'info', parse: logLevel },
  { name: 'BODY_LIMIT', key: 'bodyLimit', defaultText: '1048576', parse: integer(1024, 100 * 1024 * 1024, 'bytes') },
  { name: 'TRUST_PROXY', key: 'trustProxy', defaultText: '', parse: trustProxy },
  { name: 'DOCS_ENABLED', key: 'docsEnabled', defaultText: 'true', parse: boolean },
  // No limit (0) lets a slow client hold a connection for ever.
  {
    name: 'REQUEST_TIMEOUT',
    key: 'requestTimeout',
    defaultText: '30000',
    parse: integer(1000, 600_000, 'milliseconds', '; 0, no limit, is not allowed'),
  },
  {
    name: 'SHUTDOWN_GRACE_MS',
    key: 'shutdownGraceMs',
    defaultText: '10000',
    parse: integer(100, 120_000, 'milliseconds'),
  },
  { name: 'CORS_ORIGINS', key: 'corsOrigins', defaultText: '', parse: corsOrigins },
  { name: 'API_KEYS_FILE', key: 'apiKeys', defaultText: '', parse: apiKeysFile },
  { name: 'MEMORY_BUDGET_MB', key: 'memoryBudgetMb', defaultText: '', parse: optionalInteger(192, 1_048_576, 'MiB') },
  {
    name: 'ADMISSION_WAIT_MS',
    key: 'admissionWaitMs',
    defaultText: '1000',
    parse: integer(0, 30_000, 'milliseconds'),
  },
  {
    name: 'MAX_EVENT_LOOP_DELAY_MS',
    key: 'maxEventLoopDelayMs',
    defaultText: '200',
    parse: integer(0, 60_000, 'milliseconds'),
  },
  {
    name: 'MAX_SCORING_DELAY_MS',
    key: 'maxScoringDelayMs',
    defaultText: '250',
    parse: integer(0, 60_000, 'milliseconds'),
  },
] as const satisfies readonly Variable<keyof Config>[]

/**
 * Reads the configuration from the environment and checks every variable, so that a bad value
 * stops the service at start-up, with all the wrong variables named at once, instead of
 * misbehaving later. An unset or empty variable takes its default.
 */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): ConfigResult {
  const config: Record<string, unknown> = {}
  const problems: ConfigProblem[] = []
  for (const variable of VARIABLES as readonly Variable<keyof Config>[]) {
    const raw = env[variable.name]?.trim()
    const text = raw === undefined || raw === '' ? variable.defaultText : raw
    const parsed = variable.parse(text)
    if ('reason' in parsed) problems.push({ variable: variable.name, value: text, reason: parsed.reason })
    else config[variable.key] = parsed.value
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config: config as unknown as Config }
}

/** The message start-up prints when it refuses the configuration. */
export function describeProblems(problems: readonly ConfigProblem[]): string {
  const lines = problems.map((problem) => {
    const value = problem.value.length > 80 ? `${problem.value.slice(0, 80)}…` : problem.value
    return `  ${problem.variable}=${JSON.stringify(value)}: ${problem.reason}`
  })
  return [
    `The configuration is refused (${problems.length} ${problems.length === 1 ? 'variable' : 'variables'}); the service does not start:`,
    ...lines,
  ].join('\n')
}

/** What every variable left unset gives: the defaults the README and the OpenAPI document state. */
export const DEFAULTS: Config = (parseConfig({}) as { ok: true; config: Config }).config

/**
 * POST /v1/evaluations/batch's body limit, not configurable: 1,000 departments of base data (about
 * 1.7 MiB) with a district's rubric once at the top (README, Limits).
 */
export const BATCH_BODY_LIMIT = 4 * 1024 * 1024

/** Bytes in MiB, as the documentation states a body limit: "1 MiB". */
export const mebibytes = (bytes: number): string => `${bytes / (1024 * 1024)} MiB`
