/** Admin: named users, API keys, and the restricted-party lists (status, and importing official files). */
import { Alert, Badge, Button, Card, Checkbox, Code, Group, PasswordInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { useState } from 'react'
import { api, unwrap } from '../api/client'
import { when } from '../components/format'
import { Actor } from '../components/Actor'
import { Empty, Loadable, ProblemAlert, useAction, useLoad } from '../components/state'
import { useCan } from '../session'

const ROLES = ['viewer', 'analyst', 'approver', 'admin'] as const
type Role = (typeof ROLES)[number]

export function Admin() {
  const isAdmin = useCan('admin')
  return (
    <Stack>
      <Title order={1} size="h2">
        Admin
      </Title>
      <ListsStatus />
      {isAdmin ? (
        <>
          <Users />
          <Keys />
        </>
      ) : (
        <Empty>Users and API keys are managed by an admin.</Empty>
      )}
    </Stack>
  )
}

function ListsStatus() {
  const state = useLoad(() => unwrap(api.GET('/v1/lists')), [])
  const isAdmin = useCan('admin')
  return (
    <Card withBorder>
      <Title order={2} size="h4">
        Restricted-party lists
      </Title>
      <Loadable state={state}>
        {(d) =>
          d.snapshots.length === 0 ? (
            <Empty>
              No list is imported. Import the official files below (admin), or with <Code>npx chipnav lists import …</Code> (see the README).
            </Empty>
          ) : (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Source</Table.Th>
                  <Table.Th>List date</Table.Th>
                  <Table.Th>Imported</Table.Th>
                  <Table.Th>Rows</Table.Th>
                  <Table.Th>sha256</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.snapshots.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>{s.source}</Table.Td>
                    <Table.Td>{s.listDate ?? '–'}</Table.Td>
                    <Table.Td>{when(s.importedAt)}</Table.Td>
                    <Table.Td>{s.totalRows.toLocaleString('en-US')}</Table.Td>
                    <Table.Td>
                      <Code>{s.sha256.slice(0, 16)}…</Code>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </Loadable>
      {isAdmin ? <ImportLists onImported={state.reload} /> : null}
    </Card>
  )
}

/** The file's bytes as base64 (what POST /v1/lists/import takes), read by the browser without copying it as text. */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''))
    reader.onerror = () => reject(new Error(`could not read ${file.name}`))
    reader.readAsDataURL(file)
  })
}

/**
 * Import official list files (consolidated.csv, sdn.csv with add.csv and alt.csv, dpl.txt, the UN XML, …): the
 * server validates every file before it swaps the snapshots, and screens with the new ones at once.
 */
function ImportLists({ onImported }: { onImported: () => void }) {
  const [files, setFiles] = useState<File[]>([])
  const [isForced, setForced] = useState(false)
  const [done, setDone] = useState<string>()
  const action = useAction()
  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    setDone(undefined)
    const r = await action.run(async () => {
      const body = { files: await Promise.all(files.map(async (f) => ({ name: f.name, contentBase64: await readBase64(f) }))), ...(isForced ? { force: true } : {}) }
      return unwrap(api.POST('/v1/lists/import', { body }))
    })
    if (r) {
      setDone(r.imported.map((s) => `${s.source} (${s.totalRows.toLocaleString('en-US')} rows${s.listDate ? `, dated ${s.listDate}` : ''})`).join('; '))
      setFiles([])
      onImported()
    }
  }
  return (
    <form onSubmit={submit} aria-label="Import list files">
      <Stack gap="xs" mt="md">
        <Title order={3} size="h5">
          Import list files
        </Title>
        <Text size="sm" c="dimmed">
          The official files as published (for OFAC's SDN list, sdn.csv with add.csv and alt.csv together). Every file is checked before the active snapshots are replaced.
        </Text>
        <input type="file" multiple aria-label="Choose list files" onChange={(e) => setFiles([...(e.currentTarget.files ?? [])])} />
        <Checkbox label="Import even if a list has far fewer rows than the active snapshot" checked={isForced} onChange={(e) => setForced(e.currentTarget.checked)} />
        {action.problem ? <ProblemAlert problem={action.problem} /> : null}
        {done ? <Alert color="green" title="Imported">{done}</Alert> : null}
        <Group>
          <Button type="submit" disabled={files.length === 0} loading={action.isBusy}>
            Import {files.length ? `${files.length} file${files.length > 1 ? 's' : ''}` : ''}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

function Users() {
  const state = useLoad(() => unwrap(api.GET('/v1/users', { params: { query: { limit: 500 } } })), [])
  const [username, setUsername] = useState('')
  const [role, setRole] = useState<Role>('analyst')
  const [password, setPassword] = useState('')
  const action = useAction()
  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    const r = await action.run(() => unwrap(api.POST('/v1/users', { body: { username, role, password } })))
    if (r) {
      setUsername('')
      setPassword('')
      state.reload()
    }
  }
  return (
    <Card withBorder>
      <Stack>
        <Title order={2} size="h4">
          Users
        </Title>
        <Loadable state={state}>
          {(d) => (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Username</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Created</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.items.map((u) => (
                  <Table.Tr key={u.id}>
                    <Table.Td>{u.username}</Table.Td>
                    <Table.Td>{u.role}</Table.Td>
                    <Table.Td>
                      {when(u.createdAt)} by <Actor actor={u.createdBy} label={u.createdByLabel} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Loadable>
        <form onSubmit={submit} aria-label="Create a user">
          <Group align="flex-end">
            <TextInput label="Username" required value={username} onChange={(e) => setUsername(e.currentTarget.value)} />
            <Select label="Role" data={[...ROLES]} value={role} onChange={(v) => setRole((v ?? 'viewer') as Role)} allowDeselect={false} />
            <PasswordInput label="Password (10+ characters)" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="new-password" />
            <Button type="submit" loading={action.isBusy}>
              Create user
            </Button>
          </Group>
          {action.problem ? <ProblemAlert problem={action.problem} /> : null}
        </form>
      </Stack>
    </Card>
  )
}

function Keys() {
  const state = useLoad(() => unwrap(api.GET('/v1/keys', { params: { query: { limit: 500 } } })), [])
  const [role, setRole] = useState<Role>('analyst')
  const [label, setLabel] = useState('')
  const [created, setCreated] = useState<string>()
  const action = useAction()
  const create = async (e: React.FormEvent) => {
    e.preventDefault()
    const r = await action.run(() => unwrap(api.POST('/v1/keys', { body: { role, ...(label.trim() ? { label: label.trim() } : {}) } })))
    if (r) {
      setCreated(r.key)
      state.reload()
    }
  }
  const revoke = async (id: string) => {
    if (await action.run(() => unwrap(api.DELETE('/v1/keys/{id}', { params: { path: { id } } })))) state.reload()
  }
  return (
    <Card withBorder>
      <Stack>
        <Title order={2} size="h4">
          API keys (for machines)
        </Title>
        {created ? (
          <Alert color="yellow" title="The new key, shown this once">
            <Code>{created}</Code>
          </Alert>
        ) : null}
        <Loadable state={state}>
          {(d) => (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Key</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Label</Table.Th>
                  <Table.Th>Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.items.map((k) => (
                  <Table.Tr key={k.id}>
                    <Table.Td>
                      <Code>{k.prefix}…</Code>
                    </Table.Td>
                    <Table.Td>{k.role}</Table.Td>
                    <Table.Td>{k.label ?? ''}</Table.Td>
                    <Table.Td>
                      {k.revokedAt ? (
                        <Badge color="gray">revoked {k.revokedAt.slice(0, 10)}</Badge>
                      ) : (
                        <Button size="xs" variant="subtle" color="red" onClick={() => void revoke(k.id)}>
                          Revoke
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Loadable>
        <form onSubmit={create} aria-label="Create an API key">
          <Group align="flex-end">
            <Select label="Role" data={[...ROLES]} value={role} onChange={(v) => setRole((v ?? 'viewer') as Role)} allowDeselect={false} />
            <TextInput label="Label" value={label} onChange={(e) => setLabel(e.currentTarget.value)} />
            <Button type="submit" loading={action.isBusy}>
              Create key
            </Button>
          </Group>
        </form>
        {action.problem ? <ProblemAlert problem={action.problem} /> : null}
        <Text size="xs" c="dimmed">
          Keys are stored hashed; a key is shown once.
        </Text>
      </Stack>
    </Card>
  )
}
