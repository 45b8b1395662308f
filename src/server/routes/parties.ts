/**
 * Parties: `POST /v1/parties` (analyst) records a party and screens it at once with the server's lists (the run
 * is stored like `POST /v1/screenings` with its `partyId`; monitoring re-screens only against what the lists
 * change later, so a party never screened when recorded would never be compared with the lists it joined),
 * `GET /v1/parties`, `GET /v1/parties/{id}`; each party with where its screening stands (`screening`).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { NewPartySchema, PartySchema, PartyScreeningStateSchema, relatedNames, type Party, type RelatedName } from '../../records/records-store.js'
import { screeningToRecord } from '../../records/screening-hits.js'
import type { AppContext } from '../app.js'
import { authorize, canRead, canWriteRecords } from '../auth.js'
import { StaleListWarningSchema } from '../list-warnings.js'
import { actorOf, IdParamsSchema, pageOf, pageOptions, PageQuerySchema, PROBLEM_RESPONSES } from '../schemas.js'

/** A party as the API shows it: the stored party, and where its screening stands (read from its runs and hits). */
export const PartyViewSchema = PartySchema.extend({ screening: PartyScreeningStateSchema }).meta({ id: 'Party' })
/** POST /v1/parties: the new party, and the screening run recorded for it (null when no list snapshot is loaded: not screened). */
export const RecordedPartySchema = PartySchema.extend({
  screening: z
    .strictObject({ runId: z.string(), hitCount: z.number().int(), recordedAt: z.string() })
    .nullable()
    .meta({ description: 'the screening run recorded when the party was: its hits are in the review queue (`GET /v1/screenings/hits?partyId=`); null when no list snapshot is loaded or the run could not be recorded (the party is not screened yet: its `screening.lastScreenedAt` in GET /v1/parties is null)' }),
  ownerScreenings: z
    .array(z.strictObject({ role: z.enum(['ultimate-parent', 'owner']), name: z.string(), runId: z.string(), hitCount: z.number().int(), recordedAt: z.string() }))
    .optional()
    .meta({
      description:
        "the screening runs recorded for the party's ultimate parent and owners given by name (not as stored parties, which are screened and monitored on their own): a listed owner or parent is a risk of the party's own (the Affiliates Rule, OFAC's 50 % rule), so their hits join the party's review queue (`GET /v1/screenings/hits?partyId=`). Monitoring re-screens the party's name and these names (and those of owners and a parent that are stored parties) against what the lists add or change, each match an alert of the party's.",
    }),
  /** when the party was screened against a list snapshot older than its limit (not stored); absent when none is */
  listWarnings: z.array(StaleListWarningSchema).optional(),
}).meta({ id: 'RecordedParty' })

/** The owners and ultimate parent named on a new party that are not stored parties themselves (those are screened on their own when recorded). */
function namedOwners(p: z.output<typeof NewPartySchema>): RelatedName[] {
  return relatedNames(p).filter((r) => r.partyId === undefined)
}

export const partyRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  /** parties with their screening state: one look-up for them all */
  const withScreening = async (parties: readonly Party[]) => {
    const states = await ctx.store.partyScreeningStates(parties.map((p) => p.id))
    return parties.map((p) => ({ ...p, screening: states[p.id] ?? { lastScreenedAt: null, openHits: 0 } }))
  }

  app.post(
    '/parties',
    { config: { allow: canWriteRecords }, schema: { tags: ['parties'], summary: 'Create a party and screen it (analyst)', body: NewPartySchema, response: { 201: RecordedPartySchema, ...PROBLEM_RESPONSES } } },
    async (request, reply) => {
      const caller = authorize(request, canWriteRecords)
      const actor = actorOf(caller)
      // screened before anything is written, so a name the screener refuses records no party
      const screener = ctx.lists.current()
      const result = screener ? screener.screen({ name: request.body.name, country: request.body.country.toUpperCase() }) : null
      const owners = screener ? namedOwners(request.body).map((o) => ({ ...o, result: screener.screen({ name: o.name, ...(o.country ? { country: o.country } : {}) }) })) : []
      const party = await ctx.store.createParty({ ...request.body, actor })
      if (!result) return reply.code(201).send({ ...party, screening: null })
      // the party is recorded: whatever run cannot be stored after it, the answer is 201 (a 500 would have the client
      // record it twice) and says which runs were: a party whose own run is missing shows as not screened
      let screening: { runId: string; hitCount: number; recordedAt: string } | null = null
      const ownerScreenings = []
      try {
        const run = await ctx.store.recordScreening(screeningToRecord({ result, partyId: party.id, actor }))
        screening = { runId: run.id, hitCount: run.hitCount, recordedAt: run.recordedAt }
        for (const o of owners) {
          const r = await ctx.store.recordScreening(screeningToRecord({ result: o.result, partyId: party.id, actor }))
          ownerScreenings.push({ role: o.role, name: o.name, runId: r.id, hitCount: r.hitCount, recordedAt: r.recordedAt })
        }
      } catch (err) {
        request.log.error({ err, partyId: party.id }, 'the party was recorded but a screening of it could not be')
      }
      const listWarnings = screening ? ctx.listWarnings() : []
      return reply.code(201).send({ ...party, screening, ...(ownerScreenings.length > 0 ? { ownerScreenings } : {}), ...(listWarnings.length > 0 ? { listWarnings } : {}) })
    },
  )

  app.get(
    '/parties',
    { config: { allow: canRead }, schema: { tags: ['parties'], summary: 'List parties, each with where its screening stands', querystring: PageQuerySchema, response: { 200: pageOf(PartyViewSchema), ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      const page = await ctx.store.listParties(pageOptions(request.query))
      return { ...page, items: await withScreening(page.items) }
    },
  )

  app.get(
    '/parties/:id',
    { config: { allow: canRead }, schema: { tags: ['parties'], summary: 'One party, with where its screening stands', params: IdParamsSchema, response: { 200: PartyViewSchema, ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      const [party] = await withScreening([await ctx.store.getParty(request.params.id)])
      return party!
    },
  )
}
