/** The library API as README.md's "Use it from TypeScript" shows it: what src/index.ts exports works on its own. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { classifyCatalogueItem, determine, isIsoDate, loadRules, scoreNames } from '../../src/index.js'

test('classify on a date given as an IsoDate, determine a transaction, score two names', () => {
  const rules = loadRules()
  const asOf = '2025-04-20'
  assert.ok(isIsoDate(asOf))
  assert.equal(isIsoDate('2025-02-30'), false)
  const c = classifyCatalogueItem('nvidia-h20', { rules, asOf })
  assert.equal(c.eccn, null)
  assert.equal(c.tpp, 2368)
  const d = determine({ date: asOf, item: { chip: 'nvidia-h20' }, quantity: 1, to: 'CN' }, { rules })
  assert.equal(d.verdict, 'LICENSE_REQUIRED')
  assert.ok(d.reasons.some((r) => r.ruleId === 'policies.letters.nvidia-h20-2025-04-09'))
  assert.ok(scoreNames({ a: 'Huawei Technologies', b: 'Huawei Technologies Co., Ltd.' }).match)
})
