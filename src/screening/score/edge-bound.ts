import type { NameToken } from '../normalize/normalize-name.js'
import { hasPatronymicEnding } from '../normalize/patronymics.js'
import { isTrailingPlace } from '../normalize/places.js'
import { EDGES, POSSIBLE_C, POSSIBLE_Q } from './alignment-edges.js'
import {
  EVIDENCE_FULL,
  EVIDENCE_PENALTY,
  KIND_MISMATCH_FACTOR,
  LIST_EXTRA_PENALTY,
  MIDDLE_OMISSION_FACTOR,
  OMISSION_EVIDENCE,
  PLACE_QUALIFIER_FACTOR,
  QUERY_EXTRA_PENALTY,
} from './compare-names.js'
import { isPatronymicParticle, type PreparedName } from './prepare-name.js'

/**
 * A provable upper bound of the score `compareNames` gives two names, read from their candidate alignments
 * (the edges `collectEdges` just left in EDGES) before the assignment: never below the score, so a name whose
 * bound is under what a caller needs can be left unscored without changing any answer.
 *
 * Whatever the assignment picks, a token no edge covers stays unmatched, and a covered token adds at most its
 * weight × the best similarity of an edge covering it. So, with A = Σ over covered tokens of that (both
 * sides) and X = the weight of the uncovered tokens (titles aside), each at the smallest share the scorer
 * may charge for it (a trailing place a quarter, a patronymic between two parts half):
 *
 *   score ≤ A / (A + scale · (QUERY_EXTRA_PENALTY · Xq + LIST_EXTRA_PENALTY · Xc))
 *
 * (a contradiction costs CONFLICT_PENALTY > 1 times the full weights, more than either omission penalty;
 * `scale` is the omission scale at the largest evidence the covered tokens allow, min(Σ covered query weight,
 * Σ covered list weight)). The reductions after it only lower the score; the ones the edges settle are
 * applied: no edge with a word or number (×0.5), too little evidence, a kind mismatch.
 *
 * `withPossible`: the pair edges alone are collected, and POSSIBLE_Q / POSSIBLE_C hold the best similarity the
 * other edges may give each token (`markPossibleRunEdges`); each counts as an edge covering that token. The
 * bound only grows with the tokens covered and their similarities (more matched weight, less left over, more
 * evidence, more content), so this is never under the bound with every edge.
 */
export function edgeScoreBound(q: PreparedName, c: PreparedName, nq: number, nc: number, withPossible = false): number {
  const edges = EDGES
  const count = edges.count
  const covQ = COVERED_Q
  const covC = COVERED_C
  for (let i = 0; i < nq; i++) covQ[i] = 0
  for (let j = 0; j < nc; j++) covC[j] = 0
  const qt = q.tokens
  const ct = c.tokens
  let content = false
  for (let e = 0; e < count; e++) {
    const sim = edges.sim[e]!
    // (matched ≤ matched weight needs every similarity ≤ 1)
    if (!(sim <= 1)) return 1
    const qs = edges.qs[e]!
    const cs = edges.cs[e]!
    for (let k = qs; k < qs + edges.ql[e]!; k++) {
      if (covQ[k]! < sim) covQ[k] = sim
      if (qt[k]!.isStrong) content = true
    }
    for (let k = cs; k < cs + edges.cl[e]!; k++) {
      if (covC[k]! < sim) covC[k] = sim
      if (ct[k]!.isStrong) content = true
    }
  }
  if (withPossible) {
    // the edges not collected yet, at the best they may give (markPossibleRunEdges): a bound of the bound
    // with them, which only grows with what is covered and how well
    for (let i = 0; i < nq; i++) {
      if (POSSIBLE_Q[i]! > covQ[i]!) {
        covQ[i] = POSSIBLE_Q[i]!
        if (qt[i]!.isStrong) content = true
      }
    }
    for (let j = 0; j < nc; j++) {
      if (POSSIBLE_C[j]! > covC[j]!) {
        covC[j] = POSSIBLE_C[j]!
        if (ct[j]!.isStrong) content = true
      }
    }
  }
  let matched = 0
  let coveredQ = 0
  let coveredC = 0
  const qw = q.weights
  const cw = c.weights
  for (let i = 0; i < nq; i++) {
    if (covQ[i]! > 0) {
      matched += covQ[i]! * qw[i]!
      coveredQ += qw[i]!
    }
  }
  for (let j = 0; j < nc; j++) {
    if (covC[j]! > 0) {
      matched += covC[j]! * cw[j]!
      coveredC += cw[j]!
    }
  }
  if (matched <= 0) return 0
  const extraQ = leftoverWeight(qt, qw, covQ, nq, q.entityKind === 'entity', q.entityKind === 'individual' || q.entityKind === null)
  const extraC = leftoverWeight(ct, cw, covC, nc, c.entityKind === 'entity', c.entityKind === 'individual' || c.entityKind === null)
  const evidence = coveredQ < coveredC ? coveredQ : coveredC
  const scale = evidence > OMISSION_EVIDENCE ? OMISSION_EVIDENCE / evidence : 1
  let bound = matched / (matched + scale * (QUERY_EXTRA_PENALTY * extraQ + LIST_EXTRA_PENALTY * extraC))
  if (!content) bound *= 0.5
  else if (evidence < EVIDENCE_FULL) bound *= 1 - EVIDENCE_PENALTY * (1 - evidence / EVIDENCE_FULL)
  if (bound > 1) bound = 1
  if (q.entityKind !== null && c.entityKind !== null && q.entityKind !== c.entityKind) bound *= KIND_MISMATCH_FACTOR
  // (the scorer sums in another order: a margin far above rounding, far below any score difference that matters)
  return bound + 1e-9
}

const COVERED_Q = new Float64Array(256)
const COVERED_C = new Float64Array(256)

/**
 * The least weight the scorer charges for the tokens no edge covers: titles nothing, a place after an
 * organisation's name a quarter, a patronymic between two covered parts half (as compare-names.ts may), the rest whole.
 */
function leftoverWeight(tokens: NameToken[], weights: Float64Array, covered: Float64Array, n: number, places: boolean, middle: boolean): number {
  let first = n
  let last = -1
  for (let k = 0; k < n; k++) {
    if (covered[k]! > 0) {
      if (first === n) first = k
      last = k
    }
  }
  let extra = 0
  for (let i = 0; i < n; i++) {
    if (covered[i]! > 0 || tokens[i]!.kind === 'title') continue
    const w = weights[i]!
    if (places && isTrailingPlace(tokens, i)) extra += PLACE_QUALIFIER_FACTOR * w
    else if (middle && first < i && i < last && isOmittablePatronymic(tokens, i)) extra += MIDDLE_OMISSION_FACTOR * w
    else extra += w
  }
  return extra
}

/** a patronymic by its ending (data/patronymics.yaml), a "bin"/"ibn" particle, or the name after one */
export function isOmittablePatronymic(tokens: NameToken[], i: number): boolean {
  const t = tokens[i]!
  return isPatronymicParticle(t) || (i > 0 && isPatronymicParticle(tokens[i - 1]!)) || (t.kind === 'word' && hasPatronymicEnding(t.text))
}
