//! The use cases that screen more than one name at a time, or join screening to the regime
//! table or the ownership graph: text and web pages, payment messages, travel checks and
//! ownership exposure. Each runs on one World (or one graph) and returns the domain crate's
//! typed report; `interdict-json` writes it.

use std::sync::Arc;

use interdict_mentions::Mention;
use interdict_messages::{MessageConfig, MessageReport};
use interdict_model::EntityId;
use interdict_ownership::{ExposureReport, ExposureRequest, Snapshot};
use interdict_regimes::Regimes;
use interdict_screening::Threshold;
use interdict_travel::{TravelReport, TravelRequest};

use crate::{AppError, World};

/// The mentions of listed parties in one text.
pub struct TextScreening {
    /// The World screened.
    pub world: Arc<World>,
    /// The text screened: the text given, or what a reader sees of an HTML page (offsets
    /// are into it).
    pub text: String,
    /// The mentions, in text order.
    pub mentions: Vec<Mention>,
    /// The threshold.
    pub threshold: Threshold,
}

/// Finds the mentions of listed parties in `text` (an HTML page when `html`), with the
/// World's dictionary.
pub fn screen_text(
    world: &Arc<World>,
    text: &str,
    html: bool,
    threshold: Threshold,
) -> TextScreening {
    let screened = if html {
        interdict_mentions::html_to_text(text)
    } else {
        text.to_string()
    };
    let mentions =
        interdict_mentions::find_mentions_in(world.set(), world.dictionary(), &screened, threshold);
    TextScreening {
        world: Arc::clone(world),
        text: screened,
        mentions,
        threshold,
    }
}

/// Reads and screens a payment message file (ISO 20022 or SWIFT FIN); a damaged message is
/// refused whole with the place of the damage.
pub fn screen_message(
    world: &World,
    config: &MessageConfig,
    file: &str,
    bytes: &[u8],
) -> Result<MessageReport, AppError> {
    Ok(interdict_messages::screen_message(
        world.set(),
        world.dictionary(),
        config,
        file,
        bytes,
    )?)
}

/// May this person enter that state on that date? (see [`crate::Lists::travel_world`] and
/// [`crate::Host::travel_world`] for the World to ask).
pub fn travel_check(world: &World, request: &TravelRequest) -> TravelReport {
    interdict_travel::check(world.set(), Regimes::embedded(), request)
}

/// A party's exposure through ownership and stated links. A party written as an entity id
/// that is in none of the versions read nor in the ownership data is
/// [`AppError::NotFound`]: answering "no exposure" would hide a mistyped id.
pub fn exposure(
    snapshot: &Snapshot,
    request: &ExposureRequest,
) -> Result<ExposureReport, AppError> {
    let party = request.party.as_str();
    if party.contains(':') && snapshot.graph.find(party).is_empty() {
        if let Some(id) = EntityId::parse(party) {
            return Err(AppError::NotFound(format!(
                "{id} is in none of the list versions read, nor in the ownership data"
            )));
        }
    }
    Ok(snapshot.exposure(request))
}
