//! Prints the score and explanation of one name pair:
//! `cargo run -p interdict-matcher --example explain -- Person "Qasem Soleimani" "Ghasem Sulaimani"`.

use interdict_matcher::score_pair;
use interdict_model::Schema;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [schema, name1, name2] = args.as_slice() else {
        eprintln!("usage: explain SCHEMA NAME1 NAME2");
        std::process::exit(2);
    };
    let (score, explanation) = score_pair(&Schema::from_ftm(schema), name1, name2);
    println!("score {score:.3}");
    println!("{explanation:#?}");
}
