// The OpenAPI document's prose: the operations' descriptions and those of their answers, bilingual.
// Kept out of the route files so that those stay code; each text is written in pieces of a line.
import { BATCH_BODY_LIMIT, DEFAULTS, mebibytes } from '../config.js'

const BODY_LIMIT = mebibytes(DEFAULTS.bodyLimit)
const BATCH_LIMIT = mebibytes(BATCH_BODY_LIMIT)
const TIMEOUT_SECONDS = DEFAULTS.requestTimeout / 1000

/** The service, at the head of the OpenAPI document; its limits are the configuration's defaults. */
export const SERVICE = [
  '根据部门提交的基础数据，按评价指标体系为部门整体支出绩效评分，逐项说明得分与扣分理由，并与部门自评得分比对。',
  'Scores a government department\'s overall expenditure performance (部门整体支出绩效评价) from its base data '
    + 'against an indicator rubric, explains every point given or taken away, and audits the department\'s own scores.',
  '金额单位为万元，十进制数以字符串返回（恰好两位小数）。所有错误为 RFC 9457 problem+json。Money is in 10,000 yuan; '
    + 'decimals leave as strings with exactly two decimals. Every error is an RFC 9457 problem document. Explanations '
    + 'and messages are Chinese by default and English with `Accept-Language: en`.',
  `限制 / Limits: 请求体 ${BODY_LIMIT}（BODY_LIMIT，可配置；批量接口 ${BATCH_LIMIT}），超出为 413；`
    + `请求（请求头与请求体）须在 ${TIMEOUT_SECONDS} 秒内发送完毕（REQUEST_TIMEOUT，可配置），否则为 408；`
    + '请求头最多 16 KiB，否则为 431；批量最多 1000 项；自定义评价体系最多 300 项指标；'
    + '每个字符串与数组都有长度上限（见各字段的 maxLength、maxItems）。'
    + `A body of at most ${BODY_LIMIT} (BODY_LIMIT, configurable; ${BATCH_LIMIT} for the batch), or a 413; `
    + `a request (headers and body) must arrive within ${TIMEOUT_SECONDS} s (REQUEST_TIMEOUT, configurable), or a 408; `
    + 'headers of at most 16 KiB, or a 431; at most 1,000 batch items; at most 300 indicators in a custom rubric; '
    + 'every string and array is bounded (see each field\'s maxLength and maxItems).',
].join('\n\n')

/** POST /v1/evaluations. */
export const EVALUATION = [
  '按评价体系为一个部门的整体支出绩效评分：17 项指标的得分、扣分及理由，二级、一级指标小计，总分与评价等级（优/良/中/差），以及与部门自评得分的比对（selfAssessment）。',
  '缺少某项数据时，该指标为 missingData、得分为 null，其余照常计分，评价不完整且不评等级。\n',
  '\n',
  '示例为长沙市雨花区民政局 2021 年度基础数据（自评报告附表）；其中年初预算与追加预算的划分、重点工作与满意度调查数据原表未给出，示例中的这些数值为假设。按 SCORING.md 计分得 ',
  '90.80 分（优），而部门自评 94 分：政府采购执行率 134.85% 自评 6 分、计算 0 分，预算完成率 100% 自评 0 分、计算 5 分等，差异见 ',
  'selfAssessment。\n',
  '\n',
  'Scores one department\'s overall expenditure performance against a rubric: the 17 indicator ',
  'scores with their deductions and reasons, subtotals per category, the total and the grade ',
  '(excellent/good/fair/poor), and an audit of the department\'s own scores (selfAssessment). An ',
  'indicator whose data is absent is missingData with score null; the others are still scored, and ',
  'the evaluation is incomplete, with no grade.\n',
  '\n',
  'The example is the 2021 base data of the civil-affairs bureau of Yuhua District, Changsha (the ',
  'annex of its self-evaluation report). The split of initial and supplementary budget and the ',
  'key-work and survey figures are not in the original; the example\'s values for those are ',
  'assumptions. It scores 90.80 (excellent) where the department claimed 94: procurement execution ',
  '134.85% claimed 6, computed 0; budget completion 100% claimed 0, computed 5; and more, listed ',
  'in selfAssessment.\n',
  '\n',
  'A client may send its own variant of the rubric inline in rubric (the format GET ',
  '/v1/rubrics/{rubricId} returns; at most 300 indicators) instead of rubricId; it is validated ',
  'like POST /v1/rubrics/validate, its problems pointing under /rubric, and the answer\'s ',
  'rubric.contentHash traces the result to the exact rules. Inputs of the indicators it adds come ',
  'in assessments.custom, keyed by indicator id.\n',
  '\n',
  'Explanations are Chinese by default and English with Accept-Language: en. Options: ',
  'deductionMode (perFullStep, proportional, perStartedStep) and roundRateBeforeScoring.',
].join('')

/** POST /v1/evaluations/batch. */
export const BATCH = [
  '一次为多个部门（1 至 1000 个）评分。顶层的 rubric（随请求发送，只校验、编译一次，错误指向 /rubric）或 rubricId 与 options 用于未自带者的每一项；',
  '每项也可带各自的评价体系与选项。每项单独校验与评分：一项有误不影响其他项，results 按输入顺序给出 { index, status: "ok",',
  ' evaluation } 或 { index, status: "error", problem }，problem 中的 pointer 相对于该项。summary 汇总项数、已评分、',
  '出错与不完整项数，完整评价的总分平均数与中位数、各等级部门数，各指标的平均得分与全区合计失分（失分最多者在前），以及完整评价按总分的排名（并列同名次：1, 2, 2, 4）。请求体上限 ',
  `${BATCH_LIMIT}（仅此接口）。JSON 应答边评分边分块发送（chunked，无 content-length），results 在前、summary 在后；XLSX 与 CSV 在全部评分后发送。\n`,
  '\n',
  'Scores several departments at once (1 to 1,000). A top-level rubric (inline: validated and compiled once, its ',
  'errors under /rubric) or rubricId, and options, apply to every item that names none of its own; an item may ',
  'carry its own rubric and options. ',
  'Each item is validated and scored on its own: one bad item never fails the batch. results come ',
  'in input order, each { index, status: "ok", evaluation } or { index, status: "error", problem },',
  ' the problem\'s pointers relative to that item. summary gives the count, scored, failed and ',
  'incomplete items; the mean and median total and the grades of the complete evaluations; per ',
  'indicator the mean score and the points lost across the batch (most lost first); and the ',
  'ranking of the complete evaluations by total (competition ranking: 1, 2, 2, 4). The body limit ',
  `of this route is ${BATCH_LIMIT}. The JSON answer is streamed in chunks while the items are scored `,
  '(chunked transfer encoding, no content-length), results first and summary last; XLSX and CSV ',
  'are sent once every item is scored.\n',
  '\n',
  'The example has three departments: the seed department, a second one with more staff than ',
  'authorized and a different self-assessment, and a third whose year-end balance is above its ',
  'funds (an error that does not fail the other two).',
].join('')

/** GET /v1/rubrics. */
export const LIST_RUBRICS = [
  '返回内置评价指标体系的 id、版本、标题、总分及哪一个是默认体系。\n',
  '\n',
  'Lists the built-in rubrics: id, version, title, maximum score, and which one is the default.',
].join('')

/** GET /v1/rubrics/{rubricId}. */
export const GET_RUBRIC = [
  '返回评价体系文档：各级指标、分值、评价标准与指标说明（原文）、计分规则、计量方式及本服务对原表未尽事项的处理说明（notes），可据此渲染评价表。\n',
  '\n',
  'Returns the rubric document: the indicators at every level with their points, the original ',
  'wording of the standards and formulas, the scoring rules and measures, and notes on every ',
  'decision the original table leaves open. Enough to render the official form.',
].join('')

/** POST /v1/rubrics/validate. */
export const VALIDATE_RUBRIC = [
  '校验一份评价体系文档（格式同 GET /v1/rubrics/{rubricId}）：各级分值之和、id 唯一、规则分值不超过指标分值、分档有序且有兜底档、等级分数线严格递减、',
  '计量方式所读字段为请求中存在的字段、最多 300 项指标。有效时返回各级分值摘要；无效时返回 400，errors 一次列出全部问题，pointer 指向评价体系文档内。\n',
  '\n',
  'Validates a rubric document (the format GET /v1/rubrics/{rubricId} returns): sums at every ',
  'level, unique ids, rules within their indicator\'s points, ordered bands with a fallback, ',
  'strictly decreasing grades, measures that read fields the request has, at most 300 indicators. ',
  'A valid rubric gets a summary of its points per level; an invalid one a 400 listing every ',
  'problem at once, each pointer into the rubric document.',
].join('')

/** The 200 of POST /v1/evaluations. */
export const EVALUATION_200 = [
  '评分结果及逐项理由；按 Accept 给出 JSON（默认）、XLSX、CSV 或 HTML 报告 / The scores and the reason for each, as JSON ',
  '(the default), XLSX, CSV or an HTML report by Accept',
].join('')

/** The 200 of POST /v1/evaluations/batch. */
export const BATCH_200 = [
  '逐项结果与汇总；按 Accept 给出 JSON（默认）、XLSX 或 CSV；JSON 示例为 view=scores 的精简视图 / Each item\'s result, and the ',
  'summary, as JSON (the default), XLSX or CSV by Accept; the JSON example is the compact view of view=scores',
].join('')

/** An evaluation as a workbook (after "Accept: <the XLSX type>。"). */
export const EVALUATION_XLSX = [
  'XLSX 工作簿：工作表“评价指标表”（抬头为部门、年度、总分、等级；一级指标 / 分值 / 二级指标 / 分值 / 三级指标 / 分值 / 评价标准 / 指标说明 / 得分 / 扣分原因，',
  '有自评时另有自评得分、差异；一、二级指标合并单元格；得分为两位小数的数字）与“基础数据表”（所提交的基础数据）。以附件下载，filename* 保留中文部门名。/ An XLSX ',
  'workbook: the filled-in indicator table in the official layout (categories merged, scores as ',
  'numbers with two decimals) and the base data as submitted; an attachment whose filename* keeps ',
  'a Chinese department name.',
].join('')

/** An evaluation as CSV (after "Accept: text/csv。"). */
export const EVALUATION_CSV = [
  'UTF-8（含 BOM）、RFC 4180 的 CSV：表头一行，每项三级指标一行，列同 XLSX 的指标表；分数与 JSON 相同。/ RFC 4180 CSV in UTF-8 with ',
  'a BOM: a header row, then one row per indicator with the columns of the XLSX table; scores as ',
  'in the JSON answer.',
].join('')

/** An evaluation as the printable report (after "Accept: text/html。"). */
export const EVALUATION_HTML = [
  '可打印（A4）的自包含报告：抬头、总分与等级、SVG 图表（一级、三级指标得分对满分）、指标表及理由、自评比对、警告、基础数据。/ A self-contained printable ',
  '(A4) report: header, total and grade, SVG charts of scores against maxima, the table with ',
  'reasons, the self-assessment audit, the warnings and the base data.',
].join('')

/** The rows of a batch as a workbook or CSV. */
export const BATCH_ROWS = [
  '每个部门一行：项（index）、部门、部门代码、各三级指标得分、总分、等级、排名、状态、问题（出错项的错误代码与说明）/ One row per department: index, ',
  'department, code, a column per indicator, total, grade, rank, status, and the problem of a ',
  'refused item',
].join('')

/** POST /v1/rubrics/draft. */
export const DRAFT_WORKBOOK = [
  '本服务导出的指标表（POST /v1/evaluations 的 XLSX 应答，或按其格式的表）修改后原样发回：按标题行（一级指标 … 评价标准，',
  '中文或英文）找表，合并单元格的值读入其所跨各行，读到合计行为止；id、version、title 可用查询参数给出。',
  '/ The indicator table as the service exports it (or laid out alike), edited and sent back: found by its ',
  'heading row (Chinese or English), a merged cell read into every row it spans, read down to the sum row; ',
  'id, version and title may come as query parameters.',
].join('')

export const DRAFT_RUBRIC = [
  '把财政部门发布的部门整体支出绩效评价指标表（一级指标 / 分值 / 二级指标 / 分值 / 三级指标 / 分值 / 评价标准 / 指标说明）起草为评价体系：',
  '按评价标准的原文读出规则（分档、按步扣分、比例、清单、违规例数、档次、评价人员评分；全角半角一样读），按指标名称和指标说明中的公式从目录中选计量方式，',
  '请求中没有的数据改用 assessments.custom 并说明平台须提供什么。每行一条 finding：parsed（读出）、assumed（读出，列明所作假设）或 unparsed（未能读出，',
  '以 assessorScore 代替并说明原因）；validation 为按 POST /v1/rubrics/validate 校验草稿的结果。语法与目录见 README。\n',
  '\n',
  'Drafts a rubric from a bureau\'s published indicator table (level-1 / points / level-2 / points / indicator / ',
  'points / standard / description): rules read from the wording of each standard (bands, deductions per step, ',
  'proportions, checklists, counts of violations, levels, assessor\'s scores; full-width and half-width forms ',
  'alike), measures chosen from a catalogue by the indicator\'s name and the formula of its description, custom ',
  'inputs (assessments.custom) where the request has no field, with the input the platform must send. One finding ',
  'per row: parsed, assumed (with the assumptions) or unparsed (with why; an assessorScore stands in); validation ',
  'is the draft checked as POST /v1/rubrics/validate does. The grammar and the catalogue are in the README.',
].join('')
