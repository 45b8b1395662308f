/**
 * Deployments (destination verification): the list and a form to record one; a deployment's page shows its flags on a
 * date, its attestations with their evidence documents, and records an attestation (an evidence file is uploaded
 * through the documents API, kind destination-verification, and attached by its id).
 */
import { Anchor, Badge, Button, Card, Group, List, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { useState } from 'react'
import { api, unwrap, type Schemas } from '../api/client'
import { COUNTRY_OPTIONS, countryFilter } from '../components/countries'
import { num, today, when } from '../components/format'
import { Actor } from '../components/Actor'
import { Empty, Loadable, ProblemAlert, useAction, useLoad } from '../components/state'
import { CitationLinks } from '../components/VerdictCard'
import { go } from '../router'
import { useCan } from '../session'
import { IsoDateInput } from '../components/IsoDateInput'

export function Deployments() {
  const state = useLoad(() => unwrap(api.GET('/v1/deployments', { params: { query: { limit: 100 } } })), [])
  return (
    <Stack>
      <Title order={1} size="h2">
        Deployments
      </Title>
      <Text size="sm" c="dimmed">
        Where shipped chips sit: each site with its declared capacity, periodic attestations and evidence. New flags (over capacity, attested short, transshipment-risk destination, attestation overdue, operator on a list) also go to the events feed as deployment.flagged.
      </Text>
      {useCan('analyst') ? <NewDeployment /> : null}
      <Loadable state={state}>
        {(d) =>
          d.items.length === 0 ? (
            <Empty>No deployment is recorded yet.</Empty>
          ) : (
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Deployment</Table.Th>
                  <Table.Th>Site</Table.Th>
                  <Table.Th>Shipped / declared</Table.Th>
                  <Table.Th>Deployed on</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.items.map((x) => (
                  <Table.Tr key={x.id}>
                    <Table.Td>
                      <Anchor href={`#/deployments/${x.id}`}>{x.id}</Anchor>
                    </Table.Td>
                    <Table.Td>
                      {x.site.operator}, {x.site.address} ({x.site.country})
                    </Table.Td>
                    <Table.Td>
                      {num(x.shippedQuantity)} / {num(x.site.declaredCapacity)}
                    </Table.Td>
                    <Table.Td>{x.deployedOn}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </Loadable>
    </Stack>
  )
}

function NewDeployment() {
  const [country, setCountry] = useState<string | null>(null)
  const [operator, setOperator] = useState('')
  const [address, setAddress] = useState('')
  const [capacity, setCapacity] = useState<number | string>('')
  const [shipped, setShipped] = useState<number | string>('')
  const [interval, setInterval] = useState<number | string>(90)
  const [deployedOn, setDeployedOn] = useState(today())
  const [shipments, setShipments] = useState('')
  const action = useAction()
  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    const body = { site: { country: country ?? '', operator, address, declaredCapacity: Number(capacity) }, shippedQuantity: Number(shipped), attestationIntervalDays: Number(interval), deployedOn, shipmentIds: shipments.split(/[\s,]+/).filter(Boolean) }
    const d = await action.run(() => unwrap(api.POST('/v1/deployments', { body })))
    if (d) go(`/deployments/${d.id}`)
  }
  return (
    <Card withBorder>
      <form onSubmit={submit} aria-label="Record a deployment">
        <Stack>
          <Title order={2} size="h4">
            Record a deployment
          </Title>
          <SimpleGrid cols={{ base: 1, md: 4 }}>
            <Select label="Site country" searchable required data={COUNTRY_OPTIONS} filter={countryFilter} value={country} onChange={setCountry} />
            <TextInput label="Operator" required value={operator} onChange={(e) => setOperator(e.currentTarget.value)} />
            <TextInput label="Address" required value={address} onChange={(e) => setAddress(e.currentTarget.value)} />
            <NumberInput label="Declared capacity (chips)" min={0} required value={capacity} onChange={setCapacity} />
            <NumberInput label="Chips shipped" min={1} required value={shipped} onChange={setShipped} />
            <NumberInput label="Attest every (days)" min={1} required value={interval} onChange={setInterval} />
            <IsoDateInput label="Deployed on" required value={deployedOn} onChange={setDeployedOn} />
            <TextInput label="Shipment ids" value={shipments} onChange={(e) => setShipments(e.currentTarget.value)} placeholder="shp_… (optional, comma-separated)" />
          </SimpleGrid>
          {action.problem ? <ProblemAlert problem={action.problem} /> : null}
          <Group>
            <Button type="submit" loading={action.isBusy}>
              Record deployment
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  )
}

export function DeploymentDetail({ id }: { id: string }) {
  const [asOf, setAsOf] = useState(today())
  const state = useLoad(() => unwrap(api.GET('/v1/deployments/{id}', { params: { path: { id }, query: asOf ? { asOf } : {} } })), [id, asOf])
  const canWrite = useCan('analyst')
  return (
    <Stack>
      <Title order={1} size="h2">
        Deployment {id}
      </Title>
      <IsoDateInput label="Flags as of" value={asOf} onChange={setAsOf} w={200} />
      <Loadable state={state}>
        {(v) => (
          <>
            <DeploymentCard v={v} />
            {canWrite ? <Attest id={id} onDone={state.reload} /> : null}
          </>
        )}
      </Loadable>
    </Stack>
  )
}

function DeploymentCard({ v }: { v: Schemas['DeploymentView'] }) {
  const d = v.deployment
  return (
    <Card withBorder shadow="sm" data-testid="deployment-card" aria-label="Deployment">
      <Stack gap="sm">
        <Text size="sm">
          {d.site.operator}, {d.site.address} ({d.site.country}): {num(d.shippedQuantity)} chips shipped, the site declares capacity for {num(d.site.declaredCapacity)}; deployed {d.deployedOn}; attests every {d.attestationIntervalDays} days. Last attested {v.lastAttestedOn ?? 'never'}; next attestation due {v.nextAttestationDue}.
          {d.shipmentIds.length ? ` Shipment records: ${d.shipmentIds.join(', ')}.` : ''}
        </Text>
        <div>
          <Title order={2} size="h5">
            Flags on {v.asOf}
          </Title>
          {v.flags.length === 0 ? (
            <Text size="sm">None.</Text>
          ) : (
            <List size="sm" spacing={4}>
              {v.flags.map((f) => (
                <List.Item key={f.kind}>
                  <Badge color="orange" variant="light" mr={6}>
                    {f.kind}
                  </Badge>
                  {f.text} {f.citations ? <CitationLinks citations={f.citations} /> : null}
                </List.Item>
              ))}
            </List>
          )}
        </div>
        {v.shipments.length > 0 ? (
          <div>
            <Title order={2} size="h5">
              Shipments tied later
            </Title>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Shipped on</Table.Th>
                  <Table.Th>Chips</Table.Th>
                  <Table.Th>Shipment</Table.Th>
                  <Table.Th>Serials</Table.Th>
                  <Table.Th>Recorded</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {v.shipments.map((x) => (
                  <Table.Tr key={x.id}>
                    <Table.Td>{x.shippedOn}</Table.Td>
                    <Table.Td>{num(x.quantity)}</Table.Td>
                    <Table.Td>{x.shipmentId ?? '–'}</Table.Td>
                    <Table.Td>{x.serials.length ? x.serials.join(', ') : '–'}</Table.Td>
                    <Table.Td>
                      {when(x.recordedAt)} by <Actor actor={x.recordedBy} label={x.recordedByLabel} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        ) : null}
        <div>
          <Title order={2} size="h5">
            Attestations
          </Title>
          {v.attestations.length === 0 ? (
            <Text size="sm">None yet.</Text>
          ) : (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Attested on</Table.Th>
                  <Table.Th>Chips</Table.Th>
                  <Table.Th>Evidence</Table.Th>
                  <Table.Th>Recorded</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {v.attestations.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td>{a.attestedOn}</Table.Td>
                    <Table.Td>{num(a.attestedQuantity)}</Table.Td>
                    <Table.Td>
                      {a.evidenceDocumentIds.length === 0
                        ? '–'
                        : a.evidenceDocumentIds.map((doc) => (
                            <Anchor key={doc} href={`/v1/documents/${doc}/content`} mr={6}>
                              {doc}
                            </Anchor>
                          ))}
                    </Table.Td>
                    <Table.Td>
                      {when(a.recordedAt)} by <Actor actor={a.recordedBy} label={a.recordedByLabel} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </div>
        <Text size="xs" c="dimmed">
          rulesVersion {v.rulesVersion.slice(0, 12)}
          {v.listSnapshots.length ? `; lists ${v.listSnapshots.map((s) => `${s.source} ${s.sha256.slice(0, 12)}`).join(', ')}` : '; no list loaded (operator not screened)'}
        </Text>
      </Stack>
    </Card>
  )
}

function Attest({ id, onDone }: { id: string; onDone: () => void }) {
  const [attestedOn, setAttestedOn] = useState(today())
  const [quantity, setQuantity] = useState<number | string>('')
  const [file, setFile] = useState<File>()
  const [fileKey, setFileKey] = useState(0)
  const [docIds, setDocIds] = useState('')
  const action = useAction()
  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    const r = await action.run(async () => {
      const evidence = docIds.split(/[\s,]+/).filter(Boolean)
      if (file) {
        const query = { kind: 'destination-verification' as const, eventOn: attestedOn, filename: file.name }
        const doc = await unwrap(api.POST('/v1/documents', { params: { query }, body: file as never, bodySerializer: (b: unknown) => b as BodyInit, headers: { 'content-type': file.type || 'application/octet-stream' } }))
        evidence.push(doc.id)
      }
      return unwrap(api.POST('/v1/deployments/{id}/attestations', { params: { path: { id } }, body: { attestedOn, attestedQuantity: Number(quantity), evidenceDocumentIds: evidence } }))
    })
    if (r) {
      setFile(undefined)
      setFileKey((k) => k + 1)
      setQuantity('')
      setDocIds('')
      onDone()
    }
  }
  return (
    <Card withBorder>
      <form onSubmit={submit} aria-label="Record an attestation">
        <Stack>
          <Title order={2} size="h4">
            Record an attestation
          </Title>
          <SimpleGrid cols={{ base: 1, md: 4 }}>
            <IsoDateInput label="Attested on" required value={attestedOn} onChange={setAttestedOn} />
            <NumberInput label="Chips installed" min={0} required value={quantity} onChange={setQuantity} />
            <div>
              <Text size="sm" fw={500} component="label" htmlFor="evidence-file">
                Evidence file (site visit report, photo, inventory)
              </Text>
              <input key={fileKey} id="evidence-file" type="file" onChange={(e) => setFile(e.currentTarget.files?.[0])} />
            </div>
            <TextInput label="Evidence document ids" value={docIds} onChange={(e) => setDocIds(e.currentTarget.value)} placeholder="doc_… (already uploaded)" />
          </SimpleGrid>
          {action.problem ? <ProblemAlert problem={action.problem} /> : null}
          <Group>
            <Button type="submit" loading={action.isBusy}>
              Record attestation
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  )
}
