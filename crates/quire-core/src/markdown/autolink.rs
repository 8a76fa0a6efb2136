//! GitHub's extended autolinks: `www.example.com`, `https://example.com/x` and
//! `someone@example.com` written as plain text become links, as GitHub (cmark-gfm) reads them;
//! pulldown-cmark 0.13 has no option for them. One left-to-right scan of a text, linear in its
//! length: every failed attempt resumes past what it has read.

/// A link found in a text: the byte range of the text it covers, and where it points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Autolink {
    pub start: usize,
    pub end: usize,
    pub url: String,
}

/// The extended autolinks of `text`, in order and not overlapping.
pub fn find(text: &str) -> Vec<Autolink> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    // Text before this was claimed by a link; an email address never reaches back past it.
    let mut claimed = 0;
    let mut i = 0;
    while i < bytes.len() {
        let attempt = match bytes[i] {
            b'w' => www(text, i),
            b'h' | b'H' => url(text, i),
            b'@' => email(text, claimed, i),
            _ => Err(i + 1),
        };
        match attempt {
            Ok(link) => {
                i = link.end;
                claimed = link.end;
                found.push(link);
            }
            Err(resume) => i = resume.max(i + 1),
        }
    }
    found
}

/// `www.` and a domain, at the start of the text, after a space or one of `*_~(`.
fn www(text: &str, at: usize) -> Result<Autolink, usize> {
    if !text[at..].starts_with("www.") {
        return Err(at + 1);
    }
    let before = text[..at].chars().next_back();
    if before.is_some_and(|c| !c.is_whitespace() && !matches!(c, '*' | '_' | '~' | '(')) {
        return Err(at + 1);
    }
    let domain = domain_len(&text[at..]);
    if domain <= "www.".len() || !valid_domain(&text[at..at + domain]) {
        // Another `www.` inside this domain would stop where this one did: skip past it.
        return Err(at + domain);
    }
    let end = delimit(text, at, path_end(text, at + domain)).ok_or(at + domain)?;
    Ok(Autolink {
        start: at,
        end,
        url: format!("http://{}", &text[at..end]),
    })
}

/// `http://` or `https://` (any case) and a domain, not preceded by a letter.
fn url(text: &str, at: usize) -> Result<Autolink, usize> {
    let rest = &text.as_bytes()[at..];
    let starts = |scheme: &str| {
        rest.get(..scheme.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(scheme.as_bytes()))
    };
    let scheme = match ["https://", "http://"].into_iter().find(|s| starts(s)) {
        Some(scheme) => scheme.len(),
        None => return Err(at + 1),
    };
    if text[..at].ends_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(at + 1);
    }
    let host = at + scheme;
    let domain = domain_len(&text[host..]);
    if domain == 0 || !valid_domain(&text[host..host + domain]) {
        return Err(host + domain);
    }
    let end = delimit(text, at, path_end(text, host + domain)).ok_or(host + domain)?;
    Ok(Autolink {
        start: at,
        end,
        url: text[at..end].to_string(),
    })
}

/// `local@domain.tld` around the `@` at `at`; the local part reaches back no further than
/// `claimed`.
fn email(text: &str, claimed: usize, at: usize) -> Result<Autolink, usize> {
    let bytes = text.as_bytes();
    let local = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-' | b'_');
    let mut start = at;
    while start > claimed && local(bytes[start - 1]) {
        start -= 1;
    }
    if start == at || (start > 0 && bytes[start - 1] == b'/') {
        return Err(at + 1);
    }
    let mut end = at + 1;
    let mut dots = 0;
    while let Some(&b) = bytes.get(end) {
        match b {
            b'@' => return Err(end), // two `@`: not an address; the next one may start one
            b'.' if bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric) => dots += 1,
            b'.' => break,
            _ if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_') => {}
            _ => break,
        }
        end += 1;
    }
    let last = bytes[end - 1];
    if end - at < 2 || dots == 0 || !(last.is_ascii_alphabetic() || last == b'.') {
        return Err(end);
    }
    let end = delimit(text, start, end).ok_or(end)?;
    Ok(Autolink {
        start,
        end,
        url: format!("mailto:{}", &text[start..end]),
    })
}

/// Whether a character may be part of a domain: letters and digits of any script, `-`, `_`,
/// `.`, and other non-ASCII characters that are not spaces (emoji domains exist).
fn host_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.') || (!c.is_ascii() && !c.is_whitespace())
}

/// Length of the run of domain characters at the start of `s`.
fn domain_len(s: &str) -> usize {
    s.find(|c: char| !host_char(c)).unwrap_or(s.len())
}

/// A domain starts with a letter or digit, and has no `_` in its last two labels (host names
/// may not have one, though other labels may).
fn valid_domain(domain: &str) -> bool {
    if !domain.starts_with(|c: char| c.is_alphanumeric() || !c.is_ascii()) {
        return false;
    }
    let mut labels = domain.trim_end_matches('.').rsplit('.');
    let last_two = [labels.next(), labels.next()];
    !last_two.iter().flatten().any(|label| label.contains('_'))
}

/// Where the path after a domain ends: at a space or a `<`.
fn path_end(text: &str, from: usize) -> usize {
    text[from..]
        .find(|c: char| c.is_whitespace() || c == '<')
        .map_or(text.len(), |i| from + i)
}

/// Trims what GitHub leaves out of a link's end: trailing punctuation (`?!.,:*_~'"`), a `)`
/// without its `(`, and an entity-like `&name;`. `None` when nothing is left.
fn delimit(text: &str, start: usize, mut end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let link = &bytes[start..end];
    let opening = link.iter().filter(|&&b| b == b'(').count();
    let mut closing = link.iter().filter(|&&b| b == b')').count();
    while end > start {
        match bytes[end - 1] {
            b')' if closing > opening => {
                closing -= 1;
                end -= 1;
            }
            b'?' | b'!' | b'.' | b',' | b':' | b'*' | b'_' | b'~' | b'\'' | b'"' => end -= 1,
            b';' => {
                let name = text[start..end - 1]
                    .bytes()
                    .rev()
                    .take_while(u8::is_ascii_alphabetic)
                    .count();
                let amp = end - 1 - name;
                end = if name > 0 && amp > start && bytes[amp - 1] == b'&' {
                    amp - 1
                } else {
                    end - 1
                };
            }
            _ => break,
        }
    }
    (end > start).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(text: &str) -> Vec<(&str, String)> {
        find(text)
            .into_iter()
            .map(|l| (&text[l.start..l.end], l.url))
            .collect()
    }

    #[test]
    fn finds_what_github_links() {
        assert_eq!(
            links("see www.example.com/a_b, https://x.example/p?q=1. and a.w@b.c!"),
            [
                (
                    "www.example.com/a_b",
                    "http://www.example.com/a_b".to_string()
                ),
                (
                    "https://x.example/p?q=1",
                    "https://x.example/p?q=1".to_string()
                ),
                ("a.w@b.c", "mailto:a.w@b.c".to_string()),
            ]
        );
        assert_eq!(
            links("(http://x.example/Pikachu_(Electric)) \"http://x.example\""),
            [
                (
                    "http://x.example/Pikachu_(Electric)",
                    "http://x.example/Pikachu_(Electric)".to_string()
                ),
                ("http://x.example", "http://x.example".to_string()),
            ]
        );
        assert_eq!(
            links("http://x.example/a&amp; http://inlines"),
            [
                ("http://x.example/a", "http://x.example/a".to_string()),
                ("http://inlines", "http://inlines".to_string()),
            ]
        );
    }

    #[test]
    fn leaves_what_github_leaves() {
        for text in [
            "xwww.example.com",
            "www.",
            "www.x._y",
            "xhttp://x.example",
            "http://",
            "ftp://x.example",
            "@a.b.c@. x",
            "n@.  b",
            "a@b",
            "a@b.c1",
            "path/a@b.com",
            "javascript:alert(1)",
        ] {
            assert_eq!(links(text), [], "{text:?}");
        }
    }
}
