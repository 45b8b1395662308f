/** Licences: balance bars (quantity, value, TPP), recording a licence (approver), its shipments and recording one (analyst). */
import { Button, Card, Group, MultiSelect, NumberInput, Select, Progress, SimpleGrid, Stack, Table, TagsInput, Text, TextInput, Title } from '@mantine/core'
import { useState } from 'react'
import { api, unwrap } from '../api/client'
import type { License } from '../api/types'
import { COUNTRY_OPTIONS, countryFilter } from '../components/countries'
import { num, today } from '../components/format'
import { Empty, Loadable, ProblemAlert, useAction, useLoad } from '../components/state'
import { useCan } from '../session'
import { Ledger } from '../components/Ledger'
import { IsoDateInput } from '../components/IsoDateInput'

export function Licences() {
  const state = useLoad(() => unwrap(api.GET('/v1/licenses', { params: { query: { limit: 500 } } })), [])
  const canRecord = useCan('approver')
  return (
    <Stack>
      <Title order={1} size="h2">
        Licences
      </Title>
      {canRecord ? <NewLicence onCreated={state.reload} /> : null}
      <Loadable state={state}>
        {(d) => (d.items.length === 0 ? <Empty>No licence is recorded. {canRecord ? 'Record one above when BIS grants it.' : 'An approver records licences.'}</Empty> : <Stack>{d.items.map((l) => <LicenceCard key={l.id} l={l} onChanged={state.reload} />)}</Stack>)}
      </Loadable>
      <Ledger />
    </Stack>
  )
}

function Balance({ label, used, authorized }: { label: string; used: number; authorized: number | null }) {
  if (authorized === null) return <Text size="sm">{label}: {num(used)} used, no limit</Text>
  const pct = Math.min(100, (used / authorized) * 100)
  return (
    <div>
      <Text size="sm">
        {label}: {num(used)} of {num(authorized)} used ({num(authorized - used)} left)
      </Text>
      <Progress value={pct} color={pct >= 90 ? 'red' : pct >= 80 ? 'orange' : 'indigo'} aria-label={`${label} used: ${Math.round(pct)}%`} size="lg" />
    </div>
  )
}

function LicenceCard({ l, onChanged }: { l: License; onChanged: () => void }) {
  const shipments = useLoad(() => unwrap(api.GET('/v1/licenses/{id}/shipments', { params: { path: { id: l.id }, query: { limit: 100 } } })), [l.id, l.usedQuantity])
  return (
    <Card withBorder aria-label={`Licence ${l.number}`}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {l.number}
          </Title>
          <Text size="sm">
            {String(l.validFrom)} – {String(l.validTo)} · {l.destinations.join(', ')} · {[...l.eccns, ...l.items].join(', ')}
          </Text>
        </Group>
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <Balance label="Quantity" used={l.usedQuantity} authorized={l.authorizedQuantity} />
          <Balance label="Value (USD)" used={l.usedValue} authorized={l.authorizedValue} />
          <Balance label="TPP" used={l.usedTpp} authorized={l.authorizedTpp} />
        </SimpleGrid>
        <Loadable state={shipments}>
          {(s) =>
            s.items.length === 0 ? (
              <Text size="sm" c="dimmed">No shipments yet.</Text>
            ) : (
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Shipped on</Table.Th>
                    <Table.Th>Quantity</Table.Th>
                    <Table.Th>Destination</Table.Th>
                    <Table.Th>Transaction</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {s.items.map((x) => (
                    <Table.Tr key={x.id}>
                      <Table.Td>{String(x.shippedOn)}</Table.Td>
                      <Table.Td>{num(x.quantity)}</Table.Td>
                      <Table.Td>{x.destination}</Table.Td>
                      <Table.Td>{x.transactionId ?? '–'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )
          }
        </Loadable>
        <NewShipment l={l} onRecorded={onChanged} />
      </Stack>
    </Card>
  )
}

function NewShipment({ l, onRecorded }: { l: License; onRecorded: () => void }) {
  const canShip = useCan('analyst')
  const [quantity, setQuantity] = useState<number | string>(1)
  const [shippedOn, setShippedOn] = useState(today())
  const [destination, setDestination] = useState(l.destinations[0] ?? '')
  const [transactionId, setTransactionId] = useState('')
  const [value, setValue] = useState<number | string>('')
  const [tpp, setTpp] = useState<number | string>('')
  const action = useAction()
  if (!canShip) return null
  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    const r = await action.run(() => unwrap(api.POST('/v1/licenses/{id}/shipments', { params: { path: { id: l.id } }, body: { quantity: Number(quantity), shippedOn, destination, ...(value !== '' ? { value: Number(value) } : {}), ...(tpp !== '' ? { tpp: Number(tpp) } : {}), ...(transactionId.trim() ? { transactionId: transactionId.trim() } : {}) } })))
    if (r) onRecorded()
  }
  return (
    <form onSubmit={submit} aria-label={`Record a shipment under ${l.number}`}>
      <Group align="flex-end" gap="xs">
        <NumberInput label="Quantity" min={1} value={quantity} onChange={setQuantity} w={110} />
        <IsoDateInput label="Shipped on" value={shippedOn} onChange={setShippedOn} />
        <Select label="Destination" required searchable data={COUNTRY_OPTIONS} filter={countryFilter} value={destination || null} onChange={(v) => setDestination(v ?? '')} w={240} />
        <TextInput label="Transaction id" value={transactionId} onChange={(e) => setTransactionId(e.currentTarget.value)} placeholder="txn_… (optional)" />
        {/* a value-limited licence depletes by value: its shipments must say theirs (the API refuses one without, naming value) */}
        <NumberInput label="Value (USD)" min={0} value={value} onChange={setValue} w={130} required={l.authorizedValue !== null} placeholder={l.authorizedValue !== null ? 'required' : '0'} />
        <NumberInput label="TPP" min={0} value={tpp} onChange={setTpp} w={150} placeholder="from the transaction" />
        <Button type="submit" loading={action.isBusy}>
          Record shipment
        </Button>
      </Group>
      {action.problem ? <ProblemAlert problem={action.problem} /> : null}
    </form>
  )
}

function NewLicence({ onCreated }: { onCreated: () => void }) {
  const [number, setNumber] = useState('')
  const [items, setItems] = useState<string[]>([])
  const [eccns, setEccns] = useState<string[]>([])
  const [destinations, setDestinations] = useState<string[]>([])
  const [quantity, setQuantity] = useState<number | string>('')
  const [value, setValue] = useState<number | string>('')
  const [tpp, setTpp] = useState<number | string>('')
  const [validFrom, setValidFrom] = useState(today())
  const [validTo, setValidTo] = useState('')
  const action = useAction()
  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    const r = await action.run(() =>
      unwrap(
        api.POST('/v1/licenses', {
          body: { number, items, eccns, destinations, parties: [], conditions: [], validFrom, validTo, ...(quantity !== '' ? { authorizedQuantity: Number(quantity) } : {}), ...(value !== '' ? { authorizedValue: Number(value) } : {}), ...(tpp !== '' ? { authorizedTpp: Number(tpp) } : {}) },
        }),
      ),
    )
    if (r) {
      // an empty form after a licence is recorded, so that the next one is not recorded with this one's terms
      setNumber('')
      setItems([])
      setEccns([])
      setDestinations([])
      setQuantity('')
      setValue('')
      setTpp('')
      setValidFrom(today())
      setValidTo('')
      onCreated()
    }
  }
  return (
    <Card withBorder>
      <form onSubmit={submit} aria-label="Record a licence">
        <Stack>
          <Title order={2} size="h4">
            Record a licence
          </Title>
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            <TextInput label="Licence number" required value={number} onChange={(e) => setNumber(e.currentTarget.value)} placeholder="D1234567" />
            <TagsInput label="Items (chip ids)" value={items} onChange={setItems} placeholder="nvidia-h100-sxm, Enter" />
            <TagsInput label="ECCNs" value={eccns} onChange={setEccns} placeholder="3A090.a, Enter" />
            <MultiSelect label="Destinations" required searchable data={COUNTRY_OPTIONS} filter={countryFilter} value={destinations} onChange={setDestinations} />
            <IsoDateInput label="Valid from" required value={validFrom} onChange={setValidFrom} />
            <IsoDateInput label="Valid to" required value={validTo} onChange={setValidTo} />
            <NumberInput label="Authorized quantity" min={1} value={quantity} onChange={setQuantity} />
            <NumberInput label="Authorized value (USD)" min={0} value={value} onChange={setValue} />
            <NumberInput label="Authorized TPP" min={0} value={tpp} onChange={setTpp} />
          </SimpleGrid>
          {action.problem ? <ProblemAlert problem={action.problem} /> : null}
          <Group>
            <Button type="submit" loading={action.isBusy}>
              Record licence
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  )
}
