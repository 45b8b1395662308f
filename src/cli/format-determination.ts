/**
 * `chipnav check` for people: the verdict and review policy first, then the reasons that decide it (at
 * most six, each with its own citation; a party's matches on many entries of one list once, the others
 * counted), then the flags grouped (unanswered red-flag questions counted, unverified data entries named
 * once, at most three screening hits a party), then the parties. `--verbose` prints every citation, every flag
 * with its source and citations, and every unanswered question; `--json` is the full result.
 */
import { groupReasonsByParty } from '../determination/group-reasons.js'
import { redFlagsInForce } from '../determination/red-flags.js'
import { POLICY_WORDS } from '../determination/requirement-context.js'
import type { DeterminationResult, Flag, FlagKind, OutcomeSummary, PendingReview, Verdict } from '../determination/types.js'
import type { Rules } from '../rules/load-rules.js'
import type { Citation } from '../rules/parameter-at.js'
import { enUsNumber } from '../shared/format-number.js'

/** At most this many reasons are printed without --verbose. */
const MAX_REASONS = 6
/** At most this many screening hits of one party are printed without --verbose (under Check: and Parties:). */
const MAX_HITS_PER_PARTY = 3

/** "Huawei Technologies Co., Ltd. (end-user)": the party a screening-hit flag is about, as its text names it. */
const partyLabel = (p: { role: string; name: string }) => `${p.name} (${p.role})`

/** The order flags are shown in, most pressing first, and the word each kind is shown with. */
const FLAG_ORDER: readonly FlagKind[] = ['sanctions', 'status-unknown', 'red-flag', 'screening-review', 'not-screened', 'transshipment-risk', 'condition', 'possible-coverage', 'near-cap', 'regime-difference', 'unanswered-red-flags', 'rules-currency', 'unverified-rule']
const FLAG_WORDS: Record<FlagKind, string> = {
  sanctions: 'sanctions',
  'status-unknown': 'status unknown',
  'red-flag': 'red flag',
  'screening-review': 'screening hit',
  'not-screened': 'not screened',
  'transshipment-risk': 'diversion risk',
  condition: 'condition',
  'possible-coverage': 'possible coverage',
  'near-cap': 'near the cap',
  'regime-difference': 'other regime',
  'unanswered-red-flags': 'red-flag questions',
  'unverified-rule': 'unverified',
  'rules-currency': 'rules data',
}

export type FormatOptions = { verbose?: boolean }

const num = (x: number | null | undefined) => (x === null || x === undefined ? 'unknown' : enUsNumber(Math.round(x)))
const words = (s: string) => s.replace(/-/g, ' ')

function citationText(c: Citation): string {
  return `${c.cfr}; ${c.source.citation}${c.effective && !c.effectiveUnknown ? `, effective ${c.effective}` : ''}${c.unverified ? '; UNVERIFIED' : ''}`
}

/** Country-group membership citations support a reason; they are counted, and printed with --verbose. */
const isMembership = (c: Citation) => c.ruleId.startsWith('country-groups.')

function compactCitations(cs: readonly Citation[]): string {
  const main = cs.filter((c) => !isMembership(c))
  const groups = cs.length - main.length
  const shown = [...new Set((main.length ? main : cs.slice(0, 1)).map(citationText))]
  const rest = main.length ? groups : groups - 1
  return `${shown.join(' · ')}${rest > 0 ? ` (+${rest} country-group citation${rest > 1 ? 's' : ''})` : ''}`
}

function headline(r: DeterminationResult): string[] {
  const policy = r.reviewPolicy ? ` — ${words(r.reviewPolicy)}` : ''
  const le = r.licenseExceptions.length ? ` — licence exception ${r.licenseExceptions.map((e) => e.id).join(', ')}` : ''
  const ref = r.item.ref as Record<string, unknown>
  const what = String(ref.chip ?? ref.system ?? ref.eccn ?? (ref.spec as { id?: string } | undefined)?.id ?? 'item')
  const eccn = r.item.eccn ?? 'outside 3A090/4A090'
  const tpp = r.item.tppPerUnit === null ? '' : `, TPP ${num(r.item.tppPerUnit)} each`
  const undetermined = r.item.determined ? '' : ' — classification undetermined, most restrictive assumed'
  const treated = r.toTreatedAs !== r.to ? ` (treated as ${r.toTreatedAs})` : ''
  // an item not subject to the EAR needs no EAR licence: say so plainly (the verdict stays NLR for API clients)
  const first = r.verdict === 'NLR' && r.subjectToEar?.subject === false ? 'Not subject to the EAR (NLR: no EAR licence requirement)' : `${r.verdict}${policy}${le}`
  // a party name in a script the lists barely hold (determination/screen-parties.ts): the verdict is not a clean one
  const uncovered = r.flags.some((f) => f.kind === 'not-screened' && f.id.startsWith('name-script-uncovered-')) ? ' — a party is NOT CLEANLY SCREENED (name in a script the lists barely hold: see Check)' : ''
  return [`${first}${uncovered}`, `  ${r.quantity} x ${what} (${eccn}${tpp}${undetermined}), ${r.from} → ${r.to}${treated}, ${r.date}, ${r.regime}`]
}

function outcomeText(o: OutcomeSummary): string {
  return `${o.verdict}${o.reviewPolicy ? ` — ${words(o.reviewPolicy)}` : ''}${o.licenseExceptions.length ? ` — licence exception ${o.licenseExceptions.join(', ')}` : ''}`
}

/**
 * "Pending screening review: PROHIBITED holds if the match is confirmed; if cleared: LICENSE_REQUIRED — reviewed under a
 * presumption of denial" (determinations and access checks alike).
 */
export function pendingReviewLine(verdict: Verdict, p: PendingReview): string {
  const c = p.ifCleared
  const le = c.licenseExceptions?.length ? ` — licence exception ${c.licenseExceptions.join(', ')}` : ''
  return `Pending screening review: ${verdict} holds if ${p.hits.length === 1 ? 'the match is' : 'the matches are'} confirmed; if cleared: ${c.verdict}${c.reviewPolicy ? ` — reviewed ${POLICY_WORDS[c.reviewPolicy]}` : ''}${le}`
}

/** A rule whose standing is unknown changes the answer: both answers, the one shown above first. */
function unknownStatusLines(r: DeterminationResult): string[] {
  return (r.unknownRuleStatus ?? []).flatMap((u) => [
    `  Status of ${u.ruleId} unknown: the answer depends on it.`,
    `    if in force (shown): ${outcomeText(u.ifInForce)}`,
    `    if not in force:     ${outcomeText(u.ifNotInForce)}`,
  ])
}

function allocationLines(r: DeterminationResult): string[] {
  const L: string[] = []
  for (const e of r.licenseExceptions) if (e.notifyBy) L.push(`NAC notification: file by ${e.notifyBy} for an export on ${r.date}.`)
  const t2 = r.allocations?.tier2Country
  if (t2) L.push(`Tier 2 allocation (${t2.country}): ${num(t2.usedBefore)} + ${num(t2.adding)} = ${num(t2.after)} of ${num(t2.cap)} TPP${t2.within ? '' : ' — OVER'}`)
  const lpp = r.allocations?.lppConsigneeYear
  if (lpp) L.push(`LPP (consignee, this year): ${num(lpp.usedBefore)} + ${num(lpp.adding)} = ${num(lpp.after)} of ${num(lpp.cap)} TPP${lpp.within ? '' : ' — OVER'}`)
  return L
}

/** "28 red-flag questions unanswered (18 from 15 CFR part 732, supp. no. 3; 10 from BIS guidance, 2025-05-13)" */
function unansweredLine(f: Flag, r: DeterminationResult, rules: Rules | undefined): string {
  const ids = f.questions ?? []
  const bySource = new Map<string, number>()
  if (rules) {
    // grouped by question set (data/red-flags/<set>.yaml), named by the set's source
    const setName = (set: string) => {
      const source = rules.redFlags.get(set)?.source
      return (source && rules.sources.get(source)?.citation) ?? set
    }
    const setOf = new Map(redFlagsInForce(rules, r.date).map((q) => [q.id, setName(q.set)]))
    for (const id of ids) {
      const key = setOf.get(id) ?? 'other'
      bySource.set(key, (bySource.get(key) ?? 0) + 1)
    }
  }
  const groups = bySource.size ? ` (${[...bySource].map(([s, n]) => `${n} from ${s}`).join('; ')})` : ''
  return `${ids.length || 'Some'} red-flag questions unanswered${groups}: \`chipnav red-flags --date ${r.date}\` lists them; answer with --red-flag <id>=yes|no`
}

/** Red flags about a party, grouped by the rule they cite and the party: the first maps to how many follow, the others to -1. */
function groupedRedFlags(flags: readonly Flag[]): Map<Flag, number> {
  const out = new Map<Flag, number>()
  const candidates = flags.filter((f) => f.kind === 'red-flag' && f.party).map((f) => ({ ...f, ruleId: f.citations?.[0]?.ruleId ?? f.id.replace(/-[^-]*$/, ''), flag: f }))
  for (const { reason, more } of groupReasonsByParty(candidates)) {
    out.set(reason.flag, more.length)
    for (const m of more) out.set(m.flag, -1)
  }
  return out
}

/** the id prefix of a flag naming one unverified statement of a certification set (determination/china-case-by-case.ts) */
const UNVERIFIED_STATEMENT = 'unverified-certification-'

function flagLines(r: DeterminationResult, rules: Rules | undefined, verbose: boolean): string[] {
  const flags = [...r.flags].sort((a, b) => FLAG_ORDER.indexOf(a.kind) - FLAG_ORDER.indexOf(b.kind))
  const L: string[] = []
  const unverified = flags.filter((f) => f.kind === 'unverified-rule')
  const hitsShown = new Map<string, number>()
  const hitsHidden = new Map<string, number>()
  /** where the count of a party's hits not shown goes: after its last one shown */
  const after = new Map<string, number>()
  // a party matching many entries of one list is one red flag here, the others counted (as its reasons are)
  const redFlags = verbose ? new Map<Flag, number>() : groupedRedFlags(flags)
  for (const f of flags) {
    if (redFlags.get(f) === -1) continue
    if (f.kind === 'screening-review' && !verbose && f.party) {
      const party = partyLabel(f.party)
      const n = hitsShown.get(party) ?? 0
      if (n >= MAX_HITS_PER_PARTY) {
        hitsHidden.set(party, (hitsHidden.get(party) ?? 0) + 1)
        continue
      }
      hitsShown.set(party, n + 1)
    }
    if (f.kind === 'unanswered-red-flags') {
      L.push(`  ? ${unansweredLine(f, r, rules)}`)
      if (verbose) L.push(`      ${(f.questions ?? []).join(', ')}`)
      continue
    }
    if (f.kind === 'unverified-rule' && !verbose) continue
    const more = redFlags.get(f) ?? 0
    L.push(`  ${f.kind === 'unverified-rule' || f.kind === 'rules-currency' ? '~' : '!'} ${FLAG_WORDS[f.kind] ?? f.kind}: ${f.text}${more ? ` (and ${more} more entr${more > 1 ? 'ies' : 'y'} of the same list for this party: --verbose)` : ''}`)
    if (f.source && (verbose || f.kind !== 'unverified-rule')) L.push(`      source: ${f.source.label}${f.source.unverified ? ' (UNVERIFIED)' : ''}`)
    if (verbose) for (const c of f.citations ?? []) L.push(`      [${citationText(c)}]`)
    if (f.kind === 'screening-review' && f.party) after.set(partyLabel(f.party), L.length)
  }
  const hidden = [...hitsHidden].map(([party, n]) => ({ at: after.get(party) ?? L.length, line: `  ! screening hit: ${party} matches ${n} more entr${n > 1 ? 'ies' : 'y'}; confirm or clear each (--verbose lists them)` }))
  for (const { at, line } of hidden.sort((a, b) => b.at - a.at)) L.splice(at, 0, line)
  if (unverified.length && !verbose) {
    // one name per data entry; an entry's unverified statements (a certification set's) named after it
    const entries = new Map<string, string[]>()
    for (const f of unverified) {
      const id = f.citations?.[0]?.ruleId ?? f.id
      const statement = f.id.startsWith(UNVERIFIED_STATEMENT) ? f.id.slice(UNVERIFIED_STATEMENT.length) : null
      entries.set(id, [...(entries.get(id) ?? []), ...(statement ? [statement] : [])])
    }
    const ids = [...entries].map(([id, statements]) => (statements.length ? `${id} (statement${statements.length > 1 ? 's' : ''} ${statements.join(', ')})` : id))
    L.push(`  ~ unverified: the answer relies on ${ids.length} data entr${ids.length > 1 ? 'ies' : 'y'} not checked against the primary text: ${ids.join(', ')}`)
  }
  return L
}

function partyLines(r: DeterminationResult, verbose: boolean): string[] {
  return r.parties.map((p) => {
    const all = p.screening?.hits ?? []
    const shown = verbose ? all : all.slice(0, MAX_HITS_PER_PARTY)
    const more = all.length > shown.length ? `; and ${all.length - shown.length} more (--verbose)` : ''
    const uncovered = (p.screening?.notices ?? []).filter((n) => n.code === 'NAME_SCRIPT_UNCOVERED').map((n) => n.script)
    const notClean = uncovered.length > 0 ? ` — NOT CLEANLY SCREENED: name in ${uncovered.join(', ')} script, which the lists barely hold (see the flags)` : ''
    const hits = p.screening ? (all.length ? `${shown.map((h) => `${h.list.toUpperCase()} "${h.primaryName}" (${h.entryId}, ${h.score.toFixed(2)}${h.matchedThrough ? `, via "${h.matchedThrough.form}"` : ''})`).join('; ')}${more}` : 'no hit') + notClean : 'not screened'
    return `  ${p.role}: ${p.name} (${p.country}${p.headquarters ? `, HQ ${p.headquarters}` : ''}${p.ultimateParentHeadquarters ? `, parent HQ ${p.ultimateParentHeadquarters}` : ''}) — ${hits}`
  })
}

/**
 * The determination as text. `rules` (the rules the answer was made with) lets the unanswered red-flag
 * questions be counted per source; without it they are only counted.
 */
export function formatDetermination(r: DeterminationResult, rules?: Rules, opts: FormatOptions = {}): string {
  const verbose = opts.verbose ?? false
  const unknown = unknownStatusLines(r)
  const L: string[] = [...headline(r), ...unknown, ...(r.pendingReview ? [`  ${pendingReviewLine(r.verdict, r.pendingReview)}`] : []), '', 'Why:']
  // a party matching many entries of one list (Huawei: 32 Entity List entries) is one reason here, the others counted
  const grouped = verbose ? r.reasons.map((x) => ({ x, more: 0 })) : groupReasonsByParty(r.reasons).map(({ reason, more }) => ({ x: reason, more: more.length }))
  const reasons = verbose ? grouped : grouped.slice(0, MAX_REASONS)
  reasons.forEach(({ x, more }, i) => {
    L.push(`  ${i + 1}. ${x.text}${more ? ` (and ${more} more entr${more > 1 ? 'ies' : 'y'} of the same list for this party: --verbose)` : ''}`)
    if (verbose) for (const c of x.citations) L.push(`     [${citationText(c)}]`)
    else if (x.citations.length) L.push(`     ${compactCitations(x.citations)}`)
  })
  if (reasons.length < grouped.length) L.push(`  … ${grouped.length - reasons.length} more (--verbose)`)
  const extra = allocationLines(r)
  if (extra.length) L.push('', ...extra)
  const flags = flagLines(r, rules, verbose)
  if (flags.length) L.push('', 'Check:', ...flags)
  if (r.parties.length) L.push('', 'Parties:', ...partyLines(r, verbose))
  const lists = r.listSnapshots.length ? `; lists ${r.listSnapshots.map((s) => `${s.source} ${s.sha256.slice(0, 12)}`).join(', ')}` : ''
  L.push('', verbose ? `rulesVersion ${r.rulesVersion}${lists}` : `rulesVersion ${r.rulesVersion.slice(0, 12)}${lists} · every citation and flag: --verbose; the full result: --json`)
  return L.join('\n')
}
