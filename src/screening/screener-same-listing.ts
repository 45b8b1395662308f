/** One listing published in several files (OFAC's rows in the CSL, UN listings in the UK and EU lists). */
import type { ListCode, ListEntry } from './model.js'

/** OFAC's lists, which the CSL republishes with OFAC's entity number as its id. */
const OFAC_LISTS: ReadonlySet<ListCode> = new Set<ListCode>(['sdn', 'nonsdn', 'ssi', 'fse', 'plc', 'cap', 'cmic', 'ns-mbs'])

/**
 * Entries that are the same listing published in two files: a CSL row from an OFAC list whose id is
 * the entity number of an entry loaded from OFAC's own files (OFAC never reuses entity numbers). OFAC's
 * entry is the canonical one (the primary publication); `canonical[i]` is i itself for every other entry.
 */
export function sameListingAcrossSources(entries: readonly ListEntry[]): { canonical: Int32Array; copies: Map<number, number[]> } {
  const canonical = new Int32Array(entries.length)
  const ofac = new Map<string, number>()
  entries.forEach((e, i) => {
    canonical[i] = i
    if (e.source === 'sdn' || e.source === 'nonsdn') ofac.set(e.sourceId, i)
  })
  // a UN listing carried into the UK and EU lists (same UN reference number): the UN's own entry when
  // loaded, else the first entry that carries the reference
  const byUnReference = new Map<string, number>()
  entries.forEach((e, i) => {
    if (e.unReference === undefined) return
    const first = byUnReference.get(e.unReference)
    if (first === undefined || (e.source === 'un' && entries[first]!.source !== 'un')) byUnReference.set(e.unReference, i)
  })
  const copies = new Map<number, number[]>()
  const addCopy = (i: number, o: number) => {
    canonical[i] = o
    const list = copies.get(o)
    if (list) list.push(i)
    else copies.set(o, [i])
  }
  entries.forEach((e, i) => {
    if (e.source === 'csl' && OFAC_LISTS.has(e.list)) {
      const o = ofac.get(e.sourceId)
      if (o !== undefined) addCopy(i, o)
      return
    }
    if (e.unReference !== undefined) {
      const o = byUnReference.get(e.unReference)!
      if (o !== i) addCopy(i, o)
    }
  })
  return { canonical, copies }
}
