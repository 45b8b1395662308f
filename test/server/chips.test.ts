/** `GET /v1/chips`: the catalogue on a date with the 3A090.a/.b regions in force, on both sides of the 2023-11-17 rule. */
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { thresholdAt } from '../../src/rules/parameter-at.js'
import type { IsoDate } from '../../src/shared/iso-date.js'
import { openTestApp, testRules, type TestApp } from './server-fixture.js'

let t: TestApp
before(async () => {
  t = await openTestApp()
})
after(() => t.close())

const value = (ruleId: string, asOf: string) => thresholdAt(testRules(), ruleId, asOf as IsoDate)!.value

test('before 2023-11-17: one band on bit length x TOPS, with the I/O condition as a note', async () => {
  const r = (await t.call('GET', '/v1/chips?date=2023-11-16', { as: 'viewer' })).json()
  assert.equal(r.ruleEffective, '2022-10-07')
  assert.equal(r.regions.length, 1)
  assert.equal(r.regions[0].tppMin, value('ccl.3a090.2022-bit-tops', '2023-11-16'))
  assert.equal(r.regions[0].pdMin, null)
  assert.match(r.regions[0].note, /I\/O/)
})

test('from 2023-11-17: 3A090.a.1, .a.2, .b.1 and .b.2 with the thresholds in data/, and the catalogue classified on the date', async () => {
  const d = '2023-11-17'
  const r = (await t.call('GET', `/v1/chips?date=${d}`, { as: 'viewer' })).json()
  assert.equal(r.ruleEffective, d)
  const by = Object.fromEntries(r.regions.map((x: { paragraph: string }) => [x.paragraph, x]))
  assert.deepEqual(Object.keys(by).sort(), ['3A090.a.1', '3A090.a.2', '3A090.b.1', '3A090.b.2'])
  assert.equal(by['3A090.a.1'].tppMin, value('ccl.3a090.a1-tpp', d))
  assert.equal(by['3A090.a.2'].pdMin, value('ccl.3a090.a2-pd', d))
  assert.equal(by['3A090.b.1'].tppMax, value('ccl.3a090.b1-tpp-max', d))
  assert.equal(by['3A090.b.2'].pdMax, value('ccl.3a090.b-pd-max', d))
  assert.ok(by['3A090.a.1'].citations[0].source.url.startsWith('http'))
  const a800 = r.chips.find((c: { id: string }) => c.id === 'nvidia-a800')
  assert.equal(a800.eccn, '3A090.a', 'the A800 is 3A090.a under the 2023 text')
  const before = (await t.call('GET', '/v1/chips?date=2023-06-01', { as: 'viewer' })).json()
  assert.equal(before.chips.find((c: { id: string }) => c.id === 'nvidia-a800').eccn, null, 'and outside 3A090 under the 2022 text')
})

test('a date before 3A090 existed is RULE_NOT_IN_FORCE', async () => {
  const r = await t.call('GET', '/v1/chips?date=2022-10-06', { as: 'viewer' })
  assert.equal(r.json().code, 'RULE_NOT_IN_FORCE')
})
