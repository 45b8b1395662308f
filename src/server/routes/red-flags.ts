/**
 * `GET /v1/red-flags?date=`: the red-flag questions in force on a date (data/red-flags/), with the answer that
 * raises each and its citation: what a form asks before a check, and what `answers` in a transaction refers to
 * (as `chipnav red-flags --json`).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { redFlagsInForce } from '../../determination/red-flags.js'
import { type IsoDate } from '../../shared/iso-date.js'
import { IsoDateSchema } from '../../shared/iso-date-schema.js'
import type { AppContext } from '../app.js'
import { authorize, canQuery } from '../auth.js'
import { CitationSchema, PROBLEM_RESPONSES } from '../schemas.js'

export const RedFlagsQuerySchema = z.strictObject({ date: IsoDateSchema.optional() })

export const RedFlagQuestionsSchema = z
  .strictObject({
    date: z.string(),
    rulesVersion: z.string(),
    questions: z.array(
      z.strictObject({
        /** the set of questions it belongs to (one data file) */
        set: z.string(),
        /** the key to answer it by in a transaction's `answers` */
        id: z.string(),
        question: z.string(),
        /** the answer that raises the flag */
        raisedWhen: z.enum(['yes', 'no']),
        /** what the flag says when raised */
        text: z.string(),
        citation: CitationSchema.nullable(),
      }),
    ),
  })
  .meta({ id: 'RedFlagQuestions' })

export const redFlagRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/red-flags',
    { config: { allow: canQuery }, schema: { tags: ['rules'], summary: 'The red-flag questions in force on a date (default: today)', querystring: RedFlagsQuerySchema, response: { 200: RedFlagQuestionsSchema, ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canQuery)
      const date = (request.query.date ?? ctx.clock().toISOString().slice(0, 10)) as IsoDate
      const questions = redFlagsInForce(ctx.rules, date).map((f) => ({ set: f.set, id: f.id, question: f.question, raisedWhen: f.raisedWhen, text: f.text, citation: f.citation }))
      return { date, rulesVersion: ctx.rules.version, questions }
    },
  )
}
