import { z } from 'zod'
import { IsoDateSchema } from '../shared/iso-date-schema.js'
import { LABEL_MAX_LENGTH } from '../shared/text.js'
import { MEMORY_TYPES, PRECISIONS, SPEC_LIMITS } from './chip-spec.js'

export { MEMORY_TYPES, PRECISIONS, SPEC_LIMITS, specFromCatalogue } from './chip-spec.js'

/**
 * The chip/system/memory specification, as users send it (`chipnav classify --spec`) and as the
 * catalogue stores it (plus citations). Unknown fields are errors; unknown values are null.
 */
const idField = z
  .string()
  .max(LABEL_MAX_LENGTH)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a kebab-case id such as "nvidia-h100-sxm"')

const ThroughputFields = {
  precision: z.enum(PRECISIONS),
  bitLength: z.number().int().positive().max(128),
  tops: z.number().nonnegative().max(SPEC_LIMITS.tops),
  sparse: z.boolean(),
}
const DieFields = {
  areaMm2: z.number().positive().max(SPEC_LIMITS.areaMm2).nullable(),
  nonPlanar: z.boolean().nullable(),
}
const MemoryFields = {
  type: z.enum(MEMORY_TYPES).nullable(),
  bandwidthGBps: z.number().nonnegative().max(SPEC_LIMITS.gbps).nullable(),
  capacityGB: z.number().nonnegative().max(SPEC_LIMITS.capacityGB).nullable().optional(),
}
const nullableNumber = (max: number) => z.number().nonnegative().max(max).nullable().optional()
const text = z.string().min(1).max(LABEL_MAX_LENGTH)

export const ThroughputSchema = z.strictObject(ThroughputFields)
export const DieSchema = z.strictObject(DieFields)

export const ChipSpecSchema = z.strictObject({
  id: idField,
  kind: z.literal('chip'),
  vendor: text.optional(),
  model: text.optional(),
  throughput: z.array(ThroughputSchema).max(SPEC_LIMITS.throughputRows).optional(),
  dies: z.array(DieSchema).max(SPEC_LIMITS.dies).nullable().optional(),
  interconnectGBps: nullableNumber(SPEC_LIMITS.gbps),
  memory: z.strictObject(MemoryFields).nullable().optional(),
  datacenter: z.boolean().nullable().optional(),
  transistors: nullableNumber(SPEC_LIMITS.transistors),
})
export type ChipSpec = z.infer<typeof ChipSpecSchema>

export const MemorySpecSchema = z.strictObject({
  id: idField,
  kind: z.literal('memory'),
  vendor: text.optional(),
  model: text.optional(),
  memory: z.strictObject({ ...MemoryFields, stackAreaMm2: z.number().positive().max(SPEC_LIMITS.areaMm2).nullable() }),
  /** true when the memory is sold co-packaged with a logic IC (then the IC is classified instead) */
  copackagedWithLogic: z.boolean().nullable().optional(),
})
export type MemorySpec = z.infer<typeof MemorySpecSchema>

const ComponentSchema = z.union([
  z.strictObject({ chip: idField, count: z.number().int().positive().max(SPEC_LIMITS.componentCount) }),
  z.strictObject({ spec: ChipSpecSchema, count: z.number().int().positive().max(SPEC_LIMITS.componentCount) }),
])
export const SystemSpecSchema = z.strictObject({
  id: idField,
  kind: z.literal('system'),
  vendor: text.optional(),
  model: text.optional(),
  components: z.array(ComponentSchema).min(1).max(SPEC_LIMITS.components),
  datacenter: z.boolean().nullable().optional(),
})
export type SystemSpec = z.infer<typeof SystemSpecSchema>

export const ItemSpecSchema = z.discriminatedUnion('kind', [ChipSpecSchema, SystemSpecSchema, MemorySpecSchema])
export type ItemSpec = z.infer<typeof ItemSpecSchema>

// ---- the catalogue (data/chips/*.yaml): the same shape plus sources and citations ----

const sourceRef = z.string().min(1)
const CatalogueSourceSchema = z.strictObject({
  id: z.string().min(1),
  title: z.string().min(1),
  url: z.string().url().nullable().optional(),
  verified: IsoDateSchema,
})
const CatalogueMeta = {
  family: z.string().optional(),
  released: IsoDateSchema.optional(),
  citations: z.record(z.string(), sourceRef),
  sources: z.array(CatalogueSourceSchema).min(1),
  disagreements: z
    .array(
      z.strictObject({
        field: z.string(),
        values: z.array(z.string()).min(2),
        used: z.string(),
        note: z.string().optional(),
      }),
    )
    .optional(),
  notes: z.string().optional(),
}

export const CatalogueChipSchema = ChipSpecSchema.extend({
  ...CatalogueMeta,
  throughput: z.array(z.strictObject({ ...ThroughputFields, source: sourceRef })),
  dies: z.array(z.strictObject({ ...DieFields, process: z.string().optional(), source: sourceRef })).nullable(),
  memory: z.strictObject(MemoryFields).nullable().optional(),
}).strict()
export const CatalogueMemorySchema = MemorySpecSchema.extend(CatalogueMeta).strict()
export const CatalogueSystemSchema = SystemSpecSchema.extend({
  ...CatalogueMeta,
  components: z.array(z.strictObject({ chip: idField, count: z.number().int().positive() })).min(1),
}).strict()
export const CatalogueEntrySchema = z.discriminatedUnion('kind', [CatalogueChipSchema, CatalogueSystemSchema, CatalogueMemorySchema])
export type CatalogueEntry = z.infer<typeof CatalogueEntrySchema>
