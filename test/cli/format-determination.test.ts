/**
 * `chipnav check` for a party that matches many entries of one list (the real Entity List has 30-odd Huawei
 * entries: the company and its affiliates): one reason for the party and list with the others counted, at most
 * three of its screening hits under Check: and Parties:, the rest counted; --verbose prints every one.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { formatDetermination } from '../../src/cli/format-determination.js'
import { determine } from '../../src/determination/determine.js'
import { loadRules } from '../../src/rules/load-rules.js'
import { buildScreener } from '../../src/screening/screener.js'
import { FIXTURE_SNAPSHOT } from '../fixtures/determination-list-entries.js'
import { listEntry } from '../helpers/list-entry.js'

const rules = loadRules()
// the company and seven affiliates, as the Entity List writes them ("… (Huawei).  Affiliated Entity: …")
const AFFILIATES = ['Beijing Research Institute', 'Chengdu Research Institute', 'Hangzhou Research Institute', 'Shanghai Research Institute', "Xi'an Research Institute", 'Wuhan Research Institute', 'Nanjing Research Institute']
const entries = [
  listEntry({ sourceId: 'el-huawei', names: [{ name: 'Huawei Technologies Co., Ltd.', kind: 'primary' }], licenseRequirement: 'For all items subject to the EAR.', licensePolicy: 'Presumption of denial.' }),
  ...AFFILIATES.map((a, i) => listEntry({ sourceId: `el-huawei-${i}`, names: [{ name: `Huawei Technologies Co., Ltd. (Huawei). Affiliated Entity: Huawei Technologies Co., Ltd., ${a}`, kind: 'primary' }, { name: 'Huawei Technologies Co., Ltd.', kind: 'aka' }], licenseRequirement: 'For all items subject to the EAR.', licensePolicy: 'Presumption of denial.' })),
]
const screener = buildScreener({ entries, snapshots: [FIXTURE_SNAPSHOT] })
const r = determine({ date: '2025-03-01', item: { chip: 'nvidia-h20' }, quantity: 1, to: 'CN', parties: [{ role: 'end-user', name: 'Huawei Technologies Co., Ltd.', country: 'CN' }] }, { rules, screener })

test('the fixture party matches all eight entries', () => {
  assert.equal(r.reasons.filter((x) => x.ruleId === 'lists.el' && x.text.includes(' matches Entity List entry')).length, 8)
  // each names its party as data, which the CLI and the web UI group by
  assert.deepEqual(new Set(r.reasons.filter((x) => x.ruleId === 'lists.el' && x.text.includes(' matches ')).map((x) => JSON.stringify(x.party))), new Set([JSON.stringify({ role: 'end-user', name: 'Huawei Technologies Co., Ltd.' })]))
  assert.equal(r.flags.filter((f) => f.kind === 'screening-review' && f.party?.name === 'Huawei Technologies Co., Ltd.').length, 8)
})

test('one Entity List reason for the party, the other entries counted', () => {
  const out = formatDetermination(r, rules)
  const why = out.slice(out.indexOf('Why:'), out.indexOf('Check:'))
  assert.equal([...why.matchAll(/matches Entity List entry/g)].length, 1, why)
  assert.match(why, /\(and 7 more entries of the same list for this party: --verbose\)/)
})

test('three screening hits of the party are shown, the others counted, under Check: and Parties:', () => {
  const out = formatDetermination(r, rules)
  const checkPart = out.slice(out.indexOf('Check:'), out.indexOf('Parties:'))
  assert.equal([...checkPart.matchAll(/! screening hit: Huawei Technologies Co\., Ltd\. \(end-user\) matches Entity List entry/g)].length, 3, checkPart)
  assert.match(checkPart, /! screening hit: Huawei Technologies Co\., Ltd\. \(end-user\) matches 5 more entries; confirm or clear each \(--verbose lists them\)/)
  const parties = out.slice(out.indexOf('Parties:'))
  assert.match(parties, /; and 5 more \(--verbose\)/)
})

test('--verbose prints every reason and hit', () => {
  const out = formatDetermination(r, rules, { verbose: true })
  assert.equal([...out.matchAll(/\d+\. Huawei Technologies Co\., Ltd\. \(end-user\) matches Entity List entry/g)].length, 8)
  assert.equal([...out.matchAll(/! screening hit: .*matches Entity List entry/g)].length, 8)
  assert.doesNotMatch(out, /more \(--verbose\)/)
})

// the same party for an item not subject to the EAR (Taiwan-made, no U.S. content or technology, from Taiwan)
const notSubject = determine({ date: '2025-06-01', item: { chip: 'nvidia-h100-sxm', origin: { madeIn: 'TW', usContentPercent: 0, producedFromUsTechnologyOrSoftware: false } }, quantity: 8, from: 'TW', to: 'MY', parties: [{ role: 'end-user', name: 'Huawei Technologies Co., Ltd.', country: 'CN' }] }, { rules, screener })

test('not subject to the EAR: the headline says so plainly; the verdict stays NLR', () => {
  assert.equal(notSubject.verdict, 'NLR')
  const out = formatDetermination(notSubject, rules)
  assert.match(out, /^Not subject to the EAR \(NLR: no EAR licence requirement\)\n/)
  assert.match(formatDetermination(r, rules), /^LICENSE_REQUIRED/)
})

test('not subject to the EAR: the listed-party red flags of one party and list are one line, the others counted', () => {
  const out = formatDetermination(notSubject, rules)
  const check = out.slice(out.indexOf('Check:'), out.indexOf('Parties:'))
  assert.equal([...check.matchAll(/! red flag: .*matches Entity List entry/g)].length, 1, check)
  assert.match(check, /This binds items subject to the EAR; the item is not, but dealing with a listed party is a red flag\. \(and 7 more entries of the same list for this party: --verbose\)/)
  const verbose = formatDetermination(notSubject, rules, { verbose: true })
  assert.equal([...verbose.matchAll(/! red flag: .*matches Entity List entry/g)].length, 8)
})
