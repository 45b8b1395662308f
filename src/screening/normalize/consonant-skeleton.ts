/**
 * A consonant skeleton: how a name is written in scripts that omit short vowels (Arabic, Hebrew,
 * Indic, Thai…). Used to compare "mhmd" (any-ascii of محمد) with "mohamed": both give "mhmd".
 *
 * Rules: letters only; ph→f, v→f, p→b, q→k, c→k, z→s, x→ks; vowels and the semivowels w, y
 * dropped (they double as long vowels in abjads); repeated letters collapsed.
 */
export function consonantSkeleton(token: string): string {
  let out = ''
  let prev = ''
  for (let i = 0; i < token.length; i++) {
    let c = token[i]!
    if (c < 'a' || c > 'z') continue
    if (c === 'p' && token[i + 1] === 'h') {
      c = 'f'
      i++
    } else if (c === 'v') c = 'f'
    else if (c === 'p') c = 'b'
    else if (c === 'q' || c === 'c') c = 'k'
    else if (c === 'z') c = 's'
    else if (c === 'x') {
      if (prev !== 'k') out += 'k'
      c = 's'
    } else if (c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || c === 'w' || c === 'y') continue
    if (c === prev) continue
    out += c
    prev = c
  }
  return out
}
