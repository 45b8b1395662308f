import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { determine } from '../../src/determination/determine.js'
import { loadRules } from '../../src/rules/load-rules.js'
import { buildScreener } from '../../src/screening/screener.js'
import { COUNTRY_CODES } from '../../src/shared/countries.js'
import { checkCountryCode } from '../../src/shared/country-code.js'
import { isAppError } from '../../src/shared/errors.js'

const rules = loadRules()

describe('checkCountryCode', () => {
  test('the table is ISO 3166-1 alpha-2 exactly (249 codes) plus XK', (t) => {
    const isoCodes = '/usr/share/iso-codes/json/iso_3166-1.json'
    assert.equal(COUNTRY_CODES.length, 250)
    assert.ok(COUNTRY_CODES.includes('XK'))
    if (!existsSync(isoCodes)) return t.skip(`${isoCodes} (Debian iso-codes) is absent: the table is not compared with it`)
    const iso = (JSON.parse(readFileSync(isoCodes, 'utf8'))['3166-1'] as { alpha_2: string }[]).map((c) => c.alpha_2).sort()
    assert.equal(iso.length, 249)
    assert.deepEqual(COUNTRY_CODES.filter((c) => c !== 'XK'), iso)
  })

  test('assigned codes pass in any case; the result is upper case', () => {
    for (const c of COUNTRY_CODES) assert.deepEqual(checkCountryCode(c), { ok: true, code: c })
    assert.deepEqual(checkCountryCode(' gb '), { ok: true, code: 'GB' })
    assert.deepEqual(checkCountryCode('xk'), { ok: true, code: 'XK' })
  })

  const refused: [input: string, suggestions: string[], says: RegExp][] = [
    ['UK', ['GB'], /United Kingdom is GB/],
    ['uk', ['GB'], /GB/],
    ['EU', [], /European Union, not a country.*member state/],
    ['EL', ['GR'], /Greece.*GR/],
    ['ZZ', [], /user-assigned/],
    ['QQ', [], /user-assigned/],
    ['XA', [], /user-assigned/],
    ['AA', [], /user-assigned/],
    ['YU', [], /Yugoslavia/],
    ['AN', ['BQ', 'CW', 'SX'], /Netherlands Antilles/],
    ['RC', ['CN', 'TW'], /vehicle plates/],
    ['IC', ['ES'], /Canary Islands/],
    ['JA', ['JM', 'JP'], /Jamaica is JM \(Japan is JP\)/],
    ['OO', [], /not an assigned ISO 3166-1 alpha-2/],
    ['China', ['CN'], /China is CN/],
    ['USA', ['US'], /United States is US/],
    ['United Kingdom', ['GB'], /GB/],
    ['C1', [], /expected two letters/],
    ['', [], /expected two letters/],
  ]
  for (const [input, suggestions, says] of refused) {
    test(`"${input}" is refused${suggestions.length ? `, suggesting ${suggestions.join('/')}` : ''}`, () => {
      const r = checkCountryCode(input)
      assert.equal(r.ok, false)
      if (r.ok) return
      assert.deepEqual(r.suggestions, suggestions)
      assert.match(r.message, says)
    })
  }
})

describe('the library refuses what the CLI and the API refuse', () => {
  const tx = { date: '2024-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 1, to: 'AE' }

  for (const [field, input] of [
    ['to', { ...tx, to: 'ZZ' }],
    ['from', { ...tx, from: 'UK' }],
    ['parties.0.headquarters', { ...tx, parties: [{ role: 'end-user', name: 'X', country: 'AE', headquarters: 'EU' }] }],
    ['parties.0.ultimateParentHeadquarters', { ...tx, parties: [{ role: 'end-user', name: 'X', country: 'AE', ultimateParentHeadquarters: 'QQ' }] }],
  ] as const) {
    test(`determine() throws INVALID_COUNTRY for ${field}`, () => {
      assert.throws(
        () => determine(input, { rules }),
        (e: unknown) => isAppError(e) && e.code === 'INVALID_COUNTRY' && e.exitCode === 2 && e.status === 400 && (e.details.issues ?? []).some((i) => i.path === field),
      )
    })
  }

  test('determine() refuses a ledger keyed by a bad country, naming the key', () => {
    const input = { ...tx, date: '2025-06-01', to: 'IN', ledger: { tier2CountryTpp: { UK: 10 } } }
    assert.throws(() => determine(input, { rules }), (e: unknown) => isAppError(e) && e.code === 'INVALID_COUNTRY' && /GB/.test(e.details.issues?.[0]?.message ?? '') && e.details.issues?.[0]?.path === 'ledger.tier2CountryTpp.UK')
  })

  test('the screener refuses a bad country with INVALID_COUNTRY', () => {
    const screener = buildScreener({ entries: [], snapshots: [] })
    assert.throws(() => screener.screen({ name: 'Huawei', country: 'UK' }), (e: unknown) => isAppError(e) && e.code === 'INVALID_COUNTRY' && /GB/.test(e.details.issues?.[0]?.message ?? ''))
    assert.doesNotThrow(() => screener.screen({ name: 'Huawei', country: 'gb' }))
  })

  test('every accepted code gets an answer on dates either side of the 2023 rule: none is refused or unplaced', () => {
    for (const date of ['2023-11-16', '2023-11-17', '2025-06-01']) {
      for (const to of COUNTRY_CODES) {
        const r = determine({ ...tx, date, to }, { rules })
        assert.ok(['NLR', 'LICENSE_EXCEPTION', 'LICENSE_REQUIRED', 'PROHIBITED'].includes(r.verdict), `${to} ${date}`)
        assert.equal(r.to, to)
      }
    }
  })

  test('every country code in data/ (groups, treated-as, letters) is an ISO 3166-1 code', () => {
    const found = new Set<string>()
    const walk = (v: unknown, key = ''): void => {
      if (typeof v === 'string' && /^[A-Z]{2}$/.test(v) && /countr|destination|headquartersIn|value|members/i.test(key)) found.add(v)
      else if (Array.isArray(v)) v.forEach((x) => walk(x, key))
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, /^[A-Z]{2}$/.test(k) ? key : k)
    }
    for (const [id, p] of rules.parameters) if (id.startsWith('country-groups.') || id.startsWith('policies.')) walk(p, id)
    assert.ok(found.size > 20, `found ${found.size} codes`)
    for (const c of found) assert.ok(checkCountryCode(c).ok, `${c} in data/ is not an ISO code`)
  })
})
