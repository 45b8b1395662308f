/**
 * Review findings F7 and F9: the January 2026 case-by-case reason states the measured TPP and DRAM bandwidth against the
 * limits in data (per IC for a 4A090 item, said to be chipnav's judgement), cites each paragraph once, and the two
 * statements the primary text read does not confirm are marked unverified where they are offered and relied on.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { certificationsInForce } from '../../src/determination/certifications.js'
import { determine } from '../../src/determination/determine.js'
import { loadRules } from '../../src/rules/load-rules.js'
import { thresholdAt } from '../../src/rules/parameter-at.js'
import type { IsoDate } from '../../src/shared/iso-date.js'

const rules = loadRules()
const ALL = certificationsInForce(rules, '2026-03-01' as IsoDate).map((c) => c.id)
const tx = (item: object, date: string, certifications: string[] = ALL, to = 'CN') => ({ date, item, quantity: 1, to, certifications })
const policyReason = (r: ReturnType<typeof determine>) => r.reasons.find((x) => x.ruleId.startsWith('policies.review.'))!
const UNVERIFIED = ['china-shipments-within-50-percent', 'us-units-disclosed']

test('H200 to China on 2026-01-15 and after: the reason gives TPP and DRAM bandwidth against the limits in data', () => {
  const tpp = thresholdAt(rules, 'policies.review.china-case-by-case-tpp', '2026-03-01' as IsoDate)!.value
  const bw = thresholdAt(rules, 'policies.review.china-case-by-case-dram-bandwidth', '2026-03-01' as IsoDate)!.value
  for (const date of ['2026-01-15', '2026-03-01']) {
    const r = determine(tx({ chip: 'nvidia-h200' }, date), { rules })
    assert.equal(r.reviewPolicy, 'case-by-case')
    const reason = policyReason(r)
    assert.ok(reason.text.includes(`TPP 15,832 < ${tpp.toLocaleString('en-US')}`), reason.text)
    assert.ok(reason.text.includes(`total DRAM bandwidth 4,800 GB/s < ${bw.toLocaleString('en-US')} GB/s`), reason.text)
    assert.doesNotMatch(reason.text, /per-IC/)
    // no two citations print alike
    const printed = reason.citations.map((c) => `${c.cfr}|${c.source.citation}|${c.effective}|${c.unverified ?? false}`)
    assert.equal(new Set(printed).size, printed.length, printed.join('\n'))
    assert.ok(reason.citations.some((c) => c.ruleId === 'policies.review.china-case-by-case-dram-bandwidth'))
  }
})

test('H200 to China on 2026-01-14: presumption of denial, no measured values, no unverified-statement flag', () => {
  const r = determine(tx({ chip: 'nvidia-h200' }, '2026-01-14'), { rules })
  assert.equal(r.reviewPolicy, 'presumption-of-denial')
  assert.doesNotMatch(policyReason(r).text, /TPP|bandwidth/)
  assert.ok(!r.flags.some((f) => f.id.startsWith('unverified-certification-')))
})

test('a 4A090 system: the reason says the limits were applied per IC, gives the whole item\'s TPP and calls it a judgement', () => {
  for (const system of ['nvidia-hgx-h200-8gpu', 'nvidia-dgx-h100']) {
    const r = determine(tx({ system }, '2026-03-01'), { rules })
    assert.equal(r.reviewPolicy, 'case-by-case', system)
    const text = policyReason(r).text
    assert.match(text, /per-IC TPP [\d,.]+ < 21,000; per-IC DRAM bandwidth [\d,.]+ GB\/s < 6,500 GB\/s/)
    assert.match(text, /the whole item: TPP [\d,.]+/)
    assert.match(text, /judgement/)
    assert.ok(r.flags.some((f) => f.id === 'china-case-by-case-per-ic'))
  }
  assert.match(policyReason(determine(tx({ system: 'nvidia-hgx-h200-8gpu' }, '2026-03-01'), { rules })).text, /per-IC TPP 15,832 < 21,000; per-IC DRAM bandwidth 4,800 GB\/s < 6,500 GB\/s \(.*whole item: TPP 126,656\)/)
})

test('the unverified statements are marked in the certifications offered, only from 2026-01-15', () => {
  assert.equal(certificationsInForce(rules, '2026-01-14' as IsoDate).length, 0)
  const offered = certificationsInForce(rules, '2026-01-15' as IsoDate)
  assert.deepEqual(offered.filter((c) => c.citation.unverified).map((c) => c.id), UNVERIFIED)
  for (const c of offered.filter((x) => x.citation.unverified)) assert.match(c.note ?? '', /primary text|regulations\.md/)
  assert.ok(offered.filter((c) => !UNVERIFIED.includes(c.id)).every((c) => !c.citation.unverified))
})

test('a determination relying on them names each as unverified; one asking for them marks them in the missing list', () => {
  const relying = determine(tx({ chip: 'nvidia-h200' }, '2026-03-01'), { rules })
  for (const id of UNVERIFIED) {
    const f = relying.flags.find((x) => x.id === `unverified-certification-${id}`)!
    assert.ok(f, id)
    assert.equal(f.kind, 'unverified-rule')
    assert.equal(f.citations![0]!.unverified, true)
  }
  assert.match(policyReason(relying).text, /some of them unverified/)
  const missing = determine(tx({ chip: 'nvidia-h200' }, '2026-03-01', ['us-supply-sufficient']), { rules })
  assert.equal(missing.reviewPolicy, 'presumption-of-denial')
  const cond = missing.flags.find((f) => f.id === 'china-case-by-case-certifications')!
  assert.match(cond.text, /china-shipments-within-50-percent \([^)]*\) \[UNVERIFIED/)
  assert.doesNotMatch(cond.text, /no-foundry-diversion \([^)]*\) \[UNVERIFIED/)
  assert.ok(!missing.flags.some((f) => f.id.startsWith('unverified-certification-')))
})

test('B200 to China with every statement (review finding N3): the answer says why case-by-case is not available, with measured values, from 2026-01-15 only', () => {
  const tpp = thresholdAt(rules, 'policies.review.china-case-by-case-tpp', '2026-03-01' as IsoDate)!.value
  const bw = thresholdAt(rules, 'policies.review.china-case-by-case-dram-bandwidth', '2026-03-01' as IsoDate)!.value
  const n = (x: number) => x.toLocaleString('en-US')
  for (const date of ['2026-01-15', '2026-03-01']) {
    const r = determine(tx({ chip: 'nvidia-b200' }, date), { rules })
    assert.equal(r.reviewPolicy, 'presumption-of-denial')
    const f = r.flags.find((x) => x.id === 'china-case-by-case-limits-not-met')!
    assert.ok(f, date)
    assert.ok(f.text.includes(`TPP 36,000 ≥ ${n(tpp)}`), f.text)
    assert.ok(f.text.includes(`total DRAM bandwidth 8,000 GB/s ≥ ${n(bw)} GB/s`), f.text)
    assert.match(f.text, /presumption of denial stands/)
    assert.ok(f.citations!.some((c) => c.source.citation === '91 FR 1684'), JSON.stringify(f.citations))
  }
  // before the policy there is nothing to say; an item within the limits gets no such flag
  assert.ok(!determine(tx({ chip: 'nvidia-b200' }, '2026-01-14'), { rules }).flags.some((x) => x.id === 'china-case-by-case-limits-not-met'))
  assert.ok(!determine(tx({ chip: 'nvidia-h200' }, '2026-03-01'), { rules }).flags.some((x) => x.id === 'china-case-by-case-limits-not-met'))
  // a 4A090 system above the limits: measured per IC
  const sys = determine(tx({ system: 'nvidia-gb200-nvl72' }, '2026-03-01'), { rules }).flags.find((x) => x.id === 'china-case-by-case-limits-not-met')
  assert.ok(sys, "the GB200 NVL72 (4A090) meets the limits-not-met condition too")
  assert.match(sys.text, /per-IC TPP/)
})

test('every reason and flag names each citation once (review finding N4): H200 to China without statements, 2026-03-01 and 2026-01-14', () => {
  for (const date of ['2026-01-14', '2026-03-01']) {
    const r = determine(tx({ chip: 'nvidia-h200' }, date, []), { rules })
    for (const x of [...r.reasons, ...r.flags]) {
      const printed = (x.citations ?? []).map((c) => `${c.cfr}|${c.source.citation}|${c.effective}|${c.unverified ?? false}`)
      assert.equal(new Set(printed).size, printed.length, `${'id' in x ? x.id : x.ruleId}: ${printed.join('\n')}`)
    }
  }
  const missing = determine(tx({ chip: 'nvidia-h200' }, '2026-03-01', []), { rules }).flags.find((f) => f.id === 'china-case-by-case-certifications')!
  assert.equal(missing.citations!.filter((c) => c.cfr === '15 CFR 742.6(b)(10)(iii)(A)(1)').length, 1)
})

test('a citation given once keeps the ids of the rules folded into it (alsoRuleIds), so the trace names every rule applied', () => {
  const r = determine(tx({ chip: 'nvidia-h200' }, '2026-03-01', []), { rules })
  const ids = new Set([...r.reasons, ...r.flags].flatMap((x) => (x.citations ?? []).flatMap((c) => [c.ruleId, ...(c.alsoRuleIds ?? [])])))
  const folded = [...r.reasons, ...r.flags].flatMap((x) => (x.citations ?? []).flatMap((c) => c.alsoRuleIds ?? []))
  assert.ok(folded.length > 0, 'some citation printed alike was folded')
  for (const id of folded) assert.ok(ids.has(id))
  for (const x of [...r.reasons, ...r.flags]) for (const c of x.citations ?? []) assert.ok(!(c.alsoRuleIds ?? []).includes(c.ruleId), 'a rule is not listed as folded into itself')
})
