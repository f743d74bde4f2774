// Countries (from the runtime's own region names: no list to download), US states, and demonyms.

const REGION_NAMES = (() => {
  const names = new Map<string, string>(); // lowercase name -> canonical name
  const display = new Intl.DisplayNames(['en'], { type: 'region' });
  const A = 'A'.charCodeAt(0);
  for (let i = 0; i < 26; i++) {
    for (let j = 0; j < 26; j++) {
      const code = String.fromCharCode(A + i, A + j);
      let name: string | undefined;
      try {
        name = display.of(code);
      } catch {
        name = undefined;
      }
      if (!name || name === code || /unknown|outlying|pseudo/i.test(name) || /[&()]/.test(name)) continue;
      names.set(name.toLowerCase(), name);
    }
  }
  return names;
})();

const COUNTRY_ALIASES: Record<string, string> = {
  'u.s.': 'United States',
  us: 'United States',
  usa: 'United States',
  america: 'United States',
  'united states of america': 'United States',
  britain: 'United Kingdom',
  'great britain': 'United Kingdom',
  'u.k.': 'United Kingdom',
  uk: 'United Kingdom',
  england: 'United Kingdom',
  turkey: 'Türkiye',
  'the netherlands': 'Netherlands',
  holland: 'Netherlands',
  'south korea': 'South Korea',
  'north korea': 'North Korea',
  'czech republic': 'Czechia',
  burma: 'Myanmar',
  'ivory coast': 'Côte d’Ivoire',
  'republic of azerbaijan': 'Azerbaijan',
};

const DEMONYM_EXCEPTIONS: Record<string, string> = {
  american: 'United States',
  british: 'United Kingdom',
  french: 'France',
  dutch: 'Netherlands',
  swiss: 'Switzerland',
  greek: 'Greece',
  saudi: 'Saudi Arabia',
  afghan: 'Afghanistan',
  filipino: 'Philippines',
  welsh: 'United Kingdom',
  scottish: 'United Kingdom',
  irish: 'Ireland',
  spanish: 'Spain',
  swedish: 'Sweden',
  danish: 'Denmark',
  polish: 'Poland',
  finnish: 'Finland',
  norwegian: 'Norway',
  thai: 'Thailand',
  turkish: 'Türkiye',
  israeli: 'Israel',
  iraqi: 'Iraq',
  kuwaiti: 'Kuwait',
  yemeni: 'Yemen',
  omani: 'Oman',
  qatari: 'Qatar',
  emirati: 'United Arab Emirates',
  lebanese: 'Lebanon',
  vietnamese: 'Vietnam',
  chinese: 'China',
  japanese: 'Japan',
  portuguese: 'Portugal',
  sudanese: 'Sudan',
  congolese: 'Congo - Kinshasa',
  palestinian: 'Palestinian Territories',
  soviet: 'Russia',
  peruvian: 'Peru',
  german: 'Germany',
};

export const US_STATES = new Set(
  `Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii Idaho Illinois Indiana
  Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota Mississippi Missouri Montana Nebraska
  Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee Texas Utah Vermont Virginia Washington Wisconsin Wyoming`.split(
    /\s+/,
  ),
);
export const US_STATES_MULTI = [
  'New Hampshire',
  'New Jersey',
  'New Mexico',
  'New York',
  'North Carolina',
  'North Dakota',
  'Rhode Island',
  'South Carolina',
  'South Dakota',
  'West Virginia',
];

/** The canonical country a name or alias stands for, or undefined. */
export function countryOf(name: string): string | undefined {
  const lower = name.toLowerCase().replace(/’/g, "'");
  const alias = COUNTRY_ALIASES[lower];
  if (alias) return alias;
  return REGION_NAMES.get(lower);
}

const STEMS = (() => {
  const out: Array<[string, string]> = [];
  for (const name of REGION_NAMES.values()) {
    if (name.includes(' ')) continue;
    out.push([name.toLowerCase().replace(/[aeiouy]+$/, ''), name]);
  }
  return out;
})();

/** "Azerbaijani" -> "Azerbaijan", "Armenian" -> "Armenia", "Russian" -> "Russia"; undefined if none. */
export function countryOfDemonym(word: string): string | undefined {
  const lower = word.toLowerCase();
  const known = DEMONYM_EXCEPTIONS[lower];
  if (known) return REGION_NAMES.has(known.toLowerCase()) ? REGION_NAMES.get(known.toLowerCase()) : known;
  for (const [stem, name] of STEMS) {
    if (stem.length >= 3 && lower.startsWith(stem) && /^(n|an|ian|i|ese|ish|ean)$/.test(lower.slice(stem.length)))
      return name;
  }
  return undefined;
}

export type PlaceKind = 'country' | 'region' | 'district' | 'city';

/** Names of places standing in the text: countries, US states, "X district", "the region of X". */
export function findPlaces(text: string): Array<{ start: number; end: number; name: string; kind: PlaceKind }> {
  const found: Array<{ start: number; end: number; name: string; kind: PlaceKind }> = [];
  const cap = /\p{Lu}[\p{L}’'.-]*(?:\s+(?:of\s+)?\p{Lu}[\p{L}’'.-]*)*/gu;
  for (let m = cap.exec(text); m; m = cap.exec(text)) {
    // Try the longest run first, then shorter suffixes/prefixes of it ("the United States" inside "United States Senate").
    const words = m[0].split(/\s+/);
    for (let len = Math.min(words.length, 4); len >= 1; len--) {
      let hit = false;
      for (let i = 0; i + len <= words.length; i++) {
        const phrase = words
          .slice(i, i + len)
          .join(' ')
          .replace(/[’']s$/, '')
          .replace(/\.$/, (dot) => (/^(U\.S|U\.K)\.?$/.test(words.slice(i, i + len).join(' ')) ? dot : ''));
        const country = countryOf(phrase);
        const state = len === 1 ? US_STATES.has(phrase) : US_STATES_MULTI.includes(phrase);
        if (!country && !state) continue;
        const start = m.index + m[0].indexOf(words.slice(i, i + len).join(' '));
        found.push({
          start,
          end: start + phrase.length,
          name: country ?? phrase,
          kind: country ? 'country' : 'region',
        });
        hit = true;
      }
      if (hit) break;
    }
  }
  const named =
    /\b(?:the\s+)?(\p{Lu}[\p{L}-]+(?:\s\p{Lu}[\p{L}-]+)?)\s+(district|region|province|county|oblast)\b|\b(?:region|district|province|city|town) of (\p{Lu}[\p{L}-]+(?:\s\p{Lu}[\p{L}-]+)?)/gu;
  for (let m = named.exec(text); m; m = named.exec(text)) {
    const name = m[1] ?? m[3]!;
    if (countryOf(name) || countryOfDemonym(name)) continue;
    const start = m.index + m[0].indexOf(name);
    const kindWord = (m[2] ?? m[0].split(/\s/)[0]!).toLowerCase();
    const kind: PlaceKind =
      kindWord === 'district' || kindWord === 'county'
        ? 'district'
        : kindWord === 'city' || kindWord === 'town'
          ? 'city'
          : 'region';
    found.push({ start, end: start + name.length, name: m[2] && kind === 'district' ? `${name} ${m[2]}` : name, kind });
  }
  return found.sort((a, b) => a.start - b.start);
}
