/** Checks of a screening query and of the fields `scoreNames` shares with it: errors name the field. */
import { collectCountryIssue, inputError, type RefusedCountry } from '../shared/country-code.js'
import { AppError, type FieldIssue } from '../shared/errors.js'
import type { ScreenQuery } from './screener-types.js'

export const ENTITY_TYPES: ReadonlySet<string> = new Set(['individual', 'entity', 'vessel', 'aircraft'])

export function validateQuery(q: ScreenQuery): void {
  const issues: FieldIssue[] = []
  if (q === null || typeof q !== 'object') throw invalid('$', 'must be a query object')
  if (typeof q.name !== 'string' || q.name.trim() === '') issues.push({ path: 'name', message: 'must be a non-empty name' })
  checkThreshold(q.threshold, issues)
  if (q.limit !== undefined && !(Number.isInteger(q.limit) && q.limit >= 1 && q.limit <= 1000)) issues.push({ path: 'limit', message: 'must be an integer from 1 to 1000' })
  const countries: RefusedCountry[] = []
  if (q.country !== undefined) collectCountryIssue(q.country, 'country', issues, countries)
  if (q.type !== undefined && !ENTITY_TYPES.has(q.type)) issues.push({ path: 'type', message: 'must be individual, entity, vessel or aircraft' })
  if (q.lists !== undefined && !(Array.isArray(q.lists) && q.lists.every((l) => typeof l === 'string'))) issues.push({ path: 'lists', message: 'must be a list of list codes' })
  if (issues.length > 0) throw inputError('the screening query is not valid', issues, countries)
}

export function checkThreshold(threshold: number | undefined, issues: FieldIssue[]): void {
  if (threshold === undefined) return
  if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold < 0 || threshold > 1) issues.push({ path: 'threshold', message: 'must be a number from 0 to 1' })
}

export function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', { issues: [{ path, message }] })
}
