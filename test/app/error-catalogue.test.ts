import t from 'tap'
import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify'
import app from '../../src/app.js'
import { ERRORS, type ErrorCode } from '../../src/errors.js'
import { buildOpenApiDocument } from '../../src/openapi-document.js'
import { serverOptions } from '../../src/server-options.js'
import { BATCH_BODY_LIMIT } from '../../src/config.js'
import builtIn from '../../src/rubrics/yuhua-2021.json' with { type: 'json' }
import { Admission } from '../../src/admission.js'
import { keyHash } from '../../src/api-keys.js'
import { build, seedRequest } from '../helper.js'
import seedTable from '../../schemas/examples/yuhua-2021.table.json' with { type: 'json' }
import { minimalParts, zip } from '../xlsx/zip.js'

t.test('the README\'s error table and the catalogue agree, both ways', async (t) => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const section = readme.slice(readme.indexOf('### Errors'), readme.indexOf('### Limits'))
  const table = new Map<string, number>()
  for (const [, status, codes] of section.matchAll(/^\| (\d{3}) \| ([^|]+) \|/gm)) {
    for (const [, code] of codes!.matchAll(/`([A-Z_]+)`/g)) table.set(code!, Number(status))
  }
  const catalogue = new Map(Object.entries(ERRORS).map(([code, entry]) => [code, entry.status]))
  t.same([...table].sort(), [...catalogue].sort())
})

const KEY = 'catalogue-test-key'

/**
 * The real app with API keys on (the way to an UNAUTHENTICATED), and a fault any route raises when a
 * request asks for it: the way to an INTERNAL.
 */
async function buildWithFault(t: { teardown(fn: () => unknown): void }): Promise<FastifyInstance> {
  const server = Fastify(serverOptions())
  server.addHook('preHandler', async (request) => {
    if (request.headers['x-fault'] !== undefined) throw new Error('a fault injected by the test')
  })
  await server.register(app, { apiKeys: [{ name: 'catalogue', keyHash: keyHash(KEY) }] })
  await server.ready()
  t.teardown(() => server.close())
  return server
}

const json = { 'content-type': 'application/json' }
const xlsx = { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }
const EMPTY_WORKBOOK = Buffer.from(await new ExcelJS.Workbook().xlsx.writeBuffer() as unknown as ArrayBuffer)
/** A request whose body is a crafted workbook (test/xlsx/zip.ts) refused for one of the workbook codes. */
const workbook = (url: string, payload: Buffer): InjectOptions => ({ method: 'POST', url, headers: xlsx, payload })
const WORKBOOKS = {
  WORKBOOK_UNREADABLE: Buffer.from('not a workbook'),
  WORKBOOK_TOO_LARGE: zip(Array.from({ length: 201 }, (_, i) => ({ name: `x/${i}.txt`, data: '' }))),
  WORKBOOK_UNSAFE: zip([...minimalParts(), { name: 'xl/vbaProject.bin', data: 'VBA' }]),
} as const
const workbookRequests = (url: string) =>
  Object.fromEntries(Object.entries(WORKBOOKS).map(([code, body]) => [code, workbook(url, body)]))
const tooLarge = (bytes: number) => JSON.stringify({ padding: 'x'.repeat(bytes) })
const fault = (request: InjectOptions): InjectOptions => ({
  ...request,
  headers: { ...request.headers, 'x-fault': '1' },
})

/** A request without a key (the others get the key when they are sent). */
const anonymous = (request: InjectOptions): InjectOptions => request

/** For each operation of the OpenAPI document and each code it declares, a request that gets it. */
const REQUESTS: Record<string, Partial<Record<ErrorCode, InjectOptions>>> = {
  'GET /v1/rubrics': {
    UNAUTHENTICATED: anonymous({ method: 'GET', url: '/v1/rubrics' }),
    INTERNAL: fault({ method: 'GET', url: '/v1/rubrics' }),
  },
  'GET /v1/rubrics/{rubricId}': {
    UNAUTHENTICATED: anonymous({ method: 'GET', url: '/v1/rubrics/yuhua-2021' }),
    VALIDATION_FAILED: { method: 'GET', url: `/v1/rubrics/${'a'.repeat(65)}` },
    BAD_REQUEST: { method: 'GET', url: '/v1/rubrics/%ZZ' },
    RUBRIC_NOT_FOUND: { method: 'GET', url: '/v1/rubrics/nowhere' },
    ROUTE_NOT_FOUND: { method: 'GET', url: `/v1/rubrics/${'a'.repeat(101)}` },
    INTERNAL: fault({ method: 'GET', url: '/v1/rubrics/yuhua-2021' }),
  },
  'GET /v1/rubrics/{rubricId}/template': {
    UNAUTHENTICATED: anonymous({ method: 'GET', url: '/v1/rubrics/yuhua-2021/template' }),
    VALIDATION_FAILED: { method: 'GET', url: '/v1/rubrics/yuhua-2021/template?layout=wide' },
    BAD_REQUEST: { method: 'GET', url: '/v1/rubrics/%ZZ/template' },
    RUBRIC_NOT_FOUND: { method: 'GET', url: '/v1/rubrics/nowhere/template' },
    ROUTE_NOT_FOUND: { method: 'GET', url: `/v1/rubrics/${'a'.repeat(101)}/template` },
    NOT_ACCEPTABLE: { method: 'GET', url: '/v1/rubrics/yuhua-2021/template', headers: { accept: 'application/json' } },
    INTERNAL: fault({ method: 'GET', url: '/v1/rubrics/yuhua-2021/template' }),
  },
  'POST /v1/rubrics/validate': {
    UNAUTHENTICATED: anonymous({ method: 'POST', url: '/v1/rubrics/validate', headers: json, payload: '{}' }),
    VALIDATION_FAILED: { method: 'POST', url: '/v1/rubrics/validate', headers: json, payload: '{}' },
    MALFORMED_JSON: { method: 'POST', url: '/v1/rubrics/validate', headers: json, payload: '{' },
    BODY_TOO_LARGE: { method: 'POST', url: '/v1/rubrics/validate', headers: json, payload: tooLarge(1024 * 1024) },
    UNSUPPORTED_MEDIA_TYPE: {
      method: 'POST',
      url: '/v1/rubrics/validate',
      headers: { 'content-type': 'text/plain' },
      payload: 'x',
    },
    INTERNAL: fault({ method: 'POST', url: '/v1/rubrics/validate', headers: json, payload: JSON.stringify(builtIn) }),
    OVERLOADED: { method: 'POST', url: '/v1/rubrics/validate', headers: json, payload: JSON.stringify(builtIn) },
  },
  'POST /v1/rubrics/draft': {
    UNAUTHENTICATED: anonymous({ method: 'POST', url: '/v1/rubrics/draft', headers: json, payload: '{}' }),
    VALIDATION_FAILED: { method: 'POST', url: '/v1/rubrics/draft', headers: json, payload: '{}' },
    MALFORMED_JSON: { method: 'POST', url: '/v1/rubrics/draft', headers: json, payload: '{' },
    ...workbookRequests('/v1/rubrics/draft'),
    // A zip, but of no workbook: readable, and no sheet has the headings.
    WORKBOOK_TABLE_INVALID: { method: 'POST', url: '/v1/rubrics/draft', headers: xlsx, payload: EMPTY_WORKBOOK },
    BODY_TOO_LARGE: { method: 'POST', url: '/v1/rubrics/draft', headers: json, payload: tooLarge(1024 * 1024) },
    UNSUPPORTED_MEDIA_TYPE: {
      method: 'POST',
      url: '/v1/rubrics/draft',
      headers: { 'content-type': 'text/plain' },
      payload: 'x',
    },
    INTERNAL: fault({ method: 'POST', url: '/v1/rubrics/draft', headers: json, payload: JSON.stringify(seedTable) }),
    OVERLOADED: { method: 'POST', url: '/v1/rubrics/draft', headers: json, payload: JSON.stringify(seedTable) },
  },
  'POST /v1/evaluations': {
    UNAUTHENTICATED: anonymous({ method: 'POST', url: '/v1/evaluations', headers: json, payload: '{}' }),
    VALIDATION_FAILED: { method: 'POST', url: '/v1/evaluations', headers: json, payload: '{}' },
    MALFORMED_JSON: { method: 'POST', url: '/v1/evaluations', headers: json, payload: '{' },
    RUBRIC_NOT_FOUND: {
      method: 'POST',
      url: '/v1/evaluations',
      headers: json,
      payload: JSON.stringify({ ...seedRequest(), rubricId: 'nowhere' }),
    },
    NOT_ACCEPTABLE: {
      method: 'POST',
      url: '/v1/evaluations',
      headers: { ...json, accept: 'image/png' },
      payload: '{}',
    },
    BODY_TOO_LARGE: { method: 'POST', url: '/v1/evaluations', headers: json, payload: tooLarge(1024 * 1024) },
    UNSUPPORTED_MEDIA_TYPE: {
      method: 'POST',
      url: '/v1/evaluations',
      headers: { 'content-type': 'text/plain' },
      payload: 'x',
    },
    ...workbookRequests('/v1/evaluations'),
    INTERNAL: fault({ method: 'POST', url: '/v1/evaluations', headers: json, payload: JSON.stringify(seedRequest()) }),
    OVERLOADED: { method: 'POST', url: '/v1/evaluations', headers: json, payload: JSON.stringify(seedRequest()) },
  },
  'POST /v1/evaluations/batch': {
    UNAUTHENTICATED: anonymous({ method: 'POST', url: '/v1/evaluations/batch', headers: json, payload: '{}' }),
    VALIDATION_FAILED: { method: 'POST', url: '/v1/evaluations/batch', headers: json, payload: '{}' },
    MALFORMED_JSON: { method: 'POST', url: '/v1/evaluations/batch', headers: json, payload: '{' },
    RUBRIC_NOT_FOUND: {
      method: 'POST',
      url: '/v1/evaluations/batch',
      headers: json,
      payload: JSON.stringify({ rubricId: 'nowhere', items: [seedRequest()] }),
    },
    NOT_ACCEPTABLE: {
      method: 'POST',
      url: '/v1/evaluations/batch',
      headers: { ...json, accept: 'text/html' },
      payload: '{}',
    },
    BODY_TOO_LARGE: {
      method: 'POST',
      url: '/v1/evaluations/batch',
      headers: json,
      payload: tooLarge(BATCH_BODY_LIMIT),
    },
    UNSUPPORTED_MEDIA_TYPE: {
      method: 'POST',
      url: '/v1/evaluations/batch',
      headers: { 'content-type': 'text/plain' },
      payload: 'x',
    },
    ...workbookRequests('/v1/evaluations/batch'),
    INTERNAL: fault({
      method: 'POST',
      url: '/v1/evaluations/batch',
      headers: json,
      payload: JSON.stringify({ items: [seedRequest()] }),
    }),
    OVERLOADED: {
      method: 'POST',
      url: '/v1/evaluations/batch',
      headers: json,
      payload: JSON.stringify({ items: [seedRequest()] }),
    },
  },
}

t.test('every code an operation declares in the OpenAPI document is what a request to it can get', async (t) => {
  const document = JSON.parse(await buildOpenApiDocument())
  const server = await buildWithFault(t)
  // An app whose memory budget is taken and that does not let requests wait.
  const admission = new Admission({ budgetBytes: 1, waitMs: 0, queueLimit: 1 })
  admission.admit(1, () => {})
  const overloaded = await build(t, { admission })
  const declared: Record<string, ErrorCode[]> = {}
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
    for (const [method, operation] of Object.entries(item)) {
      const name = `${method.toUpperCase()} ${path}`
      declared[name] = []
      const responses = operation.responses as Record<string, { description: string } | { $ref: string }>
      for (const [status, written] of Object.entries(responses)) {
        // An error response several operations give alike is one of components/responses.
        const response = '$ref' in written ? document.components.responses[written.$ref.split('/').pop()!] : written
        if (status === '200') continue
        for (const [, code] of response.description.matchAll(/`([A-Z_]+)`/g)) {
          t.equal(ERRORS[code as ErrorCode]?.status, Number(status), `${name}: ${code} under its own status`)
          declared[name].push(code as ErrorCode)
        }
      }
    }
  }
  t.same(Object.keys(declared).sort(), Object.keys(REQUESTS).sort(), 'a request table for every operation')
  for (const [name, codes] of Object.entries(declared)) {
    t.same(codes.sort(), Object.keys(REQUESTS[name]!).sort(), `${name}: a request for every code it declares`)
    for (const code of codes) {
      const request = REQUESTS[name]![code]!
      const response =
        code === 'OVERLOADED'
          ? await overloaded.inject(request)
          : await server.inject(
              code === 'UNAUTHENTICATED'
                ? request
                : { ...request, headers: { ...request.headers, authorization: `Bearer ${KEY}` } },
            )
      t.match(response.json(), { code, status: ERRORS[code].status }, `${name} answers ${code}`)
    }
  }
})
