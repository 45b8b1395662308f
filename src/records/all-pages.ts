/**
 * Reading a whole cursor-paginated store list (every `list…` method of `RecordsStore` takes `{ limit, cursor }` and
 * answers `{ items, nextCursor }`): the one loop over its pages, for every caller that needs all of it.
 */
import { MAX_PAGE_SIZE, type Page, type PageOptions } from './record-basics.js'

/**
 * The items of a list, in its order, read one page (the largest, MAX_PAGE_SIZE) at a time as they are consumed: a caller that handles each item
 * (a re-determination, a flag check) holds one page in memory, never the whole list.
 */
export async function* pageThrough<T>(list: (o: PageOptions) => Promise<Page<T>>): AsyncGenerator<T> {
  let cursor: string | null = null
  do {
    const page: Page<T> = await list({ limit: MAX_PAGE_SIZE, cursor })
    yield* page.items
    cursor = page.nextCursor
  } while (cursor !== null)
}

/** Every item of a list (for commands that print the whole list). */
export async function allPages<T>(list: (o: PageOptions) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = []
  for await (const x of pageThrough(list)) all.push(x)
  return all
}
