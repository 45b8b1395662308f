import type { EntityType } from '../model.js'
import { endingVariantKey } from './name-endings.js'
import { letterMask } from '../score/edit-distance.js'
import { organisationWordExpansion } from './abbreviations.js'
import { consonantSkeleton } from './consonant-skeleton.js'
import { correctLegalPhraseWords, correctLegalWord, LEGAL_FIRST_WORDS, LEGAL_PHRASE_MAX_WORDS, LEGAL_PHRASES, LEGAL_PHRASES_ANY_ORDER, LEGAL_WORDS, legalWordKey, type LegalForm } from './legal-forms.js'
import {
  NAME_NICKNAMES,
  NAME_VARIANTS,
  NUMBER_WORDS,
  ORDINAL_SUFFIX,
  PARTICLES,
  ROMAN_NUMERALS,
  STOPWORDS,
  SURNAME_VARIANT_KEYS,
  TENS_WORDS,
  TITLES,
} from './name-words.js'
import { transliterateWords } from './transliterate.js'
import { wadeGilesKey } from './wade-giles.js'

/**
 * - `word`: an ordinary name part
 * - `legal`: a company legal form (LLC, GmbH, OAO…), weak, compared by family
 * - `particle`: al, bin, de, van…, weak
 * - `title`: Mr, Dr, Sheikh…, ignored when unmatched
 * - `stop`: of, the, and… in organisation names, weak
 * - `number`: digits (number words and ordinals converted)
 * - `initial`: a single letter
 */
export type TokenKind = 'word' | 'legal' | 'particle' | 'title' | 'stop' | 'number' | 'initial'

export type NameToken = {
  text: string
  kind: TokenKind
  legal: LegalForm | undefined
  /** transliteration-variant group (Mohammed/Muhammad → "muhammad") */
  variant: string | undefined
  /** nickname / other-language group (Bill/William) */
  nickname: string | undefined
  /** consonant skeleton, compared when either side came from a vowel-less script */
  skeleton: string
  /** the token came from a script that omits short vowels */
  isAbjad: boolean
  /** bit set of the letters a–z in `text` (a cheap edit-distance bound) */
  letters: number
  /** romanized Chinese/Korean syllable(s): short tokens get a stricter edit budget */
  isSyllabic: boolean
  /** pinyin of Chinese characters: compared with Latin spellings only exactly or through Wade-Giles, never by edit distance */
  isHan: boolean
  /** a word, number or initial: evidence of identity, and able to contradict (not a legal form, particle, stopword or title) */
  isStrong: boolean
  /** written as a dotted acronym ("N.A.B.C."): compared exactly, never fuzzily */
  isAcronym: boolean
  /** a Latin word spelled in Wade-Giles: the aspiration-merged key of its pinyin reading ("tung" → "dong"), see wade-giles.ts */
  sinoKey: string | undefined
  /**
   * an organisation-word abbreviation ("intl"): the full words it stands for (data/abbreviations.yaml); a word
   * written in routine variants ("air", "airways"): its group, canonical first (data/organisation-word-variants.yaml)
   */
  expands: readonly string[] | undefined
}

export type NormalizedName = {
  /** the tokens joined by single spaces: the one string shown as "normalized" */
  text: string
  tokens: NameToken[]
}

export type NormalizeNameOptions = { type?: EntityType | null | undefined }

const ORG_TYPES: ReadonlySet<string> = new Set(['entity', 'vessel', 'aircraft'])
const APOSTROPHES = /['`´ʹʻʼʽˈ‘’‛′]/g
const DOTTED_ACRONYM = /^(?:[a-z]\.){2,}[a-z]?\.?$|^(?:[a-z]\.)+[a-z]$/
const PUNCTUATION = /[^a-z0-9.]+/
const PLAIN_WORD = /^[a-z]+$/
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '9': 'g', '8': 'b' }

/** a word typed backwards keeps its capital at the end: "nituP" */
const MIRRORED_WORD = /^\p{Ll}+\p{Lu}$/u

/**
 * A name written backwards character by character ("rimaldiV nituP" for "Vladimir Putin"), an
 * evasion pattern: when every word of two or more letters is lower case ending in one capital,
 * each word is read reversed (word order does not matter to the matcher).
 */
export function unmirror(raw: string): string {
  // cheap test first (every name passes here): the last word must end lower case, then a capital
  const s = raw.trimEnd()
  const last = s.slice(-1)
  const before = s.slice(-2, -1)
  if (last === last.toLowerCase() || before === before.toUpperCase()) return raw
  const words = raw.split(/\s+/).filter((w) => w !== '')
  let mirrored = 0
  for (const w of words) {
    if (MIRRORED_WORD.test(w)) mirrored++
    else if ([...w].length > 1) return raw
  }
  if (mirrored === 0) return raw
  return words.map((w) => [...w].reverse().join('')).reverse().join(' ')
}

/**
 * The one normalization pipeline for list names and queries: NFKC, transliteration to ASCII,
 * lower case, punctuation, acronyms, number words, legal forms, particles and titles.
 * Word order is kept (for display); the matcher does not depend on it.
 */
export function normalizeName(raw: string, opts: NormalizeNameOptions = {}): NormalizedName {
  const type = opts.type ?? null
  const isOrganization = type !== null && ORG_TYPES.has(type)
  const isIndividual = type === 'individual'
  const words = transliterateWords(unmirror(raw.normalize('NFKC')), { isOrganization })

  // 1. ASCII words → raw tokens
  const pieces: { text: string; isAbjad: boolean; isSyllabic: boolean; isHan: boolean; isAcronym: boolean }[] = []
  /** the pieces before the name's first comma ("KIM, Jong Un": the surname), -1 when it has none */
  let beforeComma = -1
  for (const w of words) {
    if (beforeComma < 0 && pieces.length > 0 && w.text.startsWith(',')) beforeComma = pieces.length
    let s = w.text.toLowerCase().replace(APOSTROPHES, '')
    if (s.includes('&')) s = s.replace(/&/g, ' and ')
    if (s.includes('/')) s = s.replace(/\b([a-z])\/([a-z])\b/g, '$1$2') // A/S, S/A
    const isPlain = PLAIN_WORD.test(s) // most words: letters only, nothing to split
    for (let part of isPlain ? [s] : s.split(PUNCTUATION)) {
      if (part === '') continue
      const hasDot = part.includes('.')
      const isAcronym = hasDot && DOTTED_ACRONYM.test(part)
      if (isAcronym) part = part.replace(/\./g, '') // A.B.C. → abc, L.L.C. → llc
      for (let t of hasDot ? part.split('.') : [part]) {
        if (t === '') continue
        if (!isPlain && /[a-z]\d+[a-z]/.test(t)) t = t.replace(/(?<=[a-z])\d+(?=[a-z])/g, (d) => [...d].map((c) => LEET[c] ?? c).join('')) // Ig0r → igor
        pieces.push({ text: t, isAbjad: w.isAbjad, isSyllabic: w.isSyllabic === true, isHan: w.isHan === true, isAcronym })
      }
    }
    if (beforeComma < 0 && pieces.length > 0 && w.text.includes(',')) beforeComma = pieces.length
  }

  // 2. classify, with longest-match legal-form phrases and number words
  const tokens: NameToken[] = []
  /** the piece each token starts at */
  const tokenPiece: number[] = []
  const keys = pieces.map((p) => correctLegalWord(legalWordKey(p.text)))
  if (pieces.length >= 3) correctLegalPhraseWords(keys)
  for (let i = 0; i < pieces.length; ) {
    const piece = pieces[i]!
    // legal-form phrases ("limited liability company", "sp z oo")
    let matched = 0
    let form: LegalForm | undefined
    if (LEGAL_FIRST_WORDS.has(keys[i]!)) {
      let phrase = ''
      const max = Math.min(LEGAL_PHRASE_MAX_WORDS, pieces.length - i)
      for (let n = 1; n <= max; n++) {
        phrase = n === 1 ? keys[i]! : phrase + ' ' + keys[i + n - 1]!
        const f = LEGAL_PHRASES.get(phrase)
        if (f === undefined) continue
        if (n === 1 && phrase.length <= 2 && (isIndividual || pieces.length === 1)) continue // "Sa", "Ag" in a person's name
        form = f // keep extending: the longest phrase wins
        matched = n
      }
    }
    // the words of a legal form in another order ("Ltd Co", "Company Joint Stock"): the same form
    if (LEGAL_WORDS.has(keys[i]!)) {
      for (let n = Math.min(LEGAL_PHRASE_MAX_WORDS, pieces.length - i); n > Math.max(matched, 1); n--) {
        const f = LEGAL_PHRASES_ANY_ORDER.get(keys.slice(i, i + n).sort().join(' '))
        if (f === undefined) continue
        form = f
        matched = n
        break
      }
    }
    // a legal form spelled in single letters at the end of a name ("Lerma Trading S A", "Incoff S R O"), as "S.A." is
    if (form === undefined && !isIndividual && i > 0 && piece.text.length === 1 && pieces[i - 1]!.text.length > 1) {
      let k = i
      let letters = ''
      while (k < pieces.length && pieces[k]!.text.length === 1 && !pieces[k]!.isSyllabic) letters += pieces[k++]!.text
      const f = k === pieces.length && k - i >= 2 ? LEGAL_PHRASES.get(letters) : undefined
      if (f !== undefined) {
        form = f
        matched = k - i
      }
    }
    if (form !== undefined) {
      tokens.push(makeToken(form.form, 'legal', false, form))
      i += matched
      continue
    }
    const t = piece.text
    // numbers: digits, number words ("forty four", "forty 4"), ordinals ("1st"), roman numerals
    const tens = TENS_WORDS.get(t)
    if (tens !== undefined) {
      const next = pieces[i + 1]?.text
      const unit = next === undefined ? undefined : (NUMBER_WORDS.get(next) ?? (/^\d$/.test(next) ? Number(next) : undefined))
      if (unit !== undefined && unit > 0 && unit < 10) {
        tokens.push(makeToken(String(tens + unit), 'number', false))
        i += 2
      } else {
        tokens.push(makeToken(String(tens), 'number', false))
        i += 1
      }
      continue
    }
    // roman numerals after the first word, except in personal names ("Xi", "Vi"); untyped
    // queries convert them too, so "Bicentenario IX" finds the vessel "BICENTENARIO IX"
    const num = numberValue(t, !isIndividual && i > 0 && (isOrganization || t !== 'xi'))
    if (num !== undefined) {
      tokens.push(makeToken(num, 'number', false))
      i += 1
      continue
    }
    let kind: TokenKind = 'word'
    // a syllable read from Chinese or Korean script is a name part, never an English article, an
    // initial or a particle (안 An, 오 O and 빈 Bin are names); so is a particle with nothing after it
    // to link to ("Su Bin", "Zhang De")
    if (piece.isSyllabic || (PARTICLES.has(t) && i === pieces.length - 1 && !isOrganization)) kind = 'word'
    else if (t.length === 1 && /[a-z]/.test(t)) kind = isOrganization && STOPWORDS.has(t) ? 'stop' : 'initial'
    else if (!isOrganization && TITLES.has(t) && pieces.length > 2) kind = 'title'
    else if (PARTICLES.has(t) && pieces.length > 1) kind = 'particle'
    else if (STOPWORDS.has(t) && pieces.length > 1) kind = 'stop'
    const token = makeToken(t, kind, piece.isAbjad, undefined, piece.isSyllabic)
    token.isAcronym = piece.isAcronym && t.length >= 2
    token.isHan = piece.isHan
    tokenPiece[tokens.length] = i
    tokens.push(token)
    i += 1
  }
  const isOrganizationName = isOrganization || tokens.some((t) => t.kind === 'legal')
  withholdSurnameVariants(tokens, tokenPiece, beforeComma < pieces.length ? beforeComma : -1, isOrganizationName)
  if (!isIndividual && tokens.length >= 3 && isOrganizationName) joinSpacedLetters(tokens)
  return { text: tokens.map((t) => t.text).join(' '), tokens }
}

/**
 * A surname's spellings (SURNAME_VARIANT_KEYS: Lee / Yi / Li, Park / Pak) are one name only where a surname
 * stands: the first or last word of a name that is not an organisation's (names are written surname first or
 * last), or a word before the comma of "SURNAME, Given names". Elsewhere the word keeps only its own spelling:
 * "WEI, Zun Yi" (a given-name syllable) and "WEI TA LEE COMPANY" do not hold the surname Lee.
 */
function withholdSurnameVariants(tokens: NameToken[], tokenPiece: readonly number[], beforeComma: number, isOrganization: boolean): void {
  let first = -1
  let last = -1
  for (let k = 0; k < tokens.length; k++) {
    if (tokens[k]!.kind !== 'word') continue
    if (first < 0) first = k
    last = k
  }
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!
    if (t.variant === undefined || !SURNAME_VARIANT_KEYS.has(t.variant)) continue
    const atSurname = beforeComma >= 0 ? tokenPiece[k]! < beforeComma : k === first || k === last
    if (isOrganization || !atSurname) t.variant = undefined
  }
}

/** Whether a word's variant group was withheld (a surname spelling not where a surname stands): see `withholdSurnameVariants`. */
export function isVariantWithheld(t: NameToken): boolean {
  return t.variant === undefined && t.kind === 'word' && NAME_VARIANTS.has(t.text)
}

/**
 * The variant group of a token wherever it stands, withheld or not: what candidate retrieval looks up (one text,
 * one set of keys, a superset of what the scorer aligns), so that retrieval never depends on a word's position.
 */
export function retrievalVariantOf(t: NameToken): string | undefined {
  return t.variant ?? (t.kind === 'word' ? NAME_VARIANTS.get(t.text) : undefined)
}

/**
 * Single letters written apart in an organisation's name are one acronym, as when written with dots ("A P Finance
 * Limited" is "A.P. Finance Limited", "U H L Company" is "U.H.L. Company"): a run of two or more, in place.
 */
function joinSpacedLetters(tokens: NameToken[]): void {
  for (let i = 0; i < tokens.length; i++) {
    let k = i
    while (k < tokens.length && tokens[k]!.text.length === 1 && (tokens[k]!.kind === 'initial' || tokens[k]!.kind === 'stop') && !tokens[k]!.isSyllabic) k++
    if (k - i < 2) continue
    const token = makeToken(tokens.slice(i, k).map((t) => t.text).join(''), 'word', false)
    token.isAcronym = true
    tokens.splice(i, k - i, token)
  }
}

function numberValue(t: string, allowRoman: boolean): string | undefined {
  const c = t.charCodeAt(0)
  if (c >= 48 && c <= 57) {
    if (/^\d+$/.test(t)) return t.replace(/^0+(?=\d)/, '')
    const ord = ORDINAL_SUFFIX.exec(t)
    if (ord) return ord[1]!.replace(/^0+(?=\d)/, '')
  }
  const w = NUMBER_WORDS.get(t)
  if (w !== undefined && t !== 'one') return String(w)
  if (allowRoman) {
    const r = ROMAN_NUMERALS.get(t)
    if (r !== undefined) return String(r)
  }
  return undefined
}

/** (a saved token's decoder, index/record-readers.ts `nameTokenReader`, builds the same fields in the same order) */
function makeToken(text: string, kind: TokenKind, isAbjad: boolean, legal?: LegalForm, isSyllabic = false): NameToken {
  return {
    text,
    kind,
    legal,
    variant: kind === 'word' || kind === 'particle' ? (NAME_VARIANTS.get(text) ?? (kind === 'word' && !isAbjad && !isSyllabic ? endingVariantKey(text) : undefined)) : undefined,
    nickname: kind === 'word' || kind === 'particle' ? NAME_NICKNAMES.get(text) : undefined,
    skeleton: consonantSkeleton(text),
    isAbjad,
    letters: letterMask(text),
    isSyllabic,
    isHan: false,
    isStrong: kind === 'word' || kind === 'number' || kind === 'initial',
    isAcronym: false,
    sinoKey: kind === 'word' && !isAbjad && !isSyllabic ? wadeGilesKey(text) : undefined,
    expands: kind === 'word' && !isAbjad && !isSyllabic ? organisationWordExpansion(text) : undefined,
  }
}
