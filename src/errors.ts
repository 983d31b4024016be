import type { Bilingual, Language } from './core/language.js'
import type { Problem, ProblemError } from '../schemas/problem.js'
import { BATCH_BODY_LIMIT, DEFAULTS, mebibytes } from './config.js'
import {
  WORKBOOK_LIMITS_TEXT,
  WORKBOOK_UNREADABLE_TEXT,
  WORKBOOK_UNSAFE_TEXT,
  type WorkbookUnreadable,
  type WorkbookUnsafe,
} from './xlsx/limits.js'

type Detail<P> = Bilingual<(params: P) => string>

interface CatalogueEntry<P = never> {
  readonly status: number
  readonly title: Bilingual
  /** When a client gets it, for the OpenAPI document's error responses. */
  readonly when: Bilingual
  /** The problem's `detail`, from the values of the occurrence. */
  readonly detail: Detail<P>
}

const entry = <P = Record<string, never>>(value: CatalogueEntry<P>): CatalogueEntry<P> => value

const BODY_LIMIT = mebibytes(DEFAULTS.bodyLimit)
const BATCH_LIMIT = mebibytes(BATCH_BODY_LIMIT)
const TIMEOUT_SECONDS = DEFAULTS.requestTimeout / 1000

/**
 * Every error the service answers with, by stable code (the model is fastify's lib/errors.js):
 * its status, its title, when it happens and its detail, each in Chinese and English. Clients and
 * tests match `code`, never the wording; the README's error table is held to this one.
 */
export const ERRORS = {
  VALIDATION_FAILED: entry<{ rubric?: boolean }>({
    status: 400,
    title: { zh: '请求数据有误', en: 'The request is invalid' },
    when: {
      zh: '字段不符合 schema（不认识的字段被拒绝，不做类型转换）或跨字段规则；errors 逐一列出，含 JSON Pointer',
      en: 'a field breaks the schema (unknown fields are refused, nothing is coerced) or a cross-field rule; '
        + 'errors lists each with a JSON Pointer',
    },
    detail: {
      zh: (p) => (p.rubric ? '评价体系有误，详见 errors' : '请求中有字段不符合要求，详见 errors'),
      en: (p) =>
        p.rubric ? 'The rubric is inconsistent; see errors' : 'Some fields of the request break the rules; see errors',
    },
  }),
  MALFORMED_JSON: entry<{ empty?: boolean; forbiddenKey?: boolean; reason?: string }>({
    status: 400,
    title: { zh: '请求体不是合法的 JSON', en: 'The body is not valid JSON' },
    when: {
      zh: '请求体不是 JSON、为空，或含有 __proto__ / constructor.prototype 键',
      en: 'the body is not JSON, is empty, or has a __proto__ / constructor.prototype key',
    },
    detail: {
      zh: (p) => p.empty ? '请求体为空'
        : p.forbiddenKey ? '请求体含有被禁止的键 __proto__ 或 constructor.prototype'
        : `请求体不是合法的 JSON：${p.reason}`,
      en: (p) => p.empty ? 'The body is empty'
        : p.forbiddenKey ? 'The body has a forbidden key: __proto__ or constructor.prototype'
        : `The body is not valid JSON: ${p.reason}`,
    },
  }),
  WORKBOOK_TABLE_INVALID: entry<{ sheet: string }>({
    status: 400,
    title: { zh: '工作簿中的指标表无法读取', en: 'The workbook\'s indicator table cannot be read' },
    when: {
      zh: 'POST /v1/rubrics/draft 的 XLSX 请求体：没有含一级指标、二级指标、三级指标、分值、评价标准标题行的工作表，'
        + '或有单元格无法读取；errors 逐一列出，含工作表与单元格（如 评价指标表!F7）',
      en: 'an XLSX body of POST /v1/rubrics/draft: no sheet has the heading row (Level-1 indicator, …, Standard), or '
        + 'cells cannot be read; errors lists each with its sheet and cell (such as Sheet1!F7)',
    },
    detail: {
      zh: (p) => `工作表“${p.sheet.slice(0, 40)}”不是可读的指标表，详见 errors（含单元格）`,
      en: (p) => `The sheet ${p.sheet.slice(0, 40)} is not a readable indicator table; errors names each cell`,
    },
  }),
  BAD_REQUEST: entry<{ percentEncoding?: boolean; unparsable?: boolean; message?: string }>({
    status: 400,
    title: { zh: '请求有误', en: 'Bad request' },
    when: {
      zh: '地址中的百分号编码无效（如 /v1/rubrics/%ZZ），或请求不是 HTTP',
      en: 'the path holds invalid percent-encoding (such as /v1/rubrics/%ZZ), or the request is not HTTP',
    },
    detail: {
      zh: (p) => p.percentEncoding ? '地址中的百分号编码无效（须为 UTF-8 的 %XX 序列）'
        : p.unparsable ? '无法解析的 HTTP 请求' : String(p.message),
      en: (p) => p.percentEncoding ? 'The path holds invalid percent-encoding (it must be %XX sequences of UTF-8)'
        : p.unparsable ? 'The HTTP request could not be parsed' : String(p.message),
    },
  }),
  UNAUTHENTICATED: entry<{ wrongKey?: boolean }>({
    status: 401,
    title: { zh: '需要有效的 API 密钥', en: 'A valid API key is needed' },
    when: {
      zh: '服务设置了 API_KEYS_FILE，而请求没有 Authorization: Bearer <API 密钥>，或密钥无效；应答带 WWW-Authenticate',
      en: 'API_KEYS_FILE is set and the request has no Authorization: Bearer <API key>, or a key that is not valid; '
        + 'the answer carries WWW-Authenticate',
    },
    detail: {
      zh: (p) => p.wrongKey ? 'API 密钥无效' : '请以 Authorization: Bearer <API 密钥> 发送请求',
      en: (p) => p.wrongKey ? 'The API key is not valid' : 'Send the request with Authorization: Bearer <API key>',
    },
  }),
  ROUTE_NOT_FOUND: entry<{ method?: string; path?: string; longSegment?: boolean }>({
    status: 404,
    title: { zh: '没有这个地址', en: 'No such route' },
    when: {
      zh: '没有这个地址或方法，或地址中的某一段超过 100 个字符',
      en: 'an unknown path or method, or a path segment over 100 characters',
    },
    detail: {
      zh: (p) =>
        p.longSegment
          ? '地址中的某一段超过 100 个字符，没有这样的接口或评价体系'
          : `没有 ${p.method} ${p.path} 这个接口，见 /docs`.slice(0, 300),
      en: (p) =>
        p.longSegment
          ? 'A segment of the path is longer than 100 characters; no route or rubric has such a name'
          : `There is no ${p.method} ${p.path}; see /docs`.slice(0, 300),
    },
  }),
  WORKBOOK_UNREADABLE: entry<{ reason: WorkbookUnreadable }>({
    status: 400,
    title: { zh: '无法读取上传的工作簿', en: 'The workbook cannot be read' },
    when: {
      zh: '上传的 XLSX 不是完整的 zip/XLSX 文件，已加密或是旧的 .xls 格式，或用了不支持的压缩方式',
      en: 'the uploaded XLSX is not a whole zip/XLSX file, is encrypted or a legacy .xls, or uses an unsupported '
        + 'compression',
    },
    detail: {
      zh: (p) => WORKBOOK_UNREADABLE_TEXT[p.reason].zh,
      en: (p) => WORKBOOK_UNREADABLE_TEXT[p.reason].en,
    },
  }),
  WORKBOOK_TOO_LARGE: entry<{ limit: string }>({
    status: 400,
    title: { zh: '上传的工作簿过大', en: 'The workbook is too large' },
    when: {
      zh: `工作簿超出读取上限：解压后合计 ${WORKBOOK_LIMITS_TEXT.uncompressed.zh}、${WORKBOOK_LIMITS_TEXT.entries} 个文件、`
        + `每表 ${WORKBOOK_LIMITS_TEXT.rows} 行`,
      en: `the workbook exceeds a reading limit: ${WORKBOOK_LIMITS_TEXT.uncompressed.en} uncompressed in all, `
        + `${WORKBOOK_LIMITS_TEXT.entries} files, ${WORKBOOK_LIMITS_TEXT.rows} rows a sheet`,
    },
    detail: {
      zh: (p) => `工作簿超出读取上限：${p.limit}`,
      en: (p) => `The workbook exceeds a reading limit: ${p.limit}`,
    },
  }),
  WORKBOOK_UNSAFE: entry<{ part: string; reason: WorkbookUnsafe }>({
    status: 400,
    title: { zh: '上传的工作簿含有不安全的内容', en: 'The workbook holds unsafe content' },
    when: {
      zh: '工作簿含有宏（xlsm）、外部链接或外部引用、DTD/实体声明，或文件名含 ..、绝对路径或反斜杠',
      en: 'the workbook holds macros (xlsm), external links or references, DTD/entity declarations, or a file name '
        + 'with .., an absolute path or a backslash',
    },
    detail: {
      zh: (p) => `工作簿的 ${p.part.slice(0, 100)} ${WORKBOOK_UNSAFE_TEXT[p.reason].zh}，不予读取；请另存为普通的 .xlsx 后上传`,
      en: (p) => `The workbook's ${p.part.slice(0, 100)} ${WORKBOOK_UNSAFE_TEXT[p.reason].en}: it is not read; `
        + 'save it as a plain .xlsx and upload that',
    },
  }),
  RUBRIC_NOT_FOUND: entry<{ id: string }>({
    status: 404,
    title: { zh: '没有这个评价体系', en: 'No such rubric' },
    when: { zh: '没有这个 id 的内置评价体系', en: 'no built-in rubric has this id' },
    detail: {
      zh: (p) => `没有 id 为 ${p.id.slice(0, 64)} 的评价体系，可用的见 GET /v1/rubrics`,
      en: (p) => `There is no rubric with id ${p.id.slice(0, 64)}; GET /v1/rubrics lists them`,
    },
  }),
  NOT_ACCEPTABLE: entry<{ types: string }>({
    status: 406,
    title: { zh: '无法以所要求的类型作答', en: 'Not acceptable' },
    when: {
      zh: 'Accept 请求头不接受本接口可给出的任何类型（在读取请求体之前拒绝）',
      en: 'the Accept header allows none of the types this route answers in (refused before the body is read)',
    },
    detail: {
      zh: (p) => `Accept 请求头不接受本接口可给出的任何类型；可用的类型：${p.types}`,
      en: (p) => `The Accept header allows none of the types this route answers in: ${p.types}`,
    },
  }),
  REQUEST_TIMEOUT: entry({
    status: 408,
    title: { zh: '请求发送超时', en: 'The request took too long to arrive' },
    when: {
      zh: `请求（请求头与请求体）未在 REQUEST_TIMEOUT（默认 ${TIMEOUT_SECONDS} 秒，可配置）之内发送完毕`,
      en: `the request (headers and body) did not arrive within REQUEST_TIMEOUT (${TIMEOUT_SECONDS} s by default, configurable)`,
    },
    detail: {
      zh: () => '请求（请求头与请求体）未在 REQUEST_TIMEOUT 之内发送完毕',
      en: () => 'The request (headers and body) did not arrive within REQUEST_TIMEOUT',
    },
  }),
  BODY_TOO_LARGE: entry({
    status: 413,
    title: { zh: '请求体过大', en: 'The body is too large' },
    when: {
      zh: `请求体超过本接口的上限：BODY_LIMIT（默认 ${BODY_LIMIT}，可配置），批量接口为 ${BATCH_LIMIT}`,
      en: `the body exceeds the route's limit: BODY_LIMIT (${BODY_LIMIT} by default, configurable), ${BATCH_LIMIT} for the batch`,
    },
    detail: {
      zh: () => '请求体超过了本接口的大小上限',
      en: () => 'The body exceeds the limit of this route',
    },
  }),
  UNSUPPORTED_MEDIA_TYPE: entry<{ charset?: string }>({
    status: 415,
    title: { zh: '不支持的内容类型', en: 'Unsupported media type' },
    when: {
      zh: 'Content-Type 不是 application/json（评价接口与 POST /v1/rubrics/draft 还接受 XLSX 工作簿），或其 charset 不是 UTF-8',
      en: 'the Content-Type is not application/json (nor, on the evaluation routes and POST /v1/rubrics/draft, an XLSX '
        + 'workbook), or its charset is not UTF-8',
    },
    detail: {
      zh: (p) => p.charset === undefined ? '请以 Content-Type: application/json 发送 JSON'
        : `只接受 UTF-8 编码的 JSON，收到 charset=${p.charset.slice(0, 40)}`,
      en: (p) => p.charset === undefined ? 'Send JSON with Content-Type: application/json'
        : `Only UTF-8 JSON is accepted, not charset=${p.charset.slice(0, 40)}`,
    },
  }),
  HEADERS_TOO_LARGE: entry({
    status: 431,
    title: { zh: '请求头过大', en: 'The request headers are too large' },
    when: { zh: '请求头超过 16 KiB', en: 'the request headers exceed 16 KiB' },
    detail: { zh: () => '请求头超过 16 KiB', en: () => 'The request headers exceed 16 KiB' },
  }),
  INTERNAL: entry({
    status: 500,
    title: { zh: '服务内部错误', en: 'Internal error' },
    when: { zh: '服务内部出错；已记录日志，应答不含内部细节', en: 'a failure inside the service; logged, with no internal detail' },
    detail: {
      zh: () => '服务内部出错，请凭 requestId 联系运维',
      en: () => 'Something failed inside the service; quote the requestId to its operators',
    },
  }),
  OVERLOADED: entry<{ cpu?: boolean }>({
    status: 503,
    title: { zh: '服务繁忙', en: 'The service is overloaded' },
    when: {
      zh: '内存预算已满、排队已满或等待超时，或事件循环延迟、评分排队超过阈值；请求未被处理，按 Retry-After 秒后重试',
      en: 'the memory budget is taken and the queue is full or the wait ran out, or the event loop or the scoring '
        + 'queue lags beyond its threshold; the request was not processed: retry after Retry-After seconds',
    },
    detail: {
      zh: (p) => p.cpu ? '服务当前负载过高（事件循环延迟或评分排队超过阈值），请求未被处理；请稍后重试'
        : '服务当前没有足够的内存处理此请求，请求未被处理；请稍后重试',
      en: (p) => p.cpu ? 'The service is too busy (its event loop or its scoring queue lags beyond the threshold); '
        + 'the request was not processed: retry later'
        : 'The service has no memory to spare for this request now; the request was not processed: retry later',
    },
  }),
  SHUTTING_DOWN: entry({
    status: 503,
    title: { zh: '服务正在停止', en: 'The service is shutting down' },
    when: { zh: '服务已开始停止（GET /health/ready）', en: 'the service has begun to stop (GET /health/ready)' },
    detail: {
      zh: () => '服务正在停止，不再接收新请求；请发往其他实例',
      en: () => 'The service is shutting down and takes no new work; send requests to another instance',
    },
  }),
} as const

export type ErrorCode = keyof typeof ERRORS
/** The values a code's detail is written from. */
export type ErrorParams<C extends ErrorCode> = Parameters<(typeof ERRORS)[C]['detail']['zh']>[0]

const SLUGS = Object.fromEntries(Object.keys(ERRORS).map((code) => [code, code.toLowerCase().replace(/_/g, '-')]))

export const PROBLEM_TYPE_PREFIX = 'urn:problem-type:performance-scoring:'

/** A failure the service raises on purpose; the error handler turns it into a problem document. */
export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: Bilingual,
    readonly errors?: ProblemError[],
  ) {
    super(detail.en)
    this.name = 'ServiceError'
  }
}

/** The one way to raise an error of the catalogue: its code and the values of its detail. */
export function serviceError<C extends ErrorCode>(
  code: C,
  params: ErrorParams<C>,
  errors?: ProblemError[],
): ServiceError {
  const detail = ERRORS[code].detail as Detail<ErrorParams<C>>
  return new ServiceError(code, { zh: detail.zh(params), en: detail.en(params) }, errors)
}

/** The problem document of an error, in a language. */
export function problem(
  error: ServiceError,
  language: Language,
  context: { instance: string; requestId: string },
): Problem {
  const { status, title } = ERRORS[error.code]
  return {
    type: `${PROBLEM_TYPE_PREFIX}${SLUGS[error.code]}`,
    title: title[language],
    status,
    detail: error.detail[language],
    instance: context.instance,
    code: error.code,
    requestId: context.requestId,
    ...(error.errors ? { errors: error.errors } : {}),
  }
}
