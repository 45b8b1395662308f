import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { REPO_ROOT } from '../helpers/paths.js'
import { runCli } from '../helpers/run-cli.js'

/** a home with the DPL fixture imported (dated 2023: older than the 30 days asked, so every answer warns of it) */
const home = mkdtempSync(join(tmpdir(), 'chipnav-check-lists-'))
const env = { CHIPNAV_HOME: home }
const indexes = join(home, 'lists', 'indexes')

describe('chipnav check and the screening index (issue 15, F17)', () => {
  test('a check without parties says how old the lists are but opens no index; one with parties screens them', () => {
    const imported = runCli(['lists', 'import', join(REPO_ROOT, 'test/fixtures/lists/dpl.txt'), '--quiet'], { env })
    assert.equal(imported.code, 0, imported.stderr)
    // the saved index removed: a process that opened it would build and save it again
    for (const f of readdirSync(indexes)) rmSync(join(indexes, f))
    const args = ['check', '--item', 'nvidia-h100-sxm', '--to', 'CN', '--qty', '1', '--date', '2026-01-05', '--max-list-age', '30']
    const bare = runCli([...args, '--json'], { env })
    assert.equal(bare.code, 0, bare.stderr)
    const j = JSON.parse(bare.stdout)
    assert.deepEqual(j.listWarnings.map((w: { source: string }) => w.source), ['dpl'])
    assert.deepEqual(j.parties, [])
    assert.deepEqual(readdirSync(indexes), [], 'no index was built for a check that screens nothing')
    const text = runCli(args, { env })
    assert.match(text.stdout, /^WARNING stale list: the DPL snapshot/m)

    const withParty = runCli([...args, '--party', 'end-user:Nobody In Particular:CN', '--json'], { env })
    assert.equal(withParty.code, 0, withParty.stderr)
    const p = JSON.parse(withParty.stdout)
    assert.deepEqual(p.listWarnings, j.listWarnings)
    assert.equal(p.parties.length, 1)
    assert.notEqual(p.parties[0].screening, null, 'the party was screened')
    assert.equal(readdirSync(indexes).filter((f) => f.endsWith('.idx')).length, 1, 'screening built and saved the index')
  })

  test('diff without parties: the same warnings, no index', () => {
    for (const f of readdirSync(indexes)) rmSync(join(indexes, f))
    const r = runCli(['diff', '--file', '-', '--dates', '2023-01-01,2025-06-01', '--json', '--max-list-age', '30'], { env, input: JSON.stringify({ item: { chip: 'nvidia-h100-sxm' }, quantity: 1, to: 'CN' }) })
    assert.equal(r.code, 0, r.stderr)
    assert.deepEqual(JSON.parse(r.stdout).listWarnings.map((w: { source: string }) => w.source), ['dpl'])
    assert.deepEqual(readdirSync(indexes), [])
  })
})
