/**
 * Whether a recorded licence covers a transaction: its dates, destinations and ECCNs against the transaction's date,
 * destination and item. The store refuses an approval or a shipment with a gap (LICENSE_DOES_NOT_COVER); the web UI
 * offers only the licences with none.
 */
import type { DeterminationResult } from '../determination/types.js'

/** Whether a licence's ECCN names the transaction's: the same, or its parent entry ('3A090' names '3A090.a'). */
export const eccnCovers = (licensed: string, eccn: string) => {
  const a = licensed.trim().toUpperCase()
  const b = eccn.trim().toUpperCase()
  return a === b || b.startsWith(`${a}.`)
}

/** Why the licence does not cover the transaction, one sentence per gap; empty when it covers it. */
export function licenseCoverGaps(license: { number?: string; validFrom: string; validTo: string; destinations: readonly string[]; eccns: readonly string[] }, asOf: string, result: { to: string; item?: Pick<NonNullable<DeterminationResult['item']>, 'eccn'> | null }): string[] {
  const gaps: string[] = []
  if (asOf < license.validFrom || asOf > license.validTo) gaps.push(`it is valid from ${license.validFrom} to ${license.validTo}, and the transaction is dated ${asOf}`)
  if (!license.destinations.includes(result.to)) gaps.push(`it covers ${license.destinations.join(', ')}, not the destination ${result.to}`)
  const eccn = result.item?.eccn ?? null
  if (eccn !== null && license.eccns.length > 0 && !license.eccns.some((e) => eccnCovers(e, eccn))) gaps.push(`it names ECCN ${license.eccns.join(', ')}, not ${eccn}`)
  return gaps
}
