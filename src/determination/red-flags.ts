import type { Rules } from '../rules/load-rules.js'
import type { Citation } from '../rules/parameter-at.js'
import type { IsoDate } from '../shared/iso-date.js'
import type { Flag } from './types.js'

/**
 * The red flags in force on `asOf` (data/red-flags/*.yaml), checked against the transaction's answers:
 * a flag is raised when the answer is the one that raises it; unanswered questions are listed together.
 */
export function evaluateRedFlags({ rules, asOf, answers }: { rules: Rules; asOf: IsoDate; answers: Record<string, 'yes' | 'no'> }): Flag[] {
  const flags: Flag[] = []
  const unanswered: string[] = []
  const known = new Set<string>()
  for (const set of rules.redFlags.values()) {
    const source = rules.sources.get(set.source)
    for (const f of set.flags) {
      known.add(f.id)
      const from = f.effective ?? set.effective
      const until = f.until === undefined ? set.until ?? null : f.until
      if (from > asOf || (until !== null && asOf >= until)) continue
      const s = rules.sources.get(f.source ?? set.source) ?? source
      const citation: Citation | null = s
        ? { ruleId: `red-flags.${set.id}.${f.id}`, effective: from as IsoDate, cfr: f.cfr ?? set.cfr, source: { id: s.id, citation: s.citation, title: s.title, url: s.url }, ...(set.unverified || s.unverified ? { unverified: true } : {}) }
        : null
      const answer = answers[f.id]
      if (answer === undefined) unanswered.push(f.id)
      else if (answer === f.raisedWhen) flags.push({ kind: 'red-flag', id: f.id, text: f.text, ...(citation ? { citations: [citation] } : {}) })
    }
  }
  for (const id of Object.keys(answers)) {
    if (!known.has(id)) flags.push({ kind: 'condition', id: `unknown-answer-${id}`, text: `The answer "${id}" matches no red-flag question; see \`chipnav red-flags\` for the ids.` })
  }
  if (unanswered.length) flags.push({ kind: 'unanswered-red-flags', id: 'unanswered-red-flags', text: `${unanswered.length} red-flag questions in force on ${asOf} are unanswered: ${unanswered.join(', ')}.` })
  return flags
}
