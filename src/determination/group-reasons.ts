/**
 * A party that matches many entries of one list (Huawei: 30-odd Entity List entries) is one reason to read, with the
 * others counted behind it; every other reason stands as it is. Grouped by the reason's rule and the party it is
 * about (`Reason.party`), never by parsing its text. Pure and free of Node APIs: the CLI's formatter and the web UI
 * both use it.
 */

type Groupable = { ruleId: string; party?: { role: string; name: string } }

/** Reasons in their order; each listed-party reason of the same rule and party after the first goes into its `more`. */
export function groupReasonsByParty<T extends Groupable>(reasons: readonly T[]): { reason: T; more: T[] }[] {
  const out: { reason: T; more: T[] }[] = []
  const byKey = new Map<string, { reason: T; more: T[] }>()
  for (const reason of reasons) {
    const key = reason.party ? `${reason.ruleId}\u0000${reason.party.role}\u0000${reason.party.name}` : undefined
    const first = key === undefined ? undefined : byKey.get(key)
    if (first) {
      first.more.push(reason)
      continue
    }
    const entry = { reason, more: [] as T[] }
    if (key !== undefined) byKey.set(key, entry)
    out.push(entry)
  }
  return out
}
