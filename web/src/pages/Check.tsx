/**
 * Check a transaction: the form → "Check" (POST /v1/determinations/preview: both regimes side by side, nothing
 * stored) or "Check and save" (POST /v1/determinations: stored as a transaction under the chosen regime, for an
 * approver to decide on) → the verdict card(s).
 */
import { ActionIcon, Anchor, Badge, Button, Checkbox, Group, MultiSelect, NumberInput, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core'
import { useState } from 'react'
import { api, unwrap, type Schemas } from '../api/client'
import type { paths } from '../api/schema'
import { COUNTRY_OPTIONS, countryFilter } from '../components/countries'
import { today } from '../components/format'
import { Loadable, ProblemAlert, useAction, useLoad } from '../components/state'
import { ListWarnings } from '../components/ListWarnings'
import { VerdictCard } from '../components/VerdictCard'
import { verdictLabel } from '../components/words'
import { RedFlagQuestions, type RedFlagAnswers } from '../components/RedFlagQuestions'
import { IsoDateInput } from '../components/IsoDateInput'

type Tx = paths['/v1/determinations']['post']['requestBody']['content']['application/json']
type PartyIn = NonNullable<Tx['parties']>[number]
type Role = PartyIn['role']
type EndUse = NonNullable<NonNullable<Tx['endUse']>['categories']>[number]

const ROLES = ['purchaser', 'intermediate-consignee', 'ultimate-consignee', 'end-user'] as const satisfies readonly Role[]
const END_USES = ['datacenter', 'ai-training', 'ai-inference', 'research', 'commercial', 'military', 'military-intelligence', 'supercomputer', 'wmd', 'semiconductor-manufacturing'] as const satisfies readonly EndUse[]

type PartyRow = { role: Role; name: string; country: string | null; headquarters: string | null; ultimateParentHeadquarters: string | null }
const emptyParty = (): PartyRow => ({ role: 'end-user', name: '', country: null, headquarters: null, ultimateParentHeadquarters: null })

export function Check() {
  const catalogue = useLoad(() => unwrap(api.GET('/v1/chips', { params: { query: {} } })), [])
  const [item, setItem] = useState<string | null>(null)
  const [quantity, setQuantity] = useState<number | string>(1)
  const [from, setFrom] = useState<string | null>('US')
  const [to, setTo] = useState<string | null>(null)
  const [date, setDate] = useState(today())
  const [regime, setRegime] = useState<'as-enforced' | 'as-published'>('as-enforced')
  const [reference, setReference] = useState('')
  const [parties, setParties] = useState<PartyRow[]>([emptyParty()])
  const [endUses, setEndUses] = useState<string[]>([])
  const [certs, setCerts] = useState<string[]>([])
  const [answers, setAnswers] = useState<RedFlagAnswers>({})
  const [result, setResult] = useState<{ saved: Schemas['Determination'] } | { preview: Schemas['DeterminationPreview'] }>()
  const action = useAction()

  const setParty = (i: number, patch: Partial<PartyRow>) => setParties((ps) => ps.map((p, j) => (j === i ? { ...p, ...patch } : p)))

  const transaction = (): Tx => {
    const chip = catalogue.data?.chips.find((c) => c.id === item)
    return {
      date,
      item: chip?.kind === 'system' ? { system: item ?? '' } : { chip: item ?? '' },
      quantity: Number(quantity),
      from: from ?? 'US',
      to: to ?? '',
      parties: parties
        .filter((p) => p.name.trim() !== '')
        .map((p) => ({ role: p.role, name: p.name, country: p.country ?? '', ...(p.headquarters ? { headquarters: p.headquarters } : {}), ...(p.ultimateParentHeadquarters ? { ultimateParentHeadquarters: p.ultimateParentHeadquarters } : {}) })),
      ...(endUses.length ? { endUse: { categories: endUses as EndUse[] } } : {}),
      ...(certs.length ? { certifications: certs } : {}),
      ...(Object.keys(answers).length ? { answers } : {}),
    }
  }

  /** Enter or "Check": both regimes, nothing stored */
  const check = async (e: React.FormEvent) => {
    e.preventDefault()
    setResult(undefined)
    const d = await action.run(() => unwrap(api.POST('/v1/determinations/preview', { body: transaction() })))
    if (d) setResult({ preview: d })
  }

  const save = async () => {
    setResult(undefined)
    const d = await action.run(() => unwrap(api.POST('/v1/determinations', { params: { query: { regime, ...(reference.trim() ? { reference: reference.trim() } : {}) } }, body: transaction() })))
    if (d) setResult({ saved: d })
  }

  return (
    <Stack>
      <Title order={1} size="h2">
        Check a transaction
      </Title>
      <Text size="sm" c="dimmed">
        Check shows the answer under the rules as BIS enforces them and as published, side by side, and stores nothing. Check and save stores it
        as a transaction under the regime you choose (with its rulesVersion and list snapshots) so an approver can decide on it.
      </Text>
      <Paper withBorder p="md">
        <form onSubmit={check} aria-label="Transaction">
          <Stack>
            <SimpleGrid cols={{ base: 1, md: 3 }}>
              <Loadable state={catalogue}>
                {(c) => (
                  <Select
                    label="Chip or system"
                    placeholder="Search the catalogue"
                    searchable
                    required
                    data={c.chips.map((x) => ({ value: x.id, label: `${x.id}${x.model ? ` — ${x.vendor ?? ''} ${x.model}` : ''}` }))}
                    value={item}
                    onChange={setItem}
                    nothingFoundMessage="No chip or system with this name"
                  />
                )}
              </Loadable>
              <NumberInput label="Quantity" min={1} required value={quantity} onChange={setQuantity} />
              <IsoDateInput label="Date" required value={date} onChange={setDate} />
              <Select label="From" searchable data={COUNTRY_OPTIONS} filter={countryFilter} value={from} onChange={setFrom} />
              <Select label="To" searchable required data={COUNTRY_OPTIONS} filter={countryFilter} value={to} onChange={setTo} placeholder="Destination country" />
              <TextInput label="Your reference" value={reference} onChange={(e) => setReference(e.currentTarget.value)} placeholder="PO 4711" />
            </SimpleGrid>

            <Title order={2} size="h5">
              Parties
            </Title>
            {parties.map((p, i) => (
              <Group key={i} align="flex-end" gap="xs" wrap="nowrap" role="group" aria-label={`Party ${i + 1}`}>
                <Select label="Role" data={[...ROLES]} value={p.role} onChange={(v) => setParty(i, { role: (v ?? 'end-user') as Role })} w={170} allowDeselect={false} />
                <TextInput label="Name" value={p.name} onChange={(e) => setParty(i, { name: e.currentTarget.value })} style={{ flex: 1 }} />
                <Select label="Country" searchable data={COUNTRY_OPTIONS} filter={countryFilter} value={p.country} onChange={(v) => setParty(i, { country: v })} w={170} />
                <Select label="Headquarters" searchable clearable data={COUNTRY_OPTIONS} filter={countryFilter} value={p.headquarters} onChange={(v) => setParty(i, { headquarters: v })} w={170} />
                <Select label="Parent HQ" searchable clearable data={COUNTRY_OPTIONS} filter={countryFilter} value={p.ultimateParentHeadquarters} onChange={(v) => setParty(i, { ultimateParentHeadquarters: v })} w={170} />
                <ActionIcon variant="subtle" color="red" size="lg" aria-label={`Remove party ${i + 1}`} onClick={() => setParties((ps) => ps.filter((_, j) => j !== i))}>
                  ×
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button variant="default" size="xs" onClick={() => setParties((ps) => [...ps, emptyParty()])}>
                Add a party
              </Button>
            </Group>

            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <MultiSelect label="End uses" data={[...END_USES]} value={endUses} onChange={setEndUses} clearable />
              <div>
                <Text size="sm" fw={500}>
                  Regime to save under
                </Text>
                <SegmentedControl
                  aria-label="Regime"
                  value={regime}
                  onChange={(v) => setRegime(v as typeof regime)}
                  data={[
                    { value: 'as-enforced', label: 'As enforced' },
                    { value: 'as-published', label: 'As published' },
                  ]}
                />
              </div>
            </SimpleGrid>
            <Certifications date={date} value={certs} onChange={setCerts} />
            <RedFlagQuestions date={date} answers={answers} onChange={setAnswers} />
            {action.problem ? <ProblemAlert problem={action.problem} /> : null}
            <Group>
              <Button type="submit" loading={action.isBusy}>
                Check
              </Button>
              <Button variant="outline" loading={action.isBusy} onClick={() => void save()}>
                Check and save
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      {result && 'saved' in result ? (
        <>
          <ListWarnings warnings={result.saved.listWarnings} />
          <VerdictCard d={result.saved} />
          <Text size="sm">
            Saved as transaction <Anchor href={`#/transactions/${result.saved.id}`}>{result.saved.id}</Anchor>
            {result.saved.approvalStatus === 'pending' ? ': an approver decides on it there.' : '.'}
          </Text>
        </>
      ) : null}
      {result && 'preview' in result ? (
        <>
          <ListWarnings warnings={result.preview.listWarnings} />
          <Text size="sm">
            {verdictLabel(result.preview.asEnforced.verdict, result.preview.asEnforced.licenseExceptions.map((le) => le.id)) === verdictLabel(result.preview.asPublished.verdict, result.preview.asPublished.licenseExceptions.map((le) => le.id))
              ? `Both regimes give: ${verdictLabel(result.preview.asEnforced.verdict, result.preview.asEnforced.licenseExceptions.map((le) => le.id))}.`
              : `The regimes differ: ${verdictLabel(result.preview.asEnforced.verdict, result.preview.asEnforced.licenseExceptions.map((le) => le.id))} as enforced; ${verdictLabel(result.preview.asPublished.verdict, result.preview.asPublished.licenseExceptions.map((le) => le.id))} as published.`}{' '}
            Not saved: use Check and save to record it.
          </Text>
          <Text size="sm" c="dimmed">
            As enforced is what BIS enforces today; as published follows the rules as printed in the Federal Register, including any BIS has said it will not enforce.
          </Text>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <VerdictCard d={result.preview.asEnforced} title="As enforced" />
            <VerdictCard d={result.preview.asPublished} title="As published" />
          </SimpleGrid>
        </>
      ) : null}
    </Stack>
  )
}

/**
 * The statements the policies in force on the date ask the exporter to certify (GET /v1/certifications: data, not
 * a list kept here), each with its text; the ticked ids go into the transaction's `certifications`.
 */
function Certifications({ date, value, onChange }: { date: string; value: string[]; onChange: (v: string[]) => void }) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null
  return <CertificationsOn date={date} value={value} onChange={onChange} />
}

function CertificationsOn({ date, value, onChange }: { date: string; value: string[]; onChange: (v: string[]) => void }) {
  const state = useLoad(() => unwrap(api.GET('/v1/certifications', { params: { query: { date } } })), [date])
  return (
    <Loadable state={state}>
      {(d) =>
        d.certifications.length === 0 ? (
          <Text size="sm" c="dimmed">
            No policy in force on {d.date} asks the exporter for certifications.
          </Text>
        ) : (
          <Checkbox.Group label={`Certifications the exporter makes (policies in force on ${d.date})`} description={[...new Set(d.certifications.map((c) => c.citation.cfr))].join('; ')} value={value} onChange={onChange}>
            <Stack gap={6} mt={6}>
              {d.certifications.map((c) => (
                <Checkbox
                  key={`${c.set}:${c.id}`}
                  value={c.id}
                  label={
                    c.citation.unverified ? (
                      <>
                        {c.text}{' '}
                        <Badge color="orange" size="xs">
                          unverified
                        </Badge>
                      </>
                    ) : (
                      c.text
                    )
                  }
                  description={c.citation.unverified && c.note ? `${c.id} — not verified in the primary text: ${c.note}` : c.id}
                />
              ))}
            </Stack>
          </Checkbox.Group>
        )
      }
    </Loadable>
  )
}
