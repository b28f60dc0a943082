//! HTML reduced to the text a reader sees.
//!
//! Names are looked for in what a page says, not in its markup: tags go, entities are decoded
//! (`&amp;`, `&#x642;`), `<script>`, `<style>`, `<template>` and `<head>` contents are left
//! out, and block elements (paragraphs, headings, list items, table cells, `<br>`) end a line
//! so that two names in adjacent cells do not run together. Parsing is html5ever's (through
//! `scraper`), which reads broken HTML as a browser does. Mention offsets are offsets into this
//! reduced text.

use scraper::node::Node;
use scraper::Html;

/// The text of an HTML document or fragment, as a reader sees it (see the module docs).
pub fn html_to_text(html: &str) -> String {
    let document = Html::parse_document(html);
    let mut out = String::with_capacity(html.len() / 2);
    walk(document.tree.root(), &mut out);
    // Trailing whitespace of the last block is noise.
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

fn walk(node: ego_tree::NodeRef<'_, Node>, out: &mut String) {
    for child in node.children() {
        match child.value() {
            Node::Text(text) => push_text(out, text),
            Node::Element(element) => {
                let name = element.name();
                if matches!(
                    name,
                    "script" | "style" | "template" | "head" | "noscript" | "svg"
                ) {
                    continue;
                }
                if name == "br" {
                    out.push('\n');
                    continue;
                }
                let block = is_block(name);
                if block {
                    end_line(out);
                }
                walk(child, out);
                if block {
                    end_line(out);
                }
            }
            _ => walk(child, out),
        }
    }
}

/// Appends text with its runs of whitespace collapsed to one space, as a browser renders it.
fn push_text(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with([' ', '\n']) {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

fn end_line(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "tr"
            | "td"
            | "th"
            | "table"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "blockquote"
            | "pre"
            | "figure"
            | "figcaption"
            | "title"
            | "body"
            | "main"
            | "address"
            | "hr"
    )
}

#[cfg(test)]
mod tests {
    use super::html_to_text;

    #[test]
    fn tags_entities_and_blocks() {
        let html = "<html><head><title>x</title><style>p{}</style></head><body>\
            <h1>Tehran &amp; Moscow</h1><p>Gen.&nbsp;Qassem <b>Suleimani</b>&#39;s visit</p>\
            <script>var a = 'Putin';</script><table><tr><td>A</td><td>B</td></tr></table></body></html>";
        assert_eq!(
            html_to_text(html),
            "Tehran & Moscow\nGen. Qassem Suleimani's visit\nA\nB"
        );
    }
}
