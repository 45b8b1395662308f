import assert from 'node:assert/strict'
import { gzipSync } from 'node:zlib'
import { test } from 'node:test'
import { cslSource } from '../../../src/screening/sources/csl/csl-source.js'
import { mapCslIdentifier } from '../../../src/screening/sources/csl/map.js'
import { CSL_COLUMNS, parseCslFile } from '../../../src/screening/sources/csl/parse.js'
import { countByList } from '../../../src/screening/sources/map-helpers.js'
import { decodeText } from '../../../src/screening/sources/source-file.js'
import { AppError } from '../../../src/shared/errors.js'
import { SHARED_DATA_SKIP } from '../../helpers/paths.js'
import { cslFile, fixture, sharedList, textFile } from './fixtures.js'

// trade.gov CSL row, Entity List, _id d05d55fa214aff19c1eb3270d54905e4e362d445 (raw, shortened):
// d05d55fa…,Entity List (EL) - Bureau of Industry and Security,,,,"Huawei Technologies Co., Ltd. (Huawei)",,
//   "Bantian Huawei Base, Longgang District, Shenzhen, 518129, CN","84 FR 22963, 84 FR 43495, 85 FR 29853, 85 FR 36720,  85 FR 51603 ",
//   2019-05-21,,,"For all items subject to the EAR, see §§ 736.2(b)(3)(vi), and 744.11 of the EAR, EXCEPT …",Presumption of denial,
//   ,,,,,,,,http://bit.ly/1L47xrV,"Shenzhen Huawei Technologies; Huawei Technology",,,,,http://bit.ly/1L47xrV,
const HUAWEI_EL = 'd05d55fa214aff19c1eb3270d54905e4e362d445'

function checkHuawei(entries: ReturnType<typeof cslSource.parseFiles>['entries']) {
  const e = entries.find((x) => x.sourceId === HUAWEI_EL)
  assert.ok(e, 'the Huawei Entity List row is mapped')
  assert.equal(e.list, 'el')
  assert.equal(e.type, null, 'the Entity List also names individuals: an empty type is not guessed')
  assert.deepEqual(
    e.names.map((n) => [n.name, n.kind]),
    [['Huawei Technologies Co., Ltd. (Huawei)', 'primary'], ['Shenzhen Huawei Technologies', 'aka'], ['Huawei Technology', 'aka']],
  )
  assert.equal(e.addresses[0]?.countryCode, 'CN')
  assert.equal(e.addresses[0]?.country, 'China')
  assert.equal(e.listedOn, '2019-05-21')
  assert.match(e.federalRegisterNotice ?? '', /^84 FR 22963/)
  assert.match(e.licenseRequirement ?? '', /^For all items subject to the EAR/)
  assert.equal(e.licensePolicy, 'Presumption of denial')
}

test('CSL fixture: every row maps, list codes from the source column, types from the type column', () => {
  const { entries, listDate } = cslSource.parseFiles([fixture('consolidated.csv')], { today: '2026-01-01' })
  assert.equal(entries.length, 10)
  assert.deepEqual(countByList(entries), { cmic: 1, dpl: 1, dtc: 1, el: 1, isn: 1, meu: 2, sdn: 2, uvl: 1 })
  checkHuawei(entries)
  assert.ok(entries.filter((e) => e.list === 'meu').every((e) => e.type === 'entity'), 'the MEU list names only entities, so an empty type is entity')
  const dpl = entries.find((e) => e.list === 'dpl')
  assert.equal(dpl?.type, null)
  // 21944,Specially Designated Nationals (SDN) - Treasury Department,21944,Individual,SYRIA,"'ABBAS, Rim",…,1973-03-25,SY,…
  const rim = entries.find((e) => e.sourceId === '21944')
  assert.equal(rim?.type, 'individual')
  assert.deepEqual(rim?.programs, ['SYRIA'])
  assert.deepEqual(rim?.datesOfBirth, ['1973-03-25'])
  assert.deepEqual(rim?.nationalities, ['SY'])
  assert.equal(listDate, '2021-03-02', 'the latest start_date among the rows')
})

test('CSL: the .gz, .tsv and .json forms give the same entries as the .csv', () => {
  const csv = fixture('consolidated.csv')
  const expected = cslSource.parseFiles([csv]).entries
  assert.deepEqual(cslSource.parseFiles([{ name: 'consolidated.csv.gz', bytes: gzipSync(csv.bytes) }]).entries, expected)

  const rows = parseCslFile(csv)
  const tsv = [CSL_COLUMNS.join('\t'), ...rows.map((r) => CSL_COLUMNS.map((c) => r.fields[c].replace(/[\t\n]/g, ' ')).join('\t'))].join('\n')
  const fromTsv = cslSource.parseFiles([textFile('consolidated.tsv', tsv)]).entries
  assert.equal(fromTsv.length, expected.length)
  checkHuawei(fromTsv)

  const json = {
    results: rows.map((r) => ({
      ...r.fields,
      alt_names: r.fields.alt_names === '' ? [] : r.fields.alt_names.split('; '),
      addresses: r.fields.addresses === '' ? [] : r.fields.addresses.split('; ').map((a) => {
        const parts = a.split(', ')
        return { address: parts.slice(0, -1).join(', '), city: '', state: '', postal_code: '', country: parts[parts.length - 1] }
      }),
    })),
  }
  const fromJson = cslSource.parseFiles([textFile('consolidated.json', JSON.stringify(json))]).entries
  assert.equal(fromJson.length, expected.length)
  checkHuawei(fromJson)
})

test('CSL: a row with a missing column fails with LIST_PARSE_FAILED naming the file and line', () => {
  const text = decodeText(fixture('consolidated.csv')).split('\n')
  text[2] = text[2]!.replace(/,[^,]*$/, '') // drop the last column of the second data row
  assert.throws(
    () => cslSource.parseFiles([textFile('consolidated.csv', text.join('\n'))]),
    (e: unknown) => e instanceof AppError && e.code === 'LIST_PARSE_FAILED' && e.details.file === 'consolidated.csv' && e.details.line === 3 && /expected 29 columns, found 28/.test(e.message),
  )
})

test('CSL: a wrong header, an unclosed quote and a truncated gzip are refused', () => {
  const isParseFailed = (e: unknown) => e instanceof AppError && e.code === 'LIST_PARSE_FAILED'
  assert.throws(() => cslSource.parseFiles([textFile('consolidated.csv', 'id,name\n1,x\n')]), isParseFailed)
  const text = decodeText(fixture('consolidated.csv'))
  assert.throws(() => cslSource.parseFiles([textFile('consolidated.csv', `${text}abc,"unclosed\n`)]), isParseFailed)
  const gz = gzipSync(fixture('consolidated.csv').bytes)
  assert.throws(() => cslSource.parseFiles([{ name: 'consolidated.csv.gz', bytes: gz.subarray(0, gz.length - 100) }]), isParseFailed)
})

test('CSL ids: country, dates and value are told apart', () => {
  assert.deepEqual(mapCslIdentifier('QA, 28940000602, National ID No.'), { type: 'National ID No.', value: '28940000602', country: 'QA' })
  assert.deepEqual(mapCslIdentifier('JO, 2014-08-30, 2009-08-31, K475336, Passport'), {
    type: 'Passport',
    value: 'K475336',
    country: 'JO',
    issued: '2009-08-31',
    expires: '2014-08-30',
  })
})

test('CSL real snapshot (2022-04): 14,160 rows with the per-source counts of SOURCE.md', { skip: SHARED_DATA_SKIP }, () => {
  const { entries, listDate } = cslSource.parseFiles([sharedList('trade_gov_csl_2022-04/consolidated.csv.gz')], { today: '2026-01-01' })
  assert.equal(entries.length, 14160)
  assert.deepEqual(countByList(entries), {
    cap: 53, cmic: 68, dpl: 462, dtc: 727, el: 2001, fse: 3, isn: 163, meu: 71, 'ns-mbs': 17, plc: 78, sdn: 10026, ssi: 290, uvl: 201,
  })
  assert.equal(listDate, '2022-04-21')
  checkHuawei(entries)
  assert.ok(entries.filter((e) => e.list === 'el').every((e) => e.type === null))
})

test('CSL: a field written as an English enumeration ("A; B; and C.") gives C, not "and C" (review F19)', () => {
  // the Entity List row of Semiconductor Manufacturing International Corporation in the 2022-04 CSL, shortened
  const { entries } = cslSource.parseFiles([
    cslFile([
      {
        _id: 'el-smic',
        source: 'Entity List (EL) - Bureau of Industry and Security',
        name: 'Semiconductor Manufacturing International Corporation (SMIC)',
        addresses: 'No. 18 Zhang Jiang Road, Pudong New Area, Shanghai, 201203, CN; and 58 Yongding Road, Haidian District, Beijing, CN',
        alt_names: 'Semiconductor Manufacturing International (Shanghai) Corporation; SMIC Shanghai; and Semiconductor Mfg International Corp.',
      },
      // a name that starts with the word is kept: only the lower-case conjunction of an enumeration goes
      { _id: 'el-and', source: 'Entity List (EL) - Bureau of Industry and Security', name: 'Andromeda Systems', alt_names: 'AND Systems; and AND Group; Or Yehuda Trading; or Orion Trading' },
    ]),
  ])
  const smic = entries.find((e) => e.sourceId === 'el-smic')!
  assert.deepEqual(
    smic.names.filter((n) => !n.fromBrackets).map((n) => n.name),
    ['Semiconductor Manufacturing International Corporation (SMIC)', 'Semiconductor Manufacturing International (Shanghai) Corporation', 'SMIC Shanghai', 'Semiconductor Mfg International Corp.'],
  )
  assert.deepEqual(smic.addresses.map((a) => a.text.split(',')[0]), ['No. 18 Zhang Jiang Road', '58 Yongding Road'])
  assert.deepEqual(entries.find((e) => e.sourceId === 'el-and')!.names.filter((n) => !n.fromBrackets).map((n) => n.name), ['Andromeda Systems', 'AND Systems', 'AND Group', 'Or Yehuda Trading', 'Orion Trading'])
})

test('CSL real snapshot (2022-04): no alias or address starts with the "and " of an enumeration (259 aliases and 100 addresses did)', { skip: SHARED_DATA_SKIP }, () => {
  const { entries } = cslSource.parseFiles([sharedList('trade_gov_csl_2022-04/consolidated.csv.gz')], { today: '2026-01-01' })
  assert.deepEqual(entries.flatMap((e) => [...e.names.map((n) => n.name), ...e.addresses.map((a) => a.text)]).filter((t) => /^(?:and|or) /.test(t)), [])
  const smic = entries.find((e) => e.list === 'el' && e.names[0]!.name === 'Semiconductor Manufacturing International Corporation (SMIC)')
  assert.ok(smic?.names.some((n) => n.name === 'Semiconductor Mfg International Corp.'))
})
