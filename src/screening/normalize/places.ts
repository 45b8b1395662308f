import { fileURLToPath } from 'node:url'
import type { NameToken } from './normalize-name.js'
import { parseYaml, readYamlDataFile } from '../../shared/yaml-data-file.js'

/**
 * Place words (countries, continents, regions), read from the data file src/screening/data/places.yaml:
 * after an organisation's name proper, one names a branch or the regional company of one group
 * ("Faberlic Europe", "Huawei Technologies Japan").
 */
export const PLACES_FILE = fileURLToPath(new URL('../data/places.yaml', import.meta.url))

export const PLACE_WORDS: ReadonlySet<string> = new Set(checkPlaces(readYamlDataFile(PLACES_FILE)))

/** Parse and check the places file: `places`, a non-empty list of distinct lower-case words of 2+ letters. */
export function loadPlaces(text: string): string[] {
  return checkPlaces(parseYaml(text))
}

function checkPlaces(doc: unknown): string[] {
  const places = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>).places : undefined
  if (!Array.isArray(places) || places.length === 0 || !places.every((p) => typeof p === 'string' && /^[a-z]{2,}$/.test(p)))
    throw new Error(`${PLACES_FILE}: expected "places", a non-empty list of lower-case words of 2+ letters`)
  const extra = Object.keys(doc as object).filter((k) => k !== 'places')
  if (extra.length > 0) throw new Error(`${PLACES_FILE}: unknown key "${extra[0]}"`)
  const seen = new Set<string>()
  for (const p of places as string[]) {
    if (seen.has(p)) throw new Error(`${PLACES_FILE}: "${p}" is listed twice`)
    seen.add(p)
  }
  return places as string[]
}

/**
 * Token i of a name is a place after the name proper: a place word that only legal forms, stopwords or
 * other place words follow, with a word or number before it that is not a place ("Faberlic Europe Sp. z
 * o.o.", "PLA China", "Huawei Technologies (Australia) Pty Ltd."). A place at the front or inside the name
 * is part of the name proper ("Asia Green Development Bank", "Royal Africa Holding"), and so is a place joined to
 * the name by "of" ("Central Bank of Iran", "Commercial Bank of Syria", "Bank of China"): there the place is what
 * tells the institution from every other "Central Bank", not a branch's qualifier. ("de"/"do" stay qualifiers:
 * "Huawei Technologies de Mexico", "Huawei do Brasil" are branches.)
 */
export function isTrailingPlace(tokens: readonly NameToken[], i: number): boolean {
  const t = tokens[i]!
  if (t.kind !== 'word' || !PLACE_WORDS.has(t.text)) return false
  const before = tokens[i - 1]
  if (before !== undefined && before.kind === 'stop') return false
  for (let k = i + 1; k < tokens.length; k++) {
    const u = tokens[k]!
    if (u.kind !== 'legal' && u.kind !== 'stop' && !(u.kind === 'word' && PLACE_WORDS.has(u.text))) return false
  }
  for (let k = 0; k < i; k++) {
    const u = tokens[k]!
    if ((u.kind === 'word' || u.kind === 'number') && !PLACE_WORDS.has(u.text)) return true
  }
  return false
}
