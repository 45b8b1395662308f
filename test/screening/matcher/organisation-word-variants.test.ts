/**
 * Organisation words written in routine variants of one another (src/screening/data/organisation-word-variants.yaml,
 * session 10): "Air" / "Airlines" / "Airways", "Technology" / "Technologies" are one word; words of neighbouring
 * trades are not.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { EntityType } from '../../../src/screening/model.js'
import { buildCandidateIndex } from '../../../src/screening/index/build-candidate-index.js'
import type { NameToIndex } from '../../../src/screening/index/candidate-index-data.js'
import { ABBREVIATIONS, sameByAbbreviation } from '../../../src/screening/normalize/abbreviations.js'
import { loadOrganisationWordVariants, ORGANISATION_WORD_VARIANTS } from '../../../src/screening/normalize/organisation-word-variants.js'
import { ORGANISATION_WORDS } from '../../../src/screening/normalize/organisation-words.js'
import { compareNames, compareNamesAtLeast, explainNames, LAST_SCORE, prepareName } from '../../../src/screening/score/compare-names.js'
import { DEFAULT_TOKEN_FREQUENCIES } from '../../../src/screening/score/default-token-frequencies.js'
import { scoreNames } from '../../../src/screening/screener.js'

const prepare = (name: string, type: EntityType | null) => prepareName(name, { type, frequencies: DEFAULT_TOKEN_FREQUENCIES })
/** an untyped query against a listed organisation, as `screen` compares them */
const screenScore = (query: string, listed: string): number => compareNames(prepare(query, null), prepare(listed, 'entity'))
const explainScreen = (query: string, listed: string) => explainNames(prepare(query, null), prepare(listed, 'entity'))

describe('variants of one organisation word are the same word', () => {
  test('Air / Airlines / Airways, Technology / Technologies, Electronic / Electronics, Telecoms / Telecommunications', () => {
    const pairs: [string, string][] = [
      ['Mahan Airlines', 'MAHAN AIR'],
      ['Mahan Airlines', 'MAHAN AIRWAYS'],
      ['Mahan Air', 'Mahan Airline'],
      ['Kexin Technology Co., Ltd.', 'Kexin Technologies Co., Ltd.'],
      ['Zorvex Electronic Industries', 'Zorvex Electronics Industrial'],
      ['Kavora Telecoms', 'Kavora Telecommunications'],
    ]
    for (const [q, l] of pairs) {
      assert.ok(screenScore(q, l) >= 0.9, `${q} / ${l}: ${screenScore(q, l)}`)
      assert.ok(scoreNames({ a: q, b: l }).score >= 0.9, `${q} / ${l} untyped on both sides`)
    }
    const e = explainScreen('Mahan Airlines', 'MAHAN AIRWAYS')
    assert.ok(e.alignment.some((a) => a.query === 'airlines' && a.list === 'airways' && a.kind === 'word-variant' && a.similarity === 0.95), JSON.stringify(e.alignment))
    // an abbreviation stays an abbreviation in the explanation
    assert.ok(explainScreen('Kexin Tech', 'Kexin Technologies').alignment.some((a) => a.kind === 'abbreviation'))
  })
  test('neighbouring trades and other words stay different words', () => {
    assert.ok(screenScore('Mahan Air', 'Mahan Shipping') < 0.8)
    assert.ok(screenScore('Mahan Airlines', 'Mahan Aviation Services') < 0.8)
    assert.ok(screenScore('Kexin Technical', 'Kexin Technology') < 0.8)
    assert.equal(sameByAbbreviation('airlines', 'aviation'), false)
    assert.equal(sameByAbbreviation('technology', 'technical'), false)
    assert.equal(sameByAbbreviation('communications', 'commercial'), false)
    assert.equal(sameByAbbreviation('airways', 'airlines'), true)
    assert.equal(sameByAbbreviation('tech', 'technological'), true)
  })
  test('candidate retrieval finds one variant from another', () => {
    const names: NameToIndex[] = [{ entry: 0, name: 'MAHAN AIRWAYS', published: 'MAHAN AIRWAYS', factor: 1, kind: 'primary', type: 'entity' }]
    const index = buildCandidateIndex(names)
    const found = index.retrieve(prepare('Mahan Airlines', null), { maxCandidates: 10 })
    assert.equal(found.ids.length > 0 ? index.name(found.ids[0]!).published : undefined, 'MAHAN AIRWAYS')
  })
  test('the data file: canonical words describe an organisation, no word is an abbreviation, and it is checked strictly', () => {
    for (const [w, group] of ORGANISATION_WORD_VARIANTS) {
      assert.ok(ORGANISATION_WORDS.has(group[0]!), `${group[0]} (the canonical word of ${w}'s group) is in organisation-words.yaml`)
      assert.ok(!ABBREVIATIONS.has(w), `${w} is an abbreviation of abbreviations.yaml`)
    }
    assert.throws(() => loadOrganisationWordVariants('groups: []\n'), /non-empty list/)
    assert.throws(() => loadOrganisationWordVariants('groups:\n  - [air]\n'), /two or more/)
    assert.throws(() => loadOrganisationWordVariants('groups:\n  - [air, Airlines]\n'), /lower-case/)
    assert.throws(() => loadOrganisationWordVariants('groups:\n  - [air, airlines]\n  - [airlines, airways]\n'), /"airlines" is in two groups/)
    assert.throws(() => loadOrganisationWordVariants('groups:\n  - [air, airlines]\nnote: x\n'), /unknown key "note"/)
    assert.equal(loadOrganisationWordVariants('groups:\n  - [air, airlines]\n').length, 1)
  })
  test('unrelated companies that share only generic or variant words do not match', () => {
    assert.ok(screenScore('Zorvex International Airlines', 'Kavora International Airways') < 0.5)
    assert.ok(screenScore('Zorvex Holding', 'Kavora Holdings Ltd') < 0.5)
    assert.ok(screenScore('Zorvex Technology Group', 'Kavora Technologies Group') < 0.6)
  })
  test('the bound the screener prunes by is never under these scores', () => {
    for (const [q, l] of [['Mahan Airlines', 'MAHAN AIRWAYS'], ['Mahan Air', 'MAHAN AIRLINES PJSC'], ['Kexin Technology', 'Kexin Technologies Co., Ltd.']] as const) {
      const a = prepare(q, null)
      const b = prepare(l, 'entity')
      const score = compareNames(a, b)
      for (const cut of [0.5, 0.8, 0.9, 0.97]) {
        const r = compareNamesAtLeast(a, b, cut)
        if (LAST_SCORE.isBound) assert.ok(r < cut && r >= score, `${q} / ${l} at ${cut}`)
        else assert.equal(r, score, `${q} / ${l} at ${cut}`)
      }
    }
  })
})
