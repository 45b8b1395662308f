/**
 * The one entity model every restricted-party list maps to (Watchman's habit: a common entity that
 * remembers where it came from). Parsers in `sources/<list>/` produce these; the index and the
 * matcher consume only these.
 */

/** The list a snapshot file came from (the files chipnav imports). */
export type SourceId =
  | 'csl'
  | 'sdn'
  | 'nonsdn'
  | 'dpl'
  | 'un' // UN Security Council Consolidated List (XML)
  | 'uk' // FCDO UK Sanctions List (XML)
  | 'ofsi' // HM Treasury OFSI Consolidated List ("ConList", legacy XLSX/CSV)
  | 'eu' // EU consolidated financial sanctions list (FSF CSV or XML)

/**
 * The list an entry is on. CSL rows keep the list they came from (Entity List, MEU, SDN, DPL, UVL…);
 * short codes follow trade.gov's CSL `source` abbreviations in lower case.
 */
export type ListCode =
  | 'el' // Entity List (BIS)
  | 'meu' // Military End User List (BIS)
  | 'uvl' // Unverified List (BIS)
  | 'dpl' // Denied Persons List (BIS)
  | 'sdn' // Specially Designated Nationals (OFAC)
  | 'nonsdn' // OFAC non-SDN consolidated lists, when imported from cons_*.csv
  | 'ssi' // Sectoral Sanctions Identifications (OFAC)
  | 'fse' // Foreign Sanctions Evaders (OFAC)
  | 'plc' // Palestinian Legislative Council (OFAC)
  | 'cap' // Correspondent Account / Payable-Through (OFAC)
  | 'cmic' // Chinese Military-Industrial Complex companies (OFAC)
  | 'ns-mbs' // Non-SDN Menu-Based Sanctions (OFAC)
  | 'isn' // Nonproliferation Sanctions (State)
  | 'dtc' // ITAR Debarred (State)
  | 'un' // UN Security Council Consolidated List
  | 'uk' // UK financial sanctions (FCDO UK Sanctions List or OFSI Consolidated List)
  | 'eu' // EU consolidated financial sanctions list
  | 'other'

/**
 * The remark on an entry chipnav made from the alias file alone (OFAC legacy CSV of different dates: the alias file
 * has the listing, the primary file does not), so a hit on it says what it is.
 */
export const ALIAS_ONLY_REMARK = 'alias-only row: primary record missing (the alias file lists this ent_num, the primary file does not: the files are from different dates; kind, programs and remarks unknown)'

export type EntityType = 'individual' | 'entity' | 'vessel' | 'aircraft'

export type AliasKind = 'primary' | 'aka' | 'fka' | 'nka'

export type EntryName = {
  name: string
  kind: AliasKind
  /** OFAC marks some aliases weak (low quality); UN and UK lists give a quality ("Good"/"Low"); undefined when the list does not say. */
  strength?: 'strong' | 'weak'
  /** the list's own words for the alias's kind or quality, verbatim (e.g. UN "Low", OFSI "Primary name variation") */
  quality?: string
  /**
   * chipnav read this name from brackets in another name the list publishes for the entry (sources/bracketed-names.ts):
   * `name` that name, verbatim; `reading` what was read: its bracketed acronym ("… Corporation (SMIC)" → "SMIC"), the
   * words an acronym stands for ("ASMAT (APPLIED SYSTEMS …)" → "APPLIED SYSTEMS …"), a name marked a.k.a./f.k.a./
   * formerly in the brackets, or the name without those brackets (an acronym itself in the second case: `acronym`)
   */
  fromBrackets?: { name: string; reading: 'acronym' | 'expansion' | 'marked' | 'without-brackets' }
}

export type EntryAddress = {
  address?: string
  city?: string
  state?: string
  postalCode?: string
  /** as written in the list, e.g. "China" */
  country?: string
  /** ISO 3166-1 alpha-2 when it could be mapped, else undefined */
  countryCode?: string
  text: string
}

export type EntryIdentifier = { type: string; value: string; country?: string; issued?: string; expires?: string }

export type ListEntry = {
  /** the snapshot source file family the entry was imported from */
  source: SourceId
  /** the list the entry is on */
  list: ListCode
  /** the list's own id for the row (CSL `_id`/`entity_number`, OFAC `ent_num`, DPL a stable hash of the row) */
  sourceId: string
  type: EntityType | null
  /** names[0] is the primary name */
  names: EntryName[]
  addresses: EntryAddress[]
  programs: string[]
  federalRegisterNotice?: string
  /** ISO date when known */
  listedOn?: string
  /** Entity List licence requirement and policy, verbatim */
  licenseRequirement?: string
  licensePolicy?: string
  remarks?: string
  identifiers: EntryIdentifier[]
  nationalities: string[]
  citizenships: string[]
  datesOfBirth: string[]
  placesOfBirth: string[]
  title?: string
  sourceListUrl?: string
  /** the UN Security Council reference number (e.g. "QDi.001"), on UN entries and on UK/EU entries that carry a UN listing */
  unReference?: string
  /** a link to the official notice of the listing (the regulation, the UN press release or the list page) */
  noticeUrl?: string
}

/**
 * Where a snapshot's list date comes from (src/screening/snapshots/list-dating.ts): a publication date the files
 * state; the HTTP Last-Modified date the publisher's server gave for the downloaded files; the latest listing or
 * update date in the files (the list is at least that recent); a publication date the importer stated
 * (`lists import --published`); or the day the files were downloaded from the official source, which gave no date.
 * A snapshot without a list date (files imported from disk that state none) has an unknown publication date.
 */
export type SnapshotDateBasis = 'published' | 'last-modified' | 'latest-entry' | 'declared' | 'downloaded'

/** What a screening result records about each list snapshot it used, so the decision can be replayed. */
export type SnapshotRef = {
  source: SourceId
  /** sha256 over the snapshot's files as imported (hex) */
  sha256: string
  /** the list's date (see listDateBasis); absent: the publication date is unknown */
  listDate?: string
  /** where listDate comes from */
  listDateBasis?: SnapshotDateBasis
  /** ISO 8601 UTC timestamp of the import */
  importedAt: string
  /** rows per list code, e.g. { el: 2001, sdn: 10026 } */
  rowCounts: Record<string, number>
}
