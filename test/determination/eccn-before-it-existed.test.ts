/**
 * Review finding F16: an item given by an ECCN paragraph on a date before the paragraph existed is refused
 * (RULE_NOT_IN_FORCE, a stable code: exit 2, HTTP 422) with the answer as its message — when the paragraph was created
 * and by which rule (data), that the item then fell under other entries chipnav does not determine, and what to ask
 * instead — and answered from the day it exists.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { determine } from '../../src/determination/determine.js'
import { loadRules } from '../../src/rules/load-rules.js'
import { AppError } from '../../src/shared/errors.js'

const rules = loadRules()
const hbm = (date: string) => determine({ date, item: { eccn: '3A090.c' }, quantity: 1, to: 'CN' }, { rules })

test('3A090.c on 2024-12-01: refused with when and by which rule it was created, and what to ask instead', () => {
  assert.throws(
    () => hbm('2024-12-01'),
    (e: unknown) => {
      assert.ok(e instanceof AppError)
      assert.equal(e.code, 'RULE_NOT_IN_FORCE')
      assert.match(e.message, /^3A090\.c did not exist on 2024-12-01: it was created effective 2024-12-02 \(89 FR 96790\)\./)
      assert.match(e.message, /fell under other CCL entries \(or EAR99\), and chipnav does not determine which/)
      assert.match(e.message, /give the item by its model or specification/)
      assert.deepEqual(e.details.issues, [{ path: 'item.eccn', message: '3A090.c did not exist before 2024-12-02: give the item by model or specification, or a date from 2024-12-02' }])
      return true
    },
  )
})

test('3A090.c on 2024-12-02 is answered', () => {
  assert.equal(hbm('2024-12-02').verdict, 'LICENSE_REQUIRED')
})

test('3A090.a before 2022-10-07 is refused citing the October 2022 rule; from 2022-10-07 answered', () => {
  assert.throws(() => determine({ date: '2022-10-06', item: { eccn: '3A090.a' }, quantity: 1, to: 'CN' }, { rules }), /3A090\.a did not exist on 2022-10-06: it was created effective 2022-10-07 \(87 FR 62186\)/)
  assert.equal(determine({ date: '2022-10-07', item: { eccn: '3A090.a' }, quantity: 1, to: 'CN' }, { rules }).verdict, 'LICENSE_REQUIRED')
})
