/** Zod's default messages in plain words; our own messages untouched. */
import { strict as assert } from 'node:assert'
import { test } from 'node:test'
import { z } from 'zod'
import { issuesFromZod } from '../../src/shared/errors.js'

test('a missing field, a wrong type, an option, an empty text, a list, a bound and an unknown field in plain words', () => {
  const S = z.strictObject({ number: z.string().trim().min(1), decision: z.enum(['approved', 'rejected']), destinations: z.array(z.string()).min(1), quantity: z.number().int().positive().max(10), note: z.string().optional() })
  const words = (v: unknown) => {
    const r = S.safeParse(v)
    assert.ok(!r.success)
    return Object.fromEntries(issuesFromZod(r.error.issues).map((i) => [i.path, i.message]))
  }
  assert.deepEqual(words({}), { number: 'required: text', decision: 'must be one of "approved", "rejected"', destinations: 'required: a list', quantity: 'required: a number' })
  assert.deepEqual(words({ number: '', decision: 'approved', destinations: [], quantity: 11, colour: 'red' }), { number: 'must not be empty', destinations: 'must name at least one', quantity: 'must be at most 10', $: 'unknown field "colour" (misspelled, or not one this accepts)' })
  assert.deepEqual(words({ number: 5, decision: 'approved', destinations: ['AE'], quantity: 0.5, note: 1 }), { number: 'expected text, not a number', quantity: 'must be a whole number', note: 'expected text, not a number' })
  const rec = z.object({ transaction: z.record(z.string(), z.unknown()) }).safeParse({})
  assert.equal(!rec.success && issuesFromZod(rec.error.issues)[0]!.message, 'required: an object (a JSON {…})')
  const own = z.object({ to: z.string().refine(() => false, 'XX names no country') }).safeParse({ to: 'XX' })
  assert.equal(!own.success && issuesFromZod(own.error.issues)[0]!.message, 'XX names no country')
})
