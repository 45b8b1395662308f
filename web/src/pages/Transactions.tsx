/** Transactions: the list (what each deal is: item, quantity, destination, end user) with an approval filter and pages; one transaction's stored determination and the approver's decision. */
import { Alert, Anchor, Badge, Button, Card, Group, SegmentedControl, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core'
import { useState } from 'react'
import { api, unwrap, type Schemas } from '../api/client'
import type { Transaction } from '../api/types'
import { dealText, statusColor, verdictColor, when } from '../components/format'
import { verdictLabel } from '../components/words'
import { Actor } from '../components/Actor'
import { Empty, Loadable, ProblemAlert, useAction, useLoad } from '../components/state'
import { VerdictCard } from '../components/VerdictCard'
import { WhatChanged } from '../components/WhatChanged'
import { PendingHits } from '../components/PendingHits'
import { useCan, useIsMe } from '../session'
import { licenseCoverGaps } from '../../../src/records/license-cover'
import { CursorPager, useCursors } from '../components/CursorPager'

type Status = 'pending' | 'approved' | 'rejected' | 'not-required' | 'prohibited' | 'superseded'

export function Transactions() {
  const [status, setStatus] = useState<string>('all')
  const cursors = useCursors()
  const cursor = cursors.cursor
  const state = useLoad(() => unwrap(api.GET('/v1/transactions', { params: { query: { limit: 25, ...(status !== 'all' ? { approvalStatus: status as Status } : {}), ...(cursor ? { cursor } : {}) } } })), [status, cursor])
  return (
    <Stack>
      <Title order={1} size="h2">
        Transactions
      </Title>
      <SegmentedControl
        aria-label="Approval status"
        value={status}
        onChange={(v) => {
          setStatus(v)
          cursors.reset()
        }}
        data={['all', 'pending', 'approved', 'rejected', 'not-required', 'prohibited', 'superseded']}
      />
      <Loadable state={state}>
        {(d) =>
          d.items.length === 0 ? (
            <Empty>No transactions{status !== 'all' ? ` with the status ${status}` : ''}. Check one on <Anchor href="#/check">Check a transaction</Anchor>; it is stored here.</Empty>
          ) : (
            <>
              <Table striped highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Transaction</Table.Th>
                    <Table.Th>Date</Table.Th>
                    <Table.Th>Deal</Table.Th>
                    <Table.Th>Verdict</Table.Th>
                    <Table.Th>Approval</Table.Th>
                    <Table.Th>Recorded</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.items.map((t) => (
                    <Table.Tr key={t.id}>
                      <Table.Td>
                        <Anchor href={`#/transactions/${t.id}`} style={{ overflowWrap: 'anywhere' }}>
                          {t.reference ?? t.id}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{String(t.asOf)}</Table.Td>
                      <Table.Td>
                        {dealText(t)}
                        {t.endUser ? (
                          <Text size="xs" c="dimmed">
                            end user {t.endUser}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        <Badge color={verdictColor(t.verdict)}>{verdictLabel(t.verdict)}</Badge>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={statusColor(t.approvalStatus)}>
                          {t.approvalStatus}
                        </Badge>
                        {t.activeHolds > 0 ? (
                          <Badge color="red" ml={4}>
                            on hold
                          </Badge>
                        ) : null}
                      </Table.Td>
                      <Table.Td style={{ overflowWrap: 'anywhere' }}>
                        {when(t.recordedAt)} by <Actor actor={t.recordedBy} label={t.recordedByLabel} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <CursorPager cursors={cursors} nextCursor={d.nextCursor} />
            </>
          )
        }
      </Loadable>
    </Stack>
  )
}

export function TransactionDetail({ id }: { id: string }) {
  const state = useLoad(() => unwrap(api.GET('/v1/transactions/{id}', { params: { path: { id } } })), [id])
  return (
    <Stack>
      <Title order={1} size="h2">
        Transaction {id}
      </Title>
      <Loadable state={state}>
        {(t) => (
          <>
            {t.supersededBy !== null ? (
              <Alert color="gray" title="Superseded">
                <Text size="sm">
                  This transaction was superseded by <Anchor href={`#/transactions/${t.supersededBy}`}>{t.supersededBy}</Anchor> (a re-check): it is decided on and shipped under no more; see that one.
                </Text>
              </Alert>
            ) : null}
            <Holds id={t.id} />
            <VerdictCard d={{ ...(t.result as Schemas['Determination']), id: t.id, recordedAt: t.recordedAt, approvalStatus: t.approvalStatus }} />
            <Text size="xs" c="dimmed">
              Recorded {when(t.recordedAt)} by <Actor actor={t.recordedBy} label={t.recordedByLabel} inline />; rulesVersion {t.rulesVersion.slice(0, 12)}; list snapshots {t.listSnapshots.map((s) => `${s.source} ${s.sha256.slice(0, 8)}`).join(', ') || 'none'}.
            </Text>
            <PendingHits t={t} />
            <Approval t={t} onDecided={state.reload} />
            <WhatChanged id={t.id} date={String(t.asOf)} />
          </>
        )}
      </Loadable>
    </Stack>
  )
}

/**
 * The holds a list change put on the transaction (a new or re-opened hit on one of its parties): while one is
 * active nothing ships under it (409 TRANSACTION_ON_HOLD), whatever its approval says, so it leads the page; an
 * approver releases it with the reason (POST /v1/transactions/{id}/holds/release). Released holds stay listed.
 */
function Holds({ id }: { id: string }) {
  const canRelease = useCan('approver')
  const state = useLoad(() => unwrap(api.GET('/v1/transactions/{id}/holds', { params: { path: { id } } })), [id])
  const [reason, setReason] = useState('')
  const action = useAction()
  if (state.data === undefined || state.data.holds.length === 0) return null
  const holds = state.data.holds
  const active = holds.filter((h) => h.releasedAt === null)
  const released = holds.filter((h) => h.releasedAt !== null)
  const release = async () => {
    const r = await action.run(() => unwrap(api.POST('/v1/transactions/{id}/holds/release', { params: { path: { id } }, body: { reason } })))
    if (r) {
      setReason('')
      state.reload()
    }
  }
  return (
    <Stack gap="xs">
      {active.length > 0 ? (
        <Alert color="red" title={`On hold: nothing ships under this transaction while ${active.length === 1 ? 'the hold is' : `its ${active.length} holds are`} active`}>
          <Stack gap={4}>
            {active.map((h) => (
              <Text size="sm" key={h.id}>
                {h.reason} (placed {when(h.placedAt)} by <Actor actor={h.placedBy} label={h.placedByLabel} inline />
                {h.hitId ? (
                  <>
                    ; review hit {h.hitId} on <Anchor href="#/screening">Screening</Anchor>
                  </>
                ) : null}
                )
              </Text>
            ))}
            {canRelease ? (
              <>
                <Textarea label="Why the hold can be lifted" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} />
                {action.problem ? <ProblemAlert problem={action.problem} /> : null}
                <Group>
                  <Button color="red" variant="light" onClick={() => void release()} loading={action.isBusy} disabled={reason.trim() === ''}>
                    Release hold
                  </Button>
                </Group>
              </>
            ) : (
              <Text size="sm">Review the hits: a re-check after the review replaces a transaction held when it was recorded; an approver releases a hold once the hit is reviewed.</Text>
            )}
          </Stack>
        </Alert>
      ) : null}
      {released.map((h) => (
        <Text size="xs" c="dimmed" key={h.id}>
          Hold released {when(h.releasedAt ?? '')} by <Actor actor={h.releasedBy ?? ''} label={h.releasedByLabel} inline />: {h.releaseReason} (placed {when(h.placedAt)}: {h.reason})
        </Text>
      ))}
    </Stack>
  )
}

function Approval({ t, onDecided }: { t: Transaction; onDecided: () => void }) {
  const canApprove = useCan('approver')
  const isMe = useIsMe()
  const licences = useLoad(() => unwrap(api.GET('/v1/licenses', { params: { query: { limit: 500 } } })), [])
  const [licenseId, setLicenseId] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  const action = useAction()
  if (t.approval) {
    return (
      <Card withBorder>
        <Title order={2} size="h4">
          Decision
        </Title>
        <Text size="sm">
          <Badge color={statusColor(t.approval.decision)}>{t.approval.decision}</Badge> by <Actor actor={t.approval.decidedBy} label={t.approval.decidedByLabel} inline /> on {when(t.approval.decidedAt)}
          {t.approval.licenseNumber ? ` under licence ${t.approval.licenseNumber}` : ''}: {t.approval.reason}
        </Text>
      </Card>
    )
  }
  if (t.supersededBy !== null) return <Text size="sm">Superseded by {t.supersededBy}: decide on that transaction instead.</Text>
  if (t.approvalStatus !== 'pending') return <Text size="sm">This transaction needs no approver's decision ({t.approvalStatus}).</Text>
  if (!canApprove) return <Text size="sm">An approver decides on this transaction.</Text>
  // a transaction that needs a licence is approved only under the recorded licence that covers it (409 APPROVAL_NEEDS_LICENSE)
  const needsLicence = t.verdict === 'LICENSE_REQUIRED'
  const result = t.result as Schemas['Determination']
  const decide = async (decision: 'approved' | 'rejected') => {
    const r = await action.run(() => unwrap(api.POST('/v1/transactions/{id}/approval', { params: { path: { id: t.id } }, body: { decision, reason, ...(decision === 'approved' && licenseId ? { licenseId } : {}) } })))
    if (r) onDecided()
  }
  return (
    <Card withBorder>
      <Stack>
        <Title order={2} size="h4">
          Approve or reject
        </Title>
        {isMe(t.recordedBy) ? (
          <Alert color="yellow" title="You recorded this transaction">
            Under the four-eyes rule another approver decides on it: your own approval or rejection is refused unless the operator turned the rule off.
          </Alert>
        ) : null}
        <Loadable state={licences}>
          {(l) => {
            // only a licence with no gap can be chosen (the server refuses the others: LICENSE_DOES_NOT_COVER); the rest are named with why
            const judged = l.items.map((x) => ({ x, gaps: licenseCoverGaps({ ...x, validFrom: String(x.validFrom), validTo: String(x.validTo) }, String(t.asOf), result) }))
            const covering = judged.filter((j) => j.gaps.length === 0)
            const others = judged.filter((j) => j.gaps.length > 0)
            return (
              <Stack gap={4}>
                <Select
                  label="Licence it ships under"
                  required={needsLicence}
                  description={needsLicence ? 'It needs a licence: approve it under the recorded licence that covers it.' : 'A licence exception needs none.'}
                  clearable
                  searchable
                  placeholder={covering.length ? 'Pick a recorded licence that covers it' : l.items.length ? 'No recorded licence covers this transaction' : 'No licence recorded yet (Licences page)'}
                  data={covering.map(({ x }) => ({ value: x.id, label: `${x.number} (${x.destinations.join(', ')}; ${String(x.validFrom)} – ${String(x.validTo)})` }))}
                  value={licenseId}
                  onChange={setLicenseId}
                />
                {others.length > 0 ? (
                  <Text size="xs" c="dimmed">
                    Not offered, as they do not cover it: {others.map(({ x, gaps }) => `${x.number} (${gaps.join('; ')})`).join(' · ')}
                  </Text>
                ) : null}
              </Stack>
            )
          }}
        </Loadable>
        <Textarea label="Reason" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} />
        {action.problem ? <ProblemAlert problem={action.problem} /> : null}
        <Group>
          <Button color="green" onClick={() => void decide('approved')} loading={action.isBusy} disabled={reason.trim() === '' || (needsLicence && !licenseId)}>
            Approve
          </Button>
          <Button color="red" variant="light" onClick={() => void decide('rejected')} loading={action.isBusy} disabled={reason.trim() === ''}>
            Reject
          </Button>
        </Group>
      </Stack>
    </Card>
  )
}
