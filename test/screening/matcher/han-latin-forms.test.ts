/**
 * Review finding F19, step 2: a name in Chinese characters is also screened through Latin forms made of it (organisation
 * words translated from a data table, other runs in pinyin). Names built from the table's general words, not tuned on
 * one company; a person's name gets no form (its pinyin is compared already).
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { hanLatinForms, loadChineseOrganisationWords } from '../../../src/screening/han-latin-forms.js'
import type { ListEntry, SnapshotRef } from '../../../src/screening/model.js'
import { buildScreener } from '../../../src/screening/screener.js'
import { listEntry } from '../../helpers/list-entry.js'

describe('hanLatinForms', () => {
  test('organisation words in English, brands and places in pinyin, joined and spaced', () => {
    assert.deepEqual(
      hanLatinForms('广州海格通信集团股份有限公司').map((f) => f.text),
      ['Guangzhou Haige Communication Group Co., Ltd.', 'Guang Zhou Hai Ge Communication Group Co., Ltd.'],
    )
    assert.deepEqual(hanLatinForms('中国电子科技集团公司').map((f) => f.text), ['China Electronics Technology Group Corporation'])
    const [f] = hanLatinForms('深圳市某某半导体有限公司')
    assert.equal(f?.text, 'Shenzhen Moumou Semiconductor Co., Ltd.')
    assert.equal(f?.how, 'pinyin of 深圳, 某某; translation of 市 → (left out), 半导体 → Semiconductor, 有限公司 → Co., Ltd.')
    // brackets and Latin text are kept
    assert.equal(hanLatinForms('某某集成电路制造（上海）有限公司')[0]?.text, 'Moumou Integrated Circuit Manufacturing (Shanghai) Co., Ltd.')
  })

  test('no form for a name without a word of the table (a person), nor for a name without Chinese characters', () => {
    for (const name of ['王伟', '习近平', '张小红', 'Huawei Technologies', 'Сбербанк']) assert.deepEqual(hanLatinForms(name), [], name)
  })

  test('the data file is checked', () => {
    assert.equal(loadChineseOrganisationWords('words:\n  大学: University\n').get('大学'), 'University')
    assert.throws(() => loadChineseOrganisationWords('words:\n  University: 大学\n'), /not a word in Chinese characters/)
    assert.throws(() => loadChineseOrganisationWords('words:\n  大学: 大学\n'), /must be Latin text/)
    assert.throws(() => loadChineseOrganisationWords('words: {}\n'), /"words" must map/)
    assert.throws(() => loadChineseOrganisationWords('words:\n  大学: University\nmore: 1\n'), /unknown key "more"/)
  })
})

describe('screening a Chinese name through its Latin forms', () => {
  const SNAP: SnapshotRef = { source: 'csl', sha256: 'a'.repeat(64), importedAt: '2026-01-01T00:00:00Z', rowCounts: {} }
  const entries: ListEntry[] = [
    listEntry({ sourceId: 'el-haige', names: [{ name: 'Guangzhou Haige Communication Group Co., Ltd.', kind: 'primary' }], addresses: [{ text: 'Guangzhou, CN', countryCode: 'CN' }] }),
    listEntry({ sourceId: 'el-other', names: [{ name: 'Beijing Example Trading Co., Ltd.', kind: 'primary' }] }),
    listEntry({ source: 'sdn', list: 'sdn', sourceId: '1', type: 'individual', names: [{ name: 'WANG, Wei', kind: 'primary' }] }),
  ]
  const screener = buildScreener({ entries, snapshots: [SNAP] })

  test('the hit says it was found through a Latin form, how it was made, and keeps the notice', () => {
    const r = screener.screen({ name: '广州海格通信集团股份有限公司', country: 'CN' })
    const hit = r.hits[0]
    assert.equal(hit?.entryId, 'el-haige')
    assert.ok(hit?.isMatch)
    assert.deepEqual(hit?.matchedThrough, { form: 'Guangzhou Haige Communication Group Co., Ltd.', how: 'pinyin of 广州海格; translation of 通信 → Communication, 集团 → Group, 股份有限公司 → Co., Ltd.' })
    assert.match(hit!.explanation.summary, /^Via pinyin\/translation of "广州海格通信集团股份有限公司" as "Guangzhou Haige Communication Group Co., Ltd.": /)
    assert.ok(hit!.explanation.adjustments.some((a) => /an inference from a translation, to be reviewed/.test(a.reason)))
    assert.equal(r.hitCount, 1)
    assert.equal(r.notices?.[0]?.code, 'NAME_SCRIPT_UNCOVERED')
  })

  test('screenTop gives the same first hit and count as screen', () => {
    const name = '广州海格通信集团股份有限公司'
    const top = screener.screenTop({ name })
    const full = screener.screen({ name, includeBelow: true })
    assert.equal(top.hitCount, full.hitCount)
    assert.equal(top.top?.entryId, full.hits[0]?.entryId)
    assert.equal(top.top?.score, full.hits[0]?.score)
    assert.equal(top.notices?.[0]?.script, 'Han')
  })

  test('a person named in Chinese characters is screened as before (no form): no new hit', () => {
    const r = screener.screen({ name: '张小红' })
    assert.equal(r.hits.some((h) => h.matchedThrough), false)
  })
})
