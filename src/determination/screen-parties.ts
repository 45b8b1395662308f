/** Screen every party name and owner name once, before the requirement families read the hits. */
import { jurisdictionOfList } from '../shared/jurisdictions.js'
import type { RequirementContext, ScreenedParty } from './requirement-context.js'
import type { DeterminationResult, PartyScreener, PartyScreeningResult } from './types.js'

export function screenParties(ctx: Pick<RequirementContext, 'tx' | 'flags'>, screener: PartyScreener | undefined): { screened: ScreenedParty[]; snapshots: DeterminationResult['listSnapshots'] } {
  const snapshots = new Map<string, DeterminationResult['listSnapshots'][number]>()
  if (!screener && ctx.tx.parties.length) ctx.flags.push({ kind: 'not-screened', id: 'parties-not-screened', text: 'No list snapshot is loaded, so the parties were not screened: import the lists (chipnav lists import / update) and run again.' })
  const run = (name: string, country?: string): PartyScreeningResult | null => {
    if (!screener) return null
    const r = screener.screen({ name, country })
    for (const s of r.snapshots) snapshots.set(s.source, s)
    return r
  }
  const screened = ctx.tx.parties.map((party) => {
    const screening = run(party.name, party.country)
    const owners = (party.owners ?? []).map((o) => ({ name: o.name, share: o.share, screening: run(o.name, o.country) }))
    return { party, outcome: { role: party.role, name: party.name, country: party.country, headquarters: party.headquarters ?? null, ultimateParentHeadquarters: party.ultimateParentHeadquarters ?? null, screening, owners, jurisdictionsHit: jurisdictionsHit(screening) } }
  })
  return { screened, snapshots: [...snapshots.values()] }
}

/** Whose lists a party's hits are on, counting the other publications of each listing (sorted, unique). */
function jurisdictionsHit(screening: PartyScreeningResult | null): string[] {
  const lists = (screening?.hits ?? []).flatMap((h) => [h.list, ...(h.alsoPublishedIn ?? []).map((c) => c.list)])
  return [...new Set(lists.map(jurisdictionOfList))].sort()
}

/** Both regimes screen the same names: screen each name once per determination. */
export function memoizeScreener(screener: PartyScreener): PartyScreener {
  const cache = new Map<string, PartyScreeningResult>()
  return {
    screen(q) {
      const key = `${q.name}\u0000${q.country ?? ''}\u0000${q.type ?? ''}`
      let r = cache.get(key)
      if (!r) cache.set(key, (r = screener.screen(q)))
      return r
    },
  }
}
