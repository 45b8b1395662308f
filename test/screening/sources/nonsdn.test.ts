import assert from 'node:assert/strict'
import { test } from 'node:test'
import { countByList } from '../../../src/screening/sources/map-helpers.js'
import { nonSdnSource } from '../../../src/screening/sources/nonsdn/nonsdn-source.js'
import { SHARED_DATA_SKIP } from '../../helpers/paths.js'
import { fixture, sharedList } from './fixtures.js'

// OFAC cons_prim.csv (≈ 2025-12), ent_num 17014 (raw, shortened):
//   17014,"JOINT STOCK COMPANY RUSSIAN AGRICULTURAL BANK",-0- ,"UKRAINE-EO13662] [RUSSIA-EO14024",…,"SWIFT/BIC RUAGRUMM; Website http://www.rshb.ru; … Registration Numbe"
// cons_comments.csv continues the remarks mid-word: 17014,"r 1027700342890 (Russia); For more information … a.k.a. 'RUSAG'."
test('non-SDN fixture: the list comes from the program, comments continue the remarks', () => {
  const { entries } = nonSdnSource.parseFiles(['cons_prim.csv', 'cons_add.csv', 'cons_alt.csv', 'cons_comments.csv'].map(fixture))
  assert.equal(entries.length, 4)
  assert.equal(entries.find((e) => e.sourceId === '32087')?.list, 'cmic')
  const bank = entries.find((e) => e.sourceId === '17014')
  assert.ok(bank)
  assert.equal(bank.source, 'nonsdn')
  assert.equal(bank.list, 'ssi')
  assert.deepEqual(bank.programs, ['UKRAINE-EO13662', 'RUSSIA-EO14024'])
  assert.ok(bank.names.some((n) => n.name === 'ROSSELKHOZBANK' && n.kind === 'aka'))
  assert.ok(bank.names.some((n) => n.name === 'RUSAG' && n.strength === 'weak'), 'the alias at the end of the comments overflow')
  assert.ok(bank.identifiers.some((i) => i.type === 'Registration Number' && i.value === '1027700342890' && i.country === 'RU'))
  assert.equal(bank.addresses[0]?.countryCode, 'RU')
  // 9639,"HANIYA, Ismail Abdul Salah","individual","NS-PLC",…,"DOB 1962; POB Shati."
  const haniya = entries.find((e) => e.sourceId === '9639')
  assert.equal(haniya?.list, 'plc')
  assert.equal(haniya?.type, 'individual')
  assert.deepEqual(haniya?.datesOfBirth, ['1962'])
  assert.deepEqual(haniya?.placesOfBirth, ['Shati'])
})

test('non-SDN real snapshot: 442 rows', { skip: SHARED_DATA_SKIP }, () => {
  const files = ['cons_prim.csv', 'cons_add.csv', 'cons_alt.csv', 'cons_comments.csv'].map((n) => sharedList(`ofac_non_sdn_2025-12/${n}`))
  const { entries, warnings } = nonSdnSource.parseFiles(files)
  assert.equal(entries.length, 442)
  assert.deepEqual(countByList(entries), { cap: 1, cmic: 68, nonsdn: 2, 'ns-mbs': 7, plc: 78, ssi: 286 })
  assert.deepEqual(warnings, [])
})
