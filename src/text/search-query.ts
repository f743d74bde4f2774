// The search syntax of GET /v1/search, translated into an FTS5 expression that always parses.
//
// FTS5's own syntax turns everyday input into errors: `Nagorno-Karabakh`, `Peskov's` or `U.S.` are
// syntax errors there, and `hajiyev:` names a column. So every word and phrase is passed to FTS5 as a
// quoted string (the tokenizer still splits `Nagorno-Karabakh` into a two-word phrase), and only the
// operators below are kept. Whatever this translator accepts, FTS5 accepts; whatever it refuses gets
// a message that says how to write it instead.
//
//   withdrawal peacekeepers     every term must match (AND is implied)
//   "early withdrawal"          a phrase: the words next to each other, in this order
//   withdr*   "early withdr"*   a prefix: the (last) word begins with these letters
//   a OR b, a AND b, a NOT b    upper case only (lower-case and/or/not are searched as words);
//                               NOT binds tighter than AND, AND tighter than OR
//   ( ... )                     grouping

/** A term of the query as FTS5 reads it; `positive` unless it stands on the right of a NOT. */
export type SearchPhrase = { fts: string; positive: boolean };

export type ParsedSearch = { ok: true; expression: string; phrases: SearchPhrase[] } | { ok: false; message: string };

/** Every term costs a lookup per index searched; a bound keeps one request from costing dozens. */
export const MAX_TERMS = 16;

type Token =
  | { kind: 'term'; fts: string }
  | { kind: 'op'; op: 'AND' | 'OR' | 'NOT' }
  | { kind: 'open' }
  | { kind: 'close' };

/** Letters and digits are what the unicode61 tokenizer indexes; a term without any matches nothing. */
const SEARCHABLE = /[\p{L}\p{N}\p{Co}]/u;
const OPERATORS = new Set(['AND', 'OR', 'NOT']);

const ftsString = (text: string) => `"${text.replaceAll('"', '""')}"`;

class SearchSyntaxError extends Error {}

function lex(q: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const char = q[i]!;
    if (/\s/u.test(char)) {
      i++;
    } else if (char === '(' || char === ')') {
      tokens.push({ kind: char === '(' ? 'open' : 'close' });
      i++;
    } else if (char === '"') {
      const close = q.indexOf('"', i + 1);
      if (close < 0) {
        throw new SearchSyntaxError(
          'has an unclosed double quote: close the phrase ("early withdrawal") or remove the quote',
        );
      }
      const phrase = q.slice(i + 1, close);
      const prefix = q[close + 1] === '*';
      i = close + (prefix ? 2 : 1);
      if (SEARCHABLE.test(phrase)) tokens.push({ kind: 'term', fts: ftsString(phrase) + (prefix ? '*' : '') });
      else if (prefix)
        throw new SearchSyntaxError(
          'has a "*" after a phrase without letters or digits; a prefix search is written withdr*',
        );
    } else {
      let end = i;
      while (end < q.length && !/[\s"()]/u.test(q[end]!)) end++;
      const word = q.slice(i, end);
      i = end;
      if (OPERATORS.has(word)) {
        tokens.push({ kind: 'op', op: word as 'AND' | 'OR' | 'NOT' });
        continue;
      }
      const prefix = word.endsWith('*');
      const stem = prefix ? word.slice(0, -1) : word;
      if (stem.includes('*') || (prefix && !SEARCHABLE.test(stem))) {
        throw new SearchSyntaxError(
          `has a "*" that does not end a word ("${word}"); a prefix search is written withdr*`,
        );
      }
      // Punctuation on its own ("-", "—", "&") is no term: skipped, as the tokenizer would skip it.
      if (SEARCHABLE.test(stem)) tokens.push({ kind: 'term', fts: ftsString(stem) + (prefix ? '*' : '') });
    }
  }
  return tokens;
}

/**
 * Recursive descent with FTS5's precedence (NOT over AND over OR). Besides the expression it lists
 * the phrases, each marked positive unless it stands on the right of a NOT: ranking weighs only
 * what a hit must contain.
 */
function parse(tokens: Token[]): { expression: string; phrases: SearchPhrase[] } {
  let pos = 0;
  let lastOperator: 'AND' | 'OR' | 'NOT' | undefined;
  const phrases: SearchPhrase[] = [];
  const misplaced = (op: 'AND' | 'OR' | 'NOT') => {
    const example = op === 'NOT' ? 'withdrawal NOT early' : `withdrawal ${op} peacekeepers`;
    return new SearchSyntaxError(
      `uses ${op} without a term on each side; write ${example}, or "${op.toLowerCase()}" in lower case to search for the word`,
    );
  };
  const operator = (op: 'AND' | 'OR' | 'NOT') => {
    const token = tokens[pos];
    if (token?.kind !== 'op' || token.op !== op) return false;
    lastOperator = op;
    pos++;
    return true;
  };
  const startsOperand = () => tokens[pos]?.kind === 'term' || tokens[pos]?.kind === 'open';

  const primary = (negated: boolean): string => {
    const token = tokens[pos];
    if (token === undefined) throw misplaced(lastOperator ?? 'AND');
    if (token.kind === 'op') throw misplaced(token.op);
    if (token.kind === 'close') throw new SearchSyntaxError('has a ")" without a matching "("');
    pos++;
    if (token.kind === 'term') {
      phrases.push({ fts: token.fts, positive: !negated });
      return token.fts;
    }
    if (tokens[pos]?.kind === 'close') throw new SearchSyntaxError('has empty parentheses "()"');
    const inner = or(negated);
    if (tokens[pos]?.kind !== 'close') throw new SearchSyntaxError('has a "(" that is never closed');
    pos++;
    return `( ${inner} )`;
  };
  const not = (negated: boolean): string => {
    const parts = [primary(negated)];
    while (operator('NOT')) parts.push(primary(!negated));
    return parts.join(' NOT ');
  };
  const and = (negated: boolean): string => {
    const parts = [not(negated)];
    // Terms side by side must all match: the implied AND is written out, since FTS5 allows it
    // between phrases only, not next to a parenthesis.
    while (operator('AND') || startsOperand()) parts.push(not(negated));
    return parts.join(' AND ');
  };
  const or = (negated: boolean): string => {
    const parts = [and(negated)];
    while (operator('OR')) parts.push(and(negated));
    return parts.join(' OR ');
  };

  const expression = or(false);
  if (pos < tokens.length) {
    const token = tokens[pos]!;
    throw token.kind === 'op' ? misplaced(token.op) : new SearchSyntaxError('has a ")" without a matching "("');
  }
  return { expression, phrases };
}

/** Translates the `q` of GET /v1/search into an FTS5 MATCH expression, or says what is wrong with it. */
export function parseSearchQuery(q: string): ParsedSearch {
  try {
    const tokens = lex(q);
    if (tokens.length === 0) {
      throw new SearchSyntaxError('has no letter or digit to search for; give a word, a "phrase" or a prefix*');
    }
    const parsed = parse(tokens);
    if (parsed.phrases.length > MAX_TERMS) {
      throw new SearchSyntaxError(`has ${parsed.phrases.length} terms; at most ${MAX_TERMS} are searched at once`);
    }
    return { ok: true, ...parsed };
  } catch (error) {
    if (error instanceof SearchSyntaxError) return { ok: false, message: error.message };
    throw error;
  }
}
