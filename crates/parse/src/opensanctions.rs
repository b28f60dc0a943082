//! Placeholder: being written.

use crate::{Input, ParseError, ParsedList};

/// Not yet written.
pub fn parse(_inputs: &[Input]) -> Result<ParsedList, ParseError> {
    unimplemented!("opensanctions parser")
}
