/**
 * Synthetic generic company names ("Sino Holdings FZE", "Golden Star Trading LLC"): everyday
 * business words and a legal form, the kind of name many innocent companies carry and issue 10
 * found hitting list entries that share two ordinary words. Seeded, so every run screens the same names.
 */
import { seededRandom } from './perturb-names.js'

const FIRST = ['Sino', 'Global', 'Alpha', 'Star', 'Golden', 'Asia', 'Pacific', 'Euro', 'United', 'Royal', 'Prime', 'Delta', 'Omega', 'Silver', 'Blue', 'Green', 'Eastern', 'Western', 'Northern', 'Southern', 'Orient', 'Ocean', 'Atlas', 'Apex', 'Summit', 'Crown', 'Eagle', 'Phoenix', 'Dragon', 'Lotus', 'Falcon', 'Metro', 'Nova', 'Vertex', 'Zenith', 'Unity', 'Bright', 'Smart', 'First', 'New']
const TRADE = ['Trading', 'Holdings', 'Tech', 'Technology', 'Logistics', 'Shipping', 'Energy', 'Industries', 'Electronics', 'Resources', 'Investment', 'Capital', 'Solutions', 'Systems', 'Group', 'Import Export', 'Engineering', 'Marine', 'Petroleum', 'Development', 'Enterprises', 'Ventures', 'Partners', 'Services', 'Commodities', 'Metals', 'Chemicals', 'Machinery', 'Aviation', 'Consulting']
const FORMS = ['LLC', 'Ltd', 'FZE', 'Co., Ltd.', 'Inc.', 'GmbH', 'JSC', 'PJSC', 'Limited', 'Corporation', 'S.A.', 'Pte Ltd', 'FZCO', 'LLP', 'AG', '']

/** `n` names: one or two generic words, a trade word and (mostly) a legal form; duplicates kept out. */
export function genericCompanyNames(n = 3000, seed = 10): string[] {
  const rnd = seededRandom(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
  const out = new Set<string>()
  for (let tries = 0; out.size < n && tries < 20 * n; tries++) {
    let name = `${pick(FIRST)} ${pick(TRADE)}`
    if (rnd() < 0.3) name = `${pick(FIRST)} ${name}`
    out.add(`${name} ${pick(FORMS)}`.trim())
  }
  return [...out]
}
