/** The web UI's date fields take and show YYYY-MM-DD whatever the browser's locale (web/src/components/iso-date.ts, no DOM). */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isIsoDate } from '../../web/src/components/iso-date.js'

test('a date is a real calendar date written YYYY-MM-DD; a locale’s way of writing it is not taken', () => {
  for (const ok of ['2024-06-01', '2024-02-29', '2026-12-31']) assert.equal(isIsoDate(ok), true, ok)
  for (const bad of ['06/01/2024', '01.06.2024', '2024-6-1', '2024-02-30', '2023-02-29', '2024-13-01', '20240601', '', '2024-06-01T00:00']) assert.equal(isIsoDate(bad), false, bad)
})
