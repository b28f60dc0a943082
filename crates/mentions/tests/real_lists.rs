//! Mentions found in text against the real UN and OFAC lists.

use std::path::PathBuf;
use std::sync::OnceLock;

use interdict_mentions::{find_mentions_in, html_to_text, Dictionary, Mention};
use interdict_model::SourceId;
use interdict_screening::{ScreeningSet, Threshold};
use interdict_store::Store;

fn shared(relative: &str) -> PathBuf {
    let shared = std::env::var_os("INTERDICT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let path = shared.join("lists").join(relative);
    assert!(
        path.exists(),
        "{} is missing (set INTERDICT_SHARED)",
        path.display()
    );
    path
}

/// The UN list of 2026-02-27 and the OFAC SDN set of 2023-12-28, indexed once per test binary.
fn set() -> &'static (ScreeningSet, Dictionary) {
    static SET: OnceLock<(ScreeningSet, Dictionary)> = OnceLock::new();
    SET.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        interdict_lists::import_paths(
            &mut store,
            SourceId::UnSc,
            &[shared("un-sc/consolidated_2026-02-27.xml")],
            None,
        )
        .unwrap();
        interdict_lists::import_paths(
            &mut store,
            SourceId::OfacSdn,
            &[shared("ofac-sdn/2023-12-28")],
            None,
        )
        .unwrap();
        let set = interdict_screening::load_screening_set(&store, &[], None).unwrap();
        let dictionary = Dictionary::build(&set);
        (set, dictionary)
    })
}

fn mentions(text: &str) -> Vec<Mention> {
    let (set, dictionary) = set();
    find_mentions_in(set, dictionary, text, Threshold::DEFAULT)
}

fn summary(mentions: &[Mention]) -> Vec<(usize, usize, String, String)> {
    mentions
        .iter()
        .map(|m| {
            (
                m.start,
                m.end,
                m.text.clone(),
                m.entity_id.as_str().to_owned(),
            )
        })
        .collect()
}

/// (start, end, text, id) of each mention, chars.
fn found(text: &str) -> Vec<(usize, usize, String, String)> {
    let found = mentions(text);
    for mention in &found {
        // Both offset pairs slice the text to the mention.
        assert_eq!(&text[mention.start_byte..mention.end_byte], mention.text);
        let by_chars: String = text
            .chars()
            .skip(mention.start)
            .take(mention.end - mention.start)
            .collect();
        assert_eq!(by_chars, mention.text);
    }
    summary(&found)
}

fn ids(text: &str) -> Vec<String> {
    found(text).into_iter().map(|m| m.3).collect()
}

#[test]
fn suleimani_behind_a_title_and_a_possessive() {
    let text = "Gen. Qassem Suleimani's visit to Moscow in July 2015 was reported by Reuters.";
    let found = mentions(text);
    assert_eq!(
        summary(&found),
        [
            (
                5,
                21,
                "Qassem Suleimani".to_owned(),
                "ofac-sdn:10481".to_owned()
            ),
            (
                5,
                21,
                "Qassem Suleimani".to_owned(),
                "un-sc:IRi.039".to_owned()
            ),
            (
                5,
                21,
                "Qassem Suleimani".to_owned(),
                "un-sc:IRi.040".to_owned()
            ),
        ]
    );
    let first = &found[0];
    assert_eq!((first.start_byte, first.end_byte), (5, 21));
    assert_eq!(first.entity_id.as_str(), "ofac-sdn:10481");
    assert!(first.hit.is_match);
    assert_eq!((first.score * 10_000.0).round() / 10_000.0, 0.8339);
    assert_eq!(
        first.hit.hit.explanation.name.pairs[1].kind,
        interdict_matcher::MatchKind::Phonetic
    );
    assert_eq!(first.coverage, 1.0);
}

#[test]
fn arabic_script_name_in_arabic_text() {
    let text = "وصل قاسم سليماني إلى موسكو";
    let found = found(text);
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!((found[0].0, found[0].1), (4, 16));
    assert_eq!(found[0].2, "قاسم سليماني");
    assert_eq!(found[0].3, "ofac-sdn:10481");
    let first = &mentions(text)[0];
    assert_eq!((first.start_byte, first.end_byte), (7, 30));
}

#[test]
fn vessel_name_with_its_number() {
    assert_eq!(
        found("The tanker ADRIAN DARYA 1 left Gibraltar."),
        [(
            11,
            25,
            "ADRIAN DARYA 1".to_owned(),
            "ofac-sdn:27304".to_owned()
        )]
    );
}

#[test]
fn prophet_and_lone_given_names_do_not_alert() {
    // OFAC lists "FOLLOWERS OF THE PROPHET MUHAMMED" as an alias of Hizballah (ofac-sdn:4697).
    assert!(ids("Scholars of the Prophet Mohammed met in Cairo.").is_empty());
    assert!(ids("He quoted the Prophet Mohammed.").is_empty());
    assert!(ids("Mohammed said the talks would continue.").is_empty());
    assert!(ids("Ali and Hassan arrived on Monday.").is_empty());
    // The whole alias still names the party.
    assert!(
        ids("a group calling itself Followers of the Prophet Muhammed")
            .contains(&"ofac-sdn:4697".to_owned())
    );
}

#[test]
fn several_parties_one_sentence_and_no_lookalikes() {
    let text = "Kim Jong Un met Vladimir Putin. Hassan Nasrallah spoke. Hizballah and Hamas too.";
    assert_eq!(
        ids(text),
        [
            "ofac-sdn:20157",
            "ofac-sdn:35096",
            "ofac-sdn:2686",
            "ofac-sdn:4697",
            "ofac-sdn:4695"
        ],
        "Vladimir Potanin (ofac-sdn:38241) must not ride on \"Vladimir Putin\""
    );
}

#[test]
fn html_is_reduced_to_text() {
    let html = "<html><head><title>News</title><script>var n = 'Kim Jong Un';</script></head>\
        <body><h1>Visit</h1><p>Gen.&nbsp;Qassem <b>Suleimani</b>&#39;s visit &amp; talks.</p></body></html>";
    let text = html_to_text(html);
    assert_eq!(text, "Visit\nGen. Qassem Suleimani's visit & talks.");
    let found = found(&text);
    assert_eq!(found[0].0, 11);
    assert_eq!(found[0].2, "Qassem Suleimani");
    assert!(
        found.iter().all(|m| m.3 != "ofac-sdn:20157"),
        "script content is not text"
    );
}

#[test]
fn one_ordinary_word_is_not_a_vessel() {
    // "Visit" is one letter from the vessel VISTA (ofac-sdn:25273); one word alone must match
    // exactly.
    assert!(ids("Visit to Tehran").is_empty());
    assert_eq!(ids("The ship Vista docked."), ["ofac-sdn:25273"]);
}

#[test]
fn cyrillic_name_in_russian_text() {
    assert_eq!(
        found("Боевиков возглавлял Доку Умаров."),
        [
            (
                20,
                31,
                "Доку Умаров".to_owned(),
                "ofac-sdn:12110".to_owned()
            ),
            (20, 31, "Доку Умаров".to_owned(), "un-sc:QDi.290".to_owned()),
        ]
    );
}

#[test]
fn han_without_spaces() {
    let text = "据报道，金铁三在丹东活动。";
    // FIXME: the matcher scores a Han-only query 0.643 against "Jin Tiesan (金铁三)"
    // (un-sc:KPi.035): transliterated Han is weak evidence there, so at the default threshold
    // there is no mention. The Han windows themselves work, as a lower threshold shows.
    assert!(ids(text).is_empty());
    let (set, dictionary) = set();
    let found = find_mentions_in(set, dictionary, text, Threshold::new(0.6).unwrap());
    assert_eq!(
        summary(&found),
        [(4, 7, "金铁三".to_owned(), "un-sc:KPi.035".to_owned())]
    );
    assert_eq!((found[0].start_byte, found[0].end_byte), (12, 21));
}

mod offsets {
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "Qassem",
        "Suleimani's",
        "ADRIAN",
        "DARYA",
        "1",
        "Kim",
        "Jong",
        "Un",
        "قاسم",
        "سليماني",
        "金铁三",
        "Доку",
        "Умаров",
        "the",
        "Prophet",
        "Mohammed",
        "é",
        "—",
        ",",
        ".",
        "\n",
        "’s",
        "Hizballah",
        "O'Brien",
        "🙂",
        "a\u{301}",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn offsets_slice_the_text(picks in proptest::collection::vec((0..PIECES.len(), 0..3usize), 0..24)) {
            let mut text = String::new();
            for (piece, sep) in picks {
                text.push_str(PIECES[piece]);
                text.push_str([" ", "", "  "][sep]);
            }
            // `found` asserts that both offset pairs slice the text to the mention.
            let _ = super::found(&text);
        }
    }
}

#[test]
fn name_frequencies() {
    // Exact spellings: common given names are held by hundreds of listed names, a rare
    // surname by a few, a transliteration no list spells so by none.
    let (_, dictionary) = set();
    let df: Vec<u32> = [
        "Suleimani",
        "Qassem",
        "Putin",
        "Vladimir",
        "Mohammed",
        "Ali",
        "Kim",
    ]
    .iter()
    .map(|w| dictionary.name_frequency(w))
    .collect();
    assert_eq!(df, [0, 6, 3, 242, 330, 953, 160]);
}

#[test]
fn common_names_and_ordinary_words_do_not_alert() {
    // "Mohammed Ali" is a name on several OFAC and UN records, but both its words are among
    // the commonest of listed names: alone in running text it names nobody in particular.
    assert!(ids("Mohammed Ali arrived in Cairo on Monday.").is_empty());
    // ATLANTIC is a one-word name on the lists, and an ordinary word of English.
    assert!(ids("Ships crossing the Atlantic were delayed.").is_empty());
    assert!(ids("Atlantic storms delayed the ships.").is_empty());
    assert!(ids("Amber warnings were issued.").is_empty());
    // Glued to another capitalised word, a one-word name is part of another name.
    assert!(ids("Shares of Hamas Holdings rose.").is_empty());
    // Rare one-word names of organisations still alert alone; capitals or a word saying what
    // the name is make an ordinary word a name.
    assert_eq!(ids("Officials said Hamas would reply."), ["ofac-sdn:4695"]);
    assert_eq!(ids("The ship Vista docked."), ["ofac-sdn:25273"]);
}

/// A long text is cut at name breaks and scanned on several threads; the mentions are those
/// of each paragraph on its own, shifted by the paragraph's offset, in text order, whatever
/// the number of threads.
#[test]
fn long_text_on_several_threads_finds_what_each_paragraph_does() {
    let paragraph = "Gen. Qasem Soleimani's forces met Kim Jong Un and Vladimir Putin. \
                     The ship FU YUAN YU 8650 left port; Hizballah and Hamas said nothing,\n\n";
    let alone = mentions(paragraph);
    assert_eq!(alone.len(), 7, "{:?}", summary(&alone));
    let copies = 2_001; // ~290 KB: more than one run per thread, not cut at copies
    let text = paragraph.repeat(copies);
    let (set, dictionary) = set();
    for threads in [1, 4] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let found = pool.install(|| find_mentions_in(set, dictionary, &text, Threshold::DEFAULT));
        assert_eq!(found.len(), alone.len() * copies, "{threads} threads");
        let chars = paragraph.chars().count();
        for (n, mention) in found.iter().enumerate() {
            let (copy, first) = (n / alone.len(), &alone[n % alone.len()]);
            assert_eq!(
                mention.start,
                first.start + copy * chars,
                "{threads} threads, #{n}"
            );
            assert_eq!(mention.end_byte, first.end_byte + copy * paragraph.len());
            assert_eq!(mention.entity_id, first.entity_id);
            assert_eq!(mention.text, first.text);
        }
    }
}
