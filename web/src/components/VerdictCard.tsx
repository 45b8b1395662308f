/** A determination as an officer reads it: verdict, review policy, licence exceptions, the deciding reasons with their sources, flags by kind, parties. */
import { Anchor, Badge, Card, Group, List, Stack, Table, Text, Title } from '@mantine/core'
import { api, unwrap, type Schemas } from '../api/client'
import { groupReasonsByParty } from '../../../src/determination/group-reasons'
import { num, statusColor, verdictColor } from './format'
import { useLoad } from './state'
import { exceptionLabel, flagHeading, itemName, pendingReviewWords, placeLabel, questionIdWords, verdictLabel } from './words'

/** a heading that asks for attention: orange dark enough for 14 px text on white (6.5:1; Mantine's orange.9 is 4.3:1, under WCAG AA's 4.5) */
const ATTENTION = '#a63a00'

/** a stored determination, or one that was only checked (no id, record time or approval status) */
type Det = Schemas['DeterminationResult'] & Partial<Pick<Schemas['Determination'], 'id' | 'recordedAt' | 'approvalStatus'>>
type Citation = Schemas['Citation']

export function CitationLinks({ citations }: { citations: Citation[] }) {
  return (
    <Group gap={6} component="span">
      {citations.map((c, i) => (
        <Text key={`${c.ruleId}-${i}`} size="xs" c="dimmed" component="span">
          [{c.cfr};{' '}
          <Anchor href={c.source.url} target="_blank" rel="noreferrer" size="xs">
            {c.source.citation}
          </Anchor>
          {c.effectiveUnknown ? '' : `, effective ${c.effective}`}
          {c.unverified || c.source.unverified ? ', unverified' : ''}]
        </Text>
      ))}
    </Group>
  )
}

type Reason = { ruleId: string; text: string; citations: Citation[]; party?: { role: string; name: string } }
type FlagView = { kind: string; id: string; text: string; citations?: Citation[]; questions?: string[] }

/** Items behind a summary that opens them (nothing when there are none). */
function MoreItems<T>({ items, label, render }: { items: T[]; label: string; render: (x: T, i: number) => React.ReactNode }) {
  if (items.length === 0) return null
  return (
    <details>
      <summary>
        <Text span size="sm">
          {label}
        </Text>
      </summary>
      <List size="sm">{items.map(render)}</List>
    </details>
  )
}

/** The deciding reasons, numbered, each with its citations (a determination's or an access check's). */
export function ReasonList({ reasons }: { reasons: Reason[] }) {
  return (
    <div>
      <Title order={3} size="h5">
        Why
      </Title>
      <List type="ordered" size="sm" spacing={4}>
        {groupReasonsByParty(reasons).map(({ reason: r, more }, i) => (
          <List.Item key={`${r.ruleId}-${i}`}>
            {r.text} <CitationLinks citations={r.citations} />
            <MoreItems
              items={more}
              label={`${more.length} more entr${more.length > 1 ? 'ies' : 'y'} of the same list for this party`}
              render={(x, j) => (
                <List.Item key={j}>
                  {x.text} <CitationLinks citations={x.citations} />
                </List.Item>
              )}
            />
          </List.Item>
        ))}
      </List>
    </div>
  )
}

/** At most this many flags of one kind are listed; the rest open from "N more". */
const FLAGS_SHOWN = 5

/**
 * The unanswered red-flag questions as their text (GET /v1/red-flags on the answer's date); while that loads, or
 * when it cannot, each id read as words.
 */
function UnansweredQuestions({ ids, date }: { ids: string[]; date: string }) {
  const state = useLoad(() => unwrap(api.GET('/v1/red-flags', { params: { query: { date } } })), [date])
  const textById = new Map((state.data?.questions ?? []).map((q) => [q.id, q.question]))
  return (
    <details>
      <summary>
        <Text span size="sm">
          Show the questions
        </Text>
      </summary>
      <List size="sm">
        {ids.map((id) => (
          <List.Item key={id}>{textById.get(id) ?? questionIdWords(id)}</List.Item>
        ))}
      </List>
    </details>
  )
}

/** The flags grouped by kind under a plain heading, each with its citations; unanswered questions as their text. */
export function FlagGroups({ flags, date }: { flags: FlagView[]; date?: string }) {
  const flagsByKind = new Map<string, FlagView[]>()
  for (const f of flags) flagsByKind.set(f.kind, [...(flagsByKind.get(f.kind) ?? []), f])
  if (flagsByKind.size === 0) return null
  const item = (f: FlagView) => (
    <List.Item key={f.id}>
      {f.questions?.length && date ? `${f.text.split(':')[0]}.` : f.text} {f.citations ? <CitationLinks citations={f.citations} /> : null}
      {f.questions?.length && date ? <UnansweredQuestions ids={f.questions} date={date} /> : null}
    </List.Item>
  )
  return (
    <div>
      <Title order={3} size="h5">
        Flags
      </Title>
      {[...flagsByKind].map(([kind, fs]) => (
        <div key={kind}>
          <Text size="sm" fw={600} c={kind === 'regime-difference' || kind.includes('hit') ? ATTENTION : undefined}>
            {flagHeading(kind)} ({fs.length})
          </Text>
          <List size="sm">{fs.slice(0, FLAGS_SHOWN).map(item)}</List>
          <MoreItems items={fs.slice(FLAGS_SHOWN)} label={`${fs.length - FLAGS_SHOWN} more`} render={item} />
        </div>
      ))}
    </div>
  )
}

export function VerdictCard({ d, title }: { d: Det; title?: string }) {
  return (
    <Card withBorder shadow="sm" data-testid="verdict-card" aria-label={title ? `Verdict ${title}` : 'Verdict'}>
      <Stack gap="sm">
        {title ? (
          <Title order={2} size="h4">
            {title}
          </Title>
        ) : null}
        <Group justify="space-between" align="flex-start">
          <div>
            <Group gap="xs">
              <Badge size="xl" color={verdictColor(d.verdict)} variant="filled">
                {verdictLabel(d.verdict, d.licenseExceptions.map((le) => le.id))}
              </Badge>
              {d.reviewPolicy ? <Badge size="lg" variant="light" color="gray">{d.reviewPolicy.replace(/-/g, ' ')}</Badge> : null}
              {d.subjectToEar?.subject === false ? <Badge size="lg" variant="light" color="gray">not subject to the EAR</Badge> : null}
              {d.approvalStatus ? (
                <Badge size="lg" variant="light" color={statusColor(d.approvalStatus)}>
                  {d.approvalStatus}
                </Badge>
              ) : null}
            </Group>
            <Text size="sm" mt={6}>
              {num(d.quantity)} × {itemName(d.item.classification?.item, itemLabel(d.item.ref))} ({d.item.eccn ?? 'not 3A090/4A090'}
              {d.item.tppPerUnit !== null ? `, TPP ${num(d.item.tppPerUnit)} each` : ''}), {placeLabel(d.from)} → {placeLabel(d.to)}
              {d.toTreatedAs !== d.to ? ` (treated as ${placeLabel(d.toTreatedAs)})` : ''}, on {d.date}, {d.regime.replace(/-/g, ' ')}
            </Text>
          </div>
          <Text size="xs" c="dimmed">
            {d.id ?? 'not saved'}
            <br />
            rulesVersion {d.rulesVersion.slice(0, 12)}
          </Text>
        </Group>

        {d.pendingReview ? (
          <Text size="sm" fw={600} data-testid="pending-review">
            {pendingReviewWords(d.verdict, d.licenseExceptions.map((le) => le.id), d.pendingReview)}
          </Text>
        ) : null}

        <ReasonList reasons={d.reasons} />

        {d.licenseExceptions.length > 0 ? (
          <div>
            <Title order={3} size="h5">
              Licence exceptions
            </Title>
            <List size="sm">
              {d.licenseExceptions.map((le) => (
                <List.Item key={le.id}>
                  <b>{exceptionLabel(le.id)}</b> for {le.for}
                  {le.notifyBy ? `; notify by ${le.notifyBy}` : ''}: {le.conditions.join('; ')} <CitationLinks citations={le.citations} />
                </List.Item>
              ))}
            </List>
          </div>
        ) : null}

        <FlagGroups flags={d.flags} date={d.date} />

        {d.parties.length > 0 ? (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Role</Table.Th>
                <Table.Th>Party</Table.Th>
                <Table.Th>Country / HQ / parent HQ</Table.Th>
                <Table.Th>Screening</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.parties.map((p, i) => (
                <Table.Tr key={`${p.name}-${i}`}>
                  <Table.Td>{p.role}</Table.Td>
                  <Table.Td>{p.name}</Table.Td>
                  <Table.Td>
                    {placeLabel(p.country)} / {p.headquarters ? placeLabel(p.headquarters) : '–'} / {p.ultimateParentHeadquarters ? placeLabel(p.ultimateParentHeadquarters) : '–'}
                  </Table.Td>
                  <Table.Td>
                    <PartyScreening p={p} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
      </Stack>
    </Card>
  )
}

function itemLabel(ref: unknown): string {
  if (ref && typeof ref === 'object') {
    const r = ref as Record<string, unknown>
    if (typeof r.chip === 'string') return r.chip
    if (typeof r.system === 'string') return r.system
    if (typeof r.eccn === 'string') return `an item of ${r.eccn}`
    if (r.spec && typeof r.spec === 'object') return String((r.spec as Record<string, unknown>).id ?? 'a specification')
  }
  return 'item'
}

type Party = NonNullable<Det['parties']>[number]
type Hit = NonNullable<Party['screening']>['hits'][number]
const hitsText = (hits: readonly Hit[]) => `${hits.slice(0, 3).map((h) => `${h.list.toUpperCase()} ${h.primaryName}`).join('; ')}${hits.length > 3 ? `; and ${hits.length - 3} more (see Flags)` : ''}`

/**
 * What screening found for a party: its own name's matches, then each named owner's ("owner matched: …"), since a
 * listed owner is a risk of the party's own (its hits are queued under the party, `detail.matchedVia`).
 */
function PartyScreening({ p }: { p: Party }) {
  const s = p.screening
  const owners = (p.owners ?? []).filter((o) => (o.screening?.hits.length ?? 0) > 0)
  const own =
    s === null
      ? 'not screened (no list loaded)'
      : s.hits.length === 0
        ? s.notices?.length
          ? `no hits — NOT CLEANLY SCREENED: name in ${s.notices.map((n) => n.script).join(', ')} script, which the lists barely hold (see Flags)`
          : owners.length > 0
            ? 'no hits on its own name'
            : 'no hits'
        : `${s.hits.length} hit${s.hits.length > 1 ? 's' : ''}: ${hitsText(s.hits)}`
  return (
    <>
      {own}
      {owners.map((o) => (
        <Text key={o.name} size="sm" fw={600} c={ATTENTION}>
          owner matched: {o.name} ({Math.round(o.share * 1000) / 10} %): {hitsText(o.screening!.hits)}
        </Text>
      ))}
    </>
  )
}
