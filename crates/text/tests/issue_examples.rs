//! The examples named in the screening issue, each through the public API.

use interdict_text::{
    detect_script, skeleton, to_latin, tokenize, variant_group, LegalForm, NameKind, Role, Script,
};

fn body_texts(name: &str, kind: NameKind) -> Vec<String> {
    tokenize(name, kind)
        .body()
        .map(|t| t.text.clone())
        .collect()
}

#[test]
fn cyrillic() {
    assert_eq!(to_latin("Владимир Путин"), "vladimir putin");
    assert_eq!(to_latin("Олександр"), "oleksandr");
    assert_eq!(variant_group("oleksandr"), variant_group("alexander"));
    assert!(variant_group("alexander").is_some());
    assert_eq!(variant_group("volodymyr"), variant_group("vladimir"));
}

#[test]
fn han_pinyin_both_spacings() {
    assert_eq!(to_latin("习近平"), "xi jinping");
    let han = tokenize("习近平", NameKind::Person);
    assert_eq!(han.compact(), "xijinping");
    assert_eq!(
        tokenize("Xi Jin Ping", NameKind::Person).compact(),
        han.compact()
    );
    assert_eq!(
        tokenize("XI Jinping", NameKind::Person).compact(),
        han.compact()
    );
    assert_eq!(detect_script("习近平"), Script::Han);
}

#[test]
fn hangul_and_the_romanisation_gap() {
    assert_eq!(to_latin("김정은"), "kim jong un");
    let dprk = tokenize("김정은", NameKind::Person);
    let south = tokenize("Gim Jeong-eun", NameKind::Person);
    // Jeong/Jong and Eun/Un meet on skeletons; Gim/Kim through the variant table.
    for (a, b) in dprk.body().zip(south.body()) {
        let same = skeleton(&a.text) == skeleton(&b.text)
            || (variant_group(&a.text).is_some()
                && variant_group(&a.text) == variant_group(&b.text));
        assert!(same, "{} vs {}", a.text, b.text);
    }
}

#[test]
fn greek_hebrew_and_the_any_ascii_scripts() {
    assert_eq!(to_latin("Κυριάκος Μητσοτάκης"), "kyriakos mitsotakis");
    assert_eq!(
        skeleton(&to_latin("נתניהו")),
        skeleton("netanyahu"),
        "{}",
        to_latin("נתניהו")
    );
    assert_eq!(skeleton(&to_latin("בנימין")), skeleton("binyamin"));
    assert_eq!(to_latin("やまだ たろう"), "yamada tarou");
    assert_eq!(to_latin("მიხეილ სააკაშვილი"), "mikheil saak'ashvili");
    assert_eq!(
        body_texts("Նիկոլ Փաշինյան", NameKind::Person),
        ["nikol", "pashinyan"]
    );
    assert_eq!(skeleton(&to_latin("नरेन्द्र")), skeleton("narendra"));
}

#[test]
fn arabic_and_persian_meet_their_latin_spellings() {
    let pairs = [
        ("محمد", "Muhammad"),
        ("محمد", "Mohamed"),
        ("قاسم سلیمانی", "Qasem Soleimani"),
        ("قاسم سلیمانی", "Ghasem Soleymani"),
        ("قاسم سليماني", "Qasim Sulaimani"),
        ("علی خامنه‌ای", "Ali Khamenei"),
        ("أسامة بن لادن", "Usama bin Ladin"),
        ("عبد الرحمن", "Abd al-Rahman"),
        ("يوسف", "Youssef"),
    ];
    for (arabic, latin) in pairs {
        let a: Vec<String> = tokenize(arabic, NameKind::Person)
            .body()
            .map(|t| skeleton(&t.text))
            .collect();
        let b: Vec<String> = tokenize(latin, NameKind::Person)
            .body()
            .map(|t| skeleton(&t.text))
            .collect();
        assert_eq!(a, b, "{arabic} ({}) vs {latin}", to_latin(arabic));
    }
}

#[test]
fn titles_legal_forms_numbers() {
    let general = tokenize("Gen. Qasem Soleimani", NameKind::Person);
    assert_eq!(general.tokens()[0].role, Role::Title);
    assert_eq!(
        body_texts("Gen. Qasem Soleimani", NameKind::Person),
        ["qasem", "soleimani"]
    );

    let russian = tokenize("ООО \"Ромашка\"", NameKind::Organization);
    let english = tokenize("Romashka LLC", NameKind::Organization);
    assert_eq!(russian.sorted_key(), english.sorted_key());
    assert_eq!(russian.legal_forms().collect::<Vec<_>>(), [LegalForm::Llc]);
    assert_eq!(english.legal_forms().collect::<Vec<_>>(), [LegalForm::Llc]);
    let ao = tokenize("АО Ромашка", NameKind::Organization);
    assert_eq!(ao.legal_forms().collect::<Vec<_>>(), [LegalForm::Jsc]);

    assert_ne!(
        tokenize("Trust 2004-1", NameKind::Organization).compact(),
        tokenize("Trust 2004-2", NameKind::Organization).compact()
    );
}
