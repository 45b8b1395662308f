import { AppError, issuesFromZod } from '../shared/errors.js'
import { ItemSpecSchema, type ItemSpec } from '../rules/chip-schemas.js'

/**
 * Validate a user-supplied spec (JSON already parsed): unknown fields and wrong types are errors naming the field.
 * Apart from classify-item.ts, which then loads no zod for a catalogue item (issue 15: start-up).
 */
export function parseItemSpec(input: unknown): ItemSpec {
  const r = ItemSpecSchema.safeParse(input)
  if (!r.success) throw new AppError('VALIDATION_FAILED', { detail: 'the specification is not valid', issues: issuesFromZod(r.error.issues) })
  return r.data
}
