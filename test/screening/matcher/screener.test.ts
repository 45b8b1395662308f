import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { ListEntry, SnapshotRef } from '../../../src/screening/model.js'
import { buildScreener, DEFAULT_THRESHOLD, scoreNames } from '../../../src/screening/screener.js'
import { AppError } from '../../../src/shared/errors.js'
import { listEntry } from '../../helpers/list-entry.js'

/**
 * A small hand-made list, shaped like real rows (names modelled on SDN/CSL entries; addresses and
 * ids invented). Enough to test filters, countries, aliases and the result shape without the
 * shared data.
 */
const entry = listEntry

const ENTRIES: ListEntry[] = [
  entry({
    sourceId: 'el-1',
    names: [{ name: 'Hangzhou Hikvision Digital Technology Co., Ltd.', kind: 'primary' }, { name: 'Hikvision', kind: 'aka' }],
    addresses: [{ text: 'Hangzhou, CN', country: 'China', countryCode: 'CN' }],
    licenseRequirement: 'For all items subject to the EAR.',
    licensePolicy: 'Presumption of denial.',
    federalRegisterNotice: '84 FR 54002',
    listedOn: '2019-10-09',
  }),
  entry({ source: 'sdn', list: 'sdn', sourceId: '20157', type: 'individual', names: [{ name: 'KIM, Jong Un', kind: 'primary' }], nationalities: ['KP'], programs: ['DPRK3'] }),
  entry({ source: 'sdn', list: 'sdn', sourceId: '9999', type: 'vessel', names: [{ name: 'KIM JONG UN', kind: 'primary' }] }),
  entry({
    source: 'sdn',
    list: 'sdn',
    sourceId: '306',
    type: 'entity',
    names: [{ name: 'BANCO NACIONAL DE CUBA', kind: 'primary' }, { name: 'NATIONAL BANK OF CUBA', kind: 'aka' }, { name: 'BNC', kind: 'aka' }],
    addresses: [{ text: 'Zurich, Switzerland', country: 'Switzerland', countryCode: 'CH' }],
  }),
  entry({ source: 'dpl', list: 'dpl', sourceId: 'dpl-1', names: [{ name: 'GLOBAL TECH TRADING LTD', kind: 'primary' }], addresses: [{ text: 'Dubai, AE', countryCode: 'AE' }] }),
  entry({ sourceId: 'el-2', list: 'meu', type: 'entity', names: [{ name: 'Siemens AG', kind: 'primary' }] }),
]
const SNAPSHOTS: SnapshotRef[] = [
  { source: 'csl', sha256: 'a'.repeat(64), importedAt: '2026-11-01T00:00:00Z', rowCounts: { el: 2, meu: 1 } },
  { source: 'sdn', sha256: 'b'.repeat(64), importedAt: '2026-11-01T00:00:00Z', rowCounts: { sdn: 3 } },
]
const screener = buildScreener({ entries: ENTRIES, snapshots: SNAPSHOTS })

const expectValidation = (f: () => unknown, path: string): void =>
  assert.throws(f, (e: unknown) => e instanceof AppError && e.code === 'VALIDATION_FAILED' && (e.details.issues ?? []).some((i) => i.path === path))

describe('buildScreener', () => {
  test('counts entries and keeps the snapshots', () => {
    assert.equal(screener.entryCount, ENTRIES.length)
    assert.deepEqual(screener.snapshots, SNAPSHOTS)
  })

  test('a hit carries the entry, the alias that matched, the explanation and the snapshot', () => {
    const r = screener.screen({ name: 'Hik Vision' })
    const hit = r.hits[0]!
    assert.equal(hit.entryId, 'el-1')
    assert.equal(hit.list, 'el')
    assert.equal(hit.matchedName, 'Hikvision')
    assert.equal(hit.matchedNameKind, 'aka')
    assert.equal(hit.primaryName, 'Hangzhou Hikvision Digital Technology Co., Ltd.')
    assert.equal(hit.licensePolicy, 'Presumption of denial.')
    assert.equal(hit.isMatch, true)
    assert.deepEqual(hit.countries, ['CN'])
    assert.equal(hit.snapshot?.sha256, 'a'.repeat(64))
    assert.ok(hit.explanation.alignment.some((a) => a.kind === 'joined'))
    assert.match(hit.explanation.summary, /^Match/)
    assert.equal(r.threshold, DEFAULT_THRESHOLD)
    assert.ok(r.candidatesConsidered >= 1 && r.candidatesConsidered < 12)
  })

  test('OFAC "SURNAME, Given" order matches "Given Surname"', () => {
    const r = screener.screen({ name: 'Kim Jong-un', type: 'individual' })
    assert.equal(r.hits[0]?.entryId, '20157')
    assert.ok(r.hits[0]!.score >= 0.95)
  })

  test('filters by type keep untyped entries and drop other types', () => {
    const people = screener.screen({ name: 'Kim Jong Un', type: 'individual' })
    assert.deepEqual(people.hits.map((h) => h.entryId), ['20157'])
    const vessels = screener.screen({ name: 'Kim Jong Un', type: 'vessel' })
    assert.deepEqual(vessels.hits.map((h) => h.entryId), ['9999'])
  })

  test('filters by list', () => {
    const r = screener.screen({ name: 'Hikvision', lists: ['sdn', 'dpl'] })
    assert.deepEqual(r.hits, [])
  })

  test('a matching country raises the score, another country lowers it, each as an adjustment', () => {
    const base = screener.screen({ name: 'National Bank of Cuba' }).hits[0]!
    const same = screener.screen({ name: 'National Bank of Cuba', country: 'CH' }).hits[0]!
    const other = screener.screen({ name: 'National Bank of Cuba', country: 'fr' }).hits[0]!
    assert.ok(same.score > base.score || same.score === 1)
    assert.ok(other.score < base.score)
    assert.ok(same.explanation.adjustments.some((a) => a.delta > 0 && a.reason.includes('CH')))
    assert.ok(other.explanation.adjustments.some((a) => a.delta < 0 && a.reason.includes('FR')))
  })

  test('common words alone do not make a match', () => {
    const r = screener.screen({ name: 'Global Trading Co' })
    assert.deepEqual(r.hits, [])
    const below = screener.screen({ name: 'Global Trading Co', includeBelow: true })
    assert.ok(below.hits.every((h) => !h.isMatch && h.score < DEFAULT_THRESHOLD))
  })

  test('a shared legal form alone does not make a match', () => {
    assert.deepEqual(screener.screen({ name: 'Volkswagen AG' }).hits, [])
  })

  test('a limit never drops a match: it only bounds the hits under the threshold', () => {
    const r = screener.screen({ name: 'Kim Jong Un', limit: 1 })
    assert.equal(r.hitCount, 2)
    assert.deepEqual(r.hits.map((h) => h.entryId).sort(), ['20157', '9999'])
    const below = screener.screen({ name: 'Kim Jong Un', limit: 3, threshold: 0.99, includeBelow: true })
    assert.ok(below.hits.length <= 3)
    assert.equal(below.hits.filter((h) => h.isMatch).length, below.hitCount)
  })

  test('threshold', () => {
    const strict = screener.screen({ name: 'Kim Jong Un', threshold: 1 })
    assert.ok(strict.hits.every((h) => h.score === 1))
  })

  test('hits are ordered best first', () => {
    const r = screener.screen({ name: 'Kim Jong Un', threshold: 0.3, limit: 10 })
    for (let i = 1; i < r.hits.length; i++) assert.ok(r.hits[i - 1]!.score >= r.hits[i]!.score)
  })
})

describe('one listing published in two files', () => {
  const sdn = entry({ source: 'sdn', list: 'sdn', sourceId: '21944', type: 'individual', names: [{ name: "'ABBAS, Rim", kind: 'primary' }], nationalities: ['SY'], programs: ['SYRIA'] })
  // the CSL republishes the SDN row under the same entity number, here with an older alias
  const cslCopy = entry({ source: 'csl', list: 'sdn', sourceId: '21944', type: 'individual', names: [{ name: "'ABBAS, Rim", kind: 'primary' }, { name: 'ABBAS, Reem', kind: 'aka' }], programs: ['SYRIA'] })
  // a CSL row from another list with the same id is another listing
  const elRow = entry({ source: 'csl', list: 'el', sourceId: '21944', names: [{ name: 'Rim Abbas Trading', kind: 'primary' }] })
  const both = buildScreener({ entries: [cslCopy, sdn, elRow], snapshots: SNAPSHOTS })

  test('is one hit, as OFAC publishes it, naming the copy', () => {
    const hits = both.screen({ name: 'Rim Abbas' }).hits.filter((h) => h.entryId === '21944' && h.list === 'sdn')
    assert.equal(hits.length, 1)
    assert.equal(hits[0]!.source, 'sdn')
    assert.deepEqual(hits[0]!.alsoPublishedIn?.map((c) => [c.source, c.list, c.entryId, c.snapshot?.sha256]), [['csl', 'sdn', '21944', 'a'.repeat(64)]])
    assert.equal(both.screenTop({ name: 'Rim Abbas' }).top?.list, 'sdn')
  })

  test('a name only the copy has still finds the listing, and says where the name came from', () => {
    const hit = both.screen({ name: 'Reem Abbas' }).hits.find((h) => h.entryId === '21944' && h.list === 'sdn')!
    assert.equal(hit.source, 'sdn')
    assert.equal(hit.matchedName, 'ABBAS, Reem')
    assert.equal(hit.matchedNameSource, 'csl')
  })

  test('rows of other lists with the same id stay separate', () => {
    assert.ok(both.screen({ name: 'Rim Abbas Trading' }).hits.some((h) => h.list === 'el' && h.source === 'csl'))
  })
})

describe('bad input is VALIDATION_FAILED naming the field', () => {
  test('empty name', () => expectValidation(() => screener.screen({ name: '  ' }), 'name'))
  test('name without letters or digits', () => expectValidation(() => screener.screen({ name: '--' }), 'name'))
  test('threshold above 1', () => expectValidation(() => screener.screen({ name: 'x', threshold: 1.5 }), 'threshold'))
  test('threshold below 0', () => expectValidation(() => screener.screen({ name: 'x', threshold: -0.1 }), 'threshold'))
  test('threshold not a number', () => expectValidation(() => screener.screen({ name: 'x', threshold: Number.NaN }), 'threshold'))
  test('limit', () => expectValidation(() => screener.screen({ name: 'x', limit: 0 }), 'limit'))
  test('country not ISO alpha-2: INVALID_COUNTRY (issue 9), with the code to use', () =>
    assert.throws(
      () => screener.screen({ name: 'x', country: 'USA' }),
      (e: unknown) => e instanceof AppError && e.code === 'INVALID_COUNTRY' && (e.details.issues ?? []).some((i) => i.path === 'country' && /United States is US/.test(i.message)),
    ))
  test('scoreNames: empty a', () => expectValidation(() => scoreNames({ a: '', b: 'x' }), 'a'))
  test('scoreNames: empty b', () => expectValidation(() => scoreNames({ a: 'x', b: ' ' }), 'b'))
  test('scoreNames: threshold', () => expectValidation(() => scoreNames({ a: 'x', b: 'y', threshold: 2 }), 'threshold'))
})

describe('scoreNames', () => {
  test('returns the score, the decision at the threshold and the explanation', () => {
    const r = scoreNames({ a: 'Vladimir Putin', b: 'PUTIN, Vladimir', type: 'individual' })
    assert.equal(r.score, 1)
    assert.equal(r.match, true)
    assert.equal(r.threshold, DEFAULT_THRESHOLD)
    assert.equal(r.explanation.queryNormalized, 'vladimir putin')
    assert.equal(r.explanation.candidateNormalized, 'putin vladimir')
    assert.equal(r.explanation.alignment.length, 2)
  })
  test('an explicit threshold decides the match', () => {
    const r = scoreNames({ a: 'Olaf Schloz', b: 'Olaf Scholz', threshold: 0.99 })
    assert.equal(r.match, false)
    assert.equal(r.threshold, 0.99)
  })
  test('unmatched parts and penalties are explained', () => {
    const r = scoreNames({ a: 'Bashar al-Assad', b: 'Hafez al-Assad', type: 'individual' })
    assert.ok(r.explanation.alignment.some((a) => a.kind === 'unmatched' && a.query === 'bashar'))
    assert.ok(r.explanation.adjustments.some((a) => a.delta < 0))
    assert.match(r.explanation.summary, /^No match/)
  })
  test('the score is symmetric enough to be order-independent in words', () => {
    const a = scoreNames({ a: 'Reinaldo Lenin Gregorio Cerna Juarez', b: 'CERNA JUAREZ, Reinaldo Gregorio Lenin' }).score
    assert.equal(a, 1)
  })
})
