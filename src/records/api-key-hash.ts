import { sha256Hex } from '../shared/hash.js'

/** The stored form of an API key: sha256 hex of the key as given (the key itself is never stored). */
export function hashApiKey(key: string): string {
  return sha256Hex(key)
}
