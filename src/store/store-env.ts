/**
 * The store's security settings from the environment, for the composition roots (server, CLI), which pass
 * their `env`: CHIPNAV_AUDIT_KEY (the audit chain's HMAC key, 64+ hex digits; unset: the key file
 * CHIPNAV_HOME/audit.key, created 0600 at the first start) and CHIPNAV_FOUR_EYES (`off`/`false`/`0` turns
 * the four-eyes rule off; it is on otherwise).
 */
import { AppError } from '../shared/errors.js'
import { parseAuditKey } from './audit-key.js'

export function storeSecurityFromEnv(env: NodeJS.ProcessEnv): { auditKey?: Uint8Array; fourEyes?: boolean } {
  const key = env.CHIPNAV_AUDIT_KEY?.trim()
  const four = env.CHIPNAV_FOUR_EYES?.trim().toLowerCase()
  if (four !== undefined && four !== '' && !['on', 'off', 'true', 'false', '1', '0'].includes(four)) {
    throw new AppError('VALIDATION_FAILED', { detail: `CHIPNAV_FOUR_EYES "${four}" is not on or off`, issues: [{ path: 'CHIPNAV_FOUR_EYES', message: 'expected on or off' }] })
  }
  return {
    ...(key ? { auditKey: parseAuditKey(key, 'CHIPNAV_AUDIT_KEY') } : {}),
    ...(four === 'off' || four === 'false' || four === '0' ? { fourEyes: false } : {}),
  }
}
