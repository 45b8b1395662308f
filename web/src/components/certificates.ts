/** The dashboard's expiring end-user certificates, by the party each is for (no DOM). */
/** what grouping reads of a certificate alert (the API's DocumentAlert) */
type CertificateAlert = { partyId: string | null; partyName: string | null; expiresOn: string }

/** Expiring certificates by the party they are for (parties by name, certificates soonest first; those without a party last). */
export function certificatesByParty<A extends CertificateAlert>(alerts: readonly A[]): { partyId: string | null; partyName: string | null; alerts: A[] }[] {
  const groups = new Map<string, { partyId: string | null; partyName: string | null; alerts: A[] }>()
  for (const a of alerts) {
    const key = a.partyId ?? ''
    const g = groups.get(key) ?? { partyId: a.partyId, partyName: a.partyName ?? (a.partyId ? a.partyId : null), alerts: [] }
    g.alerts.push(a)
    groups.set(key, g)
  }
  const byName = (g: { partyId: string | null; partyName: string | null }) => (g.partyId === null ? '\uffff' : (g.partyName ?? '').toLowerCase())
  return [...groups.values()].sort((x, y) => byName(x).localeCompare(byName(y)) || (x.partyId ?? '').localeCompare(y.partyId ?? '')).map((g) => ({ ...g, alerts: [...g.alerts].sort((x, y) => x.expiresOn.localeCompare(y.expiresOn)) }))
}
