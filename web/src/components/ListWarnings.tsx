/**
 * The stale-list warnings an answer carries (`listWarnings`: a list snapshot older than its limit). Shown above the
 * answer, not below it: "no hit" against an old list says nothing about the parties listed since.
 */
import { Alert, Text } from '@mantine/core'

type StaleListWarning = { source: string; date: string; message: string }

export function ListWarnings({ warnings }: { warnings: readonly StaleListWarning[] | undefined }) {
  if (!warnings || warnings.length === 0) return null
  return (
    <Alert color="orange" role="alert" title={warnings.length === 1 ? 'A list is out of date' : `${warnings.length} lists are out of date`}>
      {warnings.map((w) => (
        <Text key={`${w.source}:${w.date}`} size="sm">
          {w.message}
        </Text>
      ))}
      <Text size="sm" mt={4}>
        An admin imports current list files on Admin (or runs chipnav lists update).
      </Text>
    </Alert>
  )
}
