/**
 * A transaction determination says when a recorded authorisation covers it (issue 14), passed in to determine() by
 * the caller: the ultimate consignee or end user, the item's ECCN, the destination (the site's country or one of its
 * destinations), the validity and the programme's dated data (data/policies/veu/), both sides of each date. The
 * verdict is left as the rules give it; a covering authorisation on a transaction that needs a licence says it may
 * serve in place of one (unverified).
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { RecordedAuthorisation } from '../../src/determination/authorisation-cover.js'
import { determine } from '../../src/determination/determine.js'
import { loadRules } from '../../src/rules/load-rules.js'

const rules = loadRules()
const uveu: RecordedAuthorisation = { id: 'auth_uveu', program: 'uveu', reference: 'UVEU (test record), supp. no. 10 to part 748', endUser: 'Gulf DC Co', site: { country: 'AE', address: 'Masdar City, Abu Dhabi' }, eccns: ['3A090'], destinations: [], conditions: ['no remote access by D:5-headquartered tenants'], validFrom: '2025-01-01', validTo: null }
const tx = (date: string, extra: Record<string, unknown> = {}) => ({ date, item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'AE', parties: [{ role: 'end-user', name: 'Gulf  DC co', country: 'AE' }], ...extra })
const authFlags = (date: string, auths: RecordedAuthorisation[], extra?: Record<string, unknown>) => {
  const r = determine(tx(date, extra), { rules, authorisations: auths })
  return { verdict: r.verdict, flags: r.flags.filter((f) => f.id.startsWith('authorisation')) }
}

test('UVEU: covers the transaction on 2025-03-01 (cited), still on 2025-05-12, and not from the rescission on 2025-05-13', () => {
  const on = authFlags('2025-03-01', [uveu])
  assert.equal(on.verdict, 'LICENSE_REQUIRED') // the verdict is the rules'; the flag says what the authorisation does
  assert.equal(on.flags.length, 1)
  assert.equal(on.flags[0]!.kind, 'possible-coverage')
  assert.equal(on.flags[0]!.id, 'authorisation:auth_uveu')
  assert.match(on.flags[0]!.text, /Covered by UVEU authorisation auth_uveu for Gulf DC Co .*supp\. no\. 10 to part 748.*Conditions: no remote access/)
  assert.match(on.flags[0]!.text, /in place of an individual licence.*748\.15.*not checked against the primary text/)
  assert.equal(on.flags[0]!.citations?.[0]?.source.id, 'fr-2025-00636')
  assert.equal(on.flags[0]!.source?.id, 'fr-2025-00636')
  assert.equal(authFlags('2025-05-12', [uveu]).flags[0]!.kind, 'possible-coverage')
  const after = authFlags('2025-05-13', [uveu])
  assert.equal(after.flags.length, 1)
  assert.equal(after.flags[0]!.kind, 'condition')
  assert.equal(after.flags[0]!.id, 'authorisation-not-covering:auth_uveu')
  assert.match(after.flags[0]!.text, /does not cover this transaction on 2025-05-13: the UVEU programme is not enforced/)
  assert.equal(after.flags[0]!.citations?.[0]?.source.id, 'bis-2025-05-13-diffusion-rescission')
})

test('UVEU: nothing before the programme (2025-01-12: matching but not in force, said)', () => {
  const before = authFlags('2025-01-12', [{ ...uveu, validFrom: '2024-01-01' }])
  assert.equal(before.flags.length, 1)
  assert.match(before.flags[0]!.text, /UVEU programme was not in force on 2025-01-12/)
})

test('only the ultimate consignee or end user, the items, the destination and the validity match', () => {
  assert.deepEqual(authFlags('2025-03-01', [uveu], { parties: [{ role: 'purchaser', name: 'Gulf DC Co', country: 'AE' }] }).flags, [])
  assert.equal(authFlags('2025-03-01', [uveu], { parties: [{ role: 'ultimate-consignee', name: 'GULF DC CO', country: 'AE' }] }).flags.length, 1)
  assert.deepEqual(authFlags('2025-03-01', [uveu], { parties: [{ role: 'end-user', name: 'Other Co', country: 'AE' }] }).flags, [])
  assert.deepEqual(authFlags('2025-03-01', [{ ...uveu, eccns: ['4A090'] }]).flags, [])
  assert.deepEqual(authFlags('2025-03-01', [uveu], { to: 'SA', parties: [{ role: 'end-user', name: 'Gulf DC Co', country: 'SA' }] }).flags, [])
  assert.equal(authFlags('2025-03-01', [{ ...uveu, destinations: ['SA'] }], { to: 'SA', parties: [{ role: 'end-user', name: 'Gulf DC Co', country: 'SA' }] }).flags.length, 1)
  assert.deepEqual(authFlags('2025-03-01', [{ ...uveu, validTo: '2025-02-28' }]).flags, [])
})

test('Data Center VEU: not before 2024-10-02, covering from it; no licence note when none is needed', () => {
  const dc: RecordedAuthorisation = { ...uveu, id: 'auth_dc', program: 'data-center-veu', site: { country: 'IN', address: 'Navi Mumbai' }, validFrom: '2024-01-01' }
  const inIndia = { to: 'IN', parties: [{ role: 'end-user', name: 'Gulf DC Co', country: 'IN' }] }
  assert.match(authFlags('2024-10-01', [dc], inIndia).flags[0]!.text, /Data Center VEU programme was not in force on 2024-10-01/)
  const on = authFlags('2024-10-02', [dc], inIndia)
  assert.equal(on.verdict, 'NLR')
  assert.equal(on.flags[0]!.kind, 'possible-coverage')
  assert.equal(on.flags[0]!.citations?.[0]?.source.id, 'fr-2024-22587')
  assert.doesNotMatch(on.flags[0]!.text, /in place of an individual licence/)
})

test('determine() stays pure: without authorisations nothing is said, and the same input gives the same answer', () => {
  assert.deepEqual(determine(tx('2025-03-01'), { rules }).flags.filter((f) => f.id.startsWith('authorisation')), [])
  assert.deepEqual(determine(tx('2025-03-01'), { rules, authorisations: [uveu] }), determine(tx('2025-03-01'), { rules, authorisations: [uveu] }))
})

test('as published, a UVEU still covers after 2025-05-13 (the text stands), saying BIS does not enforce it', () => {
  const r = determine(tx('2025-06-01'), { rules, regime: 'as-published', authorisations: [uveu] })
  const f = r.flags.filter((x) => x.id.startsWith('authorisation'))
  assert.deepEqual(f.map((x) => [x.kind, x.id]), [['possible-coverage', 'authorisation:auth_uveu']])
  assert.match(f[0]!.text, /as published; BIS does not enforce the UVEU programme from 2025-05-13.*as enforced it covers nothing/)
  assert.deepEqual(f[0]!.citations?.map((c) => c.source.id), ['bis-2025-05-13-diffusion-rescission'])
  assert.equal(determine(tx('2025-06-01'), { rules, authorisations: [uveu] }).flags.find((x) => x.id.startsWith('authorisation'))?.kind, 'condition')
})
