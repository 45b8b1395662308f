/** Loading, error and empty states shared by every page: errors show the problem+json title and detail. */
import { Alert, Center, Loader, Text } from '@mantine/core'
import { useCallback, useEffect, useState, type ReactNode } from 'react'
import { asProblem, type Problem } from '../api/client'
import { problemWords } from './format'

/**
 * A problem in words first: its title, then its detail (a detail that only restates the title, as "the username or
 * password is wrong (4 more failures lock the account)" does, is shown once, in its place); the code small, last.
 */
export function ProblemAlert({ problem, title }: { problem: Problem; title?: string }) {
  const { heading, detail } = problemWords(problem)
  return (
    <Alert color="red" title={title ?? heading} role="alert" my="sm">
      {title ? <Text fw={600}>{heading}</Text> : null}
      {detail ? <Text size="sm">{detail}</Text> : null}
      {Array.isArray(problem.errors) ? (
        <ul>
          {(problem.errors as { path: string; message: string }[]).map((e) => (
            <li key={e.path}>
              <code>{e.path}</code>: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
      {problem.code ? (
        <Text size="xs" c="dimmed" mt={4}>
          reference for support: {problem.code}
        </Text>
      ) : null}
    </Alert>
  )
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <Alert color="gray" variant="light" my="sm">
      {children}
    </Alert>
  )
}

export type Loaded<T> = { data: T | undefined; problem: Problem | undefined; isLoading: boolean; reload: () => void }

/** Load with `fn` when `deps` change; `reload()` loads again. */
export function useLoad<T>(fn: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T>()
  const [problem, setProblem] = useState<Problem>()
  const [isLoading, setLoading] = useState(true)
  const [tick, setTick] = useState(0)
  useEffect(() => {
    let isLive = true
    setLoading(true)
    fn().then(
      (d) => {
        if (!isLive) return
        setData(d)
        setProblem(undefined)
        setLoading(false)
      },
      (e: unknown) => {
        if (!isLive) return
        setProblem(asProblem(e))
        setLoading(false)
      },
    )
    return () => {
      isLive = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick])
  const reload = useCallback(() => setTick((t) => t + 1), [])
  return { data, problem, isLoading, reload }
}

/** Shows the loader, the problem or the content. */
export function Loadable<T>({ state, children }: { state: Loaded<T>; children: (data: T) => ReactNode }) {
  if (state.problem) return <ProblemAlert problem={state.problem} />
  if (state.data === undefined)
    return (
      // the label sits on a live region: a bare span (Mantine's loader) may not carry aria-label
      <Center py="lg" role="status" aria-label="Loading" aria-busy="true">
        <Loader aria-hidden="true" />
      </Center>
    )
  return <>{children(state.data)}</>
}

/** Runs an action, keeping its problem and busy state for the form that started it. */
export function useAction() {
  const [problem, setProblem] = useState<Problem>()
  const [isBusy, setBusy] = useState(false)
  const run = useCallback(async <T,>(f: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true)
    setProblem(undefined)
    try {
      return await f()
    } catch (e) {
      setProblem(asProblem(e))
      return undefined
    } finally {
      setBusy(false)
    }
  }, [])
  return { problem, isBusy, run, clear: () => setProblem(undefined) }
}
