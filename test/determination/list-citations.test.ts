/**
 * Review findings F18 and F12: an ITAR-debarred hit cites 22 CFR 127.7 (State DDTC), not the Unverified List rule,
 * and says what it means for an EAR export (a red flag, no EAR licence requirement); a list entry without a listing
 * date is dated by the list version screened, never by the transaction date; and (session 10) a list whose
 * publication date is unknown is never dated by the day it was imported.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { determine } from '../../src/determination/determine.js'
import { loadRules } from '../../src/rules/load-rules.js'
import { buildScreener } from '../../src/screening/screener.js'
import { FIXTURE_LIST_ENTRIES, FIXTURE_SNAPSHOT } from '../fixtures/determination-list-entries.js'
import { listEntry } from '../helpers/list-entry.js'
import { formatDetermination } from '../../src/cli/format-determination.js'
import { explainChange } from '../../src/determination/explain-change.js'
import type { SnapshotRef } from '../../src/screening/model.js'

const rules = loadRules()
const entries = [
  ...FIXTURE_LIST_ENTRIES,
  listEntry({ source: 'csl', list: 'dtc', sourceId: 'dtc-fixture-1', type: 'individual', names: [{ name: 'Orvald Pennywhistle Brackenridge', kind: 'primary' }, { name: 'Orvald Brackenridge', kind: 'aka' }], federalRegisterNotice: '78 FR 66984' }),
  listEntry({ source: 'csl', list: 'uvl', sourceId: 'uvl-fixture-1', type: 'entity', names: [{ name: 'Quintessa Lumen Trading Ltd', kind: 'primary' }], federalRegisterNotice: '87 FR 11111', listedOn: '2022-02-14' }),
]
const screener = buildScreener({ entries, snapshots: [FIXTURE_SNAPSHOT] })
const tx = (name: string, date = '2026-03-01') => ({ date, item: { chip: 'nvidia-l20' }, quantity: 1, to: 'AE', parties: [{ role: 'end-user', name, country: 'AE' }] })

test('an ITAR-debarred hit is a red flag citing 22 CFR 127.7, says it is no EAR licence requirement, and gives the match and score', () => {
  const r = determine(tx('Orvald Brackenridge'), { rules, screener })
  assert.equal(r.verdict, 'NLR')
  const flag = r.flags.find((f) => f.kind === 'red-flag' && f.id.startsWith('list-dtc-'))!
  assert.ok(flag, r.flags.map((f) => f.id).join(', '))
  assert.match(flag.text, /matches ITAR Debarred List \(State DDTC\) entry "Orvald Pennywhistle Brackenridge" \((exact|partial) name match/)
  assert.match(flag.text, /score \d\.\d\d\)/)
  assert.match(flag.text, /sets no licence requirement under the EAR/)
  const c = flag.citations![0]!
  assert.equal(c.cfr, '22 CFR 127.7')
  assert.doesNotMatch(JSON.stringify(flag), /744\.15/)
  assert.match(c.source.citation, /^78 FR 66984 \(listing date unknown; list downloaded from the publisher on 2026-11-26\)$/)
  assert.equal(c.effective, '2026-11-26')
  assert.equal(c.effectiveUnknown, true)
})

test('the date of a list citation does not move with the transaction date', () => {
  const dates = ['2025-03-01', '2026-02-01'].map((d) => determine(tx('Borealis Quantum Shipping Company', d), { rules, screener }).reasons.find((x) => x.ruleId === 'lists.sdn')!.citations[0]!)
  assert.equal(dates[0]!.effective, '2026-11-26')
  assert.deepEqual(dates[0], dates[1])
  assert.match(dates[0]!.source.citation, /listing date unknown; list downloaded from the publisher on 2026-11-26/)
  // a listing date the list gives is the citation's date
  const el = determine(tx('Huawei Technologies Co., Ltd.'), { rules, screener }).reasons.find((x) => x.ruleId === 'lists.el')!.citations[0]!
  assert.equal(el.effective, '2019-05-16')
  assert.equal(el.source.citation, '84 FR 22963')
  assert.equal(el.effectiveUnknown, undefined)
})

test('an Unverified List hit cites 15 CFR 744.15 and supplement no. 6 to part 744', () => {
  const r = determine(tx('Quintessa Lumen Trading Ltd'), { rules, screener })
  const flag = r.flags.find((f) => f.id.startsWith('uvl-'))!
  assert.equal(flag.citations![0]!.cfr, '15 CFR 744.15; supp. no. 6 to part 744')
  assert.equal(flag.citations![0]!.effective, '2022-02-14')
})

// a snapshot of files that state no date, imported from disk (OFAC's legacy CSV): importedAt is the only date it has
const undated: SnapshotRef = { source: 'csl', sha256: 'e'.repeat(64), importedAt: '2026-12-07T10:00:00Z', rowCounts: { sdn: 1 } }
const sdnReason = (snapshot: SnapshotRef, date = '2026-03-01') =>
  determine(tx('Borealis Quantum Shipping Company', date), { rules, screener: buildScreener({ entries, snapshots: [snapshot] }) })

test('a list of unknown publication date: the citation says both dates are unknown and never gives the import day', () => {
  const r = sdnReason(undated)
  const c = r.reasons.find((x) => x.ruleId === 'lists.sdn')!.citations[0]!
  assert.match(c.source.citation, /\(listing date unknown; publication date unknown\)$/)
  assert.equal(c.effectiveUnknown, true)
  assert.doesNotMatch(JSON.stringify(r.reasons), /2026-12-07/)
  const text = formatDetermination(r)
  assert.doesNotMatch(text, /2026-12-07/)
  assert.doesNotMatch(text, /listing date unknown; publication date unknown\)[^\]]*effective/)
})

test('a list version dated by its publisher: "list published <date>", and no "effective" printed for the entry', () => {
  for (const [basis, words] of [
    ['published', 'list published 2026-06-02'],
    ['declared', 'list published 2026-06-02'],
    ['last-modified', 'list published 2026-06-02'],
    ['latest-entry', 'publication date unknown, on or after 2026-06-02 (its latest entry)'],
  ] as const) {
    const r = sdnReason({ ...undated, listDate: '2026-06-02', listDateBasis: basis })
    const c = r.reasons.find((x) => x.ruleId === 'lists.sdn')!.citations[0]!
    assert.ok(c.source.citation.endsWith(`(listing date unknown; ${words})`), `${basis}: ${c.source.citation}`)
    assert.doesNotMatch(formatDetermination(r), /list published 2026-06-02\)[^\]]*effective/)
  }
})

test('an entry of unknown listing date is not reported as a rule change between two dates', () => {
  const a = sdnReason(undated, '2025-03-01')
  const b = sdnReason(undated, '2026-03-01')
  const change = explainChange(rules, { date: '2025-03-01', result: a }, { date: '2026-03-01', result: b })
  assert.ok(!change.changedBy.some((c) => c.ruleId === 'lists.sdn'), JSON.stringify(change.changedBy))
})
