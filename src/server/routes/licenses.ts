/**
 * Licences and shipments against them: `POST /v1/licenses` (approver), `GET /v1/licenses`,
 * `GET /v1/licenses/{id}`, `POST /v1/licenses/{id}/shipments` (analyst, or approver with an override; depletes the licence, 409
 * LICENSE_OVERDRAWN / LICENSE_NOT_VALID when it cannot; a shipment linked to a transaction is held by its
 * licence decision: 409 APPROVAL_PENDING, TRANSACTION_REJECTED, SHIPMENT_PROHIBITED,
 * APPROVED_UNDER_OTHER_LICENSE), `GET /v1/licenses/{id}/shipments`.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { LicenseSchema, NewLicenseSchema, RecordShipmentInputSchema, ShipmentSchema } from '../../records/records-store.js'
import type { AppContext } from '../app.js'
import { authorize, canApproveLicensedTransactions, canRead, canRecordLicenses, canWriteRecords } from '../auth.js'
import { actorOf, IdParamsSchema, pageOf, pageOptions, PageQuerySchema, PROBLEM_RESPONSES } from '../schemas.js'

export const LicenseRequestSchema = NewLicenseSchema.omit({ actor: true }).meta({ id: 'NewLicense' })
export const ShipmentRequestSchema = RecordShipmentInputSchema.omit({ licenseId: true, actor: true }).meta({ id: 'NewShipment' })
export const ShipmentResultSchema = z.strictObject({ shipment: ShipmentSchema, license: LicenseSchema }).meta({ id: 'ShipmentResult' })

export const licenseRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/licenses',
    { config: { allow: canRecordLicenses }, schema: { tags: ['licenses'], summary: 'Record a licence (approver)', body: LicenseRequestSchema, response: { 201: LicenseSchema, ...PROBLEM_RESPONSES } } },
    async (request, reply) => {
      const caller = authorize(request, canRecordLicenses)
      const license = await ctx.store.createLicense({ ...request.body, actor: actorOf(caller) })
      return reply.code(201).send(license)
    },
  )

  app.get(
    '/licenses',
    { config: { allow: canRead }, schema: { tags: ['licenses'], summary: 'List licences', querystring: PageQuerySchema, response: { 200: pageOf(LicenseSchema), ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      return ctx.store.listLicenses(pageOptions(request.query))
    },
  )

  app.get(
    '/licenses/:id',
    { config: { allow: canRead }, schema: { tags: ['licenses'], summary: 'One licence with what is used of it', params: IdParamsSchema, response: { 200: LicenseSchema, ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      return ctx.store.getLicense(request.params.id)
    },
  )

  app.post(
    '/licenses/:id/shipments',
    { config: { allow: canWriteRecords },
      schema: {
        tags: ['licenses'],
        summary: 'Ship against a licence (analyst): depletes it atomically',
        description:
          'Refused with 409 LICENSE_NOT_VALID (outside the validity dates, or a destination the licence does not name) or LICENSE_OVERDRAWN (quantity, value or TPP beyond what is authorized). A shipment linked to a stored transaction (`transactionId`, 404 when unknown) is held by its licence decision, checked in the same database transaction as the depletion: 409 APPROVAL_PENDING (LICENSE_REQUIRED or LICENSE_EXCEPTION with no decision yet), TRANSACTION_REJECTED, SHIPMENT_PROHIBITED (verdict PROHIBITED), APPROVED_UNDER_OTHER_LICENSE (the approval names another licence); each names the `transactionId`, `verdict` and `approvalStatus`. A shipment names the approved transaction it carries out (409 SHIPMENT_UNLINKED otherwise), to the same destination and within its quantity counting the shipments already linked to it (409 SHIPMENT_NOT_COVERED); an approver may record an `override` with a reason instead (403 for another role), kept on the shipment and in the audit trail. 400 VALIDATION_FAILED naming `value` when the licence limits value and the shipment gives none (a value-limited licence is depleted by value; without a limit, `value` defaults to 0), and naming `tpp` when the licence limits TPP and neither the shipment nor its transaction gives it.',
        params: IdParamsSchema,
        body: ShipmentRequestSchema,
        response: { 201: ShipmentResultSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      // an override of the transaction link is an approver's decision (the store checks the key's role too)
      const caller = authorize(request, request.body.override !== undefined ? canApproveLicensedTransactions : canWriteRecords)
      const result = await ctx.store.recordShipment({ ...request.body, licenseId: request.params.id, actor: actorOf(caller) })
      return reply.code(201).send(result)
    },
  )

  app.get(
    '/licenses/:id/shipments',
    { config: { allow: canRead }, schema: { tags: ['licenses'], summary: 'The shipments against a licence', params: IdParamsSchema, querystring: PageQuerySchema, response: { 200: pageOf(ShipmentSchema), ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      await ctx.store.getLicense(request.params.id) // NOT_FOUND for an unknown licence, not an empty page
      return ctx.store.listShipments({ ...pageOptions(request.query), licenseId: request.params.id })
    },
  )
}
