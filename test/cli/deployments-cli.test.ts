/** `chipnav deployments add|list|show|attest|add-shipment` and `chipnav authorisations add|list`, as a user runs them (SQLite in a fresh CHIPNAV_HOME). */
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { openStore } from '../../src/store/open-store.js'
import { hasStackTrace, runCli } from '../helpers/run-cli.js'

const env = { CHIPNAV_HOME: mkdtempSync(join(tmpdir(), 'chipnav-home-')), CHIPNAV_ACTOR: 'cli:test' }
const site = ['--country', 'MY', '--operator', 'Kinta Compute Sdn Bhd', '--address', 'Lot 5, Cyberjaya', '--capacity', '1000', '--interval-days', '90', '--deployed-on', '2026-01-10']

describe('chipnav deployments', () => {
  test('add, show with its flags (more shipped than declared), attest, list', () => {
    const add = runCli(['deployments', 'add', ...site, '--shipped', '1200', '--quiet'], { env })
    assert.equal(add.code, 0, add.stderr)
    const id = add.stdout.trim()
    assert.match(id, /^dep_/)
    const show = runCli(['deployments', 'show', id, '--as-of', '2026-02-01'], { env })
    assert.equal(show.code, 0, show.stderr)
    assert.match(show.stdout, /\[over-capacity\] 1200 chips were shipped to a site that declares capacity for 1000/)
    assert.match(show.stdout, /rulesVersion [0-9a-f]{64}/)
    const late = runCli(['deployments', 'show', id, '--as-of', '2026-05-01', '--quiet'], { env })
    assert.deepEqual(late.stdout.trim().split('\n'), ['over-capacity', 'transshipment-risk', 'attestation-overdue'])
    const att = runCli(['deployments', 'attest', id, '--on', '2026-04-01', '--quantity', '1100', '--evidence', 'doc_visit', '--json'], { env })
    assert.equal(att.code, 0, att.stderr)
    assert.deepEqual(JSON.parse(att.stdout).evidenceDocumentIds, ['doc_visit'])
    const after = JSON.parse(runCli(['deployments', 'show', id, '--as-of', '2026-05-01', '--json'], { env }).stdout)
    assert.deepEqual(after.flags.map((f: { kind: string }) => f.kind), ['over-capacity', 'attested-short', 'transshipment-risk'])
    assert.equal(after.attestations[0].recordedBy, 'cli:test')
    assert.ok(runCli(['deployments', 'list', '--quiet'], { env }).stdout.includes(id))
    // recording it raised its flags (on today's date) as deployment.flagged events, once each
    const events = runCli(['events', '--json'], { env })
    assert.equal(events.code, 0, events.stderr)
    assert.match(events.stdout, /deployment\.flagged[\s\S]*over-capacity/)
    // the feed by type, as GET /v1/events?type= (an unknown type is bad input naming --type)
    const flagged = JSON.parse(runCli(['events', '--type', 'deployment.flagged', '--json'], { env }).stdout) as { items: { type: string }[] }
    assert.ok(flagged.items.length > 0 && flagged.items.every((e) => e.type === 'deployment.flagged'))
    assert.deepEqual(JSON.parse(runCli(['events', '--type', 'hit.new', '--json'], { env }).stdout).items, [])
    const bogus = runCli(['events', '--type', 'deployment.flaged'], { env })
    assert.equal(bogus.code, 2)
    assert.match(bogus.stderr, /^error VALIDATION_FAILED: [\s\S]*\n {2}--type: expected one of /)
  })

  test('add-shipment ties a later shipment (a record or a quantity with serials): the total is flagged over capacity, once', async () => {
    const add = runCli(['deployments', 'add', ...site, '--shipped', '990', '--quiet'], { env })
    assert.equal(add.code, 0, add.stderr)
    const id = add.stdout.trim()
    // a shipment recorded against a licence (there is no CLI for those: through the store, as the API records them)
    const store = await openStore({ home: env.CHIPNAV_HOME })
    let shipmentId: string
    try {
      const lic = await store.createLicense({ number: 'CLI-DEP-1', destinations: ['MY'], validFrom: '2026-01-01', validTo: '2028-12-31', actor: 'test' })
      shipmentId = (await store.recordShipment({ licenseId: lic.id, quantity: 8, shippedOn: '2026-02-03', destination: 'MY', override: { reason: 'test shipment' }, actor: 'test' })).shipment.id
    } finally {
      await store.close()
    }
    const tied = runCli(['deployments', 'add-shipment', id, '--shipment', shipmentId, '--quiet'], { env })
    assert.equal(tied.code, 0, tied.stderr)
    assert.equal(tied.stdout.trim(), '998')
    const taken = runCli(['deployments', 'add-shipment', id, '--shipment', shipmentId], { env })
    assert.equal(taken.code, 2)
    assert.match(taken.stderr, /DEPLOYMENT_SHIPMENT_TAKEN[\s\S]*shipmentId/)
    // naming it when another deployment is recorded is refused too; an unknown shipment is named
    const named = runCli(['deployments', 'add', ...site, '--shipped', '8', '--shipment', shipmentId], { env })
    assert.equal(named.code, 2)
    assert.match(named.stderr, /DEPLOYMENT_SHIPMENT_TAKEN[\s\S]*shipmentIds\[0\]/)
    const unknown = runCli(['deployments', 'add', ...site, '--shipped', '8', '--shipment', 'shp_nope'], { env })
    assert.match(unknown.stderr, /shipmentIds\[0\][\s\S]*no shipment has this id|no shipment shp_nope/)
    assert.ok(!hasStackTrace(unknown.stderr))
    const more = runCli(['deployments', 'add-shipment', id, '--quantity', '3', '--serial', 'H100-1', '--serial', 'H100-2', '--serial', 'H100-3', '--on', '2026-02-10', '--json'], { env })
    assert.equal(more.code, 0, more.stderr)
    assert.equal(JSON.parse(more.stdout).deployment.shippedQuantity, 1001)
    assert.deepEqual(JSON.parse(more.stdout).shipment.serials, ['H100-1', 'H100-2', 'H100-3'])
    const show = runCli(['deployments', 'show', id, '--as-of', '2026-02-11'], { env })
    assert.match(show.stdout, /\[over-capacity\] 1001 chips were shipped/)
    assert.match(show.stdout, new RegExp(`added dsh_\\S+ on 2026-02-03: 8 chips \\(shipment ${shipmentId}\\)`))
    assert.match(show.stdout, /on 2026-02-10: 3 chips, serials H100-1, H100-2, H100-3/)
    const events = JSON.parse(runCli(['events', '--json'], { env }).stdout)
    const items = (events.items ?? events.events ?? events) as { subjectId: string; data: { kind: string } }[]
    assert.equal(items.filter((e) => e.subjectId === id && e.data.kind === 'over-capacity').length, 1)
    // bad input: neither a shipment nor a quantity; a quantity not matching; serials not one per chip
    const none = runCli(['deployments', 'add-shipment', id], { env })
    assert.equal(none.code, 2)
    assert.match(none.stderr, /--quantity/)
    const few = runCli(['deployments', 'add-shipment', id, '--quantity', '2', '--serial', 'X', '--on', '2026-02-12'], { env })
    assert.equal(few.code, 2)
    assert.match(few.stderr, /DEPLOYMENT_QUANTITY_MISMATCH[\s\S]*serials/)
    for (const r of [taken, none, few]) assert.ok(!hasStackTrace(r.stderr))
  })

  test('bad input exits 2 naming the flag or field, with no stack trace', () => {
    const uk = runCli(['deployments', 'add', ...site.map((x) => (x === 'MY' ? 'UK' : x)), '--shipped', '1'], { env })
    assert.equal(uk.code, 2)
    assert.match(uk.stderr, /INVALID_COUNTRY[\s\S]*site\.country[\s\S]*GB/)
    const neg = runCli(['deployments', 'add', ...site, '--shipped', 'many'], { env })
    assert.equal(neg.code, 2)
    assert.match(neg.stderr, /--shipped/)
    const date = runCli(['deployments', 'attest', 'dep_x', '--on', '2026-13-01', '--quantity', '1'], { env })
    assert.equal(date.code, 2)
    assert.match(date.stderr, /--on/)
    for (const r of [uk, neg, date]) assert.ok(!hasStackTrace(r.stderr))
  })

  test('a quantity past the bound (10^9 units), a fraction or an exponent exits 2 naming the option', () => {
    const cases: [string[], string][] = [
      [['deployments', 'add', ...site, '--shipped', '1000000001'], '--shipped'],
      [['deployments', 'add', ...site, '--shipped', '1e3'], '--shipped'],
      [['deployments', 'add', ...site.map((x) => (x === '1000' ? '2.5' : x)), '--shipped', '1'], '--capacity'],
      [['deployments', 'attest', 'dep_x', '--on', '2026-04-01', '--quantity', '99999999999'], '--quantity'],
      [['deployments', 'add-shipment', 'dep_x', '--quantity', '0', '--on', '2026-04-01'], '--quantity'],
      [['check', '--item', 'nvidia-h100-sxm', '--to', 'DE', '--date', '2025-06-01', '--qty', '1000000001'], '--qty'],
    ]
    for (const [args, option] of cases) {
      const r = runCli(args, { env })
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`)
      assert.match(r.stderr, new RegExp(`VALIDATION_FAILED[\\s\\S]*${option}[\\s\\S]*from [01] to 1,000,000,000`), r.stderr)
      assert.ok(!hasStackTrace(r.stderr))
    }
    // the bound itself is accepted
    const ok = runCli(['deployments', 'add', ...site, '--shipped', '1000000000', '--quiet'], { env })
    assert.equal(ok.code, 0, ok.stderr)
  })
})

describe('chipnav authorisations', () => {
  test('add from a file, list; a bad ECCN exits 2 naming the field', () => {
    const a = { program: 'data-center-veu', reference: 'test record', endUser: 'Example DC Operator Pvt Ltd', site: { country: 'IN', address: 'Plot 9, Navi Mumbai' }, eccns: ['3A090'], validFrom: '2024-10-01' }
    const add = runCli(['authorisations', 'add', '--file', '-', '--json'], { env, input: JSON.stringify(a) })
    assert.equal(add.code, 0, add.stderr)
    const id = JSON.parse(add.stdout).id
    assert.ok(runCli(['authorisations', 'list'], { env }).stdout.includes(id))
    const bad = runCli(['authorisations', 'add', '--file', '-'], { env, input: JSON.stringify({ ...a, eccns: ['H100'] }) })
    assert.equal(bad.code, 2)
    assert.match(bad.stderr, /eccns\.0/)
  })
})
