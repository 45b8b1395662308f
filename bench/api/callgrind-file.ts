/**
 * Reading a callgrind output file (format 1, names compressed or not): the total instructions of a dump and how
 * many times a function was called in it. Used by bench/api/inject-instructions.ts to check its window.
 */

/** The dump's total of the first event (Ir): its `summary:` line (what callgrind_annotate calls PROGRAM TOTALS), else its `totals:` line. */
export function totalIr(text: string): number {
  const m = /^summary:\s+(\d+)/m.exec(text) ?? /^totals:\s+(\d+)/m.exec(text)
  if (m === null) throw new Error('not a callgrind dump: no totals or summary line')
  return Number(m[1])
}

/** How many calls to the function named `name` the dump records (the `calls=` lines under a `cfn=` naming it). */
export function callsOf(text: string, name: string): number {
  const names = new Map<string, string>()
  /** `(12) name` defines id 12; `(12)` refers to it; a plain name is itself */
  const nameOf = (spec: string): string => {
    const m = /^\((\d+)\)(?:\s+(.*))?$/.exec(spec.trim())
    if (m === null) return spec.trim()
    if (m[2] !== undefined) names.set(m[1]!, m[2])
    return names.get(m[1]!) ?? ''
  }
  let callee = ''
  let total = 0
  for (const line of text.split('\n')) {
    if (line.startsWith('fn=')) nameOf(line.slice(3))
    else if (line.startsWith('cfn=')) callee = nameOf(line.slice(4))
    else if (line.startsWith('calls=')) {
      if (callee === name) total += Number(line.slice(6).split(/\s+/)[0])
    }
  }
  return total
}
