/**
 * Defence in depth at the store boundary: every string a store method is given must be well-formed
 * Unicode (no lone surrogate) and free of NUL. A lone surrogate is replaced by U+FFFD on its way into
 * the database, so the row hash computed on the original would never match the row read back (the
 * audit trail would report `row-edited` for ever); PostgreSQL refuses NUL in text and jsonb outright.
 * Refusing both here, before anything is hashed or written, keeps the chain true whatever the caller.
 */
import { AppError } from '../shared/errors.js'

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
const NUL = /\u0000/

/** What is wrong with the string, or null when the store can keep it. */
export function textProblem(s: string): string | null {
  if (NUL.test(s)) return 'contains a NUL character (U+0000)'
  if (LONE_SURROGATE.test(s)) return 'is not well-formed Unicode (a lone surrogate)'
  return null
}

/** The first bad string in `value` (object keys included), with its path; bytes (Uint8Array) are not text. */
export function findBadText(value: unknown, path = '', depth = 0): { path: string; problem: string } | null {
  if (typeof value === 'string') {
    const problem = textProblem(value)
    return problem === null ? null : { path, problem }
  }
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array || depth > 64) return null
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = findBadText(value[i], path === '' ? String(i) : `${path}.${i}`, depth + 1)
      if (bad) return bad
    }
    return null
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const at = path === '' ? k : `${path}.${k}`
    const keyProblem = textProblem(k)
    if (keyProblem !== null) return { path: at, problem: `has a key that ${keyProblem}` }
    const bad = findBadText(v, at, depth + 1)
    if (bad) return bad
  }
  return null
}

/** Throws VALIDATION_FAILED (400) naming the field when any string in the arguments cannot be stored as given. */
export function assertStorableText(args: readonly unknown[]): void {
  for (let i = 0; i < args.length; i++) {
    const bad = findBadText(args[i])
    if (bad) {
      const field = bad.path === '' ? `argument ${i + 1}` : bad.path
      throw new AppError('VALIDATION_FAILED', { detail: `${field} ${bad.problem}: the store keeps only well-formed Unicode text without NUL`, issues: [{ path: field, message: `${bad.problem}; expected well-formed Unicode text without NUL` }] })
    }
  }
}
