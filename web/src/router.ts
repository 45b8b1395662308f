/** Hash routes (`#/screening`, `#/transactions/tx_…`): the server only needs to serve `/`. */
import { useEffect, useState } from 'react'

export function useRoute(): string[] {
  const [hash, setHash] = useState(window.location.hash)
  useEffect(() => {
    const on = () => setHash(window.location.hash)
    window.addEventListener('hashchange', on)
    return () => window.removeEventListener('hashchange', on)
  }, [])
  return hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent)
}
export const go = (path: string) => {
  window.location.hash = path
}
