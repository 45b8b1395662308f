/**
 * Perturbed Entity List names for the recall bench (issue 10): each primary name of an Entity List
 * row, changed the way a customer record or a user typing it would change it, with a fixed seed so
 * every run screens the same names.
 *
 * Kinds: typo (one letter changed, dropped, doubled or two swapped, in a word of 5+ letters),
 * order (two words swapped), legal (the legal form dropped), abbrev (full words written as the
 * abbreviations of src/screening/data/abbreviations.yaml), punct (lower case, punctuation removed),
 * city (a parenthesized qualifier or a word naming the entry's city dropped). A kind that does not
 * apply to a name (nothing to abbreviate, no city) gives no variant for it.
 */
import type { ListEntry } from '../src/screening/model.js'
import { ABBREVIATIONS } from '../src/screening/normalize/abbreviations.js'
import { LEGAL_PHRASE_MAX_WORDS, LEGAL_PHRASES, legalWordKey } from '../src/screening/normalize/legal-forms.js'

export type PerturbKind = 'typo' | 'order' | 'legal' | 'abbrev' | 'punct' | 'city'
export const PERTURB_KINDS: readonly PerturbKind[] = ['typo', 'order', 'legal', 'abbrev', 'punct', 'city']
export type Perturbed = { kind: PerturbKind; name: string; original: string; entry: ListEntry }

/** mulberry32: a small seeded generator */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const key = (w: string): string => legalWordKey(w.toLowerCase().replace(/[^a-z0-9]/g, ''))

/** full word → its shortest abbreviation */
const ABBREVIATE: Map<string, string> = (() => {
  const m = new Map<string, string>()
  for (const [abbr, fulls] of ABBREVIATIONS) for (const f of fulls) if (!m.has(f) || m.get(f)!.length > abbr.length) m.set(f, abbr)
  return m
})()

function typo(name: string, rnd: () => number): string | undefined {
  const words = name.split(' ')
  const long = words.map((w, i) => [w, i] as const).filter(([w]) => /^[A-Za-z]{5,}$/.test(w))
  if (long.length === 0) return undefined
  const [w, i] = long[Math.floor(rnd() * long.length)]!
  const p = 1 + Math.floor(rnd() * (w.length - 2)) // not the first letter
  const op = Math.floor(rnd() * 4)
  const letters = 'abcdefghijklmnopqrstuvwxyz'
  let out: string
  if (op === 0) out = w.slice(0, p) + letters[Math.floor(rnd() * 26)] + w.slice(p + 1)
  else if (op === 1) out = w.slice(0, p) + w.slice(p + 1)
  else if (op === 2) out = w.slice(0, p) + w[p] + w.slice(p)
  else out = w.slice(0, p) + w[p + 1] + w[p] + w.slice(p + 2)
  words[i] = out
  return words.join(' ')
}

function swapWords(name: string, rnd: () => number): string | undefined {
  const words = name.split(' ')
  if (words.length < 2) return undefined
  const i = Math.floor(rnd() * (words.length - 1))
  ;[words[i], words[i + 1]] = [words[i + 1]!, words[i]!]
  return words.join(' ')
}

function dropLegal(name: string): string | undefined {
  const words = name.split(/\s+/)
  const keys = words.map(key)
  const keep: string[] = []
  let dropped = false
  for (let i = 0; i < words.length; ) {
    let n = 0
    for (let k = Math.min(LEGAL_PHRASE_MAX_WORDS, words.length - i); k >= 1; k--) {
      if (LEGAL_PHRASES.has(keys.slice(i, i + k).join(' ')) && !(k === 1 && keys[i]!.length <= 2 && !/[.,]/.test(words[i]!) && words[i] !== words[i]!.toUpperCase())) {
        n = k
        break
      }
    }
    if (n > 0 && words.length - n >= 1) {
      dropped = true
      i += n
    } else keep.push(words[i++]!)
  }
  const out = keep.join(' ').replace(/[\s,]+$/, '').trim()
  return dropped && out !== '' ? out : undefined
}

function abbreviate(name: string): string | undefined {
  let changed = false
  const out = name.split(' ').map((w) => {
    const m = /^([A-Za-z]+)(.*)$/.exec(w)
    const a = m ? ABBREVIATE.get(m[1]!.toLowerCase()) : undefined
    if (!m || a === undefined) return w
    changed = true
    return a + m[2]
  })
  return changed ? out.join(' ') : undefined
}

function punctAndCase(name: string): string | undefined {
  const out = name.toLowerCase().replace(/[.,()'"\-&/]+/g, ' ').replace(/\s+/g, ' ').trim()
  return out !== name ? out : undefined
}

function dropCity(name: string, entry: ListEntry): string | undefined {
  if (/\([^()]*\)/.test(name)) {
    const out = name.replace(/\s*\([^()]*\)/g, '').replace(/\s+/g, ' ').trim()
    return out !== '' && out !== name ? out : undefined
  }
  const cities = new Set(entry.addresses.map((a) => (a.city ?? a.text.split(',').slice(-3, -2)[0] ?? '').trim().toLowerCase()).filter((c) => c.length >= 3))
  const words = name.split(' ')
  if (words.length < 3) return undefined
  const kept = words.filter((w) => !cities.has(w.toLowerCase().replace(/[^a-z]/g, '')))
  return kept.length < words.length && kept.length >= 2 ? kept.join(' ') : undefined
}

/** One variant of each applicable kind for each Entity List primary name, seeded. */
/** `lists`: the lists whose primary names are perturbed (the Entity List by default; `un`, `uk` for issue 16's bench). */
export function perturbEntityList(entries: readonly ListEntry[], seed = 10, lists: ReadonlySet<string> = new Set(['el'])): Perturbed[] {
  const rnd = seededRandom(seed)
  const out: Perturbed[] = []
  for (const entry of entries) {
    if (!lists.has(entry.list)) continue
    const original = entry.names[0]?.name.trim().replace(/\s+/g, ' ')
    if (!original) continue
    const variants: [PerturbKind, string | undefined][] = [
      ['typo', typo(original, rnd)],
      ['order', swapWords(original, rnd)],
      ['legal', dropLegal(original)],
      ['abbrev', abbreviate(original)],
      ['punct', punctAndCase(original)],
      ['city', dropCity(original, entry)],
    ]
    for (const [kind, name] of variants) if (name !== undefined && name !== original) out.push({ kind, name, original, entry })
  }
  return out
}
