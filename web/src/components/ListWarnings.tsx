/**
 * The list warnings an answer carries (`listWarnings`: a list snapshot older than its limit, or one whose publication
 * date is unknown). Shown above the answer, not below it: "no hit" against an old list says nothing about the parties
 * listed since.
 */
import { Alert, Text } from '@mantine/core'

type ListWarning = { kind: string; source: string; date: string | null; message: string }

/** "A list is out of date", "2 lists have no known publication date", … */
function titleOf(warnings: readonly ListWarning[]): string {
  const n = warnings.length
  const undated = warnings.filter((w) => w.kind === 'undated-list').length
  if (undated === 0) return n === 1 ? 'A list is out of date' : `${n} lists are out of date`
  if (undated === n) return n === 1 ? "A list's publication date is unknown" : `${n} lists have no known publication date`
  return `${n} lists may be out of date`
}

export function ListWarnings({ warnings, mt }: { warnings: readonly ListWarning[] | undefined; mt?: string }) {
  if (!warnings || warnings.length === 0) return null
  return (
    <Alert color="orange" role="alert" mt={mt} title={titleOf(warnings)}>
      {warnings.map((w) => (
        <Text key={`${w.kind}:${w.source}`} size="sm">
          {w.message}
        </Text>
      ))}
      <Text size="sm" mt={4}>
        An admin imports current list files on Admin (or runs chipnav lists update).
      </Text>
    </Alert>
  )
}
