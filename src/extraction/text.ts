// The text's layout: quotations (joined across paragraphs), sentence-like units that never split
// inside a quotation, and word tokens with their offsets.

export type Range = { start: number; end: number };
/** A quotation: from its opening mark to just past its closing one; `parts` are the inner words per paragraph. */
export type Quote = Range & { parts: Range[]; closed: boolean };
export type Token = Range & { text: string; lower: string; unit: number; quoted: boolean; cap: boolean };
export type Unit = Range & { index: number; paragraph: number };

const OPEN = new Set(['“', '"']);
const CLOSE = new Set(['”', '"']);

/** Paragraph ranges (split at line breaks), blank lines dropped. */
export function paragraphs(text: string): Range[] {
  const out: Range[] = [];
  const re = /[^\n]+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].trim()) out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/**
 * Quotations. Curly marks pair as written; straight ones alternate within a paragraph. A paragraph
 * that opens a quotation and does not close it continues into the next paragraph when that one opens
 * with a quotation mark (the newspaper convention for quotes running over several paragraphs).
 */
export function findQuotes(text: string, paras: Range[]): Quote[] {
  const quotes: Quote[] = [];
  let current: Quote | null = null;
  let partStart = -1;
  for (let p = 0; p < paras.length; p++) {
    const para = paras[p]!;
    for (let i = para.start; i < para.end; i++) {
      let ch = text[i]!;
      // Two apostrophes stand for a double quotation mark in some wire copy ('' ... '').
      if (ch === "'" && text[i + 1] === "'") {
        ch = '"';
        i++;
      }
      if (
        current !== null &&
        i - (ch === '"' && text[i] === "'" ? 1 : 0) === partStart &&
        i === para.start &&
        OPEN.has(ch)
      ) {
        partStart = i + 1; // the reopening mark of a continued paragraph
      } else if (current === null) {
        if (OPEN.has(ch) && !(ch === '"' && /[\p{L}\p{N}]/u.test(text[i - 1] ?? ' ') && i > para.start)) {
          const from = text[i] === "'" ? i - 1 : i;
          current = { start: from, end: i + 1, parts: [], closed: false };
          partStart = i + 1;
        }
      } else if (CLOSE.has(ch)) {
        current.parts.push({ start: partStart, end: text[i] === "'" ? i - 1 : i });
        current.end = i + 1;
        current.closed = true;
        quotes.push(current);
        current = null;
      }
    }
    if (current !== null) {
      current.parts.push({ start: partStart, end: para.end });
      current.end = para.end;
      const next = paras[p + 1];
      const reopens = next && OPEN.has(text[next.start] ?? '');
      if (reopens) {
        partStart = next.start; // the loop over the next paragraph skips its opening mark
      } else {
        quotes.push(current);
        current = null;
      }
    }
  }
  return quotes;
}

const ABBREVIATIONS = new Set(
  `mr mrs ms dr gen sen rep gov lt col capt sgt st jr sr prof rev adm maj cmdr gov. sens reps
  jan feb mar apr jun jul aug sep sept oct nov dec inc corp co ltd vs no nos u.s u.k u.n e.g i.e etc a.m p.m ft mt
  fla calif ariz ore wash mass conn ill mich minn wis tenn ky ala ark colo del ga ind kan la md miss mo mont neb nev
  okla pa penn tex va vt wyo n.c s.c n.y n.j n.h n.m n.d s.d d.c r.i w.va ore ga approx dept est govt`.split(/\s+/),
);

export function isAbbreviation(word: string): boolean {
  const w = word.toLowerCase().replace(/\.$/, '');
  return ABBREVIATIONS.has(w) || /^\p{Lu}$/u.test(word.replace(/\.$/, '')) || /^(\p{L}\.)+\p{L}$/u.test(w);
}

/** Sentence-like units: split at line breaks and sentence ends, never inside a quotation. */
export function splitUnits(text: string, paras: Range[], quotes: Quote[]): Unit[] {
  const inQuote = new Uint8Array(text.length + 1);
  for (const q of quotes) for (let i = q.start + 1; i < q.end - (q.closed ? 1 : 0); i++) inQuote[i] = 1;
  const units: Unit[] = [];
  let start = -1;
  let paragraph = 0;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (e > s) units.push({ start: s, end: e, index: units.length, paragraph });
    start = -1;
  };
  for (let p = 0; p < paras.length; p++) {
    const para = paras[p]!;
    if (start === -1) {
      start = para.start;
      paragraph = p;
    }
    for (let i = para.start; i < para.end; i++) {
      const ch = text[i]!;
      if (ch !== '.' && ch !== '!' && ch !== '?') continue;
      if (inQuote[i]) continue;
      let j = i + 1;
      while (j < para.end && /[”"’')\]]/.test(text[j]!)) j++;
      if (j < para.end && !/\s/.test(text[j]!)) continue;
      let k = j;
      while (k < para.end && /\s/.test(text[k]!)) k++;
      if (k >= para.end) continue; // the paragraph end closes the unit anyway
      if (!/[\p{Lu}\p{N}“"‘(]/u.test(text[k]!)) continue;
      if (ch === '.') {
        const word = /[\p{L}.]+$/u.exec(text.slice(Math.max(para.start, i - 12), i))?.[0] ?? '';
        if (
          word &&
          isAbbreviation(word) &&
          !/^(jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|inc|corp|co|ltd|jr|sr|etc)$/i.test(word)
        )
          continue;
      }
      push(j);
      start = j;
    }
    // A quotation running on into the next paragraph keeps the unit open.
    const open = quotes.some((q) => q.start < para.end && q.end > para.end);
    if (!open) push(para.end);
  }
  if (start !== -1) push(text.length);
  return units;
}

const WORD = /[\p{L}\p{N}]+(?:[’'.&-][\p{L}\p{N}]+)*\.?|[^\s\p{L}\p{N}]/gu;

export function tokenize(text: string, units: Unit[], quotes: Quote[]): Token[] {
  const tokens: Token[] = [];
  let u = 0;
  let q = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    let word = m[0];
    // A period belongs to a word only when the word is an abbreviation ("Sen.", "U.S."), not at a sentence end.
    if (word.length > 1 && word.endsWith('.') && !isAbbreviation(word)) {
      word = word.slice(0, -1);
      WORD.lastIndex = m.index + word.length;
    }
    const start = m.index;
    while (u < units.length - 1 && units[u]!.end <= start) u++;
    while (q < quotes.length && quotes[q]!.end <= start) q++;
    const quote = quotes[q];
    const quoted = !!quote && start > quote.start && start < quote.end - (quote.closed ? 1 : 0);
    tokens.push({
      start,
      end: start + word.length,
      text: word,
      lower: word.toLowerCase().replace(/’/g, "'"),
      unit: u,
      quoted,
      cap: /^\p{Lu}/u.test(word),
    });
  }
  return tokens;
}
