/**
 * JSON columns: written as JSON text in both dialects (SQLite stores text; PostgreSQL casts the text
 * parameter to jsonb), read back as text (SQLite) or as a value pg has already parsed (jsonb): the
 * dialect's `isJsonParsedByDriver` flag says which.
 */
export type JsonColumn = string | object | number | boolean

export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null)
}

export function fromJson<T = unknown>(value: JsonColumn | null | undefined, isJsonParsedByDriver: boolean): T {
  if (value === null || value === undefined) return null as T
  return (isJsonParsedByDriver ? value : JSON.parse(value as string)) as T
}
