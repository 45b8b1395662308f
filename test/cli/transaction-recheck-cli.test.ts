/**
 * `chipnav transactions show|approve|recheck` and a transaction's screening hits (review finding F14): the hits no one
 * reviewed are shown and hold the approval (HIT_REVIEW_PENDING, exit 2); once they are cleared in the queue, the
 * re-check records a new transaction linked to the old one. SQLite in a fresh CHIPNAV_HOME with the fixture lists.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { cliLoadScreener } from '../../src/cli/commands/cli-screener.js'
import { determine } from '../../src/determination/determine.js'
import { recordTransactionWithHits } from '../../src/records/transaction-hits.js'
import { loadRules } from '../../src/rules/load-rules.js'
import { openStore } from '../../src/store/open-store.js'
import { hasStackTrace, runCli } from '../helpers/run-cli.js'

const home = mkdtempSync(join(tmpdir(), 'chipnav-recheck-'))
after(() => rmSync(home, { recursive: true, force: true }))
const env = { CHIPNAV_HOME: home, CHIPNAV_ACTOR: 'cli:officer' }
const CSL = fileURLToPath(new URL('../fixtures/lists/consolidated.csv', import.meta.url))

test('a transaction with an unreviewed Entity List hit: shown, approval held, cleared in the queue, re-checked from the command line', async () => {
  const imp = runCli(['lists', 'import', CSL, '--published', '2026-11-01'], { env })
  assert.equal(imp.code, 0, imp.stderr)
  const tx = { date: '2025-03-01', item: { chip: 'nvidia-h20' }, quantity: 1, to: 'SG', parties: [{ role: 'end-user', name: 'Huawei Technologies Co., Ltd.', country: 'SG' }] }
  const screener = await cliLoadScreener(home)
  let store = await openStore({ home })
  const recorded = await recordTransactionWithHits(store, { transaction: tx, result: determine(tx, { rules: loadRules(), screener }), actor: 'cli:analyst' })
  await store.close()

  const shown = runCli(['transactions', 'show', recorded.id], { env })
  assert.equal(shown.code, 0, shown.stderr)
  assert.match(shown.stdout, /screening hits not reviewed \(\d+\)/)
  assert.match(shown.stdout, new RegExp(`chipnav transactions recheck ${recorded.id}`))
  // its hits unreviewed, it is on hold, and says why
  assert.match(shown.stdout, /ON HOLD: 1 active hold\(s\)/)
  assert.match(shown.stdout, /since \S+: screening review pending: \d+ unreviewed hits? /)
  const held = runCli(['transactions', 'approve', recorded.id, '--reason', 'cleared offline'], { env })
  assert.equal(held.code, 2)
  assert.match(held.stderr, /^error HIT_REVIEW_PENDING: /)
  assert.ok(!hasStackTrace(held.stderr))

  store = await openStore({ home })
  for (const h of (await store.listHits({ partyId: recorded.partyIds[0]!, limit: 100 })).items) await store.reviewHit({ hitId: h.id, decision: 'cleared', reason: 'a Singapore reseller, not the listed company', actor: 'cli:approver' })
  await store.close()

  const r = runCli(['transactions', 'recheck', recorded.id, '--json'], { env })
  assert.equal(r.code, 0, r.stderr)
  const n = JSON.parse(r.stdout)
  assert.equal(n.recheckOf.transactionId, recorded.id)
  assert.equal(n.reasons.filter((x: { ruleId: string; party?: unknown }) => x.ruleId.startsWith('lists.') && x.party).length, 0)
  const again = runCli(['transactions', 'show', n.id], { env })
  assert.match(again.stdout, new RegExp(`re-check of ${recorded.id}`))
  assert.doesNotMatch(again.stdout, /screening hits not reviewed/)
  assert.doesNotMatch(again.stdout, /ON HOLD/)
  // the old one is superseded: shown so, and refused for a decision naming its replacement
  const old = runCli(['transactions', 'show', recorded.id], { env })
  assert.match(old.stdout, new RegExp(`approval superseded\\n  SUPERSEDED by ${n.id} \\(a re-check\\)`))
  assert.doesNotMatch(old.stdout, /ON HOLD/)
  const refused = runCli(['transactions', 'approve', recorded.id, '--reason', 'cleared offline'], { env })
  assert.equal(refused.code, 2)
  assert.match(refused.stderr, new RegExp(`^error TRANSACTION_SUPERSEDED: transaction ${recorded.id} was superseded by ${n.id}`))
  assert.equal(runCli(['transactions', 'show', recorded.id, '--quiet'], { env }).stdout.trim(), 'superseded')
})
