//! The sources interdict reads: one per official publication family.

use std::fmt;
use std::str::FromStr;

/// A list source. Its string form is the prefix of every entity id it produces
/// (`ofac-sdn:10481`) and the name users type on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceId {
    /// US Treasury OFAC, Specially Designated Nationals list.
    OfacSdn,
    /// US Treasury OFAC, consolidated non-SDN lists.
    OfacCons,
    /// UN Security Council consolidated list.
    UnSc,
    /// UK HM Treasury / OFSI consolidated list.
    UkHmt,
    /// EU Financial Sanctions Files.
    EuFsf,
    /// US Consolidated Screening List (trade.gov).
    UsCsl,
    /// OpenSanctions FollowTheMoney exports.
    OpenSanctions,
}

impl SourceId {
    /// Every source, in a stable order.
    pub const ALL: [SourceId; 7] = [
        SourceId::OfacSdn,
        SourceId::OfacCons,
        SourceId::UnSc,
        SourceId::UkHmt,
        SourceId::EuFsf,
        SourceId::UsCsl,
        SourceId::OpenSanctions,
    ];

    /// The short name, used as entity id prefix: `ofac-sdn`, `un-sc`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            SourceId::OfacSdn => "ofac-sdn",
            SourceId::OfacCons => "ofac-cons",
            SourceId::UnSc => "un-sc",
            SourceId::UkHmt => "uk-hmt",
            SourceId::EuFsf => "eu-fsf",
            SourceId::UsCsl => "us-csl",
            SourceId::OpenSanctions => "opensanctions",
        }
    }

    /// The authority that publishes the source, as written on a [`crate::Sanction`].
    pub fn authority(self) -> &'static str {
        match self {
            SourceId::OfacSdn | SourceId::OfacCons => {
                "US Department of the Treasury, Office of Foreign Assets Control"
            }
            SourceId::UnSc => "United Nations Security Council",
            SourceId::UkHmt => "UK HM Treasury, Office of Financial Sanctions Implementation",
            SourceId::EuFsf => "European Union",
            SourceId::UsCsl => "US Department of Commerce, International Trade Administration",
            SourceId::OpenSanctions => "OpenSanctions",
        }
    }
}

impl fmt::Display for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error for a source name interdict does not know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownSource(pub String);

impl fmt::Display for UnknownSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let known: Vec<&str> = SourceId::ALL.iter().map(|s| s.as_str()).collect();
        write!(
            f,
            "unknown source {:?} (known: {})",
            self.0,
            known.join(", ")
        )
    }
}

impl std::error::Error for UnknownSource {}

impl FromStr for SourceId {
    type Err = UnknownSource;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SourceId::ALL
            .into_iter()
            .find(|source| source.as_str() == s)
            .ok_or_else(|| UnknownSource(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for source in SourceId::ALL {
            assert_eq!(source.as_str().parse::<SourceId>(), Ok(source));
        }
        assert!("ofac".parse::<SourceId>().is_err());
    }
}
