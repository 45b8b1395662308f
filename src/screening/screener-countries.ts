/** The country adjustment: an entry's countries and how a query's country moves its score. */
import { toCountryCode } from './index/country-codes.js'
import type { ListEntry } from './model.js'
import type { PreparedName } from './score/compare-names.js'
import type { ScoreAdjustment } from './score/types.js'

/** Country agreement (query country among the entry's address / nationality countries). */
export const COUNTRY_MATCH_BOOST = 0.03
/** The entry names countries and the query's country is not one of them. */
export const COUNTRY_MISMATCH_PENALTY = -0.1
/**
 * The same, for a name written in Chinese or Korean script whose every word is one or two syllables:
 * a few hundred syllables make most such names ("伟 王" is Wang Wei, shared by many thousands), so the
 * name alone identifies little and a different country counts more.
 */
export const SYLLABLE_NAME_COUNTRY_MISMATCH_PENALTY = -0.25

/** ISO-2 codes of an entry's address countries, nationalities and citizenships. */
export function entryCountries(e: Pick<ListEntry, 'addresses' | 'nationalities' | 'citizenships'>): string[] {
  const out = new Set<string>()
  for (const a of e.addresses) {
    const c = a.countryCode ?? toCountryCode(a.country)
    if (c) out.add(c.toUpperCase())
  }
  for (const n of [...e.nationalities, ...e.citizenships]) {
    const c = toCountryCode(n)
    if (c) out.add(c)
  }
  return [...out]
}

/** a name in Chinese or Korean script: every word a syllable read from the script */
export function isSyllableName(q: PreparedName): boolean {
  let words = 0
  for (const t of q.tokens) {
    if (t.kind !== 'word') continue
    if (!t.isSyllabic) return false
    words++
  }
  return words > 0
}

export function countryAdjustments(country: string | undefined, entryCountries: string[], mismatch: number): ScoreAdjustment[] {
  if (country === undefined || entryCountries.length === 0) return []
  if (entryCountries.includes(country)) return [{ reason: `country ${country} matches the entry`, delta: COUNTRY_MATCH_BOOST }]
  const why = mismatch === COUNTRY_MISMATCH_PENALTY ? '' : '; a name of Chinese or Korean syllables identifies little alone'
  return [{ reason: `country ${country} is not among the entry's countries (${entryCountries.join(', ')})${why}`, delta: mismatch }]
}
