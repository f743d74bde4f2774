// Strict readers for the export tests: RFC 4180 CSV and well-formed XML. Both throw on anything a
// lenient reader would let pass, so a test that parses a body also checks its syntax.

/** RFC 4180: records end with CRLF (the last one too), a field is either quoted or free of `"`, `,`, CR and LF. */
export function parseCsv(text: string): string[][] {
  if (!text.endsWith('\r\n')) throw new Error('CSV must end with CRLF');
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') {
        if (text[i] === '"' || text[i] === '\n')
          throw new Error(`unquoted field with ${JSON.stringify(text[i])} at ${i}`);
        field += text[i++];
      }
    }
    row.push(field);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else throw new Error(`expected , or CRLF at ${i}, got ${JSON.stringify(text.slice(i, i + 10))}`);
  }
  const width = rows[0]?.length;
  rows.forEach((r, n) => {
    if (r.length !== width) throw new Error(`row ${n} has ${r.length} fields, the header ${width}`);
  });
  return rows;
}

/** CSV rows as objects keyed by the header row, which must be `columns`. */
export function csvRecords<C extends string>(text: string, columns: readonly C[]): Array<Record<C, string>> {
  const [header, ...rows] = parseCsv(text);
  if (JSON.stringify(header) !== JSON.stringify(columns))
    throw new Error(`header ${JSON.stringify(header)} is not ${JSON.stringify(columns)}`);
  return rows.map((row) => Object.fromEntries(columns.map((name, i) => [name, row[i]!])) as Record<C, string>);
}

export type XmlElement = { name: string; attributes: Record<string, string>; children: XmlElement[]; text: string };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, at: number): string {
  if (raw.includes('<')) throw new Error(`"<" in character data near ${at}`);
  return raw.replace(/&([^;]*);?/g, (match, name: string) => {
    if (!match.endsWith(';')) throw new Error(`unterminated entity near ${at}`);
    if (name in ENTITIES) return ENTITIES[name]!;
    const code = /^#x([0-9a-f]+)$/i.exec(name)?.[1] ?? /^#(\d+)$/.exec(name)?.[1];
    if (!code) throw new Error(`unknown entity &${name}; near ${at}`);
    return String.fromCodePoint(name.startsWith('#x') || name.startsWith('#X') ? parseInt(code, 16) : Number(code));
  });
}

/** Parses a document with one root element; comments and the XML declaration are skipped. */
export function parseXml(text: string): XmlElement {
  let i = 0;
  const skipMisc = () => {
    for (;;) {
      const rest = text.slice(i);
      const space = /^\s+/.exec(rest);
      if (space) i += space[0].length;
      else if (rest.startsWith('<?')) i = text.indexOf('?>', i) + 2;
      else if (rest.startsWith('<!--')) i = text.indexOf('-->', i) + 3;
      else return;
      if (i < 2) throw new Error('unterminated declaration or comment');
    }
  };
  const element = (): XmlElement => {
    const open = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(i));
    if (!open) throw new Error(`expected an element at ${i}`);
    i += open[0].length;
    const node: XmlElement = { name: open[1]!, attributes: {}, children: [], text: '' };
    for (;;) {
      const attribute = /^\s+([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/.exec(text.slice(i));
      if (!attribute) break;
      if (attribute[1]! in node.attributes) throw new Error(`duplicate attribute ${attribute[1]} at ${i}`);
      node.attributes[attribute[1]!] = decode(attribute[3] ?? attribute[4]!, i);
      i += attribute[0].length;
    }
    const end = /^\s*(\/?)>/.exec(text.slice(i));
    if (!end) throw new Error(`malformed start tag <${node.name}> at ${i}`);
    i += end[0].length;
    if (end[1]) return node;
    for (;;) {
      const next = text.indexOf('<', i);
      if (next < 0) throw new Error(`<${node.name}> is never closed`);
      node.text += decode(text.slice(i, next), i);
      i = next;
      if (text.startsWith('<!--', i)) {
        i = text.indexOf('-->', i) + 3;
        continue;
      }
      if (text.startsWith('</', i)) {
        const close = /^<\/([A-Za-z_][\w.:-]*)\s*>/.exec(text.slice(i));
        if (!close || close[1] !== node.name) throw new Error(`</${close?.[1]}> closes <${node.name}> at ${i}`);
        i += close[0].length;
        return node;
      }
      node.children.push(element());
    }
  };
  skipMisc();
  const root = element();
  skipMisc();
  if (i !== text.length) throw new Error(`content after the root element at ${i}`);
  return root;
}

/** Every element named `name` under `root`, depth first. */
export function findAll(root: XmlElement, name: string): XmlElement[] {
  return [...(root.name === name ? [root] : []), ...root.children.flatMap((child) => findAll(child, name))];
}
