import type { IsoDate } from '../shared/iso-date.js'

/** A value with the date it took effect and its citation. */
export type Dated<T> = {
  effective: IsoDate
  value: T
  source: string
  cfr: string
  note?: string
  unverified?: boolean
  /** members of a set cited to another rule than this entry's (data-schemas.ts, `memberCitations`) */
  memberCitations?: Readonly<Record<string, { effective: IsoDate; source: string; cfr: string; unverified?: boolean }>>
}

/** The value in force on `asOf`: the newest dated value not after it. `values` are sorted newest first by the loader. */
export const valueAt = <T>(values: readonly Dated<T>[], asOf: IsoDate): Dated<T> | undefined =>
  values.find((v) => v.effective <= asOf)
