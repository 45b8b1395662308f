/** Documents: upload by drag and drop (or the file picker), the list with legal holds and certificate expiry, deleting once retention has run out. */
import { Badge, Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { useState } from 'react'
import { api, unwrap } from '../api/client'
import type { DocumentRecord } from '../api/types'
import type { paths } from '../api/schema'
import { today, when } from '../components/format'
import { Actor } from '../components/Actor'
import { Empty, Loadable, ProblemAlert, useAction, useLoad } from '../components/state'
import { useCan } from '../session'
import { IsoDateInput } from '../components/IsoDateInput'

type Kind = NonNullable<paths['/v1/documents']['post']['parameters']['query']>['kind']
const KINDS = ['purchase-order', 'invoice', 'end-user-certificate', 'destination-verification', 'license', 'correspondence', 'other'] as const satisfies readonly Kind[]

export function Documents() {
  const state = useLoad(() => unwrap(api.GET('/v1/documents', { params: { query: { limit: 100 } } })), [])
  return (
    <Stack>
      <Title order={1} size="h2">
        Documents
      </Title>
      {useCan('analyst') ? <Upload onUploaded={state.reload} /> : null}
      <Loadable state={state}>
        {(d) =>
          d.items.length === 0 ? (
            <Empty>No document is kept yet. Drop a purchase order, invoice or end-user certificate above; it is kept for its retention period (15 CFR 762.6).</Empty>
          ) : (
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Document</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th>Event on</Table.Th>
                  <Table.Th>Certificate expires</Table.Th>
                  <Table.Th>Linked to</Table.Th>
                  <Table.Th>Legal hold</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.items.map((doc) => (
                  <DocRow key={doc.id} doc={doc} onChanged={state.reload} />
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </Loadable>
    </Stack>
  )
}

function DocRow({ doc, onChanged }: { doc: DocumentRecord; onChanged: () => void }) {
  const canHold = useCan('approver')
  const [reason, setReason] = useState('')
  const action = useAction()
  const toggle = async () => {
    const p = { params: { path: { id: doc.id } }, body: { reason } }
    const r = await action.run(() => unwrap(doc.isOnLegalHold ? api.DELETE('/v1/documents/{id}/legal-hold', p) : api.POST('/v1/documents/{id}/legal-hold', p)))
    if (r) onChanged()
  }
  const remove = async () => {
    const r = await action.run(() => unwrap(api.DELETE('/v1/documents/{id}', { params: { path: { id: doc.id } } })))
    if (r) onChanged()
  }
  return (
    <Table.Tr>
      <Table.Td>
        <a href={`/v1/documents/${doc.id}/content`}>{doc.filename ?? doc.id}</a>
        <Text size="xs" c="dimmed">
          {doc.mediaType}, {doc.size} bytes, added {when(doc.createdAt)} by <Actor actor={doc.createdBy} label={doc.createdByLabel} inline />
        </Text>
      </Table.Td>
      <Table.Td>{doc.kind}</Table.Td>
      <Table.Td>{String(doc.eventOn)}</Table.Td>
      <Table.Td>{doc.expiresOn ? String(doc.expiresOn) : '–'}</Table.Td>
      <Table.Td>{doc.transactionId ?? doc.partyId ?? doc.licenseId ?? '–'}</Table.Td>
      <Table.Td>
        <Stack gap={4}>
          <Badge color={doc.isOnLegalHold ? 'red' : 'gray'} variant="light">
            {doc.isOnLegalHold ? 'on hold' : 'no hold'}
          </Badge>
          {canHold ? (
            <Group gap={4} wrap="nowrap">
              <TextInput size="xs" aria-label={`Reason for ${doc.isOnLegalHold ? 'lifting' : 'placing'} the hold on ${doc.filename ?? doc.id}`} placeholder="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
              <Button size="xs" variant="light" disabled={reason.trim() === ''} onClick={() => void toggle()} loading={action.isBusy}>
                {doc.isOnLegalHold ? 'Lift hold' : 'Place hold'}
              </Button>
              <Button size="xs" variant="subtle" color="red" onClick={() => void remove()}>
                Delete
              </Button>
            </Group>
          ) : null}
          {action.problem ? <ProblemAlert problem={action.problem} /> : null}
        </Stack>
      </Table.Td>
    </Table.Tr>
  )
}

function Upload({ onUploaded }: { onUploaded: () => void }) {
  const [file, setFile] = useState<File>()
  const [kind, setKind] = useState<Kind>('purchase-order')
  const [eventOn, setEventOn] = useState(today())
  const [expiresOn, setExpiresOn] = useState('')
  const [transactionId, setTransactionId] = useState('')
  const [isOver, setOver] = useState(false)
  const action = useAction()
  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    if (!file) return
    const query = { kind, eventOn, filename: file.name, ...(expiresOn ? { expiresOn } : {}), ...(transactionId.trim() ? { transactionId: transactionId.trim() } : {}) }
    const r = await action.run(() =>
      unwrap(api.POST('/v1/documents', { params: { query }, body: file as never, bodySerializer: (b: unknown) => b as BodyInit, headers: { 'content-type': file.type || 'application/octet-stream' } })),
    )
    if (r) {
      setFile(undefined)
      onUploaded()
    }
  }
  return (
    <Card withBorder>
      <form onSubmit={submit} aria-label="Upload a document">
        <Stack>
          <Title order={2} size="h4">
            Upload a document
          </Title>
          <label
            data-testid="dropzone"
            onDragOver={(e) => {
              e.preventDefault()
              setOver(true)
            }}
            onDragLeave={() => setOver(false)}
            onDrop={(e) => {
              e.preventDefault()
              setOver(false)
              const f = e.dataTransfer.files[0]
              if (f) setFile(f)
            }}
            style={{ border: `2px dashed ${isOver ? '#4c6ef5' : '#adb5bd'}`, borderRadius: 8, padding: 24, textAlign: 'center', cursor: 'pointer', background: isOver ? '#edf2ff' : undefined }}
          >
            <Text>{file ? `${file.name} (${file.size} bytes)` : 'Drop a file here, or choose one'}</Text>
            <input type="file" aria-label="Choose a file" onChange={(e) => setFile(e.currentTarget.files?.[0])} style={{ marginTop: 8 }} />
          </label>
          <SimpleGrid cols={{ base: 1, md: 4 }}>
            <Select label="Kind" data={[...KINDS]} value={kind} onChange={(v) => setKind((v ?? 'other') as Kind)} allowDeselect={false} />
            <IsoDateInput label="Event on (retention runs from it)" value={eventOn} onChange={setEventOn} />
            <IsoDateInput label="Certificate expires on" value={expiresOn} onChange={setExpiresOn} />
            <TextInput label="Transaction id" value={transactionId} onChange={(e) => setTransactionId(e.currentTarget.value)} placeholder="txn_… (optional)" />
          </SimpleGrid>
          {action.problem ? <ProblemAlert problem={action.problem} /> : null}
          <Group>
            <Button type="submit" disabled={!file} loading={action.isBusy}>
              Upload
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  )
}
