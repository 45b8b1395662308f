/**
 * The catalogue entries an unknown id may have meant: first those that have every word of it (an id's words, its
 * vendor and model: "h100" → every H100), chips before systems and the shortest ids first; then those whose id
 * contains it or has words starting with it; then the ids within a few edits of it. Every entry that matches as
 * well as the best is given, up to `max`, so a short query never drops one of equally good matches.
 */
type Suggestible = { id: string; kind?: string; vendor?: string | undefined; model?: string | undefined }

const words = (s: string | undefined): string[] => (s ?? '').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean)

/** Levenshtein distance */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!
    prev[0] = i
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1))
      diag = tmp
    }
  }
  return prev[b.length]!
}

/** 0: has every word of the query; 1: contains it, or a word of it starts each word of the query; else 2 + edit distance */
function tierOf(q: string, qWords: readonly string[], e: Suggestible): number {
  const own = new Set([...words(e.id), ...words(e.vendor), ...words(e.model)])
  if (qWords.length > 0 && qWords.every((w) => own.has(w))) return 0
  const id = e.id.toLowerCase()
  if (id.includes(q) || q.includes(id) || (qWords.length > 0 && qWords.every((w) => [...own].some((o) => o.startsWith(w))))) return 1
  return 2 + distance(q, id)
}

export function closestIds(query: string, entries: readonly (Suggestible | string)[], n = 3, max = 6): string[] {
  const q = query.toLowerCase()
  const qWords = words(q)
  const ranked = entries
    .map((x) => (typeof x === 'string' ? { id: x } : x))
    .map((e) => ({ e, tier: tierOf(q, qWords, e) }))
    .filter((s) => s.tier < 2 || s.tier - 2 <= Math.max(3, Math.floor(q.length / 2)))
    .sort((a, b) => a.tier - b.tier || Number(a.e.kind === 'system') - Number(b.e.kind === 'system') || words(a.e.id).length - words(b.e.id).length || a.e.id.localeCompare(b.e.id))
  const best = ranked[0]?.tier
  const tied = ranked.filter((s) => s.tier === best).length
  return ranked.slice(0, Math.min(max, Math.max(n, tied))).map((s) => s.e.id)
}
