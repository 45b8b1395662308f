/**
 * Monitoring test fixtures: a CSL file written from a few Entity List rows (so two versions of the lists
 * can be imported), a local webhook receiver on 127.0.0.1, and the scenario of the "done when".
 */
import { createServer, type IncomingHttpHeaders } from 'node:http'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export type ElRow = { id: string; name: string; address: string }

const HEADER =
  '_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,end_date,standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,source_information_url,ids'
const q = (s: string) => `"${s.replace(/"/g, '""')}"`

/** A consolidated.csv with these Entity List rows. */
export function cslCsv(rows: ElRow[]): string {
  const lines = rows.map((r) =>
    [r.id, q('Entity List (EL) - Bureau of Industry and Security'), '', '', '', q(r.name), '', q(r.address), q('88 FR 12345'), '2023-01-01', '', '', q('For all items subject to the EAR.'), q('Presumption of denial.'), '', '', '', '', '', '', '', '', '', '', '', '', '', '', ''].join(','),
  )
  return `${HEADER}\n${lines.join('\n')}\n`
}

export function writeCsl(dir: string, name: string, rows: ElRow[]): string {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, name)
  writeFileSync(path, cslCsv(rows))
  return path
}

/** filler rows, so the row-count guard sees a list of a normal size */
export const FILLER: ElRow[] = Array.from({ length: 20 }, (_, i) => ({ id: `el-fill-${i}`, name: `Filler Research Institute Number ${['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'][i % 5]} ${i}`, address: 'Minsk, BY' }))

/** version 1: the entry behind the cleared hit; version 2 adds an entry and changes that one */
export const V1: ElRow[] = [...FILLER, { id: 'el-nimbus', name: 'Nimbus Photonics Limited', address: 'Room 1, Tower A, Shenzhen, CN' }]
export const V2: ElRow[] = [
  ...FILLER,
  { id: 'el-nimbus', name: 'Nimbus Photonics Limited', address: 'Room 9, Tower B, Nanshan District, Shenzhen, CN' },
  { id: 'el-zephyr', name: 'Zephyr Silicon Trading Company', address: 'Hong Kong, HK' },
]

export type Received = { headers: IncomingHttpHeaders; body: string }

/** A webhook receiver on 127.0.0.1 (an ephemeral port) that keeps what it gets. */
export async function startReceiver(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return { url: `http://127.0.0.1:${port}/hooks/chipnav`, received, close: () => new Promise((r) => server.close(() => r())) }
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}
