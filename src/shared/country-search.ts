/**
 * Finding a country as a person types it: by code, by ISO name and by the other names the lists and users write
 * ("UK" finds the United Kingdom before Ukraine, "Macau" finds Macao). Used by the web UI's country selects.
 */
import { COUNTRY_CODES, countryName, otherCountryNames } from './countries.js'

/** What a search is compared with: case, accents and punctuation aside. */
function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()
}

let namesByCode: Map<string, string[]> | undefined

function namesOf(code: string): string[] {
  namesByCode ??= new Map(COUNTRY_CODES.map((c) => [c, [countryName(c) ?? c, ...otherCountryNames(c)].map(fold)]))
  return namesByCode.get(code) ?? []
}

/**
 * How well a country answers a search: 0 its code or one of its names exactly, 1 the start of a name, 2 the start
 * of a word of a name, 3 anywhere in a name; undefined when it does not answer it. An empty search answers 3.
 */
export function countryRank(code: string, search: string): number | undefined {
  const q = fold(search)
  if (q === '') return 3
  if (code.toLowerCase() === q) return 0
  const names = namesOf(code)
  if (names.some((n) => n === q)) return 0
  if (names.some((n) => n.startsWith(q))) return 1
  if (names.some((n) => n.split(' ').some((w) => w.startsWith(q)))) return 2
  if (names.some((n) => n.includes(q))) return 3
  return undefined
}

/** The codes answering a search, best first, then in code order. */
export function searchCountries(codes: readonly string[], search: string): string[] {
  const ranked: Array<{ code: string; rank: number; index: number }> = []
  codes.forEach((code, index) => {
    const rank = countryRank(code, search)
    if (rank !== undefined) ranked.push({ code, rank, index })
  })
  return ranked.sort((a, b) => a.rank - b.rank || a.index - b.index).map((r) => r.code)
}
