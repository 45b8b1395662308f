/**
 * Plain words for the codes an answer carries (no DOM): a verdict, a flag kind, an item, a place, a red-flag
 * question id. The code stays beside the words where an officer may need it (the abbreviation, the ISO code).
 */
import { countryName } from '../../../src/shared/countries.js'

/** The names 15 CFR part 740 gives the licence exceptions the API can offer (the enum of its schema). */
const EXCEPTION_NAMES: Record<string, string> = {
  NAC: 'Notified Advanced Computing',
  ACA: 'Advanced Computing Authorized',
  HBM: 'High Bandwidth Memory',
  LPP: 'Low Processing Performance',
  AIA: 'Artificial Intelligence Authorization',
}

/** "LPP — Low Processing Performance" (the id alone when its name is not known here) */
export const exceptionLabel = (id: string) => (EXCEPTION_NAMES[id] ? `${id} — ${EXCEPTION_NAMES[id]}` : id)

const VERDICT_WORDS: Record<string, string> = {
  NLR: 'No licence required (NLR)',
  LICENSE_REQUIRED: 'Licence required',
  PROHIBITED: 'Prohibited',
}

/** A verdict in words: "No licence required (NLR)", "Licence exception: LPP — Low Processing Performance", "Licence required". */
export function verdictLabel(verdict: string, exceptions: readonly string[] = []): string {
  if (verdict === 'LICENSE_EXCEPTION') return exceptions.length ? `Licence exception: ${exceptions.map(exceptionLabel).join(' or ')}` : 'Licence exception'
  return VERDICT_WORDS[verdict] ?? words(verdict)
}

type PendingReviewWords = { hits: readonly { name: string; list: string; primaryName: string; score: number }[]; ifCleared: { verdict: string; licenseExceptions?: readonly string[] } }

/**
 * An answer on hold for screening review, in words: "Pending screening review: Prohibited holds if the match is confirmed
 * (Li Wei ~ SDN "WEI, Zunyi", score 0.88); if cleared: Licence required. Confirm or clear on Screening."
 */
export function pendingReviewWords(verdict: string, exceptions: readonly string[], p: PendingReviewWords): string {
  const hits = p.hits.map((h) => `${h.name} ~ ${h.list.toUpperCase()} "${h.primaryName}", score ${h.score.toFixed(2)}`).join('; ')
  return `Pending screening review: ${verdictLabel(verdict, exceptions)} holds if ${p.hits.length === 1 ? 'the match is' : 'the matches are'} confirmed (${hits}); if cleared: ${verdictLabel(p.ifCleared.verdict, p.ifCleared.licenseExceptions ?? [])}. Confirm or clear on Screening.`
}

const FLAG_HEADINGS: Record<string, string> = {
  sanctions: 'Sanctions',
  'status-unknown': 'Status unknown',
  'red-flag': 'Red flags raised',
  'screening-review': 'Screening hits to review',
  'not-screened': 'Parties not screened',
  'transshipment-risk': 'Diversion risk',
  condition: 'Conditions',
  'possible-coverage': 'Possibly covered by an authorisation',
  'near-cap': 'Near the cap',
  'regime-difference': 'The other regime answers differently',
  'unanswered-red-flags': 'Red-flag questions not answered',
  'unverified-rule': 'Rules not verified against the primary text',
  'rules-currency': 'Rules data currency',
}

/** A flag kind as a heading: "unverified-rule" → "Rules not verified against the primary text" (unknown kinds: the words of the code). */
export const flagHeading = (kind: string) => FLAG_HEADINGS[kind] ?? capitalise(words(kind))

/** "kyc-cash-for-expensive-item" → "cash for expensive item": a question id read as words when its text is not at hand. */
export const questionIdWords = (id: string) => words(id.replace(/^kyc-/, ''))

/** "AE — United Arab Emirates" (the code alone when it is not an ISO code chipnav knows). */
export const placeLabel = (code: string) => {
  const name = countryName(code)
  return name ? `${code} — ${name}` : code
}

/** The item as vendor and model ("NVIDIA DGX H100") when the answer names them, else its catalogue id. */
export function itemName(item: { vendor: string | null; model: string | null; id: string } | undefined, fallback: string): string {
  if (!item) return fallback
  const name = [item.vendor, item.model].filter((x) => x).join(' ')
  return name || item.id || fallback
}

const words = (code: string) => code.toLowerCase().replace(/[-_]+/g, ' ')
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
