/** The catalogue on a date: a sortable, filterable table, TPP against performance density with the 3A090.a/.b regions in force, and classifying a specification. */
import { Badge, Button, Card, Group, Stack, Table, Text, TextInput, Textarea, Title, UnstyledButton } from '@mantine/core'
import { useMemo, useState } from 'react'
import { CartesianGrid, Legend, ReferenceArea, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts'
import { api, ProblemError, unwrap, type Schemas } from '../api/client'
import type { ChipCatalogue } from '../api/types'
import { num, today } from '../components/format'
import { Loadable, ProblemAlert, useAction, useLoad } from '../components/state'
import { IsoDateInput } from '../components/IsoDateInput'

type Chip = ChipCatalogue['chips'][number]
type SortKey = 'id' | 'tpp' | 'performanceDensity' | 'eccn'
const ECCN_COLOURS: Record<string, string> = { '3A090.a': '#c92a2a', '3A090.b': '#e67700', none: '#2b8a3e', undetermined: '#495057' }
/** "a, b or c" */
const orList = (xs: string[]) => (xs.length > 1 ? `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}` : (xs[0] ?? ''))
const eccnKey = (c: Chip) => (!c.determined ? 'undetermined' : (c.eccn ?? 'none'))

export function Chips() {
  const [date, setDate] = useState(today())
  const state = useLoad(() => unwrap(api.GET('/v1/chips', { params: { query: { date } } })), [date])
  return (
    <Stack>
      <Title order={1} size="h2">
        Chips
      </Title>
      <Group align="flex-end">
        <IsoDateInput label="Rules as of" value={date} onChange={(v) => v && setDate(v)} />
      </Group>
      <Loadable state={state}>
        {(c) => (
          <>
            <Chart c={c} />
            <ChipTable chips={c.chips} date={c.date} />
          </>
        )}
      </Loadable>
      <ClassifySpec date={date} />
    </Stack>
  )
}

function Chart({ c }: { c: ChipCatalogue }) {
  const plotted = c.chips.filter((x) => x.tpp !== null && x.performanceDensity !== null && x.kind === 'chip')
  // log scales: the thresholds (TPP 1600–4800, density 1.6–5.92) sit far below the largest chips
  const X_MIN = 500
  const Y_MIN = 0.5
  const xMax = 10 ** Math.ceil(Math.log10(Math.max(...plotted.map((p) => p.tpp ?? 0), 10_000)))
  const yMax = 10 ** Math.ceil(Math.log10(Math.max(...plotted.map((p) => p.performanceDensity ?? 0), 10)))
  const groups = [...new Set(plotted.map(eccnKey))].sort()
  return (
    <Card withBorder data-testid="chip-chart" aria-label={`TPP against performance density on ${c.date}`}>
      <Title order={2} size="h4">
        TPP against performance density on {c.date}
      </Title>
      <Text size="xs" c="dimmed">
        Shaded: the 3A090.a (red) and 3A090.b (orange) paragraphs of the text in force from {c.ruleEffective}; chips of the catalogue plotted by their ECCN on {c.date}. {c.regions.map((r) => r.note).filter(Boolean).map((n) => `Note: ${n}.`)[0] ?? ''}
      </Text>
      <div style={{ width: '100%', height: 420 }}>
        <ResponsiveContainer>
          <ScatterChart margin={{ top: 10, right: 20, bottom: 30, left: 10 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" dataKey="tpp" name="TPP" scale="log" domain={[X_MIN, xMax]} ticks={[500, 1000, 1600, 2400, 4800, 10_000, 20_000, 50_000, 100_000].filter((t) => t <= xMax)} tickFormatter={(v: number) => v.toLocaleString('en-US')} label={{ value: 'TPP (log scale)', position: 'insideBottom', offset: -15 }} allowDataOverflow />
            <YAxis type="number" dataKey="performanceDensity" name="Performance density" scale="log" domain={[Y_MIN, yMax]} ticks={[0.5, 1, 1.6, 3.2, 5.92, 10, 20, 50, 100].filter((t) => t <= yMax)} label={{ value: 'Performance density (log)', angle: -90, position: 'insideLeft', style: { textAnchor: 'middle' } }} allowDataOverflow />
            {c.regions.map((r, i) => (
              <ReferenceArea
                key={r.paragraph}
                x1={Math.max(r.tppMin ?? X_MIN, X_MIN)}
                x2={r.tppMax ?? xMax}
                y1={Math.max(r.pdMin ?? Y_MIN, Y_MIN)}
                y2={r.pdMax ?? yMax}
                fill={ECCN_COLOURS[r.eccn]}
                fillOpacity={0.12}
                stroke={ECCN_COLOURS[r.eccn]}
                strokeOpacity={0.4}
                label={{ value: r.paragraph, position: i % 2 === 0 ? 'insideTopRight' : 'insideTopLeft', fontSize: 12, fill: '#212529' }}
                ifOverflow="hidden"
              />
            ))}
            <Tooltip cursor={{ strokeDasharray: '3 3' }} content={<ChipTip />} />
            <Legend verticalAlign="top" />
            {groups.map((g) => (
              <Scatter key={g} name={g === 'none' ? 'not 3A090/4A090' : g} data={plotted.filter((p) => eccnKey(p) === g)} fill={ECCN_COLOURS[g] ?? '#1c7ed6'} isAnimationActive={false} />
            ))}
          </ScatterChart>
        </ResponsiveContainer>
      </div>
    </Card>
  )
}

function ChipTip({ active, payload }: { active?: boolean; payload?: { payload: Chip }[] }) {
  const p = payload?.[0]?.payload
  if (!active || !p) return null
  return (
    <Card withBorder p="xs">
      <Text size="sm" fw={600}>
        {p.vendor} {p.model} ({p.id})
      </Text>
      <Text size="xs">
        TPP {num(p.tpp)} · PD {num(p.performanceDensity, 2)} · {p.determined ? (p.eccn ?? 'not 3A090/4A090') : 'undetermined'}
      </Text>
    </Card>
  )
}

function ChipTable({ chips, date }: { chips: Chip[]; date: string }) {
  const [filter, setFilter] = useState('')
  const [sort, setSort] = useState<{ key: SortKey; isDesc: boolean }>({ key: 'id', isDesc: false })
  const rows = useMemo(() => {
    const f = filter.trim().toLowerCase()
    const list = chips.filter((c) => f === '' || [c.id, c.vendor, c.model, c.eccn ?? 'not 3a090'].some((v) => v?.toLowerCase().includes(f)))
    const val = (c: Chip) => (sort.key === 'eccn' ? eccnKey(c) : c[sort.key])
    return list.sort((a, b) => {
      const x = val(a)
      const y = val(b)
      const cmp = x === null ? 1 : y === null ? -1 : typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))
      return sort.isDesc ? -cmp : cmp
    })
  }, [chips, filter, sort])
  const th = (key: SortKey, label: string) => (
    <Table.Th aria-sort={sort.key === key ? (sort.isDesc ? 'descending' : 'ascending') : 'none'}>
      <UnstyledButton onClick={() => setSort((s) => ({ key, isDesc: s.key === key ? !s.isDesc : false }))} fw={700} fz="sm">
        {label} {sort.key === key ? (sort.isDesc ? '▼' : '▲') : ''}
      </UnstyledButton>
    </Table.Th>
  )
  return (
    <Card withBorder>
      <Group justify="space-between">
        <Title order={2} size="h4">
          Catalogue on {date}
        </Title>
        <TextInput aria-label="Filter the catalogue" placeholder="Filter: vendor, model, ECCN" value={filter} onChange={(e) => setFilter(e.currentTarget.value)} />
      </Group>
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            {th('id', 'Item')}
            <Table.Th>Kind</Table.Th>
            {th('tpp', 'TPP')}
            {th('performanceDensity', 'PD')}
            {th('eccn', 'ECCN')}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                {c.id}
                <Text size="xs" c="dimmed">
                  {c.vendor} {c.model}
                </Text>
              </Table.Td>
              <Table.Td>{c.kind}</Table.Td>
              <Table.Td>{num(c.tpp)}</Table.Td>
              <Table.Td>{num(c.performanceDensity, 2)}</Table.Td>
              {/* tt="none": an ECCN is written as the regulation writes it (3A090.a, not 3A090.A) */}
              <Table.Td>{c.determined ? <Badge variant="light" tt="none" color={c.eccn ? 'red' : 'green'}>{c.eccn ?? 'not 3A090/4A090'}</Badge> : <Badge variant="light" tt="none" color="gray">not determined: {orList(c.possibleEccns.map((e) => e ?? 'outside 3A090/4A090'))}</Badge>}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {rows.length === 0 ? <Text size="sm">No item matches “{filter}”.</Text> : null}
    </Card>
  )
}

function ClassifySpec({ date }: { date: string }) {
  const [spec, setSpec] = useState('')
  const [result, setResult] = useState<Schemas['ClassificationResult']>()
  const action = useAction()
  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    const r = await action.run(async () => {
      let parsed: unknown
      try {
        parsed = JSON.parse(spec)
      } catch (err) {
        throw new ProblemError({ title: 'The specification is not JSON', detail: String(err), status: 400 })
      }
      return unwrap(api.POST('/v1/classify', { body: { date, item: { spec: parsed as never } } }))
    })
    setResult(r)
  }
  return (
    <Card withBorder>
      <form onSubmit={submit} aria-label="Classify a specification">
        <Stack>
          <Title order={2} size="h4">
            Classify a specification
          </Title>
          <Textarea label="Specification (JSON, as chipnav classify --spec)" autosize minRows={3} value={spec} onChange={(e) => setSpec(e.currentTarget.value)} placeholder='{ "id": "example-x1", "kind": "chip", "throughput": [ { "precision": "fp16", "bitLength": 16, "tops": 989.4, "sparse": false } ], "dies": [ { "areaMm2": 814, "nonPlanar": true } ], "datacenter": true }' />
          {action.problem ? <ProblemAlert problem={action.problem} /> : null}
          <Group>
            <Button type="submit" loading={action.isBusy}>
              Classify
            </Button>
          </Group>
          {result ? (
            <Stack gap={4}>
              <Text fw={600}>
                {result.determined ? (result.eccn ?? 'not 3A090/4A090') : 'undetermined'} {result.paragraph ? `(${result.paragraph})` : ''} · TPP {num(result.tpp)} · PD {num(result.performanceDensity, 2)}
              </Text>
              {result.trace.map((t, i) => (
                <Text size="xs" key={i}>
                  [{t.outcome}] {t.test} — measured {String(t.measured ?? 'unknown')} ({t.citation.cfr})
                </Text>
              ))}
              {result.openQuestions.map((q) => (
                <Text size="xs" key={q} c="orange.9">
                  open: {q}
                </Text>
              ))}
            </Stack>
          ) : null}
        </Stack>
      </form>
    </Card>
  )
}
