/**
 * `chipnav users create --username U --role R` (the password from standard input: typed without echo at a
 * terminal, or piped) and `chipnav users list`: named users who sign in to the web UI (issue 12).
 */
import { createInterface } from 'node:readline'
import type { Command } from 'commander'
import { allPages } from '../../records/all-pages.js'
import { API_KEY_ROLES, type ApiKeyRole } from '../../records/records-store.js'
import { DEFAULT_HOST, DEFAULT_PORT, webUiUrl } from '../../server/listen-address.js'
import { checkPasswordStrength, hashPassword } from '../../server/passwords.js'
import { action, usageError } from '../run-command.js'
import { cliActor, openCliStore, openCliStoreToRead } from './store-config.js'

export function registerUsers(program: Command): void {
  const users = program.command('users').description('Named users of the web UI (passwords stored as scrypt hashes)')

  users
    .command('create')
    .description('Create a user; the password is read from standard input')
    .requiredOption('--username <name>', 'the login name (letters, digits, . _ -)')
    .requiredOption('--role <role>', `one of ${API_KEY_ROLES.join(', ')}`)
    .option('--json', 'print the user as JSON')
    .action(
      action(async (flags: { username: string; role: string; json?: boolean }) => {
        if (!(API_KEY_ROLES as readonly string[]).includes(flags.role)) throw usageError(`--role must be one of ${API_KEY_ROLES.join(', ')}`, { issues: [{ path: '--role', message: `expected one of ${API_KEY_ROLES.join(', ')}` }] })
        const password = await readPassword()
        checkPasswordStrength(password)
        const store = await openCliStore()
        try {
          const user = await store.createUser({ username: flags.username, role: flags.role as ApiKeyRole, passwordHash: await hashPassword(password), actor: cliActor() })
          if (flags.json) process.stdout.write(`${JSON.stringify(user)}\n`)
          else process.stdout.write(`created user ${user.username} (${user.role}), ${user.id}: sign in at the web UI: start it with chipnav serve (or npm start in a checkout), then open ${webUiUrl(process.env)} (from PORT and HOST here, default ${DEFAULT_HOST}:${DEFAULT_PORT}; chipnav serve --port/--host choose another)\n`)
        } finally {
          await store.close()
        }
      }),
    )

  users
    .command('list')
    .description('List the users')
    .option('--json', 'print JSON')
    .action(
      action(async (flags: { json?: boolean }) => {
        const store = await openCliStoreToRead()
        try {
          const all = await allPages((o) => store.listUsers(o))
          if (flags.json) process.stdout.write(`${JSON.stringify({ users: all }, null, 2)}\n`)
          else for (const u of all) process.stdout.write(`${u.id}  ${u.username.padEnd(20)}  ${u.role.padEnd(8)}  ${u.disabledAt ? `disabled ${u.disabledAt}` : 'active'}\n`)
        } finally {
          await store.close()
        }
      }),
    )
}

/** The first line of standard input; at a terminal, asked for twice without echo. */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = ''
    for await (const chunk of process.stdin) text += String(chunk)
    const line = text.split(/\r?\n/)[0] ?? ''
    if (line === '') throw usageError('no password on standard input', { issues: [{ path: 'password', message: 'expected the password as the first line of standard input' }] })
    return line
  }
  const first = await ask('Password: ')
  const second = await ask('Again: ')
  if (first !== second) throw usageError('the two passwords differ', { issues: [{ path: 'password', message: 'type the same password twice' }] })
  return first
}

function ask(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true })
    const out = rl as unknown as { _writeToOutput: (s: string) => void }
    process.stderr.write(prompt)
    out._writeToOutput = () => undefined
    rl.question('', (answer) => {
      rl.close()
      process.stderr.write('\n')
      resolve(answer)
    })
  })
}
