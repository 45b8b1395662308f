import assert from 'node:assert/strict'
import { test } from 'node:test'
import { COUNTRY_CODES, countryCodeFromName, countryName } from '../../src/shared/countries.js'

test('country names as the US lists write them map to ISO alpha-2', () => {
  const cases: Array<[string, string | undefined]> = [
    ['China', 'CN'], ['Hong Kong', 'HK'], ['Macau', 'MO'], ['Russia', 'RU'], ['Iran', 'IR'], ['Burma', 'MM'],
    ['Korea, North', 'KP'], ['Korea, South', 'KR'], ['Congo, Democratic Republic of the', 'CD'], ['Congo, Republic of the', 'CG'],
    ['Bahamas, The', 'BS'], ['Man, Isle of', 'IM'], ['Virgin Islands, British', 'VG'], ['Cote d Ivoire', 'CI'], ["Côte d'Ivoire", 'CI'],
    ['North Macedonia, The Republic of', 'MK'], ['The Gambia', 'GM'], ['Region: Gaza', 'PS'], ['West Bank', 'PS'], ['Turkey', 'TR'],
    ['United Arab Emirates', 'AE'], ['UAE', 'AE'], ['Kosovo', 'XK'], ['Taiwan', 'TW'], ['CN', 'CN'], ['undetermined', undefined],
    ['Region: Crimea', undefined], ['Korea', undefined],
  ]
  for (const [name, code] of cases) assert.equal(countryCodeFromName(name), code, name)
})

test('every ISO code has a name, and the name maps back to the code', () => {
  assert.ok(COUNTRY_CODES.length >= 249)
  for (const code of COUNTRY_CODES) assert.equal(countryCodeFromName(countryName(code)!), code, code)
  assert.equal(countryName('cn'), 'China')
  assert.equal(countryName('ZZ'), undefined)
})
