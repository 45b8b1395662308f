/**
 * The zod-free part of the chip specification (chip-schemas.ts holds the schemas and the types): its bounds and
 * value lists, and a catalogue entry turned into the plain spec the engine classifies. Apart so that classifying
 * a catalogue item (the catalogue was checked when the rules were loaded) does not load zod (issue 15: start-up).
 */
import type { CatalogueEntry, ItemSpec } from './chip-schemas.js'

/**
 * Bounds on a specification from outside (README "Limits"): far above any real part (the largest chip,
 * a wafer-scale engine, is about 46,000 mm² with 4e12 transistors), low enough that every TPP, density
 * and system sum stays a finite number, and a system is at most SPEC_LIMITS.components lines (each line
 * has a count), so classifying one is bounded work. Not regulatory values: input limits.
 */
export const SPEC_LIMITS = {
  tops: 1e7,
  areaMm2: 1e6,
  gbps: 1e8,
  capacityGB: 1e7,
  transistors: 1e15,
  throughputRows: 32,
  dies: 64,
  /** lines of a system's bill of materials */
  components: 100,
  /** units on one line */
  componentCount: 1e6,
} as const

export const PRECISIONS = ['fp64', 'fp32', 'tf32', 'fp16', 'bf16', 'fp8', 'fp6', 'fp4', 'int16', 'int8', 'int4'] as const
export const MEMORY_TYPES = ['HBM', 'HBM2', 'HBM2e', 'HBM3', 'HBM3e', 'HBM4', 'GDDR6', 'GDDR6X', 'GDDR7', 'LPDDR5', 'LPDDR5X', 'DDR5'] as const

/** Strip catalogue-only fields so a catalogue entry becomes the plain spec the engine classifies. */
export function specFromCatalogue(entry: CatalogueEntry): ItemSpec {
  if (entry.kind === 'chip') {
    return {
      id: entry.id,
      kind: 'chip',
      vendor: entry.vendor,
      model: entry.model,
      throughput: entry.throughput.map(({ precision, bitLength, tops, sparse }) => ({ precision, bitLength, tops, sparse })),
      dies: entry.dies === null ? null : entry.dies.map(({ areaMm2, nonPlanar }) => ({ areaMm2, nonPlanar })),
      interconnectGBps: entry.interconnectGBps ?? null,
      memory: entry.memory ?? null,
      datacenter: entry.datacenter ?? null,
      transistors: entry.transistors ?? null,
    }
  }
  if (entry.kind === 'memory') {
    return { id: entry.id, kind: 'memory', vendor: entry.vendor, model: entry.model, memory: entry.memory, copackagedWithLogic: entry.copackagedWithLogic ?? null }
  }
  return { id: entry.id, kind: 'system', vendor: entry.vendor, model: entry.model, components: entry.components, datacenter: entry.datacenter ?? null }
}
