/**
 * The Mantine theme, with colours dark enough for WCAG AA contrast (axe checks every page in the browser
 * tests): filled variants on the darkest shade (black text on the lighter hues), light and subtle
 * variants with dark text.
 */
import { Anchor, Badge, createTheme, defaultVariantColorsResolver, type CSSVariablesResolver, type VariantColorsResolver } from '@mantine/core'

const DARK_ENOUGH = new Set(['red', 'indigo', 'gray', 'dark', 'blue', 'violet', 'grape', 'pink'])

const variantColorResolver: VariantColorsResolver = (input) => {
  const r = defaultVariantColorsResolver(input)
  const c = (input.color ?? input.theme.primaryColor).split('.')[0] ?? 'indigo'
  if (!(c in input.theme.colors)) return r
  if (input.variant === 'filled') return { ...r, background: `var(--mantine-color-${c}-9)`, hover: `var(--mantine-color-${c}-8)`, color: DARK_ENOUGH.has(c) ? 'var(--mantine-color-white)' : 'var(--mantine-color-black)' }
  if (input.variant === 'light' || input.variant === 'subtle' || input.variant === 'outline') return { ...r, color: DARK_ENOUGH.has(c) ? `var(--mantine-color-${c}-9)` : 'var(--mantine-color-black)' }
  return r
}

// links inside text are underlined (not told apart by colour alone); a badge (a verdict, a status) is never cut to
// "LICENSE_RE…" by a narrow table column: it keeps the width of its whole label
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: 8,
  defaultRadius: 'sm',
  variantColorResolver,
  components: { Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }), Badge: Badge.extend({ styles: { root: { minWidth: 'max-content' } } }) },
})
export const cssVariablesResolver: CSSVariablesResolver = () => ({ variables: {}, light: { '--mantine-color-dimmed': '#495057', '--mantine-color-placeholder': '#6c737a' }, dark: {} })
