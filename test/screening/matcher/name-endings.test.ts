/**
 * Endings that write one name in two transliterations (src/screening/data/name-endings.yaml, issue 10 session 10):
 * Hindi and Punjabi names written with the Sanskrit ending ("Narendra", "Ravindra") or as spoken ("Narender",
 * "Ravinder") are one name part; shorter words and other endings are not read so.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { EntityType } from '../../../src/screening/model.js'
import { buildCandidateIndex } from '../../../src/screening/index/build-candidate-index.js'
import type { NameToIndex } from '../../../src/screening/index/candidate-index-data.js'
import { endingVariantKey, loadNameEndings } from '../../../src/screening/normalize/name-endings.js'
import { normalizeName } from '../../../src/screening/normalize/normalize-name.js'
import { prepareName } from '../../../src/screening/score/compare-names.js'
import { DEFAULT_TOKEN_FREQUENCIES } from '../../../src/screening/score/default-token-frequencies.js'
import { scoreNames } from '../../../src/screening/screener.js'

const score = (a: string, b: string, type?: EntityType): number => scoreNames({ a, b, ...(type ? { type } : {}) }).score

describe('name endings written two ways (Narendra / Narender)', () => {
  test('the two spellings of an ending are one name part, a transliteration variant, explained so', () => {
    for (const [a, b] of [['Narender Modi', 'Narendra Modi'], ['Ravinder Singh', 'Ravindra Singh'], ['Surender Kumar', 'Surendra Kumar'], ['Jitender Pal Singh', 'Jitendra Pal Singh']]) {
      const s = scoreNames({ a: a!, b: b!, type: 'individual' })
      assert.ok(s.score >= 0.95, `${a} / ${b}: ${s.score}`)
      assert.ok(s.explanation.alignment.some((x) => x.kind === 'transliterated' && x.similarity === 0.95), `${a} / ${b}: ${JSON.stringify(s.explanation.alignment)}`)
      assert.ok(score(a!, b!) >= 0.95, `${a} / ${b} without a type`)
    }
  })
  test('the keys: the word with its group\'s first ending; nothing for short words, other vowels or other endings', () => {
    assert.equal(endingVariantKey('narender'), 'narendra')
    assert.equal(endingVariantKey('narendra'), 'narendra')
    assert.equal(endingVariantKey('ravinder'), 'ravindra')
    assert.equal(endingVariantKey('binder'), undefined) // 6 letters: Binder (German) is not Bindra (Punjabi)
    assert.equal(endingVariantKey('alexander'), undefined) // -ander / -andra: Alexander and Alexandra are two names
    assert.equal(endingVariantKey('sandra'), undefined)
    assert.equal(endingVariantKey('modi'), undefined)
    assert.equal(normalizeName('Narender Modi').tokens[0]!.variant, 'narendra')
    assert.equal(normalizeName('Binder Bindra').tokens[0]!.variant, undefined)
  })
  test('other names stay apart: the ending is the only difference it bridges', () => {
    assert.ok(score('Binder Schmidt', 'Bindra Schmidt', 'individual') < 0.8)
    assert.ok(score('Narender Modi', 'Surendra Modi', 'individual') < 0.8)
    assert.ok(score('Mahender Rao', 'Mahendra Singh', 'individual') < 0.8)
  })
  test('candidate retrieval finds one spelling from the other', () => {
    const names: NameToIndex[] = [{ entry: 0, name: 'Narendra Ramdas', published: 'Narendra Ramdas', factor: 1, kind: 'primary', type: 'individual' }]
    const index = buildCandidateIndex(names)
    const query = prepareName('Narender', { type: null, frequencies: DEFAULT_TOKEN_FREQUENCIES })
    const found = index.retrieve(query, { maxCandidates: 10 })
    assert.equal(found.ids.length > 0 ? index.name(found.ids[0]!).published : undefined, 'Narendra Ramdas')
  })
  test('the data file is checked strictly', () => {
    assert.throws(() => loadNameEndings('groups: []\n'), /non-empty list/)
    assert.throws(() => loadNameEndings('groups:\n  - endings: [endra]\n    min_length: 7\n'), /two or more/)
    assert.throws(() => loadNameEndings('groups:\n  - endings: [endra, ender]\n'), /min_length/)
    assert.throws(() => loadNameEndings('groups:\n  - endings: [endra, endr]\n    min_length: 7\n'), /one length/)
    assert.throws(() => loadNameEndings('groups:\n  - endings: [endra, ender]\n    min_length: 7\n    note: x\n'), /unknown key "note"/)
    assert.throws(() => loadNameEndings('endings: [a]\n'), /unknown key "endings"/)
    assert.equal(loadNameEndings('groups:\n  - endings: [endra, ender]\n    min_length: 7\n').length, 1)
  })
})
