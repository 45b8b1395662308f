/**
 * Jurisdictions whose sanctions lists chipnav reads, and which of them an organisation can declare itself bound by.
 * The U.S. lists (BIS, OFAC, State) are handled by the export-control rules; the UN's listings bind every member
 * state through its own law, so they are flagged for everyone and not declared.
 */
import { AppError } from './errors.js'

export const BINDING_JURISDICTIONS = ['US', 'UK', 'EU'] as const
export type BindingJurisdiction = (typeof BINDING_JURISDICTIONS)[number]
export type ListJurisdiction = BindingJurisdiction | 'UN'

/** The jurisdiction whose law a list belongs to, by chipnav's list code. */
export function jurisdictionOfList(list: string): ListJurisdiction {
  switch (list) {
    case 'un':
      return 'UN'
    case 'uk':
      return 'UK'
    case 'eu':
      return 'EU'
    default:
      return 'US'
  }
}

/** `"US,EU"` (CHIPNAV_JURISDICTIONS, `--jurisdictions`) → ['US', 'EU']; unknown codes are refused naming the field. */
export function parseJurisdictions(value: string, field = 'jurisdictions'): BindingJurisdiction[] {
  const codes = value.split(/[\s,]+/).map((s) => s.trim().toUpperCase()).filter((s) => s !== '')
  const bad = codes.filter((c) => !(BINDING_JURISDICTIONS as readonly string[]).includes(c))
  if (codes.length === 0 || bad.length > 0) {
    throw new AppError('VALIDATION_FAILED', {
      detail: `${field}: ${codes.length === 0 ? 'no jurisdiction given' : `unknown jurisdiction ${bad.join(', ')}`}; expected one or more of ${BINDING_JURISDICTIONS.join(', ')}${bad.includes('UN') ? ' (UN listings bind every member state and are flagged for everyone: do not declare UN)' : bad.includes('GB') ? ' (the United Kingdom is UK here)' : ''}`,
      issues: [{ path: field, message: `expected ${BINDING_JURISDICTIONS.join(', ')}` }],
    })
  }
  return [...new Set(codes)] as BindingJurisdiction[]
}
