//! BICs (ISO 9362): validated, and resolved to their institution's country.
//!
//! A BIC is 8 or 11 characters: institution (4 letters), country (2 letters, ISO 3166-1
//! alpha-2, with `XK` for Kosovo as SWIFT uses it), location (2 letters or digits) and an
//! optional branch (3 letters or digits, `XXX` for the head office). The country is what an
//! embargo check needs; the 8-character form is what lists record (`SWIFT/BIC BKMTIRTH`).

/// ISO 3166-1 alpha-2 codes, and `XK`.
const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR \
BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET \
FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ \
IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML \
MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS \
PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL \
TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK";

/// Why a text is not a BIC.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BicError {
    /// Not ASCII.
    #[error("not ASCII; a BIC is letters and digits")]
    NotAscii,
    /// Neither 8 nor 11 characters.
    #[error("{0} characters; a BIC has 8 or 11")]
    Length(usize),
    /// The institution part is not four letters.
    #[error("characters 1-4 {0:?} (institution) must be letters")]
    Institution(String),
    /// The country part is not an ISO 3166 code.
    #[error("characters 5-6 {0:?} are not an ISO 3166 country code")]
    Country(String),
    /// The location or branch part is not letters or digits.
    #[error("characters 7-11 (location, branch) must be letters or digits")]
    Location,
}

/// A valid BIC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bic {
    /// The BIC, uppercase, 8 or 11 characters.
    pub code: String,
}

impl Bic {
    /// Reads a BIC (surrounding spaces ignored, any case). The error says what is wrong.
    ///
    /// ```
    /// use interdict_messages::bic::Bic;
    /// assert_eq!(Bic::parse("bkmtirthxxx").unwrap().country(), "IR");
    /// assert_eq!(Bic::parse("BICFOOYY").unwrap_err().to_string(), "characters 5-6 \"OO\" are not an ISO 3166 country code");
    /// ```
    pub fn parse(text: &str) -> Result<Bic, BicError> {
        let code = text.trim().to_ascii_uppercase();
        let bytes = code.as_bytes();
        if !code.is_ascii() {
            return Err(BicError::NotAscii);
        }
        if bytes.len() != 8 && bytes.len() != 11 {
            return Err(BicError::Length(code.chars().count()));
        }
        if !bytes[..4].iter().all(u8::is_ascii_uppercase) {
            return Err(BicError::Institution(code[..4].to_string()));
        }
        if !bytes[4..6].iter().all(u8::is_ascii_uppercase)
            || !COUNTRIES.split(' ').any(|c| c == &code[4..6])
        {
            return Err(BicError::Country(code[4..6].to_string()));
        }
        if !bytes[6..].iter().all(u8::is_ascii_alphanumeric) {
            return Err(BicError::Location);
        }
        Ok(Bic { code })
    }

    /// The institution's country, ISO 3166-1 alpha-2 (characters 5-6).
    pub fn country(&self) -> &str {
        &self.code[4..6]
    }

    /// The 8-character form (head office): what the lists record.
    pub fn bic8(&self) -> &str {
        &self.code[..8]
    }
}

#[cfg(test)]
mod tests {
    use super::Bic;
    use proptest::prelude::*;

    #[test]
    fn real_samples() {
        assert_eq!(Bic::parse("CITTGB2LPBG").unwrap().country(), "GB");
        assert_eq!(
            Bic::parse("TESTAR00AXXX").unwrap_err().to_string(),
            "12 characters; a BIC has 8 or 11"
        );
        assert_eq!(
            Bic::parse("BICFOOYY").unwrap_err().to_string(),
            "characters 5-6 \"OO\" are not an ISO 3166 country code"
        );
        assert_eq!(
            Bic::parse("12CDIRTH").unwrap_err().to_string(),
            "characters 1-4 \"12CD\" (institution) must be letters"
        );
        assert_eq!(Bic::parse("BKMTIRTH").unwrap().bic8(), "BKMTIRTH");
    }

    proptest! {
        #[test]
        fn valid_codes_round_trip(inst in "[A-Z]{4}", loc in "[A-Z0-9]{2}", branch in "([A-Z0-9]{3})?") {
            let code = format!("{inst}IR{loc}{branch}");
            let bic = Bic::parse(&code.to_lowercase()).unwrap();
            prop_assert_eq!(bic.country(), "IR");
            prop_assert_eq!(bic.code, code);
        }

        #[test]
        fn never_panics(text in ".{0,20}") {
            let _ = Bic::parse(&text);
        }
    }
}
