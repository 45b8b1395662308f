/**
 * Company legal forms, as weak tokens with equivalences (screening.md §6.2: treat suffixes as
 * low-weight tokens, never delete them; deleting them caused Watchman's "CORP" bug #483).
 *
 * Each phrase is written in normalized form (lower case, ASCII, dots removed, one space between
 * words). `form` is the canonical token shown in explanations; `family` groups forms that mean the
 * same thing in different languages or spellings, so "OAO" ≈ "Open Joint Stock Company" ≈ "JSC".
 */
export type LegalForm = { form: string; family: LegalFamily }

export type LegalFamily =
  | 'ltd' // private company limited by shares
  | 'llc' // limited liability company and its foreign equivalents
  | 'jsc' // joint-stock / share companies (AG, SA, AO, OAO, PAO, ZAO, NV, AB…)
  | 'inc' // incorporated / corporation / company
  | 'plc' // public limited company
  | 'lp' // partnerships
  | 'fz' // free-zone establishments
  | 'branch'

const TABLE: ReadonlyArray<readonly [LegalFamily, string, readonly string[]]> = [
  ['ltd', 'ltd', ['ltd', 'limited', 'co ltd', 'company limited', 'ltda', 'pty ltd', 'pte ltd', 'pty', 'pte', 'private limited', 'pvt ltd', 'pvt', 'sdn bhd', 'bhd', 'yk', 'youxian gongsi']],
  ['llc', 'llc', ['llc', 'limited liability company', 'limited liability co', 'ooo', 'obshchestvo s ogranichennoy otvetstvennostyu', 'tov', 'too', 'tovarystvo z obmezhenoyu vidpovidalnistyu', 'sp z oo', 'spzoo', 'gmbh', 'gesellschaft mit beschrankter haftung', 'srl', 'sarl', 'societatea cu raspundere limitata', 'sro', 'kft', 'doo', 'ood', 'eood', 'bv', 'besloten vennootschap', 'youxian zeren gongsi', 'fz llc']],
  ['jsc', 'jsc', ['jsc', 'joint stock company', 'joint stock co', 'ao', 'oao', 'ojsc', 'open joint stock company', 'zao', 'cjsc', 'closed joint stock company', 'pao', 'pjsc', 'public joint stock company', 'aktsionernoe obshchestvo', 'otkrytoe aktsionernoe obshchestvo', 'zakrytoe aktsionernoe obshchestvo', 'publichnoe aktsionernoe obshchestvo', 'ag', 'aktiengesellschaft', 'sa', 'societe anonyme', 'sociedad anonima', 'spa', 'nv', 'naamloze vennootschap', 'as', 'asa', 'ab', 'oy', 'oyj', 'kk', 'kabushiki kaisha', 'jusik hoesa', 'jusikhoesa', 'gufen youxian gongsi', 'se', 'sas', 'sl', 'sa de cv', 'sapi de cv', 'tbk', 'pt']],
  ['inc', 'inc', ['inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'gongsi']],
  ['plc', 'plc', ['plc', 'public limited company', 'public company limited', 'pcl']],
  ['lp', 'lp', ['lp', 'llp', 'limited partnership', 'limited liability partnership', 'kg', 'gmbh co kg', 'partnership']],
  ['fz', 'fze', ['fze', 'fzco', 'fzc', 'fzs', 'free zone establishment', 'free zone company']],
]

/**
 * The lookup key of one word of a legal-form phrase: Russian adjective and noun endings are
 * romanized several ways ("ogranichennoy"/"ogranichennoi"/"ogranichennoj", "-yu"/"-iu"/"-ju").
 */
export function legalWordKey(word: string): string {
  if (word.length < 5) return word
  // the same rules as .replace(/(?<=\w{3})(oi|oj|yj|ij)$/, 'oy').replace(/(iu|ju)$/, 'yu')
  // .replace(/oye$/, 'oe').replace(/^obshestvo$/, 'obshchestvo'), without regular expressions
  let w = word
  const end = w.slice(-2)
  if ((end === 'oi' || end === 'oj' || end === 'yj' || end === 'ij') && /^\w{3}$/.test(w.slice(-5, -2))) w = w.slice(0, -2) + 'oy'
  const end2 = w.slice(-2)
  if (end2 === 'iu' || end2 === 'ju') w = w.slice(0, -2) + 'yu'
  if (w.endsWith('oye')) w = w.slice(0, -3) + 'oe'
  if (w === 'obshestvo') w = 'obshchestvo'
  return w
}

/** phrase (legalWordKey of each normalized word, joined by single spaces) → legal form */
export const LEGAL_PHRASES: ReadonlyMap<string, LegalForm> = (() => {
  const m = new Map<string, LegalForm>()
  for (const [family, canonical, phrases] of TABLE) {
    for (const p of phrases) {
      const joined = p.replace(/ /g, '')
      m.set(p.split(' ').map(legalWordKey).join(' '), { form: joined.length <= 6 ? joined : canonical, family })
    }
  }
  return m
})()

/**
 * The multi-word legal-form phrases keyed by their words in sorted order: a legal form is one whatever the order
 * its words are written in ("Ltd Co" is "Co Ltd", "Limited Private" is "Private Limited")
 */
export const LEGAL_PHRASES_ANY_ORDER: ReadonlyMap<string, LegalForm> = (() => {
  const m = new Map<string, LegalForm>()
  for (const [p, form] of LEGAL_PHRASES) {
    const words = p.split(' ')
    if (words.length < 2) continue
    const key = words.sort().join(' ')
    if (!m.has(key)) m.set(key, form)
  }
  return m
})()

/** legalWordKey of every word that starts a legal-form phrase */
export const LEGAL_FIRST_WORDS: ReadonlySet<string> = new Set([...LEGAL_PHRASES.keys()].map((p) => p.split(' ')[0]!))

/** the words of legal-form phrases of 6+ letters: a word one typo away from one is read as it ("Corporaion", "Liimited") */
export const LEGAL_WORDS: ReadonlySet<string> = new Set([...LEGAL_PHRASES.keys()].flatMap((p) => p.split(' ')))
const LONG_LEGAL_WORDS: readonly string[] = [...new Set([...LEGAL_PHRASES.keys()].flatMap((p) => p.split(' ')).filter((w) => w.length >= 6))]

/**
 * The legal-form word a word of 6+ letters misspells (one edit or two swapped letters; two edits
 * from 10 letters), else the word itself: "corporaion" → "corporation", "atsionernoe" → "aktsionernoe".
 */
export function correctLegalWord(key: string): string {
  if (key.length < 6 || LEGAL_FIRST_WORDS.has(key)) return key
  const budget = key.length >= 10 ? 2 : 1
  for (const w of LONG_LEGAL_WORDS) {
    if (Math.abs(w.length - key.length) > budget || w.charCodeAt(0) !== key.charCodeAt(0)) continue
    if (restrictedEditDistance(key, w, budget) <= budget) return w
  }
  return key
}

/** the multi-word legal-form phrases, as word lists, and their words of 4–5 letters */
const MULTI_WORD_PHRASES: readonly (readonly string[])[] = [...LEGAL_PHRASES.keys()].map((p) => p.split(' ')).filter((ws) => ws.length >= 2)
const SHORT_PHRASE_WORDS: readonly string[] = [...new Set(MULTI_WORD_PHRASES.flat().filter((w) => w.length >= 4 && w.length <= 5))]

/**
 * A word of 4–5 letters one typo from a word of a multi-word legal form is read as it when the
 * words around it then spell that whole form ("Joynt Stock Company"): too short to correct alone
 * (correctLegalWord), safe in context. A word whose neighbours are a legal form without it is a name
 * ("Opel Joint Stock Company" is not "Open Joint Stock Company"), and so is a phrase that would leave the name no
 * word of its own before it ("Fred Zone Company" is not "Free Zone Company"). `keys` (legalWordKey of each word)
 * is corrected in place.
 */
export function correctLegalPhraseWords(keys: string[]): void {
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!
    if (key.length < 4 || key.length > 5 || LEGAL_WORDS.has(key)) continue
    for (const w of SHORT_PHRASE_WORDS) {
      if (Math.abs(w.length - key.length) > 1 || w.charCodeAt(0) !== key.charCodeAt(0) || restrictedEditDistance(key, w, 1) > 1) continue
      if (MULTI_WORD_PHRASES.some((ws) => ws.some((x, p) => x === w && i - p >= 1 && ws.every((y, k) => k === p || keys[i - p + k] === y) && !LEGAL_PHRASES.has(ws.filter((_, k) => k !== p).join(' '))))) {
        keys[i] = w
        break
      }
    }
  }
}

/** Optimal-string-alignment distance (edits and adjacent swaps), stopping above `max`. */
function restrictedEditDistance(a: string, b: string, max: number): number {
  const n = a.length
  const m = b.length
  let prev2 = new Array<number>(m + 1).fill(0)
  let prev = Array.from({ length: m + 1 }, (_, j) => j)
  for (let i = 1; i <= n; i++) {
    const cur = new Array<number>(m + 1)
    cur[0] = i
    let rowMin = i
    for (let j = 1; j <= m; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost)
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) d = Math.min(d, prev2[j - 2]! + 1)
      cur[j] = d
      if (d < rowMin) rowMin = d
    }
    if (rowMin > max) return max + 1
    prev2 = prev
    prev = cur
  }
  return prev[m]!
}

/** longest phrase length in words, for the longest-match scan */
export const LEGAL_PHRASE_MAX_WORDS = Math.max(...[...LEGAL_PHRASES.keys()].map((p) => p.split(' ').length))

/** Chinese, Japanese and Korean legal forms, replaced before transliteration (longest first). */
export const CJK_LEGAL_FORMS: ReadonlyArray<readonly [string, string]> = [
  ['股份有限公司', ' gufen youxian gongsi '],
  ['有限责任公司', ' youxian zeren gongsi '],
  ['有限責任公司', ' youxian zeren gongsi '],
  ['有限公司', ' youxian gongsi '],
  ['株式会社', ' kabushiki kaisha '],
  ['有限会社', ' yk '],
  ['주식회사', ' jusikhoesa '],
  ['公司', ' gongsi '],
  ['集团', ' group '],
  ['集團', ' group '],
]

/**
 * Similarity of two legal forms, by meaning, never by spelling: the same form 1, the same family
 * (OAO / JSC, GmbH / LLC) 0.8, otherwise 0: they do not pair, and each is left over as a weak token.
 * Legal forms are weak evidence either way (KIND_WEIGHT.legal, and they never count as content).
 */
export function legalFormSimilarity(a: LegalForm, b: LegalForm): number {
  if (a.form === b.form) return 1
  if (a.family === b.family) return 0.8
  return 0
}
