/** The keys a token is found by besides its text, shared by the builder and the query path. */
import type { Multi } from './candidate-index-data.js'

/** words this long are also found by their first PREFIX_LENGTH letters */
export const PREFIX_MIN_WORD = 8
export const PREFIX_LENGTH = 7

export function addMulti(m: Map<string, Multi>, key: string, v: number): void {
  const cur = m.get(key)
  if (cur === undefined) m.set(key, v)
  else if (typeof cur === 'number') {
    if (cur !== v) m.set(key, [cur, v])
  } else if (cur[cur.length - 1] !== v) cur.push(v) // values arrive in increasing order
}

/** all strings made by deleting one character */
export function deletes(s: string): string[] {
  const out: string[] = []
  for (let i = 0; i < s.length; i++) {
    const d = s.slice(0, i) + s.slice(i + 1)
    if (out[out.length - 1] !== d) out.push(d)
  }
  return out
}
