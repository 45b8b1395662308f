/**
 * The registry of requirement families, in the order their reasons are reported. Each family is one module in this
 * folder with one signature, `evaluate(ctx: RequirementContext): RequirementOutcome[]`, and reads its dated values
 * from data/. To add a family: write `requirements/<family>.ts` exporting a `RequirementFamily`, add its data under
 * data/, and list it here.
 */
import type { RequirementFamily } from '../requirement-context.js'
import { affiliatesFamily } from './affiliates.js'
import { destinationFamily } from './destination.js'
import { diffusionFamily } from './diffusion.js'
import { embargoesFamily } from './embargoes.js'
import { endUsesFamily } from './end-uses.js'
import { gp10Family } from './gp10.js'
import { hbmFamily } from './hbm.js'
import { headquartersFamily } from './headquarters.js'
import { lettersFamily } from './letters.js'
import { listedPartiesFamily } from './listed-parties.js'
import { sanctionsJurisdictionsFamily } from './sanctions-jurisdictions.js'

export const REQUIREMENT_FAMILIES: readonly RequirementFamily[] = [
  diffusionFamily,
  destinationFamily,
  headquartersFamily,
  hbmFamily,
  embargoesFamily,
  gp10Family,
  lettersFamily,
  endUsesFamily,
  listedPartiesFamily,
  sanctionsJurisdictionsFamily,
  affiliatesFamily,
]
