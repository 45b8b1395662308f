/** The candidate index's query path: a query's tokens looked up rarest first, names credited and ranked. */
import { ABBREVIATED_AS } from '../normalize/abbreviations.js'
import { retrievalVariantOf, type NameToken } from '../normalize/normalize-name.js'
import { beginSimilarityCache, type PreparedName } from '../score/compare-names.js'
import { DEFAULT_TOKEN_FREQUENCIES } from '../score/default-token-frequencies.js'
import { scoreUpperBound } from '../score/score-bound.js'
import type { TokenFrequencies } from '../score/token-weights.js'
import type { CandidateIndex, CandidateIndexData, Candidates, IndexedName, MultiRead, RetrieveOptions } from './candidate-index-data.js'
import { deletes, PREFIX_LENGTH, PREFIX_MIN_WORD } from './index-keys.js'
import { sortByRank, selectKth } from './rank-order.js'
import { nameTokenReader, preparedNameReader } from './record-readers.js'

/** a token whose postings exceed this is only used when rarer tokens found nothing */
const COMMON_POSTINGS = 4000
/** in the candidate ranking, each unit of list-name weight not shared with the query costs this */
const RANK_LEFTOVER = 0.3
/** a candidate must share at least this fraction of the query's token weight */
const MIN_SHARED_FRACTION = 0.25

/**
 * The candidate index over its data, freshly built or loaded from a file: the same answers either
 * way (a name's prepared form is decoded from the records when the name is first scored).
 */
export function candidateIndexFrom(data: CandidateIndexData): CandidateIndex {
  const { textIds, postingStart, postingIds, compound, acronyms, variants, skeletons, deletions, prefixes, nameEntry } = data
  const frequencies: TokenFrequencies = { entryCount: data.entryCount, documentFrequency: data.documentFrequency, fallback: DEFAULT_TOKEN_FREQUENCIES }
  const vocabSize = data.vocab.length
  const nameCount = data.names.length
  const textCount = postingStart.length - 1
  // names and vocabulary tokens decoded once each, when first used, field by field from the columns into the
  // query's object shapes (no record object in between); a fresh build's objects are copied the same way
  const vocabTokens: Array<NameToken | undefined> = new Array(vocabSize)
  const preparedNames: Array<PreparedName | undefined> = new Array(data.prepared.length)
  const indexedNames: Array<IndexedName | undefined> = new Array(nameCount)
  const readToken = nameTokenReader(data.vocab)
  const readPrepared = preparedNameReader(data.prepared)
  const vocabToken = (v: number): NameToken => (vocabTokens[v] ??= readToken(v))
  const preparedName = (p: number): PreparedName => (preparedNames[p] ??= readPrepared(p, vocabToken))
  const namePrepared = data.names.column('prepared')
  const nameFactor = data.names.column('factor')
  const nameKind = data.names.column('kind')
  const namePublished = data.names.column('published')
  const prepared = (id: number): PreparedName => preparedName(namePrepared(id))
  function name(id: number): IndexedName {
    let n = indexedNames[id]
    if (n === undefined) {
      n = { entry: nameEntry[id]!, kind: nameKind(id), published: namePublished(id), factor: nameFactor(id), prepared: prepared(id) }
      indexedNames[id] = n
    }
    return n
  }

  // per-query scratch, reused
  // per name, interleaved so that one name's fields share a cache line: [4·id] shared weight ×
  // match quality (for ranking), [4·id+1] shared weight (for the score bound), [4·id+2] the name's
  // total weight (fixed), [4·id+3] its rank; stamps: [2·id] query seen, [2·id+1] query token credited
  const nf = new Float64Array(4 * nameCount)
  const ns = new Int32Array(2 * nameCount)
  const textStamp = new Int32Array(textCount)
  for (let id = 0; id < nameCount; id++) nf[4 * id + 2] = data.nameWeight[id]!
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
  const addTexts = (m: MultiRead | undefined, quality: number): void => {
    if (m === undefined) return
    if (typeof m === 'number') addText(m, quality)
    else for (let k = 0; k < m.length; k++) addText(m[k]!, quality)
  }
  const addNames = (m: MultiRead | undefined): void => {
    if (m === undefined) return
    if (typeof m === 'number') foundNames.push(m)
    else for (let k = 0; k < m.length; k++) foundNames.push(m[k]!)
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
      const variant = retrievalVariantOf(t) // (a surname spelling anywhere: the scorer decides where it counts)
      if (variant !== undefined) addTexts(variants.get('v:' + variant), VARIANT)
      if (t.nickname !== undefined) addTexts(variants.get('n:' + t.nickname), VARIANT)
      // organisation abbreviations both ways: "intl" finds "international" and "international" finds "intl"
      for (const w of t.expands ?? []) {
        const v = textIds.get(w)
        if (v !== undefined) addText(v, VARIANT)
      }
      for (const w of ABBREVIATED_AS.get(t.text) ?? []) {
        const v = textIds.get(w)
        if (v !== undefined) addText(v, VARIANT)
      }
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
      if (t.text.length >= PREFIX_MIN_WORD) addTexts(prefixes.get(t.text.slice(0, PREFIX_LENGTH)), NEIGHBOUR)
      addNames(compound.get(t.text))
      if (t.text.length >= 2 && t.text.length <= 6) addNames(acronyms.get(t.text))
    }
    const result: TokenLookup = { head, headQuality, tail: Int32Array.from(found), names: Int32Array.from(foundNames) }
    if (lookupCache.size >= LOOKUP_CACHE_MAX) lookupCache.clear()
    lookupCache.set(key, result)
    return result
  }

  function retrieve(query: PreparedName, opts: RetrieveOptions): Candidates {
    beginSimilarityCache(query, vocabSize)
    queryNo++
    touchedCount = 0
    const qt = query.tokens
    const qw = query.weights
    let totalWeight = 0
    for (let i = 0; i < qt.length; i++) totalWeight += qw[i]!

    // query tokens, rarest (heaviest) first
    // titles are looked up too (a "title" may be part of a name: AL-SHAYKH), with their small weight
    // (an insertion sort, stable as Array.prototype.sort: equal weights keep the query's order)
    const order: number[] = []
    for (let i = 0; i < qt.length; i++) {
      let k = i
      order.push(i)
      while (k > 0 && qw[order[k - 1]!]! < qw[i]!) {
        order[k] = order[k - 1]!
        k--
      }
      order[k] = i
    }
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
      for (const v of found) size += postingStart[v + 1]! - postingStart[v]!
      // a common token (after a rarer one found names) only adds weight to names already found
      // (or when even all the remaining query tokens could not give a new name the minimum shared weight)
      const isExistingOnly = (size > COMMON_POSTINGS && touchedCount > 0) || remaining < minShared
      const w = qw[i]!
      remaining -= w
      // (whether a name was found before is read for every name, needed or not: code optimised before a
      // query needed it would be thrown away and compiled again when one does)
      for (let f = 0; f < found.length; f++) {
        const from = postingStart[found[f]!]!
        const to = postingStart[found[f]! + 1]!
        const quality = foundQuality[f]!
        if (isExistingOnly && to - from > 8 * touchedCount) {
          // a long posting list and few names so far: look each name up (postings are sorted)
          for (let t = 0; t < touchedCount; t++) if (contains(postingIds, from, to, touched[t]!)) credit(touched[t]!, w, quality)
        } else {
          for (let k = from; k < to; k++) {
            const id = postingIds[k]!
            const isFound = ns[2 * id] === queryNo
            if (isFound || !isExistingOnly) credit(id, w, quality)
          }
        }
      }
      for (let f = 0; f < foundNames.length; f++) {
        const id = foundNames[f]!
        const isFound = ns[2 * id] === queryNo
        if (isFound || !isExistingOnly) credit(id, w, COMPOUND)
      }
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
      const b = 4 * id
      const raw = nf[b + 1]!
      if (raw < minShared) continue
      if (accept && !accept(nameEntry[id]!)) continue
      const left = nf[b + 2]! - raw
      const r = nf[b]! - (left > 0 ? RANK_LEFTOVER * left : 0)
      nf[b + 3] = r
      keptRanks[keptCount] = r
      kept[keptCount++] = id
    }
    const max = opts.maxCandidates
    if (keptCount > max) {
      // keep the names ranked at least as high as the max-th best (ties kept, trimmed after sorting)
      const cut = selectKth(keptRanks, keptCount, keptCount - max)
      let w = 0
      for (let k = 0; k < keptCount; k++) if (nf[4 * kept[k]! + 3]! >= cut) kept[w++] = kept[k]!
      keptCount = w
    }
    // the names whose score bound reaches minBound (all of them when more than the maximum are left:
    // which are cut then depends on the order of them all)
    const minBound = opts.minBound ?? -Infinity
    if (minBound > -Infinity && keptCount <= max) {
      let w = 0
      for (let k = 0; k < keptCount; k++) {
        const b = 4 * kept[k]!
        if (scoreUpperBound(nf[b + 1]!, totalWeight, nf[b + 2]!) >= minBound) kept[w++] = kept[k]!
      }
      keptCount = w
    }
    // best rank first, ties by name id
    const ids = kept.slice(0, keptCount)
    const r = new Float64Array(keptCount)
    for (let k = 0; k < keptCount; k++) r[k] = nf[4 * ids[k]! + 3]!
    sortByRank(ids, r, keptCount)
    const out = ids.length > max ? ids.slice(0, max) : ids
    const shared = new Float64Array(out.length)
    const weight = new Float64Array(out.length)
    const entries = new Int32Array(out.length)
    for (let k = 0; k < out.length; k++) {
      shared[k] = nf[4 * out[k]! + 1]!
      weight[k] = nf[4 * out[k]! + 2]!
      entries[k] = nameEntry[out[k]!]!
    }
    return { ids: out, shared, queryWeight: totalWeight, nameWeight: weight, entries }
  }

  function credit(id: number, w: number, quality: number): void {
    const si = 2 * id
    const b = 4 * id
    if (ns[si] !== queryNo) {
      ns[si] = queryNo
      nf[b] = 0
      nf[b + 1] = 0
      if (touchedCount === touched.length) {
        const grown = new Int32Array(touched.length * 2)
        grown.set(touched)
        touched = grown
      }
      touched[touchedCount++] = id
    }
    if (ns[si + 1] === lookupNo) return // the first (best) match of this query token counts
    ns[si + 1] = lookupNo
    nf[b] = nf[b]! + w * quality
    nf[b + 1] = nf[b + 1]! + w
  }

  return { name, prepared, preparedId: namePrepared, preparedCount: data.prepared.length, factor: nameFactor, frequencies, retrieve }
}

/** binary search in a sorted posting list, p[from, to) */
function contains(p: Int32Array, from: number, to: number, id: number): boolean {
  let lo = from
  let hi = to - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const v = p[mid]!
    if (v === id) return true
    if (v < id) lo = mid + 1
    else hi = mid - 1
  }
  return false
}
