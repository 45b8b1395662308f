/**
 * The licence review policies an answer can state, strictest first: a policy of denial (e.g. 15 CFR 746.8(b) for
 * Russia and Belarus, the Diffusion Rule's Tier 2 countries over their allocation), a presumption of denial, case by
 * case, a presumption of approval. One list for the data schemas, the determination and the API.
 */
export const REVIEW_POLICIES = ['policy-of-denial', 'presumption-of-denial', 'case-by-case', 'presumption-of-approval'] as const
export type ReviewPolicy = (typeof REVIEW_POLICIES)[number]

/** What a scope phrase of a listed entry's review policy covers (data/policies/review/entity-list-entry-policy.yaml). */
export const ENTRY_POLICY_SCOPES = ['ccl', 'ear99', 'named-eccns', 'other-items', 'end-use', 'rest'] as const
export type EntryPolicyScope = (typeof ENTRY_POLICY_SCOPES)[number]
