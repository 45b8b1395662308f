/** The shell: sign-in when there is no session, else the navigation and the page of the route. */
import { AppShell, Burger, Button, Group, NavLink, ScrollArea, Text, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { useCallback, useEffect, useState, type ReactNode } from 'react'
import { api, setCsrfToken, unwrap, whenUnauthenticated, type Schemas } from './api/client'
import { Loadable, useLoad } from './components/state'
import { useRoute } from './router'
import { SessionContext } from './session'
import { SignIn } from './pages/SignIn'
import { Dashboard } from './pages/Dashboard'
import { Check } from './pages/Check'
import { Screening } from './pages/Screening'
import { Chips } from './pages/Chips'
import { Parties } from './pages/Parties'
import { Transactions, TransactionDetail } from './pages/Transactions'
import { Licences } from './pages/Licences'
import { Documents } from './pages/Documents'
import { Audit } from './pages/Audit'
import { Rules } from './pages/Rules'
import { Admin } from './pages/Admin'
import { Access } from './pages/Access'
import { Deployments, DeploymentDetail } from './pages/Deployments'
import { TechAccess } from './pages/TechAccess'

const PAGES: { path: string; label: string }[] = [
  { path: '', label: 'Dashboard' },
  { path: 'check', label: 'Check a transaction' },
  { path: 'access', label: 'Check access' },
  { path: 'screening', label: 'Screening' },
  { path: 'chips', label: 'Chips' },
  { path: 'parties', label: 'Parties' },
  { path: 'transactions', label: 'Transactions' },
  { path: 'licences', label: 'Licences' },
  { path: 'documents', label: 'Documents' },
  { path: 'deployments', label: 'Deployments' },
  { path: 'tech-access', label: 'Tech access' },
  { path: 'audit', label: 'Audit' },
  { path: 'rules', label: 'Rules' },
  { path: 'admin', label: 'Admin' },
]

function page(route: string[]): ReactNode {
  const [first, id] = route
  switch (first ?? '') {
    case '':
      return <Dashboard />
    case 'check':
      return <Check />
    case 'access':
      return <Access />
    case 'deployments':
      return id ? <DeploymentDetail id={id} /> : <Deployments />
    case 'tech-access':
      return <TechAccess />
    case 'screening':
      return <Screening />
    case 'chips':
      return <Chips />
    case 'parties':
      return <Parties />
    case 'transactions':
      return id ? <TransactionDetail id={id} /> : <Transactions />
    case 'licences':
      return <Licences />
    case 'documents':
      return <Documents />
    case 'audit':
      return <Audit />
    case 'rules':
      return <Rules />
    case 'admin':
      return <Admin />
    default:
      return <Text>No page here. Pick one from the menu.</Text>
  }
}

export function App() {
  const [session, setSession] = useState<Schemas['Session'] | null>()
  const state = useLoad(
    () =>
      api.GET('/v1/session').then((r) => {
        const s = r.data?.session ?? null
        setSession(s)
        return s
      }),
    [],
  )
  useEffect(() => setCsrfToken(session?.csrfToken), [session])
  useEffect(() => whenUnauthenticated(() => setSession(null)), [])
  const signOut = useCallback(() => {
    void unwrap(api.DELETE('/v1/session')).finally(() => setSession(null))
  }, [])
  return (
    <Loadable state={state}>
      {() =>
        session ? (
          <SessionContext.Provider value={{ session, signOut }}>
            <Shell />
          </SessionContext.Provider>
        ) : (
          <SignIn
            onSignedIn={(s) => {
              setCsrfToken(s.csrfToken)
              setSession(s)
            }}
          />
        )
      }
    </Loadable>
  )
}

function Shell() {
  const route = useRoute()
  const [opened, { toggle }] = useDisclosure()
  return (
    <SessionContext.Consumer>
      {(ctx) => (
        <AppShell header={{ height: 52 }} navbar={{ width: 210, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
          <AppShell.Header>
            <Group h="100%" px="md" justify="space-between">
              <Group>
                <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
                <Title order={2} size="h4">
                  chipnav
                </Title>
              </Group>
              <Group gap="xs">
                <Text size="sm">
                  {ctx?.session.username} ({ctx?.session.role})
                </Text>
                <Button variant="default" size="xs" component="a" href="/docs" target="_blank">
                  API docs
                </Button>
                <Button variant="light" size="xs" onClick={ctx?.signOut}>
                  Sign out
                </Button>
              </Group>
            </Group>
          </AppShell.Header>
          <AppShell.Navbar p="xs" aria-label="Pages">
            <ScrollArea>
              {PAGES.map((p) => (
                <NavLink key={p.path} variant="filled" href={`#/${p.path}`} label={p.label} active={(route[0] ?? '') === p.path} aria-current={(route[0] ?? '') === p.path ? 'page' : undefined} />
              ))}
            </ScrollArea>
          </AppShell.Navbar>
          <AppShell.Main>{page(route)}</AppShell.Main>
        </AppShell>
      )}
    </SessionContext.Consumer>
  )
}
