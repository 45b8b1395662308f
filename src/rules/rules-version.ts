/**
 * The rules version (the sha256 of data/'s files) and where data/ is: apart from the strict loader
 * (load-rules.ts, which loads zod and the YAML parser) so that reading the compiled build's saved rules
 * (load-rules-cached.ts) loads neither (issue 15: start-up).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sha256Hex } from '../shared/hash.js'

export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url))

/** every file under `dir`, sorted by name at each level (a link followed, as statSync does) */
export function listFiles(dir: string): string[] {
  const out: string[] = []
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const entry of entries) {
    const full = join(dir, entry.name)
    if (entry.isSymbolicLink() ? statSync(full).isDirectory() : entry.isDirectory()) out.push(...listFiles(full))
    else out.push(full)
  }
  return out
}

export function computeRulesVersion(dataDir: string): string {
  const lines = listFiles(dataDir).map((f) => `${relative(dataDir, f).split(sep).join('/')}\0${sha256Hex(readFileSync(f))}`)
  return sha256Hex(lines.join('\n'))
}
