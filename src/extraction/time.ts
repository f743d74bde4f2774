// Time words near a cue, resolved against the publication date. `text` keeps the words as written.
import type { TimeSpec } from '../schemas/common.ts';

export type TimeMention = {
  start: number;
  end: number;
  spec: TimeSpec /** "at the time": points back to an earlier date */;
  anaphoric?: boolean;
};

export const UNKNOWN_TIME: TimeSpec = { text: null, start: null, end: null, precision: 'unknown', approximate: false };

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS: Record<string, number> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};
const MONTH =
  '(January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.|Feb\\.|Mar\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\.)';
const WEEKDAY = '(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  several: 4,
  few: 3,
  'a few': 3,
  'a couple of': 2,
};

const PATTERNS: Array<{ re: RegExp; resolve: (m: RegExpExecArray, pub: Date) => TimeSpec | 'anaphoric' | null }> = [
  {
    re: new RegExp(
      `\\b(?:(?:on|late|early|last|this|earlier|by|since)\\s+)?${WEEKDAY}(?:\\s+(?:morning|afternoon|evening|night))?\\b`,
      'g',
    ),
    resolve: (m, pub) => {
      const target = WEEKDAYS.indexOf(m[1]!.toLowerCase());
      const back = (pub.getUTCDay() - target + 7) % 7;
      const day = iso(addDays(pub, -back));
      return { text: m[0], start: day, end: day, precision: 'day', approximate: false };
    },
  },
  {
    re: new RegExp(
      `\\b(?:(?:on|late|early|by|since)\\s+)?${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?\\b`,
      'g',
    ),
    resolve: (m, pub) => {
      const month = monthOf(m[1]!);
      const day = Number(m[2]);
      const year = m[3] ? Number(m[3]) : yearOfMostRecent(pub, month, day);
      const date = new Date(Date.UTC(year, month - 1, day));
      if (date.getUTCMonth() !== month - 1 || day < 1) return null;
      return { text: m[0], start: iso(date), end: iso(date), precision: 'day', approximate: false };
    },
  },
  {
    re: new RegExp(`\\b(?:(?:in|since|by|during)\\s+)?(?:(early|mid|late)[- ])?${MONTH}(?:,?\\s+(\\d{4}))?\\b`, 'g'),
    resolve: (m, pub) => {
      const month = monthOf(m[2]!);
      if (!m[3] && m[2] === 'May' && !/^(in|since|by|during|early|mid|late)/i.test(m[0])) return null; // the verb "may"
      const year = m[3] ? Number(m[3]) : yearOfMostRecent(pub, month, 1);
      const start = new Date(Date.UTC(year, month - 1, 1));
      const end = new Date(Date.UTC(year, month, 0));
      return { text: m[0], start: iso(start), end: iso(end), precision: 'month', approximate: !!m[1] };
    },
  },
  {
    re: /\b(?:(?:in|since|by|during)\s+)?(early|mid|late)[- ](\d{4})\b/gi,
    resolve: (m) => {
      const year = Number(m[2]);
      const [from, to] =
        m[1]!.toLowerCase() === 'early'
          ? ['01-01', '04-30']
          : m[1]!.toLowerCase() === 'mid'
            ? ['05-01', '08-31']
            : ['09-01', '12-31'];
      return { text: m[0], start: `${year}-${from}`, end: `${year}-${to}`, precision: 'season', approximate: true };
    },
  },
  {
    re: /\b(?:in|since|during)\s+((?:19|20)\d{2})\b/g,
    resolve: (m) => ({
      text: m[0],
      start: `${m[1]}-01-01`,
      end: `${m[1]}-12-31`,
      precision: 'year',
      approximate: false,
    }),
  },
  {
    re: /\b(today|tonight|this (?:morning|afternoon|evening)|earlier today|yesterday|last night)\b/gi,
    resolve: (m, pub) => {
      const words = m[1]!.toLowerCase();
      const day = iso(words === 'yesterday' || words === 'last night' ? addDays(pub, -1) : pub);
      return { text: m[0], start: day, end: day, precision: 'day', approximate: false };
    },
  },
  {
    re: /\b(last|this|earlier this|past|previous)\s+(week|month|year)\b/gi,
    resolve: (m, pub) => {
      const which = m[1]!.toLowerCase();
      const unit = m[2]!.toLowerCase();
      const previous = which === 'last' || which === 'past' || which === 'previous';
      if (unit === 'week') {
        const monday = addDays(pub, -((pub.getUTCDay() + 6) % 7));
        const start = previous ? addDays(monday, -7) : monday;
        const end = previous ? addDays(monday, -1) : pub;
        return { text: m[0], start: iso(start), end: iso(end), precision: 'day', approximate: true };
      }
      if (unit === 'month') {
        const first = new Date(Date.UTC(pub.getUTCFullYear(), pub.getUTCMonth() - (previous ? 1 : 0), 1));
        const end = previous ? new Date(Date.UTC(pub.getUTCFullYear(), pub.getUTCMonth(), 0)) : pub;
        return { text: m[0], start: iso(first), end: iso(end), precision: 'month', approximate: true };
      }
      const year = pub.getUTCFullYear() - (previous ? 1 : 0);
      return {
        text: m[0],
        start: `${year}-01-01`,
        end: previous ? `${year}-12-31` : iso(pub),
        precision: 'year',
        approximate: true,
      };
    },
  },
  {
    re: /\b(\d+|an?|one|two|three|four|five|six|seven|several|a few|a couple of)\s+(day|week|month|year)s?\s+ago\b/gi,
    resolve: (m, pub) => {
      const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : (NUMBER_WORDS[m[1]!.toLowerCase()] ?? 1);
      const unit = m[2]!.toLowerCase();
      const days = unit === 'day' ? n : unit === 'week' ? 7 * n : unit === 'month' ? 30 * n : 365 * n;
      const at = addDays(pub, -days);
      const slack = Math.max(1, Math.round(days / 3));
      const precision = unit === 'day' || unit === 'week' ? 'day' : unit === 'month' ? 'month' : 'year';
      return {
        text: m[0],
        start: iso(addDays(at, -slack)),
        end: iso(addDays(at, Math.min(slack, days))),
        precision,
        approximate: true,
      };
    },
  },
  { re: /\bat the time\b/gi, resolve: () => 'anaphoric' },
];

/** Every time expression in `text[from, to)`, resolved; overlapping matches keep the earliest pattern's. */
export function findTimes(text: string, from: number, to: number, publishedAt: string): TimeMention[] {
  const pub = new Date(`${publishedAt.slice(0, 10)}T00:00:00Z`);
  const slice = text.slice(from, to);
  const found: TimeMention[] = [];
  for (const { re, resolve } of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(slice); m; m = re.exec(slice)) {
      // "in late 2022" keeps "late 2022": the preposition says nothing about the time ("on", "since" do).
      const lead = /^(?:in|during)\s+/i.exec(m[0])?.[0].length ?? 0;
      const start = from + m.index + lead;
      const end = from + m.index + m[0].length;
      if (found.some((f) => f.start < end && start < f.end)) continue;
      const resolved = resolve(m, pub);
      const spec = resolved && resolved !== 'anaphoric' && lead ? { ...resolved, text: m[0].slice(lead) } : resolved;
      if (spec === 'anaphoric') found.push({ start, end, spec: { ...UNKNOWN_TIME, text: m[0] }, anaphoric: true });
      else if (spec && (spec.end ?? '') <= `${iso(addDays(pub, 1))}Z`) found.push({ start, end, spec });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

function monthOf(word: string): number {
  return MONTHS[word.toLowerCase().replace(/\.$/, '')] ?? 1;
}

/** The year in which month/day last fell on or before the publication date. */
function yearOfMostRecent(pub: Date, month: number, day: number): number {
  const year = pub.getUTCFullYear();
  return month - 1 < pub.getUTCMonth() || (month - 1 === pub.getUTCMonth() && day <= pub.getUTCDate())
    ? year
    : year - 1;
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

function iso(date: Date): string {
  return date.toISOString().slice(0, 10);
}
