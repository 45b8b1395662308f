/**
 * Every flag names where it comes from: which letter, which guidance, which rule, and which dated version
 * of it, so that two flags from two letters (the 2022-08-26 NVIDIA letter and the 2025 H20 letter both
 * have an "equivalence" clause with different thresholds) are told apart. The label is built from the
 * flag's first citation and data/sources.yaml; nothing here names a particular source.
 */
import type { Rules } from '../rules/load-rules.js'
import { distinctCitations, type Citation } from '../rules/parameter-at.js'
import type { Flag, FlagSource } from './types.js'

/** How a source kind (data/sources.yaml `kind`) is named in a label. */
const KIND_WORDS: Readonly<Record<string, string>> = {
  'federal-register': 'rule',
  guidance: 'guidance',
  letter: 'is-informed letter',
  'press-release': 'press release',
  'sec-filing': 'SEC filing',
  proclamation: 'proclamation',
  statute: 'statute',
  regulation: 'regulation',
}

/** The source of one citation, labelled for people: "is-informed letter of 2022-08-26 (NVIDIA Form 8-K, 2022-08-31)". */
export function flagSource(rules: Rules, c: Citation): FlagSource {
  const s = rules.sources.get(c.source.id)
  const unverified = c.unverified || c.source.unverified ? { unverified: true as const } : {}
  if (!s) return { id: c.source.id, kind: null, label: c.source.citation, version: c.effective, ...unverified }
  const issued = s.effective ?? s.published
  const word = KIND_WORDS[s.kind] ?? s.kind
  const dated = s.citation.includes(issued) ? word : `${word} of ${issued}`
  // a later dated reading of the same source (e.g. a letter's review policy learned later) is named as such
  const version = c.effective > issued ? `, as read from ${c.effective}` : ''
  return { id: s.id, kind: s.kind, label: `${dated} (${s.citation})${version}`, version: c.effective, ...unverified }
}

/** The flags with their `source` (when they cite one), each distinct flag once, each citation of a flag once. */
export function withFlagSources(flags: readonly Flag[], rules: Rules): Flag[] {
  const seen = new Set<string>()
  const out: Flag[] = []
  for (const f of flags) {
    const key = `${f.kind}\u0000${f.id}\u0000${f.text}`
    if (seen.has(key)) continue
    seen.add(key)
    // a flag names each citation once (two rules citing one paragraph of one source print alike)
    const citations = f.citations && distinctCitations(f.citations)
    const one = citations && citations.length !== f.citations!.length ? { ...f, citations } : f
    const first = one.citations?.[0]
    out.push(first && !one.source ? { ...one, source: flagSource(rules, first) } : one)
  }
  return out
}
