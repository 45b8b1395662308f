/** The public screening API: build a screener from list entries, screen names, score name pairs. */
export {
  buildScreener,
  scoreNames,
  DEFAULT_THRESHOLD,
  COUNTRY_MATCH_BOOST,
  COUNTRY_MISMATCH_PENALTY,
  type BuildScreenerOptions,
  type NameScore,
  type ScoreAdjustment,
  type ScoreNamesOptions,
  type ScreenQuery,
  type Screener,
  type ScreeningHit,
  type ScreeningResult,
  type TokenAlignment,
} from './screener.js'
export { normalizeName, type NameToken, type NormalizedName, type TokenKind } from './normalize/normalize-name.js'
export { toCountryCode } from './index/country-codes.js'
export type * from './model.js'
