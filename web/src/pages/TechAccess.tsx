/** The technology access log over a period (GET /v1/tech-access/report): by nationality, technology (ECCN) and outcome. */
import { Badge, Group, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { useState } from 'react'
import { api, unwrap } from '../api/client'
import { num, today, verdictColor } from '../components/format'
import { Empty, Loadable, useLoad } from '../components/state'

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
      <SimpleGrid cols={{ base: 1, md: 4 }}>
        <TextInput label="From" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput label="To" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
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
