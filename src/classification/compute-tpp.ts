import type { ChipSpec } from '../rules/chip-schemas.js'

export type TppBasis = { precision: string; bitLength: number; tops: number; sparse: boolean; denseTops: number }

/**
 * 'Total processing performance' (15 CFR 774 supp. 1, technical note to 3A090): 2 x MacTOPS x bit length,
 * i.e. dense TOPS x bit length, evaluated at the bit length that gives the highest value. A figure the
 * spec declares sparse is halved to its dense equivalent; nothing else is halved.
 * Returns null when no throughput is known.
 */
export function computeTpp(throughput: ChipSpec['throughput']): { tpp: number; basis: TppBasis } | null {
  let best: { tpp: number; basis: TppBasis } | null = null
  for (const t of throughput ?? []) {
    const denseTops = t.sparse ? t.tops / 2 : t.tops
    const tpp = denseTops * t.bitLength
    if (!best || tpp > best.tpp) best = { tpp, basis: { precision: t.precision, bitLength: t.bitLength, tops: t.tops, sparse: t.sparse, denseTops } }
  }
  return best
}
