/**
 * Put a stored party's open transactions on hold the way monitoring does: the monitor's re-screen write
 * (`applyPartyRescreen`) with one new Entity List hit for the party, as a list change that now matches it would.
 */
import type { PartyRescreenOutcome } from '../../src/records/monitoring-records.js'
import type { RecordsStore } from '../../src/records/records-store.js'

export function holdByRescreen(store: RecordsStore, party: { id: string; name: string; country: string }, runId: string): Promise<PartyRescreenOutcome> {
  return store.applyPartyRescreen({
    runId,
    partyId: party.id,
    hits: [{ list: 'el', entryId: `el-listed-${party.id}`, entryHash: 'b'.repeat(64), score: 0.97, primaryName: `${party.name} (listed)`, matchedName: party.name }],
    query: { name: party.name, country: party.country },
    threshold: 0.8,
    snapshots: [],
    removed: [],
    actor: 'system:monitor',
  })
}
