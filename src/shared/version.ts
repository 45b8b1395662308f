import { readFileSync } from 'node:fs'

/** The package's version, read from package.json (one level above both src/ and dist/). */
export const CHIPNAV_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version
