//! Damaged or wrong input is refused whole, with a message naming the file
//! (and line), and nothing held before is lost or changed.

mod common;

use std::path::Path;

use common::{shared, Data};

const BAD_UN: &str = "bad/un-sc_consolidated_2024-10-16_reformatted_unescaped_ampersands.xml";
const BAD_CSL: &str = "bad/us-csl_consolidated_2023-11_truncated_mid_record.csv";

/// Runs `import <source> <path> [extra...]`, which must fail, and checks that
/// `lists --json` is byte-identical before and after. Returns stderr.
fn refused(data: &Data, source: &str, path: &Path, extra: &[&str]) -> String {
    let before = data.lists_bytes();
    let mut args = vec![
        "import".as_ref(),
        source.as_ref(),
        path.as_os_str(),
        "--json".as_ref(),
    ];
    args.extend(extra.iter().map(|arg| std::ffi::OsStr::new(*arg)));
    let stderr = data.fails(&args);
    assert_eq!(
        data.lists_bytes(),
        before,
        "lists changed after a refused import"
    );
    stderr
}

/// An excerpt of the UN list of 2026-02-27 with its first two individuals
/// (CDi.001 ERIC BADEGE, and CDi.002 with a `’` and an `é` in its comments),
/// as well-formed XML.
fn un_excerpt() -> String {
    let full = std::fs::read_to_string(shared("un-sc/consolidated_2026-02-27.xml")).unwrap();
    let end = full
        .match_indices("</INDIVIDUAL>")
        .nth(1)
        .map(|(at, tag)| at + tag.len())
        .unwrap();
    let excerpt = format!(
        "{}\n  </INDIVIDUALS>\n  <ENTITIES>\n  </ENTITIES>\n</CONSOLIDATED_LIST>\n",
        &full[..end]
    );
    assert!(
        !excerpt.is_ascii(),
        "the excerpt should hold non-ASCII text"
    );
    excerpt
}

#[test]
fn unescaped_ampersands_in_un_xml() {
    let data = Data::new();
    let good = data.import("un-sc", &["un-sc/consolidated_2020-11-24.xml"]);
    let bad = shared(BAD_UN);
    let stderr = refused(&data, "un-sc", &bad, &[]);
    assert!(
        stderr.contains(&format!("{}:39788: malformed", bad.display())),
        "{stderr}"
    );
    assert!(stderr.contains("unescaped `&`"), "{stderr}");
    assert!(stderr.contains("nothing stored"), "{stderr}");
    // The location is said once, not repeated by each wrapping error.
    assert_eq!(stderr.matches(":39788:").count(), 1, "{stderr}");
    // The version held is untouched and still answers.
    let lists = data.lists();
    assert_eq!(lists, serde_json::json!([good["version"]]));
    assert_eq!(data.show("un-sc:IRi.039", &[])["status"], "listed");
}

#[test]
fn truncated_csl_csv() {
    let data = Data::new();
    let good = data.import("us-csl", &["us-csl/consolidated_2022-05-06.csv.gz"]);
    common::assert_version(
        &good["version"],
        "us-csl",
        1,
        "2022-05-06",
        14048,
        "csl-csv",
    );
    let bad = shared(BAD_CSL);
    let stderr = refused(&data, "us-csl", &bad, &[]);
    assert!(
        stderr.contains(&format!("{}:4233: truncated", bad.display())),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("the file ends inside a quoted field of the record that starts on line 4233"),
        "{stderr}"
    );
    assert_eq!(data.lists(), serde_json::json!([good["version"]]));
}

/// A file of another source, or a folder of another source's CSVs.
#[test]
fn wrong_format_for_the_source() {
    let data = Data::new();
    let un = shared("un-sc/consolidated_2026-02-27.xml");
    let stderr = refused(&data, "ofac-sdn", &un, &[]);
    assert!(
        stderr.contains(&format!("{}:2: not a ofac-sdn publication", un.display())),
        "{stderr}"
    );
    assert!(stderr.contains("<CONSOLIDATED_LIST>"), "{stderr}");
    let uk = shared("uk-hmt/ConList_2020-04-27.csv");
    let stderr = refused(&data, "un-sc", &uk, &[]);
    assert!(stderr.contains(&uk.display().to_string()), "{stderr}");
    assert!(stderr.contains("not a un-sc publication"), "{stderr}");
    assert_eq!(data.lists(), serde_json::json!([]));
}

/// Text in the wrong encoding: a UTF-8-declared UN file whose bytes are
/// Windows-1252, and a UTF-16 file without a byte-order mark. UTF-16 with a
/// byte-order mark and a matching declaration is legal XML and reads the same
/// as the UTF-8 original.
#[test]
fn wrong_encoding() {
    let data = Data::new();
    let dir = tempfile::tempdir().unwrap();
    let excerpt = un_excerpt();
    let first_non_ascii_line = excerpt.lines().position(|line| !line.is_ascii()).unwrap() + 1;
    assert_eq!(first_non_ascii_line, 53);

    // Windows-1252 bytes under a UTF-8 declaration.
    let cp1252: Vec<u8> = excerpt
        .chars()
        .map(|c| match c {
            '’' => 0x92,
            'é' => 0xE9,
            c if c.is_ascii() => c as u8,
            other => panic!("unexpected {other:?} in the excerpt"),
        })
        .collect();
    let latin = dir.path().join("un-cp1252.xml");
    std::fs::write(&latin, cp1252).unwrap();
    let stderr = refused(&data, "un-sc", &latin, &[]);
    assert!(
        stderr.contains(&format!("{}:53: wrong encoding", latin.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains("byte 0x92 at offset 2110 is not UTF-8"),
        "{stderr}"
    );

    // UTF-16LE without a byte-order mark.
    let utf16: Vec<u8> = excerpt
        .replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"")
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let no_bom = dir.path().join("un-utf16le.xml");
    std::fs::write(&no_bom, &utf16).unwrap();
    let stderr = refused(&data, "un-sc", &no_bom, &[]);
    assert!(stderr.contains(&no_bom.display().to_string()), "{stderr}");
    assert!(stderr.contains("not a un-sc publication"), "{stderr}");
    assert_eq!(data.lists(), serde_json::json!([]));

    // The UTF-8 excerpt itself, and the same in UTF-16 with a byte-order mark.
    let utf8 = dir.path().join("un-utf8.xml");
    std::fs::write(&utf8, &excerpt).unwrap();
    let with_bom = dir.path().join("un-utf16.xml");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend_from_slice(&utf16);
    std::fs::write(&with_bom, bytes).unwrap();
    let read = |path: &Path| {
        let fresh = Data::new();
        let import = fresh.json([
            "import".as_ref(),
            "un-sc".as_ref(),
            path.as_os_str(),
            "--json".as_ref(),
        ]);
        assert_eq!(import["version"]["entities"], 2);
        assert_eq!(import["version"]["published"], "2026-02-27");
        fresh.show("un-sc:CDi.002", &[])["entity"].clone()
    };
    let from_utf8 = read(&utf8);
    assert!(
        from_utf8.to_string().contains("government’s Programme"),
        "{from_utf8}"
    );
    assert_eq!(read(&with_bom), from_utf8);
}

/// `--published` that contradicts the date the file states is refused; a
/// file that states none needs one.
#[test]
fn publication_dates() {
    let data = Data::new();
    let un = shared("un-sc/consolidated_2026-02-27.xml");
    let stderr = refused(&data, "un-sc", &un, &["--published", "2026-02-28"]);
    assert!(
        stderr.contains(&format!(
            "un-sc: {}: the file states publication date 2026-02-27, but 2026-02-28 was given",
            un.display()
        )),
        "{stderr}"
    );
    assert_eq!(data.lists(), serde_json::json!([]));
    // Agreeing with the file is fine.
    let agreed = data.json([
        "import".as_ref(),
        "un-sc".as_ref(),
        un.as_os_str(),
        "--published".as_ref(),
        "2026-02-27".as_ref(),
        "--json".as_ref(),
    ]);
    assert_eq!(agreed["status"], "added");
    assert_eq!(agreed["version"]["published"], "2026-02-27");

    // An sdn.csv with no date in its name or path (the first 40 rows of the
    // 2024-05-03 file): refused without --published, dated by it with.
    let dir = tempfile::tempdir().unwrap();
    let sdn = std::fs::read(shared("ofac-sdn/2024-05-03/sdn.csv")).unwrap();
    let rows: Vec<u8> = sdn
        .split_inclusive(|&b| b == b'\n')
        .take(40)
        .flatten()
        .copied()
        .collect();
    let path = dir.path().join("sdn.csv");
    std::fs::write(&path, rows).unwrap();
    assert!(
        interdict_has_no_date(&path),
        "{} must not hold a date",
        path.display()
    );
    let stderr = refused(&data, "ofac-sdn", &path, &[]);
    assert!(
        stderr.contains("the file states no publication date and none was given; pass --published"),
        "{stderr}"
    );
    let dated = data.json([
        "import".as_ref(),
        "ofac-sdn".as_ref(),
        path.as_os_str(),
        "--published".as_ref(),
        "2024-05-03".as_ref(),
        "--json".as_ref(),
    ]);
    assert_eq!(dated["status"], "added");
    assert_eq!(dated["version"]["published"], "2024-05-03");
    assert_eq!(dated["version"]["entities"], 40);
}

/// Whether a path has no `NNNN-NN-NN` in it (temp dir names are random).
fn interdict_has_no_date(path: &Path) -> bool {
    let text = path.display().to_string();
    let bytes = text.as_bytes();
    !bytes.windows(10).any(|w| {
        w.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
    })
}

/// Paths that are not one publication: two UN lists at once, two OFAC sets,
/// an OFAC set without its sdn.csv, an empty folder.
#[test]
fn not_one_publication() {
    let data = Data::new();
    let empty = tempfile::tempdir().unwrap();
    let cases: [(&str, Vec<std::path::PathBuf>, &str); 4] = [
        (
            "un-sc",
            vec![
                shared("un-sc/consolidated_2018-10-29.xml"),
                shared("un-sc/consolidated_2020-11-24.xml"),
            ],
            "un-sc: a un-sc publication is one file, 2 were given",
        ),
        (
            "ofac-sdn",
            vec![shared("ofac-sdn/2024-05-02"), shared("ofac-sdn/2024-05-03")],
            "ofac-sdn: two files of the same role",
        ),
        (
            "ofac-sdn",
            vec![shared("ofac-sdn/partial-2025-02")],
            "ofac-sdn: the CSV set has no sdn.csv; the other files cannot stand alone",
        ),
        (
            "ofac-sdn",
            vec![empty.path().to_path_buf()],
            "no input files for ofac-sdn",
        ),
    ];
    for (source, paths, message) in cases {
        let before = data.lists_bytes();
        let mut args: Vec<std::ffi::OsString> = vec!["import".into(), source.into()];
        args.extend(paths.iter().map(|path| path.clone().into_os_string()));
        let stderr = data.fails(&args);
        assert!(stderr.contains(message), "{stderr}");
        assert_eq!(data.lists_bytes(), before);
    }
    assert_eq!(data.lists(), serde_json::json!([]));
}
