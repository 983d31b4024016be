import { BatchRequestSchema, BatchResponseSchema, BatchSummarySchema } from './batch.js'
import { DraftFindingSchema, DraftResponseSchema, DraftRowSchema, DraftTableSchema } from './draft.js'
import {
  AssessmentsSchema,
  BaseDataSchema,
  BudgetSchema,
  BuildingsSchema,
  CustomAssessmentSchema,
  DeductionModeSchema,
  DepartmentSchema,
  EvaluationOptionsSchema,
  EvaluationRequestSchema,
  ExpenseColumnsSchema,
  PublicFundsSchema,
  ReviewAdjustmentSchema,
  ReviewSchema,
  ThreePublicExpensesSchema,
} from './evaluation-request.js'
import {
  CategoryResultSchema,
  EvaluationAnswerSchema,
  EvaluationGradeSchema,
  EvaluationResponseSchema,
  EvaluationScoresSchema,
  GroupResultSchema,
  HeadroomInputSchema,
  HeadroomLimitSchema,
  HeadroomMoveSchema,
  HeadroomSchema,
  IndicatorHeadroomSchema,
  IndicatorResultSchema,
  ReasonSchema,
  ReviewAdjustmentResultSchema,
  ReviewResultSchema,
  SelfAssessmentDifferenceSchema,
  SelfAssessmentResultSchema,
  WarningSchema,
} from './evaluation-response.js'
import { ProblemErrorSchema, ProblemSchema } from './problem.js'
import {
  AssessorScoreRuleSchema,
  BandsRuleSchema,
  CategorySchema,
  ChecklistRuleSchema,
  ConditionSchema,
  FallbackSchema,
  FirstAvailableMeasureSchema,
  GradeSchema,
  GroupSchema,
  IndicatorSchema,
  LevelsRuleSchema,
  MeasureSchema,
  OperandSchema,
  ProportionalRuleSchema,
  RatioMeasureSchema,
  RubricListSchema,
  RubricSchema,
  RubricSummarySchema,
  RubricValidationSummarySchema,
  RuleSchema,
  StepDeductionRuleSchema,
  TargetAttainmentRuleSchema,
  ValueMeasureSchema,
  ViolationsRuleSchema,
} from './rubric.js'

type Named = { $id?: unknown; properties?: Record<string, unknown>; items?: unknown; anyOf?: unknown[] }

/** The schema of `key` in an object schema, through Optional, arrays and nullable unions. */
function part(schema: unknown, ...path: string[]): Named {
  let node = schema as Named
  for (const key of path) {
    node = node.properties![key] as Named
    while (node.$id === undefined && (node.items || node.anyOf)) node = (node.items ?? node.anyOf![0]) as Named
  }
  return node
}

/**
 * Every schema that is a named component of the OpenAPI document (`components/schemas/<$id>`),
 * in the order the document lists them. A schema is named by its `$id`, which clients' generated
 * types take as their names: renaming one breaks their code. A schema given an `$id` must be
 * listed here (the document fails to build otherwise, and the README lists the names).
 */
export const COMPONENTS = [
  // The request
  EvaluationRequestSchema,
  DepartmentSchema,
  BaseDataSchema,
  ExpenseColumnsSchema,
  ThreePublicExpensesSchema,
  BudgetSchema,
  PublicFundsSchema,
  BuildingsSchema,
  AssessmentsSchema,
  CustomAssessmentSchema,
  part(EvaluationRequestSchema, 'selfAssessment'),
  EvaluationOptionsSchema,
  DeductionModeSchema,
  ReviewSchema,
  ReviewAdjustmentSchema,
  // The evaluation, full and compact
  EvaluationAnswerSchema,
  EvaluationResponseSchema,
  part(EvaluationResponseSchema, 'rubric'),
  part(EvaluationResponseSchema, 'options'),
  EvaluationGradeSchema,
  CategoryResultSchema,
  GroupResultSchema,
  IndicatorResultSchema,
  ReasonSchema,
  SelfAssessmentResultSchema,
  SelfAssessmentDifferenceSchema,
  WarningSchema,
  HeadroomSchema,
  IndicatorHeadroomSchema,
  HeadroomInputSchema,
  HeadroomMoveSchema,
  HeadroomLimitSchema,
  ReviewResultSchema,
  ReviewAdjustmentResultSchema,
  EvaluationScoresSchema,
  part(EvaluationScoresSchema, 'rubric'),
  part(EvaluationScoresSchema, 'categories'),
  part(EvaluationScoresSchema, 'categories', 'children'),
  part(EvaluationScoresSchema, 'indicators'),
  part(EvaluationScoresSchema, 'indicators', 'reason'),
  part(EvaluationScoresSchema, 'selfAssessment'),
  part(EvaluationScoresSchema, 'selfAssessment', 'differences'),
  // The batch
  BatchRequestSchema,
  BatchResponseSchema,
  part(BatchResponseSchema, 'results'),
  BatchSummarySchema,
  part(BatchSummarySchema, 'indicators'),
  part(BatchSummarySchema, 'ranking'),
  // The rubric
  RubricSchema,
  GradeSchema,
  CategorySchema,
  GroupSchema,
  IndicatorSchema,
  MeasureSchema,
  RatioMeasureSchema,
  ValueMeasureSchema,
  FirstAvailableMeasureSchema,
  OperandSchema,
  FallbackSchema,
  ConditionSchema,
  RuleSchema,
  StepDeductionRuleSchema,
  BandsRuleSchema,
  part(BandsRuleSchema, 'bands'),
  ProportionalRuleSchema,
  ChecklistRuleSchema,
  ViolationsRuleSchema,
  LevelsRuleSchema,
  AssessorScoreRuleSchema,
  TargetAttainmentRuleSchema,
  RubricListSchema,
  RubricSummarySchema,
  RubricValidationSummarySchema,
  // Drafting a rubric from a bureau's table
  DraftTableSchema,
  DraftRowSchema,
  DraftResponseSchema,
  DraftFindingSchema,
  // Errors
  ProblemSchema,
  ProblemErrorSchema,
]

/** The components' names, in the same order. */
export const COMPONENT_NAMES: readonly string[] = COMPONENTS.map((schema) => String((schema as Named).$id))
