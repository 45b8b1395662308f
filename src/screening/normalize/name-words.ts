/**
 * Small word classes the matcher treats specially. Each is general linguistic knowledge, not a
 * list of particular sanctioned names.
 */

/** Name particles ("son of", articles, nobiliary particles): weak tokens. */
export const PARTICLES: ReadonlySet<string> = new Set([
  'al', 'el', 'al', 'bin', 'ibn', 'ben', 'bint', 'binti', 'bte', 'bt', 'ould', 'ag',
  'de', 'del', 'della', 'der', 'den', 'des', 'di', 'da', 'das', 'dos', 'do', 'du', 'la', 'le', 'lo',
  'van', 'von', 'ter', 'ten', 'zu', 'y', 'e', 'ul', 'ur', 'ud', 'us', 'na', 'ap', 'mac', 'st',
])

/** Honorifics and titles: ignored when unmatched. */
export const TITLES: ReadonlySet<string> = new Set([
  'mr', 'mrs', 'ms', 'miss', 'mister', 'dr', 'prof', 'professor', 'sir', 'dame', 'lord', 'lady',
  'sheikh', 'shaikh', 'shaykh', 'sheik', 'haji', 'hajji', 'alhaji', 'alhaj', 'mullah', 'mulla', 'maulana',
  'maulvi', 'mawlawi', 'mawlana', 'qari', 'imam', 'sayyidna', 'gen', 'general', 'col', 'colonel', 'capt',
  'captain', 'lt', 'maj', 'major', 'adm', 'admiral', 'hon', 'rev', 'father', 'jr', 'sr', 'iii',
])

/** Function words in organisation names. */
export const STOPWORDS: ReadonlySet<string> = new Set([
  'of', 'the', 'and', 'for', 'in', 'at', 'on', 'by', 'to', 'a', 'an', 'et', 'und', 'und', 'fur', 'pour',
  'i', 'im', 'der', 'die', 'das', 'les', 'los', 'las', 'el', 'il', 'po', 'imeni', 'im',
])

const UNITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen']
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 }
const ORDINALS = ['zeroth', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth']

/** English number words (cardinal and ordinal) → value; tens are returned separately so "forty four" → 44. */
export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ...UNITS.map((w, i) => [w, i] as const),
  ...ORDINALS.map((w, i) => [w, i] as const),
])
export const TENS_WORDS: ReadonlyMap<string, number> = new Map(Object.entries(TENS))

/** Roman numerals from 2 to 20 (a lone "i" or "v" is more often an initial). */
export const ROMAN_NUMERALS: ReadonlyMap<string, number> = new Map(
  ['ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x', 'xi', 'xii', 'xiii', 'xiv', 'xv', 'xvi', 'xvii', 'xviii', 'xix', 'xx']
    .map((r, i) => [r, i + 2] as const)
    .filter(([r]) => r.length >= 2),
)

/** "1st", "2nd", "3rd", "4th" → number */
export const ORDINAL_SUFFIX = /^(\d+)(st|nd|rd|th)$/

/**
 * Common romanization variants of the same given name or name element, one group per line, the
 * first spelling is the group key. Transliteration systems (Arabic, Russian, Korean) and
 * English nicknames. Kept small; fuzzy token similarity handles the rest.
 */
const VARIANT_GROUPS: ReadonlyArray<readonly string[]> = [
  ['muhammad', 'mohammed', 'mohammad', 'mohamed', 'mohamad', 'muhammed', 'mohamud', 'mohamood', 'mohd', 'muhamad', 'mahomed', 'mehmet', 'mehmed', 'muhamed', 'mokhammad', 'magomed'],
  ['usama', 'osama', 'ousama', 'oussama'],
  ['ahmad', 'ahmed', 'ahmet', 'achmed', 'akhmad', 'akhmed'],
  ['husayn', 'hussein', 'husein', 'hussain', 'husain', 'hossein', 'hosein', 'huseyin'],
  ['hasan', 'hassan', 'hasson'],
  ['abd', 'abdul', 'abdel', 'abdol', 'abdal'],
  ['abdullah', 'abdallah', 'abdulla', 'abdalla', 'abdellah'],
  ['yusuf', 'yousef', 'youssef', 'yousuf', 'yusef', 'usuf', 'yussuf'],
  ['umar', 'omar', 'omer'],
  ['uthman', 'othman', 'osman', 'usman', 'osmane'],
  ['mahmud', 'mahmoud', 'mahmood', 'makhmud'],
  ['mustafa', 'mostafa', 'moustafa', 'mustapha', 'mustafah'],
  ['ibrahim', 'ebrahim', 'ibragim', 'brahim'],
  ['said', 'saeed', 'saiid', 'sayed', 'sayyid', 'sayid', 'seyed', 'seyyed', 'syed'],
  ['khalid', 'khaled', 'haled'],
  ['yahya', 'yahia', 'yehia', 'yahyah'],
  ['ali', 'aly'],
  ['abu', 'abou', 'abo'],
  ['qaida', 'qaeda', 'qaidah'],
  ['laden', 'ladin'],
  ['jamal', 'gamal'],
  ['abdulrahman', 'abdurrahman', 'abdelrahman', 'abdalrahman'],
  ['musa', 'moussa', 'mousa', 'moosa'],
  ['isa', 'issa', 'eisa'],
  ['yunus', 'younis', 'younes', 'yunis', 'younus'],
  ['yaqub', 'yacoub', 'yakub', 'yaqoub', 'yakoub', 'yaqoob'],
  ['ayyub', 'ayoub', 'ayub', 'ayoob'],
  ['sulayman', 'suleiman', 'sulaiman', 'soliman', 'suleyman', 'sleiman', 'sulejman'],
  ['tariq', 'tarek', 'tareq', 'tarik'],
  ['qasim', 'qassim', 'kasim', 'kassem', 'qasem', 'kacem', 'qassem'],
  ['jafar', 'jaafar', 'djafar', 'jafer'],
  ['ziyad', 'ziad', 'zyad'],
  ['fuad', 'fouad'],
  ['ubayd', 'ubaid', 'obaid', 'obeid', 'ubeid'],
  ['uday', 'udai', 'oday', 'odai'],
  ['nasir', 'nasser', 'naser', 'nassir'],
  ['mansur', 'mansour', 'mansoor'],
  ['rashid', 'rasheed', 'rachid', 'rashed'],
  ['bashir', 'basheer', 'bachir'],
  ['zayd', 'zaid', 'zeid'],
  ['ismail', 'ismael', 'esmail', 'ismayil'],
  ['sharif', 'shareef', 'cherif', 'sherif'],
  ['aleksandr', 'alexander', 'aleksander', 'alexandr', 'oleksandr', 'olexandr', 'alexandre', 'alexandros', 'aleksandar'],
  ['sergei', 'sergey', 'sergej', 'serguei', 'serhii', 'serhiy', 'sergii', 'sergiy'],
  ['dmitri', 'dmitry', 'dmitriy', 'dmytro', 'dimitri', 'dimitry'],
  ['yevgeny', 'evgeny', 'evgeniy', 'yevgeniy', 'evgenii', 'yevhen'],
  ['yuri', 'yury', 'yuriy', 'iurii', 'yurii', 'jurij'],
  ['nikolai', 'nikolay', 'mykola', 'nicolai', 'nikolaj', 'nikolaos'],
  ['andrei', 'andrey', 'andriy', 'andrii', 'andrej'],
  ['alexei', 'aleksei', 'alexey', 'aleksey', 'oleksiy', 'oleksii', 'aleksej'],
  ['vladimir', 'volodymyr', 'wladimir', 'wolodymyr', 'uladzimir'],
  ['mikhail', 'mykhailo', 'mihail', 'mikhael'],
  ['pavel', 'pavlo'],
  ['grigory', 'grigoriy', 'hryhoriy', 'grigori'],
  ['anatoly', 'anatoliy', 'anatolii'],
  ['vitaly', 'vitaliy', 'vitalii'],
  ['valery', 'valeriy', 'valerii'],
  ['arkady', 'arkadiy', 'arkadii'],
  // Korean surnames: the same surname only where a surname stands (SURNAME_VARIANT_KEYS)
  ['kim', 'gim'],
  ['lee', 'yi', 'ri', 'rhee', 'li', 'rí'],
  ['park', 'pak', 'bak', 'bag'],
  ['choe', 'choi'],
  ['jong', 'jeong', 'jung', 'chong', 'chung'],
  ['un', 'eun'],
  ['song', 'seong', 'sung'],
]

/**
 * Nicknames and the same given name in other languages: a weaker equivalence than a
 * transliteration variant (scored lower), first spelling is the group key.
 */
const NICKNAME_GROUPS: ReadonlyArray<readonly string[]> = [
  // English hypocoristics (and, as before, a few same names in other European languages)
  ['theodore', 'ted', 'teddy'],
  ['william', 'bill', 'billy', 'will', 'willy'],
  ['robert', 'bob', 'bobby', 'rob', 'robbie'],
  ['richard', 'dick', 'rick', 'richie'],
  ['james', 'jim', 'jimmy', 'jamie'],
  ['john', 'johnny', 'jon', 'juan', 'johann', 'johannes', 'ivan', 'jean', 'giovanni', 'joao', 'vanya'],
  ['joseph', 'joe', 'joey', 'jose', 'giuseppe', 'josef'],
  ['michael', 'mike', 'mick', 'michel', 'miguel', 'michele'],
  ['peter', 'pete', 'pierre', 'pedro', 'pyotr', 'petr', 'petro'],
  ['george', 'georgy', 'georgiy', 'jorge', 'georges', 'giorgi'],
  ['benjamin', 'ben', 'benny', 'bibi'],
  ['elizabeth', 'liz', 'beth', 'betty', 'betsy', 'libby'],
  ['katherine', 'catherine', 'kathryn', 'kate', 'katie', 'kathy', 'cathy', 'ekaterina', 'yekaterina', 'katerina', 'katya'],
  ['paul', 'pavel', 'pablo', 'paolo', 'pasha'],
  ['alexander', 'alex', 'sasha', 'alejandro', 'alessandro'],
  ['eugene', 'yevgeny', 'evgeny', 'yevgeniy', 'evgeniy', 'evgenii', 'yevhen', 'zhenya'],
  ['thomas', 'tom', 'tommy'],
  ['david', 'dave', 'davey'],
  ['daniel', 'dan', 'danny'],
  ['christopher', 'chris'],
  ['stephen', 'steven', 'steve'],
  ['anthony', 'tony'],
  ['andrew', 'andy'],
  ['edward', 'ed', 'eddie', 'ned'],
  ['frederick', 'fred', 'freddie', 'freddy'],
  ['henry', 'harry', 'hank'],
  ['lawrence', 'laurence', 'larry'],
  ['gerald', 'gerry', 'jerry'],
  ['matthew', 'matt'],
  ['nicholas', 'nick', 'nicky'],
  ['patrick', 'pat', 'paddy'],
  ['samuel', 'sam', 'sammy'],
  ['timothy', 'tim'],
  ['gregory', 'greg'],
  ['kenneth', 'ken', 'kenny'],
  ['ronald', 'ron', 'ronnie'],
  ['douglas', 'doug'],
  ['jeffrey', 'geoffrey', 'jeff', 'geoff'],
  ['charles', 'charlie', 'chuck'],
  ['phillip', 'philip', 'phil'],
  ['jacob', 'jake'],
  ['zachary', 'zach', 'zack'],
  ['margaret', 'maggie', 'peggy', 'meg'],
  ['susan', 'sue', 'susie'],
  ['jennifer', 'jenny'],
  ['rebecca', 'becky'],
  ['deborah', 'debra', 'debbie'],
  ['patricia', 'patty', 'trish'],
  ['victoria', 'vicky', 'vicki'],
  // Russian and Ukrainian diminutives (with the spellings of the full name, so that each finds the other)
  ['mikhail', 'mykhailo', 'mihail', 'misha'],
  ['nikolai', 'nikolay', 'mykola', 'kolya'],
  ['grigory', 'grigoriy', 'grisha'],
  ['dmitry', 'dmitri', 'dmitriy', 'dmytro', 'dima'],
  ['vladimir', 'volodymyr', 'wladimir', 'volodya', 'vova'],
  ['sergei', 'sergey', 'sergej', 'serhiy', 'serhii', 'seryozha'],
  ['yuri', 'yury', 'yuriy', 'yura'],
  ['alexei', 'aleksei', 'alexey', 'aleksey', 'oleksiy', 'lyosha', 'alyosha'],
  ['anatoly', 'anatoliy', 'tolya'],
  ['viktor', 'victor', 'vitya'],
  ['konstantin', 'constantine', 'kostya'],
  ['natalia', 'natalya', 'natasha'],
  ['tatiana', 'tatyana', 'tanya'],
  ['maria', 'mariya', 'masha'],
  ['svetlana', 'sveta'],
  ['lyudmila', 'ludmila', 'lyuda'],
  ['anastasia', 'anastasiya', 'nastya'],
]

function groupKeys(groups: ReadonlyArray<readonly string[]>): ReadonlyMap<string, string> {
  const m = new Map<string, string>()
  for (const g of groups) for (const v of g) if (!m.has(v)) m.set(v, g[0]!)
  return m
}

/** spelling → transliteration-variant group key */
export const NAME_VARIANTS: ReadonlyMap<string, string> = groupKeys(VARIANT_GROUPS)

/**
 * Variant groups of surnames (Korean 이 Lee / Yi / Ri / Li, 박 Park / Pak / Bak, 김 Kim / Gim, 최 Choe / Choi): their
 * spellings are one name only as a person's surname. The same letters elsewhere are other words: a given-name
 * syllable ("WEI, Zun Yi": Yi is not 이), a Chinese syllable, an organisation's word ("WEI TA LEE COMPANY").
 */
export const SURNAME_VARIANT_KEYS: ReadonlySet<string> = new Set(['kim', 'lee', 'park', 'choe'])

/** spelling → nickname / other-language group key */
export const NAME_NICKNAMES: ReadonlyMap<string, string> = groupKeys(NICKNAME_GROUPS)
