// Reporting verbs and the words around them. Each verb carries the stance it gives a claim and how
// it takes its content: a clause ("said that ..."), an addressee then a clause ("told reporters ..."),
// or an object ("accused Russia of ...", "called the strike irresponsible").
import type { BundleClaim } from '../schemas/bundle.ts';

export type Stance = BundleClaim['stance'];
/** clause: content follows the cue; addressee: an object (who was told) comes first; object: the
 * object is part of what was said; call: "called X Y" (but never "called for/on"). */
export type Frame = 'clause' | 'addressee' | 'object' | 'call';
export type CueVerb = { lemma: string; stance: Stance; frame: Frame };

const VERBS: Array<[string, Stance, Frame]> = [];
const add = (lemmas: string, stance: Stance, frame: Frame = 'clause') => {
  for (const lemma of lemmas.trim().split(/\s+/)) VERBS.push([lemma, stance, frame]);
};

add(
  `say state add note explain announce declare insist argue stress emphasize emphasise assert contend maintain
  suggest write tweet post reply respond answer counter retort recall reveal disclose observe remark comment mention
  repeat reiterate quip joke boast brag lament predict promise pledge vow proclaim testify recount conclude estimate
  forecast complain agree exclaim shout yell whisper mutter chant muse wonder speculate hint
  clarify elaborate continue volunteer affirm reaffirm declare posit theorize theorise opine grumble gush marvel
  caution warn`,
  'states',
);
add('tell inform assure remind ask', 'states', 'addressee');
add('urge advise', 'states', 'addressee');
add('report', 'reports');
add('show', 'reports');
add('confirm verify acknowledge admit concede', 'confirms');
add('deny', 'denies');
add('reject dismiss refute rebuff dispute rebut', 'rejects');
add('allege claim', 'alleges');
add('accuse blame', 'accuses', 'object');
add(
  `criticize criticise slam condemn denounce blast lambast lambaste decry deride chide rebuke castigate fault
  attack assail scold berate mock ridicule`,
  'criticizes',
  'object',
);
add('praise defend applaud commend hail thank congratulate describe', 'states', 'object');
add('call dub label brand', 'states', 'call');
add('cite propose', 'states', 'object');
// Only with "about" ("talked about the deficit"): what follows is the topic spoken of.
add('talk speak', 'states', 'object');

const IRREGULAR: Record<string, string[]> = {
  say: ['said', 'says', 'saying'],
  tell: ['told', 'tells', 'telling'],
  write: ['wrote', 'written', 'writes', 'writing'],
  speak: ['spoke', 'spoken', 'speaks', 'speaking'],
};
const DOUBLES = new Set(['admit', 'slam', 'quip', 'rebut', 'regret', 'commit', 'omit', 'refer']);

function forms(lemma: string): string[] {
  const irregular = IRREGULAR[lemma];
  if (irregular) return [lemma, ...irregular];
  const out = [lemma];
  if (/[^aeiou]y$/.test(lemma)) out.push(`${lemma.slice(0, -1)}ies`, `${lemma.slice(0, -1)}ied`, `${lemma}ing`);
  else if (/(s|sh|ch|x|z)$/.test(lemma)) out.push(`${lemma}es`, `${lemma}ed`, `${lemma}ing`);
  else if (lemma.endsWith('e')) out.push(`${lemma}s`, `${lemma}d`, `${lemma.slice(0, -1)}ing`);
  else if (DOUBLES.has(lemma)) {
    const last = lemma.at(-1);
    out.push(`${lemma}s`, `${lemma}${last}ed`, `${lemma}${last}ing`);
  } else out.push(`${lemma}s`, `${lemma}ed`, `${lemma}ing`);
  return out;
}

/** Word form (lowercase) -> the verb it inflects. */
export const CUE_FORMS: ReadonlyMap<string, CueVerb> = (() => {
  const map = new Map<string, CueVerb>();
  for (const [lemma, stance, frame] of VERBS) {
    for (const form of forms(lemma)) if (!map.has(form)) map.set(form, { lemma, stance, frame });
  }
  return map;
})();

/** Forms that are as often nouns ("the report", "his claims"): a cue only right after a subject. */
export const NOUNLIKE = new Set([
  'report',
  'reports',
  'claim',
  'claims',
  'note',
  'notes',
  'comment',
  'comments',
  'reply',
  'replies',
  'answer',
  'answers',
  'post',
  'posts',
  'call',
  'calls',
  'estimate',
  'estimates',
  'tweet',
  'tweets',
  'promise',
  'promises',
  'pledge',
  'pledges',
  'attack',
  'attacks',
  'forecast',
  'forecasts',
  'counter',
  'state',
  'states',
  'joke',
  'jokes',
  'vow',
  'vows',
  'chant',
  'chants',
  'shout',
  'boast',
  'remark',
  'remarks',
  'muse',
  'hint',
  'hints',
  'wonder',
  'continue',
  'continues',
  'continued',
  'continuing',
  'mention',
  'dispute',
  'disputes',
  'mock',
  'blast',
  'lament',
  'agree',
  'agrees',
  'agreed',
  'agreeing',
  'post',
  'posted',
  'posting',
  'add',
  'describe',
  'describes',
  'thank',
  'thanks',
  'defend',
  'defends',
  'praise',
  'conclude',
  'concludes',
  'write',
  'talk',
  'talks',
]);

/** Content-taking verbs that, in these forms, often take no speech ("continued to", "agreed to"). */
export const NEEDS_SPEECH_COMPLEMENT = new Set([
  'continue',
  'agree',
  'post',
  'add',
  'describe',
  'write',
  'conclude',
  'defend',
  'praise',
  'thank',
  'attack',
]);

export const NEGATORS = new Set(['not', "n't", 'never', 'no', 'neither', 'nor']);

/** Words that may stand between a subject and its cue: auxiliaries and adverbs. */
export const AUX = new Set([
  'has',
  'have',
  'had',
  'also',
  'did',
  'does',
  'do',
  'will',
  'would',
  'could',
  'can',
  'may',
  'might',
  'should',
  'must',
  'previously',
  'later',
  'then',
  'again',
  'once',
  'repeatedly',
  'recently',
  'publicly',
  'privately',
  'flatly',
  'reportedly',
  'already',
  'just',
  'first',
  'now',
  'quickly',
  'immediately',
  'often',
  'frequently',
  'long',
  'still',
  'further',
  'even',
  'explicitly',
  'falsely',
  'initially',
  'originally',
  'subsequently',
  'famously',
  'separately',
  'has also',
  'not',
  "n't",
  'never',
  'ever',
  'always',
  'openly',
  'bluntly',
  'simply',
  'directly',
  'specifically',
  'is',
  'was',
  'are',
  'were',
  'been',
  'be',
  'being',
]);

export const PRONOUNS: Record<string, 'person' | 'plural' | 'thing'> = {
  he: 'person',
  she: 'person',
  i: 'person',
  they: 'plural',
  we: 'plural',
  it: 'thing',
  you: 'person',
};

export const DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'another',
  'one',
  'two',
  'three',
  'four',
  'five',
  'several',
  'some',
  'many',
  'most',
  'few',
  'both',
  'his',
  'her',
  'their',
  'its',
  'our',
  'my',
  'this',
  'that',
  'these',
  'those',
  'other',
  'each',
  'every',
  'any',
  'all',
  'no',
  'multiple',
  'numerous',
  'various',
  'half',
  'almost',
  'nearly',
  'about',
  'more',
  'than',
]);

/** Heads of descriptive sources: "a spokesman", "two diplomats", "the ministry". Kind by head. */
const PERSON_ROLES = `spokesman spokeswoman spokesperson official minister secretary adviser advisor aide president
  chairman chairwoman chair senator governor mayor ambassador diplomat judge lawyer attorney director chief leader
  commander general officer analyst expert professor economist strategist pollster source insider member candidate
  nominee manager operative consultant representative congressman congresswoman lawmaker legislator politician
  staffer worker employee resident voter supporter critic opponent observer historian scientist researcher author
  writer reporter journalist columnist editor anchor host commentator activist advocate executive ceo founder
  partner investigator prosecutor detective witness victim doctor physician surgeon nurse teacher student official
  man woman person friend neighbor neighbour father mother son daughter wife husband brother sister chancellor premier
  king queen prince princess pope cardinal bishop priest rabbi imam general colonel captain sergeant soldier
  delegate negotiator envoy emissary deputy vice mp speaker whip donor fundraiser backer surrogate attendee
  participant organizer organiser owner player coach fan voter republican democrat conservative liberal
  progressive independent libertarian people respondents others voters residents americans percent majority
  plurality minority half report study poll polls survey statement letter memo ad analysis document complaint
  lawsuit filing release book article editorial website data figures numbers results records documents research
  indictment ruling order verdict several many most some few third quarter fifth who republicans democrats
  ally technologist specialist academic scholar lobbyist pundit blogger protester demonstrator businessman businesswoman
  entrepreneur investor banker administrator regulator inspector agent counsel parent citizen immigrant contender
  challenger incumbent rival spokespeople staff veteran official insider`;
const ORG_ROLES = `ministry department agency government administration campaign committee commission council
  office party company firm group organization organisation union association coalition team court embassy
  military army navy police authority authorities bureau service institute foundation center centre board
  parliament congress senate house cabinet regime kremlin white-house pentagon company corporation bank
  university school network station website site`;
const MEDIA_ROLES = `newspaper paper agency outlet broadcaster channel network magazine daily tabloid journal
  website site news wire radio television tv`;

export const ROLE_KIND = (() => {
  const map = new Map<string, 'person' | 'organization' | 'media'>();
  for (const w of PERSON_ROLES.split(/\s+/).filter(Boolean)) map.set(w, 'person');
  for (const w of ORG_ROLES.split(/\s+/).filter(Boolean)) map.set(w, 'organization');
  for (const w of MEDIA_ROLES.split(/\s+/).filter(Boolean))
    if (w !== 'agency' && w !== 'site' && w !== 'website' && w !== 'network') map.set(w, 'media');
  return map;
})();

/** Plural form -> singular, for role heads ("officials", "sources", "authorities"). */
export function singular(word: string): string {
  if (ROLE_KIND.has(word)) return word;
  if (word.endsWith('ies') && ROLE_KIND.has(`${word.slice(0, -3)}y`)) return `${word.slice(0, -3)}y`;
  if (word.endsWith('men') && ROLE_KIND.has(`${word.slice(0, -3)}man`)) return `${word.slice(0, -3)}man`;
  if (word.endsWith('es') && ROLE_KIND.has(word.slice(0, -2))) return word.slice(0, -2);
  if (word.endsWith('s') && ROLE_KIND.has(word.slice(0, -1))) return word.slice(0, -1);
  return word;
}

/** Capitalized titles before a name: "Prime Minister Nikol Pashinyan", "Sen. Ted Cruz". */
export const TITLES = new Set([
  'president',
  'vice',
  'prime',
  'minister',
  'foreign',
  'defense',
  'defence',
  'secretary',
  'sen.',
  'senator',
  'rep.',
  'representative',
  'gov.',
  'governor',
  'mayor',
  'judge',
  'gen.',
  'general',
  'adm.',
  'admiral',
  'col.',
  'colonel',
  'lt.',
  'capt.',
  'captain',
  'sgt.',
  'dr.',
  'mr.',
  'mrs.',
  'ms.',
  'miss',
  'speaker',
  'chairman',
  'chairwoman',
  'chancellor',
  'king',
  'queen',
  'prince',
  'princess',
  'pope',
  'rev.',
  'reverend',
  'attorney',
  'justice',
  'chief',
  'ambassador',
  'state',
  'commissioner',
  'director',
  'leader',
  'majority',
  'minority',
  'house',
  'senate',
  'sheriff',
  'former',
  'candidate',
  'nominee',
  'democratic',
  'republican',
  'gop',
  'spokesman',
  'spokeswoman',
  'presidential',
  'deputy',
  'mp',
  'premier',
  'first',
  'lady',
  'sir',
  'dame',
  'lord',
  'prof.',
  'professor',
  'rabbi',
  'father',
  'sister',
]);

/** Words that make a capitalized name an organization, a media outlet or a group. */
export const ORG_WORDS = new Set([
  'ministry',
  'department',
  'agency',
  'committee',
  'commission',
  'council',
  'party',
  'campaign',
  'office',
  'court',
  'congress',
  'senate',
  'house',
  'parliament',
  'government',
  'administration',
  'university',
  'institute',
  'foundation',
  'center',
  'centre',
  'association',
  'union',
  'bank',
  'inc',
  'inc.',
  'corp',
  'corp.',
  'company',
  'group',
  'fund',
  'bureau',
  'service',
  'authority',
  'board',
  'organization',
  'organisation',
  'coalition',
  'kremlin',
  'pentagon',
  'fbi',
  'cia',
  'nsa',
  'un',
  'nato',
  'eu',
  'gop',
  'dnc',
  'rnc',
  'pac',
  'project',
  'network',
  'club',
  'forces',
  'army',
  'navy',
  'police',
  'school',
  'college',
  'hospital',
  'church',
  'embassy',
  'cabinet',
  'club',
  'trust',
  'alliance',
  'federation',
  'league',
  'movement',
  'front',
  'caucus',
  'tribunal',
  'assembly',
  'secretariat',
]);
export const MEDIA_WORDS = new Set([
  'times',
  'post',
  'journal',
  'news',
  'herald',
  'tribune',
  'gazette',
  'press',
  'telegraph',
  'guardian',
  'reuters',
  'bloomberg',
  'cnn',
  'msnbc',
  'nbc',
  'abc',
  'cbs',
  'fox',
  'npr',
  'bbc',
  'politico',
  'axios',
  'breitbart',
  'afp',
  'ap',
  'tass',
  'interfax',
  'xinhua',
  'magazine',
  'radio',
  'television',
  'tv',
  'daily',
  'weekly',
  'monitor',
  'examiner',
  'observer',
  'chronicle',
  'standard',
  'independent',
  'mirror',
  'sun',
  'express',
  'atlantic',
  'hill',
  'slate',
  'vox',
  'buzzfeed',
  'huffington',
  'huffpost',
  'yahoo',
  'politifact',
  'ria',
  'novosti',
  'sputnik',
  'al',
  'jazeera',
  'newsweek',
  'time',
  'economist',
  'wire',
  'dispatch',
  'report',
  'bulletin',
  'today',
]);
