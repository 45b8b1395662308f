/**
 * `chipnav impact --from 2025-01-01 --to 2026-03-01` over stored transactions names the flips and the
 * dated rule versions that caused them; the report is stored with its inputs and raises `impact.found`.
 */
import { strict as assert } from 'node:assert'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { determine } from '../../src/determination/determine.js'
import { runImpact } from '../../src/monitoring/impact.js'
import { loadRules } from '../../src/rules/load-rules.js'
import { openStore } from '../../src/store/open-store.js'
import { runCli } from '../helpers/run-cli.js'

const rules = loadRules()

async function seed(home: string) {
  const store = await openStore({ home })
  const record = async (tx: Record<string, unknown>, reference: string) => store.recordDetermination({ transaction: tx, result: determine(tx, { rules }), reference, actor: 'test' })
  const h20 = await record({ date: '2025-02-01', item: { chip: 'nvidia-h20' }, quantity: 100, to: 'CN' }, 'PO-H20-CN')
  const h100fr = await record({ date: '2025-02-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'FR' }, 'PO-H100-FR')
  return { store, h20, h100fr }
}

test('impact --from 2025-01-01 --to 2026-03-01 names the flip and its causes, and stores the report', async () => {
  const home = mkdtempSync(join(tmpdir(), 'chipnav-impact-'))
  try {
    const { store, h20, h100fr } = await seed(home)
    await store.close()
    const r = runCli(['impact', '--from', '2025-01-01', '--to', '2026-03-01', '--json'], { env: { CHIPNAV_HOME: home } })
    assert.equal(r.code, 0, r.stderr)
    const report = JSON.parse(r.stdout) as { id: string; flips: { id: string; before: { verdict: string }; after: { verdict: string }; changes: string[]; causes: { ruleId: string; effective: string }[]; events: { date: string }[] }[]; checked: { transactions: number } }
    assert.equal(report.checked.transactions, 2)
    assert.deepEqual(report.flips.map((f) => f.id), [h20.id], 'only the H20 to China flips; the H100 to France does not')
    const flip = report.flips[0]!
    assert.equal(flip.before.verdict, 'NLR')
    assert.equal(flip.after.verdict, 'LICENSE_REQUIRED')
    assert.ok(flip.changes.includes('verdict'))
    // the rule version in force on the later date, and the dated events between the two dates that touch it
    assert.ok(flip.causes.some((c) => c.ruleId.startsWith('policies.letters.nvidia-h20') && c.effective > '2025-01-01' && c.effective <= '2026-03-01'), `the H20 letter is named: ${JSON.stringify(flip.causes)}`)
    assert.ok(flip.events.some((e) => e.date === '2025-04-09'), `the 2025-04-09 letter event is named: ${JSON.stringify(flip.events)}`)
    assert.ok(!report.flips.some((f) => f.id === h100fr.id))

    const text = runCli(['impact', '--from', '2025-01-01', '--to', '2026-03-01'], { env: { CHIPNAV_HOME: home } })
    assert.equal(text.code, 0, text.stderr)
    assert.match(text.stdout, /PO-H20-CN.*NLR on 2025-01-01 → LICENSE_REQUIRED/)
    assert.match(text.stdout, /caused by policies\.letters\.nvidia-h20/)

    const again = await openStore({ home })
    try {
      const stored = await again.getImpactReport(report.id)
      assert.deepEqual({ from: stored.inputs.from, to: stored.inputs.to, mode: stored.inputs.mode }, { from: '2025-01-01', to: '2026-03-01', mode: 'dates' })
      assert.equal(stored.inputs.rulesVersion, rules.version)
      assert.equal(stored.flipCount, 1)
      const events = (await again.listEvents({ type: 'impact.found' })).items
      assert.equal(events.length, 2, 'one impact.found per run that found flips')
    } finally {
      await again.close()
    }
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
})

test('impact: bad dates are refused naming the field (exit 2)', () => {
  const r = runCli(['impact', '--from', '2025-13-01', '--to', '2026-03-01'], { env: { CHIPNAV_HOME: mkdtempSync(join(tmpdir(), 'chipnav-impact-')) } })
  assert.equal(r.code, 2)
  assert.match(r.stderr, /from: expected YYYY-MM-DD/)
})

test('impact in stored mode: a transaction recorded under other rules is compared with the rules now', async () => {
  const home = mkdtempSync(join(tmpdir(), 'chipnav-impact-'))
  const { store, h20 } = await seed(home)
  try {
    // the stored answer as an older rules version gave it (before the H20 letter was in the data)
    const tx = { date: '2025-06-01', item: { chip: 'nvidia-h20' }, quantity: 1, to: 'CN' }
    const old = { ...determine({ ...tx, date: '2025-01-01' }, { rules }), date: '2025-06-01', rulesVersion: 'older-rules' }
    const stale = await store.recordDetermination({ transaction: tx, result: old as never, actor: 'test' })
    const report = await runImpact({ store, rules, inputs: { mode: 'stored' }, today: '2026-12-07' })
    const flip = report.flips.find((f) => f.id === stale.id)
    assert.ok(flip, 'the stale answer flips')
    assert.equal(flip!.rulesVersionChanged, true)
    assert.ok(flip!.causes.some((c) => c.ruleId.startsWith('policies.letters.nvidia-h20')))
    assert.ok(!report.flips.some((f) => f.id === h20.id), 'an answer recorded under the rules now does not flip')
  } finally {
    await store.close()
    rmSync(home, { recursive: true, force: true })
  }
})
