/** `chipnav keys create --role R | list | revoke <id>`: API keys for team mode (the key is printed once). */
import type { Command } from 'commander'
import { allPages } from '../../records/all-pages.js'
import { API_KEY_ROLES, type ApiKeyRole } from '../../records/records-store.js'
import { action, usageError } from '../run-command.js'
import { cliActor, openCliStore, openCliStoreToRead } from './store-config.js'

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('API keys for the HTTP API (stored hashed; a key is shown once)')

  keys
    .command('create')
    .description('Create an API key and print it once')
    .requiredOption('--role <role>', `one of ${API_KEY_ROLES.join(', ')}`)
    .option('--label <text>', 'what the key is for')
    .option('--json', 'print { "key": "..." }')
    .action(
      action(async (flags: { role: string; label?: string; json?: boolean }) => {
        if (!(API_KEY_ROLES as readonly string[]).includes(flags.role)) throw usageError(`--role must be one of ${API_KEY_ROLES.join(', ')}`, { issues: [{ path: '--role', message: `expected one of ${API_KEY_ROLES.join(', ')}` }] })
        const store = await openCliStore()
        try {
          const { key, apiKey } = await store.createApiKey({ role: flags.role as ApiKeyRole, ...(flags.label ? { label: flags.label } : {}), actor: cliActor() })
          if (flags.json) process.stdout.write(`${JSON.stringify({ key, id: apiKey.id, role: apiKey.role })}\n`)
          else process.stdout.write(`${key}\n\nAPI key ${apiKey.id} (${apiKey.role}). This is the only time the key is shown: store it now.\n`)
        } finally {
          await store.close()
        }
      }),
    )

  keys
    .command('list')
    .description('List API keys (never the keys themselves)')
    .option('--json', 'print JSON')
    .action(
      action(async (flags: { json?: boolean }) => {
        const store = await openCliStoreToRead()
        try {
          const all = (await allPages((o) => store.listApiKeys(o))).map(({ keyHash: _h, ...k }) => k)
          if (flags.json) process.stdout.write(`${JSON.stringify({ keys: all }, null, 2)}\n`)
          else for (const k of all) process.stdout.write(`${k.id}  ${k.role.padEnd(8)}  ${k.prefix}…  ${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}  ${k.label ?? ''}\n`)
        } finally {
          await store.close()
        }
      }),
    )

  keys
    .command('revoke <id>')
    .description('Revoke an API key')
    .option('--json', 'print the revoked key (without its secret) as JSON')
    .action(
      action(async (id: string, f: { json?: boolean }) => {
        const store = await openCliStore()
        try {
          const k = await store.revokeApiKey({ id, actor: cliActor() })
          const { keyHash: _h, ...shown } = k
          process.stdout.write(f.json ? `${JSON.stringify(shown, null, 2)}\n` : `revoked ${k.id} at ${k.revokedAt}\n`)
        } finally {
          await store.close()
        }
      }),
    )
}
