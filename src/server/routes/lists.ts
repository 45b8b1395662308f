/**
 * `GET /v1/lists`: the active list snapshots. `POST /v1/lists/import` (admin): import list files sent
 * as base64 in JSON; every file is validated before the snapshots are swapped, and the server's
 * screener is rebuilt from the new snapshots.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { SnapshotMetaSchema, SourceIdSchema } from '../../screening/snapshots/snapshot-store.js'
import { listSource } from '../../screening/sources/sources.js'
import type { AppContext } from '../app.js'
import { authorize, canImportLists, canRead } from '../auth.js'
import { BODY_LIMITS, LIST_IMPORT_STRING_LENGTH } from '../limits.js'
import { ListAgeSchema } from '../list-warnings.js'
import { PROBLEM_RESPONSES } from '../schemas.js'

/** The largest list import body: the official files, base64-encoded. */
export const LIST_IMPORT_BODY_LIMIT = BODY_LIMITS.LIST_IMPORT

export const ListsStatusSchema = z
  .strictObject({ isScreeningAvailable: z.boolean(), entryCount: z.number().int(), snapshots: z.array(SnapshotMetaSchema) })
  .meta({ id: 'ListsStatus' })

/** `GET /v1/lists`: the status, and each snapshot's age judged against its limit as `/health` and `chipnav lists status` judge it */
export const ListsOverviewSchema = ListsStatusSchema.extend({ ages: z.array(ListAgeSchema) }).meta({ id: 'ListsOverview' })

export const ListImportRequestSchema = z
  .strictObject({
    files: z
      .array(
        z.strictObject({
          /** the official file name, used to detect the list (consolidated.csv[.gz], sdn.csv, add.csv, alt.csv, cons_prim.csv, dpl.txt …) */
          name: z.string().regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,120}$/, 'expected a plain file name such as "sdn.csv"'),
          contentBase64: z.base64(),
        }),
      )
      .min(1),
    source: SourceIdSchema.optional(),
    /** import even when a list has far fewer rows than the active snapshot */
    force: z.boolean().optional(),
    published: z.string().optional().meta({
      description:
        "the publication date (YYYY-MM-DD) read from the publisher, for files that state none (OFAC's CSV): without it such a snapshot's publication date is unknown and its age is not judged from the import. Refused when after today, when it differs from a date the files state, or when it precedes their latest listing date",
    }),
  })
  .meta({ id: 'ListImportRequest' })

export const ListImportResultSchema = z.strictObject({ imported: z.array(SnapshotMetaSchema), status: ListsStatusSchema }).meta({ id: 'ListImportResult' })

export const listsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/lists',
    { config: { allow: canRead }, schema: { tags: ['lists'], summary: 'The active list snapshots', response: { 200: ListsOverviewSchema, ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      const ages = ctx.listAges().map(({ maxAgeDays, ...a }) => ({ ...a, title: listSource(a.source).title, ...(maxAgeDays === undefined ? {} : { maxAgeDays }) }))
      return { ...(await ctx.lists.status()), ages }
    },
  )

  app.post(
    '/lists/import',
    { config: { allow: canImportLists, requestLimits: { maxStringLength: LIST_IMPORT_STRING_LENGTH } },
      bodyLimit: LIST_IMPORT_BODY_LIMIT,
      schema: { tags: ['lists'], summary: 'Import list files (admin)', body: ListImportRequestSchema, response: { 200: ListImportResultSchema, ...PROBLEM_RESPONSES } },
    },
    async (request) => {
      authorize(request, canImportLists)
      const { files, source, force, published } = request.body
      const imported = await ctx.lists.importFiles({
        files: files.map((f) => ({ name: f.name, bytes: Buffer.from(f.contentBase64, 'base64') })),
        ...(source ? { source } : {}),
        ...(force ? { shouldForce: true } : {}),
        ...(published !== undefined ? { published } : {}),
      })
      return { imported, status: await ctx.lists.status() }
    },
  )
}
