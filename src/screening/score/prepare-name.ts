import type { EntityType } from '../model.js'
import { normalizeName, type NormalizedName } from '../normalize/normalize-name.js'
import type { NameToken } from '../normalize/normalize-name.js'
import { tokenWeight, type TokenFrequencies } from './token-weights.js'

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

/** a word or number at least this heavy (IDF) is informative: it counts for coverage and the one-word rule */
export const INFORMATIVE_WEIGHT = 0.5

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
    // (a list name's decoder, index/record-readers.ts, builds the same fields in the same order)
    vocabIds: undefined,
  }
}

/** "son of" / "daughter of" particles of Arabic, Hebrew, Malay, Hassaniya and Tuareg names */
const PATRONYMIC_PARTICLES: ReadonlySet<string> = new Set(['bin', 'ibn', 'ben', 'bint', 'binti', 'bte', 'ould', 'ag'])

export function isPatronymicParticle(t: NameToken): boolean {
  return t.kind === 'particle' && PATRONYMIC_PARTICLES.has(t.text)
}
