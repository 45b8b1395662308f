/**
 * Owners on restricted lists. The Affiliates Rule (15 CFR 744.11(a)(3)): a party owned 50 % or more, in aggregate, by
 * Entity List or MEU List parties is treated as listed. Its standing on each date (in force, suspended) and the
 * ownership threshold are dated data (data/policies/affiliates-*.yaml). Whatever the rule's standing, an owner matching
 * any restricted list is a red flag to inquire into (data/policies/listed-owner-red-flag.yaml: BIS's Know Your Customer
 * guidance, and red flag 29 while the rule is in force); an unreviewed owner match is pending review like a party's own.
 */
import { parameterAt, thresholdAt, type Citation } from '../../rules/parameter-at.js'
import { listName } from '../list-citations.js'
import { citationOf, pendingHitOf, RESTRICTIVENESS, type RequirementContext, type RequirementFamily, type RequirementOutcome } from '../requirement-context.js'
import { entryPolicyFor } from './listed-parties.js'
import { isCleared } from '../hit-reviews.js'
import type { PartyHit, PartyOutcome, ReviewPolicy } from '../types.js'
import type { Party } from '../transaction-schema.js'

const RULE_ID = 'policies.affiliates-rule'
const RED_FLAG_RULE = 'policies.listed-owner-red-flag'
const isOwnerList = (list: string) => list === 'el' || list === 'meu'
const pct = (share: number) => `${Math.round(share * 100)} %`

type Owner = PartyOutcome['owners'][number]
/** An owner's listed entry and the licence review policy that entry would bring (EL: the entry's own text; MEU: presumption of denial). */
type OwnerPolicy = { owner: Owner; hit: PartyHit; policy: ReviewPolicy; citations: Citation[] }

function ownerPolicies(ctx: RequirementContext, owners: readonly Owner[], hitsOf: (o: Owner) => PartyHit[]): OwnerPolicy[] {
  return owners.flatMap((owner) =>
    hitsOf(owner).map((hit) => {
      const read = hit.list === 'el' ? entryPolicyFor(ctx, hit.licensePolicy) : null
      return { owner, hit, policy: read?.answer.policy ?? 'presumption-of-denial', citations: read ? [read.citation] : [] }
    }),
  )
}

export const affiliatesFamily: RequirementFamily = {
  id: 'affiliates',
  title: 'The Affiliates Rule: parties 50 % or more owned by Entity List or MEU List parties; owners on restricted lists as red flags',
  evaluate(ctx) {
    const out: RequirementOutcome[] = []
    const affiliates = parameterAt<string>(ctx.rules, RULE_ID, ctx.asOf)
    const ownershipThreshold = thresholdAt(ctx.rules, 'policies.affiliates-ownership-threshold', ctx.asOf)
    for (const { party, outcome } of ctx.screened) {
      // an owner's match an officer cleared (a review of the stored party the transaction names: hit-reviews.ts) decides nothing
      const liveHits = (o: Owner) => (o.screening?.hits ?? []).filter((h) => !isCleared(h))
      const ownerHits = (o: Owner) => liveHits(o).filter((h) => isOwnerList(h.list))
      const listedOwners = outcome.owners.filter((o) => ownerHits(o).length > 0)
      const share = listedOwners.reduce((s, o) => s + o.share, 0)
      const meets = listedOwners.length > 0 && !!ownershipThreshold && share >= ownershipThreshold.value
      const status = affiliates?.value
      let treatedAsListed = false
      if (meets && (status === 'in-force' || status === 'unknown')) {
        const statusCitation = citationOf(affiliates!)
        const policies = ownerPolicies(ctx, listedOwners, ownerHits).sort((a, b) => RESTRICTIVENESS[b.policy] - RESTRICTIVENESS[a.policy])
        const worst = policies[0]!
        // whose policy: each owner's entry and the policy it brings, the most restrictive named
        const whose = policies.map((p) => `${p.owner.name} (${pct(p.owner.share)}) matches ${listName(p.hit.list)} entry "${p.hit.primaryName}" (${p.hit.entryId})${p.hit.list === 'el' && p.hit.licensePolicy ? `, licence review policy "${p.hit.licensePolicy.replace(/\s+/g, ' ').trim()}"` : ''}: ${p.policy.replace(/-/g, ' ')}`).join('; ')
        out.push({
          ruleId: RULE_ID,
          text: `${party.name} is ${pct(share)} owned by listed parties (${listedOwners.map((o) => o.name).join(', ')}); ${status === 'unknown' ? `if the Affiliates Rule is in force on ${ctx.asOf} (its status is unknown), ` : 'under the Affiliates Rule '}it is treated as listed: a licence is required and the most restrictive owner's policy applies — ${worst.owner.name}'s ${listName(worst.hit.list)} entry, ${worst.policy.replace(/-/g, ' ')} (${whose}).`,
          // what the answer would be without the owners is said beside it (determine.ts)
          withoutIt: `the listed owners`,
          citations: [statusCitation, ...policies.flatMap((p) => p.citations)],
          part744: true,
          exceptions: [],
          policy: { value: worst.policy, ruleId: RULE_ID, citations: [statusCitation] },
          // the owners' matches no one reviewed (a recorded transaction queues them under the party): it holds if they are confirmed
          pendingHits: listedOwners.flatMap((o) => ownerHits(o).filter((h) => !h.review).map((h) => pendingHitOf({ role: 'owner', name: o.name }, h))),
          ...(status === 'unknown' ? { conditional: { status: 'unknown' as const, ruleId: RULE_ID, citations: [statusCitation] } } : {}),
        })
        treatedAsListed = status === 'in-force'
      }
      if (!treatedAsListed) listedOwnerFlag(ctx, party, outcome.owners, liveHits, meets && status !== 'unknown' ? { share, status: status ?? null, citation: affiliates ? citationOf(affiliates) : null } : null)
    }
    return out
  },
}

/**
 * The red flag an owner on a restricted list raises on every date (the basis is dated data), naming each owner, its
 * share and its entry; with the Affiliates Rule's standing when the listed owners together reach its threshold.
 */
function listedOwnerFlag(ctx: RequirementContext, party: Party, owners: readonly Owner[], hitsOf: (o: Owner) => PartyHit[], affiliates: { share: number; status: string | null; citation: Citation | null } | null): void {
  const basis = parameterAt<boolean>(ctx.rules, RED_FLAG_RULE, ctx.asOf)
  const listed = owners.filter((o) => hitsOf(o).length > 0)
  if (!basis?.value || listed.length === 0) return
  const matches = listed.flatMap((o) => hitsOf(o).map((h) => `${o.name} (${pct(o.share)} owner) matches ${listName(h.list)} entry "${h.primaryName}" (${h.entryId}, score ${h.score.toFixed(2)}${h.review ? `, confirmed by ${h.review.reviewedBy}` : ', not reviewed: confirm or clear it'})`))
  const rule = affiliates
    ? ` Together the Entity List and MEU List owners hold ${pct(affiliates.share)}: the Affiliates Rule is ${affiliates.status ?? 'not in force'} on ${ctx.asOf}, so it imposes no requirement.`
    : ''
  const citation = citationOf(basis)
  ctx.flags.push({
    kind: 'red-flag',
    id: `listed-owner-${party.role}`,
    party: { role: party.role, name: party.name },
    text: `${party.name} (${party.role}) is owned by a party on a restricted list: ${matches.join('; ')}. This is a red flag (${citation.cfr}): inquire into the ownership, the control and the end use before going on.${rule}`,
    citations: [citation, ...(affiliates?.citation ? [affiliates.citation] : [])],
  })
  // an owner's match no one reviewed is pending review like the party's own: the flag rests on it
  for (const o of listed) for (const h of hitsOf(o)) if (!h.review) ctx.flagHits.push({ ...pendingHitOf({ role: 'owner', name: o.name }, h), kind: 'red-flag' })
}
