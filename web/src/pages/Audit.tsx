/** Audit: the hash-chained events, newest first, with filters (entity, action, who) and pages (who: the key's label or user's name above the raw actor), and verifying the chain. */
import { Badge, Button, Card, Code, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { useState } from 'react'
import { api, unwrap, type Schemas } from '../api/client'
import { Actor } from '../components/Actor'
import { when } from '../components/format'
import { Empty, Loadable, ProblemAlert, useAction, useLoad } from '../components/state'
import type { paths } from '../api/schema'
import { CursorPager, useCursors } from '../components/CursorPager'

type AuditQuery = NonNullable<paths['/v1/audit']['get']['parameters']['query']>
type EntityType = NonNullable<AuditQuery['entityType']>
type Action = NonNullable<AuditQuery['action']>
const ENTITIES = ['party', 'screening-run', 'screening-hit', 'good-guy', 'transaction', 'transaction-approval', 'transaction-supersession', 'transaction-hold', 'license', 'shipment', 'allocation', 'authorisation', 'document', 'blob', 'tech-access', 'deployment', 'deployment-attestation', 'deployment-shipment', 'api-key', 'user'] as const satisfies readonly EntityType[]
const ACTIONS = [
  'party.created', 'party.blocked', 'screening.recorded', 'hit.recorded', 'hit.reviewed', 'hit.reopened', 'hit.closed', 'good-guy.created', 'good-guy.removed',
  'transaction.recorded', 'transaction.approved', 'transaction.rejected', 'transaction.held', 'transaction.hold-released', 'license.created', 'license.depleted', 'shipment.recorded', 'allocation.recorded',
  'authorisation.recorded', 'document.added', 'document.deleted', 'document.legal-hold-placed', 'document.legal-hold-lifted', 'blob.added', 'blob.deleted', 'tech-access.recorded',
  'deployment.created', 'deployment.attested', 'deployment.shipment-added', 'deployment-shipment.recorded', 'api-key.created', 'api-key.revoked', 'user.created',
] as const satisfies readonly Action[]

/** The audit events, newest first, by entity, action and who (the actor as recorded: user:officer, key:…, system:monitoring). */
export function Audit() {
  const [entityType, setEntityType] = useState<string | null>(null)
  const [entityId, setEntityId] = useState('')
  const [actionFilter, setActionFilter] = useState<string | null>(null)
  const [actor, setActor] = useState('')
  const cursors = useCursors()
  const cursor = cursors.cursor
  const events = useLoad(
    () =>
      unwrap(
        api.GET('/v1/audit', {
          params: {
            query: {
              limit: 50,
              order: 'newest',
              ...(entityType ? { entityType: entityType as EntityType } : {}),
              ...(entityId.trim() ? { entityId: entityId.trim() } : {}),
              ...(actionFilter ? { action: actionFilter as Action } : {}),
              ...(actor.trim() ? { actor: actor.trim() } : {}),
              ...(cursor ? { cursor } : {}),
            },
          },
        }),
      ),
    [entityType, entityId, actionFilter, actor, cursor],
  )
  const [verification, setVerification] = useState<Schemas['AuditVerification']>()
  const action = useAction()
  const verify = async (mode: 'full' | 'incremental') => setVerification(await action.run(() => unwrap(api.GET('/v1/audit/verify', { params: { query: { mode } } }))))
  return (
    <Stack>
      <Title order={1} size="h2">
        Audit
      </Title>
      <Card withBorder>
        <Stack gap="xs">
          <Group>
            <Button onClick={() => void verify('full')} loading={action.isBusy}>
              Verify everything
            </Button>
            <Button variant="default" onClick={() => void verify('incremental')} loading={action.isBusy}>
              Verify what is new
            </Button>
          </Group>
          {verification ? (
            <Text size="sm" data-testid="audit-verification" role="status">
              <Badge color={verification.ok ? 'green' : 'red'}>{verification.ok ? 'verified' : 'BROKEN'}</Badge> <Badge variant="outline">{verification.mode === 'incremental' ? 'incremental' : 'full'}</Badge> {verification.summary} Head: event {verification.head.seq} <Code>{verification.head.hash.slice(0, 16)}…</Code>
              {verification.problems.map((p, i) => (
                <span key={i}>
                  <br />
                  {p.kind}: {p.detail}
                </span>
              ))}
            </Text>
          ) : (
            <Text size="sm">
              <b>Verify everything</b> re-hashes every event and checks every audited record against its last event (it finds a record edited in the database). <b>Verify what is new</b> checks only the events since the last verification and the records they touched, and shows the last full verification.
            </Text>
          )}
        </Stack>
        {action.problem ? <ProblemAlert problem={action.problem} /> : null}
      </Card>
      <Group align="flex-end">
        <Select label="Entity" clearable searchable data={[...ENTITIES]} value={entityType} onChange={(v) => { setEntityType(v); cursors.reset() }} />
        <TextInput label="Entity id" value={entityId} onChange={(e) => { setEntityId(e.currentTarget.value); cursors.reset() }} />
        <Select label="Action" clearable searchable data={[...ACTIONS]} value={actionFilter} onChange={(v) => { setActionFilter(v); cursors.reset() }} />
        <TextInput label="Who" description="as recorded, e.g. user:officer" value={actor} onChange={(e) => { setActor(e.currentTarget.value); cursors.reset() }} />
      </Group>
      <Text size="sm" c="dimmed">
        Newest first.
      </Text>
      <Loadable state={events}>
        {(d) =>
          d.items.length === 0 ? (
            <Empty>No audit events match. Every write (screening, determination, licence…) adds one.</Empty>
          ) : (
            <>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>#</Table.Th>
                    <Table.Th>When</Table.Th>
                    <Table.Th>Who</Table.Th>
                    <Table.Th>Action</Table.Th>
                    <Table.Th>Entity</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.items.map((e) => (
                    <Table.Tr key={e.seq}>
                      <Table.Td>{e.seq}</Table.Td>
                      <Table.Td>{when(e.at)}</Table.Td>
                      <Table.Td>
                        <Actor actor={e.actor} label={e.actorLabel} />
                      </Table.Td>
                      <Table.Td>{e.action}</Table.Td>
                      <Table.Td>
                        {e.entityType} {e.entityId}
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
