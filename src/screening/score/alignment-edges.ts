import type { NameToken } from '../normalize/normalize-name.js'
import { sinoKey } from '../normalize/wade-giles.js'
import type { PreparedName } from './prepare-name.js'
import { cachedKind, cachedSimilarity, cacheSlot, isCached, storeSimilarity } from './similarity-cache.js'
import { fuzzySimilarity, skeletonSimilarity, tokenSimilarity, VARIANT_SIMILARITY } from './token-similarity.js'
import type { TokenAlignment } from './types.js'

/**
 * The candidate alignments (edges) of two names: which token or run of tokens of the query may
 * stand for which of the list name, and how similar they are. The assignment in compare-names.ts
 * picks among them. Buffers are reused between calls (scoring is single-threaded and allocation-free).
 */

/** token pairs below this similarity are not aligned */
const MIN_EDGE = 0.5
/** joined/split words lose a little against the same words written alike */
const JOIN_FACTOR = 0.97
/** an acronym against the initials of several words */
const ACRONYM_SIMILARITY = 0.85
export const KIND_CODES: TokenAlignment['kind'][] = ['exact', 'fuzzy', 'initial', 'joined', 'split', 'legal-form', 'transliterated', 'abbreviation', 'unmatched']
export const KIND_CODE: Record<TokenAlignment['kind'], number> = Object.fromEntries(KIND_CODES.map((k, i) => [k, i])) as Record<TokenAlignment['kind'], number>


let cap = 256
export let eQs = new Int32Array(cap)
export let eQl = new Int32Array(cap)
export let eCs = new Int32Array(cap)
export let eCl = new Int32Array(cap)
export let eSim = new Float64Array(cap)
export let eKind = new Uint8Array(cap)
export let order = new Int32Array(cap)
export let edgeCount = 0

/**
 * Collect the candidate alignments of two names in the edge buffers: every token pair at or above
 * MIN_EDGE (cached per query for list names), runs of tokens written together, and acronyms.
 */
export function collectEdges(q: PreparedName, c: PreparedName, nq: number, nc: number): void {
  const qt = q.tokens
  const ct = c.tokens
  edgeCount = 0
  for (let i = 0; i < nq; i++) {
    const a = qt[i]!
    for (let j = 0; j < nc; j++) {
      const b = ct[j]!
      let sim: number
      let kind: number
      const slot = cacheSlot(q, c, i, j)
      if (slot >= 0 && isCached(slot)) {
        sim = cachedSimilarity(slot)
        kind = cachedKind(slot)
      } else {
        const s = tokenSimilarity(a, b)
        sim = s.similarity
        kind = KIND_CODE[s.kind]
        if (slot >= 0) storeSimilarity(slot, sim, kind)
      }
      if (sim >= MIN_EDGE) addEdge(i, 1, j, 1, sim, kind)
    }
  }
  // a join needs two adjacent tokens on one side about as long as one token on the other
  if (q.minPairLength <= c.maxTokenLength + 3) addJoinEdges(qt, ct, true)
  if (c.minPairLength <= q.maxTokenLength + 3) addJoinEdges(ct, qt, false)
  addAcronymEdges(qt, ct, true)
  addAcronymEdges(ct, qt, false)
}

function addEdge(qs: number, ql: number, cs: number, cl: number, sim: number, kind: number): void {
  if (edgeCount === cap) {
    cap *= 2
    const grow = <T extends Int32Array | Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap)
      b.set(a)
      return b
    }
    eQs = grow(eQs, (n) => new Int32Array(n))
    eQl = grow(eQl, (n) => new Int32Array(n))
    eCs = grow(eCs, (n) => new Int32Array(n))
    eCl = grow(eCl, (n) => new Int32Array(n))
    eSim = grow(eSim, (n) => new Float64Array(n))
    eKind = grow(eKind, (n) => new Uint8Array(n))
    order = new Int32Array(cap)
  }
  eQs[edgeCount] = qs
  eQl[edgeCount] = ql
  eCs[edgeCount] = cs
  eCl[edgeCount] = cl
  eSim[edgeCount] = sim
  eKind[edgeCount] = kind
  edgeCount++
}

/** Add edges where a run of 2–4 tokens on one side, written together, is one token on the other. */
function addJoinEdges(runSide: NameToken[], oneSide: NameToken[], runIsQuery: boolean): void {
  const n = runSide.length
  if (n < 2) return
  for (let j = 0; j < oneSide.length; j++) {
    const one = oneSide[j]!
    if (one.kind !== 'word') continue
    const target = one.text
    const first = target.charCodeAt(0)
    const second = target.charCodeAt(1)
    const third = target.charCodeAt(2)
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
        const h1 = head.charCodeAt(1)
        if (!(h1 === first && head.charCodeAt(2) === second) && !(h0 === second && h1 === third)) continue
        shifted = true
      }
      let joined = head
      let joinedLength = head.length // the string is only built for lengths that can match
      let built = 1
      let abjad = run.isAbjad
      let han = run.isHan
      for (let k = 2; k <= 4 && i + k <= n; k++) {
        const t = runSide[i + k - 1]!
        joinedLength += t.text.length
        abjad ||= t.isAbjad
        han ||= t.isHan
        if (joinedLength > target.length + 3) break
        if (joinedLength + 3 < target.length) continue
        if (shifted && (joinedLength > target.length + 1 || joinedLength + 1 < target.length)) continue
        for (; built < k; built++) joined += runSide[i + built]!.text
        let s = fuzzySimilarity(joined, target)
        // pinyin from Chinese characters against a Latin spelling: equal or Wade-Giles, never one letter off
        if (han !== one.isHan && s < 1) s = 0
        if (abjad !== one.isAbjad) {
          const sk = skeletonSimilarity(joinSkeleton(runSide, i, k), one.skeleton, abjad ? target.length : joined.length)
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
  const h = t.text.charCodeAt(1) === 104 /* h */
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

const ALL_LETTERS = /^[a-z]{2,5}$/

/**
 * Add edges where an acronym token on one side (2–5 letters, letters only) is the initials of as
 * many consecutive words on the other: ordinary words, never legal forms or particles (a stopword
 * inside is skipped: "Bank of China" → BC). A syllable read from Chinese or Korean script is a
 * name, not an acronym ("guo" is not "Games Unlimited OOD").
 */
function addAcronymEdges(acroSide: NameToken[], wordSide: NameToken[], acroIsQuery: boolean): void {
  for (let i = 0; i < acroSide.length; i++) {
    const a = acroSide[i]!
    if (a.kind !== 'word' || a.isSyllabic || a.isAbjad || !ALL_LETTERS.test(a.text)) continue
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
        if (acroIsQuery) addEdge(i, 1, j, k - j, ACRONYM_SIMILARITY, KIND_CODE.initial)
        else addEdge(j, k - j, i, 1, ACRONYM_SIMILARITY, KIND_CODE.initial)
      }
    }
  }
}
