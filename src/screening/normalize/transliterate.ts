import { createRequire } from 'node:module'
import anyAscii from 'any-ascii'
import { CJK_LEGAL_FORMS } from './legal-forms.js'

/** pinyin-pro (its CommonJS build: the same code in one file), loaded when a name first has Chinese characters */
let pinyinModule: typeof import('pinyin-pro') | undefined
const pinyinPro = (): typeof import('pinyin-pro') => (pinyinModule ??= createRequire(import.meta.url)('pinyin-pro') as typeof import('pinyin-pro'))

/** A word after transliteration to ASCII, with the script family it came from. */
export type TransliteratedWord = {
  /** ASCII text, still with punctuation */
  text: string
  /** true when the source script usually omits short vowels (Arabic, Hebrew, Indic, Thai, Khmer…) */
  isAbjad: boolean
  /** true for romanized Chinese or Korean syllables: short, and one letter apart means another name */
  isSyllabic?: boolean
  /** romanized from Chinese characters (pinyin, the script's own reading) */
  isHan?: boolean
}

const HAN = /\p{Script=Han}/u
const HANGUL = /\p{Script=Hangul}/u
/**
 * Scripts whose romanization (any-ascii) drops the short vowels a Latin spelling would write: the
 * abjads (Arabic, Hebrew, Syriac, Thaana). Indic and South-East Asian scripts are abugidas: they
 * write every vowel but the inherent "a", so their romanization ("goyl", "shrma") is compared by
 * spelling, not by consonant skeleton ("goyl" is not "aguila").
 */
const ABJAD = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]/u
const NEEDS_WORK = /[^\x00-\x7f]/

/**
 * Transliterate a name to ASCII words.
 * - Han: toneless pinyin (pinyin-pro). A short run (≤ 4 characters, not an organisation) is read as
 *   a personal name, surname then given name joined ("习近平" → "xi jinping"); longer runs join
 *   syllables in pairs, as most Chinese words have two characters ("华为技术" → "huawei jishu").
 *   Known legal forms (有限公司…) become their pinyin legal-form phrase first.
 * - Hangul: one word per syllable (Korean names are written "Kim Jong Un" as often as "Kim Jong-un").
 * - Everything else: any-ascii (Cyrillic, Greek, Arabic, Hebrew, kana, Latin diacritics…).
 */
export function transliterateWords(text: string, opts: { isOrganization: boolean }): TransliteratedWord[] {
  let s = text
  if (!NEEDS_WORK.test(s)) return splitWords(s, false)
  if (HAN.test(s)) for (const [cjk, latin] of CJK_LEGAL_FORMS) s = s.split(cjk).join(latin)
  const out: TransliteratedWord[] = []
  for (const word of s.split(/\s+/)) {
    if (word === '') continue
    if (!NEEDS_WORK.test(word)) {
      out.push(...splitWords(word, false))
      continue
    }
    const isAbjad = ABJAD.test(word)
    // split the word into runs of Han, Hangul and other characters
    let run = ''
    let runKind: 'han' | 'hangul' | 'other' = 'other'
    const flush = (): void => {
      if (run === '') return
      if (runKind === 'han') out.push(...hanToWords(run, opts.isOrganization))
      else if (runKind === 'hangul') {
        // 이 romanizes to a lone "I"; as a name it is written Lee, Yi or Rhee
        for (const ch of run) out.push({ text: HANGUL.test(ch) ? anyAscii(ch).replace(/^I$/, 'Yi') : ch, isAbjad: false, isSyllabic: true })
      } else out.push(...splitWords(anyAscii(run), isAbjad))
      run = ''
    }
    for (const ch of word) {
      const k = HAN.test(ch) ? 'han' : HANGUL.test(ch) ? 'hangul' : 'other'
      if (k !== runKind) {
        flush()
        runKind = k
      }
      run += ch
    }
    flush()
  }
  return out
}

function splitWords(s: string, isAbjad: boolean): TransliteratedWord[] {
  const out: TransliteratedWord[] = []
  for (const w of s.split(/\s+/)) if (w !== '') out.push({ text: w, isAbjad })
  return out
}

/** The toneless pinyin syllables of a run of Chinese characters (ü as v), one per character read. */
export function hanSyllables(run: string): string[] {
  return pinyinPro().pinyin(run, { toneType: 'none', type: 'array', v: true }).map((x) => x.trim()).filter((x) => x !== '')
}

function hanToWords(run: string, isOrganization: boolean): TransliteratedWord[] {
  const syllables = hanSyllables(run)
  if (syllables.length === 0) return []
  const words: string[] = []
  if (!isOrganization && syllables.length >= 2 && syllables.length <= 4) {
    words.push(syllables[0]!, syllables.slice(1).join(''))
  } else {
    for (let i = 0; i < syllables.length; i += 2) words.push(syllables.slice(i, i + 2).join(''))
  }
  return words.map((text) => ({ text, isAbjad: false, isSyllabic: true, isHan: true }))
}
