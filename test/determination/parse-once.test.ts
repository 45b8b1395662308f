/**
 * The API parses a request's transaction once (issue 15): the body its validator produced with TransactionSchema
 * is remembered, and determine() takes it as it is. That is only right if parsing a parsed transaction again
 * changes nothing: every transaction of the determination cases and the examples gives the same answer, byte for
 * byte, from its raw text (parsed by determine) and from its remembered parse.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { parse } from 'yaml'
import { determine } from '../../src/determination/determine.js'
import { parseTransaction, rememberParsedTransaction, TransactionSchema, type Transaction } from '../../src/determination/transaction-schema.js'
import type { Regime } from '../../src/determination/types.js'
import { fixtureScreener, testRules } from '../server/server-fixture.js'
import { REPO_ROOT } from '../helpers/paths.js'

const cases: { name: string; tx: unknown; regime?: Regime }[] = [
  ...readdirSync(join(REPO_ROOT, 'test/cases/determination'))
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => parse(readFileSync(join(REPO_ROOT, 'test/cases/determination', f), 'utf8')) as { name: string; tx: unknown; regime?: Regime }[]),
  ...readdirSync(join(REPO_ROOT, 'examples'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ name: f, tx: JSON.parse(readFileSync(join(REPO_ROOT, 'examples', f), 'utf8')) as unknown })),
]

test('a remembered parse is taken as it is, and answers as the raw transaction does (every case and example)', () => {
  const rules = testRules()
  const screener = fixtureScreener()
  let compared = 0
  for (const c of cases) {
    const r = TransactionSchema.safeParse(structuredClone(c.tx))
    if (!r.success) continue
    const parsed: Transaction = r.data
    rememberParsedTransaction(parsed)
    assert.equal(parseTransaction(parsed), parsed, c.name)
    for (const regime of c.regime ? [c.regime] : (['as-enforced', 'as-published'] as const)) {
      // an answer, or the refusal (a date before the first rule) the same way
      const answer = (tx: unknown) => {
        try {
          return JSON.stringify(determine(tx, { rules, screener, regime }))
        } catch (e) {
          return `refused: ${(e as Error).message}`
        }
      }
      const fromRaw = answer(structuredClone(c.tx))
      const fromParsed = answer(parsed)
      assert.equal(fromParsed, fromRaw, `${c.name} (${regime})`)
      compared++
    }
  }
  assert.ok(compared >= 100, `${compared} answers compared`)
})

test('a transaction not remembered is parsed (and refused when invalid), even when it is a copy of one that is', () => {
  const raw = JSON.parse(readFileSync(join(REPO_ROOT, 'examples/h100-to-uae.json'), 'utf8')) as Record<string, unknown>
  const parsed = TransactionSchema.parse(raw)
  rememberParsedTransaction(parsed)
  assert.notEqual(parseTransaction({ ...parsed }), parsed)
  assert.throws(() => parseTransaction({ ...parsed, quantity: -1 }), /not valid/)
})
