/**
 * Where a determination request spends its time, in-process and warm: determine() alone (both regimes, with and
 * without screening the parties), the store write, and the JSON of the answer. A helper for reading the API bench.
 *
 *   node --import tsx bench/api/determination-parts.ts [--n 2000]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { determine } from '../../src/determination/determine.js'
import { loadRules } from '../../src/rules/load-rules.js'
import { buildScreener } from '../../src/screening/screener.js'
import { importListFiles } from '../../src/screening/snapshots/import-list.js'
import { loadActiveSnapshots } from '../../src/screening/snapshots/load-active-snapshots.js'
import { openStore } from '../../src/store/open-store.js'
import { REAL_LIST_PATHS } from './real-lists.js'

const REPO = fileURLToPath(new URL('../../', import.meta.url))
const ni = process.argv.indexOf('--n')
const n = ni >= 0 ? Number(process.argv[ni + 1]) : 2000
const tx = JSON.parse(readFileSync(join(REPO, 'examples/h100-to-uae.json'), 'utf8'))

const home = mkdtempSync(join(tmpdir(), 'chipnav-parts-'))
try {
  const files = REAL_LIST_PATHS().map((p) => ({ name: p.split('/').pop()!, bytes: readFileSync(p) }))
  await importListFiles({ home, files, now: new Date().toISOString() })
  const { entries, snapshots } = await loadActiveSnapshots(home)
  const screener = buildScreener({ entries, snapshots })
  const rules = loadRules()
  const store = await openStore({ home })
  const time = async (label: string, f: () => unknown) => {
    for (let i = 0; i < 200; i++) await f()
    const t0 = performance.now()
    for (let i = 0; i < n; i++) await f()
    console.log(`${label.padEnd(44)} ${((performance.now() - t0) / n).toFixed(3)} ms`)
  }
  const result = determine(tx, { rules, screener })
  await time('determine, no screener', () => determine(tx, { rules }))
  await time('determine, with screener', () => determine(tx, { rules, screener }))
  await time('screen one party name', () => screener.screen({ name: 'Example Cloud LLC', country: 'AE' }))
  await time('store.recordDetermination', () => store.recordDetermination({ transaction: tx, result, actor: 'bench' }))
  await time('JSON.stringify(result)', () => JSON.stringify(result))
  console.log(`result JSON: ${JSON.stringify(result).length} bytes`)
  await store.close()
} finally {
  rmSync(home, { recursive: true, force: true })
}
