/**
 * Sanctions lists beyond the United States (UN, UK, EU): what a hit means depends on the jurisdictions the
 * organisation is bound by. A hit on a list of a binding jurisdiction blocks the transaction with that
 * jurisdiction's measure and citation; a hit on a list of another jurisdiction is a flag; a UN listing is flagged
 * for everyone (it binds every member state through its own law, and blocks through the EU or UK copy of the
 * listing when the organisation is bound by those). What each listing means is dated data
 * (data/policies/sanctions/<jurisdiction>.yaml).
 */
import { parameterAt, type Citation } from '../../rules/parameter-at.js'
import { isCleared } from '../hit-reviews.js'
import { citationOf, pendingHitOf } from '../requirement-context.js'
import { entryDate } from '../list-citations.js'
import { jurisdictionOfList, type ListJurisdiction } from '../../shared/jurisdictions.js'
import type { RequirementContext, RequirementFamily, RequirementOutcome } from '../requirement-context.js'
import type { PartyHit } from '../types.js'

type Consequence = { jurisdiction: ListJurisdiction; lists: string[]; effect: 'block' | 'flag-all'; measure: string; boundPersons: string }

const LIST_TITLES: Record<string, string> = { un: 'UN Security Council Consolidated List', uk: 'UK sanctions list', eu: 'EU consolidated financial sanctions list' }

/** Lists this family answers for (the U.S. lists are the listed-parties family's). */
export const SANCTIONS_LISTS: ReadonlySet<string> = new Set(['un', 'uk', 'eu'])

function consequenceAt(ctx: RequirementContext, jurisdiction: ListJurisdiction): { value: Consequence; citations: Citation[] } | null {
  const p = parameterAt<Consequence>(ctx.rules, `policies.sanctions.${jurisdiction.toLowerCase()}`, ctx.asOf)
  return p?.value ? { value: p.value, citations: [citationOf(p)] } : null
}

function entryCitation(list: string, entryId: string, hit: PartyHit, ctx: RequirementContext): Citation {
  const { effective, effectiveUnknown, note } = entryDate(hit, ctx.screened.flatMap((s) => s.outcome.screening?.snapshots ?? []), ctx.asOf)
  const about = [...(hit.programs ?? []), ...(note ? [note] : [])]
  return {
    ruleId: `lists.${list}`,
    effective,
    ...(effectiveUnknown ? { effectiveUnknown: true } : {}),
    cfr: `${LIST_TITLES[list] ?? list} entry ${entryId}`,
    source: { id: `${list}:${entryId}`, citation: `${LIST_TITLES[list] ?? list}, ${entryId}${about.length ? ` (${about.join('; ')})` : ''}`, title: hit.primaryName, url: hit.noticeUrl ?? '' },
  }
}

export const sanctionsJurisdictionsFamily: RequirementFamily = {
  id: 'sanctions-jurisdictions',
  title: 'Parties on UN, UK or EU sanctions lists, by the jurisdictions the organisation is bound by',
  // another jurisdiction's sanctions bind whether or not the item is subject to the EAR
  appliesToItemsNotSubjectToEar: true,
  evaluate(ctx) {
    const out: RequirementOutcome[] = []
    const bound = ctx.jurisdictions
    for (const { party, outcome } of ctx.screened) {
      for (const hit of outcome.screening?.hits ?? []) {
        if (isCleared(hit)) continue
        // the hit and the other publications of the same listing (a UN listing carried into the EU and UK lists)
        const listings = [{ list: hit.list, entryId: hit.entryId }, ...(hit.alsoPublishedIn ?? [])].filter((l) => SANCTIONS_LISTS.has(l.list))
        for (const l of listings) {
          const jurisdiction = jurisdictionOfList(l.list)
          const c = consequenceAt(ctx, jurisdiction)
          if (!c) continue
          const citations = [...c.citations, entryCitation(l.list, l.entryId, hit, ctx)]
          const who = `${party.name} (${party.role}) matches ${LIST_TITLES[l.list]} entry "${hit.primaryName}" (${l.entryId}${hit.programs?.length ? `, ${hit.programs.join('; ')}` : ''}, score ${hit.score.toFixed(2)})`
          if (c.value.effect === 'flag-all') {
            ctx.flags.push({ kind: 'sanctions', id: `sanctions-${l.list}-${l.entryId}`, text: `${who}: a UN Security Council listing binds every member state (${c.value.measure}); confirm or clear the hit before going on.`, citations })
          } else if ((bound as readonly string[]).includes(jurisdiction)) {
            out.push({
              ruleId: `sanctions.${jurisdiction.toLowerCase()}`,
              party: { role: party.role, name: party.name },
              text: `${who}: ${jurisdiction} ${c.value.measure}. This organisation is bound by ${jurisdiction} law (${c.value.boundPersons}), so the transaction is blocked unless the ${jurisdiction} authorities license it.`,
              citations,
              prohibited: true,
              part744: false,
              exceptions: [],
              policy: null,
              ...(hit.review ? {} : { pendingHits: [pendingHitOf(party, hit)] }),
            })
          } else {
            ctx.flags.push({ kind: 'sanctions', id: `sanctions-${l.list}-${l.entryId}`, text: `${who}: ${jurisdiction} sanctions bind ${c.value.boundPersons}; this organisation declares itself bound by ${bound.join(', ')} only, so this is a flag, not a block. Check whether any ${jurisdiction} person or branch takes part.`, citations })
          }
        }
      }
    }
    return out
  },
}
