/** Parties that match a restricted-party list: Entity List, MEU List, Denied Persons, SDN, Unverified List; other lists (ITAR debarred, ISN …) are red flags. */
import type { Citation } from '../../rules/parameter-at.js'
import { listCitation, listName } from '../list-citations.js'
import { citationOf, pendingHitOf, type Policy, type RequirementContext, type RequirementFamily, type RequirementOutcome } from '../requirement-context.js'
import { ENTRY_POLICY_RULE, readEntryPolicy, type EntryPolicyAnswer, type EntryPolicyReading } from '../entry-policy.js'
import { parameterAt } from '../../rules/parameter-at.js'
import type { Party } from '../transaction-schema.js'
import type { Flag, PartyHit } from '../types.js'
import { isCleared } from '../hit-reviews.js'
import { SANCTIONS_LISTS } from './sanctions-jurisdictions.js'


/** The review policy an Entity List entry states for this item, read from its text with the dated phrase table. */
export function entryPolicyFor(ctx: Pick<RequirementContext, 'rules' | 'asOf' | 'item'>, text: string | undefined): { answer: EntryPolicyAnswer; citation: Citation } | null {
  const reading = parameterAt<EntryPolicyReading>(ctx.rules, ENTRY_POLICY_RULE, ctx.asOf)
  if (!reading?.value || !text?.trim()) return null
  return { answer: readEntryPolicy(text, reading.value, ctx.item.eccn), citation: citationOf(reading) }
}

/** a clause as a reminder of the full text quoted before it */
const short = (s: string) => (s.length > 70 ? `${s.slice(0, 67).trimEnd()}…` : s)
const quote = (s: string) => `"${s.replace(/\s+/g, ' ').trim()}"`

/** The Entity List requirement's review policy, with what the entry's text says for this item and the flags it needs. */
function entityListPolicy(ctx: RequirementContext, who: string, hit: PartyHit, citation: Citation): { policy: Policy; words: string } {
  const read = entryPolicyFor(ctx, hit.licensePolicy)
  const item = ctx.item.eccn ?? 'an item outside 3A090/4A090'
  if (!read) return { policy: { value: 'presumption-of-denial', ruleId: 'lists.el', citations: [citation] }, words: 'the entry states none; a presumption of denial is assumed' }
  const { answer } = read
  const citations = [citation, read.citation]
  if (!answer.policy) {
    ctx.flags.push({ kind: 'condition', id: `lists.el-policy-unread-${hit.entryId}`, text: `${who}: its licence review policy ${quote(hit.licensePolicy!)} names no review policy chipnav reads (it may refer to another section); a presumption of denial is assumed. Read the referenced text.`, citations })
    return { policy: { value: 'presumption-of-denial', ruleId: 'lists.el', citations }, words: 'no review policy read from it; a presumption of denial is assumed' }
  }
  if (answer.open.length) {
    ctx.flags.push({ kind: 'condition', id: `lists.el-policy-depends-${hit.entryId}`, text: `${who}: its review policy depends on what chipnav cannot tell about this item (its other ECCN, or the end use): ${answer.open.map((o) => `${quote(o.clause)} would give ${o.policy.replace(/-/g, ' ')}`).join('; ')}. The stricter ${answer.policy.replace(/-/g, ' ')} is assumed.`, citations })
  }
  if (!answer.split) return { policy: { value: answer.policy, ruleId: 'lists.el', citations }, words: '' }
  const not = answer.notCovering.length ? `; not the clause${answer.notCovering.length > 1 ? 's' : ''} ${answer.notCovering.map((c) => quote(short(c))).join(', ')}, which does not cover it` : ''
  return { policy: { value: answer.policy, ruleId: 'lists.el', citations }, words: `for ${item}: ${answer.policy.replace(/-/g, ' ')}, by the clause ${answer.deciding.map((c) => quote(short(c))).join(', ')}${not}` }
}

function listedPartyRequirement(ctx: RequirementContext, party: Party, hit: PartyHit): RequirementOutcome | null {
  const citation = listCitation(hit.list, hit, ctx.screened.flatMap((s) => s.outcome.screening?.snapshots ?? []), ctx.asOf)
  const who = `${party.name} (${party.role}) matches ${listName(hit.list)} entry "${hit.primaryName}"`
  switch (hit.list) {
    case 'el': {
      const { policy, words } = entityListPolicy(ctx, who, hit, citation)
      return { ruleId: 'lists.el', text: `${who}: a licence is required (the entry's licence requirement: ${hit.licenseRequirement ? quote(hit.licenseRequirement) : 'all items subject to the EAR'}; its licence review policy: ${hit.licensePolicy ? `${quote(hit.licensePolicy)}${words ? `, ${words}` : ''}` : words}). No licence exception applies.`, citations: [citation], part744: true, exceptions: [], policy }
    }
    case 'meu':
      return { ruleId: 'lists.meu', text: `${who}: a licence is required (15 CFR 744.21), reviewed under a presumption of denial.`, citations: [citation], part744: true, exceptions: [], policy: { value: 'presumption-of-denial', ruleId: 'lists.meu', citations: [citation] } }
    case 'dpl':
      return { ruleId: 'lists.dpl', text: `${who}: a denial order prohibits taking part in any export transaction with this person.`, citations: [citation], prohibited: true, part744: true, exceptions: [], policy: null }
    case 'sdn':
      return { ruleId: 'lists.sdn', text: `${who}: property and interests of SDNs are blocked; U.S. persons may not deal with them without an OFAC licence.`, citations: [citation], prohibited: true, part744: true, exceptions: [], policy: null }
    case 'uvl':
      ctx.flags.push({ kind: 'red-flag', id: `uvl-${hit.entryId}`, text: `${who}: licence exceptions are unavailable and a UVL statement is required before export (15 CFR 744.15).`, citations: [citation] })
      return null
    default:
      // UN, UK and EU lists: what they mean depends on the organisation's jurisdictions (sanctions-jurisdictions.ts)
      if (SANCTIONS_LISTS.has(hit.list)) return null
      ctx.flags.push({ kind: 'red-flag', id: `list-${hit.list}-${hit.entryId}`, text: `${who}${matchWords(hit)}; ${hit.list === 'dtc' ? 'debarment (22 CFR 127.7) bars the party from activities subject to the ITAR only: it sets no licence requirement under the EAR, but dealing with a debarred party is a red flag — resolve it before going on' : "check the programme's restrictions"}.`, citations: [citation] })
      return null
  }
}

/** How the name matched, for a flag that stands on the match alone: the name on the list that matched and the score. */
function matchWords(hit: PartyHit): string {
  const partial = hit.score < 1 ? 'partial name match' : 'exact name match'
  return ` (${partial}${hit.matchedName && hit.matchedName !== hit.primaryName ? ` via "${hit.matchedName}"` : ''}, score ${hit.score.toFixed(2)})`
}

/** The flag a hit no officer has reviewed raises (determinations and access checks): its requirement holds only if the match is confirmed. */
export function unreviewedHitFlag(party: { role: string; name: string }, hit: PartyHit): Flag {
  return { kind: 'screening-review', id: `hit-${party.role}-${hit.list}-${hit.entryId}`, party: { role: party.role, name: party.name }, text: `${party.name} (${party.role}) matches ${listName(hit.list)} entry "${hit.primaryName}" (${hit.entryId}, score ${hit.score.toFixed(2)}${hit.matchedThrough ? `, found through "${hit.matchedThrough.form}", a Latin form made of the Chinese name: ${hit.matchedThrough.how}` : ''}); confirm or clear the hit.` }
}

/** Lists whose restrictions apply to items subject to the EAR (the SDN List is OFAC's, 31 CFR chapter V). */
const EAR_LISTS = new Set(['el', 'meu', 'dpl'])

export const listedPartiesFamily: RequirementFamily = {
  id: 'listed-parties',
  title: 'Parties matching the Entity List, MEU List, Denied Persons List, SDN List or Unverified List',
  appliesToItemsNotSubjectToEar: true,
  evaluate(ctx) {
    const out: RequirementOutcome[] = []
    for (const { party, outcome } of ctx.screened) {
      for (const hit of outcome.screening?.hits ?? []) {
        if (isCleared(hit)) continue
        if (!hit.review) ctx.flags.push(unreviewedHitFlag(party, hit))
        const found = listedPartyRequirement(ctx, party, hit)
        if (!found) continue
        const confirmed = hit.review ? ` The match was confirmed for stored party ${hit.review.partyId} by ${hit.review.reviewedBy} on ${hit.review.reviewedAt.slice(0, 10)} (hit ${hit.review.hitId}).` : ''
        const req: RequirementOutcome = { ...found, text: `${found.text}${confirmed}`, party: { role: party.role, name: party.name }, ...(hit.review ? {} : { pendingHits: [pendingHitOf(party, hit)] }) }
        // an EAR list binds items subject to the EAR; OFAC's SDN List binds U.S. persons whatever the item
        if (ctx.subjectToEar.subject || !EAR_LISTS.has(hit.list)) out.push(req)
        else ctx.flags.push({ kind: 'red-flag', id: `listed-not-subject-${party.role}-${hit.list}-${hit.entryId}`, party: { role: party.role, name: party.name }, text: `${req.text} This binds items subject to the EAR; the item is not, but dealing with a listed party is a red flag.`, citations: req.citations })
      }
    }
    return out
  },
}
