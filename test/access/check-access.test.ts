import assert from 'node:assert/strict'
import { test } from 'node:test'
import { checkAccess } from '../../src/access/check-access.js'
import { loadRules } from '../../src/rules/load-rules.js'
import { buildScreener } from '../../src/screening/screener.js'
import { cslSource } from '../../src/screening/sources/csl/csl-source.js'
import { AppError } from '../../src/shared/errors.js'
import { fixture } from '../screening/sources/fixtures.js'

const rules = loadRules()
// the CSL excerpt holds Huawei Technologies' Entity List row
const screener = buildScreener({ entries: cslSource.parseFiles([fixture('consolidated.csv')]).entries, snapshots: [] })

const techRelease = (date: string, citizenship: string) => ({
  date,
  who: { kind: 'person', name: 'Test Engineer', citizenships: [citizenship] },
  what: { kind: 'technology', eccn: '3E001', forItem: { chip: 'nvidia-h100-sxm' } },
  where: { country: 'US' },
})

test('a Chinese national in the U.S. receiving 3E001 for a 3A090 chip: a deemed export to CN, excluded from 742.6(a)(6)(iii)', () => {
  const r = checkAccess(techRelease('2024-06-01', 'CN'), { rules, screener })
  assert.equal(r.verdict, 'NLR')
  assert.equal(r.isExport, true)
  assert.deepEqual(r.attributedTo, ['CN'])
  assert.match(r.reasons[0]!.text, /deemed export to CN/)
  assert.match(r.reasons[0]!.text, /does not apply to deemed exports/)
  assert.ok(r.reasons[0]!.citations.some((c) => c.cfr === '15 CFR 742.6(a)(6)(iv)'), 'the carve-out is cited')
  assert.ok(r.reasons[0]!.citations.some((c) => /734\.13\(b\)/.test(c.cfr)), 'the deemed-export rule is cited')
})

test('the 2022 text: the same release on 2023-01-10 rests on the exclusion as read from guidance (marked unverified)', () => {
  const r = checkAccess(techRelease('2023-01-10', 'CN'), { rules, screener })
  assert.equal(r.verdict, 'NLR')
  assert.ok(r.reasons[0]!.citations.some((c) => c.unverified), 'the 2022 reading is flagged unverified')
})

test('a German national in the U.S. receiving 3E001 for a 3A090 chip: DE is outside the destinations', () => {
  const r = checkAccess(techRelease('2024-06-01', 'DE'), { rules, screener })
  assert.equal(r.verdict, 'NLR')
  assert.match(r.reasons[0]!.text, /DE is outside the 742\.6\(a\)\(6\)\(iii\) destinations/)
})

test('before 3A090 existed (2022-09-01) the H100 is not 3A090: its technology is not controlled by these rules', () => {
  const r = checkAccess(techRelease('2022-09-01', 'CN'), { rules, screener })
  assert.equal(r.verdict, 'NLR')
  assert.equal(r.itemEccn, null)
})

test('the same technology released to the engineer in China is an export there and needs a licence', () => {
  const r = checkAccess({ ...techRelease('2024-06-01', 'CN'), where: { country: 'CN' } }, { rules, screener })
  assert.equal(r.verdict, 'LICENSE_REQUIRED')
  assert.ok(r.reasons.some((x) => x.ruleId === 'policies.access.release-abroad'))
})

// "Access from" is where the person is: a release to a person located in China is an export to China, whatever the data centre
const fromChina = (extra: Record<string, unknown> = {}) => ({
  date: '2026-12-07',
  who: { kind: 'person', name: 'Xiaoqing Brightwater', citizenships: ['CN'], employer: { name: 'Our US Lab Inc', country: 'US' } },
  what: { kind: 'technology', eccn: '3E001', forItem: { chip: 'nvidia-h100-sxm' } },
  where: { country: 'US', accessFrom: 'CN' },
  ...extra,
})

test('a Chinese national reaching 3E001 on a U.S. server from China: an export to CN, licence required, not the deemed-export carve-out', () => {
  const r = checkAccess(fromChina(), { rules, screener })
  assert.equal(r.verdict, 'LICENSE_REQUIRED')
  const reason = r.reasons.find((x) => x.ruleId === 'policies.access.release-abroad')
  assert.ok(reason, JSON.stringify(r.reasons))
  assert.match(reason.text, /in CN/)
  assert.match(reason.text, /an export from the United States to CN/)
  assert.match(reason.text, /742\.6\(a\)\(6\)\(iv\)\) does not reach it/)
  assert.ok(reason.citations.some((c) => /742\.6\(a\)\(6\)\(iii\)/.test(c.cfr)), 'the requirement is cited')
  assert.ok(!r.reasons.some((x) => /is a deemed export/.test(x.text)), 'no deemed export to CN for a person in CN')
  assert.ok(!r.flags.some((f) => f.id === 'deemed-release-analysis'), 'a CN national in CN is not a deemed reexport (734.14(a)(2))')
  assert.equal(r.releasedIn, 'CN')
  assert.deepEqual(r.attributedTo, [])
  // the same person with "access from" left out is in the U.S.: a deemed export, excluded
  const inUs = checkAccess(fromChina({ where: { country: 'US' } }), { rules, screener })
  assert.equal(inUs.verdict, 'NLR')
  assert.match(inUs.reasons[0]!.text, /deemed export to CN/)
  // the analysis is the answer's reason, said once: not repeated as a flag
  assert.ok(!inUs.flags.some((f) => f.id === 'deemed-release-analysis' || f.text === inUs.reasons[0]!.text), inUs.flags.map((f) => f.id).join(', '))
})

test('access from abroad: a reexport from a foreign data centre, a deemed reexport for a third-country national, and no licence outside the destinations', () => {
  const reexport = checkAccess(fromChina({ where: { country: 'DE', accessFrom: 'CN' } }), { rules, screener })
  assert.equal(reexport.verdict, 'LICENSE_REQUIRED')
  assert.match(reexport.reasons.find((x) => x.ruleId === 'policies.access.release-abroad')!.text, /a reexport from DE to CN/)
  // a Chinese national in Germany reaching a U.S. server: a deemed reexport to CN (excluded), an export to DE (not a destination)
  const inGermany = checkAccess(fromChina({ where: { country: 'US', accessFrom: 'DE' } }), { rules, screener })
  assert.equal(inGermany.verdict, 'NLR')
  assert.match(inGermany.reasons[0]!.text, /deemed reexport to CN/)
  // a German national in Germany: an export to DE, outside the destinations, said
  const german = checkAccess(fromChina({ who: { kind: 'person', name: 'Erika Muster', citizenships: ['DE'] }, where: { country: 'US', accessFrom: 'DE' } }), { rules, screener })
  assert.equal(german.verdict, 'NLR')
  assert.match(german.reasons[0]!.text, /export or reexport to DE, outside the 742\.6\(a\)\(6\)\(iii\) destinations/)
  // access from the U.S. to technology held abroad: a deemed export in the U.S.
  const fromUs = checkAccess(fromChina({ where: { country: 'DE', accessFrom: 'US' } }), { rules, screener })
  assert.equal(fromUs.verdict, 'NLR')
  assert.match(fromUs.reasons[0]!.text, /deemed export to CN/)
})

test('the answer names what is released: ECCN 3E001 technology for the chip, with the chip\'s ECCN', () => {
  const r = checkAccess(fromChina(), { rules, screener })
  assert.equal(r.subject, 'ECCN 3E001 technology for the NVIDIA H100 SXM5 80GB (3A090.a)')
  assert.equal(checkAccess(rent(), { rules, screener }).subject, '512 × NVIDIA H100 SXM5 80GB (3A090.a)')
})

const tenant = { kind: 'organisation', name: 'Dragon Cloud Holdings Ltd', country: 'MY', headquarters: 'CN' }
const rent = (extra: Record<string, unknown> = {}) => ({ date: '2026-06-01', who: tenant, what: { kind: 'compute', item: { chip: 'nvidia-h100-sxm' }, quantity: 512 }, where: { country: 'MY' }, ...extra })

test('a PRC-headquartered tenant renting H100 capacity in Malaysia: no export licence for the access, with the flags that apply', () => {
  const r = checkAccess(rent({ purpose: { use: 'inference' } }), { rules, screener })
  assert.equal(r.verdict, 'NLR')
  assert.equal(r.isExport, false)
  assert.match(r.reasons[0]!.text, /not an export/)
  assert.ok(r.reasons[0]!.citations.some((c) => c.source.id === 'bis-advisory-opinion-2009-01-13-cloud'))
  const d5 = r.flags.find((f) => f.id === 'iaas-customer-d5-hq')
  assert.ok(d5, r.flags.map((f) => f.id).join(', '))
  assert.ok(d5.citations?.some((c) => c.source.id === 'bis-2025-05-13-ai-training-policy'), 'the flag names its source')
})

test('the same tenant training a model for a listed party needs a licence (part 744, the 2025-05-13 policy statement)', () => {
  const r = checkAccess(rent({ purpose: { use: 'training', forParty: { name: 'Huawei Technologies Co., Ltd.', country: 'CN' } } }), { rules, screener })
  assert.equal(r.verdict, 'LICENSE_REQUIRED')
  assert.equal(r.reviewPolicy, 'presumption-of-denial')
  const reason = r.reasons.find((x) => x.ruleId === 'access.lists.el.training')
  assert.ok(reason, JSON.stringify(r.reasons.map((x) => x.ruleId)))
  assert.ok(reason.citations.some((c) => c.source.id === 'bis-2025-05-13-ai-training-policy'))
  // before the policy statement the same training is a flag, not a requirement
  const before = checkAccess({ ...rent({ purpose: { use: 'training', forParty: { name: 'Huawei Technologies Co., Ltd.', country: 'CN' } } }), date: '2025-05-01' }, { rules, screener })
  assert.equal(before.verdict, 'NLR')
  assert.ok(before.flags.some((f) => f.kind === 'screening-review'))
})

test('a military end use of the compute needs a licence under part 744', () => {
  const r = checkAccess(rent({ purpose: { use: 'training', endUses: ['military'] } }), { rules, screener })
  assert.equal(r.verdict, 'LICENSE_REQUIRED')
})

test('4E091 model weights: a licence under the rule as published, a flag under the rules as enforced', () => {
  const input = { date: '2025-05-15', who: { kind: 'person', name: 'Researcher', citizenships: ['IN'] }, what: { kind: 'model-weights', trainingOperations: 3e26 }, where: { country: 'IN' } }
  const published = checkAccess(input, { rules, screener, regime: 'as-published' })
  assert.equal(published.verdict, 'LICENSE_REQUIRED')
  const enforced = checkAccess({ ...input, date: '2025-06-01' }, { rules, screener })
  assert.equal(enforced.verdict, 'NLR')
  assert.match(enforced.reasons[0]!.text, /BIS does not enforce the AI Diffusion Rule/)
  assert.ok(!enforced.flags.some((f) => f.id === '4e091-not-enforced'), 'the reason is not repeated as a flag')
  assert.ok(enforced.flags.some((f) => f.id === 'regime-difference'))
})

test('bad input names the field', () => {
  assert.throws(() => checkAccess({ date: '2026-01-01', who: { kind: 'person', name: 'x', citizenships: [] }, what: { kind: 'compute', item: { chip: 'nvidia-h100-sxm' }, quantity: 1 }, where: { country: 'US' } }, { rules }), (e: unknown) => e instanceof AppError && e.code === 'VALIDATION_FAILED' && JSON.stringify(e.details.issues).includes('who.citizenships'))
  // an unknown country is INVALID_COUNTRY naming the field, as in the transaction schema
  assert.throws(() => checkAccess({ date: '2026-01-01', who: { kind: 'person', name: 'x', citizenships: ['CN'] }, what: { kind: 'compute', item: { chip: 'nvidia-h100-sxm' }, quantity: 1 }, where: { country: 'ZZ' } }, { rules }), (e: unknown) => e instanceof AppError && e.code === 'INVALID_COUNTRY' && JSON.stringify(e.details.issues).includes('where.country'))
})

test('POST /v1/access-checks answers with the same result (analyst key), and bad input is problem+json naming the field', async () => {
  const { openTestApp } = await import('../server/server-fixture.js')
  const t = await openTestApp()
  try {
    const ok = await t.call('POST', '/v1/access-checks', { as: 'analyst', body: { check: rent({ purpose: { use: 'inference' } }) } })
    assert.equal(ok.statusCode, 200, ok.body)
    const body = ok.json()
    assert.equal(body.verdict, 'NLR')
    assert.equal(body.isExport, false)
    assert.ok(body.flags.some((fl: { id: string }) => fl.id === 'iaas-customer-d5-hq'))
    const bad = await t.call('POST', '/v1/access-checks', { as: 'analyst', body: { check: { ...rent(), where: { country: 'ZZ' } } } })
    assert.equal(bad.statusCode, 400)
    assert.match(String(bad.headers['content-type']), /problem\+json/)
    assert.equal(bad.json().code, 'INVALID_COUNTRY', bad.body)
    assert.match(bad.body, /where\.country/)
    const uk = await t.call('POST', '/v1/access-checks', { as: 'analyst', body: { check: { ...rent(), where: { country: 'UK' } } } })
    assert.equal(uk.json().code, 'INVALID_COUNTRY', uk.body)
    assert.match(uk.body, /GB/)
    const anonymous = await t.call('POST', '/v1/access-checks', { as: null, body: { check: rent() } })
    assert.equal(anonymous.statusCode, 401)
  } finally {
    await t.close()
  }
})

test('an unreviewed fuzzy SDN match: the cautious verdict holds only if confirmed, with the review flag determinations raise and the answer if cleared', () => {
  const hit = { score: 0.88, list: 'sdn', entryId: '42939', primaryName: 'WEI, Zunyi', matchedName: 'WEI, Zun Yi' }
  const fuzzy = { screen: (q: { name: string }) => ({ hits: q.name === 'Li Wei' ? [hit] : [], threshold: 0.8, snapshots: [] }) }
  const r = checkAccess(fromChina({ who: { kind: 'person', name: 'Li Wei', citizenships: ['CN'], employer: { name: 'Our US Lab Inc', country: 'US' } } }), { rules, screener: fuzzy })
  assert.equal(r.verdict, 'PROHIBITED')
  assert.match(r.reasons.find((x) => x.ruleId === 'access.lists.sdn')!.text, /may match SDN entry "WEI, Zunyi" \(42939, score 0\.88, not reviewed\): if the match is confirmed, /)
  const flag = r.flags.find((f) => f.kind === 'screening-review')
  assert.equal(flag?.id, 'hit-person-sdn-42939')
  assert.match(flag!.text, /confirm or clear the hit/)
  assert.deepEqual(r.pendingReview?.ifCleared, { verdict: 'LICENSE_REQUIRED', reviewPolicy: r.reasons.length ? r.pendingReview?.ifCleared.reviewPolicy : null })
  assert.deepEqual(r.pendingReview?.hits.map((h) => `${h.role} ${h.list} ${h.entryId}`), ['person sdn 42939'])
  // no match: nothing pending
  assert.equal(checkAccess(fromChina(), { rules, screener: fuzzy }).pendingReview, null)
})

test('POST /v1/access-checks: "where.accessFrom" is where a release takes place (an export to CN), and the answer names what is released', async () => {
  const { openTestApp } = await import('../server/server-fixture.js')
  const t = await openTestApp()
  try {
    const fromCn = await t.call('POST', '/v1/access-checks', { as: 'analyst', body: { check: fromChina() } })
    assert.equal(fromCn.statusCode, 200, fromCn.body)
    assert.equal(fromCn.json().verdict, 'LICENSE_REQUIRED', fromCn.body)
    assert.equal(fromCn.json().subject, 'ECCN 3E001 technology for the NVIDIA H100 SXM5 80GB (3A090.a)')
    const inUs = await t.call('POST', '/v1/access-checks', { as: 'analyst', body: { check: fromChina({ where: { country: 'US' } }) } })
    assert.equal(inUs.json().verdict, 'NLR', inUs.body)
  } finally {
    await t.close()
  }
})

test('4E091: the training-operations threshold is data (unit, citation); at the threshold not 4E091, above it 4E091', () => {
  const at = (ops: number) => checkAccess({ date: '2025-06-01', who: { kind: 'person', name: 'Researcher', citizenships: ['IN'] }, what: { kind: 'model-weights', trainingOperations: ops }, where: { country: 'IN' } }, { rules, screener, regime: 'as-published' })
  const below = at(1e26)
  assert.equal(below.verdict, 'NLR')
  const flag = below.flags.find((f) => f.id === '4e091-below-threshold')
  assert.ok(flag, JSON.stringify(below.flags))
  assert.equal(flag.citations?.[0]?.ruleId, 'policies.access.4e091-training-operations')
  assert.equal(flag.citations?.[0]?.unverified, true)
  const above = at(1.5e26)
  assert.equal(above.verdict, 'LICENSE_REQUIRED')
  assert.ok(above.reasons[0]!.citations.some((c) => c.ruleId === 'policies.access.4e091-training-operations'))
})

test('4E091 before the AI Diffusion Rule\'s compliance date (2025-05-15): no licence in either regime, as determine() applies the rules then in force', () => {
  const on = (date: string, regime: 'as-enforced' | 'as-published') => checkAccess({ date, who: { kind: 'person', name: 'Researcher', citizenships: ['IN'] }, what: { kind: 'model-weights', trainingOperations: 3e26 }, where: { country: 'IN' } }, { rules, screener, regime })
  for (const date of ['2025-01-13', '2025-03-01', '2025-05-14']) {
    for (const regime of ['as-enforced', 'as-published'] as const) {
      const r = on(date, regime)
      if (regime === 'as-enforced' && date === '2025-05-14') {
        assert.match(r.reasons[0]!.text, /BIS does not enforce/, `${date} ${regime}`) // not enforced from 2025-05-13
      } else {
        assert.equal(r.verdict, 'NLR', `${date} ${regime}`)
        assert.match(r.reasons[0]!.text, /not required to comply with its changes until 2025-05-15/)
        assert.ok(r.reasons[0]!.citations.some((c) => c.ruleId === 'policies.diffusion.compliance-date'), 'the compliance date is cited')
        assert.ok(!r.flags.some((f) => f.id === '4e091-compliance-delayed'), 'said once, as the reason')
      }
      assert.equal(r.verdict, 'NLR')
    }
  }
  // the day exporters had to comply: a licence under the rule as published, not enforced under the rules as enforced
  assert.equal(on('2025-05-15', 'as-published').verdict, 'LICENSE_REQUIRED')
  assert.equal(on('2025-05-15', 'as-enforced').verdict, 'NLR')
  // the day before the rule took effect there is no 4E091 at all
  assert.equal(on('2025-01-12', 'as-published').verdict, 'NLR')
})
