/** Screening: search a name (recorded as a screening run), the review queue, and a batch from a CSV file. */
import { Alert, Button, Group, Paper, Progress, Select, SimpleGrid, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core'
import { useState } from 'react'
import { api, asProblem, unwrap, type Problem } from '../api/client'
import type { HitRecord, ScreeningRunWithHits } from '../api/types'
import { parseBatchCsv, problemsText } from '../components/batch-csv'
import { COUNTRY_OPTIONS, countryFilter } from '../components/countries'
import { CursorPager, useCursors } from '../components/CursorPager'
import { HitCard } from '../components/HitCard'
import { ListWarnings } from '../components/ListWarnings'
import { ScreeningNotices } from '../components/ScreeningNotices'
import { Empty, Loadable, ProblemAlert, useAction, useLoad } from '../components/state'

export function Screening() {
  return (
    <Stack>
      <Title order={1} size="h2">
        Screening
      </Title>
      <Tabs defaultValue="search" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="search">Search a name</Tabs.Tab>
          <Tabs.Tab value="queue">Hits to review</Tabs.Tab>
          <Tabs.Tab value="batch">Batch (CSV)</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="search" pt="md">
          <Search />
        </Tabs.Panel>
        <Tabs.Panel value="queue" pt="md">
          <Queue />
        </Tabs.Panel>
        <Tabs.Panel value="batch" pt="md">
          <Batch />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  )
}

function Search() {
  const [name, setName] = useState('')
  const [country, setCountry] = useState<string | null>(null)
  const [type, setType] = useState<string | null>(null)
  const [run, setRun] = useState<ScreeningRunWithHits>()
  const action = useAction()
  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    const r = await action.run(() => unwrap(api.POST('/v1/screenings', { body: { name, ...(country ? { country } : {}), ...(type ? { type: type as 'entity' | 'individual' } : {}) } })))
    if (r) setRun(r)
  }
  const replace = (h: HitRecord) => setRun((r) => (r ? { ...r, hits: r.hits.map((x) => (x.id === h.id ? h : x)) } : r))
  return (
    <Stack>
      <Paper withBorder p="md">
        <form onSubmit={submit} aria-label="Screen a name">
          <SimpleGrid cols={{ base: 1, md: 4 }}>
            <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} placeholder="Huawei Technologies" />
            <Select label="Country" searchable clearable data={COUNTRY_OPTIONS} filter={countryFilter} value={country} onChange={setCountry} />
            <Select label="Kind" clearable data={['entity', 'individual']} value={type} onChange={setType} />
            <Group align="flex-end">
              <Button type="submit" loading={action.isBusy}>
                Screen
              </Button>
            </Group>
          </SimpleGrid>
        </form>
      </Paper>
      {action.problem ? <ProblemAlert problem={action.problem} /> : null}
      {run ? (
        <Stack>
          <ListWarnings warnings={run.listWarnings} />
          <ScreeningNotices notices={run.notices} />
          <Text size="sm">
            {run.hits.length} {run.hits.length === 1 ? 'hit' : 'hits'} for “{run.query.name}” at threshold {run.threshold}; lists {run.snapshots.map((s) => `${s.source}${s.listDate ? ` of ${s.listDate}` : ''}`).join(', ')}. Recorded as run {run.id}.
          </Text>
          {run.hits.length === 0 ? <Empty>{run.notices?.length ? 'No listed party matches this name as written, which is not a clean result (see above). The run is recorded.' : 'No listed party matches this name. The run is recorded.'}</Empty> : run.hits.map((h) => <HitCard key={h.id} hit={h} onReviewed={replace} />)}
        </Stack>
      ) : null}
    </Stack>
  )
}

/** The open hits, 50 a page: a page that is not the last says so, so no hit is left unseen behind the first 50. */
function Queue() {
  const cursors = useCursors()
  const hits = useLoad(() => unwrap(api.GET('/v1/screenings/hits', { params: { query: { status: 'open', limit: QUEUE_PAGE, ...(cursors.cursor ? { cursor: cursors.cursor } : {}) } } })), [cursors.cursor])
  return (
    <Loadable state={hits}>
      {(d) =>
        d.items.length === 0 && !cursors.canGoBack ? (
          <Empty>No hit awaits review. Hits appear here when a screening matches a listed party.</Empty>
        ) : (
          <Stack>
            {d.nextCursor ? <Text size="sm">More than {QUEUE_PAGE} hits await review: this page shows {d.items.length}; Next page shows the rest.</Text> : null}
            {d.items.map((h) => (
              <HitCard key={h.id} hit={h} onReviewed={hits.reload} />
            ))}
            {d.nextCursor || cursors.canGoBack ? <CursorPager cursors={cursors} nextCursor={d.nextCursor} /> : null}
          </Stack>
        )
      }
    </Loadable>
  )
}

const QUEUE_PAGE = 50

/** a row of the file and what became of it: screened (its hits and run), or not (why) */
type Out = { row: number; name: string; country: string; type: string; hits: number | null; topScore: number | null; topName: string; topMatchedName: string; topList: string; runId: string; problem?: string; notice?: string }

const csvCell = (v: unknown) => `"${String(v ?? '').replace(/"/g, '""')}"`

function Batch() {
  const [out, setOut] = useState<Out[]>([])
  const [total, setTotal] = useState(0)
  const [problem, setProblem] = useState<Problem>()
  const [listWarnings, setListWarnings] = useState<ScreeningRunWithHits['listWarnings']>()
  const [isRunning, setRunning] = useState(false)
  const start = async (file: File) => {
    setProblem(undefined)
    const { rows, notScreened } = parseBatchCsv(await file.text())
    if (rows.length === 0 && notScreened.length === 0) {
      setProblem({ title: 'The file has no names', detail: 'expected one party per row: name[,country,type], or a header row naming a name column', status: 400 })
      return
    }
    // the rows that cannot be screened as written are listed first, every one of them, with what to fix
    const refused: Out[] = notScreened.map((n) => ({ row: n.row, name: n.name, country: n.country, type: n.type, hits: null, topScore: null, topName: '', topMatchedName: '', topList: '', runId: '', problem: `Not screened: ${problemsText(n.problems)}` }))
    setTotal(rows.length + notScreened.length)
    setOut(refused)
    setRunning(true)
    for (const row of rows) {
      const given = { row: row.row, name: row.name, country: row.country ?? '', type: row.type ?? '' }
      try {
        const r = await unwrap(api.POST('/v1/screenings', { body: { name: row.name, ...(row.country ? { country: row.country } : {}), ...(row.type ? { type: row.type } : {}) } }))
        const top = r.hits[0]
        setListWarnings(r.listWarnings)
        const notice = r.notices?.map((n) => n.message).join(' ')
        setOut((o) => [...o, { ...given, hits: r.hits.length, topScore: top?.score ?? null, topName: top?.primaryName ?? '', topMatchedName: top?.matchedName ?? '', topList: top?.list ?? '', runId: r.id, ...(notice ? { notice } : {}) }])
      } catch (e) {
        const p = asProblem(e)
        setOut((o) => [...o, { ...given, hits: null, topScore: null, topName: '', topMatchedName: '', topList: '', runId: '', problem: `Not screened: row ${row.row}: ${p.title}${p.detail ? `: ${p.detail}` : ''}` }])
      }
    }
    setRunning(false)
  }
  const inRowOrder = [...out].sort((a, b) => a.row - b.row)
  const notScreened = out.filter((o) => o.hits === null)
  const download = () => {
    const lines = ['row,name,country,type,hits,topScore,topName,topMatchedName,topList,runId,problem,notice', ...inRowOrder.map((o) => [o.row, o.name, o.country, o.type, o.hits, o.topScore, o.topName, o.topMatchedName, o.topList, o.runId, o.problem, o.notice].map(csvCell).join(','))]
    const url = URL.createObjectURL(new Blob([lines.join('\n')], { type: 'text/csv' }))
    const a = document.createElement('a')
    a.href = url
    a.download = 'screening-results.csv'
    a.click()
    URL.revokeObjectURL(url)
  }
  return (
    <Stack>
      <Text size="sm">
        Upload a CSV with one party per row: <code>name[,country,type]</code>, or with a header row naming those columns. Each name is screened and recorded; hits go to the review queue. A row
        with a problem (an unknown country code, say) is not screened: every such row is listed with what to fix, and the others are screened.
      </Text>
      <label>
        <Text size="sm" fw={500}>
          CSV file
        </Text>
        <input type="file" accept=".csv,text/csv" disabled={isRunning} onChange={(e) => e.currentTarget.files?.[0] && void start(e.currentTarget.files[0])} />
      </label>
      {problem ? <ProblemAlert problem={problem} /> : null}
      <ListWarnings warnings={listWarnings} />
      {total > 0 ? <Progress value={(out.length / total) * 100} aria-label={`${out.length} of ${total} screened`} /> : null}
      {total > 0 ? (
        <Text size="sm">
          {out.length - notScreened.length} of {total} screened, {out.filter((o) => (o.hits ?? 0) > 0).length} with hits.
        </Text>
      ) : null}
      {notScreened.length > 0 ? (
        <Alert color="red" title={`${notScreened.length} ${notScreened.length === 1 ? 'row was' : 'rows were'} not screened`}>
          Fix {notScreened.length === 1 ? 'it' : 'them'} in the file and upload {notScreened.length === 1 ? 'it' : 'those rows'} again: rows are numbered as in a spreadsheet (a header is row 1).
        </Alert>
      ) : null}
      {out.length > 0 && !isRunning ? (
        <Group>
          <Button onClick={download} variant="default">
            Download the results (CSV)
          </Button>
        </Group>
      ) : null}
      {out.length > 0 ? (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Row</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th>Country</Table.Th>
              <Table.Th>Hits</Table.Th>
              <Table.Th>Top match</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {inRowOrder.map((o) => (
              <Table.Tr key={o.row}>
                <Table.Td>{o.row}</Table.Td>
                <Table.Td>{o.name}</Table.Td>
                <Table.Td>{o.country}</Table.Td>
                <Table.Td>{o.problem ? <Text size="sm" c="red">{o.problem}</Text> : o.hits}</Table.Td>
                <Table.Td>
                  {o.topName ? `${o.topName}${o.topMatchedName && o.topMatchedName !== o.topName ? ` (matched “${o.topMatchedName}”)` : ''} (${o.topList}, ${o.topScore?.toFixed(3)})` : ''}
                  {o.notice ? (
                    <Text size="sm" c="orange">
                      Not a clean result: {o.notice}
                    </Text>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
    </Stack>
  )
}
