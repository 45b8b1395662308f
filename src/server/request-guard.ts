/**
 * The one validator every request meets before its route schema (a `preValidation` hook on the whole
 * app): every string and object key in the body, the query and the path parameters must be storable text
 * (well-formed Unicode, no NUL: src/shared/text.ts) and within REQUEST_LIMITS, every array short enough,
 * every number finite and within ±maxNumberMagnitude, the nesting shallow enough. A failure is 400
 * VALIDATION_FAILED naming each offending field (`name`, `query.cursor`, `params.id`). Being generic, it
 * also covers fields a schema forgets; schemas keep their own, tighter bounds.
 */
import type { FastifyRequest } from 'fastify'
import { AppError, type FieldIssue } from '../shared/errors.js'
import { textProblem } from '../shared/text.js'
import { REQUEST_LIMITS, type RequestLimits } from './limits.js'

/** Route config: a route may raise a limit for its own requests (the list import's base64 files). */
declare module 'fastify' {
  interface FastifyContextConfig {
    requestLimits?: Partial<RequestLimits>
  }
}

const MAX_ISSUES = 20

type Walk = { limits: RequestLimits; issues: FieldIssue[] }

/** The problems of one request part (`body`, `query`, `params`), each with its field path. */
export function findRequestProblems(value: unknown, prefix: string, limits: RequestLimits = REQUEST_LIMITS): FieldIssue[] {
  const w: Walk = { limits, issues: [] }
  walk(value, prefix === '' ? [] : [prefix], 0, w)
  return w.issues
}

function pathOf(segments: readonly (string | number)[]): string {
  return segments.length === 0 ? '$' : segments.map(String).join('.')
}

function add(w: Walk, segments: readonly (string | number)[], message: string): void {
  if (w.issues.length < MAX_ISSUES) w.issues.push({ path: pathOf(segments), message })
}

function walk(value: unknown, at: (string | number)[], depth: number, w: Walk): void {
  if (w.issues.length >= MAX_ISSUES) return
  const { limits } = w
  if (typeof value === 'string') {
    const problem = textProblem(value)
    if (problem) add(w, at, problem)
    else if (value.length > limits.maxStringLength) add(w, at, `is ${value.length} characters long; at most ${limits.maxStringLength} are accepted`)
    return
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) add(w, at, 'expected a finite number')
    else if (Math.abs(value) > limits.maxNumberMagnitude) add(w, at, `expected a number between -${limits.maxNumberMagnitude} and ${limits.maxNumberMagnitude}`)
    return
  }
  if (value === null || typeof value !== 'object') return
  // file bytes (documents) are not text
  if (value instanceof Uint8Array) return
  if (depth >= limits.maxDepth) {
    add(w, at, `is nested more than ${limits.maxDepth} levels deep`)
    return
  }
  if (Array.isArray(value)) {
    if (value.length > limits.maxArrayLength) {
      add(w, at, `has ${value.length} items; at most ${limits.maxArrayLength} are accepted`)
      return
    }
    for (let i = 0; i < value.length; i++) walk(value[i], [...at, i], depth + 1, w)
    return
  }
  for (const [k, v] of Object.entries(value)) {
    const keyProblem = textProblem(k) ?? (k.length > limits.maxKeyLength ? `is a key of ${k.length} characters; at most ${limits.maxKeyLength} are accepted` : undefined)
    if (keyProblem) {
      add(w, [...at, k.length > 40 ? `${k.slice(0, 40)}…` : k], `key ${keyProblem}`)
      continue
    }
    walk(v, [...at, k], depth + 1, w)
  }
}

/** The hook: refuse the request when its body, query or path parameters break the limits. */
export async function guardRequest(request: FastifyRequest): Promise<void> {
  const limits: RequestLimits = { ...REQUEST_LIMITS, ...request.routeOptions.config?.requestLimits }
  const issues = [...findRequestProblems(request.params, 'params', limits), ...findRequestProblems(request.query, 'query', limits), ...findRequestProblems(request.body, '', limits)]
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', { detail: 'the request has text, numbers or sizes it cannot accept', issues })
}
