/** How one query token (or run of tokens) lined up with the list name. */
export type TokenAlignment = {
  /** the query token(s), normalized; '' when a list token was left unmatched */
  query: string
  /** the list token(s), normalized; '' when a query token was left unmatched */
  list: string
  similarity: number
  /** the weight of this piece in the score (IDF × kind weight, both sides) */
  weight: number
  /**
   * - exact, fuzzy (edit distance), initial (a letter or an acronym), transliterated (variant
   *   spelling, nickname or consonant skeleton across scripts), legal-form (company forms)
   * - joined: several query tokens written as one list token ("Hik Vision" → "hikvision")
   * - split: one query token written as several list tokens ("Hikvision" → "hik vision")
   * - unmatched: a token with no counterpart
   */
  kind: 'exact' | 'fuzzy' | 'initial' | 'joined' | 'split' | 'legal-form' | 'transliterated' | 'abbreviation' | 'unmatched' | 'word-variant'
}

/** Every boost or penalty applied after the token alignment, with its reason. */
export type ScoreAdjustment = { reason: string; delta: number }

export type NameScore = {
  score: number
  alignment: TokenAlignment[]
  adjustments: ScoreAdjustment[]
  queryNormalized: string
  candidateNormalized: string
}
