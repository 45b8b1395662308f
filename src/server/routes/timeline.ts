/** `GET /v1/timeline`: the dated changes in data/, with their sources (as `chipnav timeline --json`). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { timelineEvents } from '../../rules/timeline-events.js'
import { IsoDateSchema } from '../../shared/iso-date-schema.js'
import type { AppContext } from '../app.js'
import { authorize, canRead } from '../auth.js'
import { PROBLEM_RESPONSES } from '../schemas.js'

export const TimelineQuerySchema = z.strictObject({ from: IsoDateSchema.optional(), to: IsoDateSchema.optional() })

export const TimelineSchema = z
  .strictObject({
    rulesVersion: z.string(),
    events: z.array(
      z.strictObject({
        date: z.string(),
        id: z.string(),
        source: z.string(),
        summary: z.string(),
        rules: z.array(z.string()),
        citation: z.string(),
        url: z.string().nullable(),
        unverified: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'Timeline' })

export const timelineRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/timeline',
    { config: { allow: canRead }, schema: { tags: ['rules'], summary: 'The dated changes in the rules data, with their sources', querystring: TimelineQuerySchema, response: { 200: TimelineSchema, ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      const { from, to } = request.query
      const events = timelineEvents(ctx.rules, { from, to })
      return {
        rulesVersion: ctx.rules.version,
        events: events.map((e) => {
          const s = ctx.rules.sources.get(e.source)
          return { ...e, citation: s?.citation ?? e.source, url: s?.url ?? null, unverified: s?.unverified ?? false }
        }),
      }
    },
  )
}
