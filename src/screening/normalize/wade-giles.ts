/**
 * Wade-Giles → pinyin. Chinese names published before 1979, and Taiwanese names to this day, are
 * romanized in Wade-Giles ("Mao Tse-tung", "Chiang Ching-kuo", "Hsu"), the lists and most
 * databases in pinyin ("Mao Zedong", "Jiang Jingguo", "Xu"). The two systems spell the same
 * syllables differently: ts/tz → z, hs → x, ch → zh or (before i) j, k → g, t → d, p → b,
 * -ung → -ong, -ih → -i, -ieh → -ie, -ien → -ian, -uei → -ui, erh → er, o → e or uo.
 *
 * Wade-Giles marks aspiration with an apostrophe (t' = pinyin t, t = pinyin d) that is usually
 * dropped in practice (and by the normalizer), so readings are compared through `sinoKey`, which
 * merges each aspirated/unaspirated pair (b/p, d/t, g/k, z/c, zh/ch, j/q).
 *
 * Only a token that is one or two Wade-Giles syllables and NOT a run of pinyin syllables gets a
 * reading: "tung", "tse", "hsiao", "chiang", "ching" do; "chen", "chang", "kuo", "tan", "li" (valid
 * pinyin already, and common Western or Korean words) do not. The initial j (Wade-Giles for pinyin
 * r) is left out: "Jung", "Jen" are far more often German, Korean or English names.
 */

/** Every toneless pinyin syllable (from pinyin-pro's readings of the CJK Unified Ideographs, without the interjections m, ng). */
const PINYIN = new Set(
  (
    'a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen ceng cha chai ' +
    'chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da ' +
    'dai dan dang dao de den deng di dia dian diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen ' +
    'feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei ' +
    'hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai ' +
    'kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang ' +
    'liao lie lin ling liu long lou lu luan lun luo lv lve ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo ' +
    'mou mu na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nuo nv nve o ou pa pai pan ' +
    'pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran ' +
    'rang rao re ren reng ri rong rou ru ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shen sheng ' +
    'shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te teng ti tian tiao ' +
    'tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu ' +
    'xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan ' +
    'zhang zhao zhe zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo'
  ).split(' '),
)

const WG_INITIALS = ['ch', 'hs', 'ts', 'tz', 'ss', 'sz', 'sh', 'p', 't', 'k', 'm', 'f', 'n', 'l', 'h', 's', 'y', 'w', '']
const WG_FINALS = [
  'a', 'ai', 'an', 'ang', 'ao', 'e', 'eh', 'ei', 'en', 'eng', 'erh', 'i', 'ia', 'iang', 'iao', 'ieh', 'ien', 'ih', 'in', 'ing',
  'iu', 'iung', 'o', 'ou', 'u', 'ua', 'uai', 'uan', 'uang', 'uei', 'ueh', 'ui', 'un', 'ung', 'uo',
]
const FINAL_MAP: Record<string, string> = { ieh: 'ie', ien: 'ian', iung: 'iong', ung: 'ong', uei: 'ui', ueh: 'ue', erh: 'er', ih: 'i' }

function syllableReading(ini: string, fin: string): string | undefined {
  if (fin === 'erh' && ini !== '') return undefined
  if (fin === 'ih' && ini !== 'ch' && ini !== 'sh') return undefined
  if (fin === 'eh' && ini !== 'y') return undefined
  if ((ini === 'tz' || ini === 'ss' || ini === 'sz') && fin !== 'u') return undefined // only in tzŭ, ssŭ
  let py: string
  switch (ini) {
    case 'p': py = 'b'; break
    case 't': py = 'd'; break
    case 'k': py = 'g'; break
    case 'ts': case 'tz': py = 'z'; break
    case 'ss': case 'sz': py = 's'; break
    case 'hs': py = 'x'; break
    case 'ch': py = fin.startsWith('i') && fin !== 'ih' ? 'j' : 'zh'; break
    default: py = ini
  }
  let f = FINAL_MAP[fin] ?? fin
  if (fin === 'u' && (ini === 'tz' || ini === 'ss' || ini === 'sz')) f = 'i' // tzu → zi, ssu → si
  else if (fin === 'o') f = ini === 'k' || ini === 'h' || ini === '' ? 'e' : ini === 'p' || ini === 'm' || ini === 'f' || ini === 'w' || ini === 'y' ? 'o' : 'uo'
  else if (ini === 'y' && fin === 'en') f = 'an' // yen → yan
  else if (ini === 'y' && fin === 'eh') f = 'e' // yeh → ye
  const out = py + f
  return PINYIN.has(out) ? out : undefined
}

/** Wade-Giles syllable (apostrophes dropped) → its pinyin reading (aspiration taken as unaspirated). */
const WADE_GILES: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>()
  for (const ini of WG_INITIALS) {
    for (const fin of WG_FINALS) {
      const r = syllableReading(ini, fin)
      if (r !== undefined && !m.has(ini + fin)) m.set(ini + fin, r)
    }
  }
  return m
})()

/** a Wade-Giles name writes one or two syllables per word ("Mao Tse-tung", "Tsetung"); longer runs are Western words */
const MAX_SYLLABLES = 2
/**
 * Letters only, none that Wade-Giles never writes (b d j q v x; j left out on purpose, see above), c only
 * in ch, g only in ng, z only in tz and sz, r only in erh. A loop, as this runs for every word indexed.
 */
function mayBeWadeGiles(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 97 || c > 122) return false
    switch (c) {
      case 98: case 100: case 106: case 113: case 118: case 120: // b d j q v x
        return false
      case 99: // c
        if (codeAt(s, i + 1) !== 104) return false
        break
      case 103: // g
        if (codeAt(s, i - 1) !== 110) return false
        break
      case 122: { // z
        const p = codeAt(s, i - 1)
        if (p !== 116 && p !== 115) return false
        break
      }
      case 114: // r
        if (codeAt(s, i + 1) !== 104) return false
        break
    }
  }
  return true
}

/**
 * the letter at i, or -1 outside the string (where charCodeAt gives NaN: optimised code reading past a
 * string's end is thrown away and compiled again)
 */
function codeAt(s: string, i: number): number {
  return i >= 0 && i < s.length ? s.charCodeAt(i) : -1
}

/** Can `s` be cut into 1–4 pinyin syllables (vowel-initial ones only first, as pinyin writes an apostrophe before them)? */
function isPinyin(s: string, from: number, left: number): boolean {
  if (from === s.length) return true
  if (left === 0) return false
  for (let end = Math.min(s.length, from + 6); end > from; end--) {
    const syl = s.slice(from, end)
    if (from > 0 && /^[aeo]/.test(syl)) continue
    if (PINYIN.has(syl) && isPinyin(s, end, left - 1)) return true
  }
  return false
}

function wadeGiles(s: string, from: number, left: number): string | undefined {
  if (from === s.length) return ''
  if (left === 0) return undefined
  for (let end = Math.min(s.length, from + 6); end > from; end--) {
    const r = WADE_GILES.get(s.slice(from, end))
    if (r === undefined || (from > 0 && /^[aeo]/.test(s.slice(from, end)))) continue
    const rest = wadeGiles(s, end, left - 1)
    if (rest !== undefined) return r + rest
  }
  return undefined
}

/**
 * The `sinoKey` of the pinyin reading of a token written in Wade-Giles, or undefined when the
 * token is not Wade-Giles or is valid pinyin already ("tsetung" → key of "zedong").
 */
export function wadeGilesKey(token: string): string | undefined {
  if (token.length < 2 || token.length > 12 || !mayBeWadeGiles(token)) return undefined
  const cached = keyCache.get(token)
  if (cached !== undefined) return cached === '' ? undefined : cached
  let key: string | undefined
  if (!isPinyin(token, 0, 4)) {
    const reading = wadeGiles(token, 0, MAX_SYLLABLES)
    if (reading !== undefined) key = sinoKey(reading)
  }
  if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear()
  keyCache.set(token, key ?? '')
  return key
}

/** the index normalizes every list name: words repeat, so keys are remembered ('' for none) */
const keyCache = new Map<string, string>()
const KEY_CACHE_MAX = 100_000

/**
 * A pinyin spelling with each aspirated/unaspirated initial pair merged (p/b → b, t/d → d, k/g → g,
 * c/z → z, ch/zh → Z, q/j → j), which Wade-Giles without apostrophes cannot tell apart.
 */
export function sinoKey(s: string): string {
  let out = ''
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!
    if ((c === 'z' || c === 'c') && s[i + 1] === 'h') {
      out += 'Z'
      i++
    } else if (c === 'c') out += 'z'
    else if (c === 'q') out += 'j'
    else if (c === 'p') out += 'b'
    else if (c === 't') out += 'd'
    else if (c === 'k') out += 'g'
    else out += c
  }
  return out
}
