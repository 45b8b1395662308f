import { fileURLToPath } from 'node:url'
import { parseYaml, readYamlDataFile } from '../../shared/yaml-data-file.js'
import { ORGANISATION_WORD_VARIANTS } from './organisation-word-variants.js'

/**
 * Organisation-word abbreviations ("intl" → international, "res" → research), read from the data
 * file src/screening/data/abbreviations.yaml. An abbreviation and any of its full words are the
 * same word to the matcher, on both sides and whatever the entity kind.
 */
export const ABBREVIATIONS_FILE = fileURLToPath(new URL('../data/abbreviations.yaml', import.meta.url))

/** abbreviation → the full words it stands for (canonical first) */
export const ABBREVIATIONS: ReadonlyMap<string, readonly string[]> = checkAbbreviations(readYamlDataFile(ABBREVIATIONS_FILE))

/**
 * The words a normalized word stands for or is a variant of, the canonical first (what a token's `expands`
 * holds): an abbreviation's full words ("intl" → international), else the group of a word written in routine
 * variants (data/organisation-word-variants.yaml: "air" → airlines, airline, airways, airway, air), else undefined.
 */
export function organisationWordExpansion(word: string): readonly string[] | undefined {
  return ABBREVIATIONS.get(word) ?? ORGANISATION_WORD_VARIANTS.get(word)
}

/** full word → the abbreviations that stand for it ("international" → intl, intnl) */
export const ABBREVIATED_AS: ReadonlyMap<string, readonly string[]> = (() => {
  const m = new Map<string, string[]>()
  for (const [abbr, fulls] of ABBREVIATIONS) for (const f of fulls) m.set(f, [...(m.get(f) ?? []), abbr])
  return m
})()

/** Parse and check the abbreviations file: a map of lower-case words to non-empty lists of lower-case words. */
export function loadAbbreviations(text: string): Map<string, readonly string[]> {
  return checkAbbreviations(parseYaml(text))
}

function checkAbbreviations(doc: unknown): Map<string, readonly string[]> {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${ABBREVIATIONS_FILE}: expected a map of abbreviation → [full words]`)
  const out = new Map<string, readonly string[]>()
  for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
    if (!/^[a-z]{2,}$/.test(k)) throw new Error(`${ABBREVIATIONS_FILE}: "${k}": an abbreviation must be 2+ lower-case letters`)
    if (!Array.isArray(v) || v.length === 0 || !v.every((w) => typeof w === 'string' && /^[a-z]{3,}$/.test(w)))
      throw new Error(`${ABBREVIATIONS_FILE}: "${k}": expected a non-empty list of lower-case full words`)
    out.set(k, v as string[])
  }
  return out
}

/**
 * Do two normalized words stand for the same word through an abbreviation ("tech"/"technologies", "elec"/"electr")
 * or as variants of one organisation word ("airlines"/"airways", "air"/"airlines")?
 */
export function sameByAbbreviation(a: string, b: string): boolean {
  const ea = organisationWordExpansion(a)
  const eb = organisationWordExpansion(b)
  if (ea !== undefined && ea.includes(b)) return true
  if (eb !== undefined && eb.includes(a)) return true
  if (ea !== undefined && eb !== undefined) for (const w of ea) if (eb.includes(w)) return true
  return false
}
