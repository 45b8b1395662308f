/**
 * The compiled build's copy of the loaded rules: `npm run build` loads data/ with the strict loader once and
 * saves the result (v8 serialisation, which keeps Maps) beside the compiled loader, keyed by the rules
 * version (the sha256 of data/'s files). A process whose data/ has that version reads it back instead of
 * parsing and checking every YAML file again; any other data/ (edited, or CHIPNAV_DATA_DIR) is loaded strictly.
 * Running from the sources (tsx) there is no such file, so the tests always exercise the strict loader.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { deserialize, serialize } from 'node:v8'
import type { Rules } from './load-rules.js'

/** next to the compiled loader: dist/rules/rules-cache.bin (never present in src/) */
export const RULES_CACHE_FILE = fileURLToPath(new URL('./rules-cache.bin', import.meta.url))

type CacheFile = { format: 1; rules: Omit<Rules, 'dataDir'> }

/** The saved rules when they are of `version`; undefined when absent, of another version or unreadable. */
export function readRulesCache(version: string, dataDir: string, file = RULES_CACHE_FILE): Rules | undefined {
  if (!existsSync(file)) return undefined
  try {
    const cached = deserialize(readFileSync(file)) as CacheFile
    if (cached.format !== 1 || cached.rules.version !== version) return undefined
    return { ...cached.rules, dataDir }
  } catch {
    return undefined
  }
}

export function writeRulesCache(rules: Rules, file = RULES_CACHE_FILE): void {
  const { dataDir: _dataDir, ...rest } = rules
  writeFileSync(file, serialize({ format: 1, rules: rest } satisfies CacheFile))
}
