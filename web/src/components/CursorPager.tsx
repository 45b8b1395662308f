/**
 * Cursor pagination for the list pages: `useCursors` keeps the stack of cursors walked so far (the first page has
 * none), `CursorPager` shows Previous/Next for the page on screen.
 */
import { Button, Group } from '@mantine/core'
import { useState } from 'react'

export type Cursors = {
  /** the cursor of the page to load (undefined: the first page) */
  cursor: string | undefined
  canGoBack: boolean
  back: () => void
  next: (nextCursor: string) => void
  /** back to the first page (after a filter changes) */
  reset: () => void
}

export function useCursors(): Cursors {
  const [stack, setStack] = useState<(string | undefined)[]>([undefined])
  return {
    cursor: stack[stack.length - 1],
    canGoBack: stack.length > 1,
    back: () => setStack((s) => s.slice(0, -1)),
    next: (nextCursor) => setStack((s) => [...s, nextCursor]),
    reset: () => setStack([undefined]),
  }
}

export function CursorPager({ cursors, nextCursor }: { cursors: Cursors; nextCursor: string | null | undefined }) {
  return (
    <Group>
      <Button variant="default" size="xs" disabled={!cursors.canGoBack} onClick={cursors.back}>
        Previous page
      </Button>
      <Button variant="default" size="xs" disabled={!nextCursor} onClick={() => nextCursor && cursors.next(nextCursor)}>
        Next page
      </Button>
    </Group>
  )
}
