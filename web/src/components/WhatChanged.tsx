/**
 * A stored transaction replayed with today's rules and lists: on its own date (is the stored answer still
 * the answer?) and across a date range, on each date a rule changed (the "what changed" timeline).
 */
import { Badge, Button, Card, Group, List, Stack, Text, TextInput, Timeline, Title } from '@mantine/core'
import { useState } from 'react'
import { api, unwrap } from '../api/client'
import type { paths } from '../api/schema'
import { verdictColor } from './format'
import { ProblemAlert, useAction } from './state'
import { IsoDateInput } from './IsoDateInput'

type Replay = paths['/v1/transactions/{id}/replay']['get']['responses'][200]['content']['application/json']

const replay = (id: string, asOf?: string) => unwrap(api.GET('/v1/transactions/{id}/replay', { params: { path: { id }, query: asOf ? { asOf } : {} } }))

export function WhatChanged({ id, date }: { id: string; date: string }) {
  const [now, setNow] = useState<Replay>()
  const [from, setFrom] = useState(date.slice(0, 4) === '2022' ? date : `${Number(date.slice(0, 4)) - 1}${date.slice(4)}`)
  const [to, setTo] = useState(new Date().toISOString().slice(0, 10))
  const [points, setPoints] = useState<Replay[]>()
  const a = useAction()
  const b = useAction()
  const runTimeline = async () => {
    const r = await b.run(async () => {
      const timeline = await unwrap(api.GET('/v1/timeline', { params: { query: { from, to } } }))
      const dates = [...new Set([from, ...timeline.events.map((e) => e.date), to])].sort()
      const out: Replay[] = []
      for (const d of dates) out.push(await replay(id, d))
      return out
    })
    if (r) setPoints(r)
  }
  return (
    <Card withBorder>
      <Stack>
        <Title order={2} size="h4">
          Replay and what changed
        </Title>
        <Group>
          <Button variant="default" onClick={async () => setNow(await a.run(() => replay(id)))} loading={a.isBusy}>
            Replay against today's rules
          </Button>
          {now ? (
            <Text size="sm" role="status">
              {now.comparison.isSame ? 'The same answer today' : `A different answer today: ${now.verdict}`} ({now.comparison.isSameData ? 'same rules data and lists' : 'the rules data or lists changed'}).
            </Text>
          ) : null}
        </Group>
        {now && now.comparison.differences.length > 0 ? (
          <List size="sm">
            {now.comparison.differences.map((d) => (
              <List.Item key={d.field}>
                {d.field}: stored {JSON.stringify(d.stored)}, now {JSON.stringify(d.now)}
              </List.Item>
            ))}
          </List>
        ) : null}
        {now && now.authorisations.recordedSince.length > 0 ? (
          <Text size="sm">
            Replayed with the authorisations recorded when this answer was stored. Recorded since, not compared:{' '}
            {now.authorisations.withRecordedSince.added.map((f) => f.text).join(' ') || `${now.authorisations.recordedSince.join(', ')} (no flag for this transaction)`}
          </Text>
        ) : null}
        {a.problem ? <ProblemAlert problem={a.problem} /> : null}
        <Group align="flex-end">
          <IsoDateInput label="From" value={from} onChange={setFrom} />
          <IsoDateInput label="To" value={to} onChange={setTo} />
          <Button variant="default" onClick={() => void runTimeline()} loading={b.isBusy}>
            Show what changed
          </Button>
        </Group>
        {b.problem ? <ProblemAlert problem={b.problem} /> : null}
        {points ? (
          <Timeline bulletSize={14} lineWidth={2} aria-label="The transaction's verdict on each date a rule changed">
            {points.map((p, i) => {
              const changed = i > 0 && p.verdict !== points[i - 1]?.verdict
              return (
                <Timeline.Item key={p.asOf} title={p.asOf}>
                  <Group gap="xs">
                    <Badge color={verdictColor(p.verdict)}>{p.verdict}</Badge>
                    {changed ? <Text size="sm" fw={600}>changed</Text> : null}
                  </Group>
                  {changed ? (
                    <Text size="xs">
                      {p.reasons
                        .slice(0, 2)
                        .map((r) => r.text)
                        .join(' ')}
                    </Text>
                  ) : null}
                </Timeline.Item>
              )
            })}
          </Timeline>
        ) : null}
      </Stack>
    </Card>
  )
}
