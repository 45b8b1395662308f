/** Review finding F19 through the HTTP API: a name in Han script is answered with NAME_SCRIPT_UNCOVERED, never a bare "no hit". */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { buildScreener } from '../../src/screening/screener.js'
import { FIXTURE_LIST_ENTRIES, FIXTURE_SNAPSHOT } from '../fixtures/determination-list-entries.js'
import { openTestApp, type TestApp } from './server-fixture.js'

describe('a name in Han script through the API', () => {
  let t: TestApp
  before(async () => {
    t = await openTestApp(undefined, { screener: buildScreener({ entries: FIXTURE_LIST_ENTRIES, snapshots: [FIXTURE_SNAPSHOT] }) })
  })
  after(() => t.close())

  test('POST /v1/screen carries the notice (the Latin name none)', async () => {
    const r = await t.call('POST', '/v1/screen', { as: 'viewer', body: { name: '华为技术有限公司', country: 'CN' } })
    assert.equal(r.statusCode, 200, r.body)
    const [n] = r.json().notices
    assert.equal(n.code, 'NAME_SCRIPT_UNCOVERED')
    assert.equal(n.script, 'Han')
    assert.match(n.message, /screen the English or pinyin name too/)
    assert.equal((await t.call('POST', '/v1/screen', { as: 'viewer', body: { name: 'Huawei Technologies' } })).json().notices, undefined)
  })

  test('POST /v1/determinations: the party is flagged not cleanly screened, its screening carries the notice', async () => {
    const transaction = { date: '2025-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 1, to: 'SG', parties: [{ role: 'end-user', name: '华为技术有限公司', country: 'SG' }] }
    const r = await t.call('POST', '/v1/determinations', { as: 'analyst', body: transaction })
    assert.equal(r.statusCode, 201, r.body)
    const d = r.json()
    const flag = d.flags.find((f: { kind: string }) => f.kind === 'not-screened')
    assert.match(flag?.text ?? '', /is not cleanly screened: name in Han script/)
    // found through the Latin form "Huawei Technology Co., Ltd." (or its spaced syllables), to be reviewed
    assert.match(d.parties[0].screening.hits.find((h: { list: string }) => h.list === 'el')?.matchedThrough?.form ?? '', /^(Huawei|Hua Wei) Technology Co\., Ltd\.$/)
    assert.deepEqual(flag.party, { role: 'end-user', name: '华为技术有限公司' })
    assert.equal(d.parties[0].screening.notices[0].code, 'NAME_SCRIPT_UNCOVERED')
  })
})
