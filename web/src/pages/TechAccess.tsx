/** The technology access log: logging an access (analyst; POST /v1/tech-access, checked as it is recorded), and the log over a period (GET /v1/tech-access/report) by nationality, technology (ECCN) and outcome. */
import { Alert, Badge, Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { useState } from 'react'
import { api, unwrap } from '../api/client'
import { COUNTRY_OPTIONS, countryFilter } from '../components/countries'
import { num, today, verdictColor } from '../components/format'
import { Empty, Loadable, ProblemAlert, useAction, useLoad } from '../components/state'
import { useCan } from '../session'
import { IsoDateInput } from '../components/IsoDateInput'

/** the same day a year before (28 February for 29 February) */
const yearAgo = () => {
  const d = new Date(`${today()}T00:00:00Z`)
  d.setUTCFullYear(d.getUTCFullYear() - 1, d.getUTCMonth(), Math.min(d.getUTCDate(), d.getUTCMonth() === 1 ? 28 : 31))
  return d.toISOString().slice(0, 10)
}

export function TechAccess() {
  const [from, setFrom] = useState(yearAgo())
  const [to, setTo] = useState(today())
  const state = useLoad(() => unwrap(api.GET('/v1/tech-access/report', { params: { query: { from, to } } })), [from, to])
  return (
    <Stack>
      <Title order={1} size="h2">
        Technology access report
      </Title>
      <Text size="sm" c="dimmed">
        Each logged access is checked as it is recorded (a release of its ECCN to the person's nationality, where it was received); one that needs a licence without one on file is flagged and opens a tech-access.flagged event.
      </Text>
      {useCan('analyst') ? <LogAccess onLogged={state.reload} /> : null}
      <SimpleGrid cols={{ base: 1, md: 4 }}>
        <IsoDateInput label="From" value={from} onChange={setFrom} />
        <IsoDateInput label="To" value={to} onChange={setTo} />
      </SimpleGrid>
      <Loadable state={state}>
        {(r) =>
          r.rows.length === 0 ? (
            <Empty>
              No access logged from {from} to {to}.
            </Empty>
          ) : (
            <>
              <Group gap="xs" data-testid="tech-access-totals">
                <Badge variant="light">{num(r.rows.reduce((n, x) => n + x.accesses, 0))} accesses</Badge>
                <Badge variant="light" color="red">
                  {num(r.rows.filter((x) => x.flagged).reduce((n, x) => n + x.accesses, 0))} flagged
                </Badge>
                <Badge variant="light" color="gray">
                  {new Set(r.rows.map((x) => x.nationality)).size} nationalities
                </Badge>
              </Group>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Nationality</Table.Th>
                    <Table.Th>Technology (ECCN)</Table.Th>
                    <Table.Th>Outcome</Table.Th>
                    <Table.Th>Flagged</Table.Th>
                    <Table.Th>Accesses</Table.Th>
                    <Table.Th>People</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {r.rows.map((x, i) => (
                    <Table.Tr key={i}>
                      <Table.Td>{x.nationality}</Table.Td>
                      <Table.Td>{x.eccn ?? '–'}</Table.Td>
                      <Table.Td>{x.verdict ? <Badge color={verdictColor(x.verdict)} variant="light">{x.verdict.replace(/_/g, ' ')}</Badge> : 'not evaluated'}</Table.Td>
                      <Table.Td>{x.flagged ? <Badge color="red">flagged</Badge> : 'no'}</Table.Td>
                      <Table.Td>{num(x.accesses)}</Table.Td>
                      <Table.Td>{num(x.subjects)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          )
        }
      </Loadable>
    </Stack>
  )
}

/** the browser's local date and time (a datetime-local value) as ISO 8601 with the browser's UTC offset, e.g. 2026-03-02T09:15:00+08:00 */
function withLocalOffset(local: string): string {
  const offset = -new Date(local).getTimezoneOffset()
  const sign = offset >= 0 ? '+' : '-'
  const abs = Math.abs(offset)
  return `${local.length === 16 ? `${local}:00` : local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}

/** Log one access (analyst): who, their nationality, where they received it, what, when; the answer says how it was checked. */
function LogAccess({ onLogged }: { onLogged: () => void }) {
  const [subject, setSubject] = useState('')
  const [nationality, setNationality] = useState<string | null>(null)
  const [location, setLocation] = useState<string | null>(null)
  const [resource, setResource] = useState('')
  const [eccn, setEccn] = useState('')
  const [accessedAt, setAccessedAt] = useState('')
  const [logged, setLogged] = useState<{ text: string; color: string } | null>(null)
  const action = useAction()
  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    const body = { subject, nationality: nationality ?? '', location: location ?? '', resource, accessedAt: withLocalOffset(accessedAt), ...(eccn.trim() ? { eccn: eccn.trim() } : {}) }
    const r = await action.run(() => unwrap(api.POST('/v1/tech-access', { body })))
    if (!r) return
    const check = r.check
    setLogged(
      check === undefined
        ? { text: `Logged ${r.id}: not evaluated (no technology or software ECCN given).`, color: 'gray' }
        : check.flagged
          ? { text: `Logged ${r.id}: ${check.verdict.replace(/_/g, ' ')}, flagged — no licence on file covers this release (a tech-access.flagged event is open).`, color: 'red' }
          : { text: `Logged ${r.id}: ${check.verdict.replace(/_/g, ' ')}${check.licenseId ? `, covered by licence ${check.licenseId}` : ''}; not flagged.`, color: 'green' },
    )
    onLogged()
  }
  return (
    <Card withBorder>
      <form onSubmit={submit} aria-label="Log an access">
        <Title order={2} size="h4" mb="sm">
          Log an access
        </Title>
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <TextInput label="Who (person or account)" required value={subject} onChange={(e) => setSubject(e.currentTarget.value)} />
          <Select label="Nationality" required searchable data={COUNTRY_OPTIONS} filter={countryFilter} value={nationality} onChange={setNationality} />
          <Select label="Received in" required searchable data={COUNTRY_OPTIONS} filter={countryFilter} value={location} onChange={setLocation} />
          <TextInput label="Resource" required placeholder="repository, model weights, cluster" value={resource} onChange={(e) => setResource(e.currentTarget.value)} />
          <TextInput label="ECCN" placeholder="3E001 (optional)" value={eccn} onChange={(e) => setEccn(e.currentTarget.value)} />
          <TextInput label="Accessed at" type="datetime-local" required value={accessedAt} onChange={(e) => setAccessedAt(e.currentTarget.value)} />
        </SimpleGrid>
        <Group mt="sm">
          <Button type="submit" loading={action.isBusy}>
            Log access
          </Button>
        </Group>
        {action.problem ? <ProblemAlert problem={action.problem} /> : null}
        {logged ? (
          <Alert mt="sm" color={logged.color} role="status">
            {logged.text}
          </Alert>
        ) : null}
      </form>
    </Card>
  )
}
