import type { EntityType } from '../model.js'
import { normalizeName, type NameToken, type NormalizedName } from '../normalize/normalize-name.js'
import { sinoKey } from '../normalize/wade-giles.js'
import { fuzzySimilarity, skeletonSimilarity, tokenSimilarity, VARIANT_SIMILARITY, type TokenMatchKind } from './token-similarity.js'
import { tokenWeight, type TokenFrequencies } from './token-weights.js'
import type { NameScore, ScoreAdjustment, TokenAlignment } from './types.js'

/** A name normalized and weighted once, at index time or query time. */
export type PreparedName = {
  raw: string
  normalized: string
  tokens: NameToken[]
  /** weight of each token (IDF × kind) */
  weights: Float64Array
  /** organisation names also accept abbreviations ("Intl" for "International") */
  isOrganization: boolean
  /** Σ weights (titles excluded) */
  totalWeight: number
  /** longest token, and shortest two adjacent tokens written together (to skip join checks that cannot succeed) */
  maxTokenLength: number
  minPairLength: number
  /** index vocabulary id of each token (list names only), for the per-query similarity cache */
  vocabIds?: Int32Array
  /** a "son of" particle stands between two name parts ("Ahmad bin Hasan"): their order matters */
  hasPatronymic: boolean
  /** informative tokens: words and numbers that are not common (weight ≥ INFORMATIVE_WEIGHT) */
  informative: number
  /** what the name names: the type given, else an organisation when it carries a legal form, else unknown (null) */
  entityKind: EntityType | null
}

// --- per-query token-similarity cache: query token i × vocabulary token v (list names share tokens)

const CACHE_ROWS = 8
let cacheVocab = 0
let cacheStamp = new Int32Array(0)
let cacheSim = new Float64Array(0)
let cacheKind = new Uint8Array(0)
let cacheQuery = 0
let cacheOwner: PreparedName | undefined

/**
 * Start caching token similarities for one query against names of an index with `vocabSize`
 * distinct tokens. Valid until the next call; names without `vocabIds` are compared uncached.
 */
export function beginSimilarityCache(query: PreparedName, vocabSize: number): void {
  if (vocabSize > cacheVocab) {
    cacheVocab = vocabSize
    cacheStamp = new Int32Array(CACHE_ROWS * vocabSize)
    cacheSim = new Float64Array(CACHE_ROWS * vocabSize)
    cacheKind = new Uint8Array(CACHE_ROWS * vocabSize)
    cacheQuery = 0
  }
  cacheQuery++
  cacheOwner = query
}

export type PrepareNameOptions = { type?: EntityType | null | undefined; frequencies: TokenFrequencies }

export function prepareName(raw: string, opts: PrepareNameOptions): PreparedName {
  return prepareNormalizedName(raw, normalizeName(raw, { type: opts.type }), opts.frequencies, opts.type ?? null)
}

/** Weigh an already normalized name. */
export function prepareNormalizedName(
  raw: string,
  n: NormalizedName,
  frequencies: TokenFrequencies,
  type: EntityType | null,
  /** the tokens' weights when already known (the index computes them once per vocabulary token) */
  known?: Float64Array,
): PreparedName {
  let weights = known
  if (weights === undefined) {
    weights = new Float64Array(n.tokens.length)
    for (let i = 0; i < n.tokens.length; i++) weights[i] = tokenWeight(frequencies, n.tokens[i]!)
  }
  let totalWeight = 0
  let maxTokenLength = 0
  let minPairLength = Infinity
  let hasPatronymic = false
  let informative = 0
  let hasLegalForm = false
  for (let i = 0; i < n.tokens.length; i++) {
    const t = n.tokens[i]!
    if (t.kind === 'legal') hasLegalForm = true
    if ((t.kind === 'word' || t.kind === 'number') && weights[i]! >= INFORMATIVE_WEIGHT) informative++
    if (i > 0 && i + 1 < n.tokens.length && isPatronymicParticle(t)) hasPatronymic = true
    if (t.kind !== 'title') totalWeight += weights[i]!
    if (t.text.length > maxTokenLength) maxTokenLength = t.text.length
    const next = n.tokens[i + 1]
    if (next !== undefined && t.text.length + next.text.length < minPairLength) minPairLength = t.text.length + next.text.length
  }
  return {
    raw,
    normalized: n.text,
    tokens: n.tokens,
    weights,
    isOrganization: type !== null && type !== 'individual',
    totalWeight,
    maxTokenLength,
    minPairLength,
    hasPatronymic,
    informative,
    entityKind: type ?? (hasLegalForm ? 'entity' : null),
  }
}

/** "son of" / "daughter of" particles of Arabic, Hebrew, Malay, Hassaniya and Tuareg names */
const PATRONYMIC_PARTICLES: ReadonlySet<string> = new Set(['bin', 'ibn', 'ben', 'bint', 'binti', 'bte', 'ould', 'ag'])

function isPatronymicParticle(t: NameToken): boolean {
  return t.kind === 'particle' && PATRONYMIC_PARTICLES.has(t.text)
}

// --- tuning constants (chosen on nomenklatura cases-dev.csv and the US negatives; see bench/README.md)

/** token pairs below this similarity are not aligned */
const MIN_EDGE = 0.5
/** both names have distinctive tokens left over: they contradict each other */
const CONFLICT_PENALTY = 1.3
/** only the query has tokens left over (the list omits a part the query gives) */
export const QUERY_EXTRA_PENALTY = 0.6
/** only the list name has tokens left over (the query omits a part, e.g. a patronymic) */
export const LIST_EXTRA_PENALTY = 0.5
/** matched distinctive weight (both sides' minimum) giving full confidence */
const EVIDENCE_FULL = 1.0
/** largest reduction when the matched tokens are all common words */
const EVIDENCE_PENALTY = 0.35
/** a token weighing less than this (IDF) is a common word ("trading", "international", "mohammad") */
const COMMON_WEIGHT = 0.75
/** factor when only common words matched and something is left over ("Global Trading Co" / "Global Tech Trading Ltd") */
const COMMON_ONLY_FACTOR = 0.85
/** joined/split words lose a little against the same words written alike */
const JOIN_FACTOR = 0.97
/** an acronym against the initials of several words */
const ACRONYM_SIMILARITY = 0.85
/** matched distinctive weight above which omissions cost proportionally less */
const OMISSION_EVIDENCE = 1.9
/** a contradicting name part costs at least this weight, however common it is ("Ahmed" vs "Mohamed") */
const CONFLICT_MIN_WEIGHT = 0.8
/** a word or number at least this heavy (IDF) is informative: it counts for coverage and the one-word rule */
const INFORMATIVE_WEIGHT = 0.5
/**
 * A match resting on one word (one aligned pair of words or numbers, an acronym included) scores at
 * most this, under the default threshold, unless both names have one informative word only and the
 * word is not a common one (RARE_WORD_WEIGHT): "Sara Jesus" is not the one-word alias "SARA".
 */
export const ONE_WORD_CAP = 0.75
const RARE_WORD_WEIGHT = 0.5
/** both names say what they name, and it differs (a person against a company, a vessel, an aircraft) */
export const KIND_MISMATCH_FACTOR = 0.8
const KIND_NAMES: Record<EntityType, string> = { individual: "a person's name", entity: "an organisation's name", vessel: "a vessel's name", aircraft: "an aircraft's name" }
/** "Ahmad bin Hasan" against "Hasan bin Ahmad": father and son, not one person */
const PATRONYMIC_SWAP_FACTOR = 0.7

const KIND_CODES: TokenAlignment['kind'][] = ['exact', 'fuzzy', 'initial', 'joined', 'split', 'legal-form', 'transliterated', 'abbreviation', 'unmatched']
const KIND_CODE: Record<TokenAlignment['kind'], number> = Object.fromEntries(KIND_CODES.map((k, i) => [k, i])) as Record<TokenAlignment['kind'], number>

// edge buffers, reused between calls (scoring is single-threaded and allocation-free)
let cap = 256
let eQs = new Int32Array(cap)
let eQl = new Int32Array(cap)
let eCs = new Int32Array(cap)
let eCl = new Int32Array(cap)
let eSim = new Float64Array(cap)
let eKind = new Uint8Array(cap)
let order = new Int32Array(cap)
let edgeCount = 0
const usedQ = new Uint8Array(256)
const usedC = new Uint8Array(256)
/** the list token each query token was aligned with one-to-one (-1: none or a multi-token edge) */
const pairQ = new Int16Array(256)
const chosen: number[] = []

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

function simKindCode(kind: TokenMatchKind): number {
  return KIND_CODE[kind]
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

/**
 * Score two prepared names in 0..1, independent of word order.
 *
 * 1. Candidate alignments: every token pair (exact, variant, skeleton, fuzzy within an edit
 *    budget, initial, legal-form family), runs of tokens written together (joined/split) and
 *    acronyms.
 * 2. Greedy one-to-one assignment, best similarity first (Watchman's best pairs).
 * 3. score = Σ sim·w / (Σ w + penalty), w = IDF × kind weight of the aligned tokens on both sides.
 *    Leftover tokens cost their weight (at least CONFLICT_MIN_WEIGHT) × CONFLICT_PENALTY when both
 *    names have distinctive leftovers (they contradict: "Zaurbek Magomedovich" vs "Zaurbek
 *    Salimovich"), or a smaller omission penalty when only one side has leftovers (a patronymic the
 *    query left out), smaller still when what matched is very distinctive (OMISSION_EVIDENCE).
 *    A word matched only by the other side's initial counts as half-verified.
 * 4. When little distinctive weight matched (EVIDENCE_*), or only common words matched and
 *    something is left over (COMMON_*), the score is reduced; each reduction is an adjustment.
 * Names equal after normalization score 1.
 */
export function compareNames(q: PreparedName, c: PreparedName): number {
  return compare(q, c, undefined)
}

/** Same as `compareNames`, with the alignment and adjustments that explain the score. */
export function explainNames(q: PreparedName, c: PreparedName): NameScore {
  const out: NameScore = { score: 0, alignment: [], adjustments: [], queryNormalized: q.normalized, candidateNormalized: c.normalized }
  out.score = compare(q, c, out)
  return out
}

function compare(q: PreparedName, c: PreparedName, explain: NameScore | undefined): number {
  const qt = q.tokens
  const ct = c.tokens
  const nq = Math.min(qt.length, 256)
  const nc = Math.min(ct.length, 256)
  if (nq === 0 || nc === 0) return 0
  if (q.normalized === c.normalized) {
    const one = identical(q, c, explain)
    if (q.entityKind === null || c.entityKind === null || q.entityKind === c.entityKind) return one
    if (explain) explain.adjustments.push({ reason: `${KIND_NAMES[q.entityKind]} against ${KIND_NAMES[c.entityKind]}`, delta: round(KIND_MISMATCH_FACTOR - 1) })
    return KIND_MISMATCH_FACTOR
  }
  const abbreviations = q.isOrganization || c.isOrganization
  edgeCount = 0
  const ids = cacheOwner === q ? c.vocabIds : undefined
  for (let i = 0; i < nq; i++) {
    const a = qt[i]!
    const row = i < CACHE_ROWS && ids !== undefined ? i * cacheVocab : -1
    for (let j = 0; j < nc; j++) {
      const b = ct[j]!
      let sim: number
      let kind: number
      const slot = row >= 0 ? row + ids![j]! : -1
      if (slot >= 0 && cacheStamp[slot] === cacheQuery) {
        sim = cacheSim[slot]!
        kind = cacheKind[slot]!
      } else {
        const s = tokenSimilarity(a, b)
        sim = s.similarity
        kind = simKindCode(s.kind)
        if (slot >= 0) {
          cacheStamp[slot] = cacheQuery
          cacheSim[slot] = sim
          cacheKind[slot] = kind
        }
      }
      if (sim >= MIN_EDGE) addEdge(i, 1, j, 1, sim, kind)
    }
  }
  // a join needs two adjacent tokens on one side about as long as one token on the other
  if (q.minPairLength <= c.maxTokenLength + 3) addJoinEdges(qt, ct, true)
  if (c.minPairLength <= q.maxTokenLength + 3) addJoinEdges(ct, qt, false)
  addAcronymEdges(qt, ct, true)
  addAcronymEdges(ct, qt, false)

  // best first; on ties prefer the edge covering more tokens (insertion sort: few edges)
  const ord = order
  for (let e = 0; e < edgeCount; e++) {
    const sim = eSim[e]!
    const span = eQl[e]! + eCl[e]!
    let k = e
    while (k > 0) {
      const p = ord[k - 1]!
      const ps = eSim[p]!
      if (ps > sim || (ps === sim && eQl[p]! + eCl[p]! >= span)) break
      ord[k] = p
      k--
    }
    ord[k] = e
  }

  usedQ.fill(0, 0, nq)
  usedC.fill(0, 0, nc)
  const patronymics = q.hasPatronymic && c.hasPatronymic
  if (patronymics) pairQ.fill(-1, 0, nq)
  chosen.length = 0
  let matched = 0
  let matchedWeight = 0
  let evidence = 0
  let hasContent = false
  let hasDistinctive = false
  /** aligned pairs that carry a word or number, and the weight of the last one */
  let contentEdges = 0
  let contentWeight = 0
  // a full word matched only by the other side's initial is unverified: it can still contradict
  let softQ = false
  let softC = false
  let unverifiedQ = 0
  let unverifiedC = 0
  const qw = q.weights
  const cw = c.weights
  for (let oi = 0; oi < edgeCount; oi++) {
    const e = ord[oi]!
    const qs = eQs[e]!
    const ql = eQl[e]!
    const cs = eCs[e]!
    const cl = eCl[e]!
    let free = true
    for (let k = qs; k < qs + ql && free; k++) if (usedQ[k] !== 0) free = false
    for (let k = cs; k < cs + cl && free; k++) if (usedC[k] !== 0) free = false
    if (!free) continue
    let wq = 0
    let wc = 0
    let content = false
    for (let k = qs; k < qs + ql; k++) {
      usedQ[k] = 1
      wq += qw[k]!
      if (qt[k]!.isStrong) content = true
    }
    for (let k = cs; k < cs + cl; k++) {
      usedC[k] = 1
      wc += cw[k]!
      if (ct[k]!.isStrong) content = true
    }
    if (patronymics && ql === 1 && cl === 1) pairQ[qs] = cs
    if (eKind[e] === KIND_CODE.initial && ql === 1 && cl === 1) {
      // an initial only vouches for the first letter: the full word counts with the initial's
      // weight, the rest of its weight is left over (and may contradict the other side)
      if (qt[qs]!.kind !== 'initial') {
        softQ = true
        if (wq > wc) {
          unverifiedQ += wq - wc
          wq = wc
        }
      }
      if (ct[cs]!.kind !== 'initial') {
        softC = true
        if (wc > wq) {
          unverifiedC += wc - wq
          wc = wq
        }
      }
    } else if (eKind[e] === KIND_CODE.initial && !abbreviations) {
      // a person's name written as initials ("N.N.", "J.F.K."): the initials vouch for first letters
      // only, so the words count with the acronym's weight and the rest is left over, as for one initial
      if (ql === 1) {
        softC = true
        if (wc > wq) {
          unverifiedC += wc - wq
          wc = wq
        }
      } else {
        softQ = true
        if (wq > wc) {
          unverifiedQ += wq - wc
          wq = wc
        }
      }
    }
    const sim = eSim[e]!
    matched += sim * (wq + wc)
    matchedWeight += wq + wc
    if (content) {
      hasContent = true
      const w = wq < wc ? wq : wc
      // words written together count as the words they are ("SergeiLavrov"); an acronym is one word
      const k = eKind[e]
      contentEdges += k === KIND_CODE.joined || k === KIND_CODE.split ? (ql > cl ? ql : cl) : 1
      // an acronym is never "both names are that one word": it stands for several
      contentWeight = k === KIND_CODE.initial ? 0 : w
      evidence += w
      if (w >= COMMON_WEIGHT * (ql > cl ? ql : cl)) hasDistinctive = true
    }
    if (explain) chosen.push(e)
  }

  let extraQ = unverifiedQ
  let extraC = unverifiedC
  let strongQ = false
  let strongC = false
  let conflictQ = unverifiedQ
  let conflictC = unverifiedC
  for (let i = 0; i < nq; i++) {
    if (usedQ[i] !== 0 || qt[i]!.kind === 'title') continue
    extraQ += qw[i]!
    if (qt[i]!.isStrong) strongQ = true
    conflictQ += qt[i]!.kind === 'word' && qw[i]! < CONFLICT_MIN_WEIGHT ? CONFLICT_MIN_WEIGHT : qw[i]!
  }
  for (let j = 0; j < nc; j++) {
    if (usedC[j] !== 0 || ct[j]!.kind === 'title') continue
    extraC += cw[j]!
    if (ct[j]!.isStrong) strongC = true
    conflictC += ct[j]!.kind === 'word' && cw[j]! < CONFLICT_MIN_WEIGHT ? CONFLICT_MIN_WEIGHT : cw[j]!
  }
  const isConflict = (strongQ && strongC) || (strongQ && softC) || (softQ && strongC)
  // omissions cost less when what did match is distinctive (several rare name parts)
  const omissionScale = evidence > OMISSION_EVIDENCE ? OMISSION_EVIDENCE / evidence : 1
  const penalty = isConflict
    ? CONFLICT_PENALTY * (conflictQ + conflictC)
    : omissionScale * (QUERY_EXTRA_PENALTY * extraQ + LIST_EXTRA_PENALTY * extraC)
  let score = matchedWeight + penalty > 0 ? matched / (matchedWeight + penalty) : 0

  let evidenceDelta = 0
  if (!hasContent) evidenceDelta = -score * 0.5
  else if (evidence < EVIDENCE_FULL) evidenceDelta = -score * EVIDENCE_PENALTY * (1 - evidence / EVIDENCE_FULL)
  else if (!hasDistinctive && (strongQ || strongC)) evidenceDelta = -score * (1 - COMMON_ONLY_FACTOR)
  const base = score
  score = Math.max(0, Math.min(1, score + evidenceDelta))
  // one word is not a name: unless both names are that one rare word, a match resting on it stays under the threshold
  let oneWordDelta = 0
  if (contentEdges === 1 && score > ONE_WORD_CAP && !(q.informative <= 1 && c.informative <= 1 && contentWeight >= RARE_WORD_WEIGHT)) {
    oneWordDelta = ONE_WORD_CAP - score
    score = ONE_WORD_CAP
  }
  // a person is not a company, a vessel or an aircraft: when both names say what they name and it differs
  let kindDelta = 0
  if (q.entityKind !== null && c.entityKind !== null && q.entityKind !== c.entityKind) {
    kindDelta = score * (KIND_MISMATCH_FACTOR - 1)
    score += kindDelta
  }
  const swapped = patronymics && patronymicSwap(qt, ct, nq, nc)
  let swapDelta = 0
  if (swapped) {
    swapDelta = score * (PATRONYMIC_SWAP_FACTOR - 1)
    score += swapDelta
  }

  if (explain) {
    const al: TokenAlignment[] = explain.alignment
    for (const e of chosen) {
      let wq = 0
      let wc = 0
      for (let k = eQs[e]!; k < eQs[e]! + eQl[e]!; k++) wq += qw[k]!
      for (let k = eCs[e]!; k < eCs[e]! + eCl[e]!; k++) wc += cw[k]!
      al.push({
        query: qt.slice(eQs[e]!, eQs[e]! + eQl[e]!).map((t) => t.text).join(' '),
        list: ct.slice(eCs[e]!, eCs[e]! + eCl[e]!).map((t) => t.text).join(' '),
        similarity: round(eSim[e]!),
        weight: round(wq + wc),
        kind: KIND_CODES[eKind[e]!]!,
      })
    }
    for (let i = 0; i < nq; i++) if (usedQ[i] === 0) al.push({ query: qt[i]!.text, list: '', similarity: 0, weight: round(qw[i]!), kind: 'unmatched' })
    for (let j = 0; j < nc; j++) if (usedC[j] === 0) al.push({ query: '', list: ct[j]!.text, similarity: 0, weight: round(cw[j]!), kind: 'unmatched' })
    const adj: ScoreAdjustment[] = explain.adjustments
    if (penalty > 0) {
      const without = matchedWeight > 0 ? matched / matchedWeight : 0
      adj.push({
        reason: isConflict
          ? 'both names have parts the other lacks (contradicting parts)'
          : extraQ > 0 && extraC > 0
            ? 'weak parts (legal forms, particles) left unmatched'
            : extraQ > 0
              ? 'the query has parts the list name lacks'
              : 'the list name has parts the query lacks',
        delta: round(base - without),
      })
    }
    if (evidenceDelta !== 0) {
      adj.push({ reason: hasContent ? 'only common words matched' : 'only legal forms, particles or titles matched', delta: round(evidenceDelta) })
    }
    if (kindDelta !== 0) adj.push({ reason: `${KIND_NAMES[q.entityKind!]} against ${KIND_NAMES[c.entityKind!]}`, delta: round(kindDelta) })
    if (oneWordDelta !== 0) adj.push({ reason: 'the match rests on one word (only one word or acronym lines up)', delta: round(oneWordDelta) })
    if (swapped) adj.push({ reason: 'the names around "bin"/"ibn" are in reverse order (father and son)', delta: round(swapDelta) })
  }
  return score
}

/**
 * "A bin B" in one name and "B bin A" in the other, A and B aligned crosswise (pairQ, filled by
 * the assignment): a patronymic read in reverse names the father, or the son.
 */
function patronymicSwap(qt: NameToken[], ct: NameToken[], nq: number, nc: number): boolean {
  for (let i = 1; i + 1 < nq; i++) {
    if (!isPatronymicParticle(qt[i]!)) continue
    const before = pairQ[i - 1]!
    const after = pairQ[i + 1]!
    if (before < 0 || after < 0 || before !== after + 2) continue
    const j = after + 1
    if (j < nc && isPatronymicParticle(ct[j]!)) return true
  }
  return false
}

/** Names equal after normalization score 1 (Watchman's exact-name shortcut). */
function identical(q: PreparedName, c: PreparedName, explain: NameScore | undefined): number {
  if (explain) {
    for (let i = 0; i < q.tokens.length; i++) {
      const t = q.tokens[i]!
      explain.alignment.push({ query: t.text, list: c.tokens[i]!.text, similarity: 1, weight: round(q.weights[i]! + c.weights[i]!), kind: t.kind === 'legal' ? 'legal-form' : 'exact' })
    }
  }
  return 1
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000
}
