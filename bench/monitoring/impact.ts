/**
 * Impact run speed (issue 13): N stored open transactions (catalogue chips × destinations × dates, seeded)
 * re-determined as of 2025-01-01 and 2026-03-01 (two determinations each), flips explained and the report
 * stored. SQLite in a temp CHIPNAV_HOME; no lists loaded (parties are not screened).
 *
 *   node --import tsx bench/monitoring/impact.ts [--transactions 10000]
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { determine } from '../../src/determination/determine.js'
import { runAndStoreImpact } from '../../src/monitoring/impact.js'
import { loadRules } from '../../src/rules/load-rules.js'
import { openStore } from '../../src/store/open-store.js'

const i = process.argv.indexOf('--transactions')
const N = i >= 0 ? Number(process.argv[i + 1]) : 10_000
const CHIPS = ['nvidia-h20', 'nvidia-h100-sxm', 'nvidia-h200', 'nvidia-a100-sxm-80gb', 'amd-mi308x', 'nvidia-b200', 'nvidia-l40s', 'nvidia-rtx-4090']
const DESTINATIONS = ['CN', 'HK', 'AE', 'SA', 'IN', 'FR', 'DE', 'JP', 'VN', 'MY', 'SG', 'BR', 'KH', 'RU']
const DATES = ['2025-02-01', '2025-06-01', '2025-10-01', '2026-02-01']

const rules = loadRules()
const home = mkdtempSync(join(tmpdir(), 'chipnav-bench-impact-'))
const store = await openStore({ home })
try {
  let seed = 42
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
  const pick = <T>(a: T[]) => a[Math.floor(random() * a.length)]!
  const t0 = performance.now()
  let stored = 0
  while (stored < N) {
    const tx = { date: pick(DATES), item: { chip: pick(CHIPS) }, quantity: 1 + Math.floor(random() * 100), to: pick(DESTINATIONS) }
    let result
    try {
      result = determine(tx, { rules })
    } catch {
      continue // a chip id the catalogue does not have
    }
    await store.recordDetermination({ transaction: tx, result, reference: `PO-${stored}`, actor: 'bench' })
    stored++
  }
  const setup = (performance.now() - t0) / 1000
  const load = loadavg().map((x) => x.toFixed(2)).join(' ')
  const started = performance.now()
  const { record, report } = await runAndStoreImpact({ store, rules, inputs: { mode: 'dates', from: '2025-01-01', to: '2026-03-01' }, today: '2026-12-07', actor: 'bench' })
  const seconds = (performance.now() - started) / 1000
  console.log(
    JSON.stringify(
      {
        transactions: report.checked.transactions,
        determinations: 2 * report.checked.transactions,
        flips: report.flips.length,
        skipped: report.checked.skipped.length,
        seconds: Number(seconds.toFixed(1)),
        transactionsPerSecond: Math.round(report.checked.transactions / seconds),
        reportId: record.id,
        setupSeconds: Number(setup.toFixed(1)),
        loadAverageAtStart: load,
        loadAverageAtEnd: loadavg().map((x) => x.toFixed(2)).join(' '),
      },
      null,
      2,
    ),
  )
} finally {
  await store.close()
  rmSync(home, { recursive: true, force: true })
}
