/** Small formatting helpers. */
export const num = (n: number | null | undefined, digits = 0) => (n === null || n === undefined ? '–' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }))
export const today = () => new Date().toISOString().slice(0, 10)
export const when = (iso: string | null | undefined) => (iso ? iso.replace('T', ' ').slice(0, 16) : '–')
export const verdictColor = (v: string) => ({ NLR: 'green', LICENSE_EXCEPTION: 'teal', LICENSE_REQUIRED: 'orange', PROHIBITED: 'red' })[v] ?? 'gray'
export const statusColor = (s: string) => ({ pending: 'orange', approved: 'green', rejected: 'red', prohibited: 'red', 'not-required': 'gray', open: 'orange', cleared: 'green', confirmed: 'red' })[s] ?? 'gray'
/** A listed transaction's deal in words: "8 × nvidia-h100-sxm to AE" (GET /v1/transactions reads it from the stored transaction). */
export const dealText = (t: { item: string | null; quantity: number | null; destination: string | null }) => `${t.quantity === null ? '' : `${num(t.quantity)} × `}${t.item ?? 'item not given'} to ${t.destination ?? '–'}`
