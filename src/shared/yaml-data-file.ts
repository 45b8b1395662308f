/**
 * A small YAML data file that a module reads when it loads (the screening abbreviations and patronymic
 * endings), without loading the YAML parser when the build saved the file's parsed value: `npm run build`
 * writes `<file>.json` beside the copied file, holding the value and the sha256 of the text it was parsed
 * from. The text is always read and hashed, so a saved value is used only for exactly that text; an edited,
 * missing or unreadable copy is ignored and the text parsed (as the sources run through tsx always do).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { isDeepStrictEqual } from 'node:util'
import { createRequire } from 'node:module'
import { sha256Hex } from './hash.js'

type SavedValue = { sha256: string; value: unknown }

/** The YAML parser, loaded on first use. */
export function parseYaml(text: string): unknown {
  return (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(text)
}

/** The parsed value of a YAML file: the build's saved value when it was parsed from this very text. */
export function readYamlDataFile(path: string): unknown {
  const text = readFileSync(path, 'utf8')
  let saved: SavedValue | undefined
  try {
    saved = JSON.parse(readFileSync(`${path}.json`, 'utf8')) as SavedValue
  } catch {
    // no saved value (the sources, or a copy without it): parse the text
  }
  if (saved !== undefined && typeof saved === 'object' && saved !== null && saved.sha256 === sha256Hex(text)) return saved.value
  return parseYaml(text)
}

/** Save a YAML file's parsed value beside it (the build); false when JSON cannot carry it exactly. */
export function saveYamlDataFile(path: string): boolean {
  const text = readFileSync(path, 'utf8')
  const value = parseYaml(text)
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(value)), value)) return false
  writeFileSync(`${path}.json`, `${JSON.stringify({ sha256: sha256Hex(text), value } satisfies SavedValue)}\n`)
  return true
}
