/**
 * Destination verification from the command line (issue 14): `chipnav deployments add|list|show|attest|add-shipment`
 * ties shipped chips to a site (and later shipments to it), records its attestations and prints its flags on a date; `chipnav authorisations
 * add|list` records Validated End-User (and other) authorisations. Each command calls one store function (and,
 * for `show`, `deploymentStatus`) and formats the answer; bad input exits 2 naming the flag or field.
 */
import type { Command } from 'commander'
import { deploymentStatus, type DeploymentStatus } from '../../deployments/deployment-flags.js'
import { raiseDeploymentFlags } from '../../deployments/deployment-alerts.js'
import { todayUtc } from '../../shared/iso-date.js'
import { parseQuantityOption } from '../../shared/quantity.js'
import type { Attestation, Authorisation, Deployment, DeploymentShipment } from '../../records/deployment-records.js'
import { allPages } from '../../records/all-pages.js'
import { cliRules, parseDateOption } from '../context.js'
import { action, usageError } from '../run-command.js'
import { cliScreener, readJsonInput } from './check.js'
import { cliActor, openCliStore, withCliStore } from './store-config.js'

type Out = { json?: boolean; quiet?: boolean }

function intOption(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) throw usageError(`${flag} "${value}" is not a whole number of at least ${min}`, { issues: [{ path: flag, message: `expected a whole number >= ${min}` }] })
  return n
}

export const collect = (v: string, acc: string[]) => [...acc, v]

const withStore = withCliStore

/** the deployment's flags today, raised once each as deployment.flagged events (as the API does) */
async function raiseFlags(store: Awaited<ReturnType<typeof openCliStore>>, id: string): Promise<void> {
  const { deployment, attestations, shippedTo } = await store.getDeployment(id)
  const screener = await cliScreener()
  await raiseDeploymentFlags(store, deployment, attestations, { rules: await cliRules(), asOf: todayUtc(), shippedTo, ...(screener ? { screener } : {}) })
}

const print = (text: string) => process.stdout.write(`${text}\n`)

export function formatDeployment(d: Deployment, attestations: Attestation[], s: DeploymentStatus, shipments: DeploymentShipment[] = []): string {
  const L = [
    `${d.id}  ${d.site.operator}, ${d.site.address} (${d.site.country})`,
    `  ${d.shippedQuantity} chips shipped, site declares capacity for ${d.site.declaredCapacity}; deployed ${d.deployedOn}; attest every ${d.attestationIntervalDays} days`,
    `  last attested ${s.lastAttestedOn ?? 'never'}; next attestation due ${s.nextAttestationDue} (as of ${s.asOf})`,
  ]
  if (d.shipmentIds.length) L.push(`  shipments: ${d.shipmentIds.join(', ')}`)
  for (const x of shipments) L.push(`  added ${x.id} on ${x.shippedOn}: ${x.quantity} chips${x.shipmentId ? ` (shipment ${x.shipmentId})` : ''}${x.serials.length ? `, serials ${x.serials.join(', ')}` : ''}`)
  for (const a of attestations) L.push(`  attestation ${a.id} on ${a.attestedOn}: ${a.attestedQuantity} chips${a.evidenceDocumentIds.length ? `, evidence ${a.evidenceDocumentIds.join(', ')}` : ''}`)
  L.push(s.flags.length ? 'Flags:' : 'Flags: none')
  for (const f of s.flags) L.push(`  - [${f.kind}] ${f.text}${f.citations?.length ? ` [${f.citations.map((c) => `${c.cfr}; ${c.source.citation}`).join('; ')}]` : ''}`)
  L.push(`rulesVersion ${s.rulesVersion}${s.listSnapshots.length ? `; lists ${s.listSnapshots.map((x) => `${x.source} ${x.sha256.slice(0, 12)}`).join(', ')}` : '; lists not loaded (operator not screened)'}`)
  return L.join('\n')
}

export function registerDeployments(program: Command): void {
  const dep = program.command('deployments').description('Destination verification: shipped chips tied to a site, its attestations and flags')

  dep
    .command('add')
    .description('Record a deployment: chips shipped to a site')
    .requiredOption('--country <CC>', "the site's country (ISO 3166-1 alpha-2)")
    .requiredOption('--operator <name>', 'who operates the site')
    .requiredOption('--address <text>', "the site's address")
    .requiredOption('--capacity <n>', 'chips the site declares it holds')
    .requiredOption('--shipped <n>', 'chips shipped to the site')
    .requiredOption('--interval-days <n>', 'the site attests at least this often')
    .requiredOption('--deployed-on <YYYY-MM-DD>', 'when the chips arrived')
    .option('--shipment <id>', 'a shipment record the chips came from (repeat)', collect, [])
    .option('--json', 'print the deployment as JSON')
    .option('--quiet', 'print only its id')
    .action(
      action(async (f: Out & { country: string; operator: string; address: string; capacity: string; shipped: string; intervalDays: string; deployedOn: string; shipment: string[] }) => {
        const input = {
          site: { country: f.country, operator: f.operator, address: f.address, declaredCapacity: parseQuantityOption(f.capacity, '--capacity', 0) },
          shippedQuantity: parseQuantityOption(f.shipped, '--shipped'),
          shipmentIds: f.shipment,
          attestationIntervalDays: intOption(f.intervalDays, '--interval-days', 1)!,
          deployedOn: parseDateOption(f.deployedOn, '--deployed-on'),
          actor: cliActor(),
        }
        const d = await withStore(async (s) => {
          const created = await s.createDeployment(input)
          await raiseFlags(s, created.id)
          return created
        })
        print(f.json ? JSON.stringify(d, null, 2) : f.quiet ? d.id : `recorded deployment ${d.id}: ${d.shippedQuantity} chips at ${d.site.operator} (${d.site.country}); see chipnav deployments show ${d.id}`)
      }),
    )

  dep
    .command('list')
    .description('List the deployments, oldest first')
    .option('--json', 'print JSON')
    .option('--quiet', 'print only the ids')
    .action(
      action(async (f: Out) => {
        const all = await withStore((s) => allPages((o) => s.listDeployments(o)), { toRead: true })
        if (f.json) print(JSON.stringify({ deployments: all }, null, 2))
        else for (const d of all) print(f.quiet ? d.id : `${d.id}  ${d.site.country}  ${String(d.shippedQuantity).padStart(7)} / ${String(d.site.declaredCapacity).padEnd(7)}  ${d.site.operator}  (deployed ${d.deployedOn})`)
      }),
    )

  dep
    .command('show <id>')
    .description('A deployment, its attestations and its flags on a date (default today)')
    .option('--as-of <YYYY-MM-DD>', 'the date the flags are answered for')
    .option('--json', 'print JSON')
    .option('--quiet', 'print only the flag kinds, one a line')
    .action(
      action(async (id: string, f: Out & { asOf?: string }) => {
        const asOf = parseDateOption(f.asOf, '--as-of')
        const { deployment, attestations, shipments, shippedTo } = await withStore(async (s) => ({ ...(await s.getDeployment(id)), shipments: await s.listDeploymentShipments(id) }), { toRead: true })
        const screener = await cliScreener()
        const status = deploymentStatus(deployment, attestations, { rules: await cliRules(), asOf, shippedTo, ...(screener ? { screener } : {}) })
        if (f.json) print(JSON.stringify({ deployment, attestations, shipments, ...status }, null, 2))
        else if (f.quiet) for (const fl of status.flags) print(fl.kind)
        else print(formatDeployment(deployment, attestations, status, shipments))
      }),
    )

  dep
    .command('attest <id>')
    .description("Record a site's attestation of the chips installed, with its evidence documents")
    .requiredOption('--on <YYYY-MM-DD>', 'the date of the attestation')
    .requiredOption('--quantity <n>', 'chips the site attests are installed')
    .option('--evidence <document-id>', 'a document under retention (site visit report, photo, inventory); repeat', collect, [])
    .option('--json', 'print the attestation as JSON')
    .option('--quiet', 'print only its id')
    .action(
      action(async (id: string, f: Out & { on: string; quantity: string; evidence: string[] }) => {
        const input = { deploymentId: id, attestedOn: parseDateOption(f.on, '--on'), attestedQuantity: parseQuantityOption(f.quantity, '--quantity', 0), evidenceDocumentIds: f.evidence, actor: cliActor() }
        const a = await withStore(async (s) => {
          const added = await s.addAttestation(input)
          await raiseFlags(s, id)
          return added
        })
        print(f.json ? JSON.stringify(a, null, 2) : f.quiet ? a.id : `recorded attestation ${a.id} for ${id}: ${a.attestedQuantity} chips on ${a.attestedOn}`)
      }),
    )

  dep
    .command('add-shipment <id>')
    .description("Tie a later shipment to the deployment: a shipment record and/or a quantity (its shipped quantity becomes the sum)")
    .option('--shipment <id>', 'the shipment record (its quantity and date are used)')
    .option('--quantity <n>', 'chips shipped (must equal the shipment record\'s when --shipment is given)')
    .option('--serial <serial>', "a chip's serial number, one per chip (repeat)", collect, [])
    .option('--on <YYYY-MM-DD>', "when the chips were shipped (default: the shipment record's date)")
    .option('--json', 'print the deployment and the tied shipment as JSON')
    .option('--quiet', 'print only the new shipped quantity')
    .action(
      action(async (id: string, f: Out & { shipment?: string; quantity?: string; serial: string[]; on?: string }) => {
        if (f.shipment === undefined && f.quantity === undefined) throw usageError('give --shipment <id> or --quantity <n>', { issues: [{ path: '--quantity', message: 'required when no --shipment is given' }] })
        const input = {
          deploymentId: id,
          ...(f.shipment !== undefined ? { shipmentId: f.shipment } : {}),
          ...(f.quantity !== undefined ? { quantity: parseQuantityOption(f.quantity, '--quantity') } : {}),
          serials: f.serial,
          ...(f.on !== undefined ? { shippedOn: parseDateOption(f.on, '--on') } : {}),
          actor: cliActor(),
        }
        const r = await withStore(async (s) => {
          const added = await s.addDeploymentShipment(input)
          await raiseFlags(s, id)
          return added
        })
        print(f.json ? JSON.stringify(r, null, 2) : f.quiet ? String(r.deployment.shippedQuantity) : `tied ${r.shipment.quantity} chips${r.shipment.shipmentId ? ` (shipment ${r.shipment.shipmentId})` : ''} to ${id}: ${r.deployment.shippedQuantity} shipped, site declares ${r.deployment.site.declaredCapacity}; see chipnav deployments show ${id}`)
      }),
    )

  const auth = program.command('authorisations').description('Validated End-User (and other) authorisations, as recorded from their notices')

  auth
    .command('add')
    .description('Record an authorisation from a JSON file: { program, reference, endUser, site, eccns, destinations, conditions, validFrom, validTo }')
    .requiredOption('--file <authorisation.json>', 'the authorisation as JSON ("-" reads standard input)')
    .option('--json', 'print the authorisation as JSON')
    .option('--quiet', 'print only its id')
    .action(
      action(async (f: Out & { file: string }) => {
        const input = readJsonInput(f.file, '--file')
        const a = await withStore((s) => s.createAuthorisation({ ...(input && typeof input === 'object' ? input : {}), actor: cliActor() } as Parameters<typeof s.createAuthorisation>[0]))
        print(f.json ? JSON.stringify(a, null, 2) : f.quiet ? a.id : `recorded ${a.program} authorisation ${a.id} for ${a.endUser} (${a.site.country}), ${a.eccns.join(', ')}, valid ${a.validFrom}${a.validTo ? ` to ${a.validTo}` : ''}`)
      }),
    )

  auth
    .command('list')
    .description('List the recorded authorisations, oldest first')
    .option('--json', 'print JSON')
    .option('--quiet', 'print only the ids')
    .action(
      action(async (f: Out) => {
        const all: Authorisation[] = await withStore((s) => allPages((o) => s.listAuthorisations(o)), { toRead: true })
        if (f.json) print(JSON.stringify({ authorisations: all }, null, 2))
        else for (const a of all) print(f.quiet ? a.id : `${a.id}  ${a.program.padEnd(15)}  ${a.site.country}  ${a.endUser}  ${a.eccns.join(',')}  ${a.validFrom}..${a.validTo ?? ''}  ${a.reference}`)
      }),
    )
}
