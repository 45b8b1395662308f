import assert from 'node:assert/strict'
import { test } from 'node:test'
import { determine } from '../../src/determination/determine.js'
import { loadRules } from '../../src/rules/load-rules.js'
import { buildScreener } from '../../src/screening/screener.js'
import { euSource } from '../../src/screening/sources/eu/eu-source.js'
import { ukSource } from '../../src/screening/sources/uk/uk-source.js'
import { unSource } from '../../src/screening/sources/un/un-source.js'
import { AppError } from '../../src/shared/errors.js'
import { parseJurisdictions } from '../../src/shared/jurisdictions.js'
import { fixture } from '../screening/sources/fixtures.js'

const rules = loadRules()
const entries = [
  ...unSource.parseFiles([fixture('UN_consolidated.xml')]).entries,
  ...ukSource.parseFiles([fixture('UK_Sanctions_List.xml')]).entries,
  ...euSource.parseFiles([fixture('eu-fsf.xml')]).entries,
]
const screener = buildScreener({ entries, snapshots: [] })

// an uncontrolled item (L4 is outside 3A090) to a country with no export-control requirement: only the lists decide
const tx = (name: string, extra: Record<string, unknown> = {}) => ({
  date: '2026-12-01',
  item: { chip: 'nvidia-l4' },
  quantity: 10,
  to: 'DE',
  parties: [{ role: 'end-user', name, country: 'DE' }],
  ...extra,
})

test('a party on the EU list blocks a transaction for an organisation bound by EU law, citing the EU measure and the entry', () => {
  const r = determine(tx('Northwind Microelectronics Trading LLC', { jurisdictions: ['US', 'EU'] }), { rules, screener })
  assert.equal(r.verdict, 'PROHIBITED')
  const reason = r.reasons.find((x) => x.ruleId === 'sanctions.eu')
  assert.ok(reason, JSON.stringify(r.reasons))
  assert.match(reason.text, /asset freeze/)
  assert.ok(reason.citations.some((c) => c.source.url.startsWith('https://eur-lex.europa.eu/')), 'the regulation of the entry is linked')
  assert.deepEqual(r.jurisdictions, ['US', 'EU'])
  assert.deepEqual(r.parties[0]?.jurisdictionsHit, ['EU', 'UK'])
})

test('the same party is only a flag for an organisation bound by U.S. law alone (the default)', () => {
  const r = determine(tx('Northwind Microelectronics Trading LLC'), { rules, screener })
  assert.equal(r.verdict, 'NLR')
  assert.deepEqual(r.jurisdictions, ['US'])
  const flags = r.flags.filter((f) => f.kind === 'sanctions')
  assert.deepEqual(flags.map((f) => f.id).sort(), ['sanctions-eu-EU.9001.01', 'sanctions-uk-RUS9001'])
  assert.ok(flags.every((f) => /flag, not a block/.test(f.text)))
})

test('the configured default applies when the transaction does not say; the transaction wins when it does', () => {
  assert.equal(determine(tx('Northwind Microelectronics Trading LLC'), { rules, screener, jurisdictions: ['UK'] }).verdict, 'PROHIBITED')
  assert.equal(determine(tx('Northwind Microelectronics Trading LLC', { jurisdictions: ['US'] }), { rules, screener, jurisdictions: ['UK'] }).verdict, 'NLR')
})

test('a UN listing is flagged for everyone, and blocks through the EU copy of the listing for an EU-bound organisation', () => {
  const us = determine(tx('Eric Badege'), { rules, screener })
  assert.equal(us.verdict, 'NLR')
  assert.ok(us.flags.some((f) => f.id === 'sanctions-un-CDi.001' && /binds every member state/.test(f.text)))
  const eu = determine(tx('Eric Badege', { jurisdictions: ['EU'] }), { rules, screener })
  assert.equal(eu.verdict, 'PROHIBITED')
  assert.ok(eu.reasons.some((x) => x.ruleId === 'sanctions.eu' && x.text.includes('EU.2763.58')))
})

test('jurisdictions: unknown codes are refused naming the field, UN is explained', () => {
  assert.deepEqual(parseJurisdictions('us, eu'), ['US', 'EU'])
  assert.throws(() => parseJurisdictions('US,UN', 'CHIPNAV_JURISDICTIONS'), (e: unknown) => e instanceof AppError && /CHIPNAV_JURISDICTIONS/.test(e.message) && /flagged for everyone/.test(e.message))
  assert.throws(() => determine(tx('x', { jurisdictions: ['FR'] }), { rules }), (e: unknown) => e instanceof AppError && e.code === 'VALIDATION_FAILED')
})
