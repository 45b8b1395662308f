/** Names for the answers the pages use, taken from the generated paths (no hand-written shapes). */
import type { paths } from './schema'

type Ok<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends { responses: infer R } ? (R extends { 200: { content: { 'application/json': infer J } } } ? J : R extends { 201: { content: { 'application/json': infer J } } } ? J : never) : never

export type HitRecord = Ok<'/v1/screenings/hits', 'get'>['items'][number]
export type ScreeningRunWithHits = Ok<'/v1/screenings', 'post'>
export type Transaction = Ok<'/v1/transactions/{id}', 'get'>
export type TransactionSummary = Ok<'/v1/transactions', 'get'>['items'][number]
export type License = Ok<'/v1/licenses', 'get'>['items'][number]
export type DocumentRecord = Ok<'/v1/documents', 'get'>['items'][number]
export type AuditEvent = Ok<'/v1/audit', 'get'>['items'][number]
export type Party = Ok<'/v1/parties', 'get'>['items'][number]
export type ChipCatalogue = Ok<'/v1/chips', 'get'>
