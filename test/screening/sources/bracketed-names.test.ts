import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { EntityType, EntryName, ListEntry } from '../../../src/screening/model.js'
import { bracketedNames, isAcronymOf, withBracketedNames } from '../../../src/screening/sources/bracketed-names.js'
import { cslSource } from '../../../src/screening/sources/csl/csl-source.js'
import { sdnSource } from '../../../src/screening/sources/sdn/sdn-source.js'
import { SHARED_DATA_SKIP } from '../../helpers/paths.js'
import { cslFile, sharedList } from './fixtures.js'

const read = (name: string, type: EntityType | null = null): Array<[string, string, string]> =>
  bracketedNames({ name, kind: 'primary' }, type).map((n) => [n.name, n.kind, n.fromBrackets!.reading])

test('brackets: an acronym of the name is an alias, and the name without it another name', () => {
  // Entity List, 85 FR 83420
  assert.deepEqual(read('Semiconductor Manufacturing International Corporation (SMIC)'), [
    ['SMIC', 'aka', 'acronym'],
    ['Semiconductor Manufacturing International Corporation', 'primary', 'without-brackets'],
  ])
  // small words, particles, legal forms and the words after a hyphen may give their initial or not
  assert.deepEqual(read('Atomic Energy Organization of Iran (AEOI)')[0], ['AEOI', 'aka', 'acronym'])
  assert.deepEqual(read("Asa'ib Ahl al-Haq (AAH)")[0], ['AAH', 'aka', 'acronym'])
  assert.deepEqual(read('China Haiying Electro-Mechanical Technology Academy (CHETA)')[0], ['CHETA', 'aka', 'acronym'])
  assert.deepEqual(read('Advanced Targeting Systems Company, LLC (ATS)')[0], ['ATS', 'aka', 'acronym'])
  // a legal form may follow the brackets (SDN)
  assert.deepEqual(read('NAFTIRAN INTERTRADE CO. (NICO) LIMITED', 'entity'), [
    ['NICO', 'aka', 'acronym'],
    ['NAFTIRAN INTERTRADE CO. LIMITED', 'primary', 'without-brackets'],
  ])
  // the other way round: the name is the acronym of the bracketed words (DPL)
  assert.deepEqual(read('ASMAT (APPLIED SYSTEMS METHODS AND TECHNOLOGY)'), [
    ['APPLIED SYSTEMS METHODS AND TECHNOLOGY', 'aka', 'expansion'],
    ['ASMAT', 'primary', 'acronym'],
  ])
})

test('brackets: a part marked a.k.a., f.k.a. or formerly is an alias of that kind', () => {
  // ITAR Debarred (DTC)
  assert.deepEqual(read('Far East Trading Company, Inc. (a.k.a. FETCO, Inc.)'), [
    ['FETCO, Inc.', 'aka', 'marked'],
    ['Far East Trading Company, Inc.', 'primary', 'without-brackets'],
  ])
  assert.deepEqual(read('Mexpar International, Inc. (a.k.a. Pasadena Aerospace; Aviation Logistics and Supply)').slice(0, 2), [
    ['Pasadena Aerospace', 'aka', 'marked'],
    ['Aviation Logistics and Supply', 'aka', 'marked'],
  ])
  // Entity List
  assert.deepEqual(read('Gazprom Sotsinvest, OOO (f.k.a., Gazprominvestarena OOO)'), [
    ['Gazprominvestarena OOO', 'fka', 'marked'],
    ['Gazprom Sotsinvest, OOO', 'primary', 'without-brackets'],
  ])
  assert.deepEqual(read('Acme Holdings (formerly Beta Trading Company)')[0], ['Beta Trading Company', 'fka', 'marked'])
  // ISN, square brackets: two names separated by a comma
  assert.deepEqual(read('Astronautics Research Institute [aka Astronautics Systems Research Center, Aerospace Research Institute]').slice(0, 2), [
    ['Astronautics Systems Research Center', 'aka', 'marked'],
    ['Aerospace Research Institute', 'aka', 'marked'],
  ])
  // a person's name too, and the description after it stays on the name
  assert.deepEqual(read("Ri Sung Chol (aka Ri Su'ng-ch'o'l) (DPRK individual)", 'individual'), [
    ["Ri Su'ng-ch'o'l", 'aka', 'marked'],
    ['Ri Sung Chol (DPRK individual)', 'primary', 'without-brackets'],
  ])
})

test('brackets: places, qualifiers, descriptions and a parent body\'s acronym are no alias', () => {
  for (const name of [
    'Broad Engineering (Pakistan)', // Entity List: a country
    'Daystar Electric (HK) Ltd.', // UVL: a place of two letters
    'Huawei Technologies Co., Ltd. (Huawei)', // Entity List: a short name, not initials
    'IMAM KHOMEINI RELIEF COMMITTEE (LEBANON BRANCH)', // SDN: a branch
    'Guangzhou Hongyu Technology Co., Ltd. (a subordinate institute of CETC-7)', // Entity List
    'CHINA COMMUNICATIONS CONSTRUCTION GROUP (LIMITED)', // CMIC: a legal form
    'China Electronics Technology Group Corp. (CETC) 54th Research Institute', // the parent's acronym, inside the name
    'Islamic Revolutionary Guard Corps (IRGC) Aerospace Force', // idem
    'Communication, Telemetry and Telecontrol Research Institute (CTI)', // not the initials of every word
    'Enterprise Chips Hunter (EC)', // two letters: too short to be read
  ]) {
    assert.deepEqual(read(name), [], name)
  }
  // a person's name in brackets is another spelling, never read as an acronym
  assert.deepEqual(read('John Paul Smith (JPS)', 'individual'), [])
  assert.deepEqual(read('SANTOS, Ahmad (Ahmed)', 'individual'), [])
})

test('brackets: initials are checked word by word', () => {
  assert.equal(isAcronymOf('SMIC', 'Semiconductor Manufacturing International Corporation'), true)
  assert.equal(isAcronymOf('SMI', 'Semiconductor Manufacturing International Corporation'), true)
  assert.equal(isAcronymOf('SMC', 'Semiconductor Manufacturing International Corporation'), false, 'a word of the name gives its initial')
  assert.equal(isAcronymOf('SMICX', 'Semiconductor Manufacturing International Corporation'), false)
  assert.equal(isAcronymOf('JSCL', 'JSC Ltd'), false, 'one word of the name at least')
  assert.equal(isAcronymOf('AL', 'Almaz'), false, 'two words at least')
  assert.equal(isAcronymOf('JSCAB', 'JSC Almaz Bank'), true, 'a short legal form may give all its letters')
})

test('brackets: the second word of a pair joined by "and", and a parent\'s acronym before the name, may give nothing (session 9)', () => {
  // Entity List names session 8 left unread
  assert.equal(isAcronymOf('CASC', 'China Aerospace Science and Technology Corporation'), true)
  assert.equal(isAcronymOf('CASTC', 'China Aerospace Science and Technology Corporation'), true)
  assert.equal(isAcronymOf('GTI', 'GLOBAL TECHNOLOGY IMPORT & EXPORT, S.A.'), true)
  assert.equal(isAcronymOf('FACRI', 'AVIC Flight Automatic Control Research Institute'), true)
  assert.equal(isAcronymOf('AFACRI', 'AVIC Flight Automatic Control Research Institute'), true)
  // the word before "and" still gives its initial; a word of the name elsewhere too
  assert.equal(isAcronymOf('CATC', 'China Aerospace Science and Technology Corporation'), false)
  assert.equal(isAcronymOf('CTI', 'Communication, Telemetry and Telecontrol Research Institute'), false)
  // capitals are another body's acronym only before a name written in lower case; in a name all in capitals the word is the name's
  assert.equal(isAcronymOf('FACRI', 'AVIC FLIGHT AUTOMATIC CONTROL RESEARCH INSTITUTE'), false)
  assert.equal(isAcronymOf('FRI', 'Avic Flight Research Institute'), false)
  assert.deepEqual(read('China Aerospace Science and Technology Corporation (CASC)').map((n) => n[0]), ['CASC', 'China Aerospace Science and Technology Corporation'])
})

test('withBracketedNames adds each name once, after the published ones, keeping the strength', () => {
  const names: EntryName[] = [
    { name: 'Air Weapons Complex (AWC)', kind: 'primary' },
    { name: 'awc', kind: 'aka' }, // already published (any case): not added again
    { name: 'Air Weapons Complex (AWC)', kind: 'aka', strength: 'weak' },
  ]
  assert.deepEqual(withBracketedNames(names, 'entity'), [
    ...names,
    { name: 'Air Weapons Complex', kind: 'primary', fromBrackets: { name: 'Air Weapons Complex (AWC)', reading: 'without-brackets' } },
  ])
  const weak = withBracketedNames([{ name: 'Foreign Trade Bank (FTB)', kind: 'aka', strength: 'weak' }], 'entity')
  assert.deepEqual(weak.slice(1).map((n) => [n.name, n.strength]), [['FTB', 'weak'], ['Foreign Trade Bank', 'weak']])
})

test('CSL rows (real shapes): the Entity List SMIC row gets its acronym as an alias, the CSL aliases are kept', () => {
  // trade.gov CSL, 2022-04 snapshot, line 12310 (shortened):
  // 736c2c6a…,Entity List (EL) - Bureau of Industry and Security,,,,Semiconductor Manufacturing International Corporation (SMIC),,
  //   "No. 18 Zhang Jiang Road, Pudong New Area, Shanghai, 201203, CN",85 FR 83420,2020-12-18,…,
  //   Semiconductor Manufacturing International (Shanghai) Corporation; SMIC Shanghai; and Semiconductor Mfg International Corp.,… (the "and " of the enumeration is dropped)
  // line 4524: 81e505e4…,ITAR Debarred (DTC) - State Department,,,,"Far East Trading Company, Inc. (a.k.a. FETCO, Inc.)",…,"FETCO, Inc.",…
  // line 2518: 2fbb20f3…,Entity List (EL) - Bureau of Industry and Security,,,,Broad Engineering (Pakistan),…
  const file = cslFile([
    {
      _id: '736c2c6ac3e138ed746296f09c18d066c8fddcd0',
      source: 'Entity List (EL) - Bureau of Industry and Security',
      name: 'Semiconductor Manufacturing International Corporation (SMIC)',
      addresses: 'No. 18 Zhang Jiang Road, Pudong New Area, Shanghai, 201203, CN',
      federal_register_notice: '85 FR 83420',
      start_date: '2020-12-18',
      alt_names: 'Semiconductor Manufacturing International (Shanghai) Corporation; SMIC Shanghai; and Semiconductor Mfg International Corp.',
    },
    { _id: '81e505e4c18d6196ade3a1af2f3ed55c95d9b0a8', source: 'ITAR Debarred (DTC) - State Department', name: 'Far East Trading Company, Inc. (a.k.a. FETCO, Inc.)', alt_names: 'FETCO, Inc.' },
    { _id: '2fbb20f335f0347e15ff9ad8d099f8dae9caf51d', source: 'Entity List (EL) - Bureau of Industry and Security', name: 'Broad Engineering (Pakistan)' },
  ])
  const [smic, fetco, broad] = cslSource.parseFiles([file]).entries as [ListEntry, ListEntry, ListEntry]
  assert.deepEqual(
    smic.names.map((n) => [n.name, n.kind, n.fromBrackets?.reading]),
    [
      ['Semiconductor Manufacturing International Corporation (SMIC)', 'primary', undefined],
      ['Semiconductor Manufacturing International (Shanghai) Corporation', 'aka', undefined],
      ['SMIC Shanghai', 'aka', undefined],
      ['Semiconductor Mfg International Corp.', 'aka', undefined],
      ['SMIC', 'aka', 'acronym'],
      ['Semiconductor Manufacturing International Corporation', 'primary', 'without-brackets'],
    ],
  )
  assert.equal(smic.names[4]!.fromBrackets!.name, 'Semiconductor Manufacturing International Corporation (SMIC)')
  // "FETCO, Inc." is already a CSL alias: only the name without the brackets is added
  assert.deepEqual(fetco.names.map((n) => [n.name, n.kind]), [
    ['Far East Trading Company, Inc. (a.k.a. FETCO, Inc.)', 'primary'],
    ['FETCO, Inc.', 'aka'],
    ['Far East Trading Company, Inc.', 'primary'],
  ])
  assert.deepEqual(broad.names.map((n) => n.name), ['Broad Engineering (Pakistan)'], 'a place in brackets is no alias')
})

test('real snapshots: names read from brackets, by list', { skip: SHARED_DATA_SKIP }, () => {
  const csl = cslSource.parseFiles([sharedList('trade_gov_csl_2022-04/consolidated.csv.gz')]).entries
  const smic = csl.find((e) => e.sourceId === '736c2c6ac3e138ed746296f09c18d066c8fddcd0')!
  assert.ok(smic.names.some((n) => n.name === 'SMIC' && n.fromBrackets?.reading === 'acronym'))
  const changed = csl.filter((e) => e.names.some((n) => n.fromBrackets))
  const byList: Record<string, number> = {}
  for (const e of changed) byList[e.list] = (byList[e.list] ?? 0) + 1
  // every CSL entry whose names changed, by list (the 2022-04 snapshot; reviewed by hand, see bench/README.md)
  // (session 9: + BISE (EL; CASC is read in an entry already counted), FACRI and LETRI (MEU), GTI (SDN))
  assert.deepEqual(byList, { dpl: 3, dtc: 3, el: 81, isn: 10, meu: 5, sdn: 10 })
  const sdn = sdnSource.parseFiles(['ofac_sdn_2024-05-03/sdn.csv', 'ofac_sdn_2026-06/add.csv', 'ofac_sdn_2026-06/alt.csv'].map(sharedList)).entries
  const nico = sdn.find((e) => e.names[0]!.name === 'NAFTIRAN INTERTRADE CO. (NICO) LIMITED')
  assert.ok(nico?.names.some((n) => n.name === 'NICO' && n.fromBrackets?.reading === 'acronym'))
})
