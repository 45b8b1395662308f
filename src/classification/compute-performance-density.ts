import type { ChipSpec } from '../rules/chip-schemas.js'

export type PerformanceDensity = {
  performanceDensity: number | null
  /** sum of the areas of logic dies made on a non-planar transistor process, mm2 */
  applicableDieAreaMm2: number | null
  /** why the density is null, when it is */
  unknownBecause?: string
}

/**
 * 'Performance density' (technical note to 3A090): TPP / 'applicable die area', where the applicable die
 * area is all die area of logic dies manufactured with a non-planar transistor process, in mm2.
 */
export function computePerformanceDensity(tpp: number | null, dies: ChipSpec['dies']): PerformanceDensity {
  if (!dies || dies.length === 0) return { performanceDensity: null, applicableDieAreaMm2: null, unknownBecause: 'no die is described' }
  if (dies.some((d) => d.nonPlanar === null)) return { performanceDensity: null, applicableDieAreaMm2: null, unknownBecause: 'whether a die uses a non-planar transistor process is unknown' }
  const applicable = dies.filter((d) => d.nonPlanar === true)
  if (applicable.some((d) => d.areaMm2 === null)) return { performanceDensity: null, applicableDieAreaMm2: null, unknownBecause: 'the die area is not published' }
  const area = applicable.reduce((sum, d) => sum + (d.areaMm2 ?? 0), 0)
  if (area === 0) return { performanceDensity: null, applicableDieAreaMm2: 0, unknownBecause: 'no logic die uses a non-planar transistor process, so the applicable die area is zero' }
  if (tpp === null) return { performanceDensity: null, applicableDieAreaMm2: area, unknownBecause: 'TPP is unknown' }
  return { performanceDensity: tpp / area, applicableDieAreaMm2: area }
}
