import type { Page, PageOptions } from './records-store.js'

/** Every item of a cursor-paginated store list, read 500 at a time (for commands that print the whole list). */
export async function allPages<T>(list: (o: PageOptions) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = []
  let cursor: string | null = null
  do {
    const page: Page<T> = await list({ limit: 500, cursor })
    all.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return all
}
