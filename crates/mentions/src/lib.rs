//! Mentions of listed parties in free text: news, reports, remittance information, web pages.
//!
//! A name screener answers "is this name listed?"; a document has no names, only words. Trying
//! the matcher on every run of words would cost tens of microseconds per word, so the text is
//! screened in two steps:
//!
//! 1. A [`Dictionary`] built once per screening set holds, for every token of every indexed
//!    name (its consonant skeleton, so "Suleimani" meets "Soleimani"), how many names carry it,
//!    which tokens are whole names on their own, which pairs of tokens occur together in some
//!    name, and the compact pinyin of names written in Han.
//! 2. [`find_mentions`] cuts the text into words ([`words`], one pass, ASCII fast path), and
//!    starts a candidate only at a
//!    capitalised word (or one of a script without case) that is a name token; it extends the
//!    candidate word by word while each next word forms a known pair with the one before
//!    (particles such as "al" or "bin" may sit between). Only these candidates go to the
//!    matcher, with the same rules as name screening (titles dropped, transliteration, lone
//!    given names and weak aliases never alert). A candidate must be specific: a word rare
//!    among listed names ([`DISTINCTIVE_DF`]), three words that go together, or capitals; one
//!    word alone must stand alone and be written in capitals, follow a word saying what it is,
//!    or be a rare organisation's main name ([`RARE_SINGLE_DF`]). A hit is kept only when the
//!    words cover
//!    most of the listed name's distinctive tokens, weighted by rarity: "Prophet Mohammed"
//!    covers little of "FOLLOWERS OF THE PROPHET MUHAMMED", whose rare word is "followers".
//!
//! Han and kana have no spaces: each character is a word, and runs of two to four characters
//! whose pinyin spells a Han-script listed name are candidates.
//!
//! Offsets are given twice: `start`/`end` in characters (Unicode scalar values, what most
//! languages index strings by) and `start_byte`/`end_byte` in UTF-8 bytes; both are half-open
//! and slice the screened text to `text`. For HTML input ([`html_to_text`]) they are offsets
//! into the reduced text. A mention covers the name words only: a title before it ("Gen.") and
//! a possessive after it ("'s") are outside.

#![deny(missing_docs)]

mod html;
pub mod words;

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use interdict_index::{NameSource, NameToken, PreparedName};
use interdict_matcher::{Hit, MatchKind, Query};
use interdict_model::EntityId;
use interdict_screening::{screen, ScoredHit, ScreenOptions, ScreeningSet, Threshold};
use interdict_text::{to_latin, NameKind, Role};
use rayon::prelude::*;

pub use html::html_to_text;
use words::{Word, WordKind};

/// The share of a listed name's distinctive weight (tokens weighted by rarity) that the words
/// of a mention must cover. Two of three tokens of a name whose rare token is among them pass
/// ("Mohammad Zolghadr" for "Mohammad Bagher Zolghadr"); a common pair inside a long alias
/// does not.
pub const MIN_COVERAGE: f64 = 0.6;

/// Hits on the same words scoring this much below the best one are dropped (see
/// `Scanner::screen`).
pub const SAME_WORDS_MARGIN: f64 = 0.1;

/// Lowercase words that may sit inside a name written in title case ("Bank of the Orient",
/// "Ministerio de Defensa"). "and" is not among them: "Ali and Hassan" is two people.
const INNER_LOWERCASE: &[&str] = &[
    "of", "the", "for", "de", "del", "la", "le", "du", "des", "da", "do", "dos", "das", "van",
    "von", "der", "den", "al", "el", "bin", "ibn", "y", "e",
];

/// The most name words (particles not counted) one candidate spans.
const MAX_WORDS: usize = 6;

/// The most connecting words (particles, initials, titles, legal forms) in a row inside a
/// candidate.
const MAX_CONNECTORS: usize = 2;

/// A token is distinctive when at most this many indexed names (weak aliases excluded) hold
/// it. A candidate of several words must contain a distinctive word: common given names and
/// surnames ("Mohammed", "Ali", "John", "Garcia") are each held by hundreds of listed names, so
/// a run made only of them names nobody in particular.
pub const DISTINCTIVE_DF: u32 = 40;

/// A candidate of this many name words or more needs no distinctive word.
const MIN_COMMON_WORDS: usize = 3;

/// A one-word name (an organisation or a vessel) alerts on its own, title case in running text,
/// only when its word is this rare among indexed names ("Hizballah", "Hamas"); an ordinary word
/// that is also a name ("Atlantic", "Amber") alerts only written in capitals as lists write
/// names, or after a word that says what it is ("the ship Vista").
pub const RARE_SINGLE_DF: u32 = 12;

/// Words before a one-word name that say it names a vessel or an organisation.
const CONTEXT_WORDS: &[&str] = &[
    "ship",
    "vessel",
    "tanker",
    "freighter",
    "carrier",
    "yacht",
    "boat",
    "mv",
    "mt",
    "group",
    "organisation",
    "organization",
    "militia",
    "movement",
    "company",
    "firm",
    "bank",
    "network",
    "front",
];

/// Capitalised at the start of a sentence, these words do not make a name with the next one.
const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "in", "on", "at", "by", "for", "from", "to", "with", "and", "but", "of",
    "as", "after", "before", "when", "while", "if", "this", "that", "its", "his", "her", "their",
];

/// The hasher of maps keyed by a hash already (token keys, pair keys, word hashes).
#[derive(Clone, Copy, Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0 ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;
type KeySet = HashSet<u64, BuildHasherDefault<KeyHasher>>;

/// One mention of a listed party in the text. Its JSON shape (the hit's fields flattened into
/// the mention's) is written by `interdict-json`.
#[derive(Clone, Debug)]
pub struct Mention {
    /// Character offset of the first character (Unicode scalar values, from 0).
    pub start: usize,
    /// Character offset just past the mention.
    pub end: usize,
    /// UTF-8 byte offset of the first byte.
    pub start_byte: usize,
    /// UTF-8 byte offset just past the mention.
    pub end_byte: usize,
    /// The text mentioned, as written (`text[start_byte..end_byte]`).
    pub text: String,
    /// The share of the listed name's distinctive weight the mention covers (see
    /// [`MIN_COVERAGE`]).
    pub coverage: f64,
    /// The entity mentioned.
    pub entity_id: EntityId,
    /// Its score.
    pub score: f64,
    /// The hit, judged against the threshold (a mention always reaches it).
    pub hit: ScoredHit,
}

/// What the text screener knows of the names of one screening set (see the crate docs).
/// Build it once per [`ScreeningSet`] and pass it to [`find_mentions_in`].
#[derive(Debug)]
pub struct Dictionary {
    /// Token key → number of names holding it.
    tokens: KeyMap<u32>,
    /// Hash of a token's exact text → number of names holding it (skeletons join spellings,
    /// which says nothing of how common one spelling is: "Suleimani" shares "slmn" with every
    /// Suleiman and Salman).
    exact: KeyMap<u32>,
    /// Keys of tokens that are a whole name on their own.
    singles: KeySet,
    /// Unordered pairs of token keys that occur together in some name.
    pairs: KeySet,
    /// Compact pinyin of Han-script names ("xijinping").
    han: HashSet<String>,
    /// Names indexed.
    n_names: u32,
}

impl Dictionary {
    /// Builds the dictionary from the set's index: every name but weak aliases (which never
    /// alert alone, so never start a mention).
    pub fn build(set: &ScreeningSet) -> Dictionary {
        let mut dictionary = Dictionary {
            tokens: KeyMap::default(),
            exact: KeyMap::default(),
            singles: KeySet::default(),
            pairs: KeySet::default(),
            han: HashSet::new(),
            n_names: 0,
        };
        for name in set.index.names() {
            if name.source == NameSource::WeakAlias {
                continue;
            }
            dictionary.n_names += 1;
            let mut keys: Vec<u64> = name
                .name
                .tokens
                .iter()
                .filter(|t| matches!(t.role, Role::Word | Role::Number))
                .map(token_key)
                .collect();
            // Runs of Han or kana in the name ("Jin Tiesan (金铁三)"), spelled character by
            // character as the text side spells them.
            let mut run = String::new();
            for c in name.name.original.chars().chain(std::iter::once(' ')) {
                if words::is_ideograph(c) {
                    run.extend(to_latin(c.encode_utf8(&mut [0; 4])).split_whitespace());
                } else if !run.is_empty() {
                    dictionary.han.insert(std::mem::take(&mut run));
                }
            }
            let words = name
                .name
                .tokens
                .iter()
                .filter(|t| matches!(t.role, Role::Word | Role::Number));
            if keys.len() == 1 && words.clone().all(|t| t.role == Role::Word) {
                dictionary.singles.insert(keys[0]);
            }
            for (i, a) in keys.iter().enumerate() {
                for b in keys.iter().skip(i + 1).take(4) {
                    dictionary.pairs.insert(pair_key(*a, *b));
                }
            }
            keys.sort_unstable();
            keys.dedup();
            for key in keys {
                *dictionary.tokens.entry(key).or_insert(0) += 1;
            }
            let mut exact: Vec<u64> = name
                .name
                .tokens
                .iter()
                .filter(|t| matches!(t.role, Role::Word | Role::Number))
                .map(|t| fnv(b'e', &t.text))
                .collect();
            exact.sort_unstable();
            exact.dedup();
            for key in exact {
                *dictionary.exact.entry(key).or_insert(0) += 1;
            }
        }
        dictionary
    }

    /// How many indexed names (weak aliases excluded) hold a token spelled exactly as `word`
    /// is once normalised; 0 when none does. `word` is one word of text.
    pub fn name_frequency(&self, word: &str) -> u32 {
        self.exact_df(&word_info(word, words::WordKind::Spaced).exact)
    }

    fn exact_df(&self, exact: &[u64]) -> u32 {
        exact
            .iter()
            .map(|k| self.exact.get(k).copied().unwrap_or(0))
            .max()
            .unwrap_or(0)
    }

    fn df(&self, key: u64) -> u32 {
        self.tokens.get(&key).copied().unwrap_or(0)
    }

    /// The rarity weight of a token: the log of names per name holding it.
    fn weight(&self, key: u64) -> f64 {
        let df = self.tokens.get(&key).copied().unwrap_or(1).max(1);
        (f64::from(self.n_names.max(1)) / f64::from(df))
            .ln()
            .max(0.1)
    }
}

/// Finds the mentions of listed parties in `text` at the default threshold
/// ([`Threshold::DEFAULT`]). Builds a [`Dictionary`] first (a few hundred milliseconds with
/// every list loaded); to screen many texts, build it once and call [`find_mentions_in`].
pub fn find_mentions(set: &ScreeningSet, text: &str) -> Vec<Mention> {
    find_mentions_in(set, &Dictionary::build(set), text, Threshold::DEFAULT)
}

/// Finds the mentions of listed parties in `text` whose hit scores at least `threshold`, in
/// text order (mentions of the same words are ordered by score, best first).
///
/// A text of 64 KiB or more is cut at name breaks into runs scanned in parallel on the
/// current rayon pool; the answer is the same as on one thread.
pub fn find_mentions_in(
    set: &ScreeningSet,
    dictionary: &Dictionary,
    text: &str,
    threshold: Threshold,
) -> Vec<Mention> {
    let words = words::words(text);
    let segments = segments(&words, text.len(), rayon::current_num_threads());
    if segments.len() <= 1 {
        return scan_words(set, dictionary, text, threshold, &words);
    }
    let found: Vec<Vec<Mention>> = segments
        .into_par_iter()
        .map(|range| scan_words(set, dictionary, text, threshold, &words[range]))
        .collect();
    found.into_iter().flatten().collect()
}

/// Texts shorter than this are scanned on one thread: below it, the work of a second thread
/// does not pay for starting it.
const PARALLEL_MIN_BYTES: usize = 64 * 1024;

/// Cuts `words` into about `2 * threads` runs of similar length, each starting at a word that
/// follows a name break (`break_before`), so that every run can be scanned on its own: no
/// candidate, and no look at a neighbouring word, crosses a break (see [`Scanner`]). Gives one
/// run for short texts.
fn segments(words: &[Word], text_bytes: usize, threads: usize) -> Vec<std::ops::Range<usize>> {
    if text_bytes < PARALLEL_MIN_BYTES || threads <= 1 || words.is_empty() {
        let whole = 0..words.len();
        return vec![whole];
    }
    let target = (text_bytes / (2 * threads)).max(PARALLEL_MIN_BYTES / 2);
    let mut out = Vec::new();
    let mut start = 0;
    for (k, word) in words.iter().enumerate().skip(1) {
        if word.break_before && word.byte_start - words[start].byte_start >= target {
            out.push(start..k);
            start = k;
        }
    }
    out.push(start..words.len());
    out
}

/// Scans one run of words that starts at a name break (or the text's start) and ends before
/// one (or at the text's end).
fn scan_words<'a>(
    set: &'a ScreeningSet,
    dictionary: &'a Dictionary,
    text: &'a str,
    threshold: Threshold,
    words: &'a [Word],
) -> Vec<Mention> {
    let mut scanner = Scanner {
        set,
        dictionary,
        text,
        threshold,
        infos: vec![UNSEEN; words.len()],
        words,
        arena: Vec::new(),
        word_memo: KeyMap::default(),
        screen_memo: HashMap::new(),
        weak_single: false,
        out: Vec::new(),
    };
    scanner.scan();
    scanner.out
}

/// What a word can be in a name.
#[derive(Clone, Debug, Default)]
struct WordInfo {
    /// Keys of its name tokens (words and numbers); empty when it has none.
    keys: Vec<u64>,
    /// Its tokens' texts, lowercase ASCII.
    texts: Vec<String>,
    /// A particle, initial, title or legal form: may sit inside a name, never starts one.
    connector: bool,
    /// Whether it has a word token (letters), not only numbers.
    letters: bool,
    /// Whether it is a title ("Gen", "Sheikh", "M/V").
    title: bool,
    /// Whether it is a legal form ("Ltd", "OOO").
    legal: bool,
    /// Whether one of its keys is a token of some indexed name.
    known: bool,
    /// Hashes of its word and number tokens' exact texts.
    exact: Vec<u64>,
    /// The most names holding one of its tokens, spelled exactly so.
    df: u32,
    /// Whether one of its keys is a whole one-word name.
    single: bool,
}

/// `Scanner::infos` of a word not looked at yet.
const UNSEEN: u32 = u32::MAX;

struct Scanner<'a> {
    set: &'a ScreeningSet,
    dictionary: &'a Dictionary,
    text: &'a str,
    threshold: Threshold,
    /// The words scanned: a run that starts and ends at name breaks (see [`segments`]), so
    /// the first word has no word before it that could join a name, nor the last one after.
    words: &'a [Word],
    /// Per word, its index in `arena`, or [`UNSEEN`]: words are looked up only when the scan
    /// needs them (capitalised words, and the words after an anchor).
    infos: Vec<u32>,
    /// One entry per distinct word text met.
    arena: Vec<(&'a str, WordInfo)>,
    /// Hash of a word's text → its index in `arena`.
    word_memo: KeyMap<u32>,
    /// Candidate text → its accepted hits: a name repeated in a document is screened once.
    screen_memo: HashMap<&'a str, std::rc::Rc<Vec<(ScoredHit, f64)>>>,
    /// Set by [`Scanner::single_may_alert`]: the one word is written in title case with no
    /// word around it saying what it names.
    weak_single: bool,
    out: Vec<Mention>,
}

impl<'a> Scanner<'a> {
    /// Looks word `i` up (once per distinct text) and returns its index in `arena`.
    fn ensure(&mut self, i: usize) -> usize {
        if self.infos[i] != UNSEEN {
            return self.infos[i] as usize;
        }
        let word = self.words[i];
        let slice: &'a str = &self.text[word.byte_start..word.byte_end];
        let hash = fnv(word.kind as u8, slice);
        let found = self
            .word_memo
            .get(&hash)
            .copied()
            .filter(|at| self.arena[*at as usize].0 == slice);
        let at = match found {
            Some(at) => at,
            None => {
                let mut info = word_info(slice, word.kind);
                info.known = info.keys.iter().any(|k| self.dictionary.df(*k) > 0);
                info.df = self.dictionary.exact_df(&info.exact);
                info.single = info
                    .keys
                    .iter()
                    .any(|k| self.dictionary.singles.contains(k));
                let at = self.arena.len() as u32;
                self.arena.push((slice, info));
                self.word_memo.entry(hash).or_insert(at);
                at
            }
        };
        self.infos[i] = at;
        at as usize
    }

    /// The lookup of word `i`, which [`Scanner::ensure`] has made.
    fn info(&self, i: usize) -> &WordInfo {
        &self.arena[self.infos[i] as usize].1
    }

    /// A word that can be part of a name: capitalised (or a number), and a name token.
    fn is_name_word(&mut self, i: usize) -> bool {
        let word = &self.words[i];
        if word.kind != WordKind::Spaced || !word.capitalised {
            return false;
        }
        self.ensure(i);
        let info = self.info(i);
        !info.connector && info.known
    }

    /// A word a name can start at: a name word with letters ("1" alone names nothing).
    fn is_anchor(&mut self, i: usize) -> bool {
        self.is_name_word(i) && self.info(i).letters
    }

    /// Whether the word is a distinctive token (see [`DISTINCTIVE_DF`]); a number in a name
    /// ("FU YUAN YU 8650") is as telling as a rare word.
    fn is_distinctive(&self, i: usize) -> bool {
        self.info(i).df <= DISTINCTIVE_DF
    }

    /// Whether the words are a candidate worth screening: one of them is distinctive, or they
    /// are three name words or more that every two occur together in some listed name (three
    /// common words together are a name seldom shared: "Abdul Rahim Manan"), or all are written in capitals, as lists write names ("ARMED
    /// ISLAMIC GROUP").
    fn window_ok(&self, anchors: &[usize]) -> bool {
        (anchors.len() >= MIN_COMMON_WORDS
            && anchors
                .iter()
                .enumerate()
                .all(|(n, a)| anchors[n + 1..].iter().all(|b| self.pair_ok(*a, *b))))
            || anchors.iter().any(|a| self.is_distinctive(*a))
            || anchors
                .iter()
                .all(|a| self.all_caps(*a) || !self.info(*a).letters)
    }

    fn pair_ok(&self, a: usize, b: usize) -> bool {
        self.info(a).keys.iter().any(|ka| {
            self.info(b)
                .keys
                .iter()
                .any(|kb| self.dictionary.pairs.contains(&pair_key(*ka, *kb)))
        })
    }

    /// Whether the word is written in capitals (two letters or more, none lowercase).
    fn all_caps(&self, i: usize) -> bool {
        let word = self.words[i];
        let slice = &self.text[word.byte_start..word.byte_end];
        slice.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !slice.chars().any(char::is_lowercase)
    }

    /// Whether the word `i`, alone, may be a one-word name (see [`RARE_SINGLE_DF`]): it stands
    /// alone (no capitalised word right before or after it in the same phrase: "Atlantic
    /// Holdings" is another name), and it is written in capitals, or a word before it says
    /// what it names ("the ship Vista"), or (`weak_single`) its token is rare; then only an
    /// organisation whose own main name is that word alerts ("Hamas"), never a vessel or a
    /// company that merely has it as an alias ("Atlantic").
    fn single_may_alert(&mut self, i: usize) -> bool {
        if !self.info(i).single {
            return false;
        }
        let word = self.words[i];
        let glued = |scanner: &mut Self, k: usize| {
            let w = scanner.words[k];
            let slice = &scanner.text[w.byte_start..w.byte_end];
            // A capitalised word glued to it makes another name ("Atlantic Shipping"), but
            // for a title ("Sheikh"), a legal form ("PROISTOK OOO") or a function word
            // opening a sentence ("The").
            w.kind == WordKind::Spaced
                && w.capitalised
                && !FUNCTION_WORDS.iter().any(|f| slice.eq_ignore_ascii_case(f))
                && {
                    scanner.ensure(k);
                    let info = scanner.info(k);
                    !info.title && !info.legal
                }
        };
        if i + 1 < self.words.len() && !self.words[i + 1].break_before && glued(self, i + 1) {
            return false;
        }
        if i > 0 && !word.break_before && glued(self, i - 1) {
            return false;
        }
        let context = i > 0 && !word.break_before && {
            let before = self.words[i - 1];
            let slice = &self.text[before.byte_start..before.byte_end];
            CONTEXT_WORDS.iter().any(|w| slice.eq_ignore_ascii_case(w))
        };
        if self.all_caps(i) || context {
            self.weak_single = false;
            return true;
        }
        self.weak_single = true;
        self.info(i).df <= RARE_SINGLE_DF
    }

    fn scan(&mut self) {
        let mut i = 0;
        while i < self.words.len() {
            if self.words[i].kind == WordKind::Ideograph {
                i = self.scan_ideographs(i);
                continue;
            }
            if !self.is_anchor(i) {
                i += 1;
                continue;
            }
            // The anchors of the longest candidate starting here.
            let mut anchors = vec![i];
            let mut k = i + 1;
            let mut connectors = 0;
            while k < self.words.len() && anchors.len() < MAX_WORDS {
                let word = self.words[k];
                if word.break_before || word.kind != WordKind::Spaced {
                    break;
                }
                // A lowercase name token ("of", "the" in "Bank of the Orient") may sit inside a
                // name, never at its ends. Lowercase words longer than any of those are not
                // looked up.
                if !word.capitalised && word.byte_end - word.byte_start > 4 {
                    break;
                }
                self.ensure(k);
                let info = self.info(k);
                let lowercase_token = !word.capitalised
                    && info.texts.len() == 1
                    && INNER_LOWERCASE.contains(&info.texts[0].as_str());
                if info.connector || lowercase_token {
                    connectors += 1;
                    if connectors > MAX_CONNECTORS {
                        break;
                    }
                    k += 1;
                    continue;
                }
                if self.is_name_word(k) && self.pair_ok(*anchors.last().expect("one anchor"), k) {
                    anchors.push(k);
                    connectors = 0;
                    k += 1;
                    continue;
                }
                break;
            }
            let mut next = i + 1;
            // Longest first; a single word only when it may be a whole one-word name, several
            // only with a distinctive word among them.
            for len in (1..=anchors.len()).rev() {
                let last = anchors[len - 1];
                if len == 1 {
                    if !self.single_may_alert(i) {
                        continue;
                    }
                } else if !self.window_ok(&anchors[..len]) {
                    continue;
                }
                if let Some(end) = self.try_window(i, last) {
                    next = end + 1;
                    break;
                }
            }
            i = next;
        }
    }

    /// Runs of Han or kana: windows of four down to two characters whose pinyin spells a
    /// Han-script name. Returns the index of the first word after the run.
    fn scan_ideographs(&mut self, start: usize) -> usize {
        let mut run_end = start;
        while run_end < self.words.len()
            && self.words[run_end].kind == WordKind::Ideograph
            && (run_end == start || !self.words[run_end].break_before)
        {
            run_end += 1;
        }
        let mut i = start;
        while i < run_end {
            let mut advanced = false;
            for len in (2..=4).rev() {
                if i + len > run_end {
                    continue;
                }
                for k in i..i + len {
                    self.ensure(k);
                }
                let compact: String = (i..i + len)
                    .flat_map(|k| self.info(k).texts.iter().map(String::as_str))
                    .collect();
                if !self.dictionary.han.contains(&compact) {
                    continue;
                }
                if let Some(end) = self.try_window(i, i + len - 1) {
                    i = end + 1;
                    advanced = true;
                    break;
                }
            }
            if !advanced {
                i += 1;
            }
        }
        run_end
    }

    /// Screens the words `first..=last`; on accepted hits, records the mentions (trimmed to
    /// the words the hit matched) and returns the last word mentioned.
    fn try_window(&mut self, first: usize, last: usize) -> Option<usize> {
        let full: &'a str = self.text;
        let query_text = &full[self.words[first].byte_start..self.words[last].byte_end];
        let mut accepted = match self.screen_memo.get(query_text) {
            Some(found) => found.clone(),
            None => {
                let found = std::rc::Rc::new(self.screen(query_text, first == last));
                self.screen_memo.insert(query_text, found.clone());
                found
            }
        };
        if first == last && self.weak_single && self.words[first].kind == WordKind::Spaced {
            let entities = self.set.index.entities();
            let kept: Vec<(ScoredHit, f64)> = accepted
                .iter()
                .filter(|(scored, _)| {
                    let entity = &entities[scored.hit.entity as usize];
                    matches!(
                        entity.schema,
                        interdict_model::Schema::Organization
                            | interdict_model::Schema::LegalEntity
                    ) && entity.caption.eq_ignore_ascii_case(query_text)
                })
                .cloned()
                .collect();
            accepted = std::rc::Rc::new(kept);
        }
        let (ScoredHit { hit, .. }, _) = accepted.first()?;
        // Trim words at either end that the hit did not use (a title, a word of a sentence).
        let used: HashSet<&str> = hit
            .explanation
            .name
            .pairs
            .iter()
            .flat_map(|p| p.query.split_whitespace())
            .collect();
        let is_used = |k: usize| self.info(k).texts.iter().any(|t| used.contains(t.as_str()));
        let mut from = first;
        let mut to = last;
        while from < to && !is_used(from) {
            from += 1;
        }
        while to > from && !is_used(to) {
            to -= 1;
        }
        if self.words[from].kind == WordKind::Ideograph {
            // Pinyin of single characters need not equal the name's token texts.
            from = first;
            to = last;
        }
        let (start_word, end_word) = (self.words[from], self.words[to]);
        let text = &self.text[start_word.byte_start..end_word.byte_end];
        for (scored, coverage) in accepted.iter() {
            let hit = &scored.hit;
            self.out.push(Mention {
                start: start_word.char_start,
                end: end_word.char_end,
                start_byte: start_word.byte_start,
                end_byte: end_word.byte_end,
                text: text.to_owned(),
                coverage: *coverage,
                entity_id: hit.entity_id.clone(),
                score: hit.score,
                hit: scored.clone(),
            });
        }
        Some(to)
    }

    /// The hits of one candidate that alert and cover enough of their name, best first.
    ///
    /// One word alone (`single`) must match a whole one-word name of an organisation or vessel
    /// exactly or by transliteration: in running text a typo or sound-alike match of one word
    /// ("Visit" for the vessel VISTA) is far likelier an ordinary word than a name, and one word
    /// never names a person ("Adam" is an alias of a listed person, and a given name).
    fn screen(&self, query_text: &str, single: bool) -> Vec<(ScoredHit, f64)> {
        let options = ScreenOptions::alerts(self.threshold, 8);
        let hits: Vec<(ScoredHit, f64)> = screen(self.set, &Query::name(query_text), &options)
            .into_iter()
            .filter(|scored| !scored.hit.explanation.weak_alias)
            .filter(|ScoredHit { hit, .. }| {
                !single
                    || (self.set.index.entities()[hit.entity as usize].schema
                        != interdict_model::Schema::Person
                        && hit.explanation.name.pairs.iter().all(|pair| {
                            matches!(pair.kind, MatchKind::Exact | MatchKind::Transliterated)
                        }))
            })
            .filter_map(|scored| {
                let coverage = self.coverage(&scored.hit);
                (coverage >= MIN_COVERAGE).then_some((scored, coverage))
            })
            .collect();
        // The same words name one party: hits well below the best are other parties whose
        // names merely resemble it ("Vladimir Potanin" for the words "Vladimir Putin").
        let best = hits.first().map_or(0.0, |(scored, _)| scored.hit.score);
        hits.into_iter()
            .filter(|(scored, _)| scored.hit.score >= best - SAME_WORDS_MARGIN)
            .collect()
    }

    /// The share of the matched list name's rarity weight that the hit's token pairs cover.
    fn coverage(&self, hit: &Hit) -> f64 {
        let index = &self.set.index;
        let entity = &index.entities()[hit.entity as usize];
        let Some(name) = index.names()[entity.names.start as usize..entity.names.end as usize]
            .iter()
            .find(|n| n.name.original == hit.matched_name)
        else {
            return 0.0;
        };
        let matched: HashSet<&str> = hit
            .explanation
            .name
            .pairs
            .iter()
            .flat_map(|p| p.list.split_whitespace())
            .collect();
        let mut total = 0.0;
        let mut covered = 0.0;
        for token in name.name.body() {
            if !matches!(token.role, Role::Word | Role::Number) {
                continue;
            }
            let weight = self.dictionary.weight(token_key(token));
            total += weight;
            if matched.contains(token.text.as_str()) {
                covered += weight;
            }
        }
        if total == 0.0 {
            0.0
        } else {
            covered / total
        }
    }
}

/// How a word of the text can take part in a name. The word is prepared as the first word of
/// a name ("<word> zz"), so that a particle or a title gets the role it has before a name.
fn word_info(word: &str, kind: WordKind) -> WordInfo {
    if kind == WordKind::Ideograph {
        let latin: String = to_latin(word).split_whitespace().collect();
        return WordInfo {
            keys: Vec::new(),
            texts: vec![latin],
            letters: true,
            ..WordInfo::default()
        };
    }
    let prepared = PreparedName::new(&format!("{word} zz"), NameKind::Unknown);
    let tokens = &prepared.tokens[..prepared.tokens.len().saturating_sub(1)];
    let keys: Vec<u64> = tokens
        .iter()
        .filter(|t| matches!(t.role, Role::Word | Role::Number))
        .map(token_key)
        .collect();
    WordInfo {
        connector: keys.is_empty() && !tokens.is_empty(),
        letters: tokens.iter().any(|t| t.role == Role::Word),
        title: tokens.iter().any(|t| t.role == Role::Title),
        legal: tokens.iter().any(|t| matches!(t.role, Role::LegalForm(_))),
        exact: tokens
            .iter()
            .filter(|t| matches!(t.role, Role::Word | Role::Number))
            .map(|t| fnv(b'e', &t.text))
            .collect(),
        texts: tokens.iter().map(|t| t.text.clone()).collect(),
        keys,
        ..WordInfo::default()
    }
}

/// The dictionary key of a name token: its consonant skeleton (so that spellings meet), or its
/// text when the skeleton is too short to tell names apart.
fn token_key(token: &NameToken) -> u64 {
    if token.skeleton.len() >= 2 {
        fnv(b's', &token.skeleton)
    } else {
        fnv(b'e', &token.text)
    }
}

fn pair_key(a: u64, b: u64) -> u64 {
    let (low, high) = if a <= b { (a, b) } else { (b, a) };
    low.rotate_left(17) ^ high.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// FNV-1a over a tag byte and the text.
fn fnv(tag: u8, text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in std::iter::once(tag).chain(text.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_cover_every_word_and_start_at_breaks() {
        let text = "Kim Jong Un met Vladimir Putin in Moscow, then left. ".repeat(5_001);
        let words = words::words(&text);
        let all = 0..words.len();
        let whole = vec![all];
        assert_eq!(segments(&words, 1_000, 8), whole, "short text");
        assert_eq!(segments(&words, text.len(), 1), whole, "one thread");
        let runs = segments(&words, text.len(), 4);
        // 265 KB for 4 threads: runs of a little over 265 KB / 8 each.
        assert!((6..=9).contains(&runs.len()), "{runs:?}");
        assert_eq!(runs[0].start, 0);
        assert_eq!(runs.last().unwrap().end, words.len());
        for pair in runs.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
            assert!(words[pair[1].start].break_before);
        }
    }
}
