import type { AliasKind, EntityType } from '../model.js'
import type { NameToken } from '../normalize/normalize-name.js'
import { prepareNormalizedName, type PreparedName } from '../score/compare-names.js'
import { countTokenFrequencies, type TokenFrequencies } from '../score/token-weights.js'
import { normalizeName } from '../normalize/normalize-name.js'

/** One name of one entry, as given to the index. */
export type NameToIndex = { entry: number; name: string; kind: AliasKind; type: EntityType | null }

export type IndexedName = { entry: number; kind: AliasKind; prepared: PreparedName }

export type RetrieveOptions = {
  /** keep only names of entries this accepts (list / type filters) */
  accept?: (entry: number) => boolean
  /** most names returned for full scoring */
  maxCandidates: number
}

export type CandidateIndex = {
  readonly names: readonly IndexedName[]
  readonly frequencies: TokenFrequencies
  /** name ids worth scoring for this query, most promising first */
  retrieve(query: PreparedName, opts: RetrieveOptions): Int32Array
}

/** a token whose postings exceed this is only used when rarer tokens found nothing */
const COMMON_POSTINGS = 4000
/** a candidate must share at least this fraction of the query's token weight */
const MIN_SHARED_FRACTION = 0.25

type Multi = number | number[]
function addMulti(m: Map<string, Multi>, key: string, v: number): void {
  const cur = m.get(key)
  if (cur === undefined) m.set(key, v)
  else if (typeof cur === 'number') {
    if (cur !== v) m.set(key, [cur, v])
  } else if (cur[cur.length - 1] !== v && !cur.includes(v)) cur.push(v)
}
function forMulti(v: Multi | undefined, f: (x: number) => void): void {
  if (v === undefined) return
  if (typeof v === 'number') f(v)
  else for (const x of v) f(x)
}

/**
 * The candidate index: an inverted index from normalized tokens to names, with keys for
 * transliteration variants, one-deletion neighbours (typos within edit distance ~2, SymSpell
 * style), joined word pairs ("hikvision" → "hik vision"), acronyms and consonant skeletons.
 * A query looks up its tokens rarest first, accumulates the shared weight per name and returns the
 * best few; only those are scored. No query scans every name.
 */
export function buildCandidateIndex(input: readonly NameToIndex[]): CandidateIndex {
  // 1. normalize once, count document frequency per entry
  const normalized = input.map((n) => normalizeName(n.name, { type: n.type }))
  const tokensByEntry = new Map<number, NameToken[]>()
  input.forEach((n, i) => {
    const list = tokensByEntry.get(n.entry)
    if (list) list.push(...normalized[i]!.tokens)
    else tokensByEntry.set(n.entry, [...normalized[i]!.tokens])
  })
  const frequencies = countTokenFrequencies(tokensByEntry.values())
  tokensByEntry.clear()
  const names: IndexedName[] = input.map((n, i) => ({ entry: n.entry, kind: n.kind, prepared: prepareNormalizedName(n.name, normalized[i]!, frequencies, n.type) }))
  normalized.length = 0

  // 2. vocabulary and postings
  const vocab = new Map<string, number>()
  const vocabTokens: NameToken[] = []
  const postingLists: number[][] = []
  const compound = new Map<string, Multi>()
  const acronyms = new Map<string, Multi>()
  names.forEach((n, id) => {
    const toks = n.prepared.tokens
    let initials = ''
    for (let k = 0; k < toks.length; k++) {
      const t = toks[k]!
      let v = vocab.get(t.text)
      if (v === undefined) {
        v = vocabTokens.length
        vocab.set(t.text, v)
        vocabTokens.push(t)
        postingLists.push([])
      }
      const pl = postingLists[v]!
      if (pl[pl.length - 1] !== id) pl.push(id)
      const next = toks[k + 1]
      if (next !== undefined) addMulti(compound, t.text + next.text, id)
      if (t.kind === 'word' || t.kind === 'initial') initials += t.text[0]
    }
    if (initials.length >= 2 && initials.length <= 6) addMulti(acronyms, initials, id)
  })
  const postings = postingLists.map((p) => Int32Array.from(p))
  postingLists.length = 0

  // 3. vocabulary keys: variants, nicknames, skeletons, one-deletion neighbours
  const variants = new Map<string, Multi>()
  const skeletons = new Map<string, Multi>()
  const deletions = new Map<string, Multi>()
  vocabTokens.forEach((t, v) => {
    if (t.variant !== undefined) addMulti(variants, 'v:' + t.variant, v)
    if (t.nickname !== undefined) addMulti(variants, 'n:' + t.nickname, v)
    if (t.kind === 'word' && t.skeleton.length >= 2) addMulti(skeletons, t.skeleton, v)
    if (t.kind === 'word' && t.text.length >= 4) for (const d of deletes(t.text)) addMulti(deletions, d, v)
  })

  // per-query scratch, reused
  const acc = new Float64Array(names.length)
  const stamp = new Int32Array(names.length)
  const touched: number[] = []
  let queryNo = 0

  function retrieve(query: PreparedName, opts: RetrieveOptions): Int32Array {
    queryNo++
    touched.length = 0
    const qt = query.tokens
    const qw = query.weights
    let totalWeight = 0
    for (let i = 0; i < qt.length; i++) totalWeight += qw[i]!

    // lookups per query token, rarest first
    type Lookup = { weight: number; vocabIds: Set<number>; nameIds: number[] }
    const lookups: Lookup[] = []
    for (let i = 0; i < qt.length; i++) {
      const t = qt[i]!
      if (t.kind === 'title') continue
      const ids = new Set<number>()
      const nameIds: number[] = []
      const exact = vocab.get(t.text)
      if (exact !== undefined) ids.add(exact)
      if (t.kind === 'word') {
        if (t.variant !== undefined) forMulti(variants.get('v:' + t.variant), (v) => ids.add(v))
        if (t.nickname !== undefined) forMulti(variants.get('n:' + t.nickname), (v) => ids.add(v))
        if (t.isAbjad && t.skeleton.length >= 2) forMulti(skeletons.get(t.skeleton), (v) => ids.add(v))
        if (t.text.length >= 4) {
          forMulti(deletions.get(t.text), (v) => ids.add(v))
          for (const d of deletes(t.text)) {
            const e = vocab.get(d)
            if (e !== undefined) ids.add(e)
            forMulti(deletions.get(d), (v) => ids.add(v))
          }
        }
        forMulti(compound.get(t.text), (n) => nameIds.push(n))
        if (t.text.length >= 2 && t.text.length <= 6) forMulti(acronyms.get(t.text), (n) => nameIds.push(n))
      }
      const next = qt[i + 1]
      if (next !== undefined) {
        const joined = vocab.get(t.text + next.text)
        if (joined !== undefined) ids.add(joined)
      }
      lookups.push({ weight: qw[i]!, vocabIds: ids, nameIds })
    }
    lookups.sort((a, b) => b.weight - a.weight)

    for (const l of lookups) {
      let size = l.nameIds.length
      for (const v of l.vocabIds) size += postings[v]!.length
      if (size > COMMON_POSTINGS && touched.length > 0) continue
      const credit = (id: number): void => {
        if (stamp[id] !== queryNo) {
          stamp[id] = queryNo
          acc[id] = 0
          touched.push(id)
        }
        acc[id] = acc[id]! + l.weight
      }
      // one credit per name per query token
      const seen = new Set<number>()
      for (const v of l.vocabIds) {
        const p = postings[v]!
        for (let k = 0; k < p.length; k++) {
          const id = p[k]!
          if (seen.has(id)) continue
          seen.add(id)
          credit(id)
        }
      }
      for (const id of l.nameIds) {
        if (seen.has(id)) continue
        seen.add(id)
        credit(id)
      }
    }

    const minShared = totalWeight * MIN_SHARED_FRACTION
    const accept = opts.accept
    const kept: number[] = []
    for (const id of touched) {
      if (acc[id]! < minShared) continue
      if (accept && !accept(names[id]!.entry)) continue
      kept.push(id)
    }
    kept.sort((a, b) => acc[b]! - acc[a]!)
    if (kept.length > opts.maxCandidates) kept.length = opts.maxCandidates
    return Int32Array.from(kept)
  }

  return { names, frequencies, retrieve }
}

/** all strings made by deleting one character */
function deletes(s: string): string[] {
  const out: string[] = []
  for (let i = 0; i < s.length; i++) {
    const d = s.slice(0, i) + s.slice(i + 1)
    if (out[out.length - 1] !== d) out.push(d)
  }
  return out
}
