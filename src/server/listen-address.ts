/**
 * Where the server listens by default, and the web UI's address from the same environment (PORT, HOST) the server
 * reads, for the CLI to print (`chipnav users create`) without loading the server.
 */
export const DEFAULT_PORT = 8080
export const DEFAULT_HOST = '127.0.0.1'

/** The address `chipnav serve` (or `npm start`) listens on with this environment and no --port/--host. */
export function webUiUrl(env: NodeJS.ProcessEnv): string {
  const nonEmpty = (v: string | undefined) => (v !== undefined && v.trim() !== '' ? v.trim() : undefined)
  const port = nonEmpty(env.PORT) ?? String(DEFAULT_PORT)
  const host = nonEmpty(env.HOST) ?? DEFAULT_HOST
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host
  return `http://${shown}:${port}/`
}
