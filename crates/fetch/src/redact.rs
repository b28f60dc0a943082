//! Keeping secrets out of errors and logs.
//!
//! Some publishers hand out access tokens (the EU puts one in the query string of
//! its Financial Sanctions Files URL), and a user may configure an
//! `Authorization` header. Error messages and log lines name the URL they are
//! about, so every URL is passed through [`redact_url`] before it is shown, and
//! any free text that came from the HTTP stack is passed through
//! [`Secrets::scrub`], which removes the literal secret values this crate knows.

/// What a redacted value is replaced with.
pub const REDACTED: &str = "REDACTED";

/// Query parameter names (lower-cased substrings) whose values are secret.
const SENSITIVE_PARAMS: [&str; 9] = [
    "token",
    "key",
    "secret",
    "pass",
    "pwd",
    "auth",
    "sig",
    "credential",
    "session",
];

/// Whether a query parameter (or header) of this name carries a secret.
pub fn is_sensitive_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SENSITIVE_PARAMS.iter().any(|needle| lower.contains(needle))
}

/// The URL with its secrets replaced by `REDACTED`: the user-info part
/// (`user:password@`), and the values of query parameters whose names suggest a
/// secret (`token`, `api_key`, `X-Amz-Signature`, ...). Everything else is kept,
/// so the result still tells which file was meant.
///
/// ```
/// use interdict_fetch::redact_url;
/// assert_eq!(
///     redact_url("https://u:pw@example.org/files/content?token=abc&lang=en"),
///     "https://u:REDACTED@example.org/files/content?token=REDACTED&lang=en"
/// );
/// ```
pub fn redact_url(url: &str) -> String {
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((head, tail)) => (head, Some(tail)),
        None => (url, None),
    };
    let (before_query, query) = match before_fragment.split_once('?') {
        Some((head, tail)) => (head, Some(tail)),
        None => (before_fragment, None),
    };

    let mut out = String::with_capacity(url.len());
    out.push_str(&redact_userinfo(before_query));
    if let Some(query) = query {
        out.push('?');
        let mut first = true;
        for pair in query.split('&') {
            if !first {
                out.push('&');
            }
            first = false;
            match pair.split_once('=') {
                Some((name, value)) if is_sensitive_name(name) && !value.is_empty() => {
                    out.push_str(name);
                    out.push('=');
                    out.push_str(REDACTED);
                }
                _ => out.push_str(pair),
            }
        }
    }
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// `scheme://user:pw@host/path` → `scheme://user:REDACTED@host/path`; a lone
/// user name (`scheme://TOKEN@host`) is redacted whole, as it is often a token.
fn redact_userinfo(head: &str) -> String {
    let Some(scheme_end) = head.find("://") else {
        return head.to_string();
    };
    let authority_start = scheme_end + 3;
    let rest = &head[authority_start..];
    let authority_len = rest.find('/').unwrap_or(rest.len());
    let authority = &rest[..authority_len];
    let Some(at) = authority.rfind('@') else {
        return head.to_string();
    };
    let userinfo = &authority[..at];
    let redacted = match userinfo.split_once(':') {
        Some((user, _password)) => format!("{user}:{REDACTED}"),
        None => REDACTED.to_string(),
    };
    format!(
        "{}{}{}",
        &head[..authority_start],
        redacted,
        &head[authority_start + at..]
    )
}

/// The literal secret values in play for one request: values substituted from
/// the environment, configured header values, sensitive query values and
/// passwords in URLs. [`Secrets::scrub`] removes them from any text.
#[derive(Clone, Debug, Default)]
pub(crate) struct Secrets {
    values: Vec<String>,
}

impl Secrets {
    /// Values shorter than this are not treated as secrets (scrubbing "1" or
    /// "en" would mangle messages and such values protect nothing).
    const MIN_LEN: usize = 4;

    /// Remembers `value` as a secret.
    pub(crate) fn add(&mut self, value: &str) {
        let value = value.trim();
        if value.len() >= Self::MIN_LEN && !self.values.iter().any(|known| known == value) {
            self.values.push(value.to_string());
            // Longest first, so a secret containing another is removed whole.
            self.values
                .sort_by_key(|known| std::cmp::Reverse(known.len()));
        }
    }

    /// Remembers the secret parts of `url` (sensitive query values, user info).
    pub(crate) fn add_from_url(&mut self, url: &str) {
        let before_fragment = url.split('#').next().unwrap_or(url);
        if let Some((head, query)) = before_fragment.split_once('?') {
            for pair in query.split('&') {
                if let Some((name, value)) = pair.split_once('=') {
                    if is_sensitive_name(name) {
                        self.add(value);
                    }
                }
            }
            self.add_userinfo(head);
        } else {
            self.add_userinfo(before_fragment);
        }
    }

    fn add_userinfo(&mut self, head: &str) {
        if let Some(scheme_end) = head.find("://") {
            let rest = &head[scheme_end + 3..];
            let authority = &rest[..rest.find('/').unwrap_or(rest.len())];
            if let Some(at) = authority.rfind('@') {
                let userinfo = &authority[..at];
                match userinfo.split_once(':') {
                    Some((_, password)) => self.add(password),
                    None => self.add(userinfo),
                }
            }
        }
    }

    /// `text` with every known secret replaced by `REDACTED`.
    pub(crate) fn scrub(&self, text: &str) -> String {
        let mut out = text.to_string();
        for secret in &self.values {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), REDACTED);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn redacts_query_tokens_and_passwords() {
        assert_eq!(
            redact_url("https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9r"),
            "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=REDACTED"
        );
        assert_eq!(
            redact_url(
                "https://s3.example/SDN.XML?X-Amz-Signature=ab12&X-Amz-Credential=cd&v=1#top"
            ),
            "https://s3.example/SDN.XML?X-Amz-Signature=REDACTED&X-Amz-Credential=REDACTED&v=1#top"
        );
        assert_eq!(
            redact_url("http://TOKEN@127.0.0.1:8080/a"),
            "http://REDACTED@127.0.0.1:8080/a"
        );
        assert_eq!(
            redact_url("http://me:hunter22@host/a?lang=en"),
            "http://me:REDACTED@host/a?lang=en"
        );
        // Nothing secret: unchanged.
        let plain = "https://scsanctions.un.org/resources/xml/en/consolidated.xml";
        assert_eq!(redact_url(plain), plain);
        // An @ in the path is not user info.
        assert_eq!(redact_url("http://h/p@x"), "http://h/p@x");
    }

    #[test]
    fn scrub_removes_known_values() {
        let mut secrets = Secrets::default();
        secrets.add_from_url("http://u:pa55word@h/x?api_key=k3y-value&x=1");
        secrets.add("Bearer s3cr3t-bearer");
        secrets.add("ab"); // too short to matter
        let text =
            "GET http://u:pa55word@h/x?api_key=k3y-value failed; sent Bearer s3cr3t-bearer; ab";
        assert_eq!(
            secrets.scrub(text),
            "GET http://u:REDACTED@h/x?api_key=REDACTED failed; sent REDACTED; ab"
        );
    }

    proptest! {
        #[test]
        fn redacted_url_never_contains_the_token(
            token in "[A-Za-z0-9_%-]{4,40}",
            path in "[a-z/]{0,20}",
            other in "[a-z]{1,8}",
        ) {
            let url = format!("https://host.example/{path}?{other}=1&token={token}");
            let redacted = redact_url(&url);
            let leaked = format!("token={token}");
            prop_assert!(!redacted.contains(&leaked));
            prop_assert!(redacted.ends_with("token=REDACTED"));
            let mut secrets = Secrets::default();
            secrets.add_from_url(&url);
            prop_assert!(!secrets.scrub(&url).contains(&token));
        }

        #[test]
        fn redact_never_panics(url in "\\PC{0,80}") {
            let _ = redact_url(&url);
            let mut secrets = Secrets::default();
            secrets.add_from_url(&url);
            let _ = secrets.scrub(&url);
        }
    }
}
