/**
 * Screening a name in Chinese characters through its Latin forms as well (han-latin-forms.ts, review finding F19):
 * each form is screened with the same options and its hits join the name's own, an entry keeping its best score.
 * A hit found only through a form says so (`matchedThrough`, an adjustment line and the summary): it is an inference
 * from a translation, reviewed like every hit. The forms never hide the name's own answer: a name the lists barely
 * hold keeps its NAME_SCRIPT_UNCOVERED notice (screener.ts).
 */
import { hanLatinForms, type HanLatinForm } from './han-latin-forms.js'
import type { ScreenQuery, ScreeningHit, ScreeningResult, ScreeningTop } from './screener-types.js'

const DEFAULT_LIMIT = 10

/** `screen` that also screens the Latin forms of a Chinese name; the same function for any other name. */
export function withHanLatinForms(screen: (q: ScreenQuery) => ScreeningResult): { screen: (q: ScreenQuery) => ScreeningResult; formsOf: (name: string) => HanLatinForm[] } {
  const formsOf = (name: string): HanLatinForm[] => (typeof name === 'string' ? hanLatinForms(name) : [])
  return {
    formsOf,
    screen(q) {
      const own = screen(q)
      const forms = formsOf(q.name)
      if (forms.length === 0) return own
      const best = new Map<string, ScreeningHit>()
      const keyOf = (h: ScreeningHit): string => `${h.source}\u0000${h.entryId}`
      for (const h of own.hits) best.set(keyOf(h), h)
      let considered = own.candidatesConsidered
      for (const form of forms) {
        const r = screen({ ...q, name: form.text })
        considered += r.candidatesConsidered
        for (const h of r.hits) {
          const had = best.get(keyOf(h))
          if (had === undefined || h.score > had.score) best.set(keyOf(h), via(h, q.name, form))
        }
      }
      const all = [...best.values()]
      const matches = all.filter((h) => h.isMatch).sort(byScore)
      const below = q.includeBelow ? all.filter((h) => !h.isMatch).sort(byScore).slice(0, Math.max(0, (q.limit ?? DEFAULT_LIMIT) - matches.length)) : []
      // the top-hit preference's note belongs to the hit it put first
      const hits = [...matches, ...below].map((h, i) => (i > 0 && h.shownFirstBecause ? withoutShownFirst(h) : h))
      return { ...own, hits, hitCount: matches.length, candidatesConsidered: considered }
    },
  }
}

/** The first hit of a result as `screenTop` gives it. */
export function topOf(r: ScreeningResult): ScreeningTop {
  const h = r.hits[0]
  if (h === undefined) return { threshold: r.threshold, hitCount: r.hitCount }
  return {
    threshold: r.threshold,
    hitCount: r.hitCount,
    top: { score: h.score, isMatch: h.isMatch, list: h.list, entryId: h.entryId, primaryName: h.primaryName, matchedName: h.matchedName, ...(h.isMatch && h.shownFirstBecause ? { shownFirstBecause: h.shownFirstBecause } : {}) },
  }
}

const byScore = (a: ScreeningHit, b: ScreeningHit): number => b.score - a.score

function withoutShownFirst(h: ScreeningHit): ScreeningHit {
  const { shownFirstBecause: _, ...rest } = h
  return rest
}

function via(h: ScreeningHit, name: string, form: HanLatinForm): ScreeningHit {
  const line = `matched through "${form.text}", a Latin form chipnav made of "${name}" (${form.how}): an inference from a translation, to be reviewed`
  return {
    ...withoutShownFirst(h),
    matchedThrough: { form: form.text, how: form.how },
    explanation: { ...h.explanation, adjustments: [...h.explanation.adjustments, { reason: line, delta: 0 }], summary: `Via pinyin/translation of "${name}" as "${form.text}": ${h.explanation.summary}` },
  }
}
