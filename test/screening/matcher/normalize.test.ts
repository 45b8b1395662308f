import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { consonantSkeleton } from '../../../src/screening/normalize/consonant-skeleton.js'
import { normalizeName } from '../../../src/screening/normalize/normalize-name.js'
import type { EntityType } from '../../../src/screening/model.js'

type Row = { input: string; type?: EntityType; expected: string; kinds?: string }
const kindsOf = (s: string, type?: EntityType): string =>
  normalizeName(s, { type }).tokens.map((t) => t.kind[0]).join('')

function table(title: string, rows: Row[]): void {
  describe(title, () => {
    for (const r of rows) {
      test(`${r.input} → ${r.expected}`, () => {
        assert.equal(normalizeName(r.input, { type: r.type }).text, r.expected)
        if (r.kinds !== undefined) assert.equal(kindsOf(r.input, r.type), r.kinds)
      })
    }
  })
}

table('case, diacritics, punctuation', [
  { input: 'Nicolás MADURO MOROS', expected: 'nicolas maduro moros' },
  { input: 'Société Générale', expected: 'societe generale' },
  { input: 'Straße', expected: 'strasse' },
  { input: 'ｆｕｌｌｗｉｄｔｈ', expected: 'fullwidth' }, // NFKC
  { input: "O'Brien", expected: 'obrien' },
  { input: 'Hewlett-Packard', expected: 'hewlett packard' },
  { input: 'AT&T', expected: 'at and t' },
])

table('acronyms, initials and leet digits', [
  { input: 'A.B.C. Company', expected: 'abc inc', kinds: 'wl' },
  { input: 'J.-C. Juncker', type: 'individual', expected: 'j c juncker', kinds: 'iiw' },
  { input: 'C.K. Hutchison Holdings', expected: 'ck hutchison holdings' },
  { input: 'Ig0r Sech1n', expected: 'igor sechin' },
  { input: 'Trust 2005-AR16', type: 'entity', expected: 'trust 2005 ar16' },
])

table('numbers', [
  { input: 'Brigade Forty-Four', expected: 'brigade 44', kinds: 'wn' },
  { input: 'Brigade Forty 4', expected: 'brigade 44' },
  { input: '1st International Bank', expected: '1 international bank' },
  { input: 'First International Bank', expected: '1 international bank' },
  { input: 'Carlyle Partners VII L.P.', type: 'entity', expected: 'carlyle partners 7 lp' },
  { input: 'Xi Jinping', type: 'individual', expected: 'xi jinping' }, // not the roman numeral 11
])

table('legal forms (weak tokens with equivalences)', [
  { input: 'Samsung Electronics Co., Ltd.', type: 'entity', expected: 'samsung electronics coltd', kinds: 'wwl' },
  { input: 'Stripe Limited Liability Company', expected: 'stripe llc', kinds: 'wl' },
  { input: 'Goldman Sachs & Co. L.L.C.', expected: 'goldman sachs and co llc' },
  { input: 'Volkswagen Bank G.m.b.H.', expected: 'volkswagen bank gmbh' },
  { input: 'Open Joint Stock Company Gazprom', expected: 'jsc gazprom', kinds: 'lw' },
  { input: 'ООО "Ромашка"', expected: 'ooo romashka', kinds: 'lw' },
  { input: 'Общество с ограниченной ответственностью Ромашка', expected: 'llc romashka', kinds: 'lw' },
  { input: 'FABERLIC EUROPE Sp. z o.o.', expected: 'faberlic europe spzoo' },
  { input: 'Mendez Denmark A/S', expected: 'mendez denmark as' },
  { input: 'Petronas Sdn Bhd', expected: 'petronas sdnbhd' },
  { input: 'Gulf Trading FZE', expected: 'gulf trading fze' },
  { input: 'Ahmed Ag Alhassane', type: 'individual', expected: 'ahmed ag alhassane', kinds: 'wpw' }, // "Ag" is a particle here
])

table('legal forms however spaced or ordered, and acronyms written with spaces (issue 10, session 7)', [
  { input: 'Huawei Tech Investment Ltd. Co.', type: 'entity', expected: 'huawei tech investment coltd', kinds: 'wwwl' },
  { input: 'PNPI Group BHD SDN', expected: 'pnpi group sdnbhd', kinds: 'wwl' },
  { input: 'Open Joint Company Stock Aviadvigatel', expected: 'jsc aviadvigatel', kinds: 'lw' },
  { input: 'Lerma Trading S A', expected: 'lerma trading sa', kinds: 'wwl' },
  { input: 'incoff aerospace s r o', expected: 'incoff aerospace sro', kinds: 'wwl' },
  { input: 'A P Finance Limited', expected: 'ap finance ltd', kinds: 'wwl' },
  { input: 'U H L Company', expected: 'uhl inc', kinds: 'wl' },
  { input: 'J R R Tolkien', expected: 'j r r tolkien', kinds: 'iiiw' }, // no legal form: a person's initials
  { input: 'L & H Sweden AB', expected: 'l and h sweden ab', kinds: 'isiwl' },
  { input: 'Ivan S A', type: 'individual', expected: 'ivan s a', kinds: 'wii' },
])

table('particles and titles', [
  { input: 'Bashar al-Assad', expected: 'bashar al assad', kinds: 'wpw' },
  { input: 'Mohammed bin Salman', expected: 'mohammed bin salman', kinds: 'wpw' },
  { input: 'Dr. Rami Makhlouf', expected: 'dr rami makhlouf', kinds: 'tww' },
  { input: 'Ludwig van Beethoven', expected: 'ludwig van beethoven', kinds: 'wpw' },
])

table('transliteration to Latin', [
  { input: 'Владимир Путин', expected: 'vladimir putin' },
  { input: 'Αλέξανδρος', expected: 'alexandros' },
  { input: 'محمد علي', expected: 'mhmd ly' },
  { input: 'משה', expected: 'msh' },
  { input: 'カタカナ', expected: 'katakana' },
  { input: '김정은', expected: 'gim jeong eun' },
  { input: '이민호', expected: 'yi min ho' },
  { input: 'Қасым-Жомарт Тоқаев', expected: 'qasym zhomart toqaev' },
])

table('Chinese to pinyin', [
  { input: '习近平', type: 'individual', expected: 'xi jinping' },
  { input: '王伟', expected: 'wang wei' },
  { input: '华为技术有限公司', type: 'entity', expected: 'huawei jishu ltd', kinds: 'wwl' },
  { input: '海康威视数字技术股份有限公司', type: 'entity', expected: 'haikang weishi shuzi jishu jsc', kinds: 'wwwwl' },
])

describe('script flags', () => {
  test('tokens from vowel-less scripts are marked for skeleton comparison', () => {
    const [a, b] = normalizeName('محمد علي').tokens
    assert.equal(a?.isAbjad, true)
    assert.equal(b?.isAbjad, true)
    assert.equal(normalizeName('Mohamed Ali').tokens[0]?.isAbjad, false)
  })
  test('Chinese and Korean syllables are marked syllabic', () => {
    assert.equal(normalizeName('王伟').tokens[0]?.isSyllabic, true)
    assert.equal(normalizeName('Wang Wei').tokens[0]?.isSyllabic, false)
  })
  test('an empty or punctuation-only name has no tokens', () => {
    assert.deepEqual(normalizeName('  -- ,. ').tokens, [])
  })
})

describe('consonant skeleton', () => {
  const rows: [string, string][] = [
    ['mohamed', 'mhmd'],
    ['mhmd', 'mhmd'],
    ['hassan', 'hsn'],
    ['david', 'dfd'],
    ['dvd', 'dfd'],
    ['somchai', 'smkh'],
    ['philip', 'flb'],
  ]
  for (const [input, expected] of rows) test(`${input} → ${expected}`, () => assert.equal(consonantSkeleton(input), expected))
})
