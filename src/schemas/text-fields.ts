// Text fields of writes as they are stored (text/names.ts): names, aliases and titles checked for
// characters a reader cannot see, then NFC and trimmed; source texts NFC and trimmed. Codecs rather
// than preprocess: the input is validated as a string first (a number stays a 400), and an answer that
// embeds the field (an extraction's draft) encodes unchanged.
import { z } from 'zod';
import { nameProblem, normalizeName, normalizeSourceText } from '../text/names.ts';

/** A name, alias or title of at most `max` characters: the name rules, then NFC and trimmed. */
export function nameText(max: number) {
  return z.codec(
    z
      .string()
      .min(1)
      .max(max)
      .superRefine((value, ctx) => {
        const problem = value.length > 0 ? nameProblem(value) : undefined;
        if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
      }),
    z.string().max(max),
    { decode: normalizeName, encode: (value) => value },
  );
}

/** Free text of at most `max` characters stored NFC and trimmed (a publisher); white space alone is refused. */
export function trimmedText(max: number) {
  return z.codec(
    z
      .string()
      .min(1)
      .max(max)
      .refine((value) => value.length === 0 || value.trim().length > 0, 'is only white space'),
    z.string().max(max),
    { decode: normalizeName, encode: (value) => value },
  );
}

/** An article body: NFC and trimmed as stored; every span indexes into the stored form. */
export function sourceText(max: number, tooLong?: string) {
  return z.codec(
    z
      .string()
      .max(max, tooLong)
      .refine((text) => text.trim().length > 0, 'is empty; send the article body'),
    z.string().max(max),
    { decode: normalizeSourceText, encode: (value) => value },
  );
}
