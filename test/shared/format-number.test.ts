import assert from 'node:assert/strict'
import { test } from 'node:test'
import { enUsDecimal, enUsNumber } from '../../src/shared/format-number.js'

test('enUsNumber writes every number as toLocaleString("en-US") does', () => {
  const values = [0, -0, 1, -1, 7, 999, 1000, -1000, 1234, 4992, 12345, 999999, 1000000, -1234567, 2 ** 31, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, 1e21, 0.5, 1234.5678, -0.001, NaN, Infinity, -Infinity]
  for (let k = 0; k < 2000; k++) values.push(Math.round((k * 7919) ** 1.7) * (k % 2 ? -1 : 1))
  for (const x of values) assert.equal(enUsNumber(x), x.toLocaleString('en-US'), String(x))
})

test('enUsDecimal writes every number as toLocaleString("en-US", { maximumFractionDigits }) does', () => {
  // ties of the shortest decimal form (1.005 → 1.01, though the double is under 1.005), carries (9.995, 999999.995),
  // exponent forms (1e-7, 1e21), negatives, -0 and non-finite numbers
  const values = [0, -0, 0.5, 1.005, 0.125, 2.5, 9.995, 999.9996, 0.0005, 1e-7, 1e21, 123456.789, 1.45, 0.1 + 0.2, 15831.5, 19.45, 999999.995, -1.5, -0.001, NaN, Infinity, -Infinity, 2 ** 53 + 2]
  let seed = 1
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647)
  for (let k = 0; k < 20000; k++) {
    const x = random() * 10 ** Math.floor(random() * 12 - 4)
    values.push(x, Math.round(x * 1000) / 1000, Math.round(x * 200) / 200)
  }
  for (const x of values) for (const digits of [0, 1, 2, 3]) assert.equal(enUsDecimal(x, digits), x.toLocaleString('en-US', { maximumFractionDigits: digits }), `${x} to ${digits}`)
})
