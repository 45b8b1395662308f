/** Rules: the dated timeline of rule changes in data/, each with its source. */
import { Anchor, Badge, Group, Stack, Text, TextInput, Timeline, Title } from '@mantine/core'
import { useState } from 'react'
import { api, unwrap } from '../api/client'
import { Empty, Loadable, useLoad } from '../components/state'
import { IsoDateInput } from '../components/IsoDateInput'

export function Rules() {
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const state = useLoad(() => unwrap(api.GET('/v1/timeline', { params: { query: { ...(from ? { from } : {}), ...(to ? { to } : {}) } } })), [from, to])
  return (
    <Stack>
      <Title order={1} size="h2">
        Rules timeline
      </Title>
      <Group>
        <IsoDateInput label="From" value={from} onChange={setFrom} />
        <IsoDateInput label="To" value={to} onChange={setTo} />
      </Group>
      <Loadable state={state}>
        {(d) =>
          d.events.length === 0 ? (
            <Empty>No rule changed in this period.</Empty>
          ) : (
            <>
              <Text size="xs" c="dimmed">
                rulesVersion {d.rulesVersion}
              </Text>
              <Timeline bulletSize={14} lineWidth={2}>
                {d.events.map((e) => (
                  <Timeline.Item key={e.id} title={`${e.date} — ${e.summary}`}>
                    <Text size="sm">
                      {e.url ? (
                        <Anchor href={e.url} target="_blank" rel="noreferrer">
                          {e.citation}
                        </Anchor>
                      ) : (
                        e.citation
                      )}{' '}
                      {e.unverified ? <Badge color="orange" size="xs">unverified</Badge> : null}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {e.rules.join(', ')}
                    </Text>
                  </Timeline.Item>
                ))}
              </Timeline>
            </>
          )
        }
      </Loadable>
    </Stack>
  )
}
