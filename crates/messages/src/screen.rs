//! Screening a payment message: names, BICs, places and free text, each hit with its field.

use std::collections::HashSet;

use chrono::NaiveDate;
use interdict_index::normalize_identifier;
use interdict_matcher::{Agreement, Explanation, Hit, NameExplanation, Query};
use interdict_mentions::{find_mentions_in, Dictionary};
use interdict_screening::{screen, ScoredHit, ScreenOptions, ScreeningSet, Threshold};
use serde::Serialize;

use crate::bic::Bic;
use crate::embargo::{embargoes_for, places_in, Embargo};
use crate::{Format, Located, Message, MessageError, Party};

/// How to screen messages. No `Default`: the threshold is a compliance decision.
#[derive(Clone, Debug, PartialEq)]
pub struct MessageConfig {
    /// The alert threshold (hits down to `NEAR_MISS_SHARE` of it are shown as near misses).
    pub threshold: Threshold,
    /// The date embargoes are checked on when a message states none (its creation date,
    /// `:32A:` value date): usually today.
    pub date: NaiveDate,
    /// At most this many hits per screened name.
    pub limit: usize,
}

/// The answer to "may this payment go?": every hit and flag with the field it came from. Its
/// JSON shape (`docs/messages.md`) is written by `interdict-json`, which adds the versions
/// screened and each hit's shared fields.
#[derive(Clone, Debug, Serialize)]
pub struct MessageReport {
    /// The file screened.
    pub file: String,
    /// The alert threshold.
    pub threshold: f64,
    /// Whether anything alerts: a hit at or above the threshold, or an embargo flag. (An
    /// invalid BIC is reported in `bics`, not alerted: it names no institution.)
    pub alert: bool,
    /// The messages read, in file order.
    pub messages: Vec<MessageSummary>,
    /// Hits of party and agent names, BICs and free-text mentions, in message order.
    pub hits: Vec<MessageHit>,
    /// Places under comprehensive embargoes.
    pub embargoes: Vec<EmbargoFlag>,
    /// Every BIC read: valid or not, and its country.
    pub bics: Vec<BicNote>,
}

/// One message of the file.
#[derive(Clone, Debug, Serialize)]
pub struct MessageSummary {
    /// Its position in the file, from 1.
    pub message: usize,
    /// Its kind.
    pub format: Format,
    /// Its id (`GrpHdr/MsgId`, `:20:`).
    pub id: Option<String>,
    /// Its date, when stated.
    pub date: Option<NaiveDate>,
    /// The date embargoes were checked on.
    pub embargo_date: NaiveDate,
    /// Its transactions.
    pub transactions: usize,
    /// How many names, BICs and free-text fields were screened.
    pub items_screened: usize,
    /// Damage tolerated while reading it.
    pub warnings: Vec<String>,
}

/// A hit, located in the message.
#[derive(Clone, Debug, Serialize)]
pub struct MessageHit {
    /// The message, from 1.
    pub message: usize,
    /// The message id.
    pub message_id: Option<String>,
    /// The transaction, from 1 (`None` for message-level parties such as the header's).
    pub transaction: Option<usize>,
    /// The field screened.
    pub field: String,
    /// `party`, `agent` (names), `bic` (a BIC listed as an identifier) or `text` (a mention
    /// in free text).
    pub kind: &'static str,
    /// The value screened.
    pub value: String,
    /// For `text`: where the mention is in `value`, in characters, and its text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mention: Option<MentionPlace>,
    /// The hit, judged; `interdict-json` writes its shared fields (`id`, `caption`, `schema`,
    /// `source`, `score`, `match`, `matched_name`, `programs`, `explanation`) into this
    /// object.
    #[serde(skip)]
    pub hit: ScoredHit,
}

/// Where a mention is in a free-text field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MentionPlace {
    /// Character offset of its first character in the field's value.
    pub start: usize,
    /// Character offset just past it.
    pub end: usize,
    /// The words mentioned, as written.
    pub text: String,
}

/// A place under a comprehensive embargo, located in the message.
#[derive(Clone, Debug, Serialize)]
pub struct EmbargoFlag {
    /// The message, from 1.
    pub message: usize,
    /// The message id.
    pub message_id: Option<String>,
    /// The transaction, from 1.
    pub transaction: Option<usize>,
    /// The field.
    pub field: String,
    /// The field's value.
    pub value: String,
    /// What named the place: `country`, `town`, `address`, `bic` or `text`.
    pub via: &'static str,
    /// The place as written.
    pub place: String,
    /// The embargo.
    #[serde(flatten)]
    pub embargo: Embargo,
}

/// A BIC read from the message.
#[derive(Clone, Debug, Serialize)]
pub struct BicNote {
    /// The message, from 1.
    pub message: usize,
    /// The field.
    pub field: String,
    /// The BIC as written.
    pub bic: String,
    /// Whether it is a well-formed BIC with a real country code.
    pub valid: bool,
    /// The institution's country (characters 5-6), when valid.
    pub country: Option<String>,
    /// What is wrong, when invalid.
    pub problem: Option<String>,
}

/// Reads and screens a message file (ISO 20022 or FIN): the function behind
/// `interdict message` and `POST /v1/screen/message`.
pub fn screen_message(
    set: &ScreeningSet,
    dictionary: &Dictionary,
    config: &MessageConfig,
    file: &str,
    bytes: &[u8],
) -> Result<MessageReport, MessageError> {
    let messages = crate::parse(file, bytes)?;
    Ok(screen_messages(set, dictionary, config, file, &messages))
}

/// Screens messages already read.
pub fn screen_messages(
    set: &ScreeningSet,
    dictionary: &Dictionary,
    config: &MessageConfig,
    file: &str,
    messages: &[Message],
) -> MessageReport {
    let mut report = MessageReport {
        file: file.to_owned(),
        threshold: config.threshold.value(),
        alert: false,
        messages: Vec::new(),
        hits: Vec::new(),
        embargoes: Vec::new(),
        bics: Vec::new(),
    };
    for (n, message) in messages.iter().enumerate() {
        let mut screener = Screener {
            set,
            dictionary,
            config,
            report: &mut report,
            number: n + 1,
            message,
            on: message.date.unwrap_or(config.date),
            screened: 0,
        };
        for party in &message.parties {
            screener.party(party);
        }
        for text in &message.texts {
            screener.text(text.transaction, &text.text);
        }
        let (on, screened) = (screener.on, screener.screened);
        report.messages.push(MessageSummary {
            message: n + 1,
            format: message.format,
            id: message.id.clone(),
            date: message.date,
            embargo_date: on,
            transactions: message.transactions,
            items_screened: screened,
            warnings: message.warnings.clone(),
        });
    }
    report.alert = !report.embargoes.is_empty() || report.hits.iter().any(|h| h.hit.is_match);
    report
}

struct Screener<'a> {
    set: &'a ScreeningSet,
    dictionary: &'a Dictionary,
    config: &'a MessageConfig,
    report: &'a mut MessageReport,
    number: usize,
    message: &'a Message,
    on: NaiveDate,
    screened: usize,
}

impl Screener<'_> {
    fn party(&mut self, party: &Party) {
        let kind = if party.agent { "agent" } else { "party" };
        let mut countries: Vec<String> = party.countries.iter().map(|c| c.value.clone()).collect();
        let mut identifiers: Vec<String> = party.ids.iter().map(|i| i.value.clone()).collect();
        let mut bic = None;
        if let Some(located) = &party.bic {
            self.screened += 1;
            match Bic::parse(&located.value) {
                Ok(valid) => {
                    self.report.bics.push(BicNote {
                        message: self.number,
                        field: located.field.clone(),
                        bic: located.value.clone(),
                        valid: true,
                        country: Some(valid.country().to_owned()),
                        problem: None,
                    });
                    self.embargo(party.transaction, located, "bic", valid.country());
                    countries.push(valid.country().to_owned());
                    identifiers.push(valid.code.clone());
                    if valid.code.len() == 11 {
                        identifiers.push(valid.bic8().to_owned());
                    }
                    bic = Some(valid);
                }
                Err(problem) => self.report.bics.push(BicNote {
                    message: self.number,
                    field: located.field.clone(),
                    bic: located.value.clone(),
                    valid: false,
                    country: None,
                    problem: Some(problem.to_string()),
                }),
            }
        }
        for located in &party.countries {
            self.embargo(party.transaction, located, "country", &located.value);
        }
        for located in &party.towns {
            self.embargo(party.transaction, located, "town", &located.value);
        }
        for located in &party.address_lines {
            self.embargo_places(party.transaction, located, "address");
        }
        let mut seen: HashSet<u32> = HashSet::new();
        for name in &party.names {
            self.screened += 1;
            let mut query = Query::name(&name.value);
            query.countries = countries.clone();
            query.identifiers = identifiers.clone();
            let options = ScreenOptions::near_misses(self.config.threshold, self.config.limit);
            for scored in screen(self.set, &query, &options) {
                seen.insert(scored.hit.entity);
                self.push_hit(party.transaction, name, kind, None, scored);
            }
        }
        // A listed BIC alerts even when the name does not match (or is absent).
        if let (Some(bic), Some(located)) = (bic, &party.bic) {
            for hit in bic_hits(self.set, &bic) {
                if seen.insert(hit.entity) {
                    let scored = self.config.threshold.judge(hit);
                    self.push_hit(party.transaction, located, "bic", None, scored);
                }
            }
        }
    }

    fn text(&mut self, transaction: Option<usize>, located: &Located) {
        self.screened += 1;
        let mentions = find_mentions_in(
            self.set,
            self.dictionary,
            &located.value,
            self.config.threshold,
        );
        for mention in mentions {
            let place = MentionPlace {
                start: mention.start,
                end: mention.end,
                text: mention.text,
            };
            self.report.hits.push(MessageHit {
                message: self.number,
                message_id: self.message.id.clone(),
                transaction,
                field: located.field.clone(),
                kind: "text",
                value: located.value.clone(),
                mention: Some(place),
                hit: mention.hit,
            });
        }
        self.embargo_places(transaction, located, "text");
    }

    fn push_hit(
        &mut self,
        transaction: Option<usize>,
        located: &Located,
        kind: &'static str,
        mention: Option<MentionPlace>,
        hit: ScoredHit,
    ) {
        self.report.hits.push(MessageHit {
            message: self.number,
            message_id: self.message.id.clone(),
            transaction,
            field: located.field.clone(),
            kind,
            value: located.value.clone(),
            mention,
            hit,
        });
    }

    fn embargo(
        &mut self,
        transaction: Option<usize>,
        located: &Located,
        via: &'static str,
        place: &str,
    ) {
        for embargo in embargoes_for(place, self.on) {
            self.report.embargoes.push(EmbargoFlag {
                message: self.number,
                message_id: self.message.id.clone(),
                transaction,
                field: located.field.clone(),
                value: located.value.clone(),
                via,
                place: place.to_owned(),
                embargo,
            });
        }
    }

    fn embargo_places(&mut self, transaction: Option<usize>, located: &Located, via: &'static str) {
        for (place, embargoes) in places_in(&located.value, self.on) {
            for embargo in embargoes {
                self.report.embargoes.push(EmbargoFlag {
                    message: self.number,
                    message_id: self.message.id.clone(),
                    transaction,
                    field: located.field.clone(),
                    value: located.value.clone(),
                    via,
                    place: place.clone(),
                    embargo,
                });
            }
        }
    }
}

/// The listed entities that carry `bic` (its 8 or 11 characters) among their identifiers, as
/// hits of score 1 whose explanation names the identifier: a BIC is an exact key.
fn bic_hits(set: &ScreeningSet, bic: &Bic) -> Vec<Hit> {
    let keys = [
        normalize_identifier(&bic.code),
        normalize_identifier(bic.bic8()),
    ];
    let mut hits = Vec::new();
    for (position, entity) in set.index.entities().iter().enumerate() {
        let Some(found) = keys
            .iter()
            .find(|key| entity.identifiers.binary_search(key).is_ok())
        else {
            continue;
        };
        hits.push(Hit {
            entity: position as u32,
            entity_id: entity.id.clone(),
            score: 1.0,
            matched_name: entity.caption.clone(),
            explanation: Explanation {
                name: NameExplanation {
                    score: 0.0,
                    pairs: Vec::new(),
                    missing: Vec::new(),
                    extra: Vec::new(),
                    dropped_titles: Vec::new(),
                    rules: Vec::new(),
                },
                birth_date: Agreement::Unknown,
                birth_year_near: false,
                country: Agreement::Unknown,
                gender: Agreement::Unknown,
                identifiers: vec![found.clone()],
                schema_mismatch: false,
                weak_alias: false,
            },
        });
    }
    hits
}
