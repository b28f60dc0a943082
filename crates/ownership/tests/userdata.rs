//! The user's ownership CSV and its database.

use interdict_ownership::{read_csv, OwnershipError, OwnershipStore};

fn refused(csv: &str) -> String {
    read_csv("owners.csv", csv.as_bytes())
        .expect_err("the file is refused")
        .to_string()
}

#[test]
fn reads_rows_with_ids_names_and_dates() {
    let rows = read_csv(
        "owners.csv",
        "\u{feff}owner,owned,percent,as_of\r\nofac-sdn:16456,\"Acme, Trading LLC\",30.5,2024-01-01\r\n\r\nJane Doe,\"Acme, Trading LLC\",69.5%,2024-01-01\r\n"
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].line, 2);
    assert_eq!(rows[0].owned, "Acme, Trading LLC");
    assert_eq!(rows[0].percent.to_string(), "30.5%");
    assert_eq!(rows[1].line, 4);
    assert_eq!(rows[1].as_of.to_string(), "2024-01-01");
}

#[test]
fn bad_rows_name_file_line_and_reason() {
    assert_eq!(
        refused(""),
        "owners.csv: empty file: want the header owner,owned,percent,as_of"
    );
    assert_eq!(
        refused("owned,owner,percent,as_of\n"),
        "owners.csv, line 1: the header is \"owned,owner,percent,as_of\"; want owner,owned,percent,as_of"
    );
    let header = "owner,owned,percent,as_of\n";
    let cases = [
        ("a,b,10,2024-01-01\na,c,101,2024-01-01\n", "owners.csv, line 3: \"101\" is more than 100%"),
        ("a,b,ten,2024-01-01\n", "owners.csv, line 2: \"ten\" is not a percentage (want a number from 0 to 100, e.g. 25 or 33.5)"),
        ("a,b,10,01/02/2024\n", "owners.csv, line 2: as_of \"01/02/2024\" is not a date YYYY-MM-DD"),
        ("a,b,10\n", "owners.csv, line 2: 3 fields; want 4 (owner,owned,percent,as_of)"),
        (",b,10,2024-01-01\n", "owners.csv, line 2: owner and owned must not be empty"),
        ("Acme,ACME,10,2024-01-01\n", "owners.csv, line 2: \"Acme\" cannot own itself"),
        ("a,b,10,2024-01-01\na,b,20,2024-01-01\n", "owners.csv, line 3: \"a\" owning \"b\" on 2024-01-01 is already stated on line 2"),
        ("a,c,60,2024-01-01\nb,c,41,2024-01-01\n", "owners.csv, line 3: the shares of \"c\" on 2024-01-01 add up to 101% (lines 2, 3): more than 100%"),
    ];
    for (body, message) in cases {
        assert_eq!(refused(&format!("{header}{body}")), message, "{body}");
    }
}

#[test]
fn a_bad_file_leaves_nothing_and_the_same_bytes_import_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = OwnershipStore::open(dir.path()).unwrap();
    let good = b"owner,owned,percent,as_of\nofac-sdn:16456,Acme,30,2024-01-01\nofac-sdn:16456,Acme,0,2024-06-01\nJane Doe,Acme,25,2024-01-01\n";
    let bad = b"owner,owned,percent,as_of\nx,y,10,2024-01-01\nx,z,200,2024-01-01\n";
    let err = store.import("bad.csv", bad).unwrap_err();
    assert!(matches!(err, OwnershipError::Row { line: 3, .. }), "{err}");
    assert!(store.imports().unwrap().is_empty());
    assert!(store.rows().unwrap().is_empty());

    let first = store.import("owners.csv", good).unwrap();
    assert_eq!(
        (first.id, first.rows, first.already_imported),
        (1, 3, false)
    );
    assert_eq!(first.sha256.len(), 64);
    let again = store.import("renamed.csv", good).unwrap();
    assert_eq!(
        (again.id, again.file_name.as_str(), again.already_imported),
        (1, "owners.csv", true)
    );
    assert_eq!(store.rows().unwrap().len(), 3);

    // The sale of 2024-06-01 (0%) ends the holding from that day on.
    let before = store
        .effective(Some("2024-03-01".parse().unwrap()))
        .unwrap();
    assert_eq!(before.len(), 2);
    let after = store.effective(None).unwrap();
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].row.owner, "Jane Doe");
    // Reopened, the data is still there.
    drop(store);
    let store = OwnershipStore::open(dir.path()).unwrap();
    assert_eq!(store.imports().unwrap().len(), 1);
}

mod properties {
    use interdict_ownership::{read_csv, Percent};
    use proptest::prelude::*;

    proptest! {
        /// Any bytes: a clean answer, never a panic.
        #[test]
        fn any_bytes_are_read_or_refused(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = read_csv("fuzz.csv", &bytes);
        }

        /// Rows written out (quoted as needed) are read back exactly, on the
        /// lines they were written.
        #[test]
        fn written_rows_read_back(
            rows in proptest::collection::vec(("[a-z ,\"]{1,12}", 0u64..=1_000_000u64, 2000u16..2030u16), 1..8)
        ) {
            let mut text = String::from("owner,owned,percent,as_of\n");
            let mut expected = Vec::new();
            for (i, (name, micros, year)) in rows.iter().enumerate() {
                let owner = format!("{}{i}", name.trim());
                let owned = format!("company {i}");
                let percent = Percent::from_micros(*micros).unwrap();
                let quoted = format!("\"{}\"", owner.replace('"', "\"\""));
                let number = percent.to_string();
                text.push_str(&format!("{quoted},{owned},{},{year}-01-31\n", number.trim_end_matches('%')));
                expected.push((owner.trim().to_string(), owned, percent, (i + 2) as u64));
            }
            let read = read_csv("gen.csv", text.as_bytes()).unwrap();
            let got: Vec<_> = read.into_iter().map(|r| (r.owner, r.owned, r.percent, r.line)).collect();
            prop_assert_eq!(got, expected);
        }
    }
}
