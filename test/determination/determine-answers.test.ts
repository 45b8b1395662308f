/** What a determination says beyond its verdict: the EAR question first, unknown rule status both ways, tier wording. */
import assert from 'node:assert/strict'
import type { IsoDate } from '../../src/shared/iso-date.js'
import { test } from 'node:test'
import { determine } from '../../src/determination/determine.js'
import { REQUIREMENT_FAMILIES } from '../../src/determination/requirements/index.js'
import { loadRules } from '../../src/rules/load-rules.js'
import { buildScreener } from '../../src/screening/screener.js'
import { FIXTURE_LIST_ENTRIES, FIXTURE_SNAPSHOT } from '../fixtures/determination-list-entries.js'

const rules = loadRules()
const screener = buildScreener({ entries: FIXTURE_LIST_ENTRIES, snapshots: [FIXTURE_SNAPSHOT] })

test('the first reason says whether the EAR applies and why: not subject (Taiwan-made, no U.S. content or technology)', () => {
  const r = determine({ date: '2025-06-01', item: { chip: 'nvidia-h100-sxm', origin: { madeIn: 'TW', usContentPercent: 0, producedFromUsTechnologyOrSoftware: false } }, quantity: 8, from: 'TW', to: 'MY' }, { rules })
  assert.equal(r.verdict, 'NLR')
  assert.equal(r.reasons[0]?.ruleId, 'policies.subject-to-ear')
  assert.match(r.reasons[0]!.text, /^Not subject to the EAR: the item was made in TW/)
  assert.match(r.reasons[0]!.text, /de minimis/)
  assert.deepEqual({ subject: r.subjectToEar?.subject, basis: r.subjectToEar?.basis }, { subject: false, basis: 'not-subject' })
})

test('a foreign direct product of U.S. technology to China: subject under 734.9(h), licence required', () => {
  const r = determine({ date: '2025-06-01', item: { chip: 'nvidia-h100-sxm', origin: { madeIn: 'TW', usContentPercent: 0, producedFromUsTechnologyOrSoftware: { eccns: ['3E001'] } } }, quantity: 8, from: 'TW', to: 'CN' }, { rules })
  assert.equal(r.verdict, 'LICENSE_REQUIRED')
  assert.equal(r.subjectToEar?.basis, 'foreign-direct-product')
  assert.match(r.reasons[0]!.text, /734\.9\(h\)/)
})

test('without item.origin the answer says the item is assumed subject to the EAR', () => {
  const r = determine({ date: '2025-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 8, from: 'TW', to: 'DE' }, { rules })
  assert.equal(r.subjectToEar?.basis, 'assumed')
  assert.match(r.reasons[0]!.text, /^Assumed subject to the EAR: item\.origin was not given/)
})

test('after 2026-11-09 the Affiliates Rule status is unknown: both outcomes are carried, and the verdict says which it assumes', () => {
  const tx = { date: '2026-11-10', item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'JP', parties: [{ role: 'end-user', name: 'Sakura Compute KK', country: 'JP', headquarters: 'JP', owners: [{ name: 'Huawei Technologies Co., Ltd.', share: 0.6, country: 'CN' }] }] }
  const r = determine(tx, { rules, screener })
  assert.equal(r.unknownRuleStatus?.length, 1)
  const u = r.unknownRuleStatus![0]!
  assert.equal(u.ruleId, 'policies.affiliates-rule')
  assert.equal(u.status, 'unknown')
  assert.deepEqual(u.ifInForce, { verdict: 'LICENSE_REQUIRED', reviewPolicy: 'presumption-of-denial', licenseExceptions: [] })
  assert.deepEqual(u.ifNotInForce, { verdict: 'NLR', reviewPolicy: null, licenseExceptions: [] })
  assert.equal(r.verdict, u.ifInForce.verdict)
  const flag = r.flags.find((f) => f.id === 'status-unknown-policies.affiliates-rule')
  assert.ok(flag && /If it is in force the answer is LICENSE_REQUIRED .* if not, NLR/.test(flag.text), flag?.text)
  // the day before, the suspension is known: no unknown status
  assert.equal(determine({ ...tx, date: '2026-11-09' }, { rules, screener }).unknownRuleStatus, undefined)
})

test('as published, a UAE destination is Tier 2 even when a China-headquartered party brings Tier 3 treatment', () => {
  const r = determine({ date: '2025-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'AE', parties: [{ role: 'end-user', name: 'Example Gulf Cloud', country: 'AE', headquarters: 'CN' }] }, { rules, regime: 'as-published' })
  const text = r.reasons.find((x) => x.ruleId === 'policies.diffusion.worldwide-requirement')?.text ?? ''
  assert.doesNotMatch(text, /AE is Tier 3/)
  assert.match(text, /AE is Tier 2, but Example Gulf Cloud is headquartered in D:5 or Macau, so the transaction is treated as Tier 3/)
})

test('the registry lists each requirement family once, with a title', () => {
  const ids = REQUIREMENT_FAMILIES.map((f) => f.id)
  assert.equal(new Set(ids).size, ids.length)
  for (const f of REQUIREMENT_FAMILIES) assert.ok(f.title.length > 10, f.id)
})

test('an Entity List hit quotes the entry\'s licence requirement and review policy as such (not "licence required for For all items")', () => {
  const r = determine({ date: '2024-06-01', item: { chip: 'nvidia-l4' }, quantity: 1, to: 'JP', parties: [{ role: 'end-user', name: 'Huawei Technologies Co., Ltd.', country: 'CN' }] }, { rules, screener })
  const el = r.reasons.find((x) => x.ruleId === 'lists.el')
  assert.ok(el, JSON.stringify(r.reasons.map((x) => x.ruleId)))
  assert.match(el.text, /: a licence is required \(the entry's licence requirement: "For all items subject to the EAR\. \(See §744\.11 of the EAR\)"; its licence review policy: "Presumption of denial\."\)\. No licence exception applies\.$/)
})

test('a licence exception reason names the requirement it covers by its CFR paragraph, not by a chipnav rule id', () => {
  const nac = determine({ date: '2024-06-01', item: { chip: 'nvidia-rtx-4090' }, quantity: 1, to: 'CN' }, { rules })
  const text = nac.reasons.find((x) => x.ruleId === 'policies.license-exceptions.nac')!.text
  assert.match(text, /^Licence exception NAC covers the licence requirement of 15 CFR 742\.6\(a\)\(6\)\(iii\), on these conditions: /)
  assert.doesNotMatch(text, /policies\./)
  const hq = determine({ date: '2024-06-01', item: { chip: 'nvidia-rtx-4090' }, quantity: 1, to: 'MY', parties: [{ role: 'end-user', name: 'Example Render Sdn Bhd', country: 'MY', headquarters: 'CN' }] }, { rules })
  assert.match(hq.reasons.find((x) => x.ruleId === 'policies.license-exceptions.nac')!.text, /the licence requirement of 15 CFR 744\.23\(a\)\(3\)\(i\)/)
})

test('an item outside 3A090 to Russia: a licence is assumed (most restrictive), the item undetermined, the reason says why and what would clear it', () => {
  const r = determine({ date: '2025-06-01', item: { chip: 'nvidia-l20' }, quantity: 8, to: 'RU' }, { rules })
  assert.equal(r.verdict, 'LICENSE_REQUIRED')
  assert.equal(r.reviewPolicy, 'policy-of-denial')
  assert.equal(r.item.determined, false)
  assert.equal(r.item.eccn, null)
  const reason = r.reasons.find((x) => x.ruleId === 'policies.embargoes.russia')!
  assert.match(reason.text, /^A licence is assumed to be required: RU is under the embargo of 15 CFR 746\.8\(a\)\(1\), \(b\)/)
  assert.match(reason.text, /only an item classified EAR99 and identified in none of those supplements would need no licence/)
  assert.match(reason.citations[0]!.cfr, /supplements identifying EAR99 items/)
  assert.ok(!r.reasons.some((x) => x.ruleId === 'determination.nlr'))
  assert.match(r.flags.find((f) => f.id === 'policies.embargoes.russia-ccl-item')!.text, /assumes the most restrictive possibility/)
  const cn = determine({ date: '2025-06-01', item: { chip: 'nvidia-l20' }, quantity: 8, to: 'CN' }, { rules })
  assert.equal(cn.item.determined, true)
  assert.doesNotMatch(cn.reasons.find((x) => x.ruleId === 'determination.nlr')!.text, /embargo/)
})

test('a letter reason names the product as a reader knows it and says when the letter states no review policy', () => {
  const r = determine({ date: '2025-06-01', item: { chip: 'nvidia-h20' }, quantity: 8, to: 'CN' }, { rules })
  const text = r.reasons.find((x) => x.ruleId === 'policies.letters.nvidia-h20-2025-04-09')!.text
  assert.match(text, /that the NVIDIA .*H20.* needs a licence to CN/)
  assert.doesNotMatch(text, /nvidia-h20/)
  assert.match(text, /The letter states no licence review policy\.$/)
  assert.equal(r.reviewPolicy, null)
})

test('the Russia and Belarus embargoes (and their most-restrictive assumption) start on their rules\' effective dates', async () => {
  const { parameterAt } = await import('../../src/rules/parameter-at.js')
  for (const [id, day, before] of [['policies.embargoes.russia', '2022-02-24', '2022-02-23'], ['policies.embargoes.belarus', '2022-03-02', '2022-03-01']] as const) {
    assert.equal(parameterAt(rules, id, before as IsoDate) ?? null, null, `${id} before ${day}`)
    const p = parameterAt<{ ifEccnUnknown?: { assume: string } }>(rules, id, day as IsoDate)!
    assert.equal(p.effective, day)
    assert.equal(p.value?.ifEccnUnknown?.assume, 'licence-required')
  }
})
