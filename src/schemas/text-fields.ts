// Text fields of writes as they are stored (text/names.ts): names, aliases and titles checked for
// characters a reader cannot see, then NFC and trimmed; source texts NFC and trimmed. Codecs rather
// than preprocess: the input is validated as a string first (a number stays a 400), and an answer that
// embeds the field (an extraction's draft) encodes unchanged. The length is checked on the input as
// sent: NFC can lengthen a few strings (U+0958 becomes two code units), which must not turn a valid
// input into zod's generic output error.
import { z } from 'zod';
import { NAME_RULES, nameProblem, normalizeName, normalizeSourceText } from '../text/names.ts';

/** A name, alias or title of at most `max` characters: the name rules, then NFC and trimmed. */
export function nameText(max: number) {
  return z.codec(
    z
      .string()
      .min(1)
      .max(max)
      .superRefine((value, ctx) => {
        const problem = nameProblem(value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
      }),
    z.string(),
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
      .refine((value) => value.trim().length > 0, NAME_RULES.blank),
    z.string(),
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
    z.string(),
    { decode: normalizeSourceText, encode: (value) => value },
  );
}
