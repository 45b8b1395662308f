/** Check access: who uses the compute or receives the technology, where, for what → POST /v1/access-checks → the answer card (not stored). */
import { Badge, Button, Card, Checkbox, Group, MultiSelect, NumberInput, Paper, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { useState } from 'react'
import { api, unwrap, ProblemError, type Schemas } from '../api/client'
import type { paths } from '../api/schema'
import { COUNTRY_OPTIONS, countryFilter } from '../components/countries'
import { count, today, verdictColor } from '../components/format'
import { pendingReviewWords, verdictLabel } from '../components/words'
import { ListWarnings } from '../components/ListWarnings'
import { Loadable, ProblemAlert, useAction, useLoad } from '../components/state'
import { FlagGroups, ReasonList } from '../components/VerdictCard'
import { IsoDateInput } from '../components/IsoDateInput'

type Req = paths['/v1/access-checks']['post']['requestBody']['content']['application/json']
type Check = Req['check']
type Result = Schemas['AccessCheckResult']
type Use = NonNullable<NonNullable<Check['purpose']>['use']>
type EndUse = NonNullable<NonNullable<Check['purpose']>['endUses']>[number]
const USES = ['training', 'inference', 'development', 'research', 'other'] as const satisfies readonly Use[]
const END_USES = ['military', 'military-intelligence', 'wmd'] as const satisfies readonly EndUse[]

const org = (name: string, country: string | null, headquarters: string | null) => (name.trim() && country ? { name: name.trim(), country, ...(headquarters ? { headquarters } : {}) } : undefined)

export function Access() {
  const catalogue = useLoad(() => unwrap(api.GET('/v1/chips', { params: { query: {} } })), [])
  const [date, setDate] = useState(today())
  const [regime, setRegime] = useState<'as-enforced' | 'as-published'>('as-enforced')
  const [whoKind, setWhoKind] = useState<'person' | 'organisation'>('person')
  const [name, setName] = useState('')
  const [citizenships, setCitizenships] = useState<string[]>([])
  const [residency, setResidency] = useState<string[]>([])
  const [isUsPerson, setUsPerson] = useState(false)
  const [employer, setEmployer] = useState('')
  const [employerCountry, setEmployerCountry] = useState<string | null>(null)
  const [orgCountry, setOrgCountry] = useState<string | null>(null)
  const [orgHq, setOrgHq] = useState<string | null>(null)
  const [orgParentHq, setOrgParentHq] = useState<string | null>(null)
  const [whatKind, setWhatKind] = useState<'technology' | 'compute' | 'model-weights'>('technology')
  const [chip, setChip] = useState<string | null>(null)
  const [quantity, setQuantity] = useState<number | string>(1)
  const [eccn, setEccn] = useState('3E001')
  const [operations, setOperations] = useState('')
  const [isPublished, setPublished] = useState(false)
  const [where, setWhere] = useState<string | null>('US')
  const [operator, setOperator] = useState('')
  const [operatorCountry, setOperatorCountry] = useState<string | null>(null)
  const [accessFrom, setAccessFrom] = useState<string | null>(null)
  const [use, setUse] = useState<string | null>(null)
  const [forParty, setForParty] = useState('')
  const [forPartyCountry, setForPartyCountry] = useState<string | null>(null)
  const [forPartyHq, setForPartyHq] = useState<string | null>(null)
  const [endUses, setEndUses] = useState<string[]>([])
  const [result, setResult] = useState<Result>()
  const action = useAction()

  const itemRef = () => {
    const c = catalogue.data?.chips.find((x) => x.id === chip)
    return c?.kind === 'system' ? { system: chip ?? '' } : { chip: chip ?? '' }
  }

  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    setResult(undefined)
    const r = await action.run(async () => {
      const ops = operations.trim() === '' ? undefined : Number(operations)
      if (ops !== undefined && !Number.isFinite(ops)) throw new ProblemError({ title: 'Training operations is not a number', detail: 'write it as 3e26 or 300000000000000000000000000', status: 400 })
      const emp = org(employer, employerCountry, null)
      const who =
        whoKind === 'person'
          ? { kind: 'person' as const, name, citizenships, permanentResidency: residency, usPerson: isUsPerson, ...(emp ? { employer: emp } : {}) }
          : { kind: 'organisation' as const, name, country: orgCountry ?? '', ...(orgHq ? { headquarters: orgHq } : {}), ...(orgParentHq ? { ultimateParentHeadquarters: orgParentHq } : {}) }
      const what =
        whatKind === 'compute'
          ? { kind: 'compute' as const, item: itemRef(), quantity: Number(quantity) }
          : whatKind === 'technology'
            ? { kind: 'technology' as const, eccn: eccn.trim().toUpperCase(), ...(chip ? { forItem: itemRef() } : {}) }
            : { kind: 'model-weights' as const, published: isPublished, ...(ops !== undefined ? { trainingOperations: ops } : {}) }
      const op = org(operator, operatorCountry, null)
      const party = org(forParty, forPartyCountry, forPartyHq)
      const purpose = use || party || endUses.length ? { ...(use ? { use: use as Use } : {}), ...(party ? { forParty: party } : {}), endUses: endUses as EndUse[] } : undefined
      const check = { date, who, what, where: { country: where ?? '', ...(op ? { operator: op } : {}), ...(accessFrom ? { accessFrom } : {}) }, ...(purpose ? { purpose } : {}) } as unknown as Check
      return unwrap(api.POST('/v1/access-checks', { body: { check, regime } }))
    })
    if (r) setResult(r)
  }

  const chipSelect = (label: string, required: boolean) => (
    <Loadable state={catalogue}>
      {(c) => <Select label={label} placeholder="Search the catalogue" searchable clearable={!required} required={required} data={c.chips.map((x) => ({ value: x.id, label: `${x.id}${x.model ? ` — ${x.vendor ?? ''} ${x.model}` : ''}` }))} value={chip} onChange={setChip} nothingFoundMessage="No chip or system with this name" />}
    </Loadable>
  )

  return (
    <Stack>
      <Title order={1} size="h2">
        Check access
      </Title>
      <Text size="sm" c="dimmed">
        Remote use of compute (not itself an export), or a release of technology, software or model weights to a person or tenant (deemed exports included), on a date. The answer is not stored; log real accesses through the API (POST /v1/tech-access).
      </Text>
      <Paper withBorder p="md">
        <form onSubmit={submit} aria-label="Access check">
          <Stack>
            <SimpleGrid cols={{ base: 1, md: 3 }}>
              <IsoDateInput label="Date" required value={date} onChange={setDate} />
              <div>
                <Text size="sm" fw={500}>
                  Regime
                </Text>
                <SegmentedControl aria-label="Regime" value={regime} onChange={(v) => setRegime(v as typeof regime)} data={[{ value: 'as-enforced', label: 'As enforced' }, { value: 'as-published', label: 'As published' }]} />
              </div>
            </SimpleGrid>

            <Title order={2} size="h5">
              Who
            </Title>
            <SegmentedControl aria-label="Who" value={whoKind} onChange={(v) => setWhoKind(v as typeof whoKind)} data={[{ value: 'person', label: 'A person' }, { value: 'organisation', label: 'A tenant organisation' }]} />
            <SimpleGrid cols={{ base: 1, md: 3 }}>
              <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
              {whoKind === 'person' ? (
                <>
                  <MultiSelect label="Citizenships" searchable required data={COUNTRY_OPTIONS} filter={countryFilter} value={citizenships} onChange={setCitizenships} />
                  <MultiSelect label="Permanent residency" searchable data={COUNTRY_OPTIONS} filter={countryFilter} value={residency} onChange={setResidency} />
                  <TextInput label="Employer" value={employer} onChange={(e) => setEmployer(e.currentTarget.value)} />
                  <Select label="Employer country" searchable clearable data={COUNTRY_OPTIONS} filter={countryFilter} value={employerCountry} onChange={setEmployerCountry} />
                  <Checkbox mt="lg" label="U.S. person (citizen, permanent resident, protected individual)" checked={isUsPerson} onChange={(e) => setUsPerson(e.currentTarget.checked)} />
                </>
              ) : (
                <>
                  <Select label="Tenant country" searchable required data={COUNTRY_OPTIONS} filter={countryFilter} value={orgCountry} onChange={setOrgCountry} />
                  <Select label="Headquarters" searchable clearable data={COUNTRY_OPTIONS} filter={countryFilter} value={orgHq} onChange={setOrgHq} />
                  <Select label="Parent HQ" searchable clearable data={COUNTRY_OPTIONS} filter={countryFilter} value={orgParentHq} onChange={setOrgParentHq} />
                </>
              )}
            </SimpleGrid>

            <Title order={2} size="h5">
              What
            </Title>
            <SegmentedControl aria-label="What" value={whatKind} onChange={(v) => setWhatKind(v as typeof whatKind)} data={[{ value: 'technology', label: 'Technology or software' }, { value: 'compute', label: 'Remote use of compute' }, { value: 'model-weights', label: 'Model weights' }]} />
            <SimpleGrid cols={{ base: 1, md: 3 }}>
              {whatKind === 'technology' ? (
                <>
                  <TextInput label="ECCN" required value={eccn} onChange={(e) => setEccn(e.currentTarget.value)} description="e.g. 3E001, 4E001, 3D001" />
                  {chipSelect('For the chip or system', false)}
                </>
              ) : whatKind === 'compute' ? (
                <>
                  {chipSelect('Chip or system', true)}
                  <NumberInput label="How many" min={1} required value={quantity} onChange={setQuantity} />
                </>
              ) : (
                <>
                  <TextInput label="Training operations" value={operations} onChange={(e) => setOperations(e.currentTarget.value)} placeholder="3e26" />
                  <Checkbox mt="lg" label="Published (open-weight) model" checked={isPublished} onChange={(e) => setPublished(e.currentTarget.checked)} />
                </>
              )}
            </SimpleGrid>

            <Title order={2} size="h5">
              Where
            </Title>
            <SimpleGrid cols={{ base: 1, md: 4 }}>
              <Select label="Country of the data centre or release" searchable required data={COUNTRY_OPTIONS} filter={countryFilter} value={where} onChange={setWhere} />
              <TextInput label="Data centre operator" value={operator} onChange={(e) => setOperator(e.currentTarget.value)} />
              <Select label="Operator country" searchable clearable data={COUNTRY_OPTIONS} filter={countryFilter} value={operatorCountry} onChange={setOperatorCountry} />
              <Select label="Access from" description="where the person or tenant is: a release is received there" searchable clearable data={COUNTRY_OPTIONS} filter={countryFilter} value={accessFrom} onChange={setAccessFrom} />
            </SimpleGrid>

            <Title order={2} size="h5">
              Purpose
            </Title>
            <SimpleGrid cols={{ base: 1, md: 4 }}>
              <Select label="Use" clearable data={[...USES]} value={use} onChange={setUse} />
              <TextInput label="For (party)" value={forParty} onChange={(e) => setForParty(e.currentTarget.value)} placeholder="the customer a model is trained for" />
              <Select label="Party country" searchable clearable data={COUNTRY_OPTIONS} filter={countryFilter} value={forPartyCountry} onChange={setForPartyCountry} />
              <Select label="Party headquarters" searchable clearable data={COUNTRY_OPTIONS} filter={countryFilter} value={forPartyHq} onChange={setForPartyHq} />
              <MultiSelect label="End uses" data={[...END_USES]} value={endUses} onChange={setEndUses} clearable />
            </SimpleGrid>
            {action.problem ? <ProblemAlert problem={action.problem} /> : null}
            <Group>
              <Button type="submit" loading={action.isBusy}>
                Check access
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      {result ? (
        <>
          <ListWarnings warnings={result.listWarnings} />
          <AccessCard r={result} />
        </>
      ) : null}
    </Stack>
  )
}

export function AccessCard({ r }: { r: Result }) {
  return (
    <Card withBorder shadow="sm" data-testid="access-card" aria-label="Access answer">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <div>
            <Group gap="xs">
              <Badge size="xl" color={verdictColor(r.verdict)} variant="filled">
                {verdictLabel(r.verdict)}
              </Badge>
              {r.reviewPolicy ? <Badge size="lg" variant="light" color="gray">{r.reviewPolicy.replace(/-/g, ' ')}</Badge> : null}
              <Badge size="lg" variant="light" color={r.isExport ? 'orange' : 'gray'}>
                {r.isExport ? 'a release (export)' : 'not an export'}
              </Badge>
            </Group>
            <Text size="sm" mt={6}>
              {r.isExport ? `A release of ${r.subject} in ${r.releasedIn}${r.attributedTo.length ? `, attributed to ${r.attributedTo.join(', ')}` : ''}` : `Remote use of compute: ${r.subject}`}, on {r.date}, {r.regime}
              {r.otherRegime && r.otherRegime.verdict !== r.verdict ? `; ${r.otherRegime.regime}: ${verdictLabel(r.otherRegime.verdict)}` : ''}
            </Text>
          </div>
          <Text size="xs" c="dimmed">
            rulesVersion {r.rulesVersion.slice(0, 12)}
          </Text>
        </Group>
        {r.pendingReview ? (
          <Text size="sm" fw={600} data-testid="pending-review">
            {pendingReviewWords(r.verdict, [], r.pendingReview)}
          </Text>
        ) : null}
        <ReasonList reasons={r.reasons} />
        <FlagGroups flags={r.flags} />
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Role</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th>Screening</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.screened.map((s, i) => (
              <Table.Tr key={`${s.role}-${i}`}>
                <Table.Td>{s.role}</Table.Td>
                <Table.Td>{s.name}</Table.Td>
                <Table.Td>{s.screening === null ? 'not screened (no list loaded)' : s.screening.hits.length === 0 ? 'no hits' : `${count(s.screening.hits.length, 'hit')}: ${s.screening.hits.map((h) => `${h.list.toUpperCase()} ${h.entryId}`).join(', ')}`}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  )
}
