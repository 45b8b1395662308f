/**
 * What a screening could not see (`notices`): NAME_SCRIPT_UNCOVERED, a name in a script the lists barely hold (Han,
 * Arabic, Hangul…), so "no hit" is not a clean result. Shown above the answer, as the list warnings are.
 */
import { Alert, Text } from '@mantine/core'

type Notice = { code: string; script: string; message: string }

export function ScreeningNotices({ notices, mt }: { notices: readonly Notice[] | undefined; mt?: string }) {
  if (!notices || notices.length === 0) return null
  return (
    <Alert color="orange" role="alert" mt={mt} title="Not a clean result: the name is in a script the lists barely hold">
      {notices.map((n) => (
        <Text key={`${n.code}:${n.script}`} size="sm">
          {n.message}
        </Text>
      ))}
    </Alert>
  )
}
