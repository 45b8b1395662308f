/** The dashboard groups expiring end-user certificates by the party they are for (web/src/components/certificates.ts, no DOM). */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { certificatesByParty } from '../../web/src/components/certificates.js'

const alert = (documentId: string, expiresOn: string, party?: [string, string]) => ({ documentId, filename: `${documentId}.pdf`, partyId: party?.[0] ?? null, partyName: party?.[1] ?? null, kind: 'euc-expiring' as const, expiresOn, daysLeft: 10 })

test('certificates are grouped by party (by name; none last), each party’s soonest first', () => {
  const zeta: [string, string] = ['pty_2', 'Zeta Cloud FZE']
  const acme: [string, string] = ['pty_1', 'Acme Compute Ltd']
  const groups = certificatesByParty([alert('d1', '2027-01-05', zeta), alert('d2', '2027-01-01'), alert('d3', '2027-01-09', acme), alert('d4', '2027-01-02', zeta)])
  assert.deepEqual(groups.map((g) => [g.partyName, g.alerts.map((a) => a.documentId)]), [
    ['Acme Compute Ltd', ['d3']],
    ['Zeta Cloud FZE', ['d4', 'd1']],
    [null, ['d2']],
  ])
})
