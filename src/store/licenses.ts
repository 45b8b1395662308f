/** Licences and shipments: depletion and the hold a transaction's approval puts on a linked shipment. */
import { AppError } from '../shared/errors.js'
import { MAX_QUANTITY, quantityTotalError } from '../shared/quantity.js'
import { rowHash } from '../records/hash-chain.js'
import {
  approvalStatusOf,
  NewLicenseSchema,
  RecordShipmentInputSchema,
  type License,
  type NewLicense,
  type Page,
  type PageOptions,
  type RecordShipmentInput,
  type Shipment,
} from '../records/records-store.js'
import { fromJson, toJson } from './json.js'
import { newId, notFound, num, parse, type Db, type J, type Row, type StoreContext } from './store-context.js'
import { decodeCursor, pageSize, toPage } from './paging.js'
import { approvalFromRow, supersededError, supersessionOf } from './transactions.js'
import { licenseCoverGaps } from '../records/license-cover.js'
import { assertMayOverride } from './api-keys.js'
import { fromCents, MAX_TPP, toCents } from '../records/store-limits.js'
import type { DeterminationResult } from '../determination/types.js'
import { refuseShipmentOnHold } from './monitoring.js'

/** The names of the stored parties a licence names by id (the cover check compares names). */
export async function licensePartyNames(db: Db, license: Pick<License, 'parties'>): Promise<Map<string, string>> {
  if (license.parties.length === 0) return new Map()
  return new Map((await db.selectFrom('parties').select(['id', 'name']).where('id', 'in', license.parties).execute()).map((p) => [p.id, p.name]))
}

/**
 * The hold a licence decision puts on a shipment linked to a transaction: a transaction that needs a
 * licence or a licence exception ships only once an approver approved it, and only against the licence
 * the approval names (when it names one); a rejected or PROHIBITED transaction never ships. Read inside
 * the shipment's write transaction, which holds the audit chain head, so no decision can slip in between
 * this check and the depletion. Returns what the transaction covers: its destination and quantity.
 */
export async function checkShipmentHold(db: Db, transactionId: string, license: License): Promise<{ id: string; to: string; quantity: number; tppPerUnit: number | null }> {
  const t = await db.selectFrom('transactions').select(['id', 'verdict', 'result', 'as_of']).where('id', '=', transactionId).executeTakeFirst()
  if (!t) throw notFound('transaction', transactionId)
  // superseded first: the answer names the transaction to ship under (a superseded one's holds were released)
  const superseded = await supersessionOf(db, t.id)
  if (superseded) throw supersededError(t.id, superseded, 'nothing ships under it')
  await refuseShipmentOnHold(db, t.id)
  const a = await db.selectFrom('transaction_approvals').selectAll().where('transaction_id', '=', t.id).executeTakeFirst()
  const approval = a ? approvalFromRow(a) : null
  const approvalStatus = approvalStatusOf(t.verdict, approval)
  const about = { transactionId: t.id, verdict: t.verdict, approvalStatus }
  const result = JSON.parse(t.result) as Pick<DeterminationResult, 'to' | 'quantity' | 'item'>
  const covers = { id: t.id, to: result.to, quantity: Number(result.quantity), tppPerUnit: result.item?.tppPerUnit ?? null }
  switch (approvalStatus) {
    case 'not-required':
      return covers
    case 'superseded': // refused above
      throw new AppError('TRANSACTION_SUPERSEDED', { detail: `transaction ${t.id} was superseded: nothing ships under it`, ...about })
    case 'prohibited':
      throw new AppError('SHIPMENT_PROHIBITED', { detail: `transaction ${t.id} is prohibited (verdict PROHIBITED): nothing may ship under it`, ...about })
    case 'pending':
      throw new AppError('APPROVAL_PENDING', { detail: `transaction ${t.id} has the verdict ${t.verdict} and awaits an approver's decision: record the approval (POST /v1/transactions/${t.id}/approval) before shipping`, ...about })
    case 'rejected':
      throw new AppError('TRANSACTION_REJECTED', { detail: `transaction ${t.id} was rejected by ${approval!.decidedBy} at ${approval!.decidedAt}: nothing may ship under it`, ...about, decidedBy: approval!.decidedBy, decidedAt: approval!.decidedAt })
    case 'approved':
      if (approval!.licenseId !== null && approval!.licenseId !== license.id) {
        throw new AppError('APPROVED_UNDER_OTHER_LICENSE', {
          detail: `transaction ${t.id} was approved under licence ${approval!.licenseNumber ?? approval!.licenseId}, not ${license.number}: ship it against that licence`,
          ...about,
          approvedLicenseId: approval!.licenseId,
          approvedLicenseNumber: approval!.licenseNumber,
          licenseId: license.id,
        })
      }
      // approved with no licence named while that was still allowed (before APPROVAL_NEEDS_LICENSE): a transaction that
      // needs a licence ships only under one that covers it, checked here as the approval would have checked it
      if (approval!.licenseId === null && t.verdict === 'LICENSE_REQUIRED') {
        const gaps = licenseCoverGaps(license, t.as_of, result, { quantity: false, partyNames: await licensePartyNames(db, license) }) // the units: the licence's balance, checked below
        if (gaps.length > 0) throw new AppError('LICENSE_DOES_NOT_COVER', { detail: `licence ${license.number} does not cover transaction ${t.id}, approved with no licence named: ${gaps.join('; ')}`, ...about, licenseId: license.id, problems: gaps })
      }
      return covers
  }
}

/**
 * The TPP a shipment depletes: as given; else its quantity times the TPP per unit of the item of the transaction it
 * carries out (from the stored answer); else 0 — unless the licence limits TPP, when it must be known (400 naming
 * `tpp`): a licence with an authorised TPP whose shipments count 0 would never be seen to deplete.
 */
function shipmentTpp(s: { tpp?: number | undefined; quantity: number; transactionId?: string | undefined }, tppPerUnit: number | null, license: License): number {
  if (s.tpp !== undefined) return s.tpp
  if (tppPerUnit !== null) {
    const tpp = tppPerUnit * s.quantity
    if (tpp > MAX_TPP) throw new AppError('VALIDATION_FAILED', { detail: `${s.quantity} units of ${tppPerUnit} TPP each is past the bound of ${MAX_TPP} TPP`, issues: [{ path: 'quantity', message: `at most ${Math.floor(MAX_TPP / tppPerUnit)} units of this item` }] })
    return tpp
  }
  if (license.authorizedTpp === null) return 0
  const why = s.transactionId === undefined ? 'no transaction is linked' : `the item of transaction ${s.transactionId} has no known TPP`
  throw new AppError('VALIDATION_FAILED', {
    detail: `licence ${license.number} limits TPP (${license.authorizedTpp} authorised, ${license.usedTpp} used) and ${why}: give the shipment's TPP`,
    issues: [{ path: 'tpp', message: "expected the shipment's total TPP (the licence limits TPP)" }],
  })
}

/**
 * The value (USD) a shipment depletes: as given; else 0 — unless the licence limits value, when it must be given
 * (400 naming `value`): a value-limited licence whose shipments count $0 would never be seen to deplete.
 */
function shipmentValue(s: { value?: number | undefined }, license: License): number {
  if (s.value !== undefined) return s.value
  if (license.authorizedValue === null) return 0
  throw new AppError('VALIDATION_FAILED', {
    detail: `licence ${license.number} limits value (${license.authorizedValue} USD authorised, ${license.usedValue} USD used): give the shipment's value`,
    issues: [{ path: 'value', message: "expected the shipment's value in USD (the licence limits value)" }],
  })
}

/**
 * Why the transaction does not cover the shipment (empty when it does): the same destination, and the
 * quantities of every shipment linked to it, this one included, within the transaction's quantity.
 */
async function coverageGaps(db: Db, covers: { id: string; to: string; quantity: number }, shipment: { destination: string; quantity: number }): Promise<string[]> {
  const gaps: string[] = []
  if (shipment.destination !== covers.to) gaps.push(`the transaction is to ${covers.to}, the shipment to ${shipment.destination}`)
  const shipped = await db.selectFrom('shipments').select((eb) => eb.fn.sum<number>('quantity').as('total')).where('transaction_id', '=', covers.id).executeTakeFirst()
  const before = num(shipped?.total)
  if (before + shipment.quantity > covers.quantity) gaps.push(`the transaction covers ${covers.quantity} units, ${before} already shipped, ${shipment.quantity} asked`)
  return gaps
}

export const licenseFromRow = (r: Row<'licenses'>, j: J): License => ({
  id: r.id,
  number: r.number,
  items: fromJson(r.items, j),
  eccns: fromJson(r.eccns, j),
  destinations: fromJson(r.destinations, j),
  parties: fromJson(r.parties, j),
  authorizedQuantity: r.authorized_quantity === null ? null : Number(r.authorized_quantity),
  authorizedValue: r.authorized_value === null ? null : Number(r.authorized_value),
  authorizedTpp: r.authorized_tpp === null ? null : Number(r.authorized_tpp),
  usedQuantity: Number(r.used_quantity),
  usedValue: Number(r.used_value),
  usedTpp: Number(r.used_tpp),
  validFrom: r.valid_from as License['validFrom'],
  validTo: r.valid_to as License['validTo'],
  conditions: fromJson(r.conditions, j),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

export const shipmentFromRow = (r: Row<'shipments'>): Shipment => ({
  id: r.id,
  licenseId: r.license_id,
  transactionId: r.transaction_id,
  quantity: Number(r.quantity),
  value: Number(r.value),
  tpp: Number(r.tpp),
  shippedOn: r.shipped_on as Shipment['shippedOn'],
  destination: r.destination,
  consignee: r.consignee,
  recordedAt: r.recorded_at,
  recordedBy: r.recorded_by,
  // named only when there is one, so rows written before overrides existed hash as they did
  ...(r.override_reason !== null && r.override_reason !== undefined ? { override: { reason: r.override_reason, by: r.override_by ?? '' } } : {}),
})

export async function createLicense(ctx: StoreContext, input: NewLicense): Promise<License> {
  const l = parse(NewLicenseSchema, input)
  if (l.validTo < l.validFrom) throw new AppError('VALIDATION_FAILED', { detail: 'validTo is before validFrom', issues: [{ path: 'validTo', message: 'must not be before validFrom' }] })
  return ctx.write(l.actor, async (w) => {
    const dup = await w.db.selectFrom('licenses').select('id').where('number', '=', l.number).executeTakeFirst()
    if (dup) throw new AppError('CONFLICT', { detail: `licence ${l.number} is already stored (id ${dup.id})`, id: dup.id })
    const row: Row<'licenses'> = {
      id: newId('lic'),
      number: l.number,
      items: toJson(l.items),
      eccns: toJson(l.eccns),
      destinations: toJson(l.destinations),
      parties: toJson(l.parties),
      authorized_quantity: l.authorizedQuantity ?? null,
      authorized_value: l.authorizedValue ?? null,
      authorized_tpp: l.authorizedTpp ?? null,
      used_quantity: 0,
      used_value: 0,
      used_tpp: 0,
      valid_from: l.validFrom,
      valid_to: l.validTo,
      conditions: toJson(l.conditions),
      created_at: w.at,
      updated_at: w.at,
    }
    await w.db.insertInto('licenses').values(row).execute()
    const license = licenseFromRow(row, false)
    w.audit({ action: 'license.created', entityType: 'license', entityId: row.id, beforeHash: null, afterHash: rowHash(license), data: null })
    return license
  })
}

export async function getLicense(ctx: StoreContext, id: string): Promise<License> {
  const r = await ctx.db.selectFrom('licenses').selectAll().where('id', '=', id).executeTakeFirst()
  if (!r) throw notFound('licence', id)
  return licenseFromRow(r, ctx.j)
}

export async function listLicenses(ctx: StoreContext, options: PageOptions = {}): Promise<Page<License>> {
  const limit = pageSize(options.limit)
  const after = decodeCursor(options.cursor)
  let q = ctx.db.selectFrom('licenses').selectAll().orderBy('id').limit(limit + 1)
  if (after !== null) q = q.where('id', '>', after)
  return toPage(await q.execute(), limit, (r) => r.id, (r) => licenseFromRow(r, ctx.j))
}

export async function recordShipment(ctx: StoreContext, input: RecordShipmentInput): Promise<{ shipment: Shipment; license: License }> {
  const s = parse(RecordShipmentInputSchema, input)
  return ctx.write(s.actor, async (w) => {
    // the head lock taken by runWrite serialises writers, so this read is the licence as it stands
    const r = await w.db.selectFrom('licenses').selectAll().where('id', '=', s.licenseId).executeTakeFirst()
    if (!r) throw notFound('licence', s.licenseId)
    const before = licenseFromRow(r, ctx.j)
    // the link: an approved (or not-required) transaction covering the destination and quantity, or an approver's override
    const gaps: string[] = []
    let tppPerUnit: number | null = null
    if (s.transactionId !== undefined) {
      const covers = await checkShipmentHold(w.db, s.transactionId, before)
      tppPerUnit = covers.tppPerUnit
      gaps.push(...(await coverageGaps(w.db, covers, s)))
      if (gaps.length > 0 && s.override === undefined) {
        throw new AppError('SHIPMENT_NOT_COVERED', { detail: `transaction ${covers.id} does not cover this shipment: ${gaps.join('; ')} (an approver may record an override with a reason)`, transactionId: covers.id, problems: gaps })
      }
    } else if (s.override === undefined) {
      throw new AppError('SHIPMENT_UNLINKED', { detail: `a shipment against licence ${before.number} names the approved transaction it carries out (transactionId), or an approver records an override with a reason`, licenseId: before.id })
    }
    if (s.override !== undefined) await assertMayOverride(w.db, s.actor)
    if (s.shippedOn < before.validFrom || s.shippedOn > before.validTo) {
      throw new AppError('LICENSE_NOT_VALID', { detail: `licence ${before.number} is valid from ${before.validFrom} to ${before.validTo}; the shipment is on ${s.shippedOn}`, licenseId: before.id, validFrom: before.validFrom, validTo: before.validTo })
    }
    if (!before.destinations.includes(s.destination)) {
      throw new AppError('LICENSE_NOT_VALID', { detail: `licence ${before.number} does not cover destination ${s.destination} (it covers ${before.destinations.join(', ')})`, licenseId: before.id })
    }
    // money in integer cents (0.1 + 0.2 is 0.3); every amount is bounded, so no sum reaches Infinity
    const value = shipmentValue(s, before)
    const usedCents = toCents(before.usedValue)
    const nextCents = usedCents + toCents(value)
    const tpp = shipmentTpp(s, tppPerUnit, before)
    const next = { quantity: before.usedQuantity + s.quantity, value: fromCents(nextCents), tpp: before.usedTpp + tpp }
    const over: string[] = []
    if (before.authorizedQuantity !== null && next.quantity > before.authorizedQuantity) over.push(`quantity: ${before.authorizedQuantity - before.usedQuantity} left, ${s.quantity} asked`)
    if (before.authorizedValue !== null && nextCents > toCents(before.authorizedValue)) over.push(`value: ${fromCents(toCents(before.authorizedValue) - usedCents)} left, ${value} asked`)
    if (before.authorizedTpp !== null && next.tpp > before.authorizedTpp) over.push(`TPP: ${before.authorizedTpp - before.usedTpp} left, ${tpp} asked`)
    if (over.length > 0) throw new AppError('LICENSE_OVERDRAWN', { detail: `licence ${before.number} would be overdrawn (${over.join('; ')})`, licenseId: before.id, over })
    // a licence without a quantity limit (one with a limit is overdrawn first) still keeps its used quantity within the bound of every quantity
    if (next.quantity > MAX_QUANTITY) throw quantityTotalError({ path: 'quantity', what: `licence ${before.number}'s used quantity`, before: before.usedQuantity, added: s.quantity })

    // conditional on the values just read: a second guard, should the lock ever be missing
    const upd = await w.db
      .updateTable('licenses')
      .set({ used_quantity: next.quantity, used_value: next.value, used_tpp: next.tpp, updated_at: w.at })
      .where('id', '=', before.id)
      .where('used_quantity', '=', before.usedQuantity)
      .where('used_value', '=', before.usedValue)
      .where('used_tpp', '=', before.usedTpp)
      .executeTakeFirst()
    if (Number(upd.numUpdatedRows) !== 1) throw new AppError('CONFLICT', { detail: `licence ${before.number} changed during the shipment; try again` })
    const license: License = { ...before, usedQuantity: next.quantity, usedValue: next.value, usedTpp: next.tpp, updatedAt: w.at }

    const row: Row<'shipments'> = {
      id: newId('shp'),
      license_id: before.id,
      transaction_id: s.transactionId ?? null,
      quantity: s.quantity,
      value,
      tpp,
      shipped_on: s.shippedOn,
      destination: s.destination,
      consignee: s.consignee ?? null,
      recorded_at: w.at,
      recorded_by: s.actor,
      override_reason: s.override?.reason ?? null,
      override_by: s.override !== undefined ? s.actor : null,
    }
    await w.db.insertInto('shipments').values(row).execute()
    const shipment = shipmentFromRow(row)
    const data = shipment.override ? { licenseId: before.id, override: shipment.override } : { licenseId: before.id }
    w.audit({ action: 'shipment.recorded', entityType: 'shipment', entityId: row.id, beforeHash: null, afterHash: rowHash(shipment), data })
    w.audit({ action: 'license.depleted', entityType: 'license', entityId: before.id, beforeHash: rowHash(before), afterHash: rowHash(license), data: { shipmentId: row.id } })
    return { shipment, license }
  })
}

export async function listShipments(ctx: StoreContext, options: PageOptions & { licenseId?: string } = {}): Promise<Page<Shipment>> {
  const limit = pageSize(options.limit)
  const after = decodeCursor(options.cursor)
  let q = ctx.db.selectFrom('shipments').selectAll().orderBy('id').limit(limit + 1)
  if (options.licenseId !== undefined) q = q.where('license_id', '=', options.licenseId)
  if (after !== null) q = q.where('id', '>', after)
  return toPage(await q.execute(), limit, (r) => r.id, shipmentFromRow)
}
