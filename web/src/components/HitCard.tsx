/** One screening hit: the list entry, the aligned name tokens highlighted, and (for approvers) clear or confirm with a reason. */
import { Badge, Button, Card, Group, Mark, Stack, Text, Textarea } from '@mantine/core'
import { useState } from 'react'
import { api, unwrap, type Schemas } from '../api/client'
import type { HitRecord } from '../api/types'
import { useCan } from '../session'
import { Actor } from './Actor'
import { statusColor, when } from './format'
import { ProblemAlert, useAction } from './state'

type Hit = HitRecord
type Detail = {
  type?: string | null
  programs?: string[]
  countries?: string[]
  addresses?: string[]
  listedOn?: string
  federalRegisterNotice?: string
  licensePolicy?: string
  explanation?: Schemas['NameScoreExplanation']
}

export function HitCard({ hit, onReviewed }: { hit: Hit; onReviewed?: (h: Hit) => void }) {
  const d = (hit.detail ?? {}) as Detail
  const canReview = useCan('approver')
  const [reason, setReason] = useState('')
  const action = useAction()
  const review = async (decision: 'cleared' | 'confirmed') => {
    const h = await action.run(() => unwrap(api.POST('/v1/screenings/{id}/hits/{hitId}/review', { params: { path: { id: hit.runId, hitId: hit.id } }, body: { decision, reason } })))
    if (h && onReviewed) onReviewed(h)
  }
  const matched = new Set((d.explanation?.alignment ?? []).filter((a) => a.kind !== 'unmatched').map((a) => a.query))
  return (
    <Card withBorder data-testid="hit" aria-label={`Hit ${hit.primaryName}`}>
      <Stack gap={6}>
        <Group justify="space-between">
          <Group gap="xs">
            <Badge variant="light">{hit.list.toUpperCase()}</Badge>
            <Text fw={600}>{hit.primaryName}</Text>
            <Text size="sm" c="dimmed">
              score {hit.score.toFixed(3)}
            </Text>
          </Group>
          <Badge color={statusColor(hit.status)}>{hit.status}</Badge>
        </Group>
        {d.explanation ? (
          <Text size="sm">
            Query:{' '}
            {d.explanation.queryNormalized.split(' ').map((t, i) => (
              <span key={i}>{matched.has(t) ? <Mark color="yellow">{t}</Mark> : t} </span>
            ))}
            ↔ list: {d.explanation.alignment.map((a, i) => (a.kind === 'unmatched' ? null : <Mark key={i} color="yellow" mr={4}>{`${a.list} (${a.kind}, ${a.similarity.toFixed(2)})`}</Mark>))}
          </Text>
        ) : null}
        {d.explanation?.summary ? <Text size="xs" c="dimmed">{d.explanation.summary}</Text> : null}
        <Text size="sm">
          entry {hit.entryId}
          {d.type ? ` (${d.type})` : ''}
          {d.programs?.length ? ` · programs ${d.programs.join(', ')}` : ''}
          {d.listedOn ? ` · listed on ${d.listedOn}` : ''}
          {d.countries?.length ? ` · ${d.countries.join(', ')}` : ''}
        </Text>
        {d.addresses?.length ? <Text size="xs">address: {d.addresses.slice(0, 3).join(' | ')}</Text> : null}
        {d.licensePolicy ? <Text size="xs">licence policy: {d.licensePolicy}</Text> : null}
        {hit.status !== 'open' ? (
          <Text size="xs">
            {hit.status} by {hit.reviewedBy === null ? 'good-guy list' : <Actor actor={hit.reviewedBy} label={hit.reviewedByLabel} inline />} {when(hit.reviewedAt)}: {hit.reason}
          </Text>
        ) : canReview ? (
          <Group align="flex-end">
            <Textarea label="Reason" placeholder="Why this is, or is not, the listed party" value={reason} onChange={(e) => setReason(e.currentTarget.value)} style={{ flex: 1 }} autosize minRows={1} />
            <Button color="green" onClick={() => void review('cleared')} loading={action.isBusy} disabled={reason.trim() === ''}>
              Clear
            </Button>
            <Button color="red" variant="light" onClick={() => void review('confirmed')} loading={action.isBusy} disabled={reason.trim() === ''}>
              Confirm
            </Button>
          </Group>
        ) : (
          <Text size="xs" c="dimmed">An approver clears or confirms this hit.</Text>
        )}
        {action.problem ? <ProblemAlert problem={action.problem} /> : null}
      </Stack>
    </Card>
  )
}
