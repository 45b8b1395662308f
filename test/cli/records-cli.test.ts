/** `chipnav licenses add|list|show|ship` and `chipnav transactions list|show|approve`, as a user runs them (SQLite in a fresh CHIPNAV_HOME). */
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { determine } from '../../src/determination/determine.js'
import { loadRules } from '../../src/rules/load-rules.js'
import { openStore } from '../../src/store/open-store.js'
import { hasStackTrace, runCli } from '../helpers/run-cli.js'

const home = mkdtempSync(join(tmpdir(), 'chipnav-home-'))
const env = { CHIPNAV_HOME: home, CHIPNAV_ACTOR: 'cli:officer' }
const licenseFile = join(home, 'license.json')
writeFileSync(licenseFile, JSON.stringify({ number: 'D987654', destinations: ['AE'], eccns: ['3A090.a'], authorizedQuantity: 100, validFrom: '2026-01-01', validTo: '2027-12-31', conditions: ['No reexport'] }))

/** a transaction recorded as the API records it (the CLI reads and decides; the API and the web UI record) */
async function recordTransaction(tx: Record<string, unknown>): Promise<string> {
  const store = await openStore({ home })
  try {
    return (await store.recordDetermination({ transaction: tx, result: determine(tx, { rules: loadRules() }), reference: 'PO-77', actor: 'cli:analyst' })).id
  } finally {
    await store.close()
  }
}

describe('chipnav licenses and transactions', () => {
  test('a licence is recorded, an unlinked shipment is refused, a transaction is approved under it and ships, depleting it', async () => {
    const add = runCli(['licenses', 'add', '--file', licenseFile, '--quiet'], { env })
    assert.equal(add.code, 0, add.stderr)
    const lic = add.stdout.trim()
    assert.match(lic, /^lic_/)
    assert.ok(runCli(['licenses', 'list'], { env }).stdout.includes(`${lic}  D987654`))

    const txId = await recordTransaction({ date: '2026-03-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 40, to: 'AE', parties: [] })
    const pending = runCli(['transactions', 'list', '--pending', '--quiet'], { env })
    assert.equal(pending.code, 0, pending.stderr)
    assert.deepEqual(pending.stdout.trim().split('\n'), [txId])
    const shown = runCli(['transactions', 'show', txId], { env })
    assert.equal(shown.code, 0, shown.stderr)
    assert.match(shown.stdout, /LICENSE_REQUIRED; approval pending/)
    assert.match(shown.stdout, /rulesVersion [0-9a-f]{64}/)

    // shipping before the decision: the store's refusal, with its code, exit 2, no stack trace
    const early = runCli(['licenses', 'ship', lic, '--quantity', '10', '--on', '2026-03-05', '--to', 'AE', '--transaction', txId], { env })
    assert.equal(early.code, 2)
    assert.match(early.stderr, /^error APPROVAL_PENDING: /)
    assert.ok(!hasStackTrace(early.stderr))
    // approving LICENSE_REQUIRED without a licence is refused; with it, recorded
    const bare = runCli(['transactions', 'approve', txId, '--reason', 'licensed'], { env })
    assert.equal(bare.code, 2)
    assert.match(bare.stderr, /^error APPROVAL_NEEDS_LICENSE: /)
    const ok = runCli(['transactions', 'approve', txId, '--license', lic, '--reason', 'BIS licence D987654 covers it', '--json'], { env })
    assert.equal(ok.code, 0, ok.stderr)
    assert.equal(JSON.parse(ok.stdout).decidedBy, 'cli:officer')
    assert.equal(runCli(['transactions', 'show', txId, '--quiet'], { env }).stdout.trim(), 'approved')

    const ship = runCli(['licenses', 'ship', lic, '--quantity', '40', '--on', '2026-03-05', '--to', 'AE', '--transaction', txId, '--json'], { env })
    assert.equal(ship.code, 0, ship.stderr)
    assert.equal(JSON.parse(ship.stdout).license.usedQuantity, 40)
    assert.equal(runCli(['licenses', 'show', lic, '--quiet'], { env }).stdout.trim(), '60')
    const over = runCli(['licenses', 'ship', lic, '--quantity', '70', '--on', '2026-03-06', '--to', 'AE', '--override', 'spares'], { env })
    assert.equal(over.code, 2)
    assert.match(over.stderr, /^error LICENSE_OVERDRAWN: /)
    assert.match(runCli(['licenses', 'show', lic], { env }).stdout, /quantity 40 of 100/)
  })

  test('a shipment against a value-limited licence without --value is refused (exit 2, naming --value); with it, the value is used', () => {
    const file = join(home, 'value-licence.json')
    writeFileSync(file, JSON.stringify({ number: 'D9990001', destinations: ['AE'], authorizedValue: 100000, validFrom: '2026-01-01', validTo: '2027-12-31' }))
    const lic = runCli(['licenses', 'add', '--file', file, '--quiet'], { env }).stdout.trim()
    const bare = runCli(['licenses', 'ship', lic, '--quantity', '5', '--on', '2026-03-05', '--to', 'AE', '--override', 'no transaction recorded'], { env })
    assert.equal(bare.code, 2)
    assert.match(bare.stderr, /^error VALIDATION_FAILED: licence D9990001 limits value/)
    assert.match(bare.stderr, /\n {2}--value: expected the shipment's value in USD/)
    assert.match(runCli(['licenses', 'show', lic], { env }).stdout, /value 0 of 100,?000 USD/)
    const ok = runCli(['licenses', 'ship', lic, '--quantity', '5', '--on', '2026-03-05', '--to', 'AE', '--value', '25000', '--override', 'no transaction recorded', '--json'], { env })
    assert.equal(ok.code, 0, ok.stderr)
    assert.equal(JSON.parse(ok.stdout).license.usedValue, 25000)
  })

  test('bad input names the field or flag and exits 2', () => {
    const bad = runCli(['licenses', 'add', '--file', '-'], { env, input: '{"number":"X"}' })
    assert.equal(bad.code, 2)
    assert.match(bad.stderr, /\n {2}destinations: /)
    const status = runCli(['transactions', 'list', '--status', 'open'], { env })
    assert.equal(status.code, 2)
    assert.match(status.stderr, /--status: expected one of not-required, pending, approved, rejected, prohibited/)
    const value = runCli(['licenses', 'ship', 'lic_x', '--quantity', '1', '--on', '2026-03-01', '--to', 'AE', '--value', 'ten'], { env })
    assert.equal(value.code, 2)
    assert.match(value.stderr, /--value: expected a number >= 0/)
    const missing = runCli(['transactions', 'show', 'tx_missing'], { env })
    assert.match(missing.stderr, /^error NOT_FOUND: /)
  })
})
