/** Screen every party name and owner name once, before the requirement families read the hits. */
import { jurisdictionOfList } from '../shared/jurisdictions.js'
import type { RequirementContext, ScreenedParty } from './requirement-context.js'
import type { DeterminationResult, Flag, PartyScreener, PartyScreeningResult } from './types.js'

export function screenParties(ctx: Pick<RequirementContext, 'tx' | 'flags'>, screener: PartyScreener | undefined): { screened: ScreenedParty[]; snapshots: DeterminationResult['listSnapshots'] } {
  const snapshots = new Map<string, DeterminationResult['listSnapshots'][number]>()
  if (!screener && ctx.tx.parties.length) ctx.flags.push({ kind: 'not-screened', id: 'parties-not-screened', text: 'No list snapshot is loaded, so the parties were not screened: import the lists (chipnav lists import / update) and run again.' })
  const run = (name: string, country?: string): PartyScreeningResult | null => {
    if (!screener) return null
    const r = screener.screen({ name, country })
    for (const s of r.snapshots) snapshots.set(s.source, s)
    return r
  }
  const screened = ctx.tx.parties.map((party, i) => {
    const screening = run(party.name, party.country)
    const owners = (party.owners ?? []).map((o) => ({ name: o.name, share: o.share, screening: run(o.name, o.country) }))
    ctx.flags.push(...uncoveredNameFlags(party, `${i}`, party.name, screening))
    owners.forEach((o, j) => ctx.flags.push(...uncoveredNameFlags(party, `${i}-owner-${j}`, o.name, o.screening)))
    return { party, outcome: { role: party.role, name: party.name, country: party.country, headquarters: party.headquarters ?? null, ultimateParentHeadquarters: party.ultimateParentHeadquarters ?? null, screening, owners, jurisdictionsHit: jurisdictionsHit(screening) } }
  })
  return { screened, snapshots: [...snapshots.values()] }
}

/** the id prefix of the flag a party name in a script the lists barely hold raises */
export const UNCOVERED_NAME_FLAG = 'name-script-uncovered-'

/**
 * A name in a script the lists barely hold (the screener's NAME_SCRIPT_UNCOVERED notice) was not cleanly screened:
 * "no hit" for it says little, so the answer cannot stand as a clean one (a not-screened flag: `check --exit-code` 5).
 */
function uncoveredNameFlags(party: { role: string; name: string }, key: string, name: string, screening: PartyScreeningResult | null): Flag[] {
  return (screening?.notices ?? [])
    .filter((n) => n.code === 'NAME_SCRIPT_UNCOVERED')
    .map((n) => ({
      kind: 'not-screened' as const,
      id: `${UNCOVERED_NAME_FLAG}${party.role}-${key}-${n.script}`,
      party: { role: party.role, name: party.name },
      text: `${name === party.name ? `${name} (${party.role})` : `${name} (owner of ${party.name}, ${party.role})`} is not cleanly screened${screening!.hits.length > 0 ? '' : ' ("no hit" is not a clean result)'}: ${n.message}.`,
    }))
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
