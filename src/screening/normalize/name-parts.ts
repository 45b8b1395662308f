/**
 * Names as published often hold more than one name: "Huawei Technologies Co., Ltd. (Huawei).
 * Affiliated Entity: Huawei Technologies Co., Ltd., Beijing Research Institute", "X (a.k.a. Y; Z)",
 * "and JSC 140 Repair Plant" (a CSL alias list split mid-sentence). The index keeps the name as
 * published and adds these parts, so a query for one of the names is not drowned by the others.
 */
const SPLIT = /\baffiliated entit(?:y|ies)\s*:|\b(?:a\.k\.a|f\.k\.a|n\.k\.a)\.?,?|\b(?:also|formerly|now) known as\b|;/i
const PARENTHETICAL = /\([^()]*\)/g
/** cheap pre-check: most names have none of these */
const MAY_HAVE_PARTS = /[(;:]|\.k\.a|known as|^\s*(?:and|or)\s/i

/** A part of a published name, and how much a match on it counts (a qualifier dropped counts less). */
export type NamePart = { text: string; factor: number }

/** Scores on a name with its parenthetical qualifier removed ("Bank of China (Hong Kong)" → "Bank of China") count this much. */
export const WITHOUT_QUALIFIER_FACTOR = 0.95

/** The extra name strings to index for a published name (not including the name itself). */
export function namePartsToIndex(name: string): NamePart[] {
  if (!MAY_HAVE_PARTS.test(name)) return []
  const out = new Map<string, number>()
  const add = (text: string, factor: number): void => {
    if (text === '' || !/\p{L}/u.test(text)) return
    if ((out.get(text) ?? 0) < factor) out.set(text, factor)
  }
  const segments = name.split(new RegExp(SPLIT.source, 'gi'))
  for (const raw of segments) {
    if (segments.length > 1 || /^\s*(?:and|or)\s/i.test(raw)) add(tidy(raw), 1)
    if (PARENTHETICAL.test(raw)) add(tidy(raw.replace(PARENTHETICAL, ' ')), WITHOUT_QUALIFIER_FACTOR)
    PARENTHETICAL.lastIndex = 0
  }
  out.delete(name.trim())
  return [...out].map(([text, factor]) => ({ text, factor }))
}

function tidy(s: string): string {
  return s
    .replace(/[()]/g, ' ')
    .replace(/^\s*(?:and|or)\s+/i, '')
    .replace(/^[\s,.:;-]+|[\s,.:;-]+$/g, '')
    .replace(/\s+/g, ' ')
}
