/**
 * The screening matches a transaction's answer rests on that no one reviewed (records/pending-hits.ts): each with
 * whether a licence requirement rests on it or it is a red flag, and, for an approver, "Confirm match" / "Clear (false
 * positive)" with the reason the review API requires (POST /v1/screenings/{runId}/hits/{hitId}/review, on the open
 * hit of the transaction's stored party). Once none is left open, "Re-check" determines the transaction again with
 * the reviews (POST /v1/transactions/{id}/recheck) and opens the new one. An approval waits for all of this (409
 * HIT_REVIEW_PENDING).
 */
import { Alert, Badge, Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core'
import { useState } from 'react'
import { api, unwrap } from '../api/client'
import type { HitRecord, Transaction } from '../api/types'
import { go } from '../router'
import { useCan } from '../session'
import { pendingHitsOf, type PendingHit } from '../../../src/records/pending-hits'
import type { DeterminationResult } from '../../../src/determination/types'
import { sameNameKey } from '../../../src/shared/text'
import { Loadable, ProblemAlert, useAction, useLoad } from './state'

type OpenHit = HitRecord

export function PendingHits({ t }: { t: Transaction }) {
  const pending = t.approval ? [] : pendingHitsOf(t.result as unknown as DeterminationResult)
  // the transaction's stored parties and their open hits, where each pending match is reviewed
  const open = useLoad(async () => {
    if (pending.length === 0) return { parties: [], hits: [] }
    const parties = await Promise.all(t.partyIds.map((id) => unwrap(api.GET('/v1/parties/{id}', { params: { path: { id } } }))))
    const hits = (await Promise.all(t.partyIds.map((partyId) => unwrap(api.GET('/v1/screenings/hits', { params: { query: { partyId, limit: 100 } } }))))).flatMap((p) => p.items)
    return { parties, hits }
  }, [t.id, pending.length])
  const canReview = useCan('approver')
  const canRecheck = useCan('analyst')
  const recheck = useAction()
  if (pending.length === 0) return null
  const relevant = pending.filter((h) => h.kind === 'licence-relevant').length
  const redFlags = pending.length - relevant
  const doRecheck = async () => {
    const r = await recheck.run(() => unwrap(api.POST('/v1/transactions/{id}/recheck', { params: { path: { id: t.id } } })))
    if (r) go(`/transactions/${r.id}`)
  }
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h4">
          Screening hits to review before a decision
        </Title>
        <Text size="sm">
          {[relevant > 0 ? `${relevant} licence-relevant (the verdict rests on ${relevant === 1 ? 'it' : 'them'}: it holds if confirmed)` : '', redFlags > 0 ? `${redFlags} red flag${redFlags === 1 ? '' : 's'} (no licence requirement, but resolved before a decision)` : ''].filter(Boolean).join('; ')}. Confirm or clear each, then re-check the transaction: the new determination is the one decided.
        </Text>
        <Loadable state={open}>
          {({ parties, hits }) => {
            // a transaction party is the stored party of the same name (case and spacing aside) and country, as the store queues it
            const partyOf = (h: PendingHit) => parties.find((p) => sameNameKey(p.name) === sameNameKey(h.name) && p.country.toUpperCase() === h.country.toUpperCase())
            const openOf = (h: PendingHit) => hits.find((o) => o.partyId === partyOf(h)?.id && o.list === h.list && o.entryId === h.entryId)
            const isAllReviewed = pending.every((h) => openOf(h) === undefined)
            return (
              <Stack gap="sm">
                {pending.map((h) => (
                  <PendingHitRow key={`${h.role}-${h.matchedVia?.name ?? ''}-${h.list}-${h.entryId}`} h={h} open={openOf(h)} canReview={canReview} onReviewed={open.reload} />
                ))}
                {isAllReviewed ? (
                  <Alert color="blue" title="Every hit is reviewed">
                    <Stack gap="xs">
                      <Text size="sm">This answer was made before the reviews: re-check the transaction to decide on an answer that applies them.</Text>
                      {recheck.problem ? <ProblemAlert problem={recheck.problem} /> : null}
                      {canRecheck ? (
                        <Group>
                          <Button onClick={() => void doRecheck()} loading={recheck.isBusy}>
                            Re-check
                          </Button>
                        </Group>
                      ) : (
                        <Text size="sm">An analyst re-checks it.</Text>
                      )}
                    </Stack>
                  </Alert>
                ) : null}
              </Stack>
            )
          }}
        </Loadable>
      </Stack>
    </Card>
  )
}

function PendingHitRow({ h, open, canReview, onReviewed }: { h: PendingHit; open: OpenHit | undefined; canReview: boolean; onReviewed: () => void }) {
  const [reason, setReason] = useState('')
  const action = useAction()
  const who = h.matchedVia ? `${h.matchedVia.name} (owner of ${h.name}, ${h.role})` : `${h.name} (${h.role})`
  const review = async (decision: 'confirmed' | 'cleared') => {
    if (!open) return
    const r = await action.run(() => unwrap(api.POST('/v1/screenings/{id}/hits/{hitId}/review', { params: { path: { id: open.runId, hitId: open.id } }, body: { decision, reason } })))
    if (r) onReviewed()
  }
  return (
    <Stack gap={4} role="group" aria-label={`Hit: ${who} ~ ${h.primaryName}`}>
      <Group gap="xs">
        <Badge color={h.kind === 'licence-relevant' ? 'red' : 'orange'}>{h.kind === 'licence-relevant' ? 'licence-relevant' : 'red flag'}</Badge>
        <Text size="sm">
          {who} ~ {h.list.toUpperCase()} “{h.primaryName}” ({h.entryId}, score {h.score.toFixed(2)})
        </Text>
      </Group>
      {!open ? (
        <Text size="xs" c="dimmed">
          Reviewed since this answer: re-check the transaction.
        </Text>
      ) : canReview ? (
        <>
          <Textarea label="Reason for the review" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={1} />
          {action.problem ? <ProblemAlert problem={action.problem} /> : null}
          <Group>
            <Button color="red" variant="light" onClick={() => void review('confirmed')} loading={action.isBusy} disabled={reason.trim() === ''}>
              Confirm match
            </Button>
            <Button color="green" variant="light" onClick={() => void review('cleared')} loading={action.isBusy} disabled={reason.trim() === ''}>
              Clear (false positive)
            </Button>
          </Group>
        </>
      ) : (
        <Text size="xs" c="dimmed">
          Open hit {open.id}: an approver reviews it.
        </Text>
      )}
    </Stack>
  )
}
