/** What needs attention: open hits, transactions awaiting approval, transactions on hold (approved or not), licences near exhaustion or expiry, certificates expiring, list ages, the audit chain. */
import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { api, unwrap } from '../api/client'
import { certificatesByParty } from '../components/certificates'
import { count, dealText, listAgeBadge, num, statusColor } from '../components/format'
import { Empty, Loadable, useLoad } from '../components/state'
import { useIsMe } from '../session'
import { verdictLabel } from '../components/words'

/** licences and certificates this close to their end are shown (a review setting of the UI, not a regulation) */
const NEAR_EXPIRY_DAYS = 60
const NEAR_EXHAUSTION = 0.8

const daysBetween = (from: Date, to: string) => Math.floor((new Date(to).getTime() - from.getTime()) / 86_400_000)

type AuditCheck = { ok: boolean; mode?: 'full' | 'incremental'; lastFull?: { ok: boolean; at: string } }

/**
 * The dashboard's badge: "verified" only on a full verification that found nothing (this one, or the last one
 * recorded, with nothing wrong since); an incremental check alone, which re-checks only what is new, says so.
 */
function auditBadge(d: AuditCheck): { color: string; text: string } {
  if (!d.ok) return { color: statusColor('rejected'), text: 'BROKEN' }
  if (d.mode === 'incremental' && !d.lastFull) return { color: 'yellow', text: 'not fully verified' }
  return { color: statusColor('approved'), text: 'verified' }
}

export function Dashboard() {
  const hits = useLoad(() => unwrap(api.GET('/v1/screenings/hits', { params: { query: { status: 'open', limit: 100 } } })), [])
  const pending = useLoad(() => unwrap(api.GET('/v1/transactions', { params: { query: { approvalStatus: 'pending', limit: 100 } } })), [])
  const held = useLoad(() => unwrap(api.GET('/v1/transactions', { params: { query: { onHold: 'true', limit: 100 } } })), [])
  const licences = useLoad(() => unwrap(api.GET('/v1/licenses', { params: { query: { limit: 500 } } })), [])
  const alerts = useLoad(() => unwrap(api.GET('/v1/documents/alerts', { params: { query: { withinDays: NEAR_EXPIRY_DAYS } } })), [])
  const lists = useLoad(() => unwrap(api.GET('/v1/lists')), [])
  const audit = useLoad(() => unwrap(api.GET('/v1/audit/verify')), [])
  const isMe = useIsMe()
  const now = new Date()
  return (
    <Stack>
      <Title order={1} size="h2">
        Dashboard
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={2} size="h4">
            Hits awaiting review
          </Title>
          <Loadable state={hits}>
            {(d) =>
              d.items.length === 0 ? (
                <Text size="sm">No open hits. Screen a party on the <Anchor href="#/screening">Screening</Anchor> page.</Text>
              ) : (
                <Text size="sm">
                  <Anchor href="#/screening">{d.nextCursor ? `${num(d.items.length)}+ open hits` : count(d.items.length, 'open hit')}</Anchor> to clear or confirm.
                </Text>
              )
            }
          </Loadable>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4">
            Transactions awaiting approval
          </Title>
          <Loadable state={pending}>
            {(d) =>
              d.items.length === 0 ? (
                <Text size="sm">Nothing awaits an approver. Check a transaction on <Anchor href="#/check">Check a transaction</Anchor>.</Text>
              ) : (
                <Stack gap={4}>
                  {d.items.slice(0, 8).map((t) => (
                    <Group key={t.id} gap="xs">
                      <Anchor href={`#/transactions/${t.id}`} size="sm">
                        {t.reference ?? t.id}
                      </Anchor>
                      <Text size="sm">{dealText(t)}</Text>
                      <Badge color="orange" size="sm">{verdictLabel(t.verdict)}</Badge>
                      {isMe(t.recordedBy) ? (
                        <Badge color="gray" variant="light" size="sm" title="the four-eyes rule: another approver decides on what you recorded">
                          recorded by you: another approver decides
                        </Badge>
                      ) : null}
                      {t.activeHolds > 0 ? (
                        <Badge color="red" size="sm">
                          on hold
                        </Badge>
                      ) : null}
                      <Text size="sm">{String(t.asOf)}</Text>
                    </Group>
                  ))}
                </Stack>
              )
            }
          </Loadable>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4">
            Transactions on hold
          </Title>
          <Loadable state={held}>
            {(d) =>
              d.items.length === 0 ? (
                <Text size="sm">No transaction is on hold. A transaction recorded with unreviewed screening hits, or whose party a list change makes match, is put on hold.</Text>
              ) : (
                <Stack gap={4}>
                  <Text size="sm">
                    {d.items.length}
                    {d.nextCursor ? '+' : ''} on hold while a screening hit is unreviewed: nothing ships under them, approved or not, until the hold is released (a re-check after the review, or an approver).
                  </Text>
                  {d.items.slice(0, 8).map((t) => (
                    <Group key={t.id} gap="xs">
                      <Anchor href={`#/transactions/${t.id}`} size="sm">
                        {t.reference ?? t.id}
                      </Anchor>
                      <Text size="sm">{dealText(t)}</Text>
                      <Badge color={statusColor(t.approvalStatus)} size="sm">
                        {t.approvalStatus}
                      </Badge>
                      <Badge color="red" size="sm">
                        on hold ({t.activeHolds})
                      </Badge>
                    </Group>
                  ))}
                </Stack>
              )
            }
          </Loadable>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4">
            Licences near exhaustion or expiry
          </Title>
          <Loadable state={licences}>
            {(d) => {
              const near = d.items.filter((l) => {
                const used = l.authorizedQuantity ? l.usedQuantity / l.authorizedQuantity : 0
                const left = daysBetween(now, String(l.validTo))
                return used >= NEAR_EXHAUSTION || (left >= 0 && left <= NEAR_EXPIRY_DAYS)
              })
              if (d.items.length === 0) return <Text size="sm">No licences recorded. An approver records them on <Anchor href="#/licences">Licences</Anchor>.</Text>
              if (near.length === 0) return <Text size="sm">{d.items.length === 1 ? 'The one licence is not' : `None of the ${count(d.items.length, 'licence')} is`} at {NEAR_EXHAUSTION * 100}% or within {NEAR_EXPIRY_DAYS} days of expiry.</Text>
              return (
                <Stack gap={4}>
                  {near.map((l) => (
                    <Text size="sm" key={l.id}>
                      {l.number}: {num(l.usedQuantity)} of {num(l.authorizedQuantity)} used; valid to {String(l.validTo)}
                    </Text>
                  ))}
                </Stack>
              )
            }}
          </Loadable>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4">
            End-user certificates expiring
          </Title>
          <Loadable state={alerts}>
            {(d) =>
              d.items.length === 0 ? (
                <Text size="sm">No end-user certificate expires within {NEAR_EXPIRY_DAYS} days.</Text>
              ) : (
                <Stack gap="xs">
                  {certificatesByParty(d.items).map((g) => (
                    <div key={g.partyId ?? ''} data-testid="certificates-of-party">
                      <Text size="sm" fw={600}>
                        {g.partyName ?? 'No party recorded'}
                        {g.partyId ? <Text span size="xs" c="dimmed"> {g.partyId}</Text> : null}
                      </Text>
                      {g.alerts.map((a) => (
                        <Text size="sm" key={a.documentId} c={a.kind === 'euc-expired' ? 'red' : 'orange'} pl="sm">
                          {a.filename ?? a.documentId}: {a.kind === 'euc-expired' ? `expired ${a.expiresOn} (${count(-a.daysLeft, 'day')} ago)` : `expires ${a.expiresOn} (in ${count(a.daysLeft, 'day')})`}
                        </Text>
                      ))}
                    </div>
                  ))}
                </Stack>
              )
            }
          </Loadable>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4">
            Restricted-party lists
          </Title>
          <Loadable state={lists}>
            {(d) =>
              d.snapshots.length === 0 && d.isScreeningAvailable ? (
                <Text size="sm">Screening is available ({d.entryCount.toLocaleString('en-US')} entries); the server has no snapshot details to date them.</Text>
              ) : d.snapshots.length === 0 ? (
                <Empty>No list is imported, so nobody can be screened. An admin imports them on <Anchor href="#/admin">Admin</Anchor> or with <code>chipnav lists import</code>.</Empty>
              ) : (
                <Table>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>List</Table.Th>
                      <Table.Th>List date</Table.Th>
                      <Table.Th>Age</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {d.snapshots.map((s) => {
                      // the server judges each list against its own limit (CHIPNAV_LIST_MAX_AGE_DAYS), as /health and the CLI do
                      const age = d.ages.find((a) => a.source === s.source)
                      const badge = age && listAgeBadge(age)
                      return (
                        <Table.Tr key={s.id}>
                          <Table.Td>
                            {age?.title ?? s.source}
                            {age ? (
                              <Text span size="xs" c="dimmed">
                                {' '}
                                ({s.source})
                              </Text>
                            ) : null}
                          </Table.Td>
                          <Table.Td style={s.listDate ? { whiteSpace: 'nowrap' } : undefined}>{s.listDate ?? `publication date unknown; imported ${s.importedAt.slice(0, 10)}`}</Table.Td>
                          <Table.Td>
                            {badge ? (
                              <Group gap={6} wrap="nowrap" data-testid="list-age">
                                <Badge color={badge.color} variant="light" size="sm" style={{ flexShrink: 0 }}>
                                  {badge.label}
                                </Badge>
                                <Text size="sm">{badge.text}</Text>
                              </Group>
                            ) : (
                              '–'
                            )}
                          </Table.Td>
                        </Table.Tr>
                      )
                    })}
                  </Table.Tbody>
                </Table>
              )
            }
          </Loadable>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4">
            Audit chain
          </Title>
          <Loadable state={audit}>
            {(d) => (
              <Group>
                <Badge color={auditBadge(d).color}>{auditBadge(d).text}</Badge>
                <Text size="sm" data-testid="dashboard-audit">
                  {d.summary} <Anchor href="#/audit">Audit</Anchor>
                </Text>
              </Group>
            )}
          </Loadable>
        </Card>
      </SimpleGrid>
    </Stack>
  )
}
