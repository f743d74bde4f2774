// Each step of the rule-based extractor on short texts written for these tests.
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extraction/index.ts';
import { findTimes } from '../../src/extraction/time.ts';

// Thursday 2024-04-18.
const run = (text: string, publishedAt = '2024-04-18') => extract({ text, publishedAt });
const claims = (text: string, publishedAt?: string) => {
  const { draft, notes } = run(text, publishedAt);
  return draft.claims.map((c) => ({
    ...c,
    speakerName: draft.actors.find((a) => a.key === c.speaker)?.name,
    speakerKind: draft.actors.find((a) => a.key === c.speaker)?.kind,
    relayName: c.reportedBy ? draft.actors.find((a) => a.key === c.reportedBy)?.name : null,
    relayKind: c.reportedBy ? draft.actors.find((a) => a.key === c.reportedBy)?.kind : null,
    note: notes.claims[c.key]!,
  }));
};

describe('cues and stances', () => {
  it('a title-case headline takes its capitalized cue: "Mayor Ana Ortiz Says Toll Bridge Will Close"', () => {
    const [c] = claims('Mayor Ana Ortiz Says Toll Bridge Will Close In May.\n\nThe bridge opened in 1932.');
    expect(c!.speakerName).toBe('Ana Ortiz');
    expect(c!.note.evidence.text).toContain('Toll Bridge Will Close In May');
    // In running text a capitalized word that looks like a cue stays a name.
    expect(claims('The ferry to Islamic States Harbor leaves at noon every day.')).toHaveLength(0);
  });

  it('"..., but told ..." is a cue of the clause subject', () => {
    const [c] = claims('Mayor Ana Ortiz endorsed Clark, but told reporters on Monday that the toll would go.');
    expect(c!.speakerName).toBe('Ana Ortiz');
    expect(c!.note.evidence.text).toContain('the toll would go');
  });

  it('the subject of a coordinated cue is the clause subject, not the object of the first verb', () => {
    const [c] = claims('Mayor Ana Ortiz endorsed Clark and told reporters on Monday that the toll would go.');
    expect(c!.speakerName).toBe('Ana Ortiz');
  });

  it('a long "According to ..." phrase at the head of a sentence runs to its comma', () => {
    const [c] = claims(
      'According to early results of a survey conducted for the city and two local papers, most drivers want a toll.',
    );
    expect(c!.speakerName?.startsWith('Early results of a survey')).toBe(true);
    expect(c!.note.evidence.text).toContain('most drivers want a toll');
  });

  it('"talked about" and "spoke about" are cues with the topic as content; "talks" as a noun is not', () => {
    const [c] = claims('Mayor Ana Ortiz talked about the cost of the new bridge.');
    expect(c!.speakerName).toBe('Ana Ortiz');
    expect(c!.note.evidence.text).toContain('the cost of the new bridge');
    expect(claims('Mayor Ana Ortiz spoke about the cost of the new bridge.')).toHaveLength(1);
    expect(claims('The talks about the bridge stalled in May.')).toHaveLength(0);
    expect(claims('Mayor Ana Ortiz spoke at length in May.')).toHaveLength(0);
  });

  it('"show" takes a document as source even when words follow it: "polls released Sunday showed ..."', () => {
    const [c] = claims('New polls released Sunday showed Ortiz taking a lead in the city.');
    expect(c!.speakerName).toBe('New polls');
    expect(c!.stance).toBe('reports');
    expect(c!.note.evidence.text).toContain('Ortiz taking a lead in the city');
    expect(claims('Crowds gathered on Sunday showed little interest in the race.')).toHaveLength(0);
  });

  it('a plain description of people heads a source: "her advisers and allies say ..."', () => {
    const [c] = claims('Her advisers and allies say she will tour the coast next month.');
    expect(c!.speakerName).toBe('Her advisers and allies');
    expect(c!.note.evidence.text).toContain('she will tour the coast next month');
  });

  it('"called for" and "called on" are cues whose content is what was asked for', () => {
    const [forIt] = claims('Mayor Ana Ortiz called for a new bridge over the river.');
    expect(forIt!.speakerName).toBe('Ana Ortiz');
    expect(forIt!.note.evidence.text).toContain('a new bridge over the river');
    const [onThem] = claims('Mayor Ana Ortiz called on the council to fund the bridge.');
    expect(onThem!.speakerName).toBe('Ana Ortiz');
    expect(onThem!.note.evidence.text).toContain('the council to fund the bridge');
  });

  it('"cited" and "proposed" take what was put forward as their content, but not as a participle before a noun', () => {
    const [cited] = claims('Mayor Ana Ortiz cited rising costs as the reason for the delay.');
    expect(cited!.speakerName).toBe('Ana Ortiz');
    expect(cited!.note.evidence.text).toContain('rising costs as the reason for the delay');
    const [proposed] = claims('Mayor Ana Ortiz proposed a toll on the new bridge.');
    expect(proposed!.speakerName).toBe('Ana Ortiz');
    expect(proposed!.note.evidence.text).toContain('a toll on the new bridge');
    expect(claims("Ortiz's proposed toll drew protests from drivers.")).toHaveLength(0);
    expect(claims('The proposed toll drew protests from drivers.')).toHaveLength(0);
  });

  it('knows reporting verbs beyond "said", each with its stance', () => {
    const cases: Array<[string, string]> = [
      ['Mayor Ana Ortiz stressed that the bridge was safe.', 'states'],
      ['Mayor Ana Ortiz insisted that the bridge was safe.', 'states'],
      ['Mayor Ana Ortiz tweeted that the bridge was safe.', 'states'],
      ['Mayor Ana Ortiz confirmed that the bridge was closed.', 'confirms'],
      ['Mayor Ana Ortiz acknowledged that the bridge was closed.', 'confirms'],
      ['Mayor Ana Ortiz denied that the bridge was closed.', 'denies'],
      ['Mayor Ana Ortiz dismissed the report as rumour.', 'rejects'],
      ['Mayor Ana Ortiz alleged that the contractor cut corners.', 'alleges'],
      ['Mayor Ana Ortiz accused the contractor of cutting corners.', 'accuses'],
      ['Mayor Ana Ortiz criticised the contractor for the delays.', 'criticizes'],
      ['Mayor Ana Ortiz warned that the bridge could fail.', 'states'],
      ['The city newspaper reported that the bridge was closed.', 'reports'],
    ];
    for (const [text, stance] of cases) {
      const found = claims(text);
      expect(found, text).toHaveLength(1);
      expect(found[0]!.stance, text).toBe(stance);
      expect(found[0]!.mode, text).toBe('reported_speech');
    }
  });

  it('negation: "did not deny" is no denial, "did not say" is no claim', () => {
    const [notDenied] = claims('Mayor Ana Ortiz did not deny that the bridge was closed.');
    expect(notDenied?.stance).toBe('states');
    expect(notDenied!.note.confidence).toBeLessThan(0.9);
    expect(claims('Mayor Ana Ortiz did not say why the bridge was closed.')).toEqual([]);
    expect(claims('Mayor Ana Ortiz declined to say why the bridge was closed.')).toEqual([]);
  });

  it('"called X Y" is a claim; "called up", "called back" are not', () => {
    const [called] = claims('Union leader Maria Voss called the strike a victory for workers.');
    expect(called?.speakerName).toBe('Maria Voss');
    expect(called?.text).toBe('Called the strike a victory for workers');
    expect(claims('Union leader Maria Voss called up her members.')).toEqual([]);
    expect(claims('Union leader Maria Voss called back later.')).toEqual([]);
  });

  it('a text with no attribution gives no claim', () => {
    expect(
      claims(
        'The bridge opened in 1932. It carries four lanes of traffic across the river.\n\nRepairs start next year.',
      ),
    ).toEqual([]);
  });
});

describe('sources and content', () => {
  it('reported speech: the content clause, without "that"', () => {
    const [c] = claims('Transport Minister Ivo Brandt said that the ferry service would resume.');
    expect(c).toMatchObject({
      speakerName: 'Ivo Brandt',
      text: 'The ferry service would resume',
      mode: 'reported_speech',
    });
    expect(c!.note.cue.text).toBe('said');
    expect(c!.note.speakerMention?.text).toBe('Transport Minister Ivo Brandt');
    expect(c!.note.evidence.text).toBe('Transport Minister Ivo Brandt said that the ferry service would resume.');
  });

  it('direct quotes before and after the cue, and inverted sources', () => {
    const [a] = claims('“The ferry will run again by June,” Brandt said.');
    expect(a).toMatchObject({ speakerName: 'Brandt', mode: 'direct_quote', text: 'The ferry will run again by June' });
    const [b] = claims('Ivo Brandt said: “The ferry will run again by June.”');
    expect(b).toMatchObject({
      speakerName: 'Ivo Brandt',
      mode: 'direct_quote',
      text: 'The ferry will run again by June.',
    });
    const [c] = claims('“The ferry will run again by June,” said Ivo Brandt, the transport minister.');
    expect(c).toMatchObject({ speakerName: 'Ivo Brandt', mode: 'direct_quote' });
  });

  it('joins a quotation split around its cue', () => {
    const found = claims('“The ferry will run again,” Brandt said, “but not before June.”');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ mode: 'direct_quote', text: 'The ferry will run again but not before June.' });
  });

  it('joins a quotation running over paragraphs, and continues a quoting speaker', () => {
    const text =
      'Ivo Brandt said: “The ferry will run again.\n\n“It will not run before June.”\n\n“We owe the islanders an apology.”';
    const found = claims(text);
    expect(found[0]).toMatchObject({
      speakerName: 'Ivo Brandt',
      mode: 'direct_quote',
      text: 'The ferry will run again. It will not run before June.',
    });
    expect(found[1]).toMatchObject({
      speakerName: 'Ivo Brandt',
      mode: 'direct_quote',
      text: 'We owe the islanders an apology.',
    });
    expect(found[1]!.note.pattern).toBe('quote-continuation');
  });

  it('a mixed quotation is reported speech', () => {
    const [c] = claims('Brandt said the delay was “regrettable but necessary”.');
    expect(c).toMatchObject({ mode: 'reported_speech', text: 'The delay was “regrettable but necessary”' });
  });

  it('appositions give the role, kept apart from the name', () => {
    const { draft } = run('Lena Hart, a spokeswoman for the harbour authority, said the port would reopen.');
    const hart = draft.actors.find((a) => a.name === 'Lena Hart');
    expect(hart?.kind).toBe('person');
    expect(draft.claims[0]?.speaker).toBe(hart?.key);
  });
});

describe('relays', () => {
  it('"X told Reuters": the speaker is X, the relay is the outlet', () => {
    const [c] = claims('Ivo Brandt told Reuters that the ferry would run again.');
    expect(c).toMatchObject({
      speakerName: 'Ivo Brandt',
      relayName: 'Reuters',
      relayKind: 'media',
      text: 'The ferry would run again',
    });
  });

  it('"according to X" makes X the speaker; an outlet in "according to" relays another speaker', () => {
    const [a] = claims('The ferry will run again in June, according to Ivo Brandt.');
    expect(a).toMatchObject({ speakerName: 'Ivo Brandt', text: 'The ferry will run again in June' });
    expect(a!.note.pattern).toBe('according-to');
    const found = claims('According to the newspaper Kystposten, Ivo Brandt said the ferry would run again.');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ speakerName: 'Ivo Brandt', relayName: 'Kystposten', relayKind: 'media' });
  });

  it('"X was cited by the agency Y as saying" and "it quoted X as saying"', () => {
    const found = claims(
      'Brandt was cited by the state news agency Norpress as confirming the ferry would run.\n\n“The ferry will run in June,” it quoted the minister as saying.',
    );
    expect(found[0]).toMatchObject({ speakerName: 'Brandt', relayName: 'Norpress', stance: 'confirms' });
    expect(found[1]).toMatchObject({ speakerName: 'Brandt', relayName: 'Norpress', mode: 'direct_quote' });
  });
});

describe('coreference', () => {
  it('pronouns, surnames and role nouns go to the last compatible named speaker', () => {
    const text = [
      'Judge Linda Park said the hearing would resume on Monday.',
      'She said the defence had asked for more time.',
      'Park added that no date was final.',
      'The harbour ministry said the port would stay shut. The ministry said repairs had begun.',
      'The judge said she would rule next week.',
    ].join('\n\n');
    const found = claims(text);
    expect(found.map((c) => c.speakerName)).toEqual([
      'Linda Park',
      'Linda Park',
      'Linda Park',
      'Harbour ministry',
      'Harbour ministry',
      'Linda Park',
    ]);
    expect(found[1]!.note.speakerMention?.text).toBe('She');
  });

  it('an unresolved description stays as it stands, with low confidence', () => {
    const [c] = claims('A federal judge said the law was unconstitutional.');
    expect(c?.speakerName).toBe('A federal judge');
    expect(c?.speakerKind).toBe('group');
    expect(c!.note.confidence).toBeLessThan(0.5);
    const [d] = claims('Two diplomats familiar with the talks said a deal was close.');
    expect(d?.speakerName).toMatch(/^Two diplomats/);
    expect(d!.note.confidence).toBeLessThan(0.5);
  });
});

describe('saidAt', () => {
  it('weekdays resolve to the most recent such day on or before publication', () => {
    const at = (text: string, publishedAt: string) => claims(text, publishedAt)[0]!.saidAt;
    // 2024-04-17 is a Wednesday.
    expect(at('Ivo Brandt said on Wednesday that the ferry would run.', '2024-04-17')).toEqual({
      text: 'on Wednesday',
      start: '2024-04-17',
      end: '2024-04-17',
      precision: 'day',
      approximate: false,
    });
    expect(at('Ivo Brandt said on Wednesday that the ferry would run.', '2024-04-18')).toMatchObject({
      start: '2024-04-17',
      end: '2024-04-17',
    });
    expect(at('Ivo Brandt said late Tuesday that the ferry would run.', '2024-04-17')).toEqual({
      text: 'late Tuesday',
      start: '2024-04-16',
      end: '2024-04-16',
      precision: 'day',
      approximate: false,
    });
    expect(at('Ivo Brandt said on Thursday that the ferry would run.', '2024-04-17')).toMatchObject({
      start: '2024-04-11',
    });
  });

  it('last week and last month are approximate intervals; no time words give unknown', () => {
    const [week] = claims('Ivo Brandt said last week that the ferry would run.', '2024-04-17');
    expect(week!.saidAt).toEqual({
      text: 'last week',
      start: '2024-04-08',
      end: '2024-04-14',
      precision: 'day',
      approximate: true,
    });
    const [month] = claims('Ivo Brandt said last month that the ferry would run.', '2024-04-17');
    expect(month!.saidAt).toEqual({
      text: 'last month',
      start: '2024-03-01',
      end: '2024-03-31',
      precision: 'month',
      approximate: true,
    });
    const [none] = claims('Ivo Brandt said that the ferry would run.');
    expect(none!.saidAt).toEqual({ text: null, start: null, end: null, precision: 'unknown', approximate: false });
  });

  it('a time inside the content is not when it was said', () => {
    const [c] = claims('Ivo Brandt said that the ferry stopped on Monday.', '2024-04-17');
    expect(c!.saidAt.precision).toBe('unknown');
  });

  it('dates, months and seasons', () => {
    const times = (s: string) => findTimes(s, 0, s.length, '2024-04-17').map((t) => t.spec);
    expect(times('on March 3')).toEqual([
      { text: 'on March 3', start: '2024-03-03', end: '2024-03-03', precision: 'day', approximate: false },
    ]);
    expect(times('in November 2020')).toEqual([
      { text: 'November 2020', start: '2020-11-01', end: '2020-11-30', precision: 'month', approximate: false },
    ]);
    expect(times('in late 2022')).toEqual([
      { text: 'late 2022', start: '2022-09-01', end: '2022-12-31', precision: 'season', approximate: true },
    ]);
    expect(times('yesterday')[0]).toMatchObject({ start: '2024-04-16', precision: 'day' });
  });
});

describe('speaker resolution', () => {
  it('a description with a named appositive is that person: "The finance minister, Rui Tavares, said"', () => {
    const text =
      'Mayor Ana Ortiz said on Monday that the bridge would close.\n\nThe finance minister, Rui Tavares, said the budget had no room for a new bridge.';
    const found = claims(text);
    const c = found.find((x) => x.note.evidence.text.includes('budget'));
    expect(c!.speakerName).toBe('Rui Tavares');
  });

  it('a trailing day is a time, not the name: "Tavares earlier Thursday said"', () => {
    const text =
      'Councilman Rui Tavares spoke first.\n\nMayor Ana Ortiz said the bridge would close.\n\nTavares earlier Thursday said the budget was tight.';
    const c = claims(text).find((x) => x.note.evidence.text.includes('budget'));
    expect(c!.speakerName).toContain('Tavares');
  });

  it('"X and Y have both said": the named people before "both" speak', () => {
    const [c] = claims(
      'The council met on Monday. Mayor Ana Ortiz and Councilman Rui Tavares have both said the bridge would close.',
    );
    expect(c!.speakerName).toContain('Tavares');
  });

  it('a pronoun is never resolved to a place such as "South Dakota"', () => {
    const text =
      'Mayor Ana Ortiz spoke for an hour.\n\nSouth Dakota approved the plan on Friday.\n\n“We will build it,” she said.';
    const [c] = claims(text);
    expect(c!.speakerName).toBe('Ana Ortiz');
  });
});
