import type { Measure, Operand, RatioMeasure } from '../../schemas/rubric.js'
import type { CompiledRubric } from './compile.js'
import { operandPointers } from './compile.js'
import { readPointer } from '../core/pointer.js'
import { Dec, HUNDRED, ZERO, isDecimalInput, parsedAt, ratePercent, round2, type ParsedInputs } from './decimal.js'

export type InputValue = string | boolean | null
export type Inputs = Record<string, InputValue>

export interface FallbackUse {
  readonly pointer: string
  readonly use: string
  readonly warning: string
  readonly value: string
}

export interface Note {
  readonly text: string
  readonly textEn: string
}

export type MeasureOutcome =
  | { readonly kind: 'missing'; readonly missing: readonly string[] }
  | { readonly kind: 'notApplicable'; readonly reason: Note; readonly pointer: string }
  | { readonly kind: 'bothZero' }
  | { readonly kind: 'zeroDenominator'; readonly numerator: Dec; readonly denominator: readonly string[] }
  | {
      readonly kind: 'rate'
      readonly rounded: Dec
      readonly unrounded: () => Dec
      readonly negativeNote?: Note | undefined
    }
  | { readonly kind: 'raw'; readonly value: unknown; readonly pointer: string }

/** What reading a measure left behind besides its outcome: the inputs seen, the fallbacks taken. */
export interface MeasureContext {
  readonly request: unknown
  readonly rubric: CompiledRubric
  readonly inputs: Inputs
  readonly fallbacks: FallbackUse[]
  /** Each input decimal parsed once per evaluation, by pointer: several indicators read the budget. */
  readonly parsed: ParsedInputs
}

// The pointer helper lives in src/core; exported here too, for the engine's own imports.
export { readPointer } from '../core/pointer.js'

function read(context: MeasureContext, pointer: string): unknown {
  // compileRubric split every pointer a measure may read.
  return readPointer(context.request, context.rubric.pointers.get(pointer)!.tokens)
}

function record(context: MeasureContext, pointer: string, value: unknown): void {
  if (value === undefined || value === null) context.inputs[pointer] = null
  else if (typeof value === 'boolean' || typeof value === 'string') context.inputs[pointer] = value
  else if (typeof value === 'number') context.inputs[pointer] = String(value)
  else if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) record(context, `${pointer}/${key}`, item)
  }
}

/** Reads one number, through the measure's fallback when the pointer is absent. */
function readNumber(
  context: MeasureContext,
  measure: RatioMeasure,
  pointer: string,
  missing: string[],
): Dec | undefined {
  const value = read(context, pointer)
  record(context, pointer, value)
  if (isDecimalInput(value)) return parsedAt(context.parsed, pointer, value)
  const fallback = measure.fallbacks?.find((candidate) => candidate.pointer === pointer)
  if (fallback) {
    const substitute = read(context, fallback.use)
    record(context, fallback.use, substitute)
    if (isDecimalInput(substitute)) {
      if (!context.fallbacks.some((used) => used.pointer === pointer)) {
        context.fallbacks.push({ pointer, use: fallback.use, warning: fallback.warning, value: String(substitute) })
      }
      return parsedAt(context.parsed, fallback.use, substitute)
    }
  }
  if (!missing.includes(pointer)) missing.push(pointer)
  // Either would do: the client is told of both.
  if (fallback && !missing.includes(fallback.use)) missing.push(fallback.use)
  return undefined
}

function readOperand(
  context: MeasureContext,
  measure: RatioMeasure,
  operand: Operand,
  missing: string[],
): Dec | undefined {
  if (typeof operand === 'string') return readNumber(context, measure, operand, missing)
  let total: Dec | undefined = ZERO
  for (const pointer of operand.add) {
    const value = readNumber(context, measure, pointer, missing)
    total = value && total ? total.plus(value) : undefined
  }
  for (const pointer of operand.subtract ?? []) {
    const value = readNumber(context, measure, pointer, missing)
    total = value && total ? total.minus(value) : undefined
  }
  return total
}

function measureRatio(context: MeasureContext, measure: RatioMeasure): MeasureOutcome {
  const condition = measure.notApplicableWhen
  if (condition) {
    const value = read(context, condition.pointer)
    record(context, condition.pointer, value)
    if (value === undefined) return { kind: 'missing', missing: [condition.pointer] }
    if (value === condition.equals) {
      return {
        kind: 'notApplicable',
        pointer: condition.pointer,
        reason: { text: condition.reason, textEn: condition.reasonEn },
      }
    }
  }
  const missing: string[] = []
  const numerator = readOperand(context, measure, measure.numerator, missing)
  const denominator = readOperand(context, measure, measure.denominator, missing)
  if (numerator === undefined || denominator === undefined) return { kind: 'missing', missing }
  if (denominator.isZero()) {
    if (numerator.isZero()) return { kind: 'bothZero' }
    return { kind: 'zeroDenominator', numerator, denominator: operandPointers(measure.denominator) }
  }
  // The unrounded rate is worked out only when an evaluation scores on it (roundRateBeforeScoring
  // false); the sign of the quotient says whether the rate is below 0.
  return {
    kind: 'rate',
    rounded: ratePercent(numerator, denominator),
    unrounded: () => numerator.div(denominator).times(HUNDRED),
    // decimal.js keeps the sign of -0 ("-0.00" is a valid input); only a rate below 0 is a cut.
    negativeNote:
      !numerator.isZero() && numerator.isNegative() !== denominator.isNegative() ? measure.negativeNote : undefined,
  }
}

export function runMeasure(context: MeasureContext, measure: Measure): MeasureOutcome {
  switch (measure.kind) {
    case 'ratio':
      return measureRatio(context, measure)
    case 'value': {
      const value = read(context, measure.pointer)
      record(context, measure.pointer, value)
      if (value === undefined || value === null) return { kind: 'missing', missing: [measure.pointer] }
      if (measure.unit === '%') {
        if (!isDecimalInput(value)) return { kind: 'missing', missing: [measure.pointer] }
        const exact = parsedAt(context.parsed, measure.pointer, value)
        return { kind: 'rate', rounded: round2(exact), unrounded: () => exact }
      }
      return { kind: 'raw', value, pointer: measure.pointer }
    }
    case 'firstAvailable': {
      const missing: string[] = []
      for (const alternative of measure.measures) {
        const outcome = runMeasure(context, alternative)
        if (outcome.kind !== 'missing') {
          for (const pointer of missing) delete context.inputs[pointer]
          return outcome
        }
        missing.push(...outcome.missing)
      }
      return { kind: 'missing', missing }
    }
  }
}
