import type { IsoDate } from '../shared/iso-date.js'
import type { Rules } from '../rules/load-rules.js'
import { parameterAt, thresholdAt, type Citation } from '../rules/parameter-at.js'

export type LicenseExceptionId = 'NAC' | 'ACA' | 'HBM'
export type LicenseExceptionCheck = {
  id: LicenseExceptionId
  /** true: the item is within the exception's item scope; false: excluded; null: depends on something unknown */
  canServe: boolean | null
  reason: string
  citation: Citation
}

type ExceptionValue = { excludes: { eccn: string; datacenter?: boolean }[] }

const ITEM_SCOPE_EXCEPTIONS: { id: 'NAC' | 'ACA'; ruleId: string }[] = [
  { id: 'NAC', ruleId: 'policies.license-exceptions.nac' },
  { id: 'ACA', ruleId: 'policies.license-exceptions.aca' },
]

/**
 * Whether the item falls within the item scope of the advanced-computing licence exceptions in force on
 * `asOf` (15 CFR 740.8 NAC/ACA; 740.25 HBM). Destination and party conditions are for the determination.
 */
export function checkLicenseExceptions(opts: {
  rules: Rules
  asOf: IsoDate
  eccn: string | null
  datacenter: boolean | null
  memoryBandwidthDensity: number | null
}): LicenseExceptionCheck[] {
  const { rules, asOf, eccn, datacenter } = opts
  const out: LicenseExceptionCheck[] = []
  if (eccn === null) return out
  for (const { id, ruleId } of ITEM_SCOPE_EXCEPTIONS) {
    const p = parameterAt<ExceptionValue>(rules, ruleId, asOf)
    if (!p || p.value === null) continue
    const { value, unit: _u, comparison: _c, note: _n, ...citation } = p
    const exclusion = value.excludes.find((x) => x.eccn === eccn)
    if (!exclusion) {
      out.push({ id, canServe: true, reason: `${eccn} is within ${id}'s item scope`, citation })
    } else if (exclusion.datacenter === undefined) {
      out.push({ id, canServe: false, reason: `${id} excludes ${eccn}`, citation })
    } else if (datacenter === null) {
      out.push({ id, canServe: null, reason: `${id} excludes ${eccn} items designed or marketed for datacenters; whether this item is, is unknown`, citation })
    } else if (datacenter === exclusion.datacenter) {
      out.push({ id, canServe: false, reason: `${id} excludes ${eccn} items ${exclusion.datacenter ? '' : 'not '}designed or marketed for use in datacenters`, citation })
    } else {
      out.push({ id, canServe: true, reason: `${eccn}, ${datacenter ? '' : 'not '}designed or marketed for datacenters, is within ${id}'s item scope`, citation })
    }
  }
  // licence exception HBM (740.25): only the ECCNs the data names (3A090.c), below the density ceiling
  if (parameterAt<string[]>(rules, 'policies.license-exceptions.hbm-eccns', asOf)?.value?.includes(eccn)) {
    const hbm = thresholdAt(rules, 'policies.license-exceptions.hbm', asOf)
    if (hbm) {
      const { value, unit: _u, comparison: _c, note: _n, ...citation } = hbm
      const density = opts.memoryBandwidthDensity
      out.push({
        id: 'HBM',
        canServe: density === null ? null : density < value,
        reason: density === null ? `HBM covers 3A090.c only below ${value} GB/s/mm2; the density is unknown` : `memory bandwidth density ${round(density)} GB/s/mm2 is ${density < value ? 'below' : 'not below'} ${value}`,
        citation,
      })
    }
  }
  return out
}

const round = (x: number) => Math.round(x * 1000) / 1000
