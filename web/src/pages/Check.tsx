/** Check a transaction: the form → POST /v1/determinations (the result is stored as a transaction) → the verdict card. */
import { ActionIcon, Anchor, Button, Checkbox, Group, MultiSelect, NumberInput, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core'
import { useState } from 'react'
import { api, unwrap, type Schemas } from '../api/client'
import type { paths } from '../api/schema'
import { COUNTRY_OPTIONS } from '../components/countries'
import { today } from '../components/format'
import { Loadable, ProblemAlert, useAction, useLoad } from '../components/state'
import { VerdictCard } from '../components/VerdictCard'
import { ProblemError } from '../api/client'

type Tx = paths['/v1/determinations']['post']['requestBody']['content']['application/json']
type PartyIn = NonNullable<Tx['parties']>[number]
type Role = PartyIn['role']
type EndUse = NonNullable<NonNullable<Tx['endUse']>['categories']>[number]
type Cert = NonNullable<Tx['certifications']>[number]

const ROLES = ['purchaser', 'intermediate-consignee', 'ultimate-consignee', 'end-user'] as const satisfies readonly Role[]
const END_USES = ['datacenter', 'ai-training', 'ai-inference', 'research', 'commercial', 'military', 'military-intelligence', 'supercomputer', 'wmd', 'semiconductor-manufacturing'] as const satisfies readonly EndUse[]
const CERTS = ['us-supply-sufficient', 'no-foundry-diversion', 'recipient-security-procedures', 'independent-us-testing'] as const satisfies readonly Cert[]

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
  const [answers, setAnswers] = useState('')
  const [result, setResult] = useState<Schemas['Determination']>()
  const action = useAction()

  const setParty = (i: number, patch: Partial<PartyRow>) => setParties((ps) => ps.map((p, j) => (j === i ? { ...p, ...patch } : p)))

  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    setResult(undefined)
    const d = await action.run(async () => {
      const chip = catalogue.data?.chips.find((c) => c.id === item)
      let parsedAnswers: Record<string, 'yes' | 'no'> | undefined
      if (answers.trim() !== '') {
        try {
          parsedAnswers = JSON.parse(answers) as Record<string, 'yes' | 'no'>
        } catch {
          throw new ProblemError({ title: 'The red-flag answers are not JSON', detail: 'write them as {"red-flag-id": "yes" | "no", …}', status: 400 })
        }
      }
      const body: Tx = {
        date,
        item: chip?.kind === 'system' ? { system: item ?? '' } : { chip: item ?? '' },
        quantity: Number(quantity),
        from: from ?? 'US',
        to: to ?? '',
        parties: parties
          .filter((p) => p.name.trim() !== '')
          .map((p) => ({ role: p.role, name: p.name, country: p.country ?? '', ...(p.headquarters ? { headquarters: p.headquarters } : {}), ...(p.ultimateParentHeadquarters ? { ultimateParentHeadquarters: p.ultimateParentHeadquarters } : {}) })),
        ...(endUses.length ? { endUse: { categories: endUses as EndUse[] } } : {}),
        ...(certs.length ? { certifications: certs as Cert[] } : {}),
        ...(parsedAnswers ? { answers: parsedAnswers } : {}),
      }
      return unwrap(api.POST('/v1/determinations', { params: { query: { regime, ...(reference.trim() ? { reference: reference.trim() } : {}) } }, body }))
    })
    if (d) setResult(d)
  }

  return (
    <Stack>
      <Title order={1} size="h2">
        Check a transaction
      </Title>
      <Text size="sm" c="dimmed">
        The answer is stored as a transaction (with its rulesVersion and list snapshots) so an approver can decide on it.
      </Text>
      <Paper withBorder p="md">
        <form onSubmit={submit} aria-label="Transaction">
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
              <TextInput label="Date" type="date" required value={date} onChange={(e) => setDate(e.currentTarget.value)} />
              <Select label="From" searchable data={COUNTRY_OPTIONS} value={from} onChange={setFrom} />
              <Select label="To" searchable required data={COUNTRY_OPTIONS} value={to} onChange={setTo} placeholder="Destination country" />
              <TextInput label="Your reference" value={reference} onChange={(e) => setReference(e.currentTarget.value)} placeholder="PO 4711" />
            </SimpleGrid>

            <Title order={2} size="h5">
              Parties
            </Title>
            {parties.map((p, i) => (
              <Group key={i} align="flex-end" gap="xs" wrap="nowrap" role="group" aria-label={`Party ${i + 1}`}>
                <Select label="Role" data={[...ROLES]} value={p.role} onChange={(v) => setParty(i, { role: (v ?? 'end-user') as Role })} w={170} allowDeselect={false} />
                <TextInput label="Name" value={p.name} onChange={(e) => setParty(i, { name: e.currentTarget.value })} style={{ flex: 1 }} />
                <Select label="Country" searchable data={COUNTRY_OPTIONS} value={p.country} onChange={(v) => setParty(i, { country: v })} w={170} />
                <Select label="Headquarters" searchable clearable data={COUNTRY_OPTIONS} value={p.headquarters} onChange={(v) => setParty(i, { headquarters: v })} w={170} />
                <Select label="Parent HQ" searchable clearable data={COUNTRY_OPTIONS} value={p.ultimateParentHeadquarters} onChange={(v) => setParty(i, { ultimateParentHeadquarters: v })} w={170} />
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
                  Regime
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
            <Checkbox.Group label="Certifications the exporter makes" value={certs} onChange={setCerts}>
              <Group mt={4}>
                {CERTS.map((c) => (
                  <Checkbox key={c} value={c} label={c} />
                ))}
              </Group>
            </Checkbox.Group>
            <Textarea label="Red-flag answers (JSON, optional)" description={'{"kyc-reluctant-end-use": "no", …}; chipnav red-flags lists the questions'} value={answers} onChange={(e) => setAnswers(e.currentTarget.value)} autosize minRows={1} />
            {action.problem ? <ProblemAlert problem={action.problem} /> : null}
            <Group>
              <Button type="submit" loading={action.isBusy}>
                Check and save
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      {result ? (
        <>
          <VerdictCard d={result} />
          <Text size="sm">
            Saved as transaction <Anchor href={`#/transactions/${result.id}`}>{result.id}</Anchor>
            {result.approvalStatus === 'pending' ? ': an approver decides on it there.' : '.'}
          </Text>
        </>
      ) : null}
    </Stack>
  )
}
