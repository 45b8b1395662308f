/**
 * The rules for a command-line process: the compiled build's saved rules (rules-cache.ts) when data/ is the
 * version they were saved from, else the strict loader (load-rules.ts), imported only then. The saved rules
 * were loaded by that same strict loader at build time, so the answer is the same; what is saved is zod, the
 * YAML parser and their checks at every start (issue 15: start-up).
 */
import { existsSync, statSync } from 'node:fs'
import type { LoadRulesOptions, Rules } from './load-rules.js'
import { readRulesCache } from './rules-cache.js'
import { computeRulesVersion, DEFAULT_DATA_DIR } from './rules-version.js'

export async function loadRulesPreferringCache(options: LoadRulesOptions = {}): Promise<Rules> {
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR
  if (options.useCache !== false && existsSync(dataDir) && statSync(dataDir).isDirectory()) {
    const cached = readRulesCache(computeRulesVersion(dataDir), dataDir)
    if (cached) return cached
  }
  const { loadRules } = await import('./load-rules.js')
  return loadRules(options)
}
