/** The AI Diffusion Rule's ledgers (as published): TPP recorded per Tier 2 country over its allocation period, and LPP per consignee and year. */
import { Card, Group, NumberInput, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { useState } from 'react'
import { api, unwrap } from '../api/client'
import { num } from './format'
import { placeLabel } from './words'
import { Empty, Loadable, useLoad } from './state'

export function Ledger() {
  const [year, setYear] = useState<number | string>(new Date().getUTCFullYear())
  const [consignee, setConsignee] = useState('')
  const state = useLoad(() => unwrap(api.GET('/v1/allocations/ledger', { params: { query: { year: Number(year), ...(consignee.trim() ? { consignee: consignee.trim() } : {}) } } })), [year, consignee])
  return (
    <Card withBorder>
      <Stack>
        <Title order={2} size="h4">
          Tier 2 and LPP ledgers (Diffusion Rule, as published)
        </Title>
        <Group>
          <NumberInput label="Year" value={year} onChange={setYear} min={2025} max={2100} w={120} />
          <TextInput label="Consignee (for LPP)" value={consignee} onChange={(e) => setConsignee(e.currentTarget.value)} placeholder="party id or name" />
        </Group>
        <Loadable state={state}>
          {(d) => (
            <>
              <Text size="sm">
                Tier 2 allocation period {d.tier2Period.from}–{d.tier2Period.to}
                {d.consignee ? `; LPP to ${d.consignee} in ${d.year}: TPP ${num(d.ledger.consigneeYearTpp)}` : ''}
              </Text>
              {Object.keys(d.ledger.tier2CountryTpp).length === 0 ? (
                <Empty>No Tier 2 allocation is recorded for this period. An allocation is recorded with each licensed export to a Tier 2 country, by your company's systems connected to chipnav; ask your administrator if one is missing.</Empty>
              ) : (
                <Table>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Country</Table.Th>
                      <Table.Th>TPP recorded</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {Object.entries(d.ledger.tier2CountryTpp).map(([c, v]) => (
                      <Table.Tr key={c}>
                        <Table.Td>{placeLabel(c)}</Table.Td>
                        <Table.Td>{num(v)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </>
          )}
        </Loadable>
      </Stack>
    </Card>
  )
}
