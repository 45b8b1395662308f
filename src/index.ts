/**
 * chipnav's library API, kept small on purpose: load the rules, classify, determine, score two names,
 * and find the data folder. Everything else is reached through the CLI or the HTTP API.
 */
export { loadRules, type Rules, type LoadRulesOptions } from './rules/load-rules.js'
export { classifyCatalogueItem, classifyItem, type ClassificationResult, type ClassifyOptions } from './classification/classify-item.js'
export { parseItemSpec } from './classification/parse-item-spec.js'
export { determine, type DetermineOptions } from './determination/determine.js'
export type { DeterminationResult } from './determination/types.js'
export { scoreNames } from './screening/screener.js'
export { resolveChipnavHome, type ChipnavHome } from './shared/chipnav-home.js'
/** dates are `IsoDate` (a branded YYYY-MM-DD string): `isIsoDate(s)` checks one and narrows its type */
export { isIsoDate, type IsoDate } from './shared/iso-date.js'
