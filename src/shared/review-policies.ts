/**
 * The licence review policies an answer can state, strictest first: a policy of denial (e.g. 15 CFR 746.8(b) for
 * Russia and Belarus, the Diffusion Rule's Tier 2 countries over their allocation), a presumption of denial, case by
 * case, a presumption of approval. One list for the data schemas, the determination and the API.
 */
export const REVIEW_POLICIES = ['policy-of-denial', 'presumption-of-denial', 'case-by-case', 'presumption-of-approval'] as const
export type ReviewPolicy = (typeof REVIEW_POLICIES)[number]
