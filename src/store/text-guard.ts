/**
 * Defence in depth at the store boundary: every string a store method is given must be well-formed
 * Unicode (no lone surrogate) and free of NUL. A lone surrogate is replaced by U+FFFD on its way into
 * the database, so the row hash computed on the original would never match the row read back (the
 * audit trail would report `row-edited` for ever); PostgreSQL refuses NUL in text and jsonb outright.
 * Refusing both here, before anything is hashed or written, keeps the chain true whatever the caller.
 */
import { AppError } from '../shared/errors.js'

/** String.prototype.isWellFormed (ES2024, Node 20): false when the string holds a lone surrogate */
const isWellFormed = (s: string) => (s as unknown as { isWellFormed(): boolean }).isWellFormed()

/** What is wrong with the string, or null when the store can keep it. */
export function textProblem(s: string): string | null {
  if (s.includes('\u0000')) return 'contains a NUL character (U+0000)'
  if (!isWellFormed(s)) return 'is not well-formed Unicode (a lone surrogate)'
  return null
}

const at = (path: string, key: string | number) => (path === '' ? String(key) : `${path}.${key}`)

/** The first bad string in `value` (object keys included), with its path; bytes (Uint8Array) are not text. */
export function findBadText(value: unknown, path = '', depth = 0): { path: string; problem: string } | null {
  if (typeof value === 'string') {
    const problem = textProblem(value)
    return problem === null ? null : { path, problem }
  }
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array || depth > 64) return null
  // strings are checked in place and a path is built only for what is bad or gone into (issue 15: a
  // determination's 14 KB answer is checked on every store call)
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = childProblem(value[i], path, i, depth)
      if (bad) return bad
    }
    return null
  }
  const record = value as Record<string, unknown>
  for (const k in record) {
    if (!Object.hasOwn(record, k)) continue
    const keyProblem = textProblem(k)
    if (keyProblem !== null) return { path: at(path, k), problem: `has a key that ${keyProblem}` }
    const bad = childProblem(record[k], path, k, depth)
    if (bad) return bad
  }
  return null
}

function childProblem(v: unknown, path: string, key: string | number, depth: number): { path: string; problem: string } | null {
  if (typeof v === 'string') {
    const problem = textProblem(v)
    return problem === null ? null : { path: at(path, key), problem }
  }
  if (v === null || typeof v !== 'object') return null
  return findBadText(v, at(path, key), depth + 1)
}

/**
 * False when the JSON text of a value proves that none of its strings (keys included) has NUL or a lone surrogate;
 * true when one may. JSON.stringify writes NUL as `\u0000` and a lone surrogate as `\udXXX` (well-formed
 * JSON.stringify, ES2019: lowercase hex; a surrogate pair is written as its characters), so a text without either
 * escape holds neither. The escape's text can also come from a string holding a backslash (written `\\u0000`):
 * then the caller walks the value (`assertStorableText`), which decides and names the field. One regular
 * expression over a determination's 14 KB answer instead of a walk over its ~1,000 strings (issue 15).
 */
export const jsonMayHoldBadText = (json: string): boolean => /\\u(?:0000|d[89a-f])/.test(json)

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
