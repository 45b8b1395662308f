/**
 * The deal a stored transaction is about — item, quantity, destination, end user — kept in columns of its own,
 * written with the transaction, so the transactions list reads four short columns instead of fetching and parsing
 * every row's stored transaction text (bench/api/transaction-list.ts: most of the list's time for a large
 * transaction). Existing rows are filled here from their stored text, read as the list read it until now.
 * The columns are a copy of what the stored text says (which the row hash covers): the audit verification reports
 * a row whose copy disagrees with its text as edited.
 *
 * FROZEN once shipped: never edit it; add a new dated file. Imports only kysely (no app code): the reading of the
 * text below is this migration's own copy.
 */
import { sql, type Kysely, type Migration } from 'kysely'

/** rows read and updated at once (5 parameters each) */
const CHUNK = 500

type Deal = { item: string | null; quantity: number | null; destination: string | null; endUser: string | null }

/** the deal in a stored transaction's text, as the list read it on 2026-12-10; null where the text does not say */
function dealOfText(input: string): Deal {
  const t = JSON.parse(input) as { item?: { chip?: unknown; system?: unknown; spec?: { id?: unknown }; eccn?: unknown }; quantity?: unknown; to?: unknown; parties?: { role?: unknown; name?: unknown }[] } | null
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null)
  const item = t?.item
  const endUser = Array.isArray(t?.parties) ? t.parties.find((p) => p?.role === 'end-user') : undefined
  return {
    item: text(item?.chip) ?? text(item?.system) ?? text(item?.spec?.id) ?? text(item?.eccn),
    quantity: typeof t?.quantity === 'number' ? t.quantity : null,
    destination: text(t?.to),
    endUser: text(endUser?.name),
  }
}

export function transactionDeal20261210(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('transactions').addColumn('deal_item', 'text').execute()
      await db.schema.alterTable('transactions').addColumn('deal_quantity', 'double precision').execute()
      await db.schema.alterTable('transactions').addColumn('deal_destination', 'text').execute()
      await db.schema.alterTable('transactions').addColumn('deal_end_user', 'text').execute()

      let after = ''
      for (;;) {
        const rows = await db.selectFrom('transactions').select(['id', 'input']).where('id', '>', after).orderBy('id').limit(CHUNK).execute()
        if (rows.length === 0) break
        const values = rows.map((r) => {
          const d = dealOfText(String(r.input))
          return sql`(${r.id}, ${d.item}, cast(${d.quantity} as double precision), ${d.destination}, ${d.endUser})`
        })
        // one statement a chunk; a VALUES list's columns are column1… in both SQLite and PostgreSQL
        await sql`update transactions set deal_item = v.column2, deal_quantity = v.column3, deal_destination = v.column4, deal_end_user = v.column5
          from (values ${sql.join(values)}) as v where transactions.id = v.column1`.execute(db)
        after = String(rows[rows.length - 1]!.id)
      }
    },
  }
}
