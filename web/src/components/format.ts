/** Small formatting helpers. */
export const num = (n: number | null | undefined, digits = 0) => (n === null || n === undefined ? '–' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }))
/** "1 event", "2 events", "1,204 records": a count with its noun, plural when it is not one */
export const count = (n: number, noun: string, plural = `${noun}s`) => `${num(n)} ${n === 1 ? noun : plural}`
export const today = () => new Date().toISOString().slice(0, 10)
/** A moment as "2026-12-07 17:31 UTC": converted to UTC and said so (a text that is not a date is shown as it is). */
export function when(iso: string | null | undefined): string {
  if (!iso) return '–'
  const t = Date.parse(iso)
  return Number.isNaN(t) ? iso : `${new Date(t).toISOString().replace('T', ' ').slice(0, 16)} UTC`
}
export const verdictColor = (v: string) => ({ NLR: 'green', LICENSE_EXCEPTION: 'teal', LICENSE_REQUIRED: 'orange', PROHIBITED: 'red' })[v] ?? 'gray'
export const statusColor = (s: string) => ({ pending: 'orange', approved: 'green', rejected: 'red', prohibited: 'red', 'not-required': 'gray', superseded: 'gray', open: 'orange', cleared: 'green', confirmed: 'red' })[s] ?? 'gray'
/** A listed transaction's deal in words: "8 × nvidia-h100-sxm to AE" (GET /v1/transactions reads it from the stored transaction). */
export const dealText = (t: { item: string | null; quantity: number | null; destination: string | null }) => `${t.quantity === null ? '' : `${num(t.quantity)} × `}${t.item ?? 'item not given'} to ${t.destination ?? '–'}`

type Age = { ageDays: number | null; maxAgeDays?: number; isStale: boolean }

/**
 * A list's age against its limit, in words and a colour: green only when the list is dated and within a limit set
 * for it; a list with no limit (the UN, UK and EU lists by default) is not judged, so it is grey, not green.
 */
export function listAgeBadge(a: Age): { color: string; label: string; text: string } {
  const age = a.ageDays === null ? 'publication date unknown' : `${count(a.ageDays, 'day')} old`
  if (a.maxAgeDays === undefined) return { color: 'gray', label: 'age not judged', text: `${age}; age not judged: no age limit is set for this list` }
  if (a.ageDays === null) return { color: 'orange', label: 'undated', text: `${age}: cannot be checked against the ${a.maxAgeDays}-day limit` }
  if (a.isStale) return { color: 'orange', label: 'out of date', text: `${age}, over the ${a.maxAgeDays}-day limit` }
  return { color: 'green', label: 'current', text: `${age}, within the ${a.maxAgeDays}-day limit` }
}

/**
 * A problem's words: its title as the heading and its detail below, except that a detail which only restates the
 * title ("the username or password is wrong (4 more failures lock the account)") takes the heading's place.
 */
export function problemWords(p: { title: string; detail?: string }): { heading: string; detail?: string } {
  const detail = p.detail?.trim()
  if (detail && detail.toLowerCase().startsWith(p.title.trim().toLowerCase())) return { heading: detail.charAt(0).toUpperCase() + detail.slice(1) }
  return { heading: p.title, ...(detail ? { detail } : {}) }
}
