/** The timeline between two dates (chipnav timeline, GET /v1/timeline, the MCP timeline tool): one filter, and a range that ends before it starts is an error naming `to`, never an empty answer. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { loadRules } from '../../src/rules/load-rules.js'
import { timelineEvents } from '../../src/rules/timeline-events.js'
import { isAppError } from '../../src/shared/errors.js'
import type { IsoDate } from '../../src/shared/iso-date.js'
import { runCli } from '../helpers/run-cli.js'

const rules = loadRules()
const d = (s: string) => s as IsoDate

test('the events between two dates, both ends included; without dates, all of them', () => {
  const events = timelineEvents(rules, { from: d('2025-04-09'), to: d('2025-05-13') })
  assert.ok(events.length > 0)
  assert.ok(events.every((e) => e.date >= '2025-04-09' && e.date <= '2025-05-13'))
  assert.ok(events.some((e) => e.date === '2025-04-09') && events.some((e) => e.date === '2025-05-13'), 'both ends are included')
  assert.equal(timelineEvents(rules, {}).length, rules.events.length)
  assert.equal(timelineEvents(rules, { from: d('2025-05-13'), to: d('2025-05-13') }).every((e) => e.date === '2025-05-13'), true)
})

test('from after to is refused naming to (it was an empty answer and exit 0)', () => {
  assert.throws(
    () => timelineEvents(rules, { from: d('2026-01-01'), to: d('2025-01-01') }),
    (e: unknown) => isAppError(e) && e.code === 'VALIDATION_FAILED' && e.details.issues?.[0]?.path === 'to',
  )
  const r = runCli(['timeline', '--from', '2026-01-01', '--to', '2025-01-01'])
  assert.equal(r.code, 2, r.stderr)
  assert.match(r.stderr, /^error VALIDATION_FAILED: /)
  assert.match(r.stderr, /\n {2}to: /)
})
