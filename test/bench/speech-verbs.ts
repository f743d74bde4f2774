// What counts as a *speech* attribution when scoring recall on PolNeAR. Fixed before any tuning and
// kept apart from the extractor's own lexicon (src/extraction/lexicon.ts), so that widening the
// extractor cannot widen the yardstick. Sources:
// - Levin (1993), English Verb Classes and Alternations, class 37 "Verbs of Communication"
//   (37.1 transfer of a message, 37.2 tell, 37.3 manner of speaking, 37.4 instrument of
//   communication, 37.5 talk, 37.6 chitchat, 37.7 say, 37.8 complain, 37.9 advise, 37.11 promise);
// - FrameNet 1.7, frame "Statement" (its verbal lexical units) and "Reporting".
// "tweet" is added to 37.4 (instrument of communication) as "e-mail" is there.
// A cue also counts when it is "according to", and any attribution counts when its content is quoted.

const LEVIN_37 = `
ask cite demonstrate dictate explain explicate narrate pose preach quote read recite relay show teach tell write
babble bark bawl bellow bleat boom bray burble cackle call carol chant chatter chirp cluck coo croak croon crow cry
drawl drone gabble gibber groan growl grumble grunt hiss holler hoot howl jabber lilt lisp moan mumble murmur mutter
purr rage rasp roar rumble scream screech shout shriek sing snap snarl snuffle splutter squall squawk squeak squeal
stammer stutter thunder trill trumpet twitter wail warble wheeze whimper whine whisper whistle whoop yammer yap yell
yelp yodel
cable e-mail email fax phone radio sign signal telecast telegraph telephone telex wire tweet
speak talk
argue chat confer converse gab gossip rap
announce articulate blurt claim confess confide convey declare mention note observe proclaim propose recount
reiterate relate remark repeat report reveal say state suggest
bitch carp complain crab gripe grouse kvetch
admonish advise alert brief caution consult counsel instruct warn
promise`;

const FRAMENET_STATEMENT = `
acknowledge add address admit affirm allege announce assert attest aver avow caution claim comment concede conjecture
confess confirm contend declare detail explain gloat hint insist maintain mention note observe pontificate proclaim
profess pronounce propose reaffirm recount reiterate relate remark report reveal say speak state suggest talk tell
volunteer voice write`;

export const SPEECH_LEMMAS: ReadonlySet<string> = new Set(
  `${LEVIN_37} ${FRAMENET_STATEMENT}`.split(/\s+/).filter(Boolean),
);

const IRREGULAR: Record<string, string> = {
  said: 'say',
  says: 'say',
  told: 'tell',
  wrote: 'write',
  written: 'write',
  spoke: 'speak',
  spoken: 'speak',
  sang: 'sing',
  sung: 'sing',
  read: 'read',
  taught: 'teach',
  cried: 'cry',
  cries: 'cry',
  replied: 'reply',
  crew: 'crow',
  besought: 'beseech',
};

/** The candidate lemmas of one word form: enough for regular -s, -es, -ed, -ing and doubled consonants. */
function lemmaCandidates(word: string): string[] {
  const w = word.toLowerCase();
  const out = [w];
  const irregular = IRREGULAR[w];
  if (irregular) out.push(irregular);
  if (w.endsWith('ies')) out.push(`${w.slice(0, -3)}y`);
  if (w.endsWith('es')) out.push(w.slice(0, -2));
  if (w.endsWith('s')) out.push(w.slice(0, -1));
  if (w.endsWith('ied')) out.push(`${w.slice(0, -3)}y`);
  if (w.endsWith('ed')) out.push(w.slice(0, -2), w.slice(0, -1), w.slice(0, -3));
  if (w.endsWith('ing')) out.push(w.slice(0, -3), `${w.slice(0, -3)}e`, w.slice(0, -4));
  return out;
}

/** Is this annotated cue a verb of saying (or "according to")? */
export function isSpeechCue(cue: string): boolean {
  const lower = cue.toLowerCase().trim();
  if (/\baccording to\b/.test(lower)) return true;
  return (lower.match(/[a-z][a-z-]*/g) ?? []).some((word) =>
    lemmaCandidates(word).some((lemma) => SPEECH_LEMMAS.has(lemma)),
  );
}

export function isQuoted(content: string): boolean {
  return /["“”]/.test(content);
}
