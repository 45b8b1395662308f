import { deepFreeze } from '../shared/deep-freeze.js'
import type { RedFlagsFile } from '../rules/data-schemas.js'
import type { Rules } from '../rules/load-rules.js'

type RedFlag = RedFlagsFile['flags'][number]
import type { Citation } from '../rules/parameter-at.js'
import type { IsoDate } from '../shared/iso-date.js'
import type { Flag } from './types.js'

export type RedFlagInForce = RedFlag & { set: string; from: IsoDate; citation: Citation | null }

/** The red-flag questions in force on `asOf`, each with its own dates and citation. */
export function redFlagsInForce(rules: Rules, asOf: IsoDate): readonly RedFlagInForce[] {
  let byDate = inForceCache.get(rules)
  if (byDate === undefined) inForceCache.set(rules, (byDate = new Map()))
  let flags = byDate.get(asOf)
  if (flags === undefined) {
    if (byDate.size >= 10_000) byDate.clear()
    byDate.set(asOf, (flags = deepFreeze(collectRedFlags(rules, asOf))))
  }
  return flags
}

/** The answers of redFlagsInForce per loaded rules (immutable) and date; frozen, as callers share them. */
const inForceCache = new WeakMap<Rules, Map<IsoDate, readonly RedFlagInForce[]>>()

function collectRedFlags(rules: Rules, asOf: IsoDate): RedFlagInForce[] {
  const out: RedFlagInForce[] = []
  for (const set of rules.redFlags.values()) {
    for (const f of set.flags) {
      const from = (f.effective ?? set.effective) as IsoDate
      const until = f.until === undefined ? set.until ?? null : f.until
      if (from > asOf || (until !== null && asOf >= until)) continue
      if (f.stays?.some((st) => st.from <= asOf && asOf < st.until)) continue
      const s = rules.sources.get(f.source ?? set.source)
      const citation: Citation | null = s
        ? { ruleId: `red-flags.${set.id}.${f.id}`, effective: from, cfr: f.cfr ?? set.cfr, source: { id: s.id, citation: s.citation, title: s.title, url: s.url }, ...(set.unverified || s.unverified ? { unverified: true } : {}) }
        : null
      out.push({ ...f, set: set.id, from, citation })
    }
  }
  return out
}

/**
 * The red flags in force on `asOf` (data/red-flags/*.yaml), checked against the transaction's answers:
 * a flag is raised when the answer is the one that raises it; unanswered questions are listed together.
 */
export function evaluateRedFlags({ rules, asOf, answers }: { rules: Rules; asOf: IsoDate; answers: Record<string, 'yes' | 'no'> }): Flag[] {
  const flags: Flag[] = []
  const unanswered: string[] = []
  const known = knownFlagIds(rules)
  for (const f of redFlagsInForce(rules, asOf)) {
    const answer = answers[f.id]
    if (answer === undefined) unanswered.push(f.id)
    else if (answer === f.raisedWhen) flags.push({ kind: 'red-flag', id: f.id, text: f.text, ...(f.citation ? { citations: [f.citation] } : {}) })
  }
  for (const id of Object.keys(answers)) {
    if (!known.has(id)) flags.push({ kind: 'condition', id: `unknown-answer-${id}`, text: `The answer "${id}" matches no red-flag question; see \`chipnav red-flags\` for the ids.` })
  }
  if (unanswered.length) flags.push({ kind: 'unanswered-red-flags', id: 'unanswered-red-flags', text: `${unanswered.length} red-flag questions in force on ${asOf} are unanswered: ${unanswered.join(', ')}.`, questions: unanswered })
  return flags
}

const knownIds = new WeakMap<Rules, ReadonlySet<string>>()
function knownFlagIds(rules: Rules): ReadonlySet<string> {
  let ids = knownIds.get(rules)
  if (ids === undefined) knownIds.set(rules, (ids = new Set([...rules.redFlags.values()].flatMap((set) => set.flags.map((f) => f.id)))))
  return ids
}
