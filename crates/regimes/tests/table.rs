//! The embedded table parses, obeys its rules, and says what the law says on
//! the dates that matter.

use chrono::NaiveDate;
use interdict_model::{Sanction, SourceId};
use interdict_regimes::{Classified, MeasureKind, Regimes};

fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

#[test]
fn embedded_table_is_valid_and_complete() {
    let table = Regimes::embedded();
    assert_eq!(table.regimes().len(), 126);
    // 86 OFAC tags on three sources, 22 CSL-only codes, 15 UN list types,
    // 19 EU programmes, 48 UK regime names.
    assert_eq!(table.codes().len(), 3 * 86 + 22 + 15 + 19 + 48);
    assert_eq!(table.embargoes().len(), 9);
    for row in table.codes() {
        assert!(table.regime(&row.regime).is_some(), "{row:?}");
        assert!(row.citation.starts_with("https://"), "{row:?}");
    }
    for regime in table.regimes() {
        for measure in &regime.measures {
            for period in &measure.periods {
                assert!(period.citation.starts_with("https://"), "{}", regime.id);
            }
        }
    }
}

#[test]
fn un_iran_travel_ban_follows_the_resolutions() {
    let table = Regimes::embedded();
    let iran = table.lookup(SourceId::UnSc, "Iran").unwrap();
    assert_eq!(iran.id, "un-iran");
    let ban = iran.measure(MeasureKind::TravelBan).unwrap();
    // 1747 (2007) para 2 was vigilance only; 1929 (2010) para 10 the ban.
    assert!(ban.period_on(d("2008-06-01")).is_none());
    let notification = iran.measure(MeasureKind::TravelNotification).unwrap();
    assert!(notification
        .period_on(d("2008-06-01"))
        .unwrap()
        .basis
        .starts_with("UNSCR 1747 (2007) para 2"));
    assert!(ban
        .period_on(d("2015-07-24"))
        .unwrap()
        .basis
        .starts_with("UNSCR 1929 (2010) para 10"));
    assert!(ban
        .period_on(d("2017-01-01"))
        .unwrap()
        .basis
        .starts_with("UNSCR 2231 (2015) Annex B para 6(e)"));
    // The 2231 travel ban ran five years from Adoption Day; the list itself
    // (and the freeze) eight, to Transition Day 2023-10-18.
    assert!(ban.period_on(d("2020-10-18")).is_none());
    assert!(table.in_force(iran, d("2023-10-17")));
    assert!(!table.in_force(iran, d("2024-01-15")));
    assert!(ban.period_on(d("2025-09-27")).is_none());
    assert!(ban.period_on(d("2025-09-28")).is_some());
    assert!(table.binds(iran, "RU", d("2015-07-24")));
    assert!(!table.binds(iran, "VA", d("2015-07-24")));
}

#[test]
fn classify_reports_unmapped_codes() {
    let table = Regimes::embedded();
    let mut sanction = Sanction::new(SourceId::OfacSdn, "10481");
    sanction.programs = vec!["SDGT".into(), "IRGC".into(), "NOT-A-TAG".into()];
    let classified = table.classify(&sanction);
    let ids: Vec<String> = classified
        .iter()
        .map(|c| match c {
            Classified::Mapped { regime, .. } => regime.id.clone(),
            Classified::Unmapped { code, .. } => format!("unmapped:{code}"),
        })
        .collect();
    assert_eq!(ids, ["us-sdgt", "us-iran", "unmapped:NOT-A-TAG"]);
    let json = serde_json::to_value(&classified[2]).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"status": "unmapped", "source": "ofac-sdn", "code": "NOT-A-TAG"})
    );
}

#[test]
fn us_listing_binds_no_border_but_the_us() {
    let table = Regimes::embedded();
    let glomag = table.lookup(SourceId::OfacSdn, "GLOMAG").unwrap();
    assert!(glomag.measure(MeasureKind::TravelBan).is_some());
    assert!(!table.binds(glomag, "RU", d("2023-01-01")));
    assert!(table.binds(glomag, "US", d("2023-01-01")));
}

#[test]
fn eu_law_bound_the_uk_until_the_end_of_transition() {
    let table = Regimes::embedded();
    let eu = table
        .lookup(SourceId::UkHmt, "Iran (nuclear proliferation)")
        .unwrap();
    assert_eq!(eu.id, "eu-iran");
    assert!(table.binds(eu, "GB", d("2020-12-31")));
    assert!(!table.binds(eu, "GB", d("2021-01-01")));
    assert!(table.binds(eu, "FR", d("2015-07-24")));
}

#[test]
fn embargoes_by_place_and_date() {
    let table = Regimes::embedded();
    let ids = |place: &str, date: &str| -> Vec<String> {
        table
            .embargoes_for(place, d(date))
            .iter()
            .map(|e| e.id.clone())
            .collect()
    };
    assert_eq!(
        ids("SEVASTOPOL", "2023-05-01"),
        ["us-crimea", "eu-crimea", "uk-crimea"]
    );
    assert_eq!(ids("Севастополь", "2020-05-01"), ["us-crimea", "eu-crimea"]);
    assert_eq!(ids("Simferopol'", "2014-07-01"), ["eu-crimea"]);
    assert_eq!(ids("Luhansk", "2022-03-01"), ["us-dnr-lnr", "eu-dnr-lnr"]);
    assert_eq!(ids("Luhansk", "2021-03-01"), Vec::<String>::new());
    assert_eq!(ids("CU", "2024-01-01"), ["us-cuba"]);
    assert_eq!(ids("cub", "2024-01-01"), ["us-cuba"]);
    assert_eq!(ids("Syrian Arab Republic", "2025-06-30"), ["us-syria"]);
    assert_eq!(ids("Syria", "2025-07-01"), Vec::<String>::new());
    assert_eq!(ids("North Korea", "2016-03-16"), ["us-north-korea"]);
    assert_eq!(ids("Pyongyang", "2016-03-15"), Vec::<String>::new());
    assert_eq!(ids("France", "2024-01-01"), Vec::<String>::new());
    assert_eq!(ids("", "2024-01-01"), Vec::<String>::new());
}

const ONE_REGIME: &str = r#"
[[regime]]
id = "un-x"
name = "X"
authority = "UN Security Council"
binds = ["un_member_states"]
in_force = [{ from = "2010-01-01", basis = "UNSCR 1 para 1", citation = "https://undocs.org/S/RES/1" }]
[[regime.measures]]
kind = "travel_ban"
periods = [{ from = "2010-01-01", basis = "UNSCR 1 para 2", citation = "https://undocs.org/S/RES/1" }]
"#;
const NO_EMBARGO: &str = "embargo = []";

#[test]
fn invalid_tables_are_refused_with_the_row_and_the_reason() {
    let codes = "sources,code,regime,citation\nun-sc,X,un-x,https://example.org/x\n";
    assert!(Regimes::parse(ONE_REGIME, codes, NO_EMBARGO).is_ok());
    let err = |regimes: &str, codes: &str| {
        Regimes::parse(regimes, codes, NO_EMBARGO)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        err(
            ONE_REGIME,
            "sources,code,regime,citation\nun-sc,X,un-y,https://e.org\n"
        ),
        "codes.csv: un-sc \"X\": no regime \"un-y\" in regimes.toml"
    );
    assert_eq!(
        err(
            ONE_REGIME,
            "sources,code,regime,citation\nun-sc,X,un-x,see the resolution\n"
        ),
        "codes.csv: line 2: the citation must start with the https:// URL of the official document"
    );
    assert_eq!(
        err(
            ONE_REGIME,
            "sources,code,regime,citation\nun-sc,X,un-x,https://e.org\nun-sc,X,un-x,https://e.org\n"
        ),
        "codes.csv: un-sc \"X\": code listed twice for the source"
    );
    assert_eq!(
        err(ONE_REGIME, "sources,code,regime,citation\nun-xx,X,un-x,https://e.org\n"),
        "codes.csv: line 2: unknown source \"un-xx\" (known: ofac-sdn, ofac-cons, un-sc, uk-hmt, eu-fsf, us-csl, opensanctions)"
    );
    let backwards = ONE_REGIME.replace(
        r#"periods = [{ from = "2010-01-01","#,
        r#"periods = [{ from = "2010-01-01", until = "2009-01-01","#,
    );
    assert_eq!(
        err(&backwards, codes),
        "regimes.toml: un-x travel_ban: a period ends before it starts"
    );
    let bad_date = ONE_REGIME.replace(
        "2010-01-01\", basis = \"UNSCR 1 para 2",
        "2010-13-01\", basis = \"UNSCR 1 para 2",
    );
    assert!(err(&bad_date, codes).starts_with("regimes.toml: "));
}

proptest::proptest! {
    /// Place matching ignores case and punctuation: every place of every
    /// embargo is found however it is cased or dotted.
    #[test]
    fn places_match_whatever_the_case_and_punctuation(index in 0usize..1000, upper: bool, dots: bool) {
        let table = Regimes::embedded();
        let places: Vec<(&str, &str)> = table
            .embargoes()
            .iter()
            .flat_map(|e| e.places.iter().map(move |p| (e.id.as_str(), p.as_str())))
            .collect();
        let (id, place) = places[index % places.len()];
        let mut written = if upper { place.to_uppercase() } else { place.to_lowercase() };
        if dots {
            written = written.replace(' ', ". ");
        }
        let date = table.embargoes().iter().find(|e| e.id == id).unwrap().periods[0].from;
        let found = table.embargoes_for(&written, date);
        proptest::prop_assert!(found.iter().any(|e| e.id == id), "{written:?} not found for {id}");
    }

    /// Any text is answered without panicking.
    #[test]
    fn any_text_is_answered(text in ".{0,40}") {
        let _ = Regimes::embedded().embargoes_for(&text, d("2024-01-01"));
    }
}
