/**
 * `chipnav serve [--port 8080] [--host 127.0.0.1]`: the HTTP API. src/server/main.ts does the work; it
 * is imported only when the command runs, so other commands do not load the server.
 */
import type { Command } from 'commander'
import { action } from '../run-command.js'

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Serve the HTTP API (SQLite under CHIPNAV_HOME, or PostgreSQL with CHIPNAV_DATABASE_URL)')
    .option('--port <port>', 'the port to listen on (default: PORT or 8080)')
    .option('--host <host>', 'the address to listen on (default: HOST or 127.0.0.1)')
    .action(
      action(async (opts: { port?: string; host?: string }) => {
        const { configFromEnv, parsePort, runServer } = await import('../../server/main.js')
        const config = configFromEnv(process.env, {
          ...(opts.port !== undefined ? { port: parsePort(opts.port, '--port') } : {}),
          ...(opts.host !== undefined ? { host: opts.host } : {}),
        })
        await runServer(config)
      }),
    )
}
