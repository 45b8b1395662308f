import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { runCli } from '../helpers/run-cli.js'
import { REPO_ROOT, SHARED_DATA, SHARED_DATA_SKIP } from '../helpers/paths.js'

const homes: string[] = []
after(() => homes.forEach((h) => rmSync(h, { recursive: true, force: true })))
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'chipnav-intl-'))
  homes.push(d)
  return d
}
const FX = join(REPO_ROOT, 'test/fixtures/lists')

describe('done-when (issue 16): UN, UK and EU lists through the CLI', { skip: SHARED_DATA_SKIP }, () => {
  const home = tmp()
  test('lists import reads the UN XML and the OFSI XLSX from ../shared and the EU fixture; lists status shows each source with its date', () => {
    const L = join(SHARED_DATA, 'lists')
    const imp = runCli(['lists', 'import', join(L, 'un_sc_2026-02-27/UN_consolidated.xml'), join(L, 'uk_ofsi_2025-04-14/ConList.xlsx'), join(FX, 'eu-fsf.xml')], { env: { CHIPNAV_HOME: home } })
    assert.equal(imp.code, 0, imp.stderr)
    assert.match(imp.stdout, /imported un: 1,003 rows/)
    assert.match(imp.stdout, /imported ofsi: 4,688 rows/)
    assert.match(imp.stdout, /imported eu: 3 rows/)
    const status = runCli(['lists', 'status'], { env: { CHIPNAV_HOME: home } })
    assert.equal(status.code, 0, status.stderr)
    assert.match(status.stdout, /un\s+UN Security Council Consolidated List[\s\S]*list date\s+2026-02-27/)
    assert.match(status.stdout, /ofsi\s+HM Treasury OFSI Consolidated List[\s\S]*list date\s+2025-04-14/)
    assert.match(status.stdout, /eu\s+EU consolidated financial sanctions list[\s\S]*list date\s+2026-12-01/)
  })

  test('screen finds a UN-listed name once (with its UK copy) with the regime and a link to the notice', () => {
    const r = runCli(['screen', 'Second Academy of Natural Sciences', '--json'], { env: { CHIPNAV_HOME: home } })
    assert.equal(r.code, 0, r.stderr)
    const hits = JSON.parse(r.stdout).hits as Array<{ list: string; entryId: string; programs: string[]; noticeUrl?: string; alsoPublishedIn?: Array<{ list: string; entryId: string }> }>
    const un = hits.find((h) => h.entryId === 'KPe.018')
    assert.ok(un, hits.map((h) => `${h.list}:${h.entryId}`).join(' | '))
    assert.equal(un.list, 'un')
    assert.deepEqual(un.programs, ['DPRK'])
    assert.match(un.noticeUrl ?? '', /^https:\/\//)
    assert.ok(un.alsoPublishedIn?.some((c) => c.list === 'uk' && c.entryId === '12871'), 'the OFSI listing of the same UN reference is the same listing')
    assert.ok(!hits.some((h) => h.list === 'uk' && h.entryId === '12871'), 'not reported twice')
    const human = runCli(['screen', 'Second Academy of Natural Sciences'], { env: { CHIPNAV_HOME: home } })
    assert.match(human.stdout, /regime\s+DPRK/)
    assert.match(human.stdout, /notice\s+https:\/\//)
  })

  test('screen finds a UK-only listing with its UK regime', () => {
    const r = runCli(['screen', 'Mian Abdul Haq', '--json'], { env: { CHIPNAV_HOME: home } })
    assert.equal(r.code, 0, r.stderr)
    const hit = JSON.parse(r.stdout).hits.find((h: { entryId: string }) => h.entryId === '15672')
    assert.ok(hit)
    assert.equal(hit.list, 'uk')
    assert.deepEqual(hit.programs, ['Global Human Rights'])
  })

  test('check: a party on the EU list is PROHIBITED for an EU-bound organisation and only flagged for a U.S.-bound one', () => {
    const tx = JSON.stringify({ date: '2026-12-01', item: { chip: 'nvidia-l4' }, quantity: 4, to: 'DE', parties: [{ role: 'end-user', name: 'Northwind Microelectronics Trading LLC', country: 'DE' }] })
    const eu = runCli(['check', '--file', '-', '--json'], { env: { CHIPNAV_HOME: home, CHIPNAV_JURISDICTIONS: 'US,EU' }, input: tx })
    assert.equal(eu.code, 0, eu.stderr)
    const euResult = JSON.parse(eu.stdout)
    assert.equal((euResult.result ?? euResult).verdict, 'PROHIBITED')
    const us = runCli(['check', '--file', '-', '--json'], { env: { CHIPNAV_HOME: home }, input: tx })
    assert.equal(us.code, 0, us.stderr)
    const usResult = JSON.parse(us.stdout)
    assert.equal((usResult.result ?? usResult).verdict, 'NLR')
    assert.ok(((usResult.result ?? usResult).flags as Array<{ kind: string }>).some((f) => f.kind === 'sanctions'))
  })
})
