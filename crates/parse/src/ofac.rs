//! Placeholder: being written.

use crate::{Input, ParseError, ParsedList};

/// Not yet written.
pub fn parse(_inputs: &[Input]) -> Result<ParsedList, ParseError> {
    unimplemented!("ofac parser")
}

/// Not yet written.
pub fn parse_sdn(inputs: &[Input]) -> Result<ParsedList, ParseError> {
    parse(inputs)
}

/// Not yet written.
pub fn parse_cons(inputs: &[Input]) -> Result<ParsedList, ParseError> {
    parse(inputs)
}
