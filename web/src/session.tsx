/** The signed-in user: loaded from GET /v1/session; sign-in and sign-out go through the API. */
import { createContext, useContext } from 'react'
import type { Schemas } from './api/client'

export type SessionView = Schemas['Session']
export const SessionContext = createContext<{ session: SessionView; signOut: () => void } | undefined>(undefined)
export function useSession() {
  const s = useContext(SessionContext)
  if (!s) throw new Error('no session')
  return s
}
const RANK = { viewer: 0, analyst: 1, approver: 2, admin: 3 } as const
/** Whether the signed-in role is at least `min` (the server checks again). */
export const useCan = (min: keyof typeof RANK) => RANK[useSession().session.role] >= RANK[min]
/** Whether an actor of a record (`user:<name>`) is the signed-in user: the four-eyes rule lets another approver decide on what they recorded. */
export const useIsMe = () => {
  const me = `user:${useSession().session.username}`
  return (actor: string | null | undefined) => actor === me
}
