//! The analysts' web UI, as static files compiled into the binary.
//!
//! The UI is plain HTML, CSS and JavaScript modules under `assets/`: no
//! framework, no bundler, no build step and nothing fetched from the network,
//! so `interdict serve` works the same on a machine with no network. The files
//! are embedded with `include_bytes!`; the server mounts [`asset`] on
//! `GET /ui/{*path}`. The page talks to the HTTP API v1 with the user's key;
//! the static files themselves need none.
//!
//! Only the paths listed here exist: a request path is compared whole with the
//! table, never joined to a directory, so `../Cargo.toml` or `%2e%2e/` can
//! name nothing.

use std::sync::OnceLock;

use sha2::{Digest, Sha256};

/// One embedded file, ready to serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Asset {
    /// The `Content-Type` header value.
    pub content_type: &'static str,
    /// The file's bytes.
    pub bytes: &'static [u8],
    /// A strong `ETag` header value (quoted), derived from the bytes: it
    /// changes exactly when the file does.
    pub etag: &'static str,
}

const HTML: &str = "text/html; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";
const SVG: &str = "image/svg+xml";

struct File {
    path: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
}

macro_rules! files {
    ($($path:literal => $content_type:expr),* $(,)?) => {
        &[$(File {
            path: $path,
            content_type: $content_type,
            bytes: include_bytes!(concat!("../assets/", $path)),
        }),*]
    };
}

/// Every file of the UI, by its path relative to `/ui/`.
static FILES: &[File] = files![
    "index.html" => HTML,
    "app.css" => CSS,
    "favicon.svg" => SVG,
    "js/app.js" => JS,
    "js/api.js" => JS,
    "js/dom.js" => JS,
    "js/format.js" => JS,
    "js/explain.js" => JS,
    "js/search.js" => JS,
    "js/entity.js" => JS,
    "js/timeline.js" => JS,
    "js/diff.js" => JS,
    "js/alerts.js" => JS,
];

/// The file at `path`, relative to `/ui/` (`""` or `"index.html"` is the
/// page), or `None` if the UI has no such file.
pub fn asset(path: &str) -> Option<Asset> {
    let path = if path.is_empty() { "index.html" } else { path };
    let index = FILES.iter().position(|file| file.path == path)?;
    let file = &FILES[index];
    Some(Asset {
        content_type: file.content_type,
        bytes: file.bytes,
        etag: &etags()[index],
    })
}

/// The paths of every file of the UI, relative to `/ui/`.
pub fn paths() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|file| file.path)
}

/// The ETags, computed once from the bytes: the first 128 bits of the
/// SHA-256, quoted as RFC 9110 wants.
fn etags() -> &'static [String] {
    static ETAGS: OnceLock<Vec<String>> = OnceLock::new();
    ETAGS.get_or_init(|| {
        FILES
            .iter()
            .map(|file| {
                let digest = Sha256::digest(file.bytes);
                let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
                format!("\"{hex}\"")
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The relative URLs named by `src="..."`, `href="..."` and ES module
    /// `import ... from "./x.js"` / `import("./x.js")` in a text.
    fn references(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        for marker in ["src=\"", "href=\"", "from '", "from \"", "import('"] {
            let mut rest = text;
            while let Some(start) = rest.find(marker) {
                rest = &rest[start + marker.len()..];
                let end = rest.find(['"', '\'']).expect("a closing quote");
                let target = &rest[..end];
                rest = &rest[end..];
                if target.starts_with('#') || target.is_empty() {
                    continue;
                }
                found.push(target.to_string());
            }
        }
        found
    }

    /// `./x.js` seen from `js/app.js` is `js/x.js`; `../app.css` is `app.css`.
    fn resolve(from: &str, target: &str) -> String {
        let mut parts: Vec<&str> = from.split('/').collect();
        parts.pop();
        for part in target.split('/') {
            match part {
                "." => {}
                ".." => {
                    parts.pop();
                }
                other => parts.push(other),
            }
        }
        parts.join("/")
    }

    #[test]
    fn every_file_referenced_from_the_page_and_the_modules_is_embedded() {
        let page = std::str::from_utf8(asset("").unwrap().bytes).unwrap();
        let from_page = references(page);
        for needed in ["app.css", "favicon.svg", "js/app.js"] {
            assert!(
                from_page.iter().any(|r| r == needed),
                "index.html does not reference {needed}: {from_page:?}"
            );
        }
        let mut checked = 0;
        for file in FILES {
            let text = std::str::from_utf8(file.bytes).unwrap();
            for target in references(text) {
                let path = resolve(file.path, &target);
                assert!(
                    asset(&path).is_some(),
                    "{} references {target} ({path}), which is not embedded",
                    file.path
                );
                checked += 1;
            }
        }
        assert!(checked >= 12, "only {checked} references found");
        // And every embedded file is used by something.
        for path in paths().filter(|p| *p != "index.html") {
            let used = FILES.iter().any(|file| {
                let text = std::str::from_utf8(file.bytes).unwrap();
                references(text)
                    .iter()
                    .any(|target| resolve(file.path, target) == path)
            });
            assert!(used, "{path} is embedded but nothing references it");
        }
    }

    #[test]
    fn the_page_is_served_for_the_empty_path_and_by_name() {
        let page = asset("").unwrap();
        assert_eq!(page, asset("index.html").unwrap());
        assert_eq!(page.content_type, "text/html; charset=utf-8");
        assert!(page.bytes.starts_with(b"<!doctype html>"));
        assert_eq!(
            asset("js/app.js").unwrap().content_type,
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            asset("app.css").unwrap().content_type,
            "text/css; charset=utf-8"
        );
        assert_eq!(asset("favicon.svg").unwrap().content_type, "image/svg+xml");
    }

    #[test]
    fn unknown_and_traversal_paths_are_none() {
        for path in [
            "../Cargo.toml",
            "../src/lib.rs",
            "%2e%2e/Cargo.toml",
            "%2e%2e%2fCargo.toml",
            "..%2fCargo.toml",
            "js/../../Cargo.toml",
            "js/../index.html",
            "./index.html",
            "/index.html",
            "/etc/passwd",
            "js",
            "js/",
            "nope.js",
            "INDEX.HTML",
            "index.html/",
            "index.html?x=1",
            "js\\app.js",
        ] {
            assert_eq!(asset(path), None, "{path:?} must not resolve");
        }
    }

    #[test]
    fn etags_are_strong_distinct_and_follow_the_bytes() {
        let mut seen = std::collections::HashSet::new();
        for path in paths() {
            let file = asset(path).unwrap();
            assert!(
                file.etag.starts_with('"') && file.etag.ends_with('"') && file.etag.len() == 34,
                "{path}: {}",
                file.etag
            );
            assert!(!file.etag.starts_with("W/"));
            assert!(seen.insert(file.etag), "{path} shares an ETag");
            let digest = Sha256::digest(file.bytes);
            let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(file.etag, format!("\"{hex}\""));
        }
        assert_eq!(seen.len(), FILES.len());
    }

    #[test]
    fn no_file_loads_anything_from_the_network() {
        for file in FILES {
            let text = std::str::from_utf8(file.bytes).unwrap();
            for target in references(text) {
                assert!(
                    !target.starts_with("http") && !target.starts_with("//"),
                    "{} loads {target}",
                    file.path
                );
            }
            assert!(
                !text.contains("@import url(http") && !text.contains("fonts.googleapis"),
                "{} loads a web font",
                file.path
            );
        }
    }

    #[test]
    fn no_module_assigns_html_from_strings() {
        // Every string from the API is data, and list data holds `<`, `&`
        // and quotes: the modules build DOM nodes and set textContent only.
        for file in FILES.iter().filter(|f| f.path.ends_with(".js")) {
            let text = std::str::from_utf8(file.bytes).unwrap();
            for banned in [
                "innerHTML",
                "outerHTML",
                "insertAdjacentHTML",
                "document.write",
            ] {
                assert!(!text.contains(banned), "{} uses {banned}", file.path);
            }
        }
    }
}
