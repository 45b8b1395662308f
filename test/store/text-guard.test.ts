/**
 * The store's text guard over JSON text (issue 15): a JSON text without the escapes of NUL or a lone surrogate
 * holds neither, so recordDetermination walks its 14 KB answer only when the text may hold one.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { findBadText, jsonMayHoldBadText, textProblem } from '../../src/store/text-guard.js'

test('a JSON text that holds no NUL or lone-surrogate escape comes from a value without either (any string, key or depth)', () => {
  // full code units: lone surrogates, NUL, control characters, backslashes and pairs all occur
  const text = fc.string({ unit: fc.oneof(fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff', '\\', 'u', '0', 'd', '8'), fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c))), maxLength: 12 })
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(text, tie('node'), { maxKeys: 3 })),
  })).node
  fc.assert(
    fc.property(value, (v) => {
      if (findBadText(v) !== null) assert.equal(jsonMayHoldBadText(JSON.stringify(v)), true)
    }),
    { numRuns: 3000 },
  )
})

test('each bad string is seen in its JSON text; a backslash written as text only may look like one, good text does not', () => {
  for (const s of ['\u0000', 'a\ud800', '\udbffz', '\udc00', 'x\udfff']) {
    assert.notEqual(textProblem(s), null)
    assert.equal(jsonMayHoldBadText(JSON.stringify({ [s]: s })), true)
  }
  assert.equal(jsonMayHoldBadText(JSON.stringify({ name: 'Huawei 华为 🖖 \u202e\u0001\n"\\' })), false)
  assert.equal(jsonMayHoldBadText(JSON.stringify('\\u0000')), true) // a false alarm: the caller walks the value
  assert.equal(findBadText('\\u0000'), null)
})
