/** Parties: the stored parties, page by page, with where each one's screening stands, and adding one (analyst; the server screens it at once). */
import { Alert, Anchor, Badge, Button, Card, Group, Select, Stack, Table, TextInput, Title } from '@mantine/core'
import { useState } from 'react'
import { api, unwrap, type Schemas } from '../api/client'
import { COUNTRY_OPTIONS, countryFilter } from '../components/countries'
import { when } from '../components/format'
import { ListWarnings } from '../components/ListWarnings'
import { Empty, Loadable, ProblemAlert, useAction, useLoad } from '../components/state'
import { useCan } from '../session'
import { CursorPager, useCursors } from '../components/CursorPager'

export function Parties() {
  const cursors = useCursors()
  const [filter, setFilter] = useState('')
  const cursor = cursors.cursor
  const state = useLoad(() => unwrap(api.GET('/v1/parties', { params: { query: { limit: 50, ...(cursor ? { cursor } : {}) } } })), [cursor])
  return (
    <Stack>
      <Title order={1} size="h2">
        Parties
      </Title>
      {useCan('analyst') ? <NewParty onCreated={state.reload} /> : null}
      <TextInput aria-label="Filter parties on this page" placeholder="Filter by name or country" value={filter} onChange={(e) => setFilter(e.currentTarget.value)} maw={320} />
      <Loadable state={state}>
        {(d) => {
          const f = filter.trim().toLowerCase()
          const items = d.items.filter((p) => f === '' || p.name.toLowerCase().includes(f) || p.country.toLowerCase() === f)
          return d.items.length === 0 ? (
            <Empty>No party is stored. Add one above, or screen a name on <Anchor href="#/screening">Screening</Anchor>.</Empty>
          ) : (
            <>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Country</Table.Th>
                    <Table.Th>Headquarters</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Last screened</Table.Th>
                    <Table.Th>Created</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>{p.name}</Table.Td>
                      <Table.Td>{p.country}</Table.Td>
                      <Table.Td>{p.headquarters ?? '–'}</Table.Td>
                      <Table.Td>
                        <PartyStatus party={p} />
                      </Table.Td>
                      <Table.Td>{p.screening.lastScreenedAt ? when(p.screening.lastScreenedAt) : '–'}</Table.Td>
                      <Table.Td>{when(p.createdAt)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <CursorPager cursors={cursors} nextCursor={d.nextCursor} />
            </>
          )
        }}
      </Loadable>
    </Stack>
  )
}

/** blocked (a confirmed hit), open hits to review, never screened, or ok: never "ok" for a party no list was compared with */
function PartyStatus({ party }: { party: { isBlocked: boolean; screening: { lastScreenedAt: string | null; openHits: number } } }) {
  if (party.isBlocked) return <Badge color="red">blocked</Badge>
  if (party.screening.openHits > 0)
    return (
      <Anchor href="#/screening" size="sm">
        <Badge color="orange">{party.screening.openHits === 1 ? '1 open hit' : `${party.screening.openHits} open hits`}</Badge>
      </Anchor>
    )
  if (party.screening.lastScreenedAt === null) return <Badge color="yellow">not screened</Badge>
  return (
    <Badge color="gray" variant="light">
      ok
    </Badge>
  )
}

function NewParty({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('')
  const [country, setCountry] = useState<string | null>(null)
  const [headquarters, setHeadquarters] = useState<string | null>(null)
  const [recorded, setRecorded] = useState<string | null>(null)
  const [listWarnings, setListWarnings] = useState<Schemas['RecordedParty']['listWarnings']>()
  const action = useAction()
  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    const r = await action.run(() => unwrap(api.POST('/v1/parties', { body: { name, country: country ?? '', ...(headquarters ? { headquarters } : {}) } })))
    if (r) {
      setName('')
      setListWarnings(r.listWarnings)
      setRecorded(
        r.screening === null
          ? `${r.name} is recorded but not screened: no list snapshot is loaded (an admin imports the lists on Admin).`
          : r.screening.hitCount === 0
            ? `${r.name} is recorded and screened: no hit.`
            : `${r.name} is recorded and screened: ${r.screening.hitCount === 1 ? '1 hit' : `${r.screening.hitCount} hits`} to review on Screening.`,
      )
      onCreated()
    }
  }
  return (
    <Card withBorder>
      <form onSubmit={submit} aria-label="Add a party">
        <Group align="flex-end">
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <Select label="Country" required searchable data={COUNTRY_OPTIONS} filter={countryFilter} value={country} onChange={setCountry} />
          <Select label="Headquarters" searchable clearable data={COUNTRY_OPTIONS} filter={countryFilter} value={headquarters} onChange={setHeadquarters} />
          <Button type="submit" loading={action.isBusy}>
            Add party
          </Button>
        </Group>
        {action.problem ? <ProblemAlert problem={action.problem} /> : null}
        {recorded ? (
          <Alert mt="sm" color="blue" role="status">
            {recorded}
          </Alert>
        ) : null}
        {recorded ? <ListWarnings warnings={listWarnings} mt="sm" /> : null}
      </form>
    </Card>
  )
}
