import type { NameToken, TokenKind } from '../normalize/normalize-name.js'

/**
 * How many entries (documents) contain each normalized token. `fallback` (the built-in table of
 * the US lists) also counts: a token common there stays weak in a small or new list.
 */
export type TokenFrequencies = { entryCount: number; documentFrequency: ReadonlyMap<string, number>; fallback?: TokenFrequencies }

/** Weight of a token kind relative to an ordinary name part. */
export const KIND_WEIGHT: Readonly<Record<TokenKind, number>> = {
  word: 1,
  number: 1,
  initial: 0.4,
  legal: 0.25,
  particle: 0.3,
  stop: 0.2,
  title: 0.1,
}

/** A token found in 1 of this many entries, or rarer, has full weight (chosen on the dev data, see bench/README.md). */
const RARE_RATIO = 3000
/** The weight of the commonest tokens. */
const MIN_IDF_WEIGHT = 0.15

/**
 * IDF weight in [0.15, 1]: ln(N/df) / ln(RARE_RATIO), so "technology", "trading", "international",
 * "mohammad" count little and a token seen in one entry in RARE_RATIO or fewer counts fully.
 * Tokens absent from the table count fully. Weak kinds take their fixed kind weight.
 */
export function tokenWeight(freq: TokenFrequencies, token: NameToken): number {
  const kw = KIND_WEIGHT[token.kind]
  if (token.kind !== 'word' && token.kind !== 'number') return kw
  // an abbreviation weighs what the word it stands for weighs ("intl" as much as "international")
  const text = token.expands !== undefined ? token.expands[0]! : token.text
  const own = idfWeight(freq, text)
  const fallback = freq.fallback ? idfWeight(freq.fallback, text) : 1
  return kw * Math.min(own, fallback)
}

function idfWeight(freq: TokenFrequencies, text: string): number {
  const df = freq.documentFrequency.get(text)
  if (df === undefined || df <= 0 || freq.entryCount <= 0) return 1
  // small lists (tests, a custom list) say little about how common a word is: count them as at least
  // RARE_RATIO entries so that a token seen once keeps full weight
  const ratio = Math.max(freq.entryCount, RARE_RATIO) / df
  const w = Math.log(Math.max(ratio, 1)) / Math.log(RARE_RATIO)
  return Math.min(1, Math.max(MIN_IDF_WEIGHT, w))
}

/** Count, for each token text, the number of entries whose names contain it. */
export function countTokenFrequencies(entries: Iterable<Iterable<NameToken>>): TokenFrequencies {
  const df = new Map<string, number>()
  let n = 0
  const seen = new Set<string>()
  for (const tokens of entries) {
    n++
    seen.clear()
    for (const t of tokens) {
      if (t.kind !== 'word' && t.kind !== 'number') continue
      if (seen.has(t.text)) continue
      seen.add(t.text)
      df.set(t.text, (df.get(t.text) ?? 0) + 1)
    }
  }
  return { entryCount: n, documentFrequency: df }
}
