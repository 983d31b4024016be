/** The OpenAPI descriptions of the template route and of a workbook upload. */

export const GET_TEMPLATE = [
  '该评价体系的基础数据表模板（XLSX），供部门财务人员在 Excel、WPS 或 LibreOffice 中填写后上传到 POST /v1/evaluations',
  '（?layout=batch：每行一个部门，上传到 POST /v1/evaluations/batch）。每个数据项一行：A 字段（JSON Pointer，已隐藏）、',
  'B 项目、C 单位、D 数值（待填）、E 说明；标签随 Accept-Language；D 列有数据验证（非负数、整数、是/否与档次下拉列表），',
  '其余单元格锁定；另有填写说明表。',
  '/ The base-data template of the rubric (XLSX), for a department\'s clerk to fill in with Excel, WPS or ',
  'LibreOffice and upload to POST /v1/evaluations (?layout=batch: a department a row, for POST ',
  '/v1/evaluations/batch). One row per input: A the field (a JSON Pointer, hidden), B the item, C the unit, D the ',
  'value to fill in, E notes; labels follow Accept-Language; column D has data validation (non-negative numbers, ',
  'whole numbers, yes/no and level lists), every other cell is locked; an instructions sheet. Download: ',
  '`curl -o template.xlsx localhost:3000/v1/rubrics/yuhua-2021/template`.',
].join('')

export const TEMPLATE_200 = '基础数据表模板 / The base-data template (attachment)'

/** What the two evaluation routes say of a workbook body. */
export const WORKBOOK_UPLOAD = [
  '填好的基础数据表模板（GET /v1/rubrics/{rubricId}/template）。按 A 列（批量为第 2 行）的 JSON Pointer 读取，空白单元格为',
  '未提供的数据；评价体系与选项作为查询参数（仅用于工作簿）：rubricId、deductionMode、roundRateBeforeScoring 与 headroom',
  '（true/false）；随后与 JSON 请求同样校验、评分，出错时每项注明单元格（cell）。',
  '/ A filled base-data template (GET /v1/rubrics/{rubricId}/template), read by the JSON Pointers of column A (row 2 ',
  'for a batch), blank cells being inputs not given; the rubric and options as query parameters (workbooks only): ',
  'rubricId, deductionMode, roundRateBeforeScoring and headroom (true/false); then validated ',
  'and scored like a JSON body, each error naming its cell (cell). ',
  'Upload: `curl -H \'content-type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\' ',
  '--data-binary @filled.xlsx localhost:3000/v1/evaluations`.',
].join('')
