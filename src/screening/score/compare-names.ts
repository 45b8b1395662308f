import type { EntityType } from '../model.js'
import type { NameToken } from '../normalize/normalize-name.js'
import { collectEdges, collectPairEdges, collectRunEdges, EDGES, KIND_CODE, KIND_CODES, markPossibleRunEdges } from './alignment-edges.js'
import { edgeScoreBound, isOmittablePatronymic } from './edge-bound.js'
import { isTrailingPlace } from '../normalize/places.js'
import { isNameProperWord } from '../normalize/organisation-words.js'
import { INFORMATIVE_WEIGHT, isPatronymicParticle, type PreparedName } from './prepare-name.js'
import type { NameScore, ScoreAdjustment, TokenAlignment } from './types.js'

export { prepareName, prepareNormalizedName, type PreparedName, type PrepareNameOptions } from './prepare-name.js'
export { beginSimilarityCache } from './alignment-edges.js'

// --- tuning constants (chosen on nomenklatura cases-dev.csv and the US negatives; see bench/README.md)

/** both names have distinctive tokens left over: they contradict each other */
const CONFLICT_PENALTY = 1.3
/** only the query has tokens left over (the list omits a part the query gives: "Robert Joseph Stevenson" is not the alias "Robert Joseph"; 0.6 until issue 10) */
export const QUERY_EXTRA_PENALTY = 0.8
/** only the list name has tokens left over (the query omits a part, e.g. a patronymic) */
export const LIST_EXTRA_PENALTY = 0.5
/** matched distinctive weight (both sides' minimum) giving full confidence */
export const EVIDENCE_FULL = 1.0
/** largest reduction when the matched tokens are all common words */
export const EVIDENCE_PENALTY = 0.35
/** a token weighing less than this (IDF) is a common word ("trading", "international", "mohammad") */
const COMMON_WEIGHT = 0.75
/**
 * factor when only common words matched and something is left over ("Global Trading Co" / "Global Tech Trading Ltd"),
 * or, with an organisation on either side, only words that describe one (data/organisation-words.yaml)
 */
const COMMON_ONLY_FACTOR = 0.85
/** matched distinctive weight above which omissions cost proportionally less */
export const OMISSION_EVIDENCE = 1.9
/** a contradicting name part costs at least this weight, however common it is ("Ahmed" vs "Mohamed") */
const CONFLICT_MIN_WEIGHT = 0.8
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
/** a person's patronymic left out between two matched parts costs this share of its weight */
export const MIDDLE_OMISSION_FACTOR = 0.5
/**
 * a place after an organisation's name proper ("Faberlic Europe", "Huawei Technologies Japan": a branch or
 * regional company, data/places.yaml) that only one name has costs this share of its weight, as a legal form
 */
export const PLACE_QUALIFIER_FACTOR = 0.25
/** two syllables of one Chinese or Korean given name in reverse order: another name */
const SYLLABLE_SWAP_FACTOR = 0.7
/** "Ahmad bin Hasan" against "Hasan bin Ahmad": father and son, not one person */
const PATRONYMIC_SWAP_FACTOR = 0.7

// assignment buffers, reused between calls (scoring is single-threaded and allocation-free)
const usedQ = new Uint8Array(256)
const usedC = new Uint8Array(256)
/** the list token each query token was aligned with one-to-one (-1: none or a multi-token edge) */
const pairQ = new Int16Array(256)
const chosen: number[] = []
const INITIAL = KIND_CODE.initial
const JOINED = KIND_CODE.joined
const SPLIT = KIND_CODE.split


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
  return compare(q, c, undefined, 0)
}

/** whether the last `compareNamesAtLeast` answered a bound under its cut rather than the score */
export const LAST_SCORE = { isBound: false }

/**
 * The score of two names when it may reach `cut`; when their alignments already show it cannot
 * (`edgeScoreBound`), that bound instead (under `cut`, never under the score), with `LAST_SCORE.isBound` set.
 */
export function compareNamesAtLeast(q: PreparedName, c: PreparedName, cut: number): number {
  return compare(q, c, undefined, cut)
}

/** Same as `compareNames`, with the alignment and adjustments that explain the score. */
export function explainNames(q: PreparedName, c: PreparedName): NameScore {
  const out: NameScore = { score: 0, alignment: [], adjustments: [], queryNormalized: q.normalized, candidateNormalized: c.normalized }
  out.score = compare(q, c, out, 0)
  return out
}

function compare(q: PreparedName, c: PreparedName, explain: NameScore | undefined, cut: number): number {
  LAST_SCORE.isBound = false
  const qt = q.tokens
  const ct = c.tokens
  const nq = Math.min(qt.length, 256)
  const nc = Math.min(ct.length, 256)
  if (nq === 0 || nc === 0) return 0
  // equal texts have as many tokens: the token counts (at hand) rule out most pairs before the texts are read
  if (nq === nc && q.normalized === c.normalized) {
    const one = identical(q, c, explain)
    if (q.entityKind === null || c.entityKind === null || q.entityKind === c.entityKind) return one
    if (explain) explain.adjustments.push({ reason: `${KIND_NAMES[q.entityKind]} against ${KIND_NAMES[c.entityKind]}`, delta: round(KIND_MISMATCH_FACTOR - 1) })
    return KIND_MISMATCH_FACTOR
  }
  const abbreviations = q.isOrganization || c.isOrganization
  if (cut > 0) {
    // the pairs first: when they and the best the joins and acronyms could add cannot reach the cut, those are
    // never computed (most names a query's rarest token finds share one weak pair with it, or none)
    collectPairEdges(q, c, nq, nc)
    const possible = markPossibleRunEdges(q, c, nq, nc)
    let bound = edgeScoreBound(q, c, nq, nc, possible)
    if (possible && !(bound < cut)) {
      collectRunEdges(q, c)
      bound = edgeScoreBound(q, c, nq, nc)
    }
    if (bound < cut) {
      LAST_SCORE.isBound = true
      return bound
    }
  } else collectEdges(q, c, nq, nc)
  const edgeCount = EDGES.count
  const eQs = EDGES.qs
  const eQl = EDGES.ql
  const eCs = EDGES.cs
  const eCl = EDGES.cl
  const eSim = EDGES.sim
  const eKind = EDGES.kind

  // best first; on ties prefer the edge covering more tokens (insertion sort: few edges)
  const ord = EDGES.order
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

  // (loops, not fill: a call into the runtime costs more than a few stores)
  for (let i = 0; i < nq; i++) {
    usedQ[i] = 0
    pairQ[i] = -1
  }
  for (let j = 0; j < nc; j++) usedC[j] = 0
  const patronymics = q.hasPatronymic && c.hasPatronymic
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
    if (ql === 1 && cl === 1) pairQ[qs] = cs
    if (eKind[e] === INITIAL && ql === 1 && cl === 1) {
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
    } else if (eKind[e] === INITIAL && !abbreviations) {
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
      contentEdges += k === JOINED || k === SPLIT ? (ql > cl ? ql : cl) : 1
      // an acronym is never "both names are that one word": it stands for several
      contentWeight = k === INITIAL ? 0 : w
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
  // a patronymic left out between two matched parts ("Sergey [Viktorovich] Lavrov", "Usama bin [Muhammad ibn Awad ibn] Ladin") is the commonest omission
  const middleQ = q.entityKind === 'individual' || q.entityKind === null
  const middleC = c.entityKind === 'individual' || c.entityKind === null
  let middleCut = 0
  // a place after an organisation's name proper (a branch's qualifier) left over on one side is weak; a
  // place left over on both sides, or against a word, still contradicts ("(Spain)" is not "(Netherlands)").
  // Only when a word of the name proper lined up: after a description ("Banco Central", "Telecom") the place
  // is what names the organisation ("Banco Central de Venezuela")
  const placesQ = q.entityKind === 'entity'
  const placesC = c.entityKind === 'entity'
  let placeQ = false
  let placeC = false
  let placeCut = 0
  let placeNamed = false
  for (let i = 0; i < nq; i++) {
    if (usedQ[i] !== 0 || qt[i]!.kind === 'title') continue
    if (placesQ && isTrailingPlace(qt, i)) {
      if (hasMatchedNameProper(qt, qw, usedQ, nq)) {
        placeQ = true
        extraQ += PLACE_QUALIFIER_FACTOR * qw[i]!
        placeCut += (1 - PLACE_QUALIFIER_FACTOR) * qw[i]!
        conflictQ += qw[i]! < CONFLICT_MIN_WEIGHT ? CONFLICT_MIN_WEIGHT : qw[i]!
        continue
      }
      placeNamed = true
    }
    if (middleQ && isBetweenMatched(usedQ, i, nq) && isOmittablePatronymic(qt, i)) {
      extraQ += MIDDLE_OMISSION_FACTOR * qw[i]!
      middleCut += (1 - MIDDLE_OMISSION_FACTOR) * qw[i]!
    } else extraQ += qw[i]!
    if (qt[i]!.isStrong) strongQ = true
    conflictQ += qt[i]!.kind === 'word' && qw[i]! < CONFLICT_MIN_WEIGHT ? CONFLICT_MIN_WEIGHT : qw[i]!
  }
  for (let j = 0; j < nc; j++) {
    if (usedC[j] !== 0 || ct[j]!.kind === 'title') continue
    if (placesC && isTrailingPlace(ct, j)) {
      if (hasMatchedNameProper(ct, cw, usedC, nc)) {
        placeC = true
        extraC += PLACE_QUALIFIER_FACTOR * cw[j]!
        placeCut += (1 - PLACE_QUALIFIER_FACTOR) * cw[j]!
        conflictC += cw[j]! < CONFLICT_MIN_WEIGHT ? CONFLICT_MIN_WEIGHT : cw[j]!
        continue
      }
      placeNamed = true
    }
    if (middleC && isBetweenMatched(usedC, j, nc) && isOmittablePatronymic(ct, j)) {
      extraC += MIDDLE_OMISSION_FACTOR * cw[j]!
      middleCut += (1 - MIDDLE_OMISSION_FACTOR) * cw[j]!
    } else extraC += cw[j]!
    if (ct[j]!.isStrong) strongC = true
    conflictC += ct[j]!.kind === 'word' && cw[j]! < CONFLICT_MIN_WEIGHT ? CONFLICT_MIN_WEIGHT : cw[j]!
  }
  const leftQ = strongQ || placeQ
  const leftC = strongC || placeC
  const isConflict = (leftQ && leftC) || (leftQ && softC) || (softQ && leftC)
  // omissions cost less when what did match is distinctive (several rare name parts)
  const omissionScale = evidence > OMISSION_EVIDENCE ? OMISSION_EVIDENCE / evidence : 1
  const penalty = isConflict
    ? CONFLICT_PENALTY * (conflictQ + conflictC)
    : omissionScale * (QUERY_EXTRA_PENALTY * extraQ + LIST_EXTRA_PENALTY * extraC)
  let score = matchedWeight + penalty > 0 ? matched / (matchedWeight + penalty) : 0

  let evidenceDelta = 0
  let descriptiveOnly = false
  if (!hasContent) evidenceDelta = -score * 0.5
  else if (evidence < EVIDENCE_FULL) evidenceDelta = -score * EVIDENCE_PENALTY * (1 - evidence / EVIDENCE_FULL)
  else if (!hasDistinctive && (strongQ || strongC)) evidenceDelta = -score * (1 - COMMON_ONLY_FACTOR)
  // the same when what lined up only describes an organisation (bank, trading, central; places, initials, legal
  // forms) and a word of a name is left over: "Banco Central" is not "Banco Central de Venezuela"
  else if ((strongQ || strongC) && (q.entityKind === 'entity' || c.entityKind === 'entity') && !hasMatchedNameProper(qt, qw, usedQ, nq, true) && !hasMatchedNameProper(ct, cw, usedC, nc, true)) {
    evidenceDelta = -score * (1 - COMMON_ONLY_FACTOR)
    descriptiveOnly = true
  }
  const base = score
  score = Math.max(0, Math.min(1, score + evidenceDelta))
  // one word is not a name: unless both names are that one rare word, a match resting on it stays under the threshold
  let oneWordDelta = 0
  if (contentEdges === 1 && score > ONE_WORD_CAP && !(informativeWords(q, abbreviations, usedQ, nq) <= 1 && informativeWords(c, abbreviations, usedC, nc) <= 1 && contentWeight >= RARE_WORD_WEIGHT)) {
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
  const reversed = nq >= 3 && nc >= 3 && reversedSyllables(qt, ct, nq)
  let reversedDelta = 0
  if (reversed) {
    reversedDelta = score * (SYLLABLE_SWAP_FACTOR - 1)
    score += reversedDelta
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
      adj.push({ reason: descriptiveOnly ? 'only words that describe an organisation (bank, trading, central), places or initials matched, and a word of a name is left over' : hasContent ? 'only common words matched' : 'only legal forms, particles or titles matched', delta: round(evidenceDelta) })
    }
    if (kindDelta !== 0) adj.push({ reason: `${KIND_NAMES[q.entityKind!]} against ${KIND_NAMES[c.entityKind!]}`, delta: round(kindDelta) })
    if (oneWordDelta !== 0) adj.push({ reason: 'the match rests on one word (only one word or acronym lines up)', delta: round(oneWordDelta) })
    if (reversed) adj.push({ reason: 'two syllables of one given name are in reverse order (광수 Gwang-su is not Su-gwang)', delta: round(reversedDelta) })
    if (middleCut > 0 && penalty > 0 && !isConflict) adj.push({ reason: 'a patronymic left out between matched parts costs half its weight', delta: 0 })
    if (placeCut > 0 && penalty > 0 && !isConflict) adj.push({ reason: "a place after an organisation's name (a branch or regional qualifier) left out costs a quarter of its weight", delta: 0 })
    if (placeNamed) adj.push({ reason: 'a place after words that only describe an organisation (bank, telecom, central) names it: it counts in full', delta: 0 })
    if (swapped) adj.push({ reason: 'the names around "bin"/"ibn" are in reverse order (father and son)', delta: round(swapDelta) })
  }
  return score
}

/**
 * informative tokens of a name, a series number of an organisation or vessel not counted ("Victory 3" is one
 * word and its number), nor a place after an organisation's name proper when a word of that name proper lined
 * up ("Faberlic Europe" is one word and its branch's place; "Telecom Iran" is two words)
 */
function informativeWords(p: PreparedName, organisation: boolean, used: Uint8Array, count: number): number {
  if (!organisation) return p.informative
  let n = p.informative
  const places = p.entityKind === 'entity'
  for (let i = 0; i < p.tokens.length; i++) {
    if (p.weights[i]! < INFORMATIVE_WEIGHT) continue
    if (p.tokens[i]!.kind === 'number' || (places && isTrailingPlace(p.tokens, i) && hasMatchedNameProper(p.tokens, p.weights, used, count))) n--
  }
  return n
}

/**
 * A word of the name proper (not a descriptive organisation word nor a place: data/organisation-words.yaml)
 * is among the tokens that lined up: then a place after the name is a branch's qualifier ("Huawei
 * Technologies Japan"), not what names the organisation ("Banco Central de Venezuela", "Telecom Iran"). With
 * `orNumber`, a number counts too ("Research Institute 25"): whether anything that identifies lined up.
 */
function hasMatchedNameProper(tokens: readonly NameToken[], weights: Float64Array, used: Uint8Array, n: number, orNumber = false): boolean {
  for (let k = 0; k < n; k++) {
    if (used[k] === 0 || weights[k]! < INFORMATIVE_WEIGHT) continue
    if (isNameProperWord(tokens[k]!) || (orNumber && tokens[k]!.kind === 'number')) return true
  }
  return false
}

/** token i is unmatched with matched tokens on both sides of it */
function isBetweenMatched(used: Uint8Array, i: number, n: number): boolean {
  let before = false
  for (let k = 0; k < i; k++) if (used[k] !== 0) before = true
  if (!before) return false
  for (let k = i + 1; k < n; k++) if (used[k] !== 0) return true
  return false
}

/**
 * Two adjacent syllables of a Chinese or Korean name (read from the script on either side) aligned
 * crosswise with two adjacent tokens of the other name, in names of three parts or more: the
 * syllables of a given name keep their order ("Gwang-su" is another name than "Su-gwang"), while the
 * family name may move to either end. Reads pairQ, filled by the assignment.
 */
function reversedSyllables(qt: NameToken[], ct: NameToken[], nq: number): boolean {
  for (let i = 0; i + 1 < nq; i++) {
    const j = pairQ[i + 1]!
    if (j < 0 || pairQ[i] !== j + 1) continue
    if ((qt[i]!.isSyllabic && qt[i + 1]!.isSyllabic) || (ct[j]!.isSyllabic && ct[j + 1]!.isSyllabic)) return true
  }
  return false
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
