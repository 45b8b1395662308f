import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { normalizeName } from '../../../src/screening/normalize/normalize-name.js'
import { sameByAbbreviation, loadAbbreviations } from '../../../src/screening/normalize/abbreviations.js'
import { scoreNames } from '../../../src/screening/screener.js'
import { levenshtein, weightedEditDistance } from '../../../src/screening/score/edit-distance.js'
import { jaroWinkler } from '../../../src/screening/score/jaro-winkler.js'
import { editBudget, fuzzySimilarity, tokenSimilarity } from '../../../src/screening/score/token-similarity.js'

const close = (actual: number, expected: number, tolerance = 0.001): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not ${expected} ± ${tolerance}`)

describe('Jaro-Winkler (prefix 0.1 up to 4, boost above 0.7)', () => {
  const rows: [string, string, number][] = [
    ['martha', 'marhta', 0.961], // classic transposition example
    ['dwayne', 'duane', 0.84],
    ['dixon', 'dicksonx', 0.813],
    ['elvin', 'elvis', 0.92], // Watchman jaro_winkler_test.go
    ['same', 'same', 1],
    ['abc', 'xyz', 0],
    ['', 'abc', 0],
  ]
  for (const [a, b, expected] of rows) test(`${a} / ${b} = ${expected}`, () => close(jaroWinkler(a, b), expected))
})

describe('weighted edit distance (transliteration-aware costs)', () => {
  const rows: [string, string, number, string][] = [
    ['mohamed', 'mohamed', 0, 'identical'],
    ['mohamed', 'mohamad', 0.5, 'a/e are confusable vowels'],
    ['mohamed', 'mohammed', 0.5, 'a doubled letter is cheap'],
    ['husain', 'hussain', 0.5, 'doubled s'],
    ['scholz', 'schloz', 0.8, 'adjacent transposition'],
    ['sergei', 'sergey', 0.5, 'i/y are confusable'],
    ['ortiz', 'ortega', 2.5, 'different names: over the budget of 1.5'],
    ['kim', 'kin', 1, 'an ordinary substitution'],
  ]
  for (const [a, b, expected, why] of rows) test(`${a} / ${b} = ${expected} (${why})`, () => close(weightedEditDistance(a, b), expected))
  test('with a limit (a band of cells), the distance is the full table\'s when within it and over the limit when not', () => {
    // seeded draws of related and unrelated words over letters whose costs differ (vowels, confusables, h, doubles)
    let seed = 42
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
    const letters = 'aehmoudtkcsyibpz'
    const word = (n: number): string => Array.from({ length: n }, () => letters[Math.floor(random() * letters.length)]).join('')
    const edit = (w: string): string => {
      let s = w
      for (let k = Math.floor(random() * 4); k > 0; k--) {
        const p = Math.floor(random() * (s.length + 1))
        const op = random()
        s = op < 0.3 ? s.slice(0, p) + word(1) + s.slice(p) : op < 0.6 ? s.slice(0, p) + s.slice(p + 1) : op < 0.8 ? s.slice(0, p) + word(1) + s.slice(p + 1) : s.slice(0, p) + s.charAt(p + 1) + s.charAt(p) + s.slice(p + 2)
      }
      return s
    }
    for (let n = 0; n < 20_000; n++) {
      const a = word(1 + Math.floor(random() * 13))
      const b = random() < 0.8 ? edit(a) : word(1 + Math.floor(random() * 13))
      const full = weightedEditDistance(a, b)
      for (const limit of [0.5, 0.6, 1, 1.2, 1.5, 2, 3]) {
        const d = weightedEditDistance(a, b, limit)
        if (full <= limit) assert.equal(d, full, `${a} / ${b} within ${limit}`)
        else assert.ok(d > limit, `${a} / ${b} over ${limit}: ${d}`)
      }
    }
  })
  test('plain Levenshtein', () => {
    assert.equal(levenshtein('kitten', 'sitting'), 3)
    assert.equal(levenshtein('', 'abc'), 3)
  })
})

describe('edit budget by token length', () => {
  test('short tokens may change only a vowel or a confusable letter', () => {
    assert.equal(editBudget(3), 0.6)
    assert.equal(editBudget(4, true), 0.5)
    assert.equal(editBudget(4), 1)
  })
  test('longer tokens allow more edits', () => {
    assert.ok(editBudget(12) > editBudget(8))
    assert.ok(editBudget(8) > editBudget(5))
  })
  test('7–8 letter tokens allow a little more than one edit (a doubled letter and a vowel), not a different ending', () => {
    assert.ok(fuzzySimilarity('michel', 'michelle') > 0.8)
    assert.equal(fuzzySimilarity('federman', 'federer'), 0)
    assert.equal(fuzzySimilarity('ortiz', 'ortega'), 0)
  })
})

describe('fuzzy token similarity', () => {
  const match: [string, string, number][] = [
    ['scholz', 'schloz', 0.85],
    ['lukashenko', 'luakshenko', 0.9],
    ['khodorkovsky', 'khordorovsky', 0.85],
    ['netanyahu', 'natanyahu', 0.9],
    ['musk', 'mosk', 0.8],
  ]
  for (const [a, b, min] of match) test(`${a} ≈ ${b} ≥ ${min}`, () => assert.ok(fuzzySimilarity(a, b) >= min, String(fuzzySimilarity(a, b))))
  const differ: [string, string][] = [
    ['ortiz', 'ortega'],
    ['federman', 'federer'],
    ['albano', 'albanese'],
    ['volkswagen', 'siemens'],
    ['kim', 'kin'],
  ]
  for (const [a, b] of differ) test(`${a} ≠ ${b}`, () => assert.equal(fuzzySimilarity(a, b), 0))
  test('Chinese syllables one letter apart are different names', () => {
    assert.equal(fuzzySimilarity('bing', 'bin', undefined, undefined, true), 0)
    assert.ok(fuzzySimilarity('bing', 'bin') > 0) // Latin tokens of 4 letters allow one edit
  })
})

describe('token similarity by kind', () => {
  const tok = (s: string, type?: 'individual' | 'entity') => normalizeName(s, { type }).tokens[0]!
  const rows: [string, string, number, string, string?][] = [
    ['Mohammed', 'Muhammad', 0.95, 'transliterated'],
    ['Osama', 'Usama', 0.95, 'transliterated'],
    ['Bill', 'William', 0.85, 'transliterated'],
    ['V', 'Vladimir', 0.85, 'initial'],
    ['Limited', 'Ltd', 1, 'legal-form'],
    ['LLC', 'OOO', 0.8, 'legal-form'], // same family, by meaning
    ['GmbH', 'Inc', 0, 'legal-form'], // different families never pair (issue 10)
    ['44', '44', 1, 'exact'],
  ]
  for (const [a, b, sim, kind] of rows) {
    test(`${a} / ${b}: ${kind} ${sim}`, () => {
      const s = tokenSimilarity(tok(a), tok(b))
      close(s.similarity, sim)
      assert.equal(s.kind, kind)
    })
  }
  test('different numbers never match', () => assert.equal(tokenSimilarity(tok('5'), tok('6')).similarity, 0))
  test('an initial does not match a word with another first letter', () => assert.equal(tokenSimilarity(tok('A'), tok('Nursultan')).similarity, 0))
  test('pinyin read from Chinese script never meets a Latin syllable one letter off', () => {
    assert.equal(tokenSimilarity(normalizeName('平 许').tokens[0]!, tok('Bing')).similarity, 0)
  })
  test('an Indic name is compared by spelling, not by consonant skeleton: goyl is not aguila', () => {
    assert.equal(tokenSimilarity(normalizeName('गोयल').tokens[0]!, tok('Aguila')).similarity, 0)
  })
  test('a vowel-less spelling and a Latin one must start alike: ywsf is not Safavi', () => {
    assert.equal(tokenSimilarity(normalizeName('يوسف').tokens[0]!, tok('Safavi')).similarity, 0)
    assert.ok(tokenSimilarity(normalizeName('يوسف').tokens[0]!, tok('Yusuf')).similarity >= 0.85)
  })
  test('a vowel-less Arabic token matches its Latin spelling by consonant skeleton', () => {
    const s = tokenSimilarity(normalizeName('محمد').tokens[0]!, tok('Mohamed'))
    assert.equal(s.kind, 'transliterated')
    assert.ok(s.similarity >= 0.9)
  })
})

describe('abbreviations (data file, both sides, any kind)', () => {
  test('Intl / International, Mfg / Manufacturing, tech / Technologies, res inst / Research Institute', () => {
    assert.equal(sameByAbbreviation('intl', 'international'), true)
    assert.equal(sameByAbbreviation('mfg', 'manufacturing'), true)
    assert.equal(sameByAbbreviation('technologies', 'tech'), true)
    assert.equal(sameByAbbreviation('elec', 'electr'), true)
  })
  test('not an abbreviation: words the file does not pair', () => {
    assert.equal(sameByAbbreviation('ntl', 'international'), false)
    assert.equal(sameByAbbreviation('in', 'international'), false)
    assert.equal(sameByAbbreviation('technology', 'technical'), false)
  })
  test('untyped names reach the full name through abbreviations', () => {
    assert.ok(scoreNames({ a: 'Huawei tech Morocco', b: 'Huawei Technologies Morocco' }).score >= 0.9)
    assert.ok(scoreNames({ a: 'HMN intl Co., Ltd', b: 'HMN International Co., Ltd.' }).score >= 0.9)
    assert.ok(scoreNames({ a: 'Ekran Scientific res inst, FSUE', b: 'Ekran Scientific Research Institute FSUE' }).score >= 0.9)
  })
  test('the file is checked: a malformed line names the abbreviation', () => {
    assert.throws(() => loadAbbreviations('tech: technology\n'), /"tech": expected a non-empty list/)
    assert.throws(() => loadAbbreviations('T: [x]\n'), /"T": an abbreviation must be/)
  })
})
