import { Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core'
import { useState } from 'react'
import { api, unwrap, type Schemas } from '../api/client'
import { ProblemAlert, useAction } from '../components/state'

export function SignIn({ onSignedIn }: { onSignedIn: (s: Schemas['Session']) => void }) {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const action = useAction()
  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    const s = await action.run(() => unwrap(api.POST('/v1/session', { body: { username, password } })))
    if (s) onSignedIn(s)
  }
  return (
    <Center mih="100vh" component="main">
      <Paper withBorder shadow="sm" p="xl" w={380}>
        <form onSubmit={submit} aria-labelledby="signin-title">
          <Stack>
            <Title order={1} size="h2" id="signin-title">
              chipnav
            </Title>
            <Text size="sm" c="dimmed">
              Sign in with the username and password your administrator gave you. No account yet, or locked out? Ask your administrator.
            </Text>
            <TextInput label="Username" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.currentTarget.value)} data-autofocus />
            <PasswordInput label="Password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
            {action.problem ? <ProblemAlert problem={action.problem} /> : null}
            <Button type="submit" loading={action.isBusy}>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  )
}
