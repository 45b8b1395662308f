/**
 * Technology access checks (issue 14). FROZEN once shipped: never edit it; add a new dated file. Imports only
 * kysely (no app code).
 *
 * Each logged access is evaluated as it is recorded (a release of the logged technology to a person of the
 * logged nationality at the logged location). The row keeps the verdict, the rules version it was decided
 * under, the licence on file that covers it (if any) and whether it is flagged (a licence needed, none on
 * file). Rows written before, and accesses that cannot be evaluated (no ECCN), are NULL there (and hash as
 * they did: the record names the check only when there is one).
 */
import type { Kysely, Migration } from 'kysely'

export function techAccessChecks20261207(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('tech_access').addColumn('check_verdict', 'text').execute()
      await db.schema.alterTable('tech_access').addColumn('check_rules_version', 'text').execute()
      await db.schema.alterTable('tech_access').addColumn('check_license_id', 'text').execute()
      await db.schema.alterTable('tech_access').addColumn('check_flagged', 'integer').execute()
      await db.schema.createIndex('tech_access_accessed_at').on('tech_access').columns(['accessed_at']).execute()
    },
  }
}
