/**
 * Names the lists publish with a part in brackets, read the same way for every list. A bracketed part is
 * an alternate name of the entry when
 * - it is the name's acronym: "Semiconductor Manufacturing International Corporation (SMIC)" (85 FR 83420),
 *   "Atomic Energy Organization of Iran (AEOI)": one word of 3 or more Latin letters (dots allowed) whose letters
 *   are the initials, in order, of every word of the name outside the brackets; legal forms ("Corporation",
 *   "Co., Ltd."), particles ("al") and small words ("of", "and") may give their initial or not; the brackets
 *   end the name (a legal form may follow), so "China Electronics Technology Group Corp. (CETC) 54th Research
 *   Institute" is not read (the acronym names another body, the parent);
 * - or the name outside is the acronym of the bracketed words: "ASMAT (APPLIED SYSTEMS METHODS AND TECHNOLOGY)";
 * - or it is marked as one: "(a.k.a. FETCO, Inc.)", "(f.k.a., …)", "(formerly …)", "(also known as …)",
 *   "(n.k.a. …)", "[aka …]".
 * Each such part becomes an alias of the entry, and the name without it another name, both marked as read from
 * the brackets (`fromBrackets`). Other bracketed parts (places "(Beijing)", "(HK)", "(a subordinate institute of
 * CETC-7)", "(Lebanon Branch)", "(DPRK individual)", spellings of a person's name "(Faouzi)") are no alias: the
 * index still finds the name without them, as a qualifier dropped (normalize/name-parts.ts).
 * A person's name is never read for an acronym.
 */
import type { EntityType, EntryName } from '../model.js'
import { LEGAL_WORDS, legalWordKey } from '../normalize/legal-forms.js'
import { PARTICLES, STOPWORDS } from '../normalize/name-words.js'

const BRACKETED = /\(([^()]*)\)|\[([^[\]]*)\]/g
const MARKER = /^\s*(a\.?\s?k\.?\s?a\.?|f\.?\s?k\.?\s?a\.?|n\.?\s?k\.?\s?a\.?|f\/k\/a|also known as|formerly known as|now known as|formerly)(?=[\s,:.]|$)[\s,:.]*/i
const ACRONYM = /^(?:[A-Za-z]\.?){3,10}$/
/** "Inc.", "Ltd", "LLC": a part that alone is a legal form does not make a comma a separator of two names */
const WORD = /[a-z0-9]+/g

type Bracket = { start: number; end: number; inner: string }

/**
 * The entry's names with the alternate names read from their brackets added after them (a name already
 * published for the entry, in any case, is not added again). `type` is the entry's type: an individual's name is
 * never read for an acronym.
 */
export function withBracketedNames(names: readonly EntryName[], type: EntityType | null): EntryName[] {
  const seen = new Set(names.map((n) => n.name.trim().toLowerCase()))
  const out: EntryName[] = [...names]
  for (const n of names) {
    for (const read of bracketedNames(n, type)) {
      const key = read.name.toLowerCase()
      if (seen.has(key)) continue
      seen.add(key)
      out.push(read)
    }
  }
  return out
}

/** The alternate names one published name holds in brackets, and the name without them; [] when it holds none. */
export function bracketedNames(n: EntryName, type: EntityType | null): EntryName[] {
  const name = n.name
  if (!name.includes('(') && !name.includes('[')) return []
  const brackets: Bracket[] = [...name.matchAll(BRACKETED)].map((m) => ({ start: m.index!, end: m.index! + m[0].length, inner: m[1] ?? m[2] ?? '' }))
  const read: EntryName[] = []
  const alternates: Bracket[] = []
  const from = (reading: FromBrackets['reading']): FromBrackets => ({ name, reading })
  const alias = (text: string, kind: EntryName['kind'], reading: FromBrackets['reading']): EntryName => {
    const a: EntryName = { name: text, kind, fromBrackets: from(reading) }
    if (n.strength !== undefined) a.strength = n.strength
    return a
  }
  for (const b of brackets) {
    const marker = MARKER.exec(b.inner)
    if (marker) {
      const kind = /^\s*(?:f|formerly)/i.test(marker[1]!) ? 'fka' : /^\s*n/i.test(marker[1]!) ? 'nka' : 'aka'
      const names = splitAliases(b.inner.slice(marker[0].length))
      if (names.length === 0) continue
      for (const text of names) read.push(alias(text, kind, 'marked'))
      alternates.push(b)
      continue
    }
    if (type === 'individual') continue
    const outside = tidy(without(name, [b]).replace(BRACKETED, ' '))
    const after = tidy(name.slice(b.end).replace(BRACKETED, ' '))
    const inner = tidy(b.inner)
    // the acronym in brackets ends the name: only a legal form may follow it
    if (ACRONYM.test(inner) && wordsOf(after).every(isOptional) && isAcronymOf(inner, tidy(name.slice(0, b.start).replace(BRACKETED, ' ')) + ' ' + after)) {
      read.push(alias(inner, 'aka', 'acronym'))
      alternates.push(b)
    } else if (brackets.length === 1 && ACRONYM.test(outside) && isAcronymOf(outside, inner)) {
      read.push(alias(inner, 'aka', 'expansion'))
      alternates.push(b)
    }
  }
  if (alternates.length === 0) return []
  const rest = tidy(without(name, alternates))
  if (rest !== '' && /\p{L}/u.test(rest)) {
    const reading = type !== 'individual' && ACRONYM.test(rest) && read.some((r) => r.fromBrackets?.reading === 'expansion') ? 'acronym' : 'without-brackets'
    read.push({ ...(n.strength !== undefined ? { strength: n.strength } : {}), name: rest, kind: n.kind, fromBrackets: from(reading) })
  }
  return read
}

/** How a name was read from brackets: see `EntryName.fromBrackets`. */
export type FromBrackets = NonNullable<EntryName['fromBrackets']>

/**
 * Whether the letters of `acronym` are the initials of the words of `words` in order: every word of a name gives
 * its initial; a legal form, particle or small word, a word after a hyphen ("Electro-Mechanical" gives E or EM),
 * the second word of a pair joined by "and" ("Science and Technology" gives S or ST: "China Aerospace Science and
 * Technology Corporation (CASC)") and a parent's acronym in capitals before a name written in mixed case ("AVIC
 * Flight Automatic Control Research Institute (FACRI)") may give its initial or nothing, and a legal form of 2 to 4
 * letters ("JSC", "LLC") all of its letters. Two words at least, one of them a word of the name.
 */
export function isAcronymOf(acronym: string, words: string): boolean {
  const letters = acronym.replace(/\./g, '').toLowerCase()
  const ws = acronymWordsOf(words)
  if (ws.length < 2 || ws.every((w) => w.isOptional)) return false
  const memo = new Map<number, boolean>()
  const match = (w: number, p: number): boolean => {
    if (w === ws.length) return p === letters.length
    const key = w * 64 + p
    const known = memo.get(key)
    if (known !== undefined) return known
    const { word, isOptional } = ws[w]!
    let ok = /^[a-z]/.test(word) && letters[p] === word[0] && match(w + 1, p + 1)
    if (!ok && isOptional) {
      ok = match(w + 1, p) || (isLegal(word) && word.length >= 2 && word.length <= 4 && letters.startsWith(word, p) && match(w + 1, p + word.length))
    }
    memo.set(key, ok)
    return ok
  }
  return match(0, 0)
}

function acronymWordsOf(s: string): Array<{ word: string; isOptional: boolean }> {
  const out: Array<{ word: string; isOptional: boolean }> = []
  const parentAcronym = LEADING_CAPITALS.exec(s)?.[1]?.toLowerCase()
  for (const compound of plain(s).replace(/&/g, ' and ').split(/[^a-z0-9-]+/)) {
    // after a word of the name, the rest of a compound is optional ("al-Haq": "haq" is the word)
    let hasWord = false
    for (const word of compound.split('-')) {
      if (word === '') continue
      const afterAnd = out.length >= 2 && AND_WORDS.has(out[out.length - 1]!.word) && !out[out.length - 2]!.isOptional
      const isParent = out.length === 0 && word === parentAcronym
      out.push({ word, isOptional: hasWord || isOptional(word) || afterAnd || isParent })
      hasWord ||= !isOptional(word)
    }
  }
  return out
}

/** "and" in the languages of the lists' names: the word after it may be left out of an acronym ("Science and Technology" → S) */
const AND_WORDS: ReadonlySet<string> = new Set(['and', 'und', 'et', 'y', 'i', 'e'])
/** a first word of 2–5 capitals before words written in lower case: another body's acronym ("AVIC Flight …") */
const LEADING_CAPITALS = /^\s*([A-Z]{2,5})\s+(?=\S*\p{Ll})/u

function plain(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/['’`´ʼ]/g, '')
    .toLowerCase()
}

function wordsOf(s: string): string[] {
  return plain(s).match(WORD) ?? []
}

const isLegal = (w: string): boolean => LEGAL_WORDS.has(legalWordKey(w))
const isOptional = (w: string): boolean => isLegal(w) || STOPWORDS.has(w) || PARTICLES.has(w)

/** "X; Y" are two names; so are "X, Y" when each part has two words or more and none is only a legal form ("FETCO, Inc." is one). */
function splitAliases(s: string): string[] {
  const out: string[] = []
  for (const part of s.split(';').map(tidy)) {
    if (part === '') continue
    const commaParts = part.split(',').map(tidy)
    const isList = commaParts.length > 1 && commaParts.every((p) => wordsOf(p).length >= 2 && !wordsOf(p).every(isOptional))
    for (const p of isList ? commaParts : [part]) if (/\p{L}/u.test(p)) out.push(p)
  }
  return out
}

function without(name: string, parts: readonly Bracket[]): string {
  let s = ''
  let at = 0
  for (const b of [...parts].sort((x, y) => x.start - y.start)) {
    s += name.slice(at, b.start) + ' '
    at = b.end
  }
  return s + name.slice(at)
}

function tidy(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;:])/g, '$1')
    .replace(/^[\s,;:-]+|[\s,;:-]+$/g, '')
    .trim()
}
