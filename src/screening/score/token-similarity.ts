import { sameByAbbreviation } from '../normalize/abbreviations.js'
import { ORGANISATION_WORD_VARIANTS } from '../normalize/organisation-word-variants.js'
import { legalFormSimilarity } from '../normalize/legal-forms.js'
import type { NameToken } from '../normalize/normalize-name.js'
import { editDistanceLowerBound, letterMask, levenshtein, weightedEditDistance } from './edit-distance.js'
import { jaroWinkler } from './jaro-winkler.js'
import { sinoKey } from '../normalize/wade-giles.js'

export type TokenMatchKind = 'exact' | 'fuzzy' | 'initial' | 'legal-form' | 'transliterated' | 'abbreviation' | 'word-variant'

/** Similarity of two tokens and how they matched. The result object is reused: copy it if kept. */
export type TokenSimilarity = { similarity: number; kind: TokenMatchKind }

const RESULT: TokenSimilarity = { similarity: 0, kind: 'exact' }

/** transliteration variants (Mohammed/Muhammad) */
export const VARIANT_SIMILARITY = 0.95
/** nicknames and the same name in another language (Bill/William, Juan/John) */
export const NICKNAME_SIMILARITY = 0.85
/**
 * an abbreviation against the word it stands for ("intl"/"international"), from data/abbreviations.yaml, and two
 * variants of one organisation word ("airlines"/"airways"), from data/organisation-word-variants.yaml
 */
export const ABBREVIATION_SIMILARITY = 0.95
/** a single letter against a word with that initial */
export const INITIAL_SIMILARITY = 0.85
/** consonant skeletons equal across scripts (محمد / Mohamed) */
export const SKELETON_SIMILARITY = 0.9

/**
 * Edits allowed for a token pair whose longer token has `len` characters (weighted edits, see
 * `weightedEditDistance`). Beyond this budget two tokens are different names, however similar they
 * look ("Ortiz"/"Ortega", "Federman"/"Federer"), which is the length-aware penalty.
 */
export function editBudget(len: number, isSyllabic = false): number {
  // short tokens, and Chinese/Korean syllables up to 4 letters, may only change a vowel or a
  // confusable letter: "lin"/"lian", "bing"/"jing" are different names
  if (isSyllabic && len <= 4) return 0.5 // a pinyin vowel change is another syllable: ping/peng
  if (len <= 3) return 0.6
  if (len <= 5) return 1
  if (len <= 6) return 1.2
  if (len <= 8) return 1.5
  if (len <= 11) return 2
  return 3
}

/**
 * Fuzzy similarity of two strings within the edit budget, else 0: 1 − 0.9·d/len blended with
 * Jaro-Winkler (0.8 : 0.2) so a shared start counts slightly.
 */
export function fuzzySimilarity(a: string, b: string, maskA = letterMask(a), maskB = letterMask(b), isSyllabic = false): number {
  if (a === b) return 1
  const la = a.length
  const lb = b.length
  const len = la > lb ? la : lb
  const budget = editBudget(len, isSyllabic)
  if (!fuzzyMayMatch(la, lb, maskA, maskB, isSyllabic)) return 0
  const d = weightedEditDistance(a, b, budget)
  if (d > budget) return 0
  const ed = 1 - (0.9 * d) / len
  return 0.8 * ed + 0.2 * jaroWinkler(a, b)
}

/**
 * Whether two different strings of these lengths and letters may be within the edit budget (what
 * `fuzzySimilarity` tests before the edit distance; when not, it answers 0).
 */
export function fuzzyMayMatch(la: number, lb: number, maskA: number, maskB: number, isSyllabic = false): boolean {
  const budget = editBudget(la > lb ? la : lb, isSyllabic)
  return Math.abs(la - lb) <= budget * 2 && editDistanceLowerBound(maskA, maskB) <= budget
}

/** Token similarity by kind: legal forms by family, numbers exactly, initials by first letter, names by variants, skeletons and edit distance. */
export function tokenSimilarity(a: NameToken, b: NameToken): TokenSimilarity {
  RESULT.similarity = 0
  RESULT.kind = 'fuzzy'
  if (a.text === b.text) {
    RESULT.similarity = 1
    RESULT.kind = a.kind === 'legal' ? 'legal-form' : 'exact'
    return RESULT
  }
  if (a.kind === 'legal' || b.kind === 'legal') {
    if (a.legal !== undefined && b.legal !== undefined) {
      RESULT.similarity = legalFormSimilarity(a.legal, b.legal)
      RESULT.kind = 'legal-form'
    }
    return RESULT
  }
  if (a.kind === 'number' || b.kind === 'number') return RESULT // equal numbers were caught above
  if (a.kind === 'initial' || b.kind === 'initial') {
    if (a.kind !== b.kind && a.text.charCodeAt(0) === b.text.charCodeAt(0)) {
      RESULT.similarity = INITIAL_SIMILARITY
      RESULT.kind = 'initial'
    }
    return RESULT
  }
  if (a.isSyllabic && b.isSyllabic) {
    // both read from Hangul or Han characters: the spelling is the script's own, so different texts
    // are different syllables (정 jeong ≠ 종 jong, although Latin spellings write both "jong"), except
    // for the Korean initial-sound rule (North 리 ri / South 이 yi, 류 ryu / 유 yu, 로 ro / 노 no)
    if (initialSoundVariant(a.text, b.text)) {
      RESULT.similarity = VARIANT_SIMILARITY
      RESULT.kind = 'transliterated'
    }
    return RESULT
  }
  if (a.variant !== undefined && a.variant === b.variant) {
    RESULT.similarity = VARIANT_SIMILARITY
    RESULT.kind = 'transliterated'
    return RESULT
  }
  if (a.isAcronym || b.isAcronym) return RESULT // "N.A.B.C." is not "A.B.C."
  if ((a.sinoKey !== undefined || b.sinoKey !== undefined) && (a.sinoKey ?? sinoKey(a.text)) === (b.sinoKey ?? sinoKey(b.text))) {
    // Wade-Giles and pinyin spellings of one Chinese syllable ("Tung"/"Dong", "Hsu"/"Xu")
    RESULT.similarity = VARIANT_SIMILARITY
    RESULT.kind = 'transliterated'
    return RESULT
  }
  if ((a.expands !== undefined || b.expands !== undefined) && sameByAbbreviation(a.text, b.text)) {
    // "intl"/"international", "tech"/"technologies" (data/abbreviations.yaml); "air"/"airlines"/"airways"
    // (data/organisation-word-variants.yaml)
    RESULT.similarity = ABBREVIATION_SIMILARITY
    RESULT.kind = ORGANISATION_WORD_VARIANTS.get(a.text)?.includes(b.text) === true ? 'word-variant' : 'abbreviation'
    return RESULT
  }
  // pinyin read from Chinese characters is the script's own spelling: a Latin spelling of the same
  // syllable is equal, or its Wade-Giles form (above); one letter off is another syllable (ping/bing, shen/chen)
  if (a.isHan !== b.isHan && !(a.isSyllabic && b.isSyllabic)) return RESULT
  if (a.isSyllabic !== b.isSyllabic) {
    // Hangul against a Latin spelling: the same syllable in the other romanization, or another syllable
    if (koreanKey(a.text) === koreanKey(b.text)) {
      RESULT.similarity = VARIANT_SIMILARITY
      RESULT.kind = 'transliterated'
    }
    return RESULT
  }
  // a word that cannot be said (no vowel) is spelled out: an acronym, equal only to itself ("SMSC" is not "SMIC"),
  // or a word written without its vowels ("Plnt" / "Plant": the same consonants)
  const spelledA = isSpelledOut(a)
  if (spelledA || isSpelledOut(b)) {
    if (spelledA === isSpelledOut(b) || a.skeleton !== b.skeleton) return RESULT
  }
  let best = fuzzySimilarity(a.text, b.text, a.letters, b.letters, a.isSyllabic || b.isSyllabic)
  if (a.isAbjad !== b.isAbjad && abjadInitialCompatible(a.isAbjad ? a.text : b.text, a.isAbjad ? b.text : a.text)) {
    const s = skeletonSimilarity(a.skeleton, b.skeleton, a.isAbjad ? b.text.length : a.text.length)
    if (s > best) {
      RESULT.similarity = s
      RESULT.kind = 'transliterated'
      return RESULT
    }
  }
  if (a.nickname !== undefined && a.nickname === b.nickname && NICKNAME_SIMILARITY > best) {
    RESULT.similarity = NICKNAME_SIMILARITY
    RESULT.kind = 'transliterated'
    return RESULT
  }
  RESULT.similarity = best
  RESULT.kind = 'fuzzy'
  return RESULT
}

/** the letters a, e, i, o, u and y in a `letterMask` */
const VOWEL_MASK = letterMask('aeiouy')

/** a Latin word of 2–5 letters without a vowel ("smsc", "plnt"): spelled out, not said (a script without vowels aside) */
function isSpelledOut(t: NameToken): boolean {
  return (t.letters & VOWEL_MASK) === 0 && t.text.length >= 2 && t.text.length <= 5 && !t.isAbjad && !t.isSyllabic && t.kind === 'word'
}

const VOWELS = 'aeiou'
/** first letters that spell one Arabic or Hebrew consonant in Latin */
function consonantClass(c: string): string {
  switch (c) {
    case 'q': case 'c': return 'k'
    case 'g': return 'j' // ج: Gamal / Jamal
    case 'v': return 'f'
    case 'p': return 'b' // Arabic has no p: Pérez / بيريز
    case 'e': case 'i': return 'y'
    case 'o': case 'u': return 'w'
    default: return c
  }
}

/**
 * A vowel-less spelling and a Latin one can be the same name only if they start alike: a Latin
 * name starting with a vowel may stand for a written alif or ayin the romanization drops, but a
 * Latin consonant must be the abjad word's first letter (ي "y" and و "w" are consonants there):
 * "ywsf" is Yusuf, not Safavi; "yld" is not Lady.
 */
export function abjadInitialCompatible(abjad: string, latin: string): boolean {
  if (!longVowelsWritten(abjad, latin)) return false
  const l = latin.charAt(0)
  if (VOWELS.includes(l)) return true
  const a = abjad.charAt(0)
  if (a === 'a') return false // a written alif, and the Latin starts with a consonant
  return consonantClass(a) === consonantClass(l)
}

/**
 * The long vowels an abjad does write (و w for o/u, ي y for i/e, inside the word) must be in the
 * Latin spelling: "mhmdy" is Mohammadi, not Muhammad; "kbyr" is Kabir, not Akbar.
 */
function longVowelsWritten(abjad: string, latin: string): boolean {
  for (let i = 1; i < abjad.length; i++) {
    const c = abjad.charCodeAt(i)
    if (c === 119 /* w */ && !hasLetterAfterFirst(latin, 111 /* o */, 117 /* u */, 119 /* w */)) return false
    if (c === 121 /* y */ && !hasLetterAfterFirst(latin, 105 /* i */, 101 /* e */, 121 /* y */)) return false
  }
  return true
}

/** one of three letters after the first (what /[xyz]/.test(s.slice(1)) tests, without a copy and a regular expression per pair) */
function hasLetterAfterFirst(s: string, x: number, y: number, z: number): boolean {
  for (let k = 1; k < s.length; k++) {
    const c = s.charCodeAt(k)
    if (c === x || c === y || c === z) return true
  }
  return false
}

/**
 * Korean syllables romanized from Hangul (Revised Romanization) against a Latin spelling
 * (McCune-Reischauer and its everyday forms): the same syllable when they agree once the two
 * systems' differences are merged (eo/ŏ → o, eu/ŭ → u, g/k, d/t, b/p, j/ch, r/l, si/shi),
 * never by edit distance: "hyeon" is "hyon" and "sig" is "sik", but "sang" is not "chang".
 */
export function koreanKey(s: string): string {
  // (eight replacements per call, asked for both tokens of every Hangul/Latin pair: kept per text)
  let key = KOREAN_KEYS.get(s)
  if (key === undefined) {
    if (KOREAN_KEYS.size >= KOREAN_KEYS_MAX) KOREAN_KEYS.clear()
    key = koreanKeyOf(s)
    KOREAN_KEYS.set(s, key)
  }
  return key
}
const KOREAN_KEYS = new Map<string, string>()
const KOREAN_KEYS_MAX = 50_000

function koreanKeyOf(s: string): string {
  return s
    .replace(/eo/g, 'o')
    .replace(/eu/g, 'u')
    .replace(/sh/g, 's')
    .replace(/ch/g, 'j')
    .replace(/[gk]/g, 'k')
    .replace(/[dt]/g, 't')
    .replace(/[bp]/g, 'p')
    .replace(/[rl]/g, 'l')
}

/**
 * Compare consonant skeletons of a token from a vowel-less script and a Latin token. Equal
 * skeletons score 0.9; one edit on skeletons of 4 or more consonants 0.8. A one-consonant
 * skeleton ("ly" / "Ali") only counts against a short Latin token.
 */
export function skeletonSimilarity(a: string, b: string, latinLength: number): number {
  if (a.length === 0 || b.length === 0) return 0
  if (a === b) return a.length >= 2 || latinLength <= 4 ? SKELETON_SIMILARITY : 0
  if (Math.min(a.length, b.length) >= 4 && Math.abs(a.length - b.length) <= 1 && levenshtein(a, b) <= 1) return 0.8
  return 0
}

/**
 * Korean initial-sound rule (두음법칙): a syllable starting with ㄹ (r/l) or ㄴ (n) is written in the
 * South without it (리 → 이, 류 → 유, 로 → 노): "li"/"yi", "lyu"/"yu", "ro"/"no", "lim"/"im".
 */
export function initialSoundVariant(a: string, b: string): boolean {
  const strip = (s: string): string => {
    const c = s.charCodeAt(0)
    let t = c === 114 /* r */ || c === 108 /* l */ || c === 110 /* n */ ? s.slice(1) : s
    if (t.charCodeAt(0) === 121 /* y */ && t.length > 1 && t.charCodeAt(1) === 105 /* i */) t = t.slice(1) // yi → i
    return t
  }
  return a !== b && a.length <= 6 && b.length <= 6 && strip(a) === strip(b) && strip(a) !== ''
}
