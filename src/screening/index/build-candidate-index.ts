import { isVariantWithheld, normalizeName, retrievalVariantOf, type NameToken, type NormalizedName } from '../normalize/normalize-name.js'
import { prepareNormalizedName, type PreparedName } from '../score/compare-names.js'
import { DEFAULT_TOKEN_FREQUENCIES } from '../score/default-token-frequencies.js'
import { tokenWeight, type TokenFrequencies } from '../score/token-weights.js'
import type { CandidateIndex, CandidateIndexData, IndexedName, Multi, NameRecord, NameToIndex, PreparedRecord } from './candidate-index-data.js'
import { candidateIndexFrom } from './candidate-index-query.js'
import { addMulti, deletes, PREFIX_LENGTH, PREFIX_MIN_WORD } from './index-keys.js'
import { arrayRecords } from './record-list.js'

export type {
  CandidateIndex,
  CandidateIndexData,
  Candidates,
  IndexedName,
  NameRecord,
  NameToIndex,
  PreparedRecord,
  RetrieveOptions,
} from './candidate-index-data.js'
export { candidateIndexFrom } from './candidate-index-query.js'

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
      const key = t.kind + (t.isAbjad ? '*' : '') + (t.isSyllabic ? '~' : '') + (t.isAcronym ? '.' : '') + (isVariantWithheld(t) ? '-' : '') + ':' + t.text
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
    const variant = retrievalVariantOf(t)
    if (variant !== undefined) addMulti(variants, 'v:' + variant, v)
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
