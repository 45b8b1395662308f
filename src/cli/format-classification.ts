import type { ClassificationResult } from '../classification/classify-item.js'
import type { TraceStep } from '../classification/trace.js'
import { enUsDecimal, enUsNumber } from '../shared/format-number.js'

const num = (x: number | null, digits = 2) => (x === null ? 'unknown' : Number.isInteger(x) ? enUsNumber(x) : enUsDecimal(x, digits))

const MARK: Record<TraceStep['outcome'], string> = { met: '[met]    ', 'not-met': '[not met]', unknown: '[unknown]', info: '[info]   ' }

export function formatEccn(r: Pick<ClassificationResult, 'eccn' | 'determined' | 'paragraph' | 'item'>): string {
  if (!r.determined) return 'UNDETERMINED'
  if (r.eccn === null) return r.paragraph ? `not 3A090/4A090 (${r.paragraph})` : 'not 3A090/4A090'
  return r.paragraph && r.paragraph !== r.eccn ? `${r.eccn} (${r.paragraph})` : r.eccn
}

export function formatTraceStep(s: TraceStep): string {
  const measured = s.measured === null ? 'unknown' : typeof s.measured === 'number' ? num(s.measured, 3) : String(s.measured)
  const cite = `${s.citation.cfr}; ${s.citation.source.citation}, effective ${s.citation.effective}${s.citation.unverified ? '; UNVERIFIED' : ''}`
  return `  ${MARK[s.outcome]} ${s.test}${s.outcome === 'info' ? '' : ` — measured ${measured}`}\n              ${cite}${s.note ? `\n              ${s.note}` : ''}`
}

/** A readable summary with the trace. */
export function formatClassification(r: ClassificationResult): string {
  const name = [r.item.vendor, r.item.model].filter(Boolean).join(' ') || r.item.id
  const lines: string[] = []
  lines.push(`${name} (${r.item.id}) on ${r.date}`)
  lines.push(`  ECCN: ${formatEccn(r)}`)
  lines.push(`  Rule applied: ECCN 3A090 as in force from ${r.ruleVersion.effective} (${r.ruleVersion.source.citation}, ${r.ruleVersion.source.id})`)
  if (r.item.kind === 'system') {
    lines.push(`  Aggregate TPP: ${num(r.aggregateTpp ?? null)}`)
    for (const c of r.components ?? []) lines.push(`    ${c.count} x ${c.chip}: TPP ${num(c.tpp)} each, ${formatEccn({ ...c.result })}`)
  } else if (r.item.kind === 'memory') {
    lines.push(`  Memory bandwidth density: ${num(r.memoryBandwidthDensity, 3)} GB/s/mm2`)
  } else {
    const basis = r.tppBasis ? ` (${r.tppBasis.precision}: ${num(r.tppBasis.denseTops)} dense TOPS x ${r.tppBasis.bitLength} bits${r.tppBasis.sparse ? ', halved from a sparse figure' : ''})` : ''
    lines.push(`  TPP: ${num(r.tpp)}${basis}`)
    lines.push(`  Performance density: ${num(r.performanceDensity, 3)}${r.applicableDieAreaMm2 !== null ? ` (applicable die area ${num(r.applicableDieAreaMm2)} mm2)` : ''}`)
    lines.push(`  Datacenter: ${r.datacenter === null ? 'unknown' : r.datacenter ? 'designed or marketed for datacenters' : 'not designed or marketed for datacenters'}`)
  }
  if (!r.determined) {
    lines.push('  Possible outcomes:')
    for (const p of r.possibleEccns) lines.push(`    ${p.eccn ?? 'not 3A090/4A090'} if ${p.when}`)
  }
  for (const q of r.openQuestions) lines.push(`  Open: ${q}`)
  if (r.licenseExceptions.length) {
    lines.push('  Licence exceptions (item scope):')
    for (const le of r.licenseExceptions) lines.push(`    ${le.id}: ${le.canServe === null ? 'depends' : le.canServe ? 'can serve' : 'cannot serve'} — ${le.reason} [${le.citation.cfr}]`)
  } else if (r.eccn !== null) {
    lines.push(`  Licence exceptions (item scope): none for ${r.eccn} on ${r.date}`)
  }
  lines.push('  Trace:')
  const steps = r.item.kind === 'system' ? [...r.trace, ...(r.components ?? []).flatMap((c) => c.result.trace)] : r.trace
  for (const s of steps) lines.push(formatTraceStep(s))
  lines.push(`  rulesVersion: ${r.rulesVersion}`)
  return lines.join('\n')
}
