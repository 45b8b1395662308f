import { fileURLToPath } from 'node:url'
import type { NameToken } from './normalize-name.js'
import { PLACE_WORDS } from './places.js'
import { parseYaml, readYamlDataFile } from '../../shared/yaml-data-file.js'

/**
 * Descriptive organisation words (bank, telecom, trading, institute, central, national), read from the data file
 * src/screening/data/organisation-words.yaml: they say what kind of body an organisation is or what it does,
 * not which one it is.
 */
export const ORGANISATION_WORDS_FILE = fileURLToPath(new URL('../data/organisation-words.yaml', import.meta.url))

export const ORGANISATION_WORDS: ReadonlySet<string> = new Set(checkOrganisationWords(readYamlDataFile(ORGANISATION_WORDS_FILE)))

/** Parse and check the file: `words`, a non-empty list of distinct lower-case words of 2+ letters, none a place. */
export function loadOrganisationWords(text: string): string[] {
  return checkOrganisationWords(parseYaml(text))
}

function checkOrganisationWords(doc: unknown): string[] {
  const words = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>).words : undefined
  if (!Array.isArray(words) || words.length === 0 || !words.every((w) => typeof w === 'string' && /^[a-z]{2,}$/.test(w)))
    throw new Error(`${ORGANISATION_WORDS_FILE}: expected "words", a non-empty list of lower-case words of 2+ letters`)
  const extra = Object.keys(doc as object).filter((k) => k !== 'words')
  if (extra.length > 0) throw new Error(`${ORGANISATION_WORDS_FILE}: unknown key "${extra[0]}"`)
  const seen = new Set<string>()
  for (const w of words as string[]) {
    if (seen.has(w)) throw new Error(`${ORGANISATION_WORDS_FILE}: "${w}" is listed twice`)
    if (PLACE_WORDS.has(w)) throw new Error(`${ORGANISATION_WORDS_FILE}: "${w}" is a place (data/places.yaml)`)
    seen.add(w)
  }
  return words as string[]
}

/**
 * A word of a name proper: a word that is not a descriptive organisation word (an abbreviation read as the word
 * it stands for: "intl" is "international") nor a place ("Huawei", "Faberlic", "Santander"; not "Telecom",
 * "Banco", "Central", "Asia").
 */
export function isNameProperWord(t: NameToken): boolean {
  if (t.kind !== 'word') return false
  const text = t.expands !== undefined ? t.expands[0]! : t.text
  return !ORGANISATION_WORDS.has(text) && !PLACE_WORDS.has(text)
}
