/**
 * A transaction recorded with stored parties uses their reviewed hits: a match cleared as a different company decides
 * nothing (a condition flag says who cleared it and why) while the list entry is unchanged; a confirmed match keeps its
 * requirement and asks for no second review; a review of another party, or of an entry whose content changed since,
 * is not applied.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { determine } from '../../src/determination/determine.js'
import type { HitReviewInput } from '../../src/determination/hit-reviews.js'
import type { DeterminationResult, PartyHit } from '../../src/determination/types.js'
import { entryHashFromHit } from '../../src/records/screening-hits.js'
import { loadRules } from '../../src/rules/load-rules.js'
import { buildScreener } from '../../src/screening/screener.js'
import type { ScreeningHit } from '../../src/screening/screener-types.js'
import { FIXTURE_SNAPSHOT } from '../fixtures/determination-list-entries.js'
import { listEntry } from '../helpers/list-entry.js'

const rules = loadRules()
const screener = buildScreener({
  entries: [listEntry({ sourceId: 'el-zenith', names: [{ name: 'Zenith Compute Systems Ltd', kind: 'primary' }], licenseRequirement: 'For all items subject to the EAR.', licensePolicy: 'Presumption of denial.' })],
  snapshots: [FIXTURE_SNAPSHOT],
})
const PARTY = 'Zenith Compute Systems Ltd'
// an H20 to Singapore on 2025-03-01: no licence for the item or the destination; only the listed party needs one
const tx = { date: '2025-03-01', item: { chip: 'nvidia-h20' }, quantity: 10, to: 'SG', parties: [{ role: 'end-user', name: PARTY, country: 'SG' }] }
const hit = screener.screen({ name: PARTY, country: 'SG' }).hits[0]! as ScreeningHit
const review = (over: Partial<HitReviewInput> = {}): HitReviewInput => ({
  partyId: 'pty_1', partyName: 'zenith  compute systems LTD', partyCountry: 'SG', list: hit.list, entryId: hit.entryId, entryHash: entryHashFromHit(hit),
  status: 'cleared', hitId: 'hit_1', reason: 'different registration number (UEN 2019…)', reviewedBy: 'user:officer', reviewedAt: '2025-02-20T10:00:00.000Z', ...over,
})
const elReasons = (r: DeterminationResult) => r.reasons.filter((x) => x.ruleId === 'lists.el' && x.party)
const hitsOf = (r: DeterminationResult): PartyHit[] => r.parties[0]!.screening!.hits

test('without reviews the listed end user requires a licence and asks for the hit to be reviewed', () => {
  const r = determine(tx, { rules, screener })
  assert.equal(r.verdict, 'LICENSE_REQUIRED')
  assert.equal(elReasons(r).length, 1)
  assert.equal(r.flags.filter((f) => f.kind === 'screening-review').length, 1)
})

test('a cleared match of the stored party decides nothing, and a flag says who cleared it, when and why', () => {
  const r = determine(tx, { rules, screener, hitReviews: [review()] })
  assert.equal(r.verdict, 'NLR')
  assert.equal(elReasons(r).length, 0)
  assert.equal(r.flags.filter((f) => f.kind === 'screening-review').length, 0)
  const flag = r.flags.find((f) => f.id.startsWith('hit-cleared-end-user-'))
  assert.ok(flag, JSON.stringify(r.flags.map((f) => f.id)))
  assert.equal(flag.kind, 'condition')
  assert.match(flag.text, /cleared for stored party pty_1 by user:officer on 2025-02-20 \("different registration number/)
  // the hit itself is still shown, with the review
  assert.equal(hitsOf(r)[0]!.review?.status, 'cleared')
})

test('a cleared review whose entry changed since (another content hash) is not applied', () => {
  const r = determine(tx, { rules, screener, hitReviews: [review({ entryHash: 'f'.repeat(64) })] })
  assert.equal(r.verdict, 'LICENSE_REQUIRED')
  assert.equal(r.flags.filter((f) => f.kind === 'screening-review').length, 1)
  assert.equal(hitsOf(r)[0]!.review, undefined)
})

test("a review of another stored party (another name) or of another entry is not applied", () => {
  for (const other of [review({ partyName: 'Zenith Compute Systems Holdings' }), review({ entryId: 'other-entry' }), review({ list: 'dpl' })]) {
    const r = determine(tx, { rules, screener, hitReviews: [other] })
    assert.equal(r.verdict, 'LICENSE_REQUIRED', JSON.stringify(other))
  }
})

test('a clearance of a stored party in another country is not applied to a party of the same name here', () => {
  // "Zenith Compute Systems Ltd" of Malaysia was cleared; the end user of the same name in Singapore may be the listed one
  const r = determine(tx, { rules, screener, hitReviews: [review({ partyCountry: 'MY' })] })
  assert.equal(r.verdict, 'LICENSE_REQUIRED')
  assert.equal(elReasons(r).length, 1)
  assert.equal(r.flags.filter((f) => f.kind === 'screening-review').length, 1)
  assert.equal(hitsOf(r)[0]!.review, undefined)
})

test('a confirmed match keeps its requirement, says who confirmed it, and asks for no second review', () => {
  const r = determine(tx, { rules, screener, hitReviews: [review({ status: 'confirmed', reason: 'same company', hitId: 'hit_9' })] })
  assert.equal(r.verdict, 'LICENSE_REQUIRED')
  assert.equal(r.flags.filter((f) => f.kind === 'screening-review').length, 0)
  assert.match(elReasons(r)[0]!.text, /confirmed for stored party pty_1 by user:officer on 2025-02-20 \(hit hit_9\)/)
})

test('the newest applicable review wins', () => {
  const r = determine(tx, { rules, screener, hitReviews: [review({ status: 'confirmed', reviewedAt: '2025-02-01T00:00:00.000Z' }), review({ reviewedAt: '2025-02-25T00:00:00.000Z' })] })
  assert.equal(r.verdict, 'NLR')
})

// session 9: an unreviewed match puts the answer on hold pending review, as an access check does
const dplScreener = buildScreener({
  entries: [listEntry({ sourceId: 'dpl-nimbus', list: 'dpl', type: null, names: [{ name: 'Nimbus Quillfeather Trading', kind: 'primary' }] })],
  snapshots: [FIXTURE_SNAPSHOT],
})
const dplTx = { date: '2025-03-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'AE', parties: [{ role: 'end-user', name: 'Nimbus Quillfeather Trading LLC', country: 'AE' }] }
const dplHit = dplScreener.screen({ name: 'Nimbus Quillfeather Trading LLC', country: 'AE' }).hits[0]! as ScreeningHit

test('an unreviewed match that decides the verdict: PROHIBITED holds if it is confirmed, and the answer if it is cleared is given (pendingReview)', () => {
  const r = determine(dplTx, { rules, screener: dplScreener })
  assert.equal(r.verdict, 'PROHIBITED')
  assert.ok(r.pendingReview, 'pending review')
  assert.deepEqual(r.pendingReview.hits.map((h) => [h.role, h.name, h.list, h.entryId]), [['end-user', 'Nimbus Quillfeather Trading LLC', 'dpl', dplHit.entryId]])
  // without the match: the H100 to the UAE on 2025-03-01 needs a licence (742.6(a)(6)(iii)), reviewed under a presumption of approval
  assert.deepEqual(r.pendingReview.ifCleared, { verdict: 'LICENSE_REQUIRED', reviewPolicy: 'presumption-of-approval', licenseExceptions: [] })
  assert.equal(r.pendingReview.ifCleared.verdict, determine({ ...dplTx, parties: [] }, { rules, screener: dplScreener }).verdict)
  assert.ok(r.flags.some((f) => f.kind === 'screening-review'), 'each match asks to be confirmed or cleared')
})

test('a confirmed match decides the answer (no pending review); a cleared one decides nothing', () => {
  const base = { partyId: 'pty_2', partyName: 'Nimbus Quillfeather Trading LLC', partyCountry: 'AE', list: dplHit.list, entryId: dplHit.entryId, entryHash: entryHashFromHit(dplHit), hitId: 'hit_2', reviewedBy: 'user:officer', reviewedAt: '2025-02-20T10:00:00.000Z' }
  const confirmed = determine(dplTx, { rules, screener: dplScreener, hitReviews: [{ ...base, status: 'confirmed', reason: 'same company (trade licence no.)' }] })
  assert.equal(confirmed.verdict, 'PROHIBITED')
  assert.equal(confirmed.pendingReview, null)
  const cleared = determine(dplTx, { rules, screener: dplScreener, hitReviews: [{ ...base, status: 'cleared', reason: 'different company' }] })
  assert.equal(cleared.verdict, 'LICENSE_REQUIRED')
  assert.equal(cleared.pendingReview, null)
})

test('no match, or a match that decides nothing, leaves no pending review', () => {
  assert.equal(determine({ ...dplTx, parties: [] }, { rules, screener: dplScreener }).pendingReview, null)
  assert.equal(determine(dplTx, { rules }).pendingReview, null) // not screened: flagged, nothing pending
})

test('check --exit-code: an answer pending review is on hold (5) unless clearing would not lift a PROHIBITED; the CLI says both answers', async () => {
  const { verdictExitCode } = await import('../../src/cli/verdict-exit-code.js')
  const { formatDetermination } = await import('../../src/cli/format-determination.js')
  const r = determine(dplTx, { rules, screener: dplScreener })
  assert.equal(verdictExitCode(r), 5)
  assert.match(formatDetermination(r), /Pending screening review: PROHIBITED holds if the match is confirmed; if cleared: LICENSE_REQUIRED — reviewed under a presumption of approval/)
  assert.equal(verdictExitCode({ ...r, pendingReview: { ...r.pendingReview!, ifCleared: { verdict: 'PROHIBITED', reviewPolicy: null } } }), 4)
  assert.equal(verdictExitCode({ ...r, pendingReview: null }), 4)
})
