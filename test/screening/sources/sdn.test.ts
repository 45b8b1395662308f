import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseRemarks } from '../../../src/screening/sources/ofac-legacy/parse-remarks.js'
import { sdnSource } from '../../../src/screening/sources/sdn/sdn-source.js'
import { buildScreener } from '../../../src/screening/screener.js'
import { decodeText } from '../../../src/screening/sources/source-file.js'
import { AppError } from '../../../src/shared/errors.js'
import { SHARED_DATA_SKIP } from '../../helpers/paths.js'
import { fixture, sharedList, textFile } from './fixtures.js'

// OFAC sdn.csv (2024-05-03), add.csv and alt.csv (2026-06), ent_num 306, raw rows:
//   306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. 'BNC'."
//   306,199,"Zweierstrasse 35","Zurich CH-8022","Switzerland",-0-
//   306,220,"aka","NATIONAL BANK OF CUBA",-0-
function checkBancoNacional(entries: ReturnType<typeof sdnSource.parseFiles>['entries']) {
  const e = entries.find((x) => x.sourceId === '306')
  assert.ok(e)
  assert.equal(e.list, 'sdn')
  assert.equal(e.type, 'entity', 'OFAC writes -0- as the type of an entity')
  assert.deepEqual(e.programs, ['CUBA'])
  assert.deepEqual(e.names, [
    { name: 'BANCO NACIONAL DE CUBA', kind: 'primary' },
    { name: 'NATIONAL BANK OF CUBA', kind: 'aka' },
    { name: 'BNC', kind: 'aka', strength: 'weak' },
  ])
  assert.deepEqual(e.addresses[0], {
    text: 'Zweierstrasse 35, Zurich CH-8022, Switzerland',
    address: 'Zweierstrasse 35',
    city: 'Zurich CH-8022',
    country: 'Switzerland',
    countryCode: 'CH',
  })
  assert.equal(e.remarks, "a.k.a. 'BNC'.")
}

test('SDN fixture: sdn/add/alt joined on ent_num, -0- is null, the trailing 0x1A is ignored', () => {
  const files = [fixture('sdn.csv'), fixture('add.csv'), fixture('alt.csv')]
  assert.equal(files[0]!.bytes.at(-1), 0x1a)
  const { entries } = sdnSource.parseFiles(files)
  assert.equal(entries.length, 5)
  checkBancoNacional(entries)
  // 2676,"AL ZAWAHIRI, Dr. Ayman","individual","SDGT",…,"DOB 19 Jun 1951; POB Giza, Egypt; Passport 1084010 (Egypt); alt. Passport 19820215; …"
  const z = entries.find((e) => e.sourceId === '2676')
  assert.equal(z?.type, 'individual')
  assert.deepEqual(z?.datesOfBirth, ['1951-06-19'])
  assert.deepEqual(z?.placesOfBirth, ['Giza, Egypt'])
  assert.deepEqual(z?.identifiers, [
    { type: 'Passport', value: '1084010', country: 'EG' },
    { type: 'Passport', value: '19820215' },
  ])
  const vessel = entries.find((e) => e.sourceId === '4238')
  assert.equal(vessel?.type, 'vessel')
  assert.ok(vessel?.identifiers.some((i) => i.type === 'Call Sign' && i.value === 'CL2192'))
})

test('SDN: only sdn.csv is required; a renamed file needs its role from the column count', () => {
  assert.equal(sdnSource.parseFiles([fixture('sdn.csv')]).entries.length, 5)
  const renamed = { ...fixture('alt.csv'), name: 'aliases-2026.csv' }
  const { entries } = sdnSource.parseFiles([fixture('sdn.csv'), renamed])
  assert.ok(entries.find((e) => e.sourceId === '306')?.names.some((n) => n.name === 'NATIONAL BANK OF CUBA'))
})

test('SDN: malformed rows fail with LIST_PARSE_FAILED, file and line', () => {
  const alt = decodeText(fixture('alt.csv')).replace('"aka","NATIONAL BANK OF CUBA"', '"xyz","NATIONAL BANK OF CUBA"')
  assert.throws(
    () => sdnSource.parseFiles([fixture('sdn.csv'), textFile('alt.csv', alt)]),
    (e: unknown) => e instanceof AppError && e.code === 'LIST_PARSE_FAILED' && e.details.file === 'alt.csv' && typeof e.details.line === 'number' && /alt_type/.test(e.message),
  )
  const sdn = decodeText(fixture('sdn.csv')).replace('306,"BANCO', 'x306,"BANCO')
  assert.throws(() => sdnSource.parseFiles([textFile('sdn.csv', sdn)]), (e: unknown) => e instanceof AppError && e.code === 'LIST_PARSE_FAILED' && e.details.line === 3)
  const short = decodeText(fixture('sdn.csv')).replace(',"a.k.a. \'BNC\'."', '')
  assert.throws(() => sdnSource.parseFiles([textFile('sdn.csv', short)]), /expected 12 columns, found 11/)
  assert.throws(() => sdnSource.parseFiles([fixture('add.csv')]), (e: unknown) => e instanceof AppError && /exactly one primary file/.test(e.message))
})

test('OFAC remarks: DOB, POB, nationality, citizenship, ids and quoted aliases', () => {
  const r = parseRemarks(
    "DOB 03 May 1938; alt. DOB 1940; POB Egypt; nationality Iran; citizen Korea, North; Passport A123 (Iran) issued 01 Jan 2010 expires 01 Jan 2020; a.k.a. 'O'BRIEN; TRADING'; f.k.a. 'OLD NAME'; Linked To: X.",
  )
  assert.deepEqual(r.datesOfBirth, ['1938-05-03', '1940'])
  assert.deepEqual(r.placesOfBirth, ['Egypt'])
  assert.deepEqual(r.nationalities, ['IR'])
  assert.deepEqual(r.citizenships, ['KP'])
  assert.deepEqual(r.identifiers, [{ type: 'Passport', value: 'A123', country: 'IR', issued: '2010-01-01', expires: '2020-01-01' }])
  assert.deepEqual(r.aliases, [
    { name: "O'BRIEN; TRADING", kind: 'aka', strength: 'weak' },
    { name: 'OLD NAME', kind: 'fka', strength: 'weak' },
  ])
})

test('SDN real snapshot: 14,965 rows (6,854 individuals, 851 vessels, 376 aircraft, 6,884 entities), and 1,724 alias-only listings', { skip: SHARED_DATA_SKIP }, () => {
  const { entries, cautions } = sdnSource.parseFiles([
    sharedList('ofac_sdn_2024-05-03/sdn.csv'),
    sharedList('ofac_sdn_2026-06/add.csv'),
    sharedList('ofac_sdn_2026-06/alt.csv'),
  ])
  assert.equal(entries.length, 14965 + 1724)
  const byType = (t: string) => entries.filter((e) => e.type === t).length
  assert.deepEqual([byType('individual'), byType('vessel'), byType('aircraft'), byType('entity')], [6854, 851, 376, 6884])
  checkBancoNacional(entries)
  // add.csv and alt.csv are from 2026, sdn.csv from 2024: newer ent_nums have no primary row
  assert.equal(byType(null as unknown as string), 1724)
  assert.match(cautions?.[0] ?? '', /^the alias file has 1,724 listings the primary file lacks: the files are from different dates/)
  assert.match(cautions?.[1] ?? '', /^the address file has [\d,]+ listings with neither a primary row nor an alias: they have no name and are not screened/)
  assert.equal(entries.find((e) => e.sourceId === '57779')?.names[0]?.name, 'SYMPHONY SHIPPING & MARITIME MANAGEMENT')
})

// sdn.csv of one date, alt.csv and add.csv of a later one: ent_num 900 is only in the alias and address files,
// ent_num 901 only in the address file
const mixedDates = () => [
  textFile('sdn.csv', '306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n'),
  textFile('alt.csv', '306,220,"aka","NATIONAL BANK OF CUBA",-0- \n900,1,"aka","HALCYON TIDEWATER MARINE SERVICES",-0- \n900,2,"fka","HALCYON TIDEWATER LLC","weak"\n'),
  textFile('add.csv', '306,199,"Zweierstrasse 35","Zurich CH-8022","Switzerland",-0- \n900,3,"Office 4","Dubai","United Arab Emirates",-0- \n901,4,-0- ,"Minsk","Belarus",-0- \n'),
]

test('files of different dates: a listing only the alias file has is kept as an alias-only entry, with a caution for the officer', () => {
  const { entries, warnings, cautions } = sdnSource.parseFiles(mixedDates())
  assert.deepEqual(entries.map((e) => e.sourceId), ['306', '900'])
  const e = entries[1]!
  assert.equal(e.list, 'sdn')
  assert.equal(e.type, null, 'the kind is unknown without the primary row')
  assert.deepEqual(e.names, [{ name: 'HALCYON TIDEWATER MARINE SERVICES', kind: 'aka' }, { name: 'HALCYON TIDEWATER LLC', kind: 'fka', strength: 'weak' }])
  assert.equal(e.addresses[0]?.countryCode, 'AE')
  assert.match(e.remarks ?? '', /^alias-only row: primary record missing/)
  assert.deepEqual(warnings, [])
  assert.deepEqual(cautions, [
    'the alias file has 1 listing the primary file lacks: the files are from different dates. Those listings are screened by their alias names only (kind, programs and remarks unknown; marked "alias-only row: primary record missing"). Import primary, address and alias files of the same date.',
    'the address file has 1 listing with neither a primary row nor an alias: they have no name and are not screened. Import primary, address and alias files of the same date.',
  ])
})

test('an alias-only listing is screened, and its hit says the primary record is missing', () => {
  const { entries } = sdnSource.parseFiles(mixedDates())
  const r = buildScreener({ entries, snapshots: [] }).screen({ name: 'Halcyon Tidewater Marine Services' })
  const hit = r.hits.find((h) => h.entryId === '900')
  assert.ok(hit, JSON.stringify(r.hits.map((h) => h.entryId)))
  assert.equal(hit.list, 'sdn')
  assert.equal(hit.primaryName, 'HALCYON TIDEWATER MARINE SERVICES')
  assert.match(hit.explanation.summary, /alias-only row: primary record missing/)
  // files of one date: no caution, no alias-only entry
  assert.equal(sdnSource.parseFiles([fixture('sdn.csv'), fixture('add.csv'), fixture('alt.csv')]).cautions, undefined)
})
