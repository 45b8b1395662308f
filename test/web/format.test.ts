/**
 * The web UI's words for counts and list ages (web/src/components/format.ts, no DOM):
 * a count of one is singular, and a list with no age limit is not shown as current (green) — nothing judged it.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { count, listAgeBadge } from '../../web/src/components/format.js'

test('a count of one is singular, others plural', () => {
  assert.equal(count(1, 'event'), '1 event')
  assert.equal(count(0, 'event'), '0 events')
  assert.equal(count(1204, 'record'), '1,204 records')
})

test('a list with no age limit is grey ("age not judged"), not green; green only within a limit', () => {
  assert.deepEqual(listAgeBadge({ ageDays: 200, isStale: false }), { color: 'gray', label: 'age not judged', text: '200 days old; age not judged: no age limit is set for this list' })
  assert.deepEqual(listAgeBadge({ ageDays: null, isStale: false }), { color: 'gray', label: 'age not judged', text: 'publication date unknown; age not judged: no age limit is set for this list' })
  assert.deepEqual(listAgeBadge({ ageDays: 1, maxAgeDays: 14, isStale: false }), { color: 'green', label: 'current', text: '1 day old, within the 14-day limit' })
  assert.deepEqual(listAgeBadge({ ageDays: 20, maxAgeDays: 14, isStale: true }), { color: 'orange', label: 'out of date', text: '20 days old, over the 14-day limit' })
  assert.equal(listAgeBadge({ ageDays: null, maxAgeDays: 14, isStale: true }).label, 'undated')
})

test('codes in words: verdicts with their abbreviation, flag kinds as headings, places with their names', async () => {
  const { verdictLabel, flagHeading, placeLabel, itemName, questionIdWords } = await import('../../web/src/components/words.js')
  assert.equal(verdictLabel('NLR'), 'No licence required (NLR)')
  assert.equal(verdictLabel('LICENSE_EXCEPTION', ['LPP']), 'Licence exception: LPP — Low Processing Performance')
  assert.equal(verdictLabel('LICENSE_REQUIRED'), 'Licence required')
  assert.equal(verdictLabel('SOMETHING_NEW'), 'something new')
  assert.equal(flagHeading('unverified-rule'), 'Rules not verified against the primary text')
  assert.equal(flagHeading('a-new-kind'), 'A new kind')
  assert.equal(placeLabel('AE'), 'AE — United Arab Emirates')
  assert.equal(placeLabel('ZZ'), 'ZZ')
  assert.equal(itemName({ id: 'nvidia-h100-sxm', vendor: 'NVIDIA', model: 'H100 SXM5 80GB' }, 'x'), 'NVIDIA H100 SXM5 80GB')
  assert.equal(itemName({ id: 'spec-1', vendor: null, model: null }, 'x'), 'spec-1')
  assert.equal(questionIdWords('kyc-cash-for-expensive-item'), 'cash for expensive item')
})

test('a problem whose detail restates its title is shown once, the detail in the heading', async () => {
  const { problemWords } = await import('../../web/src/components/format.js')
  assert.deepEqual(problemWords({ title: 'The username or password is wrong', detail: 'the username or password is wrong (4 more failures lock the account)' }), { heading: 'The username or password is wrong (4 more failures lock the account)' })
  assert.deepEqual(problemWords({ title: 'Approval pending', detail: 'an approver must decide first' }), { heading: 'Approval pending', detail: 'an approver must decide first' })
  assert.deepEqual(problemWords({ title: 'Not found' }), { heading: 'Not found' })
})

test('a moment is shown in UTC and says so', async () => {
  const { when } = await import('../../web/src/components/format.js')
  assert.equal(when('2026-12-07T17:31:59.123Z'), '2026-12-07 17:31 UTC')
  assert.equal(when('2026-12-07T18:31:00+01:00'), '2026-12-07 17:31 UTC')
  assert.equal(when(null), '–')
  assert.equal(when('not a date'), 'not a date')
})
