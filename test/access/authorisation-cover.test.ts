/**
 * Recorded authorisations against their programme's dated data (data/policies/veu/), both sides of each date: the
 * 2024 Data Center VEU from 2024-10-02 (its standing after the AI Diffusion Rule's restructuring unknown, and said);
 * UVEU and NVEU from 2025-01-13 until the rule's rescission on 2025-05-13; no UVEU/NVEU site in Macau or D:5; an
 * NVEU for its one country.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { authorisationCover } from '../../src/access/authorisation-cover.js'
import { parseAccessCheck } from '../../src/access/access-schema.js'
import type { Authorisation } from '../../src/records/deployment-records.js'
import { loadRules } from '../../src/rules/load-rules.js'

const rules = loadRules()
const auth = (program: Authorisation['program'], extra: Partial<Authorisation> = {}): Authorisation => ({
  id: `auth_${program}`,
  program,
  reference: 'test record',
  endUser: 'Example DC Operator Pvt Ltd',
  site: { country: 'IN', address: 'Plot 9, Navi Mumbai' },
  eccns: ['3A090', '4A090'],
  destinations: [],
  conditions: [],
  validFrom: '2024-01-01' as Authorisation['validFrom'],
  validTo: null,
  createdAt: '2024-01-01T00:00:00Z',
  createdBy: 'test',
  ...extra,
})
const check = (date: string, country = 'IN') => parseAccessCheck({ date, who: { kind: 'organisation', name: 'Tenant Co', country: 'IN' }, what: { kind: 'compute', item: { eccn: '3A090.a' }, quantity: 8 }, where: { country, operator: { name: 'Example DC Operator Pvt Ltd', country: 'IN' } } })
const cover = (a: Authorisation, date: string, country?: string) => authorisationCover(check(date, country), '3A090.a', [a], rules)

test('Data Center VEU: nothing before 2024-10-02, covered from it, and from 2025-01-13 covered with its unsettled standing said', () => {
  const before = cover(auth('data-center-veu'), '2024-10-01')
  assert.equal(before.covering.length, 0)
  assert.match(before.flags[0]!.text, /Data Center VEU programme was not in force on 2024-10-01/)
  const from = cover(auth('data-center-veu'), '2024-10-02')
  assert.equal(from.covering.length, 1)
  assert.equal(from.flags[0]!.citations?.[0]?.source.id, 'fr-2024-22587')
  assert.doesNotMatch(from.flags[0]!.text, /not settled/)
  const later = cover(auth('data-center-veu'), '2025-01-13')
  assert.equal(later.covering.length, 1)
  assert.match(later.flags[0]!.text, /not settled/)
  assert.equal(later.flags[0]!.citations?.[0]?.unverified, true)
})

test('UVEU: covers only from 2025-01-13 and not from the rescission on 2025-05-13', () => {
  const a = auth('uveu')
  assert.equal(cover(a, '2025-01-12').covering.length, 0)
  assert.equal(cover(a, '2025-01-13').covering.length, 1)
  assert.equal(cover(a, '2025-05-12').covering.length, 1)
  const after = cover(a, '2025-05-13')
  assert.equal(after.covering.length, 0)
  assert.equal(after.flags[0]!.kind, 'condition')
  assert.match(after.flags[0]!.text, /does not cover .* not enforced from 2025-05-13 \(BIS press release, 2025-05-13: Department of Commerce Announces Rescission/)
  assert.equal(after.flags[0]!.citations?.[0]?.source.id, 'bis-2025-05-13-diffusion-rescission')
})

test('NVEU: the same dates; one country (its site), whatever destinations the record lists', () => {
  const a = auth('nveu', { destinations: ['AE'] })
  assert.equal(cover(a, '2025-01-12').covering.length, 0)
  assert.equal(cover(a, '2025-02-01').covering.length, 1)
  const elsewhere = cover(a, '2025-02-01', 'AE')
  assert.equal(elsewhere.covering.length, 0)
  assert.match(elsewhere.flags[0]!.text, /one country, its site's \(IN\), not AE/)
  assert.ok(elsewhere.flags[0]!.citations?.some((c) => c.ruleId === 'policies.veu.nveu-single-country'))
  assert.equal(cover(a, '2025-05-13').covering.length, 0)
  // a general VEU record is taken as recorded: its destinations count
  assert.equal(cover(auth('veu', { destinations: ['AE'] }), '2025-02-01', 'AE').covering.length, 1)
})

test('no UVEU or NVEU data centre in Macau or D:5', () => {
  for (const country of ['CN', 'MO']) {
    const r = cover(auth('uveu', { site: { country, address: 'x' } }), '2025-02-01', country)
    assert.equal(r.covering.length, 0, country)
    assert.match(r.flags[0]!.text, new RegExp(`site is in ${country}, where a UVEU data centre may not be`))
  }
})

test('as published, UVEU/NVEU still cover from the rescission (the text stands), with BIS\'s non-enforcement said', () => {
  const r = authorisationCover(check('2025-05-13'), '3A090.a', [auth('uveu')], rules, 'as-published')
  assert.equal(r.covering.length, 1)
  assert.match(r.flags[0]!.text, /as published; BIS does not enforce the UVEU programme from 2025-05-13/)
  assert.equal(authorisationCover(check('2025-05-13'), '3A090.a', [auth('uveu')], rules, 'as-enforced').covering.length, 0)
})
