/** Licence exceptions NAC and ACA (15 CFR 740.8) for an advanced-computing requirement. */
import { parameterAt } from '../rules/parameter-at.js'
import { cite, hqD5Party, isD5OrMacau, minusDays, type RequirementContext } from './requirement-context.js'
import type { LicenseExceptionUse } from './types.js'

/** NAC or ACA for an advanced-computing requirement, when the item is in scope and the destination/party allow it. */
export function nacOrAca(ctx: RequirementContext, forRule: string): LicenseExceptionUse[] {
  const nac = parameterAt(ctx.rules, 'policies.license-exceptions.nac', ctx.asOf)
  const nacInForce = !!nac && nac.value !== null
  const acaCitation = cite(ctx, 'policies.license-exceptions.aca')
  const toD5 = isD5OrMacau(ctx, ctx.destT)
  const hq = hqD5Party(ctx)
  // ACA (from 2024-04-04): D:1/D:4 except Macau, D:5 and D:5/Macau-headquartered parties, and transfers (in-country)
  // within Macau or D:5 (740.8(b)); NAC: exports and reexports to Macau and D:5 and to those parties (740.8(a))
  const inCountryWithinD5 = toD5 && ctx.tx.from === ctx.dest
  const useAca = !!acaCitation && ((!toD5 && !hq) || inCountryWithinD5)
  const id = useAca ? 'ACA' : 'NAC'
  if (!useAca && !nacInForce) return []
  const canServe = ctx.item.scope.get(id)
  if (canServe === false || canServe === undefined) return []
  if (canServe === null) {
    ctx.flags.push({ kind: 'condition', id: `${id.toLowerCase()}-datacenter-unknown`, text: `${id} is available only if the item is not designed or marketed for datacenters (for 3A090.a); that is unknown, so ${id} is not offered.` })
    return []
  }
  if (id === 'ACA') {
    return [{ id, for: forRule, conditions: ['No prior notification is required.', 'Not available where a part 744 or 746 licence requirement applies (other than the headquarters rule outside D:1/D:4/D:5).'], citations: [acaCitation!] }]
  }
  const days = parameterAt<number>(ctx.rules, 'policies.license-exceptions.nac-notification-days', ctx.asOf)
  const n = days?.value ?? null
  const nacCitation = cite(ctx, 'policies.license-exceptions.nac')!
  return [
    {
      id,
      for: forRule,
      conditions: [
        n === null ? 'Prior notification to BIS is required.' : `File a NAC notification in SNAP-R at least ${n} days before export; export only if BIS does not object within ${n} days.`,
        'The notification states the TPP, the performance density and how the item is designed and marketed (datacenter or not).',
        'A written purchase order is required.',
      ],
      ...(n === null ? {} : { notifyBy: minusDays(ctx.asOf, n) }),
      citations: [nacCitation, ...(days ? [cite(ctx, 'policies.license-exceptions.nac-notification-days')!] : [])],
    },
  ]
}
