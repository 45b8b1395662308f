/**
 * Who did something, for a person: the readable label (an API key's label and role, a user's name and role)
 * with the raw actor, the record, dimmed under it (or beside it, in a sentence); the raw actor alone when it
 * has no label (`cli:<os user>`, `system:…` read as they are).
 */
import { Text } from '@mantine/core'

export function Actor({ actor, label, inline = false }: { actor: string; label: string | null; inline?: boolean }) {
  if (!label) return <>{actor}</>
  if (inline) {
    return (
      <>
        {label}{' '}
        <Text span size="xs" c="dimmed">
          ({actor})
        </Text>
      </>
    )
  }
  return (
    <>
      {label}
      <Text size="xs" c="dimmed">
        {actor}
      </Text>
    </>
  )
}
