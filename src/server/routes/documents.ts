/**
 * Documents: `POST /v1/documents?kind=…&eventOn=…` (analyst) takes the file itself as the body (any
 * content type, up to DOCUMENT_BODY_LIMIT) and stores it content-addressed; `GET /v1/documents`,
 * `GET /v1/documents/alerts` (end-user certificates expiring), `GET /v1/documents/{id}` (metadata),
 * `GET /v1/documents/{id}/content` (the bytes), `DELETE /v1/documents/{id}` (approver; refused with 409
 * RETENTION_ACTIVE and the `retainUntil` date while 15 CFR 762.6 requires it kept, or while on legal hold).
 * Legal hold (documentLegalHoldRoutes, a plugin of its own because its bodies are JSON, not file bytes):
 * `POST /v1/documents/{id}/legal-hold` places it, `DELETE /v1/documents/{id}/legal-hold` lifts it
 * (approver; `{ reason }`; 409 CONFLICT when already in that state).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { DOCUMENT_KINDS, DocumentRecordSchema, SetLegalHoldInputSchema, type DocumentRecord } from '../../records/records-store.js'
import { AppError } from '../../shared/errors.js'
import { todayUtc } from '../../shared/iso-date.js'
import { IsoDateSchema } from '../../shared/iso-date-schema.js'
import type { AppContext } from '../app.js'
import { authorize, canDeleteDocuments, canManageLegalHolds, canRead, canWriteRecords } from '../auth.js'
import { BODY_LIMITS } from '../limits.js'
import { actorLabelSchema, actorOf, IdParamsSchema, pageOf, pageOptions, PageQuerySchema, PROBLEM_RESPONSES, withActorLabel } from '../schemas.js'

/** The largest document upload. */
export const DOCUMENT_BODY_LIMIT = BODY_LIMITS.DOCUMENT

export const DocumentUploadQuerySchema = z.strictObject({
  kind: z.enum(DOCUMENT_KINDS),
  /** the latest relevant event for retention (15 CFR 762.6); default today */
  eventOn: IsoDateSchema.optional(),
  filename: z.string().trim().min(1).max(255).optional(),
  partyId: z.string().min(1).optional(),
  transactionId: z.string().min(1).optional(),
  licenseId: z.string().min(1).optional(),
  /** end-user certificates: the last day it is valid */
  expiresOn: IsoDateSchema.optional(),
  note: z.string().max(2000).optional(),
})

const DocumentsQuerySchema = PageQuerySchema.extend({ kind: z.enum(DOCUMENT_KINDS).optional(), partyId: z.string().min(1).optional(), transactionId: z.string().min(1).optional() })
const AlertsQuerySchema = z.strictObject({ withinDays: z.coerce.number().int().min(0).max(3650).default(30) })
export const DocumentDeletedSchema = z
  .strictObject({ id: z.string(), deleted: z.literal(true), retainUntil: z.string().meta({ description: 'the end of the retention period that had run out (15 CFR 762.6)' }) })
  .meta({ id: 'DocumentDeleted' })
/** A document as the API shows it: its metadata, and a readable name for who added it (not stored). */
const DocumentViewSchema = DocumentRecordSchema.extend({ createdByLabel: actorLabelSchema('createdBy') })
/** Documents with who added them named for a person (`createdByLabel`). */
const withCreatorLabels = (ctx: AppContext, documents: readonly DocumentRecord[]) => withActorLabel(ctx.store, documents, 'createdBy')
const withCreatorLabel = async (ctx: AppContext, document: DocumentRecord) => (await withCreatorLabels(ctx, [document]))[0]!
export const LegalHoldRequestSchema = SetLegalHoldInputSchema.pick({ reason: true }).meta({ id: 'LegalHoldRequest' })
export const DocumentAlertSchema = z.strictObject({ documentId: z.string(), filename: z.string().nullable(), partyId: z.string().nullable(), partyName: z.string().nullable().meta({ description: 'the name of the party the certificate is for; null: recorded without a party' }), kind: z.enum(['euc-expiring', 'euc-expired']), expiresOn: z.string(), daysLeft: z.number().int() }).meta({ id: 'DocumentAlert' })

/** A file name safe for a Content-Disposition header. */
const safeFilename = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 200) || 'document'

export const documentRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  // in this plugin only: every body is the document's bytes, whatever its content type
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: DOCUMENT_BODY_LIMIT }, (_request, body, done) => done(null, body))

  app.post(
    '/documents',
    { config: { allow: canWriteRecords },
      bodyLimit: DOCUMENT_BODY_LIMIT,
      schema: { tags: ['documents'], summary: 'Upload a document: the body is the file (analyst)', querystring: DocumentUploadQuerySchema, response: { 201: DocumentViewSchema, ...PROBLEM_RESPONSES } },
    },
    async (request, reply) => {
      const caller = authorize(request, canWriteRecords)
      const body = request.body
      if (!(body instanceof Uint8Array) || body.length === 0) throw new AppError('VALIDATION_FAILED', { detail: 'the body must be the document itself (not empty)', issues: [{ path: '$', message: 'expected the file bytes' }] })
      const { eventOn, ...q } = request.query
      const bytes = new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength)
      const mediaType = (request.headers['content-type'] ?? 'application/octet-stream').split(';')[0]!.trim() || 'application/octet-stream'
      const document = await ctx.store.addDocument({ ...q, eventOn: eventOn ?? todayUtc(ctx.clock()), bytes, mediaType, actor: actorOf(caller) })
      return reply.code(201).send(await withCreatorLabel(ctx, document))
    },
  )

  app.get(
    '/documents',
    { config: { allow: canRead }, schema: { tags: ['documents'], summary: 'List documents', querystring: DocumentsQuerySchema, response: { 200: pageOf(DocumentViewSchema), ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      const { kind, partyId, transactionId } = request.query
      const page = await ctx.store.listDocuments({ ...pageOptions(request.query), ...(kind ? { kind } : {}), ...(partyId ? { partyId } : {}), ...(transactionId ? { transactionId } : {}) })
      return { ...page, items: await withCreatorLabels(ctx, page.items) }
    },
  )

  app.get(
    '/documents/alerts',
    { config: { allow: canRead }, schema: { tags: ['documents'], summary: 'End-user certificates expiring within `withinDays` (default 30) or expired', querystring: AlertsQuerySchema, response: { 200: z.strictObject({ items: z.array(DocumentAlertSchema) }), ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      return { items: await ctx.store.listDocumentAlerts({ asOf: todayUtc(ctx.clock()), withinDays: request.query.withinDays }) }
    },
  )

  app.get(
    '/documents/:id',
    { config: { allow: canRead }, schema: { tags: ['documents'], summary: "A document's metadata", params: IdParamsSchema, response: { 200: DocumentViewSchema, ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      return withCreatorLabel(ctx, (await ctx.store.getDocument(request.params.id)).document)
    },
  )

  app.get(
    '/documents/:id/content',
    { config: { allow: canRead }, schema: { tags: ['documents'], summary: 'Download a document', params: IdParamsSchema, response: { 200: z.instanceof(Buffer).meta({ description: 'the document, with its media type' }), ...PROBLEM_RESPONSES } } },
    async (request, reply) => {
      authorize(request, canRead)
      const { document, bytes } = await ctx.store.getDocument(request.params.id)
      return reply
        .type(document.mediaType)
        .header('content-disposition', `attachment; filename="${safeFilename(document.filename ?? document.id)}"`)
        .header('x-content-sha256', document.sha256)
        .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    },
  )

  app.delete(
    '/documents/:id',
    { config: { allow: canDeleteDocuments },
      schema: {
        tags: ['documents'],
        summary: 'Delete a document whose retention has run out (approver)',
        description:
          'Refused with 409 RETENTION_ACTIVE (its `retainUntil` is the first day it may be deleted) until five years after the latest relevant event (15 CFR 762.6: the document date, the linked transaction date, the last shipment under the linked transaction or licence), and always while on legal hold (`isOnLegalHold`). Identical content kept for another document stays stored.',
        params: IdParamsSchema,
        response: { 200: DocumentDeletedSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const caller = authorize(request, canDeleteDocuments)
      const { retainUntil } = await ctx.store.deleteDocument({ id: request.params.id, asOf: todayUtc(ctx.clock()), actor: actorOf(caller) })
      return { id: request.params.id, deleted: true as const, retainUntil }
    },
  )
}

/**
 * Legal hold (15 CFR 762.6(b): a record an agency asked for is kept until the agency releases it): placed
 * and lifted by an approver with a reason, audited in the same database transaction as the change
 * (`document.legal-hold-placed` / `document.legal-hold-lifted`, with the reason, who and when). While on
 * hold a document is never deleted; lifting the hold leaves its 762.6 retention in force.
 */
export const documentLegalHoldRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const schema = (summary: string, description: string) => ({ tags: ['documents'], summary, description, params: IdParamsSchema, body: LegalHoldRequestSchema, response: { 200: DocumentViewSchema, ...PROBLEM_RESPONSES } })

  app.post(
    '/documents/:id/legal-hold',
    { config: { allow: canManageLegalHolds },
      schema: schema(
        'Place a document on legal hold (approver): it can no longer be deleted',
        'The body names the request the hold answers (`reason`: agency, case or letter). 409 CONFLICT when the document is already on hold. The reason, who and when are in the audit trail (`GET /v1/audit?entityType=document&entityId=…`).',
      ),
    },
    async (request) => {
      const caller = authorize(request, canManageLegalHolds)
      return withCreatorLabel(ctx, await ctx.store.setLegalHold({ documentId: request.params.id, isOnLegalHold: true, reason: request.body.reason, actor: actorOf(caller) }))
    },
  )

  app.delete(
    '/documents/:id/legal-hold',
    { config: { allow: canManageLegalHolds },
      schema: schema(
        "Lift a document's legal hold (approver): its 762.6 retention still applies",
        'The body says why the hold ends (`reason`). 409 CONFLICT when the document is not on hold.',
      ),
    },
    async (request) => {
      const caller = authorize(request, canManageLegalHolds)
      return withCreatorLabel(ctx, await ctx.store.setLegalHold({ documentId: request.params.id, isOnLegalHold: false, reason: request.body.reason, actor: actorOf(caller) }))
    },
  )
}
