import { fileURLToPath } from 'node:url'
import { parseYaml, readYamlDataFile } from '../../shared/yaml-data-file.js'

/**
 * Patronymic endings ("-ovich", "-ovna", "-ogly"), read from the data file
 * src/screening/data/patronymics.yaml: a word with one names the person's father.
 */
export const PATRONYMICS_FILE = fileURLToPath(new URL('../data/patronymics.yaml', import.meta.url))

export const PATRONYMIC_ENDINGS: readonly string[] = checkPatronymicEndings(readYamlDataFile(PATRONYMICS_FILE))

/** the shortest word read as a patronymic by its ending */
const MIN_PATRONYMIC_LENGTH = 6

/** Parse and check the patronymics file: `endings`, a list of lower-case endings of 4+ letters. */
export function loadPatronymicEndings(text: string): string[] {
  return checkPatronymicEndings(parseYaml(text))
}

function checkPatronymicEndings(doc: unknown): string[] {
  const endings = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>).endings : undefined
  if (!Array.isArray(endings) || endings.length === 0 || !endings.every((e) => typeof e === 'string' && /^[a-z]{4,}$/.test(e)))
    throw new Error(`${PATRONYMICS_FILE}: expected "endings", a non-empty list of lower-case endings of 4+ letters`)
  const extra = Object.keys(doc as object).filter((k) => k !== 'endings')
  if (extra.length > 0) throw new Error(`${PATRONYMICS_FILE}: unknown key "${extra[0]}"`)
  return endings as string[]
}

/** the endings, and their distinct lengths: a word is checked with one set lookup per length (it runs per name pair) */
const ENDING_SET: ReadonlySet<string> = new Set(PATRONYMIC_ENDINGS)
const ENDING_LENGTHS: readonly number[] = [...new Set(PATRONYMIC_ENDINGS.map((e) => e.length))]

/** Is a normalized word a patronymic by its ending ("viktorovich")? */
export function hasPatronymicEnding(word: string): boolean {
  if (word.length < MIN_PATRONYMIC_LENGTH) return false
  for (const n of ENDING_LENGTHS) if (n <= word.length && ENDING_SET.has(word.slice(-n))) return true
  return false
}
