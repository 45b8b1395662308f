import assert from 'node:assert/strict'
import { test } from 'node:test'
import { buildScreener } from '../../../src/screening/screener.js'
import { euSource } from '../../../src/screening/sources/eu/eu-source.js'
import { ofsiSource } from '../../../src/screening/sources/ofsi/ofsi-source.js'
import { detectSource } from '../../../src/screening/sources/sources.js'
import { ukSource } from '../../../src/screening/sources/uk/uk-source.js'
import { unSource } from '../../../src/screening/sources/un/un-source.js'
import { AppError } from '../../../src/shared/errors.js'
import { SHARED_DATA_SKIP } from '../../helpers/paths.js'
import { fixture, sharedList, textFile } from './fixtures.js'

test('each international list file is recognised by its name or its content', () => {
  assert.equal(detectSource(fixture('UN_consolidated.xml')), 'un')
  assert.equal(detectSource(fixture('UK_Sanctions_List.xml')), 'uk')
  assert.equal(detectSource(fixture('ConList.csv')), 'ofsi')
  assert.equal(detectSource(fixture('eu-fsf.csv')), 'eu')
  assert.equal(detectSource(fixture('eu-fsf.xml')), 'eu')
  assert.equal(detectSource({ name: 'list.csv', bytes: fixture('eu-fsf.csv').bytes }), 'eu', 'the EU CSV header identifies it under any name')
})

test('UN fixture: names with alias quality, the reference number, regime, listing date and the list page', () => {
  const { entries, listDate } = unSource.parseFiles([fixture('UN_consolidated.xml')], { today: '2026-12-07' })
  assert.equal(listDate, '2026-02-27', 'the dateGenerated attribute')
  assert.deepEqual(entries.map((e) => e.sourceId), ['CDi.001', 'CDi.002', 'CDi.003', 'CDe.003', 'KPe.018'])
  const badege = entries[0]!
  assert.equal(badege.list, 'un')
  assert.equal(badege.type, 'individual')
  assert.equal(badege.names[0]?.name, 'ERIC BADEGE')
  assert.equal(badege.unReference, 'CDi.001')
  assert.deepEqual(badege.programs, ['DRC'])
  assert.equal(badege.listedOn, '2012-12-31')
  assert.match(badege.noticeUrl ?? '', /^https:\/\/.*un\.org/)
  const low = entries.find((e) => e.names.some((n) => n.quality === 'Low'))!
  assert.equal(low.names.find((n) => n.quality === 'Low')?.strength, 'weak', 'a UN "Low" quality alias is weak evidence')
  const cagl = entries.find((e) => e.sourceId === 'CDe.003')!
  assert.equal(cagl.type, 'entity')
  assert.equal(cagl.names[0]?.name, 'COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)', 'two names joined by " ; " are split')
  assert.ok(cagl.names.some((n) => n.name === 'GREAT LAKES BUSINESS COMPANY (GLBC)' && n.kind === 'aka'))
})

test('UN: malformed XML and the wrong root are LIST_PARSE_FAILED', () => {
  assert.throws(() => unSource.parseFiles([textFile('consolidated.xml', '<CONSOLIDATED_LIST><INDIVIDUALS>')]), (e: unknown) => e instanceof AppError && e.code === 'LIST_PARSE_FAILED')
  assert.throws(() => unSource.parseFiles([textFile('consolidated.xml', '<OTHER/>')]), /no CONSOLIDATED_LIST/)
})

test('OFSI ConList (CSV excerpt): one entry per Group ID, primary name first, variations and UN reference', () => {
  const { entries, listDate } = ofsiSource.parseFiles([fixture('ConList.csv')], { today: '2026-12-07' })
  assert.equal(listDate, '2025-04-14', 'row 1 "Last Updated", day first')
  assert.deepEqual(entries.map((e) => e.sourceId).sort(), ['12871', '15672'])
  const haq = entries.find((e) => e.sourceId === '15672')!
  assert.equal(haq.list, 'uk')
  assert.equal(haq.names[0]?.name, 'Mian Abdul HAQ', 'the "Primary name" row is the primary name, given names before the surname')
  assert.ok(haq.names.slice(1).every((n) => n.quality === 'Primary name variation'))
  assert.equal(haq.listedOn, '2022-12-09')
  assert.deepEqual(haq.programs, ['Global Human Rights'])
  const academy = entries.find((e) => e.sourceId === '12871')!
  assert.equal(academy.type, 'entity')
  assert.equal(academy.unReference, 'KPe.018')
})

test('OFSI: a header without the ConList columns is refused', () => {
  assert.throws(() => ofsiSource.parseFiles([textFile('ConList.csv', 'Last Updated,14/04/2025\nName,Other\nA,B\n')]), (e: unknown) => e instanceof AppError && e.code === 'LIST_PARSE_FAILED' && /Group ID/.test(e.message))
})

test('OFSI real XLSX (2025-04-14): 4,688 listings read with exceljs', { skip: SHARED_DATA_SKIP }, async () => {
  const { entries, listDate } = await ofsiSource.parseFilesAsync!([sharedList('uk_ofsi_2025-04-14/ConList.xlsx')], { today: '2026-12-07' })
  assert.equal(listDate, '2025-04-14')
  assert.equal(entries.length, 4688)
  assert.equal(entries.filter((e) => e.type === 'individual').length, 3663)
  assert.equal(entries.filter((e) => e.type === 'vessel').length, 15)
  assert.ok(entries.filter((e) => e.unReference).length > 500, 'UN listings carried into the UK list keep their UN reference')
})

test('UN real XML (2026-02-27): 730 individuals and 273 entities, low-quality aliases marked weak', { skip: SHARED_DATA_SKIP }, () => {
  const { entries, listDate } = unSource.parseFiles([sharedList('un_sc_2026-02-27/UN_consolidated.xml')], { today: '2026-12-07' })
  assert.equal(listDate, '2026-02-27')
  assert.equal(entries.filter((e) => e.type === 'individual').length, 730)
  assert.equal(entries.filter((e) => e.type === 'entity').length, 273)
  assert.equal(new Set(entries.map((e) => e.sourceId)).size, entries.length)
  assert.equal(entries.flatMap((e) => e.names).filter((n) => n.strength === 'weak').length, 615)
})

for (const file of ['eu-fsf.csv', 'eu-fsf.xml']) {
  test(`EU FSF ${file.endsWith('xml') ? 'XML' : 'CSV'} (fixture): subjects joined on logicalId, alias strength, UN reference and the regulation's URL`, () => {
    const { entries, listDate } = euSource.parseFiles([fixture(file)], { today: '2026-12-07' })
    assert.equal(listDate, '2026-12-01')
    assert.equal(entries.length, 3)
    const badege = entries.find((e) => e.unReference === 'CDi.001')!
    assert.equal(badege.sourceId, 'EU.2763.58')
    assert.equal(badege.type, 'individual')
    assert.deepEqual(badege.programs, ['COD'])
    assert.match(badege.noticeUrl ?? '', /^https:\/\/eur-lex\.europa\.eu\//)
    assert.equal(badege.addresses[0]?.countryCode, 'RW')
    const northwind = entries.find((e) => e.sourceId === 'EU.9001.01')!
    assert.equal(northwind.type, 'entity')
    assert.deepEqual(northwind.names.map((n) => [n.name, n.strength ?? null]), [['Northwind Microelectronics Trading LLC', null], ['Northwind Micro', 'weak']])
    const ivan = entries.find((e) => e.sourceId === 'EU.9002.02')!
    assert.deepEqual(ivan.identifiers.map((i) => i.value), ['MP1234567'])
    assert.deepEqual(ivan.citizenships, ['BELARUS'])
    assert.equal(ivan.title, 'Colonel')
  })
}

test('EU CSV: a header that is not the FSF header is refused', () => {
  assert.throws(() => euSource.parseFiles([textFile('eu.csv', 'fileGenerationDate;Entity_LogicalId\n2026-01-01;1\n')]), (e: unknown) => e instanceof AppError && e.code === 'LIST_PARSE_FAILED' && /NameAlias_WholeName/.test(e.message))
})

test('UK Sanctions List XML (fixture): unique ID, name types, alias strength, regime, ships, UN reference', () => {
  const { entries, listDate } = ukSource.parseFiles([fixture('UK_Sanctions_List.xml')], { today: '2026-12-07' })
  assert.equal(listDate, '2026-12-01')
  assert.deepEqual(entries.map((e) => e.sourceId), ['DRC0001', 'RUS9001', 'RUS9002'])
  assert.equal(entries[0]!.names[0]?.name, 'Eric BADEGE')
  assert.equal(entries[0]!.unReference, 'CDi.001')
  assert.equal(entries[1]!.names.find((n) => n.name === 'NORTHWIND MICRO')?.strength, 'weak')
  assert.ok(entries[1]!.names.some((n) => n.quality === 'non-Latin script'))
  assert.deepEqual(entries[1]!.programs, ['Russia'])
  assert.equal(entries[2]!.type, 'vessel')
})

test('one listing across lists: the UN entry is reported once, with its UK and EU copies in alsoPublishedIn', () => {
  const entries = [
    ...unSource.parseFiles([fixture('UN_consolidated.xml')]).entries,
    ...ukSource.parseFiles([fixture('UK_Sanctions_List.xml')]).entries,
    ...euSource.parseFiles([fixture('eu-fsf.xml')]).entries,
  ]
  const screener = buildScreener({ entries, snapshots: [] })
  const r = screener.screen({ name: 'Eric Badege' })
  const badege = r.hits.filter((h) => /badege/i.test(h.primaryName))
  assert.equal(badege.length, 1, 'one hit for one listing')
  assert.equal(badege[0]!.list, 'un')
  assert.deepEqual(badege[0]!.alsoPublishedIn?.map((c) => c.list).sort(), ['eu', 'uk'])
})

test('a weak alias is weaker evidence: an exact match on it scores 0.9 and says why', () => {
  const entries = euSource.parseFiles([fixture('eu-fsf.xml')]).entries
  const screener = buildScreener({ entries, snapshots: [] })
  const hit = screener.screen({ name: 'Northwind Micro', threshold: 0.5 }).hits.find((h) => h.entryId === 'EU.9001.01')!
  assert.equal(hit.matchedName, 'Northwind Micro')
  assert.ok(hit.score <= 0.9 + 1e-9, `score ${hit.score}`)
  assert.ok(hit.explanation.adjustments.some((a) => /weak or low quality/.test(a.reason)))
})
