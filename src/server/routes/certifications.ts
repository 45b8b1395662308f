/**
 * `GET /v1/certifications?date=`: the statements policies in force on a date ask an exporter to certify
 * (data/policies/…, unit `certification-set`), each with its policy and citation: what a form offers to tick,
 * and what `certifications` in a transaction refers to.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { certificationsInForce } from '../../determination/certifications.js'
import { type IsoDate } from '../../shared/iso-date.js'
import { IsoDateSchema } from '../../shared/iso-date-schema.js'
import type { AppContext } from '../app.js'
import { authorize, canQuery } from '../auth.js'
import { CitationSchema, PROBLEM_RESPONSES } from '../schemas.js'

export const CertificationsQuerySchema = z.strictObject({ date: IsoDateSchema.optional() })

export const CertificationsInForceSchema = z
  .strictObject({
    date: z.string(),
    rulesVersion: z.string(),
    certifications: z.array(
      z.strictObject({
        /** the policy (rule id) that asks for it */
        set: z.string(),
        /** the id to give in a transaction's `certifications` */
        id: z.string(),
        /** what the exporter certifies */
        text: z.string(),
        /** `citation.unverified`: this statement could not be verified in the primary text; why, or where it comes from */
        citation: CitationSchema,
        note: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'CertificationsInForce' })

export const certificationRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/certifications',
    { config: { allow: canQuery }, schema: { tags: ['rules'], summary: 'The statements an exporter may certify under the policies in force on a date (default: today)', querystring: CertificationsQuerySchema, response: { 200: CertificationsInForceSchema, ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canQuery)
      const date = (request.query.date ?? ctx.clock().toISOString().slice(0, 10)) as IsoDate
      return { date, rulesVersion: ctx.rules.version, certifications: certificationsInForce(ctx.rules, date) }
    },
  )
}
