import type { NameToken } from '../normalize/normalize-name.js'
import { sinoKey } from '../normalize/wade-giles.js'
import type { PreparedName } from './prepare-name.js'
import { fuzzyMayMatch, fuzzySimilarity, skeletonSimilarity, tokenSimilarity, VARIANT_SIMILARITY } from './token-similarity.js'
import type { TokenAlignment } from './types.js'

/**
 * The candidate alignments (edges) of two names: which token or run of tokens of the query may
 * stand for which of the list name, and how similar they are. The assignment in compare-names.ts
 * picks among them. The edge buffers and the per-query similarity cache are this module's own
 * objects, reused between calls (scoring is single-threaded and allocation-free): the hot loop reads
 * and writes fields of two constant objects, never imported `let` bindings or per-pair calls.
 */

/** token pairs below this similarity are not aligned */
const MIN_EDGE = 0.5
/** joined/split words lose a little against the same words written alike */
const JOIN_FACTOR = 0.97
/** an acronym against the initials of several words */
const ACRONYM_SIMILARITY = 0.85
export const KIND_CODES: TokenAlignment['kind'][] = ['exact', 'fuzzy', 'initial', 'joined', 'split', 'legal-form', 'transliterated', 'abbreviation', 'unmatched', 'word-variant']
export const KIND_CODE: Record<TokenAlignment['kind'], number> = Object.fromEntries(KIND_CODES.map((k, i) => [k, i])) as Record<TokenAlignment['kind'], number>

/** The edges of the last `collectEdges` call: edge e covers query tokens [qs, qs+ql) and list tokens [cs, cs+cl). */
export class AlignmentEdges {
  count = 0
  qs: Int32Array
  ql: Int32Array
  cs: Int32Array
  cl: Int32Array
  sim: Float64Array
  kind: Uint8Array
  /** scratch for the caller's best-first order */
  order: Int32Array
  constructor(public capacity: number) {
    this.qs = new Int32Array(capacity)
    this.ql = new Int32Array(capacity)
    this.cs = new Int32Array(capacity)
    this.cl = new Int32Array(capacity)
    this.sim = new Float64Array(capacity)
    this.kind = new Uint8Array(capacity)
    this.order = new Int32Array(capacity)
  }

  grow(): void {
    const cap = this.capacity * 2
    const grow = <T extends Int32Array | Float64Array | Uint8Array>(a: T, b: T): T => {
      b.set(a)
      return b
    }
    this.qs = grow(this.qs, new Int32Array(cap))
    this.ql = grow(this.ql, new Int32Array(cap))
    this.cs = grow(this.cs, new Int32Array(cap))
    this.cl = grow(this.cl, new Int32Array(cap))
    this.sim = grow(this.sim, new Float64Array(cap))
    this.kind = grow(this.kind, new Uint8Array(cap))
    this.order = new Int32Array(cap)
    this.capacity = cap
  }
}

/** the edge buffers `collectEdges` fills (read them after the call: growing replaces the arrays) */
export const EDGES = new AlignmentEdges(256)

/**
 * The per-query token-similarity cache: query token i (i < CACHE_ROWS) × vocabulary token v. List
 * names share tokens, so one query compares each (query token, list token) pair once however many
 * names hold it. A slot holds the current query's value when its stamp is the query's number.
 */
const CACHE_ROWS = 8
class SimilarityCache {
  vocab = 0
  stamp = new Int32Array(0)
  sim = new Float64Array(0)
  kind = new Uint8Array(0)
  query = 0
  owner: PreparedName | undefined = undefined
}
const CACHE = new SimilarityCache()

/**
 * Start caching token similarities for one query against names of an index with `vocabSize`
 * distinct tokens. Valid until the next call; names without `vocabIds` are compared uncached.
 */
export function beginSimilarityCache(query: PreparedName, vocabSize: number): void {
  const cache = CACHE
  if (vocabSize > cache.vocab) {
    cache.vocab = vocabSize
    cache.stamp = new Int32Array(CACHE_ROWS * vocabSize)
    cache.sim = new Float64Array(CACHE_ROWS * vocabSize)
    cache.kind = new Uint8Array(CACHE_ROWS * vocabSize)
    cache.query = 0
  }
  cache.query++
  cache.owner = query
}

/**
 * Collect the candidate alignments of two names in EDGES: every token pair at or above MIN_EDGE
 * (cached per query for list names), runs of tokens written together, and acronyms.
 */
export function collectEdges(q: PreparedName, c: PreparedName, nq: number, nc: number): void {
  collectPairEdges(q, c, nq, nc)
  collectRunEdges(q, c)
}

/** The first edges of `collectEdges`: every token pair at or above MIN_EDGE. */
export function collectPairEdges(q: PreparedName, c: PreparedName, nq: number, nc: number): void {
  const qt = q.tokens
  const ct = c.tokens
  EDGES.count = 0
  const cache = CACHE
  const ids = cache.owner === q ? c.vocabIds : undefined
  const stamp = cache.stamp
  const cachedSim = cache.sim
  const cachedKind = cache.kind
  const queryNo = cache.query
  for (let i = 0; i < nq; i++) {
    const a = qt[i]!
    const row = i < CACHE_ROWS && ids !== undefined ? i * cache.vocab : -1
    for (let j = 0; j < nc; j++) {
      let sim: number
      let kind: number
      const slot = row >= 0 ? row + ids![j]! : -1
      if (slot >= 0 && stamp[slot] === queryNo) {
        sim = cachedSim[slot]!
        kind = cachedKind[slot]!
      } else {
        const s = tokenSimilarity(a, ct[j]!)
        sim = s.similarity
        // (the kind of a pair under MIN_EDGE is never read: no lookup by its name)
        kind = sim >= MIN_EDGE ? KIND_CODE[s.kind] : 0
        if (slot >= 0) {
          stamp[slot] = queryNo
          cachedSim[slot] = sim
          cachedKind[slot] = kind
        }
      }
      if (sim >= MIN_EDGE) addEdge(i, 1, j, 1, sim, kind)
    }
  }
}

/** The rest of `collectEdges`, after the pairs: runs of tokens written together, and acronyms. */
export function collectRunEdges(q: PreparedName, c: PreparedName): void {
  runEdges(q, c, false)
}

/** joins and acronyms: added to EDGES, or (markOnly) marked in POSSIBLE_Q and POSSIBLE_C */
function runEdges(q: PreparedName, c: PreparedName, markOnly: boolean): void {
  const qt = q.tokens
  const ct = c.tokens
  // a join needs two adjacent tokens on one side about as long as one token on the other
  if (q.minPairLength <= c.maxTokenLength + 3) addJoinEdges(qt, ct, true, markOnly)
  if (c.minPairLength <= q.maxTokenLength + 3) addJoinEdges(ct, qt, false, markOnly)
  addAcronymEdges(qt, ct, true, markOnly)
  addAcronymEdges(ct, qt, false, markOnly)
}

/**
 * Per token (of the query, of the list name), the best similarity an edge of `collectRunEdges` could give
 * it, found without computing those edges: the same tests of first letters and lengths, then only whether
 * a similarity could reach the join's minimum (the letters and lengths allow the edit budget, or a
 * skeleton or Wade-Giles key would be compared), at the best a join can score; acronyms exactly.
 */
export const POSSIBLE_Q = new Float64Array(256)
export const POSSIBLE_C = new Float64Array(256)

/** Fill POSSIBLE_Q and POSSIBLE_C for two names (see there); whether any token may be covered. */
export function markPossibleRunEdges(q: PreparedName, c: PreparedName, nq: number, nc: number): boolean {
  for (let i = 0; i < nq; i++) POSSIBLE_Q[i] = 0
  for (let j = 0; j < nc; j++) POSSIBLE_C[j] = 0
  MARKED.any = false
  runEdges(q, c, true)
  return MARKED.any
}
const MARKED = { any: false }

/** an edge `collectRunEdges` may add (mark-only mode): its tokens may be covered at up to `sim` */
function markPossible(qs: number, ql: number, cs: number, cl: number, sim: number): void {
  for (let k = qs; k < qs + ql; k++) if (POSSIBLE_Q[k]! < sim) POSSIBLE_Q[k] = sim
  for (let k = cs; k < cs + cl; k++) if (POSSIBLE_C[k]! < sim) POSSIBLE_C[k] = sim
  MARKED.any = true
}

function addEdge(qs: number, ql: number, cs: number, cl: number, sim: number, kind: number): void {
  const edges = EDGES
  const e = edges.count
  if (e === edges.capacity) edges.grow()
  edges.qs[e] = qs
  edges.ql[e] = ql
  edges.cs[e] = cs
  edges.cl[e] = cl
  edges.sim[e] = sim
  edges.kind[e] = kind
  edges.count = e + 1
}

/** Add edges where a run of 2–4 tokens on one side, written together, is one token on the other. */
function addJoinEdges(runSide: NameToken[], oneSide: NameToken[], runIsQuery: boolean, markOnly: boolean): void {
  const n = runSide.length
  if (n < 2) return
  for (let j = 0; j < oneSide.length; j++) {
    const one = oneSide[j]!
    if (one.kind !== 'word') continue
    const target = one.text
    const targetLetters = one.letters
    // a letter past the end of a word reads -1 (the target) or -2 (the run's head): never equal, as NaN,
    // which charCodeAt gives there, never is; optimised code reading past a string's end is thrown
    // away and compiled again, so short words are not read past their end
    const first = target.charCodeAt(0)
    const second = target.length > 1 ? target.charCodeAt(1) : -1
    const third = target.length > 2 ? target.charCodeAt(2) : -1
    const oneSino = one.sinoKey !== undefined
    for (let i = 0; i + 1 < n; i++) {
      const run = runSide[i]!
      const head = run.text
      const h0 = head.charCodeAt(0)
      // Wade-Giles syllables written apart against one pinyin word ("Tse-tung" / "Zedong")
      const sino = (oneSino || run.sinoKey !== undefined) && sinoInitial(run) === sinoInitial(one)
      // scripts without vowels may start with other letters, and so may one side with one more letter
      // in front ("Andrang Heta" / "'Ndrangheta")
      let shifted = false
      if (h0 !== first && !sino && !(run.isAbjad || one.isAbjad)) {
        const h1 = head.length > 1 ? head.charCodeAt(1) : -2
        if (!(h1 === first && (head.length > 2 ? head.charCodeAt(2) : -2) === second) && !(h0 === second && h1 === third)) continue
        shifted = true
      }
      let joined = head
      let joinedLength = head.length // the string is only built for lengths that can match
      // (the letters of words written together are their words' letters)
      let joinedLetters = run.letters
      let built = 1
      let abjad = run.isAbjad
      let han = run.isHan
      for (let k = 2; k <= 4 && i + k <= n; k++) {
        const t = runSide[i + k - 1]!
        joinedLength += t.text.length
        joinedLetters |= t.letters
        abjad ||= t.isAbjad
        han ||= t.isHan
        if (joinedLength > target.length + 3) break
        if (joinedLength + 3 < target.length) continue
        if (shifted && (joinedLength > target.length + 1 || joinedLength + 1 < target.length)) continue
        // (what fuzzySimilarity tests first, without building the string when it fails)
        const mayFuzzy = fuzzyMayMatch(joinedLength, target.length, joinedLetters, targetLetters)
        if (markOnly) {
          // (the similarity below is at most 1, and only over 0 by one of these)
          if (mayFuzzy || abjad !== one.isAbjad || sino) {
            if (runIsQuery) markPossible(i, k, j, 1, JOIN_FACTOR)
            else markPossible(j, 1, i, k, JOIN_FACTOR)
          }
          continue
        }
        let s = 0
        if (mayFuzzy) {
          for (; built < k; built++) joined += runSide[i + built]!.text
          s = fuzzySimilarity(joined, target, joinedLetters, targetLetters)
        }
        // pinyin from Chinese characters against a Latin spelling: equal or Wade-Giles, never one letter off
        if (han !== one.isHan && s < 1) s = 0
        if (abjad !== one.isAbjad) {
          const sk = skeletonSimilarity(joinSkeleton(runSide, i, k), one.skeleton, abjad ? target.length : joinedLength)
          if (sk > s) s = sk
        }
        if (sino && s < VARIANT_SIMILARITY && joinSinoKey(runSide, i, k) === (one.sinoKey ?? sinoKey(target))) s = VARIANT_SIMILARITY
        if (s >= 0.8) {
          const sim = s * JOIN_FACTOR
          if (runIsQuery) addEdge(i, k, j, 1, sim, KIND_CODE.joined)
          else addEdge(j, 1, i, k, sim, KIND_CODE.split)
        }
      }
    }
  }
}

/** first letter of a token's Wade-Giles/pinyin key (see sinoKey): p→b, t→d, k→g, c→z, q→j, zh/ch → Z */
function sinoInitial(t: NameToken): number {
  if (t.sinoKey !== undefined) return t.sinoKey.charCodeAt(0)
  const c = t.text.charCodeAt(0)
  const h = t.text.length > 1 && t.text.charCodeAt(1) === 104 /* h */
  switch (c) {
    case 112: return 98 // p → b
    case 116: return 100 // t → d
    case 107: return 103 // k → g
    case 113: return 106 // q → j
    case 99: return h ? 90 : 122 // ch → Z, c → z
    case 122: return h ? 90 : 122 // zh → Z
    default: return c
  }
}

function joinSinoKey(tokens: NameToken[], start: number, len: number): string {
  let s = ''
  for (let k = start; k < start + len; k++) s += tokens[k]!.sinoKey ?? sinoKey(tokens[k]!.text)
  return s
}

function joinSkeleton(tokens: NameToken[], start: number, len: number): string {
  let s = ''
  for (let k = start; k < start + len; k++) s += tokens[k]!.skeleton
  return s
}

/** 2–5 letters a–z and nothing else (what /^[a-z]{2,5}$/ tests, without a regular expression per token pair) */
function isAcronymCandidate(s: string): boolean {
  if (s.length < 2 || s.length > 5) return false
  for (let k = 0; k < s.length; k++) {
    const ch = s.charCodeAt(k)
    if (ch < 97 || ch > 122) return false
  }
  return true
}

/**
 * Add edges where an acronym token on one side (2–5 letters, letters only) is the initials of as
 * many consecutive words on the other: ordinary words, never legal forms or particles (a stopword
 * inside is skipped: "Bank of China" → BC). A syllable read from Chinese or Korean script is a
 * name, not an acronym ("guo" is not "Games Unlimited OOD").
 */
function addAcronymEdges(acroSide: NameToken[], wordSide: NameToken[], acroIsQuery: boolean, markOnly: boolean): void {
  for (let i = 0; i < acroSide.length; i++) {
    const a = acroSide[i]!
    if (a.kind !== 'word' || a.isSyllabic || a.isAbjad || !isAcronymCandidate(a.text)) continue
    for (let j = 0; j + 1 < wordSide.length; j++) {
      let pos = 0
      let k = j
      for (; k < wordSide.length && pos < a.text.length; k++) {
        const w = wordSide[k]!
        if (w.kind === 'stop' && pos > 0) continue // "Bank of China" → BC… or BOC: both tried below
        if (w.kind !== 'word' && w.kind !== 'number') break
        if (w.text.charCodeAt(0) !== a.text.charCodeAt(pos)) break
        pos++
      }
      if (pos === a.text.length && k - j >= 2) {
        if (markOnly) {
          if (acroIsQuery) markPossible(i, 1, j, k - j, ACRONYM_SIMILARITY)
          else markPossible(j, k - j, i, 1, ACRONYM_SIMILARITY)
        } else if (acroIsQuery) addEdge(i, 1, j, k - j, ACRONYM_SIMILARITY, KIND_CODE.initial)
        else addEdge(j, k - j, i, 1, ACRONYM_SIMILARITY, KIND_CODE.initial)
      }
    }
  }
}
