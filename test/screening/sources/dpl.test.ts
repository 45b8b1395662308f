import assert from 'node:assert/strict'
import { test } from 'node:test'
import { dplSource } from '../../../src/screening/sources/dpl/dpl-source.js'
import { decodeText } from '../../../src/screening/sources/source-file.js'
import { AppError } from '../../../src/shared/errors.js'
import { SHARED_DATA_SKIP } from '../../helpers/paths.js'
import { fixture, sharedList, textFile } from './fixtures.js'

// BIS dpl.txt (≈ 2023-11), second data row, raw (tab-separated):
//   "AARON ABRAHAM VILLA" "3415 RIVERA AVENUE" "EL PASO" "TX" "" "79905" "08/24/2022" "01/14/2026" "Y" "2022-08-29" "F.R. NOTICE ADDED" "87 F.R. 52741 8/29/2022"
test('DPL fixture: rows map with ISO dates, the FR citation and a stable id; type is never guessed', () => {
  const { entries, listDate } = dplSource.parseFiles([fixture('dpl.txt')], { today: '2026-01-01' })
  assert.equal(entries.length, 3)
  const villa = entries.find((e) => e.names[0]?.name === 'AARON ABRAHAM VILLA')
  assert.ok(villa)
  assert.equal(villa.list, 'dpl')
  assert.equal(villa.type, null)
  assert.equal(villa.listedOn, '2022-08-24')
  assert.equal(villa.federalRegisterNotice, '87 F.R. 52741 8/29/2022')
  assert.equal(villa.addresses[0]?.text, '3415 RIVERA AVENUE, EL PASO, TX, 79905')
  assert.match(villa.sourceId, /^dpl-[0-9a-f]{16}$/)
  assert.equal(dplSource.parseFiles([fixture('dpl.txt')]).entries[1]?.sourceId, entries[1]?.sourceId, 'the id is stable')
  assert.ok(listDate !== undefined && listDate <= '2026-01-01')
})

test('DPL: a bad header or a bad date fails with LIST_PARSE_FAILED and the line', () => {
  const text = decodeText(fixture('dpl.txt'))
  assert.throws(() => dplSource.parseFiles([textFile('dpl.txt', text.replace('"Name"', '"Nom"'))]), (e: unknown) => e instanceof AppError && e.code === 'LIST_PARSE_FAILED' && e.details.line === 1)
  assert.throws(
    () => dplSource.parseFiles([textFile('dpl.txt', text.replace('"08/24/2022"', '"24.08.2022"'))]),
    (e: unknown) => e instanceof AppError && e.code === 'LIST_PARSE_FAILED' && e.details.line === 3 && /Effective_Date/.test(e.message),
  )
})

test('DPL real snapshot: 665 rows; a 3033 typo in Last_Update is not the list date', { skip: SHARED_DATA_SKIP }, () => {
  const { entries, listDate } = dplSource.parseFiles([sharedList('bis_dpl_2023-11/dpl.txt')], { today: '2026-01-01' })
  assert.equal(entries.length, 665)
  assert.equal(listDate, '2023-11-28')
  assert.equal(new Set(entries.map((e) => e.sourceId)).size, 665)
})
