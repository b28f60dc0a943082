//! SWIFT FIN MT103 and MT101.
//!
//! A FIN message is a run of blocks: `{1:}` basic header (the sender's logical terminal),
//! `{2:}` application header (input `I103<receiver>` or output `O103<time><date><sender>`),
//! `{3:}` user header and `{5:}` trailer (both of `{tag:value}` sub-blocks), and `{4:` the
//! text: fields `:TAG:value` on lines, up to a line `-}`. An RJE file holds several messages
//! separated by `$`; acknowledgements (`{1:F21...}{4:{177:...}{451:0}}`) may precede a
//! message and are skipped. Field paths are `MT103 :59:`; a party spread over lines keeps the
//! line in the path of its address lines (`MT103 :50K: line 3`).
//!
//! Party fields read: ordering customer 50A/F/K (and 50H, 50C/L in MT101), beneficiary
//! 59/59A/59F, and the agents 51A, 52A/D, 53A/D, 54A/D, 55A/D, 56A/C/D, 57A/B/C/D. Options A
//! carry a BIC, F a structured name and address (`1/` name, `2/` address, `3/` country and
//! town), D and K/no letter a free name and address. Free text: 70, 72, 77B.

use crate::{line_column, Format, FreeText, Located, Message, MessageError, Party};

/// Reads a FIN file: one message, or an RJE file of `$`-separated messages.
pub fn parse(file: &str, text: &str) -> Result<Vec<Message>, MessageError> {
    let mut messages = Vec::new();
    let mut number = 0;
    for (chunk, offset) in split_rje(text) {
        if chunk.trim().is_empty() {
            continue;
        }
        number += 1;
        let line = line_column(text.as_bytes(), offset).0;
        let fail = |line: usize, field: Option<String>, reason: String| MessageError::Fin {
            file: file.to_owned(),
            message: number,
            line,
            field,
            reason,
        };
        // A lone "{" after the last block (seen in real RJE files) opens nothing: it is
        // dropped with a warning rather than refusing the message.
        let mut warnings = Vec::new();
        let mut chunk = chunk;
        let trimmed = chunk.trim_end();
        if trimmed.ends_with("}{") {
            chunk = &trimmed[..trimmed.len() - 1];
            warnings.push(format!(
                "message {number}: a lone '{{' after the last block was ignored"
            ));
        }
        let blocks = blocks(chunk)
            .map_err(|(at, reason)| fail(line + chunk[..at].matches('\n').count(), None, reason))?;
        // Skip acknowledgements and other service messages: the user message is the last
        // one whose block 1 is an application message (F01).
        let start = blocks
            .iter()
            .rposition(|b| b.id == "1" && b.body.starts_with("F01"))
            .ok_or_else(|| {
                fail(
                    line,
                    Some("{1:}".into()),
                    "no basic header block {1:F01...}".into(),
                )
            })?;
        let blocks = &blocks[start..];
        let block = |id: &str| blocks.iter().find(|b| b.id == id);
        let header = block("2").ok_or_else(|| {
            fail(
                line,
                Some("{2:}".into()),
                "the application header block {2:} is missing".into(),
            )
        })?;
        let text_block = block("4").ok_or_else(|| {
            fail(
                line,
                Some("{4:}".into()),
                "the text block {4:} is missing".into(),
            )
        })?;
        let kind = header.body.get(1..4).unwrap_or("");
        let format = match kind {
            "103" => Format::Mt103,
            "101" => Format::Mt101,
            other => {
                return Err(fail(
                    line,
                    Some("{2:}".into()),
                    format!("message type MT{other} is not screened here (MT103 and MT101 are)"),
                ))
            }
        };
        let text_line = line + chunk[..text_block.at].matches('\n').count();
        let fields = fields(&text_block.body)
            .map_err(|(rel, reason)| fail(text_line + rel, None, reason))?;
        let name = format_label(format);
        let mut message = Message {
            format,
            id: None,
            date: None,
            transactions: if format == Format::Mt103 { 1 } else { 0 },
            parties: Vec::new(),
            texts: Vec::new(),
            warnings,
        };
        if let Some(bic) = logical_terminal_bic(&blocks[0].body) {
            message.parties.push(Party {
                role: "{1:}".into(),
                agent: true,
                bic: Some(Located {
                    field: format!("{name} {{1:}} logical terminal"),
                    value: bic,
                }),
                ..Party::default()
            });
        }
        if let Some(bic) = header_bic(&header.body) {
            let which = if header.body.starts_with('O') {
                "sender"
            } else {
                "receiver"
            };
            message.parties.push(Party {
                role: "{2:}".into(),
                agent: true,
                bic: Some(Located {
                    field: format!("{name} {{2:}} {which}"),
                    value: bic,
                }),
                ..Party::default()
            });
        }
        for field in &fields {
            let transaction = match format {
                Format::Mt103 => Some(1),
                _ if message.transactions > 0 => Some(message.transactions),
                _ => None,
            };
            let path = format!("{name} :{}:", field.tag);
            match field.tag.as_str() {
                "20" if message.id.is_none() => message.id = Some(field.value.trim().to_owned()),
                "21" if format == Format::Mt101 => message.transactions += 1,
                "32A" if message.date.is_none() => {
                    message.date = field.value.get(..6).and_then(yymmdd);
                }
                "30" if message.date.is_none() => {
                    message.date = field.value.get(..6).and_then(yymmdd)
                }
                "70" | "72" | "77B" => message.texts.push(FreeText {
                    transaction,
                    text: Located {
                        field: path,
                        value: join_lines(&field.value),
                    },
                }),
                tag => {
                    if let Some(party) = party(tag, &path, &field.value, transaction) {
                        message.parties.push(party);
                    }
                }
            }
        }
        messages.push(message);
    }
    if messages.is_empty() {
        return Err(MessageError::UnknownFormat {
            file: file.to_owned(),
            reason: "no FIN message in the file".into(),
        });
    }
    Ok(messages)
}

fn format_label(format: Format) -> &'static str {
    match format {
        Format::Mt101 => "MT101",
        _ => "MT103",
    }
}

fn yymmdd(text: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text, "%y%m%d").ok()
}

/// Splits an RJE file at the `$` that separate messages, with each chunk's byte offset.
fn split_rje(text: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    // '$' is outside the FIN character sets, so it can only be a separator.
    for (i, c) in text.char_indices() {
        if c == '$' {
            out.push((&text[start..i], start));
            start = i + 1;
        }
    }
    out.push((&text[start..], start));
    out
}

struct Block {
    id: String,
    body: String,
    /// Byte offset of the body in the chunk.
    at: usize,
}

/// The top-level blocks of one message chunk. Errors carry a byte offset in the chunk.
fn blocks(chunk: &str) -> Result<Vec<Block>, (usize, String)> {
    let bytes = chunk.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'{' => {
                let colon = chunk[i..]
                    .find(':')
                    .map(|p| i + p)
                    .ok_or((i, "a block without ':' after its id".to_owned()))?;
                let id = chunk[i + 1..colon].to_owned();
                if id.is_empty() || id.len() > 3 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    return Err((i, format!("bad block id {id:?}")));
                }
                let body_start = colon + 1;
                let end = if id == "4" && !chunk[body_start..].starts_with('{') {
                    // The text block ends at a line "-}".
                    let rel = chunk[body_start..]
                        .find("\n-}")
                        .or_else(|| chunk[body_start..].find("\r\n-}"));
                    match rel {
                        Some(rel) => {
                            let dash = chunk[body_start + rel..].find("-}").expect("found")
                                + body_start
                                + rel;
                            out.push(Block {
                                id,
                                body: chunk[body_start..dash].to_owned(),
                                at: body_start,
                            });
                            i = dash + 2;
                            continue;
                        }
                        None => {
                            return Err((
                                body_start,
                                "block {4:} is not closed by a line \"-}\" (truncated?)".to_owned(),
                            ))
                        }
                    }
                } else {
                    matching_brace(bytes, i).ok_or((i, format!("block {{{id}:}} is not closed")))?
                };
                out.push(Block {
                    id,
                    body: chunk[body_start..end].to_owned(),
                    at: body_start,
                });
                i = end + 1;
            }
            other => {
                return Err((
                    i,
                    format!("unexpected {:?} between blocks", char::from(other)),
                ))
            }
        }
    }
    Ok(out)
}

/// The index of the `}` closing the `{` at `open`.
fn matching_brace(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0;
    for (i, &b) in bytes.iter().enumerate().skip(open) {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

struct Field {
    tag: String,
    value: String,
}

/// The fields of a text block. Errors carry the line (from 0) relative to the block start.
fn fields(body: &str) -> Result<Vec<Field>, (usize, String)> {
    let mut out: Vec<Field> = Vec::new();
    for (n, raw) in body.split('\n').enumerate() {
        let line = raw.trim_end_matches('\r');
        if n == 0 && line.trim().is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix(':') {
            if let Some(end) = rest.find(':') {
                let tag = &rest[..end];
                if is_tag(tag) {
                    out.push(Field {
                        tag: tag.to_owned(),
                        value: rest[end + 1..].to_owned(),
                    });
                    continue;
                }
                if tag.len() <= 4 {
                    return Err((n, format!("bad field tag :{tag}: (want two digits and an optional letter, as :59A:)")));
                }
            }
        }
        match out.last_mut() {
            Some(field) => {
                field.value.push('\n');
                field.value.push_str(line);
            }
            None => return Err((n, format!("text before the first field: {line:?}"))),
        }
    }
    if out.is_empty() {
        return Err((0, "block {4:} holds no field".into()));
    }
    Ok(out)
}

fn is_tag(tag: &str) -> bool {
    let b = tag.as_bytes();
    (b.len() == 2 || b.len() == 3)
        && b[0].is_ascii_digit()
        && b[1].is_ascii_digit()
        && (b.len() == 2 || b[2].is_ascii_uppercase())
}

fn join_lines(value: &str) -> String {
    value
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The BIC of a logical terminal address in block 1 (`F01` + 12 characters: BIC8, terminal
/// code, branch).
fn logical_terminal_bic(body: &str) -> Option<String> {
    let lt = body.get(3..15)?;
    Some(format!("{}{}", &lt[..8], &lt[9..12]))
}

/// The other party's BIC in block 2: `I103` + receiver address, or `O103` + HHMM + MIR
/// (date, sender logical terminal, ...).
fn header_bic(body: &str) -> Option<String> {
    let lt = if body.starts_with('I') {
        body.get(4..16)?
    } else {
        body.get(14..26)?
    };
    Some(format!("{}{}", &lt[..8], &lt[9..12]))
}

/// A party field, read by its option letter.
fn party(tag: &str, path: &str, value: &str, transaction: Option<usize>) -> Option<Party> {
    let number = &tag[..2];
    let option = tag.get(2..3).unwrap_or("");
    let customer = matches!(number, "50" | "59");
    let agent = matches!(number, "51" | "52" | "53" | "54" | "55" | "56" | "57");
    if !customer && !agent {
        return None;
    }
    let mut party = Party {
        role: tag.to_owned(),
        agent,
        transaction,
        ..Party::default()
    };
    let mut lines: Vec<&str> = value
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    // A leading "/account" or "//clearing code" line is an account, not a name.
    if lines.first().is_some_and(|l| l.starts_with('/')) && (option != "F" || lines.len() > 1) {
        lines.remove(0);
    }
    let at = |line: usize| format!("{path} line {line}");
    match option {
        "A" | "C" if tag != "50C" || !lines.is_empty() => {
            if let Some(bic) = lines.first() {
                party.bic = Some(Located {
                    field: path.to_owned(),
                    value: (*bic).to_owned(),
                });
            }
        }
        "F" => {
            for (n, line) in lines.iter().enumerate() {
                let Some((code, rest)) = line.split_once('/') else {
                    party.address_lines.push(Located {
                        field: at(n + 2),
                        value: (*line).to_owned(),
                    });
                    continue;
                };
                match code {
                    "1" => push_name(&mut party, path, n + 2, rest),
                    "2" => party.address_lines.push(Located {
                        field: at(n + 2),
                        value: rest.to_owned(),
                    }),
                    "3" => {
                        let (country, town) = rest.split_once('/').unwrap_or((rest, ""));
                        party.countries.push(Located {
                            field: at(n + 2),
                            value: country.to_owned(),
                        });
                        if !town.is_empty() {
                            party.towns.push(Located {
                                field: at(n + 2),
                                value: town.to_owned(),
                            });
                        }
                    }
                    _ => {}
                }
            }
        }
        "B" => {}
        _ => {
            // K, D, H, L or no letter: a name, then address lines. 50H puts a BIC-like
            // account holder line in some samples; it is an address line here.
            let mut iter = lines.iter().enumerate();
            if let Some((n, name)) = iter.next() {
                push_name(&mut party, path, n + 1, name);
            }
            for (n, line) in iter {
                party.address_lines.push(Located {
                    field: at(n + 1),
                    value: (*line).to_owned(),
                });
            }
        }
    }
    Some(party)
}

fn push_name(party: &mut Party, path: &str, line: usize, name: &str) {
    match party.names.first_mut() {
        // A continued name line ("1/" twice) belongs to the same name.
        Some(first) => {
            first.value.push(' ');
            first.value.push_str(name.trim());
        }
        None => party.names.push(Located {
            field: if line <= 2 {
                path.to_owned()
            } else {
                format!("{path} line {line}")
            },
            value: name.trim().to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = "{1:F01BANKDEFFAXXX0000000000}{2:I103BKMTIRTHXXXXN}{4:\n:20:REF1\n:32A:260105EUR1,\n:50F:/123\n1/JOHN SMITH\n2/1 MAIN ST\n3/IR/TEHRAN\n:59:/IR001\nACME LTD\nADDR\n:70:PAY\nINV 1\n-}";

    #[test]
    fn structured_and_free_parties() {
        let messages = parse("m.fin", ONE).unwrap();
        let message = &messages[0];
        assert_eq!(message.format, Format::Mt103);
        assert_eq!(message.id.as_deref(), Some("REF1"));
        assert_eq!(message.date.unwrap().to_string(), "2026-01-05");
        assert_eq!(
            message.parties[0].bic.as_ref().unwrap().value,
            "BANKDEFFXXX"
        );
        assert_eq!(
            message.parties[1].bic.as_ref().unwrap().value,
            "BKMTIRTHXXX"
        );
        let ordering = &message.parties[2];
        assert_eq!(ordering.names[0].value, "JOHN SMITH");
        assert_eq!(ordering.names[0].field, "MT103 :50F:");
        assert_eq!(ordering.countries[0].value, "IR");
        assert_eq!(ordering.towns[0].value, "TEHRAN");
        let beneficiary = &message.parties[3];
        assert_eq!(beneficiary.names[0].value, "ACME LTD");
        assert_eq!(beneficiary.address_lines[0].field, "MT103 :59: line 2");
        assert_eq!(message.texts[0].text.value, "PAY\nINV 1");
    }

    #[test]
    fn located_errors() {
        let err = parse("m.fin", &ONE.replace(":59:", ":5X:"))
            .unwrap_err()
            .to_string();
        assert_eq!(err, "m.fin: message 1 (line 8): bad field tag :5X: (want two digits and an optional letter, as :59A:)");
        let err = parse(
            "m.fin",
            "{1:F01BANKDEFFAXXX0000000000}{2:I103BKMTIRTHXXXXN}",
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "m.fin: message 1 (line 1), field {4:}: the text block {4:} is missing"
        );
        let err = parse("m.fin", &ONE[..60]).unwrap_err().to_string();
        assert!(err.contains("not closed by a line \"-}\""), "{err}");
    }
}
