import { fileURLToPath } from 'node:url'
import { parseYaml, readYamlDataFile } from '../../shared/yaml-data-file.js'

/**
 * Organisation words written in routine variants of one another ("air" / "airlines" / "airways", "technology" /
 * "technologies"), read from the data file src/screening/data/organisation-word-variants.yaml. Any two words of a
 * group are the same word to the matcher, as an abbreviation and its full word are (abbreviations.ts).
 */
export const ORGANISATION_WORD_VARIANTS_FILE = fileURLToPath(new URL('../data/organisation-word-variants.yaml', import.meta.url))

/** word → its group's words, the canonical word first (the same array for every word of a group) */
export const ORGANISATION_WORD_VARIANTS: ReadonlyMap<string, readonly string[]> = groupsByWord(checkVariants(readYamlDataFile(ORGANISATION_WORD_VARIANTS_FILE)))

/** Parse and check the file: `groups`, a non-empty list of groups of 2+ distinct lower-case words, each word in one group. */
export function loadOrganisationWordVariants(text: string): string[][] {
  return checkVariants(parseYaml(text))
}

function checkVariants(doc: unknown): string[][] {
  const fail = (why: string): never => {
    throw new Error(`${ORGANISATION_WORD_VARIANTS_FILE}: ${why}`)
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return fail('expected a mapping with "groups"')
  const extra = Object.keys(doc).filter((k) => k !== 'groups')
  if (extra.length > 0) fail(`unknown key "${extra[0]}"`)
  const groups = (doc as Record<string, unknown>).groups
  if (!Array.isArray(groups) || groups.length === 0) return fail('expected "groups", a non-empty list')
  const seen = new Set<string>()
  return groups.map((g: unknown, i): string[] => {
    if (!Array.isArray(g) || g.length < 2 || !g.every((w) => typeof w === 'string' && /^[a-z]{3,}$/.test(w)))
      fail(`groups[${i}]: expected a list of two or more lower-case words of 3+ letters`)
    for (const w of g as string[]) {
      if (seen.has(w)) fail(`groups[${i}]: "${w}" is in two groups, or twice in one`)
      seen.add(w)
    }
    return g as string[]
  })
}

function groupsByWord(groups: readonly string[][]): Map<string, readonly string[]> {
  const m = new Map<string, readonly string[]>()
  for (const g of groups) {
    const frozen = Object.freeze([...g])
    for (const w of g) m.set(w, frozen)
  }
  return m
}
