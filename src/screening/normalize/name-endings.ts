import { fileURLToPath } from 'node:url'
import { parseYaml, readYamlDataFile } from '../../shared/yaml-data-file.js'

/**
 * Endings that write one name in different transliterations ("Narendra" / "Narender"), read from the data file
 * src/screening/data/name-endings.yaml. A word with one of them gets a variant key (the word with its group's
 * first ending), so the two spellings pair as transliteration variants and candidate retrieval finds one from
 * the other (`retrievalVariantOf`).
 */
export const NAME_ENDINGS_FILE = fileURLToPath(new URL('../data/name-endings.yaml', import.meta.url))

type EndingGroup = { endings: readonly string[]; minLength: number }

const GROUPS: readonly EndingGroup[] = checkNameEndings(readYamlDataFile(NAME_ENDINGS_FILE))

/** Parse and check the name-endings file: `groups`, each `endings` (2+ lower-case endings of 3+ letters, of one length) and `min_length`. */
export function loadNameEndings(text: string): EndingGroup[] {
  return checkNameEndings(parseYaml(text))
}

function checkNameEndings(doc: unknown): EndingGroup[] {
  const fail = (why: string): never => {
    throw new Error(`${NAME_ENDINGS_FILE}: ${why}`)
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return fail('expected a mapping with "groups"')
  const extra = Object.keys(doc).filter((k) => k !== 'groups')
  if (extra.length > 0) fail(`unknown key "${extra[0]}"`)
  const groups = (doc as Record<string, unknown>).groups
  if (!Array.isArray(groups) || groups.length === 0) return fail('expected "groups", a non-empty list')
  return groups.map((g: unknown, i): EndingGroup => {
    if (g === null || typeof g !== 'object' || Array.isArray(g)) return fail(`groups[${i}]: expected a mapping with "endings" and "min_length"`)
    const { endings, min_length: minLength, ...rest } = g as Record<string, unknown>
    if (Object.keys(rest).length > 0) fail(`groups[${i}]: unknown key "${Object.keys(rest)[0]}"`)
    if (!Array.isArray(endings) || endings.length < 2 || !endings.every((e) => typeof e === 'string' && /^[a-z]{3,}$/.test(e)))
      fail(`groups[${i}].endings: expected two or more lower-case endings of 3+ letters`)
    const list = endings as string[]
    if (new Set(list.map((e) => e.length)).size !== 1) fail(`groups[${i}].endings: the endings of a group must have one length`)
    if (typeof minLength !== 'number' || !Number.isInteger(minLength) || minLength <= list[0]!.length) fail(`groups[${i}].min_length: expected a whole number longer than the endings`)
    return { endings: list, minLength: minLength as number }
  })
}

/** ending → the group's first ending (the key), and the group's minimum word length; one length per group */
const KEY_OF = new Map<string, { key: string; minLength: number }>()
for (const g of GROUPS) for (const e of g.endings) KEY_OF.set(e, { key: g.endings[0]!, minLength: g.minLength })
const LENGTHS: readonly number[] = [...new Set(GROUPS.map((g) => g.endings[0]!.length))]

/** The variant key of a normalized word by its ending ("narender" → "narendra"), or undefined. */
export function endingVariantKey(word: string): string | undefined {
  for (const n of LENGTHS) {
    if (word.length <= n) continue
    const g = KEY_OF.get(word.slice(-n))
    if (g !== undefined && word.length >= g.minLength) return word.slice(0, -n) + g.key
  }
  return undefined
}
