//! Linkage on the real lists: UN, UK (two publications, so that a delisting
//! shows) and OFAC, imported into one temp store once per test run.

use std::path::PathBuf;
use std::sync::OnceLock;

use interdict_linkage::{
    party_view, Clusters, Declaration, DeclaredLinks, EvidenceKind, Options, Refusal, Status,
    Verdict,
};
use interdict_model::{EntityId, SourceId};
use interdict_store::Store;

fn lists_dir() -> PathBuf {
    let shared = std::env::var_os("INTERDICT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    shared.join("lists")
}

/// The data directory with the lists imported (kept for the whole run).
fn data_dir() -> &'static std::path::Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        for (source, path) in [
            (SourceId::UnSc, "un-sc/consolidated_2026-02-27.xml"),
            (SourceId::UkHmt, "uk-hmt/ConList_2020-04-27.csv"),
            (SourceId::UkHmt, "uk-hmt/ConList_2025-04-14.xlsx"),
            (SourceId::OfacSdn, "ofac-sdn/2024-05-03"),
        ] {
            interdict_lists::import_paths(&mut store, source, &[lists_dir().join(path)], None)
                .unwrap_or_else(|err| panic!("{path}: {err}"));
        }
        dir
    })
    .path()
}

/// The clusters of the latest versions, with no declarations.
fn clusters() -> &'static Clusters {
    static CLUSTERS: OnceLock<Clusters> = OnceLock::new();
    CLUSTERS.get_or_init(|| {
        let store = Store::open(data_dir()).unwrap();
        Clusters::load(&store, None, &[], &Options::default()).unwrap()
    })
}

fn id(text: &str) -> EntityId {
    EntityId::parse(text).unwrap()
}

/// The evidence of `kind` joining `a` and `b` directly, as its detail.
fn evidence(clusters: &Clusters, a: &str, b: &str, kind: EvidenceKind) -> Option<String> {
    let (a, b) = (id(a), id(b));
    clusters.party(&a)?.links.iter().find_map(|link| {
        let pair = (link.a == a && link.b == b) || (link.a == b && link.b == a);
        (pair && link.evidence.kind == kind).then(|| link.evidence.detail.clone())
    })
}

#[test]
fn the_uk_un_reference_links_to_the_un_record() {
    let clusters = clusters();
    assert!(clusters.same_party(&id("uk-hmt:11051"), &id("un-sc:QDi.277")));
    assert_eq!(
        evidence(
            clusters,
            "un-sc:QDi.277",
            "uk-hmt:11051",
            EvidenceKind::CrossReference
        )
        .as_deref(),
        Some("uk-hmt:11051 gives UN reference QDI.277, the UN record's own")
    );
    // Soleimani's UK record (group 9062) left the UK list; it is still linked.
    assert_eq!(
        evidence(
            clusters,
            "un-sc:IRi.039",
            "uk-hmt:9062",
            EvidenceKind::CrossReference
        )
        .as_deref(),
        Some("uk-hmt:9062 gives UN reference IRI.039, the UN record's own")
    );
}

#[test]
fn an_imo_number_links_ofac_and_uk_vessel_records() {
    let clusters = clusters();
    let detail = evidence(
        clusters,
        "ofac-sdn:23734",
        "uk-hmt:13651",
        EvidenceKind::Identifier,
    )
    .expect("SAM JONG 2 is one vessel");
    assert_eq!(
        detail,
        "both give IMO number 7408873 (ofac-sdn:23734 Vessel Registration Identification; uk-hmt:13651 IMO number)"
    );
    let members: Vec<&str> = clusters
        .members_of(&id("uk-hmt:13651"))
        .iter()
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(members, ["ofac-sdn:23734", "uk-hmt:13651"]);
}

#[test]
fn name_and_full_birth_date_link_ofac_and_uk_records() {
    let clusters = clusters();
    let detail = evidence(
        clusters,
        "ofac-sdn:35797",
        "uk-hmt:15593",
        EvidenceKind::NameBirthDate,
    )
    .expect("Elvira Nabiullina is on both lists");
    assert_eq!(
        detail,
        "names \"NABIULLINA, Elvira Sakhipzadovna\" and \"Elvira Sakhipzadovna NABIULLINA\" score 1.00; both born 1963-10-29"
    );
    let party = clusters.party(&id("uk-hmt:15593")).unwrap();
    assert_eq!(party.members.len(), 2);
    assert!(party
        .links
        .iter()
        .all(|l| l.evidence.kind == EvidenceKind::NameBirthDate));
}

#[test]
fn soleimani_listed_by_un_and_ofac_delisted_by_the_uk() {
    let store = Store::open(data_dir()).unwrap();
    let view = party_view(&store, clusters(), &id("ofac-sdn:10481"), None).unwrap();
    let members: Vec<&str> = view.members.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(members, ["ofac-sdn:10481", "uk-hmt:9062", "un-sc:IRi.039"]);
    let status = |source: &str| {
        view.status
            .iter()
            .find(|s| s.source == source)
            .unwrap_or_else(|| panic!("{source} has a status"))
    };
    let un = status("un-sc");
    assert_eq!(un.status, Status::Listed);
    assert_eq!(un.since.as_deref(), Some("2007-03-24"));
    assert_eq!(un.programs, ["Iran"]);
    let uk = status("uk-hmt");
    assert_eq!(uk.status, Status::Delisted);
    assert_eq!(uk.records, ["uk-hmt:9062"]);
    assert_eq!(uk.delisted_on.as_deref(), Some("2025-04-14"));
    let ofac = status("ofac-sdn");
    assert_eq!(ofac.status, Status::Listed);
    // OFAC states no listing date: since the first version held.
    assert_eq!(ofac.since.as_deref(), Some("2024-05-03"));
    assert!(ofac.programs.contains(&"IRGC".to_string()));
    let uk_record = view.members.iter().find(|m| m.id == "uk-hmt:9062").unwrap();
    assert!(!uk_record.in_force);
    assert_eq!(uk_record.first_held.as_deref(), Some("2020-04-27"));
    assert_eq!(uk_record.version.published.to_string(), "2020-04-27");
    assert_eq!(view.status[2].status, Status::Delisted);
}

#[test]
fn a_declared_link_joins_what_the_evidence_missed() {
    // The OFAC and UN records of Sirajuddin Haqqani share no document and
    // state no common full birth date: the automatic evidence misses them.
    let store = Store::open(data_dir()).unwrap();
    let (ofac, un) = (id("ofac-sdn:10743"), id("un-sc:TAi.144"));
    assert!(!clusters().same_party(&ofac, &un));
    let dir = tempfile::tempdir().unwrap();
    let declared = DeclaredLinks::open(dir.path()).unwrap();
    declared
        .declare(
            &ofac,
            &un,
            Verdict::Same,
            Some("Sirajuddin Haqqani on both"),
        )
        .unwrap();
    let clusters = Clusters::load(
        &store,
        None,
        &declared.in_force().unwrap(),
        &Options::default(),
    )
    .unwrap();
    assert!(clusters.same_party(&ofac, &un));
    // Through the UN record, the UK record joins too.
    assert!(clusters.same_party(&ofac, &id("uk-hmt:9158")));
    let link = clusters
        .party(&ofac)
        .unwrap()
        .links
        .iter()
        .find(|l| l.evidence.kind == EvidenceKind::Declared)
        .unwrap();
    assert!(link
        .evidence
        .detail
        .ends_with(": Sirajuddin Haqqani on both"));
}

#[test]
fn a_declared_split_wins_over_every_chain_of_evidence() {
    let store = Store::open(data_dir()).unwrap();
    let (ofac, un, uk) = (id("ofac-sdn:10481"), id("un-sc:IRi.039"), id("uk-hmt:9062"));
    assert!(clusters().same_party(&ofac, &un));
    let dir = tempfile::tempdir().unwrap();
    let declared = DeclaredLinks::open(dir.path()).unwrap();
    declared
        .declare(&un, &ofac, Verdict::NotSame, None)
        .unwrap();
    let clusters = Clusters::load(
        &store,
        None,
        &declared.in_force().unwrap(),
        &Options::default(),
    )
    .unwrap();
    assert!(!clusters.same_party(&ofac, &un));
    // The UK record shares the passport with OFAC's, but is joined to the UN
    // record first (a cross-reference is stronger): OFAC's stays apart.
    assert!(clusters.same_party(&un, &uk));
    assert!(!clusters.same_party(&ofac, &uk));
    let party = clusters.party(&ofac).unwrap();
    assert_eq!(party.members.len(), 1);
    assert!(party
        .refused
        .iter()
        .any(|r| r.link.evidence.kind == EvidenceKind::Identifier
            && r.refusal
                == Refusal::DeclaredNotSame {
                    a: ofac.clone(),
                    b: un.clone()
                }));
}

/// The party of `id` as `clusters` has it: member ids, then (a, b, kind) of
/// each link and of each refused link, sorted.
type PartyShape = (
    Vec<String>,
    Vec<(String, String, &'static str)>,
    Vec<(String, String, &'static str)>,
);

fn shape(clusters: &Clusters, id: &EntityId) -> PartyShape {
    let party = clusters.party(id).expect("held");
    let members: Vec<String> = clusters
        .members_of(id)
        .iter()
        .map(|m| m.id.to_string())
        .collect();
    let pairs = |links: &mut dyn Iterator<Item = &interdict_linkage::Link>| {
        let mut out: Vec<(String, String, &'static str)> = links
            .map(|l| (l.a.to_string(), l.b.to_string(), l.evidence.kind.as_str()))
            .collect();
        out.sort();
        out
    };
    let _ = party;
    (
        members,
        pairs(&mut party.links.iter()),
        pairs(&mut party.refused.iter().map(|r| &r.link)),
    )
}

/// `Clusters::around` gives each record the party the full build gives.
fn assert_around_matches(
    store: &Store,
    global: &Clusters,
    declared: &[Declaration],
    ids: &[EntityId],
) {
    let set = interdict_screening::load_screening_set(store, &[], None).unwrap();
    for id in ids {
        let local = Clusters::around(store, &set, id, None, declared, &Options::default()).unwrap();
        assert_eq!(shape(&local, id), shape(global, id), "{id}");
    }
}

/// The ids of the records whose caption contains `caption` (upper case).
fn by_caption(clusters: &Clusters, caption: &str) -> Vec<EntityId> {
    clusters
        .members
        .iter()
        .filter(|m| m.caption.to_uppercase().contains(caption))
        .map(|m| m.id.clone())
        .collect()
}

#[test]
fn the_party_around_a_record_is_the_party_of_the_full_build() {
    around_matches_on_a_sample(10);
}

/// The same on 200 records (about 5 s each in a debug build): run with
/// `cargo test --release -p interdict-linkage --test real_lists -- --ignored`.
#[test]
#[ignore]
fn the_party_around_200_records_is_the_party_of_the_full_build() {
    around_matches_on_a_sample(100);
}

/// Soleimani's, Nabiullina's and SAM JONG 2's records, then `random` records
/// of any party and `random` of linked parties.
fn around_matches_on_a_sample(random: usize) {
    let store = Store::open(data_dir()).unwrap();
    let global = clusters();
    let mut ids: Vec<EntityId> = ["ofac-sdn:10481", "un-sc:IRi.039", "uk-hmt:9062"]
        .into_iter()
        .map(id)
        .collect();
    let nabiullina = by_caption(global, "NABIULLINA");
    let sam_jong = by_caption(global, "SAM JONG 2");
    assert!(nabiullina.contains(&id("ofac-sdn:35797")));
    assert!(sam_jong.contains(&id("ofac-sdn:23734")));
    ids.extend(nabiullina);
    ids.extend(sam_jong);
    // A fixed pseudo-random sample: 100 records of any party, 100 of linked ones.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize % n
    };
    let n = global.members.len();
    for _ in 0..random {
        ids.push(global.members[next(n)].id.clone());
    }
    let linked: Vec<&EntityId> = global
        .parties
        .iter()
        .filter(|p| p.members.len() > 1)
        .flat_map(|p| p.members.iter().map(|&i| &global.members[i as usize].id))
        .collect();
    for _ in 0..random {
        ids.push(linked[next(linked.len())].clone());
    }
    assert_around_matches(&store, global, &[], &ids);
}

#[test]
fn the_party_around_a_record_keeps_declared_links_and_splits() {
    let store = Store::open(data_dir()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let declared = DeclaredLinks::open(dir.path()).unwrap();
    let (haqqani_ofac, haqqani_un) = (id("ofac-sdn:10743"), id("un-sc:TAi.144"));
    let (soleimani_ofac, soleimani_un) = (id("ofac-sdn:10481"), id("un-sc:IRi.039"));
    declared
        .declare(&haqqani_ofac, &haqqani_un, Verdict::Same, None)
        .unwrap();
    declared
        .declare(&soleimani_un, &soleimani_ofac, Verdict::NotSame, None)
        .unwrap();
    let declarations = declared.in_force().unwrap();
    let global = Clusters::load(&store, None, &declarations, &Options::default()).unwrap();
    assert!(global.same_party(&haqqani_ofac, &id("uk-hmt:9158")));
    assert!(!global.same_party(&soleimani_ofac, &soleimani_un));
    let ids = [
        haqqani_ofac,
        haqqani_un,
        id("uk-hmt:9158"),
        soleimani_ofac,
        soleimani_un,
        id("uk-hmt:9062"),
    ];
    assert_around_matches(&store, &global, &declarations, &ids);
}
