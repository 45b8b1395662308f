import type { ListEntry } from '../../src/screening/model.js'

/** A ListEntry for tests: an Entity List row from the CSL unless the fields given say otherwise; empty lists elsewhere. */
export function listEntry(e: Partial<ListEntry> & Pick<ListEntry, 'sourceId' | 'names'>): ListEntry {
  return {
    source: 'csl',
    list: 'el',
    type: null,
    addresses: [],
    programs: [],
    identifiers: [],
    nationalities: [],
    citizenships: [],
    datesOfBirth: [],
    placesOfBirth: [],
    ...e,
  }
}
