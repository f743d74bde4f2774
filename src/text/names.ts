// How names, titles and source texts are stored: Unicode NFC, trimmed; a name may not hide characters
// a reader cannot see (control, zero-width, bidi embeddings, overrides and isolates). Allowed on
// purpose: the soft hyphen and the LRM/RLM/ALM marks, which real names copied from the web carry and
// which neither hide nor reorder the letters. One wording for every write
// (POST, PATCH, a bundle, an extraction's title), and the key under which two source texts are the same.
import { createHash } from 'node:crypto';

/** The characters a name may not hold: control (C0, DEL, C1), zero-width, bidi embeddings, overrides and isolates. */
const REFUSED_IN_NAMES = /[\p{Cc}\u200B-\u200D\u2060\uFEFF\u202A-\u202E\u2066-\u2069]/u;
const REFUSED_IN_NAMES_ALL = new RegExp(REFUSED_IN_NAMES.source, 'gu');

const CHARACTER_NAMES: Record<string, string> = {
  '\u0000': 'NULL',
  '\u0009': 'CHARACTER TABULATION',
  '\u000A': 'LINE FEED',
  '\u000B': 'LINE TABULATION',
  '\u000C': 'FORM FEED',
  '\u000D': 'CARRIAGE RETURN',
  '\u001B': 'ESCAPE',
  '\u007F': 'DELETE',
  '\u0085': 'NEXT LINE',
  '\u200B': 'ZERO WIDTH SPACE',
  '\u200C': 'ZERO WIDTH NON-JOINER',
  '\u200D': 'ZERO WIDTH JOINER',
  '\u2060': 'WORD JOINER',
  '\uFEFF': 'ZERO WIDTH NO-BREAK SPACE',
  '\u202A': 'LEFT-TO-RIGHT EMBEDDING',
  '\u202B': 'RIGHT-TO-LEFT EMBEDDING',
  '\u202C': 'POP DIRECTIONAL FORMATTING',
  '\u202D': 'LEFT-TO-RIGHT OVERRIDE',
  '\u202E': 'RIGHT-TO-LEFT OVERRIDE',
  '\u2066': 'LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'RIGHT-TO-LEFT ISOLATE',
  '\u2068': 'FIRST STRONG ISOLATE',
  '\u2069': 'POP DIRECTIONAL ISOLATE',
};

/** `U+200B ZERO WIDTH SPACE`; a control character without a common name is `U+0001 (a control character)`. */
export function describeCharacter(char: string): string {
  const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return `${code} ${CHARACTER_NAMES[char] ?? '(a control character)'}`;
}

/** The wordings of the name rules, the same on every write path. */
export const NAME_RULES = {
  refusedCharacter: (char: string) => `contains ${describeCharacter(char)}; remove it`,
  blank: 'is only white space; give a name',
} as const;

/** What is wrong with a name as sent, or undefined: the first refused character, or nothing but white space. */
export function nameProblem(value: string): string | undefined {
  const refused = REFUSED_IN_NAMES.exec(value);
  if (refused) return NAME_RULES.refusedCharacter(refused[0]);
  if (value.trim().length === 0) return NAME_RULES.blank;
  return undefined;
}

/** A name, title or alias as stored: NFC, trimmed. */
export function normalizeName(value: string): string {
  return value.normalize('NFC').trim();
}

/**
 * A name proposed from an article (the extractor's): refused characters dropped, runs of white space
 * made one space, NFC, trimmed, so that a draft always passes the name rules.
 */
export function cleanName(value: string): string {
  // Line breaks and tabs are white space between words before they are refused characters: a name
  // wrapped across a line of the article is two words, not one.
  return value
    .replace(/[\t\n\v\f\r\u0085\u2028\u2029]/gu, ' ')
    .replace(REFUSED_IN_NAMES_ALL, '')
    .replace(/\s+/gu, ' ')
    .normalize('NFC')
    .trim();
}

/**
 * A source text as stored: NFC and trimmed. Every span indexes into this stored text; quotes are
 * located in it after being made NFC themselves (normalizeQuote), so a client never computes offsets.
 */
export function normalizeSourceText(text: string): string {
  return text.normalize('NFC').trim();
}

/** Words to be found in a stored source text: NFC like it (not trimmed: the words are exact). */
export function normalizeQuote(words: string): string {
  return words.normalize('NFC');
}

/**
 * Two articles are the same source when their texts are equal after NFC, `\r\n` and `\r` made `\n`,
 * runs of spaces and tabs made one space, and trimming: the key is the SHA-256 of that form (hex).
 */
export function sourceTextKey(text: string): string {
  const canonical = text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    // Runs of spaces and tabs made one space; a lone space is left alone (replacing each costs 15x).
    .replace(/ [ \t]+|\t[ \t]*/g, ' ')
    .trim();
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
