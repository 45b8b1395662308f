/**
 * `chipnav check` and `chipnav check-access` read the recorded authorisations from the store, as the API does
 * (issue 14): a covering one is said and cited, one whose programme has ended says why; without a store nothing is
 * read and none is created. SQLite in a fresh CHIPNAV_HOME.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { before, describe, test } from 'node:test'
import { runCli } from '../helpers/run-cli.js'

const env = { CHIPNAV_HOME: mkdtempSync(join(tmpdir(), 'chipnav-home-')), CHIPNAV_ACTOR: 'cli:test' }
const tx = (date: string) => JSON.stringify({ date, item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'AE', parties: [{ role: 'end-user', name: 'Gulf DC Co', country: 'AE' }] })
const authFlags = (stdout: string) => (JSON.parse(stdout).flags as { kind: string; id: string; text: string; citations?: { source: { id: string } }[] }[]).filter((f) => f.id.startsWith('authorisation'))

describe('check and check-access with recorded authorisations', () => {
  let id = ''
  before(() => {
    const a = { program: 'uveu', reference: 'UVEU (test record), supp. no. 10 to part 748', endUser: 'Gulf DC Co', site: { country: 'AE', address: 'Abu Dhabi' }, eccns: ['3A090'], validFrom: '2025-01-01' }
    const add = runCli(['authorisations', 'add', '--file', '-', '--quiet'], { env, input: JSON.stringify(a) })
    assert.equal(add.code, 0, add.stderr)
    id = add.stdout.trim()
  })

  test('check: a UVEU authorisation covers on 2025-03-01 (printed, cited) and not from the rescission on 2025-05-13', () => {
    const text = runCli(['check', '--file', '-'], { env, input: tx('2025-03-01') })
    assert.equal(text.code, 0, text.stderr)
    assert.match(text.stdout, new RegExp(`Covered by UVEU authorisation ${id} for Gulf DC Co`))
    const on = authFlags(runCli(['check', '--file', '-', '--json'], { env, input: tx('2025-03-01') }).stdout)
    assert.deepEqual(on.map((f) => [f.kind, f.id]), [['possible-coverage', `authorisation:${id}`]])
    assert.equal(on[0]!.citations?.[0]?.source.id, 'fr-2025-00636')
    const after = authFlags(runCli(['check', '--file', '-', '--json'], { env, input: tx('2025-05-13') }).stdout)
    assert.deepEqual(after.map((f) => [f.kind, f.id]), [['condition', `authorisation-not-covering:${id}`]])
    assert.match(after[0]!.text, /not enforced/)
  })

  test('check-access: the operator\'s authorisation covers the tenant\'s access on 2025-03-01, not on 2025-05-13', () => {
    const check = (date: string) => JSON.stringify({ date, who: { kind: 'organisation', name: 'Tenant Co', country: 'AE' }, what: { kind: 'compute', item: { chip: 'nvidia-h100-sxm' }, quantity: 8 }, where: { country: 'AE', operator: { name: 'Gulf DC Co', country: 'AE' } } })
    const text = runCli(['check-access', '--file', '-'], { env, input: check('2025-03-01') })
    assert.equal(text.code, 0, text.stderr)
    assert.match(text.stdout, new RegExp(`\\[possible-coverage\\] Covered by UVEU authorisation ${id}.*\\[.*90 FR 4544`))
    const after = authFlags(runCli(['check-access', '--file', '-', '--json'], { env, input: check('2025-05-13') }).stdout)
    assert.deepEqual(after.map((f) => [f.kind, f.id]), [['condition', `authorisation-not-covering:${id}`]])
  })

  test('diff reads them as check does, for each date: covered on 2025-03-01, not from the rescission', () => {
    const r = runCli(['diff', '--file', '-', '--dates', '2025-03-01,2025-05-13', '--json'], { env, input: tx('2025-03-01') })
    assert.equal(r.code, 0, r.stderr)
    const out = JSON.parse(r.stdout) as { isAuthorisationsConsulted: boolean; dates: { date: string; authorisations: { kind: string; id: string }[] }[] }
    assert.equal(out.isAuthorisationsConsulted, true)
    assert.deepEqual(out.dates.map((d) => [d.date, d.authorisations.map((f) => [f.kind, f.id])]), [
      ['2025-03-01', [['possible-coverage', `authorisation:${id}`]]],
      ['2025-05-13', [['condition', `authorisation-not-covering:${id}`]]],
    ])
    const text = runCli(['diff', '--file', '-', '--dates', '2025-03-01,2025-05-13'], { env, input: tx('2025-03-01') })
    assert.match(text.stdout, new RegExp(`\\[possible-coverage\\] Covered by UVEU authorisation ${id}`))
    // without a store: none consulted, and it says so in JSON
    const none = runCli(['diff', '--file', '-', '--dates', '2025-03-01,2025-05-13', '--json'], { env: { CHIPNAV_HOME: mkdtempSync(join(tmpdir(), 'chipnav-home-')) }, input: tx('2025-03-01') })
    assert.equal(JSON.parse(none.stdout).isAuthorisationsConsulted, false)
  })

  test('without a store, check reads none and creates none', () => {
    const empty = { CHIPNAV_HOME: mkdtempSync(join(tmpdir(), 'chipnav-home-')) }
    const r = runCli(['check', '--file', '-', '--json'], { env: empty, input: tx('2025-03-01') })
    assert.equal(r.code, 0, r.stderr)
    assert.deepEqual(authFlags(r.stdout), [])
    assert.equal(existsSync(join(empty.CHIPNAV_HOME, 'chipnav.db')), false)
  })
})

test('an unreachable records store leaves the authorisations out with a warning; the check still answers', () => {
  const r = runCli(['check', '--item', 'nvidia-h100-sxm', '--to', 'DE', '--date', '2025-01-01'], { env: { CHIPNAV_HOME: mkdtempSync(join(tmpdir(), 'chipnav-home-')), CHIPNAV_DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none' } })
  assert.equal(r.code, 0, r.stderr)
  assert.match(r.stdout, /^NLR/)
  assert.match(r.stderr, /WARNING recorded authorisations \(VEU\) not consulted: the records store could not be opened/)
})
