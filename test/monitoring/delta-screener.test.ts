/**
 * The delta re-screen's small screener (`buildScreener({ indexOnly })`): only the changed entries are
 * indexed, every entry still weighs the tokens. For names of changed entries, of unchanged entries and
 * generated names, it finds every match the screener of all entries finds among the changed entries
 * (`onlyEntries`), with the same scores and explanations.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { buildScreener, entryKeyOf, type ScreeningHit } from '../../src/screening/screener.js'
import { importListFiles } from '../../src/screening/snapshots/import-list.js'
import { loadActiveSnapshots } from '../../src/screening/snapshots/load-active-snapshots.js'
import { sharedList, SHARED_LISTS } from '../screening/sources/fixtures.js'

const SDN = 'ofac_sdn_2024-05-03/sdn.csv'
const skip = existsSync(join(SHARED_LISTS, SDN)) ? false : `${join(SHARED_LISTS, SDN)} is absent: this test reads the shared SDN snapshot (CI has it)`
const view = (h: ScreeningHit) => `${h.list}:${h.entryId} ${h.score} ${h.matchedName} ${h.explanation.summary}`

describe('delta screener (index of the changed entries only)', { skip }, () => {
  test('finds the same matches with the same scores as the full screener restricted to the changed entries', async () => {
    const home = mkdtempSync(join(tmpdir(), 'chipnav-delta-screener-'))
    try {
      await importListFiles({ home, files: [sharedList(SDN)], now: '2026-12-01T00:00:00Z' })
      const { entries, snapshots } = await loadActiveSnapshots(home)
      // every 40th entry "changed" (~300), and queries: names of changed entries, of their neighbours, generated ones
      const changed = entries.filter((_, i) => i % 40 === 0)
      const only = new Set(changed.map((e) => entryKeyOf(e.list, e.sourceId)))
      const full = buildScreener({ entries, snapshots })
      const delta = buildScreener({ entries, snapshots, indexOnly: only })
      const names = [
        ...changed.slice(0, 150).flatMap((e) => e.names.slice(0, 2).map((n) => n.name)),
        ...entries.filter((_, i) => i % 40 === 1).slice(0, 100).map((e) => e.names[0]!.name),
        ...['Golden Pacific Trading Co Ltd', 'Wei Zhang', 'Mohammed Khan', 'Bank Melli', 'Advanced Precision Electronics GmbH'],
      ]
      let matched = 0
      for (const name of names) {
        for (const country of [undefined, 'IR']) {
          const q = { name, ...(country ? { country } : {}), onlyEntries: only, limit: 5 }
          const want = full.screen(q).hits.filter((h) => h.isMatch).map(view)
          const got = delta.screen(q).hits.filter((h) => h.isMatch).map(view)
          assert.deepEqual(got, want, name)
          matched += want.length
        }
      }
      assert.ok(matched >= 300, `the names of changed entries match them (${matched} matches)`)
    } finally {
      rmSync(home, { recursive: true, force: true })
    }
  })
})
