/**
 * Review finding F19: a name in a script the lists barely hold (Han, Arabic, Hangul… against the Latin-only U.S.
 * lists) screened "no hit" without a word. The screening now carries NAME_SCRIPT_UNCOVERED, and a determination marks
 * the party not cleanly screened (a not-screened flag: `check --exit-code` 5, never the clean 0).
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { formatDetermination } from '../../../src/cli/format-determination.js'
import { undeterminedBecause, verdictExitCode } from '../../../src/cli/verdict-exit-code.js'
import { determine } from '../../../src/determination/determine.js'
import { arrayRecords } from '../../../src/screening/index/record-list.js'
import type { ListEntry, SnapshotRef } from '../../../src/screening/model.js'
import { loadNameScripts, nameScriptNotices, scriptsOf } from '../../../src/screening/name-scripts.js'
import { buildScreener } from '../../../src/screening/screener.js'
import { loadRules } from '../../../src/rules/load-rules.js'
import { FIXTURE_LIST_ENTRIES, FIXTURE_SNAPSHOT } from '../../fixtures/determination-list-entries.js'
import { listEntry } from '../../helpers/list-entry.js'

describe('scriptsOf', () => {
  test('the scripts of the letters, most letters first; digits, punctuation and letters of no script count for none', () => {
    assert.deepEqual(scriptsOf('Huawei Technologies Co., Ltd.'), ['Latin'])
    assert.deepEqual(scriptsOf('Müller & Söhne GmbH'), ['Latin'])
    assert.deepEqual(scriptsOf('华为技术有限公司'), ['Han'])
    assert.deepEqual(scriptsOf('Сбербанк России'), ['Cyrillic'])
    // the modifier apostrophe of Ukrainian names (U+02BC) is a letter of the Common script
    assert.deepEqual(scriptsOf('Марʼяна Приходько'), ['Cyrillic'])
    assert.deepEqual(scriptsOf('محمد علي'), ['Arabic'])
    assert.deepEqual(scriptsOf('김정은'), ['Hangul'])
    assert.deepEqual(scriptsOf('Huawei 华为技术'), ['Latin', 'Han'])
    assert.deepEqual(scriptsOf('123 / 456'), [])
  })
})

const SNAP = (source: SnapshotRef['source']): SnapshotRef => ({ source, sha256: 'a'.repeat(64), importedAt: '2026-01-01T00:00:00Z', rowCounts: {} })

describe('NAME_SCRIPT_UNCOVERED', () => {
  const latinOnly: ListEntry[] = [
    listEntry({ sourceId: 'el-1', names: [{ name: 'Huawei Technologies Co., Ltd.', kind: 'primary' }] }),
    listEntry({ source: 'sdn', list: 'sdn', sourceId: '1', names: [{ name: 'SBERBANK ROSSII', kind: 'primary' }] }),
  ]

  test('a name in Han, Arabic or Hangul on Latin-only lists: the notice, with the counts and plain advice', () => {
    const notices = nameScriptNotices(arrayRecords(latinOnly))
    const [han] = notices('华为技术有限公司')
    assert.equal(han?.code, 'NAME_SCRIPT_UNCOVERED')
    assert.equal(han?.script, 'Han')
    assert.deepEqual(han?.namesInScript, { csl: { inScript: 0, names: 1 }, sdn: { inScript: 0, names: 1 } })
    assert.match(han!.message, /^name in Han script: the lists hold few names in that script \(none of the 2 names loaded\).* screen the English or pinyin name too$/)
    assert.equal(notices('محمد علي')[0]?.script, 'Arabic')
    assert.equal(notices('김정은')[0]?.script, 'Hangul')
    assert.equal(notices('สมชาย')[0]?.script, 'Thai')
    assert.match(notices('สมชาย')[0]!.message, /screen the name as written in Latin letters/)
  })

  test('no notice on Latin names (with or without diacritics) nor on Cyrillic or Greek ones (romanized the lists’ way)', () => {
    const notices = nameScriptNotices(arrayRecords(latinOnly))
    for (const name of ['Huawei Technologies', 'Société Générale', 'Łukasz Żółć', 'Сбербанк', 'Марʼяна Приходько', 'Αλέξανδρος']) assert.deepEqual(notices(name), [], name)
  })

  test('a script every loaded list file holds at the minimum share is covered; one file without it is enough for the notice', () => {
    const withHan = (source: ListEntry['source'], id: string): ListEntry =>
      listEntry({ source, list: source === 'csl' ? 'el' : 'un', sourceId: id, names: [{ name: `Name ${id}`, kind: 'primary' }, { name: '金正恩', kind: 'aka' }] })
    assert.deepEqual(nameScriptNotices(arrayRecords([withHan('csl', '1'), withHan('un', '2')]))('华为'), [])
    const partial = nameScriptNotices(arrayRecords([withHan('un', '2'), ...latinOnly]))('华为')
    assert.equal(partial.length, 1)
    assert.match(partial[0]!.message, /\(1 of 4 names; none in csl, sdn\)/)
  })

  test('screen and screenTop carry the notice; a Latin name has none (the field is absent)', () => {
    const screener = buildScreener({ entries: latinOnly, snapshots: [SNAP('csl'), SNAP('sdn')] })
    assert.equal(screener.screen({ name: '华为技术有限公司', country: 'CN' }).notices?.[0]?.code, 'NAME_SCRIPT_UNCOVERED')
    assert.equal(screener.screenTop({ name: '华为技术有限公司' }).notices?.[0]?.script, 'Han')
    assert.equal('notices' in screener.screen({ name: 'Huawei Technologies' }), false)
    assert.equal('notices' in screener.screenTop({ name: 'Сбербанк' }), false)
  })

  test('the data file is checked strictly', () => {
    const ok = 'romanized: [Latin]\nminShare: 0.01\nadvice:\n  default: the Latin name\n'
    assert.equal(loadNameScripts(ok).minShare, 0.01)
    assert.throws(() => loadNameScripts(ok.replace('[Latin]', '[Cyrillic]')), /must be a list of script names that includes Latin/)
    assert.throws(() => loadNameScripts(ok.replace('[Latin]', '[Latin, Klingon]')), /"Klingon" is not a script name/)
    assert.throws(() => loadNameScripts(ok.replace('0.01', '2')), /minShare/)
    assert.throws(() => loadNameScripts(ok.replace('  default: the Latin name\n', '  Han: pinyin\n')), /advice.default/)
    assert.throws(() => loadNameScripts(`${ok}extra: 1\n`), /unknown key "extra"/)
  })
})

describe('a determination with a party named in Han script (review F19)', () => {
  const rules = loadRules()
  const screener = buildScreener({ entries: FIXTURE_LIST_ENTRIES, snapshots: [FIXTURE_SNAPSHOT] })
  const tx = (name: string) => ({ date: '2025-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 1, to: 'SG', parties: [{ role: 'end-user', name, country: 'SG' }] }) as const

  test('a Chinese name with no listed counterpart is not a clean NLR: the party is flagged not cleanly screened and --exit-code is 5, not 0', () => {
    const r = determine(tx('深圳某某贸易有限公司'), { rules, screener })
    assert.equal(r.verdict, 'NLR')
    const flag = r.flags.find((f) => f.kind === 'not-screened')
    assert.ok(flag, 'a not-screened flag')
    assert.deepEqual(flag.party, { role: 'end-user', name: '深圳某某贸易有限公司' })
    assert.match(flag.text, /深圳某某贸易有限公司 \(end-user\) is not cleanly screened \("no hit" is not a clean result\): name in Han script/)
    assert.equal(r.parties[0]!.screening?.notices?.[0]?.code, 'NAME_SCRIPT_UNCOVERED')
    assert.notEqual(verdictExitCode(r), 0)
    assert.equal(verdictExitCode(r), 5)
    assert.match(undeterminedBecause(r).join('; '), /"深圳某某贸易有限公司" is in a script the lists barely hold, so not cleanly screened/)
    assert.match(formatDetermination(r), /^NLR — a party is NOT CLEANLY SCREENED/)
    assert.match(formatDetermination(r), /end-user: 深圳某某贸易有限公司 \(SG\) — no hit — NOT CLEANLY SCREENED: name in Han script/)
  })

  test('"华为技术有限公司" finds the Entity List entry through its Latin form (pending review) and is still flagged not cleanly screened', () => {
    const r = determine(tx('华为技术有限公司'), { rules, screener })
    assert.equal(r.verdict, 'LICENSE_REQUIRED')
    const hit = r.parties[0]!.screening?.hits[0] as { list: string; matchedThrough?: { form: string } } | undefined
    assert.equal(hit?.list, 'el')
    assert.equal(hit?.matchedThrough?.form, 'Huawei Technology Co., Ltd.')
    assert.ok(r.pendingReview?.hits.some((h) => h.list === 'el'), 'the match goes to review')
    assert.ok(r.flags.some((f) => f.kind === 'not-screened'))
    assert.equal(verdictExitCode(r), 5)
  })

  test('the Latin name is screened as before: an Entity List hit, no not-screened flag', () => {
    const r = determine(tx('Huawei Technologies Co., Ltd.'), { rules, screener })
    assert.equal(r.flags.some((f) => f.kind === 'not-screened'), false)
    assert.equal(r.verdict, 'LICENSE_REQUIRED')
    assert.equal(r.parties[0]!.screening?.notices, undefined)
  })

  test('an owner named in Han script is flagged too, under its party', () => {
    const r = determine({ ...tx('Example Cloud Pte Ltd'), parties: [{ role: 'end-user', name: 'Example Cloud Pte Ltd', country: 'SG', owners: [{ name: '某某控股有限公司', share: 0.6, country: 'CN' }] }] }, { rules, screener })
    const flag = r.flags.find((f) => f.kind === 'not-screened')
    assert.match(flag?.text ?? '', /某某控股有限公司 \(owner of Example Cloud Pte Ltd, end-user\) is not cleanly screened/)
    assert.equal(verdictExitCode(r), 5)
  })
})
