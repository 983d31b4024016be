import { Type, type Static } from 'typebox'

export const ProblemErrorSchema = Type.Object(
  {
    pointer: Type.String({
      description:
        '出错字段的 JSON Pointer；上传工作簿时 cell 为其单元格（如 基础数据表!D7）/ JSON Pointer to the offending field; for an ' +
        'uploaded workbook, cell names its cell.',
    }),
    message: Type.String(),
    rule: Type.String({ description: '违反的规则 / The rule broken, e.g. required, pattern, maximum.' }),
    received: Type.Optional(Type.Unknown({ description: '收到的值（截断）/ The value received (truncated).' })),
    cell: Type.Optional(Type.String()),
  },
  { $id: 'ProblemError', additionalProperties: false },
)

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: '问题类型 URI / Problem type URI.' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.String(),
    code: Type.String({ description: '稳定的错误代码 / A stable error code.' }),
    requestId: Type.String(),
    errors: Type.Optional(Type.Array(ProblemErrorSchema)),
  },
  {
    $id: 'Problem',
    additionalProperties: false,
    description: 'RFC 9457 problem details (application/problem+json).',
  },
)

export type Problem = Static<typeof ProblemSchema>
export type ProblemError = Static<typeof ProblemErrorSchema>
