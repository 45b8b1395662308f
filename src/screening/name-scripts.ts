/**
 * Which script a name is written in, and whether the loaded lists cover it (review finding F19). A name in a script
 * the lists hold almost no names in (Han, Arabic, Hangul… against the Latin-only U.S. lists) can be found only
 * through a Latin form of it: "no hit" for it is not a clean result. The screening then carries the notice
 * NAME_SCRIPT_UNCOVERED, with the counts it rests on. Which scripts are romanized the lists' way, the share that
 * counts as covered and the advice per script are data (src/screening/data/name-scripts.yaml).
 */
import { fileURLToPath } from 'node:url'
import { parseYaml, readYamlDataFile } from '../shared/yaml-data-file.js'
import type { RecordList } from './index/record-list.js'
import type { ListEntry } from './model.js'

export const NAME_SCRIPTS_FILE = fileURLToPath(new URL('./data/name-scripts.yaml', import.meta.url))

/** A note on a screening's answer that is not a hit: what it could not see and what to do about it. */
export type ScreeningNotice = {
  code: 'NAME_SCRIPT_UNCOVERED'
  /** the Unicode script of (part of) the name: Han, Arabic, Hangul… */
  script: string
  /** in words, for a person */
  message: string
  /** per list file loaded (csl, sdn, un…): its names, and how many of them are written (in part) in that script */
  namesInScript: Record<string, { inScript: number; names: number }>
}

export type NameScriptsConfig = {
  /** scripts the lists publish in a Latin spelling chipnav's transliteration reproduces: always covered */
  romanized: ReadonlySet<string>
  /** the share of each list file's names that must be in a script for it to be covered */
  minShare: number
  advice: ReadonlyMap<string, string>
  defaultAdvice: string
}

/**
 * The scripts told apart, by their Unicode names. A letter in none of them is counted as "another script" (never
 * covered). Latin is first: most letters are Latin.
 */
const SCRIPTS = [
  'Latin', 'Cyrillic', 'Greek', 'Armenian', 'Georgian', 'Arabic', 'Hebrew', 'Syriac', 'Thaana', 'Han', 'Hiragana', 'Katakana', 'Hangul',
  'Bopomofo', 'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Thai', 'Lao',
  'Tibetan', 'Myanmar', 'Khmer', 'Mongolian', 'Ethiopic', 'Tifinagh', 'Cherokee', 'Canadian_Aboriginal', 'Yi', 'Javanese', 'Nko', 'Vai', 'Adlam', 'Ol_Chiki',
] as const
const SCRIPT_RES = SCRIPTS.map((s) => [s, new RegExp(`^\\p{Script=${s}}$`, 'u')] as const)
const OTHER_SCRIPT = 'another script'
/** a letter of a script (the modifier apostrophe ʼ of Ukrainian names is a letter of no script: Common) */
const LETTER = /^(?![\p{Script=Common}\p{Script=Inherited}])\p{L}$/u
const ASCII = /^[\x00-\x7f]*$/
const scriptOfChar = new Map<string, string>()

/** The script of one letter (memoised: names repeat their letters). */
function letterScript(ch: string): string {
  let s = scriptOfChar.get(ch)
  if (s === undefined) {
    s = SCRIPT_RES.find(([, re]) => re.test(ch))?.[0] ?? OTHER_SCRIPT
    if (scriptOfChar.size < 100_000) scriptOfChar.set(ch, s)
  }
  return s
}

/** The scripts of a name's letters, most letters first (digits, punctuation, marks and letters common to all scripts count for none). */
export function scriptsOf(name: string): string[] {
  if (ASCII.test(name)) return /[A-Za-z]/.test(name) ? ['Latin'] : []
  const counts = new Map<string, number>()
  for (const ch of name) {
    if (!LETTER.test(ch)) continue
    const s = letterScript(ch)
    counts.set(s, (counts.get(s) ?? 0) + 1)
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([s]) => s)
}

let config: NameScriptsConfig | undefined
/** The data file, read when a name first needs it (a Latin name never does). */
export function nameScriptsConfig(): NameScriptsConfig {
  return (config ??= checkNameScripts(readYamlDataFile(NAME_SCRIPTS_FILE)))
}

/** Parse and check the file's text (tests). */
export function loadNameScripts(text: string): NameScriptsConfig {
  return checkNameScripts(parseYaml(text))
}

function checkNameScripts(doc: unknown): NameScriptsConfig {
  const fail = (what: string): never => {
    throw new Error(`${NAME_SCRIPTS_FILE}: ${what}`)
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return fail('expected a mapping with romanized, minShare and advice')
  const d = doc as Record<string, unknown>
  const extra = Object.keys(d).filter((k) => !['romanized', 'minShare', 'advice'].includes(k))
  if (extra.length > 0) fail(`unknown key "${extra[0]}"`)
  const known = new Set<string>(SCRIPTS)
  const isScript = (s: unknown): s is string => typeof s === 'string' && known.has(s)
  if (!Array.isArray(d.romanized) || !d.romanized.includes('Latin')) fail('"romanized" must be a list of script names that includes Latin')
  for (const s of d.romanized as unknown[]) if (!isScript(s)) fail(`"romanized": "${String(s)}" is not a script name chipnav tells apart (${SCRIPTS.join(', ')})`)
  if (typeof d.minShare !== 'number' || !(d.minShare > 0 && d.minShare <= 1)) fail('"minShare" must be a number above 0, at most 1')
  const advice = d.advice
  if (advice === null || typeof advice !== 'object' || Array.isArray(advice)) return fail('"advice" must map script names (and "default") to text')
  const entries = Object.entries(advice as Record<string, unknown>)
  for (const [k, v] of entries) {
    if (k !== 'default' && !isScript(k)) fail(`"advice": "${k}" is not a script name chipnav tells apart`)
    if (typeof v !== 'string' || v.trim() === '') fail(`"advice.${k}" must be text`)
  }
  const defaultAdvice = (advice as Record<string, unknown>).default
  if (typeof defaultAdvice !== 'string') fail('"advice.default" is missing')
  return {
    romanized: new Set(d.romanized as string[]),
    minShare: d.minShare as number,
    advice: new Map(entries.filter(([k]) => k !== 'default') as [string, string][]),
    defaultAdvice: defaultAdvice as string,
  }
}

type Counts = { names: Map<string, number>; inScript: Map<string, Map<string, number>> }

/** Every loaded name counted per list file and per script (names in Latin only are counted in `names` alone). */
function countNames(entries: RecordList<ListEntry>): Counts {
  const names = new Map<string, number>()
  const inScript = new Map<string, Map<string, number>>()
  for (let i = 0; i < entries.length; i++) {
    const source = entries.field(i, 'source')
    for (const n of entries.field(i, 'names')) {
      names.set(source, (names.get(source) ?? 0) + 1)
      if (ASCII.test(n.name)) continue
      for (const script of scriptsOf(n.name)) {
        let bySource = inScript.get(script)
        if (!bySource) inScript.set(script, (bySource = new Map()))
        bySource.set(source, (bySource.get(source) ?? 0) + 1)
      }
    }
  }
  return { names, inScript }
}

/**
 * The notices for a name screened against these entries: one per script of its letters that is neither romanized
 * the lists' way nor held by every list file at `minShare` of its names. The counts are made once, when a name
 * first needs them.
 */
export function nameScriptNotices(entries: RecordList<ListEntry>, cfg: () => NameScriptsConfig = nameScriptsConfig): (name: string) => ScreeningNotice[] {
  let counts: Counts | undefined
  return (name) => {
    if (ASCII.test(name)) return []
    const c = cfg()
    const scripts = scriptsOf(name).filter((s) => !c.romanized.has(s))
    if (scripts.length === 0) return []
    counts ??= countNames(entries)
    const out: ScreeningNotice[] = []
    for (const script of scripts) {
      const bySource = counts.inScript.get(script)
      const namesInScript: ScreeningNotice['namesInScript'] = {}
      for (const [source, total] of [...counts.names].sort((a, b) => a[0].localeCompare(b[0]))) namesInScript[source] = { inScript: bySource?.get(source) ?? 0, names: total }
      const files = Object.entries(namesInScript)
      const thin = files.filter(([, v]) => v.inScript < c.minShare * v.names)
      if (files.length > 0 && thin.length === 0) continue
      out.push({ code: 'NAME_SCRIPT_UNCOVERED', script, message: uncoveredMessage(script, files, thin.map(([s]) => s), c), namesInScript })
    }
    return out
  }
}

function uncoveredMessage(script: string, files: [string, { inScript: number; names: number }][], thin: string[], c: NameScriptsConfig): string {
  const total = files.reduce((a, [, v]) => a + v.names, 0)
  const inScript = files.reduce((a, [, v]) => a + v.inScript, 0)
  const none = files.filter(([, v]) => v.inScript === 0).map(([s]) => s)
  const where =
    inScript === 0
      ? `none of the ${total.toLocaleString('en-US')} names loaded`
      : `${inScript.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} names${none.length > 0 ? `; none in ${none.join(', ')}` : `; under ${c.minShare * 100} % in ${thin.join(', ')}`}`
  const name = script === OTHER_SCRIPT ? 'a script chipnav does not name' : `${script.replace(/_/g, ' ')} script`
  return `name in ${name}: the lists hold few names in that script (${where}), so a listing can be found only through a Latin form of the name — screen ${c.advice.get(script) ?? c.defaultAdvice} too`
}
