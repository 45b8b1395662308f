import assert from 'node:assert/strict'
import { test } from 'node:test'
import { enUsNumber } from '../../src/shared/format-number.js'

test('enUsNumber writes every number as toLocaleString("en-US") does', () => {
  const values = [0, -0, 1, -1, 7, 999, 1000, -1000, 1234, 4992, 12345, 999999, 1000000, -1234567, 2 ** 31, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, 1e21, 0.5, 1234.5678, -0.001, NaN, Infinity, -Infinity]
  for (let k = 0; k < 2000; k++) values.push(Math.round((k * 7919) ** 1.7) * (k % 2 ? -1 : 1))
  for (const x of values) assert.equal(enUsNumber(x), x.toLocaleString('en-US'), String(x))
})
