import type { AliasKind, EntityType } from '../model.js'
import { ABBREVIATED_AS } from '../normalize/abbreviations.js'
import { copyNameToken, normalizeName, type NameToken, type NormalizedName } from '../normalize/normalize-name.js'
import { beginSimilarityCache, prepareNormalizedName, type PreparedName } from '../score/compare-names.js'
import { DEFAULT_TOKEN_FREQUENCIES } from '../score/default-token-frequencies.js'
import { preparedNameOf } from '../score/prepare-name.js'
import { tokenWeight, type TokenFrequencies } from '../score/token-weights.js'
import { sortByRank, selectKth } from './rank-order.js'
import { arrayRecords, type RecordList } from './record-list.js'

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
  /** name id → the name (decoded on first use from a saved index) */
  name(id: number): IndexedName
  readonly frequencies: TokenFrequencies
  /** name ids worth scoring for this query, most promising first; also primes the similarity cache */
  retrieve(query: PreparedName, opts: RetrieveOptions): Candidates
}

/** a token whose postings exceed this is only used when rarer tokens found nothing */
const COMMON_POSTINGS = 4000
/** in the candidate ranking, each unit of list-name weight not shared with the query costs this */
const RANK_LEFTOVER = 0.3
/** words this long are also found by their first PREFIX_LENGTH letters */
const PREFIX_MIN_WORD = 8
const PREFIX_LENGTH = 7
/** a candidate must share at least this fraction of the query's token weight */
const MIN_SHARED_FRACTION = 0.25

type Multi = number | number[]
/** as read back: a list of one is the number itself */
type MultiRead = number | ArrayLike<number>

/** A name as saved: its prepared form is shared by every name with the same text and type. */
export type NameRecord = { entry: number; kind: AliasKind; published: string; factor: number; prepared: number }
/** A prepared name as saved: its tokens are the vocabulary tokens of `vocabIds`. */
export type PreparedRecord = Omit<PreparedName, 'tokens'> & { vocabIds: Int32Array }

/**
 * Everything the candidate index is built from, as plain data (typed arrays, maps, record lists), so it
 * can be saved to a file once (index-file.ts) and used from it by every process (`candidateIndexFrom`).
 */
export type CandidateIndexData = {
  /** distinct tokens (text, kind and flags): the vocabulary the similarity cache is keyed on */
  vocab: RecordList<NameToken>
  prepared: RecordList<PreparedRecord>
  names: RecordList<NameRecord>
  /** per name id: its entry and its total token weight (read by every query, so not in the records) */
  nameEntry: Int32Array
  nameWeight: Float64Array
  entryCount: number
  documentFrequency: ReadonlyMap<string, number>
  /** token text → text id; postings of text id v are postingIds[postingStart[v], postingStart[v+1]) (sorted name ids) */
  textIds: ReadonlyMap<string, number>
  postingStart: Int32Array
  postingIds: Int32Array
  /** joined word pairs and acronyms → name ids */
  compound: ReadonlyMap<string, MultiRead>
  acronyms: ReadonlyMap<string, MultiRead>
  /** variant ('v:'), nickname ('n:'), skeleton, one-deletion and prefix keys → text ids */
  variants: ReadonlyMap<string, MultiRead>
  skeletons: ReadonlyMap<string, MultiRead>
  deletions: ReadonlyMap<string, MultiRead>
  prefixes: ReadonlyMap<string, MultiRead>
}

function addMulti(m: Map<string, Multi>, key: string, v: number): void {
  const cur = m.get(key)
  if (cur === undefined) m.set(key, v)
  else if (typeof cur === 'number') {
    if (cur !== v) m.set(key, [cur, v])
  } else if (cur[cur.length - 1] !== v) cur.push(v) // values arrive in increasing order
}

export type BuildIndexOptions = {
  /**
   * index only the names of the entries this accepts (a delta re-screen's small index: the entries a list
   * update added or changed); every name given still counts in the token frequencies, so a name is weighed
   * and scored exactly as in the index of all of them
   */
  isIndexed?: (entry: number) => boolean
}

/**
 * The candidate index: an inverted index from normalized tokens to names, with keys for
 * transliteration variants, one-deletion neighbours (typos within edit distance ~2, SymSpell
 * style), joined word pairs ("hikvision" → "hik vision"), acronyms and consonant skeletons.
 * A query looks up its tokens rarest first, accumulates the shared weight per name and returns the
 * best few; only those are scored. No query scans every name.
 */
export function buildCandidateIndex(input: readonly NameToIndex[], options: BuildIndexOptions = {}): CandidateIndex {
  return candidateIndexFrom(buildCandidateIndexData(input, options))
}

/** The candidate index's data, built from the names (the slow part: normalize, weigh, invert). */
export function buildCandidateIndexData(input: readonly NameToIndex[], options: BuildIndexOptions = {}): CandidateIndexData {
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
  // document frequency: in how many entries each word or number text occurs (as countTokenFrequencies)
  const textOfVocab = new Int32Array(vocabTokens.length).fill(-1)
  const dfTexts: string[] = []
  {
    const textNo = new Map<string, number>()
    vocabTokens.forEach((t, v) => {
      if (t.kind !== 'word' && t.kind !== 'number') return
      let x = textNo.get(t.text)
      if (x === undefined) {
        x = dfTexts.length
        textNo.set(t.text, x)
        dfTexts.push(t.text)
      }
      textOfVocab[v] = x
    })
  }
  const dfCount = new Int32Array(dfTexts.length)
  const dfLast = new Int32Array(dfTexts.length).fill(-1)
  const entriesSeen = new Set<number>()
  input.forEach((n, i) => {
    entriesSeen.add(n.entry)
    const ids = normalized[i]!.ids
    for (let k = 0; k < ids.length; k++) {
      const x = textOfVocab[ids[k]!]!
      if (x < 0 || dfLast[x] === n.entry) continue
      dfLast[x] = n.entry
      dfCount[x]!++
    }
  })
  const documentFrequency = new Map<string, number>()
  for (let x = 0; x < dfTexts.length; x++) documentFrequency.set(dfTexts[x]!, dfCount[x]!)
  const frequencies: TokenFrequencies = { entryCount: entriesSeen.size, documentFrequency, fallback: DEFAULT_TOKEN_FREQUENCIES }
  // weights per vocabulary token, computed once
  const vocabWeight = new Float64Array(vocabTokens.length)
  for (let v = 0; v < vocabTokens.length; v++) vocabWeight[v] = tokenWeight(frequencies, vocabTokens[v]!)
  // the same name (and type) is prepared once and shared
  const preparedOf = new Map<{ norm: NormalizedName; ids: Int32Array }, PreparedName>()
  const isIndexed = options.isIndexed
  const toIndex = isIndexed ? input.flatMap((n, i) => (isIndexed(n.entry) ? [i] : [])) : input.map((_, i) => i)
  const names: IndexedName[] = toIndex.map((i) => {
    const n = input[i]!
    const norm = normalized[i]!
    let prepared = preparedOf.get(norm)
    if (prepared === undefined) {
      const weights = new Float64Array(norm.ids.length)
      for (let k = 0; k < weights.length; k++) weights[k] = vocabWeight[norm.ids[k]!]!
      prepared = prepareNormalizedName(n.name, norm.norm, frequencies, n.type, weights)
      prepared.vocabIds = norm.ids
      preparedOf.set(norm, prepared)
    }
    return { entry: n.entry, kind: n.kind, published: n.published, factor: n.factor, prepared }
  })
  preparedOf.clear()
  normalized.length = 0

  // 2. postings by token text (kinds merged), joined pairs, acronyms
  const textIds = new Map<string, number>()
  const textTokens: NameToken[] = []
  const postingLists: number[][] = []
  const compound = new Map<string, Multi>()
  const acronyms = new Map<string, Multi>()
  const textIdOfVocab = new Int32Array(vocabTokens.length).fill(-1) // vocabulary id → text id
  // names shared by several entries (one PreparedName) give the same joined pairs and initials
  const keysOf = new Map<PreparedName, { pairs: string[]; initials: string }>()
  names.forEach((n, id) => {
    const toks = n.prepared.tokens
    const vids = n.prepared.vocabIds!
    let keys = keysOf.get(n.prepared)
    const isNew = keys === undefined
    if (keys === undefined) {
      keys = { pairs: [], initials: '' }
      keysOf.set(n.prepared, keys)
    }
    for (let k = 0; k < toks.length; k++) {
      const t = toks[k]!
      let v = textIdOfVocab[vids[k]!]!
      if (v < 0) {
        let found = textIds.get(t.text)
        if (found === undefined) {
          found = textTokens.length
          textIds.set(t.text, found)
          textTokens.push(t)
          postingLists.push([])
        }
        v = found
        textIdOfVocab[vids[k]!] = v
      }
      const pl = postingLists[v]!
      if (pl[pl.length - 1] !== id) pl.push(id)
      if (isNew) {
        const next = toks[k + 1]
        if (next !== undefined) keys.pairs.push(t.text + next.text)
        if (t.kind === 'word' || t.kind === 'initial') keys.initials += t.text[0]
      }
    }
    for (const pair of keys.pairs) addMulti(compound, pair, id)
    if (keys.initials.length >= 2 && keys.initials.length <= 6) addMulti(acronyms, keys.initials, id)
  })
  keysOf.clear()
  const postings = postingLists.map((p) => Int32Array.from(p))
  postingLists.length = 0

  // 3. keys to token texts: variants, nicknames, skeletons, one-deletion neighbours
  const variants = new Map<string, Multi>()
  const skeletons = new Map<string, Multi>()
  const deletions = new Map<string, Multi>()
  // long words by their first letters: inflections and derived forms ("technology" / "technologies")
  // that the scorer aligns and one deletion does not reach
  const prefixes = new Map<string, Multi>()
  textTokens.forEach((t, v) => {
    if (t.kind === 'word' && t.text.length >= PREFIX_MIN_WORD) addMulti(prefixes, t.text.slice(0, PREFIX_LENGTH), v)
    if (t.variant !== undefined) addMulti(variants, 'v:' + t.variant, v)
    if (t.nickname !== undefined) addMulti(variants, 'n:' + t.nickname, v)
    if (t.kind === 'word' && t.skeleton.length >= 2) addMulti(skeletons, t.skeleton, v)
    if (t.kind === 'word' && t.text.length >= 4) for (const d of deletes(t.text)) addMulti(deletions, d, v)
  })

  // the names as saved: each distinct prepared name once, referenced by number
  const preparedNo = new Map<PreparedName, number>()
  const preparedRecords: PreparedRecord[] = []
  const nameRecords: NameRecord[] = names.map((n) => {
    let p = preparedNo.get(n.prepared)
    if (p === undefined) {
      p = preparedRecords.length
      preparedNo.set(n.prepared, p)
      const { tokens: _tokens, ...rest } = n.prepared
      preparedRecords.push({ ...rest, vocabIds: n.prepared.vocabIds! })
    }
    return { entry: n.entry, kind: n.kind, published: n.published, factor: n.factor, prepared: p }
  })
  const postingStart = new Int32Array(postings.length + 1)
  for (let v = 0; v < postings.length; v++) postingStart[v + 1] = postingStart[v]! + postings[v]!.length
  const postingIds = new Int32Array(postingStart[postings.length]!)
  for (let v = 0; v < postings.length; v++) postingIds.set(postings[v]!, postingStart[v]!)
  return {
    vocab: arrayRecords(vocabTokens),
    prepared: arrayRecords(preparedRecords),
    names: arrayRecords(nameRecords),
    nameEntry: Int32Array.from(names, (n) => n.entry),
    nameWeight: Float64Array.from(names, (n) => n.prepared.totalWeight),
    entryCount: frequencies.entryCount,
    documentFrequency,
    textIds,
    postingStart,
    postingIds,
    compound,
    acronyms,
    variants,
    skeletons,
    deletions,
    prefixes,
  }
}

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
  // names and vocabulary tokens decoded once each, when first used; a fresh build hands over its objects
  const vocabTokens: Array<NameToken | undefined> = new Array(vocabSize)
  const preparedNames: Array<PreparedName | undefined> = new Array(data.prepared.length)
  const indexedNames: Array<IndexedName | undefined> = new Array(nameCount)
  const vocabToken = (v: number): NameToken => (vocabTokens[v] ??= copyNameToken(data.vocab.at(v)))
  const preparedName = (p: number): PreparedName => {
    let prepared = preparedNames[p]
    if (prepared === undefined) {
      const r = data.prepared.at(p)
      // a packed array, as the query's tokens are (a holey one makes every token access in scoring polymorphic)
      const tokens: NameToken[] = []
      for (let k = 0; k < r.vocabIds.length; k++) tokens.push(vocabToken(r.vocabIds[k]!))
      prepared = preparedNameOf(r, tokens)
      preparedNames[p] = prepared
    }
    return prepared
  }
  function name(id: number): IndexedName {
    let n = indexedNames[id]
    if (n === undefined) {
      const r = data.names.at(id)
      n = { entry: r.entry, kind: r.kind, published: r.published, factor: r.factor, prepared: preparedName(r.prepared) }
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
      if (t.variant !== undefined) addTexts(variants.get('v:' + t.variant), VARIANT)
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
      for (const v of found) size += postingStart[v + 1]! - postingStart[v]!
      // a common token (after a rarer one found names) only adds weight to names already found
      // (or when even all the remaining query tokens could not give a new name the minimum shared weight)
      const isExistingOnly = (size > COMMON_POSTINGS && touchedCount > 0) || remaining < minShared
      const w = qw[i]!
      remaining -= w
      for (let f = 0; f < found.length; f++) {
        const from = postingStart[found[f]!]!
        const to = postingStart[found[f]! + 1]!
        const quality = foundQuality[f]!
        if (!isExistingOnly) for (let k = from; k < to; k++) credit(postingIds[k]!, w, quality)
        else if (to - from > 8 * touchedCount) {
          // a long posting list and few names so far: look each name up (postings are sorted)
          for (let t = 0; t < touchedCount; t++) if (contains(postingIds, from, to, touched[t]!)) credit(touched[t]!, w, quality)
        } else for (let k = from; k < to; k++) if (ns[2 * postingIds[k]!] === queryNo) credit(postingIds[k]!, w, quality)
      }
      for (const id of foundNames) if (!isExistingOnly || ns[2 * id] === queryNo) credit(id, w, COMPOUND)
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
    // best rank first, ties by name id
    const ids = kept.slice(0, keptCount)
    const r = new Float64Array(keptCount)
    for (let k = 0; k < keptCount; k++) r[k] = nf[4 * ids[k]! + 3]!
    sortByRank(ids, r, keptCount)
    const out = ids.length > max ? ids.slice(0, max) : ids
    const shared = new Float64Array(out.length)
    const weight = new Float64Array(out.length)
    for (let k = 0; k < out.length; k++) {
      shared[k] = nf[4 * out[k]! + 1]!
      weight[k] = nf[4 * out[k]! + 2]!
    }
    return { ids: out, shared, queryWeight: totalWeight, nameWeight: weight }
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

  return { name, frequencies, retrieve }
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

/** all strings made by deleting one character */
function deletes(s: string): string[] {
  const out: string[] = []
  for (let i = 0; i < s.length; i++) {
    const d = s.slice(0, i) + s.slice(i + 1)
    if (out[out.length - 1] !== d) out.push(d)
  }
  return out
}
