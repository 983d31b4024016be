import seed from '../schemas/examples/yuhua-2021.request.json' with { type: 'json' }
import type { EvaluationRequest } from '../schemas/evaluation-request.js'

/** A small deterministic generator, so that every run scores the same departments. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

const money = (next: () => number, low: number, high: number) => (low + next() * (high - low)).toFixed(2)

/**
 * `count` different departments derived from the seed: staffing, budgets, 三公经费, public funds,
 * procurement, assessments and self-assessment all vary, so no two bodies are the same.
 */
export function departments(count: number, seedValue = 2021): EvaluationRequest[] {
  const next = random(seedValue)
  return Array.from({ length: count }, (_, index) => {
    const request = structuredClone(seed) as EvaluationRequest
    const base = request.baseData!
    const authorized = 10 + Math.floor(next() * 200)
    base.staffing = { authorized, actual: Math.max(0, authorized + Math.floor(next() * 12) - 8) }
    const prior = Number(money(next, 1, 50))
    base.threePublicExpenses = {
      priorYearFinal: prior.toFixed(2),
      budget: money(next, prior * 0.8, prior * 1.2),
      final: money(next, prior * 0.6, prior * 1.1),
    }
    const initial = Number(money(next, 500, 20000))
    const carryover = money(next, 0, 2000)
    const supplementary = money(next, -0.05 * initial, 0.4 * initial)
    base.budget = {
      carryover,
      initial: initial.toFixed(2),
      supplementary,
      yearEndBalance: money(next, 0, Number(carryover) + initial * 0.9),
    }
    const fundsBudget = Number(money(next, 20, 300))
    base.publicFunds = { budget: fundsBudget.toFixed(2), final: money(next, fundsBudget * 0.8, fundsBudget * 1.1) }
    const procurement = Number(money(next, 50, 900))
    base.procurement = { budget: procurement.toFixed(2), actual: money(next, procurement * 0.7, procurement * 1.4) }
    request.department = { name: `示例部门 ${index + 1}`, code: `D${String(index + 1).padStart(4, '0')}` }
    request.assessments!.keyWork = { planned: 20, actual: 14 + Math.floor(next() * 7) }
    request.assessments!.satisfaction = { rate: money(next, 60, 100) }
    request.assessments!.administrativeEfficiency = (['good', 'average', 'poor'] as const)[Math.floor(next() * 3)]!
    return request
  })
}
