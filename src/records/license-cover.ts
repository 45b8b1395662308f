/**
 * Whether a recorded licence covers a transaction: its dates, destinations, ECCNs, items, parties and the units it has
 * left against the transaction's date, destination, item, parties and quantity. The store refuses an approval or a
 * shipment with a gap (LICENSE_DOES_NOT_COVER); the web UI offers only the licences with none.
 */
import type { DeterminationResult } from '../determination/types.js'

/** Whether a licence's ECCN names the transaction's: the same, or its parent entry ('3A090' names '3A090.a'). */
export const eccnCovers = (licensed: string, eccn: string) => {
  const a = licensed.trim().toUpperCase()
  const b = eccn.trim().toUpperCase()
  return a === b || b.startsWith(`${a}.`)
}

/** words a licence's item description may carry that name no particular chip */
const GENERIC_ITEM_WORDS = new Set(['gpu', 'gpus', 'accelerator', 'accelerators', 'chip', 'chips', 'module', 'modules', 'card', 'cards', 'unit', 'units', 'ic', 'ics', 'integrated', 'circuit', 'circuits', 'datacenter', 'data', 'center', 'centre', 'tensor', 'core'])
const words = (s: string) => s.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '' && !GENERIC_ITEM_WORDS.has(w) && !/^\d+(gb|tb)$/.test(w))

/**
 * Whether a licence's item names the chip (a catalogue id such as 'nvidia-h100-sxm'): the same id, or a description whose
 * every word is a word of the id ('NVIDIA H100', 'H100 GPUs' name 'nvidia-h100-sxm'; 'H20' does not name 'nvidia-h200').
 * A word may add digits to an all-letter word of the id ('SXM5' for 'sxm'). Generic words (GPU, accelerator) and memory
 * sizes (80GB) name nothing.
 */
export function itemNamesChip(item: string, chipId: string): boolean {
  const chip = words(chipId)
  const given = words(item)
  if (given.length === 0) return false
  return given.every((w) => chip.some((c) => c === w || (/^[a-z]+$/.test(c) && w.startsWith(c) && /^\d+$/.test(w.slice(c.length)))))
}

const partyKey = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()

export type LicenseToCover = {
  number?: string
  validFrom: string
  validTo: string
  destinations: readonly string[]
  eccns: readonly string[]
  items?: readonly string[]
  /** stored party ids or names */
  parties?: readonly string[]
  authorizedQuantity?: number | null
  usedQuantity?: number
}

export type TransactionToCover = {
  to: string
  item?: (Pick<NonNullable<DeterminationResult['item']>, 'eccn'> & { chips?: readonly string[] }) | null
  quantity?: number
  parties?: readonly Pick<DeterminationResult['parties'][number], 'role' | 'name'>[]
}

/**
 * Why the licence does not cover the transaction, one sentence per gap; empty when it covers it.
 * `partyNames`: the names of the stored parties a licence names by id. `quantity: false` leaves the units aside (a
 * shipment checks them against the licence's balance itself).
 */
export function licenseCoverGaps(license: LicenseToCover, asOf: string, result: TransactionToCover, o: { partyNames?: ReadonlyMap<string, string>; quantity?: boolean } = {}): string[] {
  const gaps: string[] = []
  if (asOf < license.validFrom || asOf > license.validTo) gaps.push(`it is valid from ${license.validFrom} to ${license.validTo}, and the transaction is dated ${asOf}`)
  if (!license.destinations.includes(result.to)) gaps.push(`it covers ${license.destinations.join(', ')}, not the destination ${result.to}`)
  const eccn = result.item?.eccn ?? null
  if (eccn !== null && license.eccns.length > 0 && !license.eccns.some((e) => eccnCovers(e, eccn))) gaps.push(`it names ECCN ${license.eccns.join(', ')}, not ${eccn}`)
  const items = license.items ?? []
  const chips = result.item?.chips ?? []
  const unnamed = items.length === 0 ? [] : chips.filter((c) => !items.some((i) => itemNamesChip(i, c)))
  if (unnamed.length > 0) gaps.push(`it names the items ${items.join(', ')}, not ${unnamed.join(', ')} (an item names a chip by its id, or by words all in the id)`)
  if (license.eccns.length === 0 && items.length === 0) gaps.push('it names neither an ECCN nor an item, so what it authorises cannot be checked: record the licence with its ECCNs and items')
  const licensed = license.parties ?? []
  if (licensed.length > 0) {
    const names = new Set(licensed.map((p) => partyKey(o.partyNames?.get(p) ?? p)))
    const missing = (result.parties ?? []).filter((p) => !names.has(partyKey(p.name)))
    if (missing.length > 0) gaps.push(`it names the parties ${licensed.map((p) => o.partyNames?.get(p) ?? p).join(', ')}, not ${missing.map((p) => `the ${p.role} ${p.name}`).join(', ')}`)
  }
  if (o.quantity !== false && license.authorizedQuantity != null && result.quantity !== undefined) {
    const left = license.authorizedQuantity - (license.usedQuantity ?? 0)
    if (result.quantity > left) gaps.push(`it has ${left} of its ${license.authorizedQuantity} units left, and the transaction is for ${result.quantity}`)
  }
  return gaps
}
