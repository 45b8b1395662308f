/** A letter's reason names and cites the letter's own date, also when a later dated reading of it is in force. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { determine } from '../../src/determination/determine.js'
import { loadRules } from '../../src/rules/load-rules.js'

const rules = loadRules()
const letterReason = (date: string) => determine({ date, item: { chip: 'nvidia-h20' }, quantity: 10, to: 'CN' }, { rules }).reasons.find((r) => r.ruleId === 'policies.letters.nvidia-h20-2025-04-09')!

for (const date of ['2025-05-01', '2025-08-01']) {
  test(`H20 to China on ${date}: the reason's text and citation give the same letter date`, () => {
    const r = letterReason(date)
    const said = /letter of (\d{4}-\d{2}-\d{2})/.exec(r.text)?.[1]
    assert.equal(said, '2025-04-09')
    assert.deepEqual(r.citations.map((c) => c.effective), ['2025-04-09'])
  })
}

test('the licensing report learned later is cited with the reading it comes from', () => {
  const r = determine({ date: '2025-08-01', item: { chip: 'nvidia-h20' }, quantity: 10, to: 'CN' }, { rules })
  const report = r.flags.find((f) => f.id === 'policies.letters.nvidia-h20-2025-04-09-licensing-report')!
  assert.equal(report.citations?.[0]?.effective, '2025-07-14')
})
