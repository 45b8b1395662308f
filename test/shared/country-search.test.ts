import assert from 'node:assert/strict'
import { test } from 'node:test'
import { COUNTRY_CODES } from '../../src/shared/countries.js'
import { searchCountries } from '../../src/shared/country-search.js'

const codes = (search: string) => searchCountries(COUNTRY_CODES, search)

test('a country is found by the names the server knows, the best answer first (the web UI country selects)', () => {
  assert.equal(codes('UK')[0], 'GB', 'UK is the United Kingdom (the server suggests GB for it), not Ukraine')
  assert.ok(codes('UK').includes('UA'), 'Ukraine is still offered')
  assert.deepEqual(codes('Macau'), ['MO'], 'the spelling used in the reasons finds Macao')
  assert.equal(codes('cn')[0], 'CN', 'a code first')
  assert.equal(codes('germ')[0], 'DE')
  assert.equal(codes('korea south')[0], 'KR')
  assert.equal(codes('Türkiye')[0], 'TR', 'accents do not matter')
  assert.equal(codes('').length, COUNTRY_CODES.length, 'an empty search lists every country')
  assert.deepEqual(codes('zzzz'), [])
})
