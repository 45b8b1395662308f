import type { AliasKind, EntityType } from '../model.js'
import { normalizeName, type NameToken, type NormalizedName } from '../normalize/normalize-name.js'
import { beginSimilarityCache, prepareNormalizedName, type PreparedName } from '../score/compare-names.js'
import { DEFAULT_TOKEN_FREQUENCIES } from '../score/default-token-frequencies.js'
import { countTokenFrequencies, type TokenFrequencies } from '../score/token-weights.js'

/**
 * One name of one entry, as given to the index: `name` is what is matched, `published` the name
 * as the list writes it (they differ for parts of a compound name), `factor` scales its scores.
 */
export type NameToIndex = { entry: number; name: string; published: string; factor: number; kind: AliasKind; type: EntityType | null }

export type IndexedName = { entry: number; kind: AliasKind; published: string; factor: number; prepared: PreparedName }

export type RetrieveOptions = {
  /** keep only names of entries this accepts (list / type filters) */
  accept?: (entry: number) => boolean
  /** most names returned for full scoring */
  maxCandidates: number
  /** names sharing less than this fraction of the query's token weight are not returned */
  minSharedFraction?: number
}

/** Candidate names, most promising first, with the query weight each shares with the query. */
export type Candidates = {
  ids: Int32Array
  /** Σ weight of the query tokens that found a counterpart in the name (same order as ids; ids are ranked by this weight × match quality) */
  shared: Float64Array
  /** Σ weight of all query tokens */
  queryWeight: number
  /** each name's total token weight (same order as ids) */
  nameWeight: Float64Array
}

export type CandidateIndex = {
  readonly names: readonly IndexedName[]
  readonly frequencies: TokenFrequencies
  /** name ids worth scoring for this query, most promising first; also primes the similarity cache */
  retrieve(query: PreparedName, opts: RetrieveOptions): Candidates
}

/** a token whose postings exceed this is only used when rarer tokens found nothing */
const COMMON_POSTINGS = 4000
/** in the candidate ranking, each unit of list-name weight not shared with the query costs this */
const RANK_LEFTOVER = 0.3
/** a candidate must share at least this fraction of the query's token weight */
const MIN_SHARED_FRACTION = 0.25

type Multi = number | number[]
function addMulti(m: Map<string, Multi>, key: string, v: number): void {
  const cur = m.get(key)
  if (cur === undefined) m.set(key, v)
  else if (typeof cur === 'number') {
    if (cur !== v) m.set(key, [cur, v])
  } else if (cur[cur.length - 1] !== v) cur.push(v) // values arrive in increasing order
}

/**
 * The candidate index: an inverted index from normalized tokens to names, with keys for
 * transliteration variants, one-deletion neighbours (typos within edit distance ~2, SymSpell
 * style), joined word pairs ("hikvision" → "hik vision"), acronyms and consonant skeletons.
 * A query looks up its tokens rarest first, accumulates the shared weight per name and returns the
 * best few; only those are scored. No query scans every name.
 */
export function buildCandidateIndex(input: readonly NameToIndex[]): CandidateIndex {
  // 1. normalize once, intern tokens (names share one object per distinct token), count document frequency
  const vocab = new Map<string, number>()
  const vocabTokens: NameToken[] = []
  // the same name often appears on several lists (CSL repeats the SDN): normalize it once
  const seen = new Map<string, { norm: NormalizedName; ids: Int32Array }>()
  const normalized = input.map((n) => {
    const cacheKey = (n.type ?? '') + '\u0000' + n.name
    const cached = seen.get(cacheKey)
    if (cached) return cached
    const norm = normalizeName(n.name, { type: n.type })
    const ids = new Int32Array(norm.tokens.length)
    norm.tokens = norm.tokens.map((t, k) => {
      const key = t.kind + (t.isAbjad ? '*' : '') + (t.isSyllabic ? '~' : '') + (t.isAcronym ? '.' : '') + ':' + t.text
      let v = vocab.get(key)
      if (v === undefined) {
        v = vocabTokens.length
        vocab.set(key, v)
        vocabTokens.push(t)
      }
      ids[k] = v
      return vocabTokens[v]!
    })
    const result = { norm, ids }
    seen.set(cacheKey, result)
    return result
  })
  seen.clear()
  const tokensByEntry = new Map<number, NameToken[]>()
  input.forEach((n, i) => {
    const list = tokensByEntry.get(n.entry)
    if (list) list.push(...normalized[i]!.norm.tokens)
    else tokensByEntry.set(n.entry, [...normalized[i]!.norm.tokens])
  })
  const frequencies: TokenFrequencies = { ...countTokenFrequencies(tokensByEntry.values()), fallback: DEFAULT_TOKEN_FREQUENCIES }
  tokensByEntry.clear()
  const names: IndexedName[] = input.map((n, i) => {
    const prepared = prepareNormalizedName(n.name, normalized[i]!.norm, frequencies, n.type)
    prepared.vocabIds = normalized[i]!.ids
    return { entry: n.entry, kind: n.kind, published: n.published, factor: n.factor, prepared }
  })
  normalized.length = 0

  // 2. postings by token text (kinds merged), joined pairs, acronyms
  const textIds = new Map<string, number>()
  const textTokens: NameToken[] = []
  const postingLists: number[][] = []
  const compound = new Map<string, Multi>()
  const acronyms = new Map<string, Multi>()
  names.forEach((n, id) => {
    const toks = n.prepared.tokens
    let initials = ''
    for (let k = 0; k < toks.length; k++) {
      const t = toks[k]!
      let v = textIds.get(t.text)
      if (v === undefined) {
        v = textTokens.length
        textIds.set(t.text, v)
        textTokens.push(t)
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

  // 3. keys to token texts: variants, nicknames, skeletons, one-deletion neighbours
  const variants = new Map<string, Multi>()
  const skeletons = new Map<string, Multi>()
  const deletions = new Map<string, Multi>()
  textTokens.forEach((t, v) => {
    if (t.variant !== undefined) addMulti(variants, 'v:' + t.variant, v)
    if (t.nickname !== undefined) addMulti(variants, 'n:' + t.nickname, v)
    if (t.kind === 'word' && t.skeleton.length >= 2) addMulti(skeletons, t.skeleton, v)
    if (t.kind === 'word' && t.text.length >= 4) for (const d of deletes(t.text)) addMulti(deletions, d, v)
  })

  // per-query scratch, reused
  const acc = new Float64Array(names.length) // shared weight × match quality, for ranking
  const accRaw = new Float64Array(names.length) // shared weight, for the score bound
  const rank = new Float64Array(names.length)
  const stamp = new Int32Array(names.length)
  const tokenStamp = new Int32Array(names.length) // one credit per name per query token
  const textStamp = new Int32Array(textTokens.length)
  // per name, flat (the ranking loop reads these for every touched name)
  const nameWeight = new Float64Array(names.length)
  const nameEntry = new Int32Array(names.length)
  for (let id = 0; id < names.length; id++) {
    nameWeight[id] = names[id]!.prepared.totalWeight
    nameEntry[id] = names[id]!.entry
  }
  let touched = new Int32Array(1024)
  let touchedCount = 0
  let kept = new Int32Array(1024)
  let keptRanks = new Float64Array(1024)
  let queryNo = 0
  let lookupNo = 0
  // texts found for the current query token, best match quality first (exact 1, variant or
  // joined 0.95, skeleton or one-deletion neighbour 0.85); names found directly (compound, acronym)
  const found: number[] = []
  const foundQuality: number[] = []
  const foundNames: number[] = []
  const EXACT = 1
  const VARIANT = 0.95
  const NEIGHBOUR = 0.85
  const COMPOUND = 0.9

  const addText = (v: number, quality: number): void => {
    if (textStamp[v] === lookupNo) return
    textStamp[v] = lookupNo
    found.push(v)
    foundQuality.push(quality)
  }
  const addTexts = (m: Multi | undefined, quality: number): void => {
    if (m === undefined) return
    if (typeof m === 'number') addText(m, quality)
    else for (const v of m) addText(v, quality)
  }
  const addNames = (m: Multi | undefined): void => {
    if (m === undefined) return
    if (typeof m === 'number') foundNames.push(m)
    else for (const v of m) foundNames.push(v)
  }

  // what one query token finds in the index depends on the token alone: cache it (batches repeat
  // common given names and surnames). head: exact text, variants, nicknames (then the joined pair
  // is looked up per query); tail: skeleton and one-deletion neighbours; names: compounds, acronyms.
  type TokenLookup = { head: Int32Array; headQuality: Float64Array; tail: Int32Array; names: Int32Array }
  const lookupCache = new Map<string, TokenLookup>()
  const LOOKUP_CACHE_MAX = 50_000
  function tokenLookup(t: NameToken): TokenLookup {
    const key = t.kind + (t.isAbjad ? '*' : '') + ':' + t.text
    const cached = lookupCache.get(key)
    if (cached !== undefined) return cached
    lookupNo++
    found.length = 0
    foundQuality.length = 0
    foundNames.length = 0
    const exact = textIds.get(t.text)
    if (exact !== undefined) addText(exact, EXACT)
    if (t.kind === 'word' || t.kind === 'particle') {
      if (t.variant !== undefined) addTexts(variants.get('v:' + t.variant), VARIANT)
      if (t.nickname !== undefined) addTexts(variants.get('n:' + t.nickname), VARIANT)
    }
    const head = Int32Array.from(found)
    const headQuality = Float64Array.from(foundQuality)
    found.length = 0
    foundQuality.length = 0
    if (t.kind === 'word') {
      if (t.isAbjad && t.skeleton.length >= 2) addTexts(skeletons.get(t.skeleton), NEIGHBOUR)
      if (t.text.length >= 4) {
        addTexts(deletions.get(t.text), NEIGHBOUR)
        for (const d of deletes(t.text)) {
          const e = textIds.get(d)
          if (e !== undefined) addText(e, NEIGHBOUR)
          addTexts(deletions.get(d), NEIGHBOUR)
        }
      }
      addNames(compound.get(t.text))
      if (t.text.length >= 2 && t.text.length <= 6) addNames(acronyms.get(t.text))
    }
    const result: TokenLookup = { head, headQuality, tail: Int32Array.from(found), names: Int32Array.from(foundNames) }
    if (lookupCache.size >= LOOKUP_CACHE_MAX) lookupCache.clear()
    lookupCache.set(key, result)
    return result
  }

  function retrieve(query: PreparedName, opts: RetrieveOptions): Candidates {
    beginSimilarityCache(query, vocabTokens.length)
    queryNo++
    touchedCount = 0
    const qt = query.tokens
    const qw = query.weights
    let totalWeight = 0
    for (let i = 0; i < qt.length; i++) totalWeight += qw[i]!

    // query tokens, rarest (heaviest) first
    // titles are looked up too (a "title" may be part of a name: AL-SHAYKH), with their small weight
    const order = qt.map((_, i) => i)
    order.sort((a, b) => qw[b]! - qw[a]!)
    const minShared = totalWeight * Math.max(MIN_SHARED_FRACTION, opts.minSharedFraction ?? 0)
    let remaining = 0 // Σ weight of the query tokens not yet looked up
    for (let i = 0; i < qt.length; i++) remaining += qw[i]!
    for (const i of order) {
      const t = qt[i]!
      const lookup = tokenLookup(t) // (uses the scratch below when not cached)
      lookupNo++
      found.length = 0
      foundQuality.length = 0
      foundNames.length = 0
      for (let f = 0; f < lookup.head.length; f++) addText(lookup.head[f]!, lookup.headQuality[f]!)
      const next = qt[i + 1]
      if (next !== undefined) {
        const joined = textIds.get(t.text + next.text)
        if (joined !== undefined) addText(joined, VARIANT)
      }
      for (let f = 0; f < lookup.tail.length; f++) addText(lookup.tail[f]!, NEIGHBOUR)
      for (let f = 0; f < lookup.names.length; f++) foundNames.push(lookup.names[f]!)
      let size = foundNames.length
      for (const v of found) size += postings[v]!.length
      // a common token (after a rarer one found names) only adds weight to names already found
      // (or when even all the remaining query tokens could not give a new name the minimum shared weight)
      const isExistingOnly = (size > COMMON_POSTINGS && touchedCount > 0) || remaining < minShared
      const w = qw[i]!
      remaining -= w
      for (let f = 0; f < found.length; f++) {
        const p = postings[found[f]!]!
        const quality = foundQuality[f]!
        if (!isExistingOnly) for (let k = 0; k < p.length; k++) credit(p[k]!, w, quality)
        else if (p.length > 8 * touchedCount) {
          // a long posting list and few names so far: look each name up (postings are sorted)
          for (let t = 0; t < touchedCount; t++) if (contains(p, touched[t]!)) credit(touched[t]!, w, quality)
        } else for (let k = 0; k < p.length; k++) if (stamp[p[k]!] === queryNo) credit(p[k]!, w, quality)
      }
      for (const id of foundNames) if (!isExistingOnly || stamp[id] === queryNo) credit(id, w, COMPOUND)
    }

    // rank: shared weight × match quality, less a little for list-name weight left unmatched
    // (of several names sharing the query's tokens, the one with the fewest other words first)
    const accept = opts.accept
    if (kept.length < touchedCount) {
      kept = new Int32Array(touched.length)
      keptRanks = new Float64Array(touched.length)
    }
    let keptCount = 0
    for (let t = 0; t < touchedCount; t++) {
      const id = touched[t]!
      const raw = accRaw[id]!
      if (raw < minShared) continue
      if (accept && !accept(nameEntry[id]!)) continue
      const left = nameWeight[id]! - raw
      const r = acc[id]! - (left > 0 ? RANK_LEFTOVER * left : 0)
      rank[id] = r
      keptRanks[keptCount] = r
      kept[keptCount++] = id
    }
    const max = opts.maxCandidates
    if (keptCount > max) {
      // keep the names ranked at least as high as the max-th best (ties kept, trimmed after sorting)
      const cut = selectKth(keptRanks, keptCount, keptCount - max)
      let w = 0
      for (let k = 0; k < keptCount; k++) if (rank[kept[k]!]! >= cut) kept[w++] = kept[k]!
      keptCount = w
    }
    const out = Array.from(kept.subarray(0, keptCount))
    out.sort((a, b) => rank[b]! - rank[a]! || a - b)
    if (out.length > max) out.length = max
    const ids = Int32Array.from(out)
    const shared = new Float64Array(ids.length)
    const weight = new Float64Array(ids.length)
    for (let k = 0; k < ids.length; k++) {
      shared[k] = accRaw[ids[k]!]!
      weight[k] = nameWeight[ids[k]!]!
    }
    return { ids, shared, queryWeight: totalWeight, nameWeight: weight }
  }

  function credit(id: number, w: number, quality: number): void {
    if (stamp[id] !== queryNo) {
      stamp[id] = queryNo
      acc[id] = 0
      accRaw[id] = 0
      if (touchedCount === touched.length) {
        const grown = new Int32Array(touched.length * 2)
        grown.set(touched)
        touched = grown
      }
      touched[touchedCount++] = id
    }
    if (tokenStamp[id] === lookupNo) return // the first (best) match of this query token counts
    tokenStamp[id] = lookupNo
    acc[id] = acc[id]! + w * quality
    accRaw[id] = accRaw[id]! + w
  }

  return { names, frequencies, retrieve }
}

/** the k-th smallest of a[0..n) (0-based), reordering a (Hoare quickselect) */
function selectKth(a: Float64Array, n: number, k: number): number {
  let lo = 0
  let hi = n - 1
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!
    let i = lo
    let j = hi
    while (i <= j) {
      while (a[i]! < pivot) i++
      while (a[j]! > pivot) j--
      if (i <= j) {
        const x = a[i]!
        a[i] = a[j]!
        a[j] = x
        i++
        j--
      }
    }
    if (k <= j) hi = j
    else if (k >= i) lo = i
    else return a[k]!
  }
  return a[k]!
}

/** binary search in a sorted posting list */
function contains(p: Int32Array, id: number): boolean {
  let lo = 0
  let hi = p.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const v = p[mid]!
    if (v === id) return true
    if (v < id) lo = mid + 1
    else hi = mid - 1
  }
  return false
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
