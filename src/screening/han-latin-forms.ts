/**
 * Latin forms of a name written in Chinese characters, to screen beside it (review finding F19). The lists publish
 * a Chinese organisation under its English name, which romanizing alone never reaches ("华为技术有限公司" is listed as
 * "Huawei Technologies Co., Ltd.", not "Huawei Jishu Youxian Gongsi"). So each organisation word of the data table
 * (src/screening/data/chinese-organisation-words.yaml: 有限公司 → Co., Ltd., 技术 → Technology …) is rendered in
 * English and every other run of characters (a brand, a place) in pinyin, its syllables joined as such names are
 * written ("Huawei", "Guangzhou"; a longer run two by two) in one form and spaced in the other. A name with no word
 * of the table (a person's name) gets no form: its pinyin is already compared (normalize/transliterate.ts).
 */
import { fileURLToPath } from 'node:url'
import anyAscii from 'any-ascii'
import { parseYaml, readYamlDataFile } from '../shared/yaml-data-file.js'
import { hanSyllables } from './normalize/transliterate.js'

export const CHINESE_ORGANISATION_WORDS_FILE = fileURLToPath(new URL('./data/chinese-organisation-words.yaml', import.meta.url))

/** A Latin form of a Chinese name and how it was made. */
export type HanLatinForm = {
  /** the form screened, e.g. "Huawei Technology Co., Ltd." */
  text: string
  /** how it was made, for the explanation: "pinyin of 华为; 技术 → Technology, 有限公司 → Co., Ltd." */
  how: string
}

const HAN = /\p{Script=Han}/u
let table: ReadonlyMap<string, string> | undefined
let longest = 0

/** The word table, read when a Chinese name first needs it. */
function words(): ReadonlyMap<string, string> {
  if (!table) {
    table = checkWords(readYamlDataFile(CHINESE_ORGANISATION_WORDS_FILE))
    longest = Math.max(...[...table.keys()].map((w) => [...w].length))
  }
  return table
}

/** Parse and check the file's text (tests): `words`, Chinese words mapped to their English rendering (or ""). */
export function loadChineseOrganisationWords(text: string): ReadonlyMap<string, string> {
  return checkWords(parseYaml(text))
}

function checkWords(doc: unknown): ReadonlyMap<string, string> {
  const fail = (what: string): never => {
    throw new Error(`${CHINESE_ORGANISATION_WORDS_FILE}: ${what}`)
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return fail('expected a mapping with "words"')
  const extra = Object.keys(doc).filter((k) => k !== 'words')
  if (extra.length > 0) fail(`unknown key "${extra[0]}"`)
  const w = (doc as { words?: unknown }).words
  if (w === null || typeof w !== 'object' || Array.isArray(w) || Object.keys(w).length === 0) return fail('"words" must map Chinese words to their English rendering')
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(w as Record<string, unknown>)) {
    if (![...k].every((ch) => HAN.test(ch))) fail(`"${k}" is not a word in Chinese characters`)
    if (typeof v !== 'string' || !/^[A-Za-z0-9 .,'&()-]*$/.test(v)) fail(`"${k}": its rendering must be Latin text (or "" to drop the word)`)
    out.set(k, v as string)
  }
  return out
}

type Piece = { kind: 'word'; han: string; english: string } | { kind: 'name'; han: string } | { kind: 'other'; text: string }

/** Cut the name into table words (the longest at each position), runs of other characters, and non-Chinese text. */
function pieces(name: string, table: ReadonlyMap<string, string>): Piece[] {
  const chars = [...name.normalize('NFKC')]
  const out: Piece[] = []
  let run = ''
  const flushRun = (): void => {
    if (run !== '') out.push({ kind: 'name', han: run })
    run = ''
  }
  for (let i = 0; i < chars.length; ) {
    if (!HAN.test(chars[i]!)) {
      flushRun()
      let text = ''
      while (i < chars.length && !HAN.test(chars[i]!)) text += chars[i++]
      out.push({ kind: 'other', text: anyAscii(text) })
      continue
    }
    let matched: string | undefined
    for (let n = Math.min(longest, chars.length - i); n > 0 && matched === undefined; n--) {
      const w = chars.slice(i, i + n).join('')
      if (table.has(w)) matched = w
    }
    if (matched !== undefined) {
      flushRun()
      out.push({ kind: 'word', han: matched, english: table.get(matched)! })
      i += [...matched].length
    } else run += chars[i++]
  }
  flushRun()
  return out
}

const title = (s: string): string => (s === '' ? s : s[0]!.toUpperCase() + s.slice(1))

/** A brand or a place in pinyin: up to three syllables as one word ("Huawei", "Zhongxing"), longer runs two by two. */
function joined(syllables: string[]): string {
  if (syllables.length <= 3) return title(syllables.join(''))
  const words: string[] = []
  for (let i = 0; i < syllables.length; i += 2) words.push(title(syllables.slice(i, i + 2).join('')))
  return words.join(' ')
}

/**
 * The Latin forms of a name in Chinese characters: none unless it holds a word of the table (so a person's name
 * gets none), else the form with each brand or place joined and, when that differs, the form with every syllable
 * spaced.
 */
export function hanLatinForms(name: string): HanLatinForm[] {
  if (!HAN.test(name)) return []
  const ps = pieces(name, words())
  if (!ps.some((p) => p.kind === 'word')) return []
  const syllables = new Map(ps.filter((p) => p.kind === 'name').map((p) => [p.han, hanSyllables(p.han)]))
  const render = (spaced: boolean): string =>
    ps
      .map((p) => (p.kind === 'word' ? p.english : p.kind === 'other' ? p.text : spaced ? syllables.get(p.han)!.map(title).join(' ') : joined(syllables.get(p.han)!)))
      .join(' ')
      .replace(/\s+([),.])/g, '$1')
      .replace(/\(\s+/g, '(')
      .replace(/\s+/g, ' ')
      .trim()
  const names = ps.filter((p): p is Extract<Piece, { kind: 'name' }> => p.kind === 'name').map((p) => p.han)
  const translated = ps.filter((p): p is Extract<Piece, { kind: 'word' }> => p.kind === 'word').map((p) => `${p.han} → ${p.english === '' ? '(left out)' : p.english}`)
  const how = [...(names.length > 0 ? [`pinyin of ${names.join(', ')}`] : []), `translation of ${[...new Set(translated)].join(', ')}`].join('; ')
  const forms = [...new Set([render(false), render(true)])].filter((t) => /[A-Za-z0-9]/.test(t))
  return forms.map((text) => ({ text, how }))
}
