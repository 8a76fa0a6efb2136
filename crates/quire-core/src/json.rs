//! A small JSON reader for the app's wasm, where serde's generic decoders cost more bytes than
//! the rest of the data handling together (issue #11: the bundle budget). It reads the files
//! the builder writes with serde (`index.json`, `highlights.json`) and the render worker's
//! answers into the same types, with serde's rules for them: missing fields with a default
//! take it, unknown fields are ignored, numbers are whole and not negative (no file Quire
//! writes has another kind). The tests check it against serde on every type it reads.
//!
//! Nothing here panics on input: bad JSON and wrong shapes are errors naming the place.
//!
//! It also writes JSON ([`ToJson`]), for the app's requests to its worker, as serde would.

use crate::index::{Banner, ImageSizes, NavLink, PostIndex, PostMeta, SiteInfo};
use crate::markdown::TocEntry;
use crate::search::{HighlightEntry, HighlightsFile, SnippetPart};
use std::fmt;

/// Why JSON could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError(String);

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for JsonError {}

impl JsonError {
    /// An error of a reader written elsewhere (an enum's, say).
    pub fn new(message: impl Into<String>) -> Self {
        JsonError(message.into())
    }
}

fn error<T>(message: impl Into<String>) -> Result<T, JsonError> {
    Err(JsonError(message.into()))
}

/// A JSON value. Numbers are whole and not negative.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(u64),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

/// How deep arrays and objects may nest (Quire's files nest four levels at most).
const MAX_DEPTH: usize = 32;

/// Reads a JSON document.
pub fn parse(text: &str) -> Result<Value, JsonError> {
    let mut p = Parser {
        bytes: text.as_bytes(),
        at: 0,
    };
    let value = p.value(0)?;
    p.space();
    if p.at < p.bytes.len() {
        return p.fail("trailing characters");
    }
    Ok(value)
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn fail<T>(&self, what: &str) -> Result<T, JsonError> {
        let before = &self.bytes[..self.at.min(self.bytes.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = before.len()
            - before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1)
            + 1;
        error(format!("{what} at line {line} column {column}"))
    }

    fn space(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn eat(&mut self, word: &str) -> bool {
        let found = self.bytes[self.at..].starts_with(word.as_bytes());
        if found {
            self.at += word.len();
        }
        found
    }

    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > MAX_DEPTH {
            return self.fail("nested too deeply");
        }
        self.space();
        match self.bytes.get(self.at) {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Value::String),
            Some(b'0'..=b'9') => self.number(),
            Some(b'-') => self.fail("a negative number"),
            _ if self.eat("true") => Ok(Value::Bool(true)),
            _ if self.eat("false") => Ok(Value::Bool(false)),
            _ if self.eat("null") => Ok(Value::Null),
            Some(_) => self.fail("expected a value"),
            None => self.fail("unexpected end of the text"),
        }
    }

    fn number(&mut self) -> Result<Value, JsonError> {
        let mut n: u64 = 0;
        let start = self.at;
        while let Some(&b) = self.bytes.get(self.at).filter(|b| b.is_ascii_digit()) {
            n = match n
                .checked_mul(10)
                .and_then(|n| n.checked_add(u64::from(b - b'0')))
            {
                Some(n) => n,
                None => return self.fail("a number too large"),
            };
            self.at += 1;
        }
        if self.at - start > 1 && self.bytes[start] == b'0' {
            return self.fail("a number with a leading zero");
        }
        if let Some(b'.' | b'e' | b'E') = self.bytes.get(self.at) {
            return self.fail("a number that is not whole");
        }
        Ok(Value::Number(n))
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.at += 1; // the opening quote
        let mut out = String::new();
        loop {
            let run = self.at;
            while let Some(&b) = self.bytes.get(self.at) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            // The input is a &str and the run stops only at ASCII bytes: still UTF-8.
            out.push_str(std::str::from_utf8(&self.bytes[run..self.at]).unwrap_or_default());
            match self.bytes.get(self.at) {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escaped = match self.bytes.get(self.at) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.at += 1;
                            self.unicode_escape()?
                        }
                        _ => return self.fail("an unknown escape"),
                    };
                    self.at += 1;
                    out.push(escaped);
                }
                Some(_) => return self.fail("a control character in a string"),
                None => return self.fail("an unterminated string"),
            }
        }
    }

    /// After `\u`: four hex digits (and a second `\uXXXX` for a surrogate pair). Leaves `at`
    /// on the last digit.
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if !self.bytes[self.at + 1..].starts_with(b"\\u") {
                return self.fail("a lone surrogate");
            }
            self.at += 3;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return self.fail("a lone surrogate");
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        match char::from_u32(code) {
            Some(c) => Ok(c),
            None => self.fail("a lone surrogate"),
        }
    }

    /// Four hex digits from `at`; leaves `at` on the last one.
    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self.bytes.get(self.at..self.at + 4);
        let text = digits.and_then(|d| std::str::from_utf8(d).ok());
        match text.and_then(|t| u32::from_str_radix(t, 16).ok()) {
            Some(n) if text.is_some_and(|t| t.bytes().all(|b| b.is_ascii_hexdigit())) => {
                self.at += 3;
                Ok(n)
            }
            _ => self.fail("a bad \\u escape"),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.at += 1;
        let mut items = Vec::new();
        self.space();
        if self.eat("]") {
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.space();
            if self.eat("]") {
                return Ok(Value::Array(items));
            }
            if !self.eat(",") {
                return self.fail("expected `,` or `]`");
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.at += 1;
        let mut fields = Vec::new();
        self.space();
        if self.eat("}") {
            return Ok(Value::Object(fields));
        }
        loop {
            self.space();
            if self.bytes.get(self.at) != Some(&b'"') {
                return self.fail("expected a key");
            }
            let key = self.string()?;
            self.space();
            if !self.eat(":") {
                return self.fail("expected `:`");
            }
            fields.push((key, self.value(depth + 1)?));
            self.space();
            if self.eat("}") {
                return Ok(Value::Object(fields));
            }
            if !self.eat(",") {
                return self.fail("expected `,` or `}`");
            }
        }
    }
}

/// A type read from JSON.
pub trait FromJson: Sized {
    fn from_json(value: &Value) -> Result<Self, JsonError>;
}

/// Reads a JSON document as `T`.
pub fn from_str<T: FromJson>(text: &str) -> Result<T, JsonError> {
    T::from_json(&parse(text)?)
}

impl Value {
    /// An object's fields, or an error naming what was expected.
    pub fn fields(&self, what: &str) -> Result<Fields<'_>, JsonError> {
        match self {
            Value::Object(fields) => Ok(Fields(fields)),
            _ => error(format!("expected {what} (an object)")),
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
}

/// An object's fields, read by name.
#[derive(Clone, Copy)]
pub struct Fields<'a>(&'a [(String, Value)]);

impl<'a> Fields<'a> {
    /// A field; `null` counts as missing.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .filter(|v| **v != Value::Null)
    }

    /// A field that must be there.
    pub fn required(&self, key: &str) -> Result<&'a Value, JsonError> {
        self.get(key)
            .map_or_else(|| error(format!("missing field `{key}`")), Ok)
    }

    /// A field read as `T` when present.
    pub fn optional<T: FromJson>(&self, key: &str) -> Result<Option<T>, JsonError> {
        self.get(key)
            .map(|v| within(key, T::from_json(v)))
            .transpose()
    }

    /// A field read as `T`, or `T`'s default when missing.
    pub fn or_default<T: FromJson + Default>(&self, key: &str) -> Result<T, JsonError> {
        Ok(self.optional(key)?.unwrap_or_default())
    }

    /// A field read as `T` that must be there.
    pub fn read<T: FromJson>(&self, key: &str) -> Result<T, JsonError> {
        within(key, T::from_json(self.required(key)?))
    }
}

/// Says which field an error is in.
fn within<T>(key: &str, result: Result<T, JsonError>) -> Result<T, JsonError> {
    result.map_err(|JsonError(e)| JsonError(format!("{key}: {e}")))
}

impl FromJson for String {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        match value {
            Value::String(s) => Ok(s.clone()),
            _ => error("expected a string"),
        }
    }
}

impl FromJson for bool {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        match value {
            Value::Bool(b) => Ok(*b),
            _ => error("expected true or false"),
        }
    }
}

fn whole(value: &Value, max: u64) -> Result<u64, JsonError> {
    match value {
        Value::Number(n) if *n <= max => Ok(*n),
        Value::Number(_) => error("a number too large"),
        _ => error("expected a number"),
    }
}

impl FromJson for u32 {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        whole(value, u64::from(u32::MAX)).map(|n| n as u32)
    }
}

impl FromJson for u8 {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        whole(value, u64::from(u8::MAX)).map(|n| n as u8)
    }
}

impl FromJson for usize {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        whole(value, u64::from(u32::MAX)).map(|n| n as usize)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        match value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| within(&format!("[{i}]"), T::from_json(v)))
                .collect(),
            _ => error("expected a list"),
        }
    }
}

impl FromJson for PostIndex {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        let f = value.fields("the post index")?;
        Ok(PostIndex {
            version: f.read("version")?,
            site: f.read("site")?,
            posts: f.read("posts")?,
        })
    }
}

impl FromJson for SiteInfo {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        let f = value.fields("the site settings")?;
        Ok(SiteInfo {
            title: f.read("title")?,
            description: f.or_default("description")?,
            base_url: f.or_default("base_url")?,
            video_hosts: f
                .optional("video_hosts")?
                .unwrap_or_else(crate::index::default_video_hosts),
            remote_posters: f.or_default("remote_posters")?,
            posts_per_page: f
                .optional("posts_per_page")?
                .unwrap_or_else(crate::index::default_posts_per_page),
            feed_limit: f
                .optional("feed_limit")?
                .unwrap_or_else(crate::index::default_feed_limit),
            nav: f.or_default("nav")?,
            permalink: f.optional("permalink")?,
            previous_permalinks: f.or_default("previous_permalinks")?,
        })
    }
}

impl FromJson for NavLink {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        let f = value.fields("a header link")?;
        Ok(NavLink {
            title: f.read("title")?,
            url: f.read("url")?,
        })
    }
}

impl FromJson for PostMeta {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        let f = value.fields("a post")?;
        Ok(PostMeta {
            slug: f.read("slug")?,
            url: f.read("url")?,
            aliases: f.or_default("aliases")?,
            title: f.read("title")?,
            date: f.read("date")?,
            published: f.read("published")?,
            authors: f.or_default("authors")?,
            banner: f.optional("banner")?,
            tags: f.or_default("tags")?,
            summary: f.or_default("summary")?,
            body: f.read("body")?,
            reading_minutes: f.or_default("reading_minutes")?,
            images: f.or_default("images")?,
            code_runs: f.or_default("code_runs")?,
            files: f.or_default("files")?,
        })
    }
}

impl FromJson for ImageSizes {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        Vec::<String>::from_json(value).map(ImageSizes::from)
    }
}

impl FromJson for Banner {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        let f = value.fields("a banner")?;
        Ok(Banner {
            src: f.read("src")?,
            alt: f.or_default("alt")?,
            caption: f.optional("caption")?,
        })
    }
}

impl FromJson for HighlightsFile {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        let f = value.fields("the highlights list")?;
        Ok(HighlightsFile {
            version: f.read("version")?,
            highlights: f.read("highlights")?,
        })
    }
}

impl FromJson for HighlightEntry {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        let f = value.fields("a highlight")?;
        Ok(HighlightEntry {
            post: f.read("post")?,
            name: f.read("name")?,
            url: f.optional("url")?,
            text: f.or_default("text")?,
            section: f.optional("section")?,
        })
    }
}

impl FromJson for SnippetPart {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        let f = value.fields("a snippet")?;
        Ok(SnippetPart {
            text: f.read("text")?,
            marked: f.read("marked")?,
        })
    }
}

impl FromJson for TocEntry {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        let f = value.fields("a heading")?;
        Ok(TocEntry {
            level: f.read("level")?,
            id: f.read("id")?,
            text: f.read("text")?,
        })
    }
}

/// A type written as JSON (as serde writes it).
pub trait ToJson {
    fn write_json(&self, out: &mut String);

    fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }
}

/// Writes an object from its fields, in order.
pub fn write_object(out: &mut String, fields: &[(&str, &dyn ToJson)]) {
    out.push('{');
    for (i, (key, value)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        key.write_json(out);
        out.push(':');
        value.write_json(out);
    }
    out.push('}');
}

/// Writes an enum's variant with fields as serde does: `{"Variant":{fields}}`.
pub fn write_variant(out: &mut String, name: &str, fields: &[(&str, &dyn ToJson)]) {
    out.push('{');
    name.write_json(out);
    out.push(':');
    write_object(out, fields);
    out.push('}');
}

impl ToJson for str {
    fn write_json(&self, out: &mut String) {
        out.push('"');
        for c in self.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                c if c < ' ' => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.push_str("\\u00");
                    out.push(HEX[c as usize >> 4] as char);
                    out.push(HEX[c as usize & 15] as char);
                }
                c => out.push(c),
            }
        }
        out.push('"');
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        self.as_str().write_json(out);
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl ToJson for u32 {
    fn write_json(&self, out: &mut String) {
        out.push_str(&self.to_string());
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(value) => value.write_json(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            item.write_json(out);
        }
        out.push(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

impl ToJson for ImageSizes {
    fn write_json(&self, out: &mut String) {
        self.entries().write_json(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_read() {
        let v =
            parse(r#" { "a": [1, true, null, "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"], "b": {} } "#)
                .unwrap();
        assert_eq!(
            v,
            Value::Object(vec![
                (
                    "a".into(),
                    Value::Array(vec![
                        Value::Number(1),
                        Value::Bool(true),
                        Value::Null,
                        Value::String("x\"\\/\u{8}\u{c}\n\r\té😀".into()),
                    ])
                ),
                ("b".into(), Value::Object(vec![])),
            ])
        );
        assert_eq!(parse("\"\\u0000\"").unwrap(), Value::String("\0".into()));
        assert_eq!(
            parse("\"a\\u0000b\"").unwrap(),
            Value::String("a\0b".into())
        );
        assert_eq!(
            parse("[\"\\ud83d\\ude00x\"]").unwrap(),
            Value::Array(vec![Value::String("😀x".into())])
        );
    }

    #[test]
    fn bad_json_is_an_error_with_its_place() {
        for (text, says) in [
            ("", "unexpected end"),
            ("[1,]", "expected a value"),
            ("{\"a\" 1}", "expected `:`"),
            ("[1 2]", "expected `,` or `]`"),
            ("\"abc", "unterminated"),
            ("\"\\x\"", "unknown escape"),
            ("\"\\ud800\"", "lone surrogate"),
            ("\"\\ud800\\u0041\"", "lone surrogate"),
            ("\"\\u12\"", "bad \\u escape"),
            ("\"\\u+123\"", "bad \\u escape"),
            ("1.5", "not whole"),
            ("-1", "negative"),
            ("01", "leading zero"),
            ("99999999999999999999999", "too large"),
            ("{} x", "trailing"),
            ("\"a\nb\"", "control character"),
            ("nul", "expected a value"),
        ] {
            let e = parse(text).unwrap_err().to_string();
            assert!(e.contains(says), "{text:?}: {e}");
        }
        let e = parse("{\n  \"a\": [1,\n  ]\n}").unwrap_err().to_string();
        assert!(e.ends_with("at line 3 column 3"), "{e}");
        let deep = "[".repeat(10_000);
        assert!(
            parse(&deep)
                .unwrap_err()
                .to_string()
                .contains("nested too deeply")
        );
    }

    /// The reader and serde agree on every type the app reads: what the builder writes with
    /// serde reads back equal, defaults included.
    #[test]
    fn serde_output_reads_back_equal() {
        let post = PostMeta {
            slug: "a-post".into(),
            url: "/blog/2024/a-post/".into(),
            aliases: vec!["/old/".into()],
            title: "Quotes \" and \\ and ünïcödé 😀 <b>".into(),
            date: "2024-05-01".into(),
            published: "2024-05-01T10:00:00Z".into(),
            authors: vec!["Ana".into()],
            banner: Some(Banner {
                src: "/images/b.png".into(),
                alt: "a banner".into(),
                caption: Some("\u{1}control\u{1f}".into()),
            }),
            tags: vec!["rust".into(), "wasm".into()],
            summary: "Line\nbreak\ttab".into(),
            body: "posts/a-post.md".into(),
            reading_minutes: 7,
            images: ImageSizes::from(vec!["640 480 [480] /images/b.png".to_string()]),
            code_runs: true,
            files: vec!["figure.png".into(), "data/run%201.csv".into()],
        };
        let bare = PostMeta {
            aliases: vec![],
            banner: None,
            images: ImageSizes::default(),
            code_runs: false,
            files: vec![],
            ..post.clone()
        };
        let index = PostIndex {
            version: 3,
            site: SiteInfo {
                title: "Blog".into(),
                description: "About".into(),
                base_url: "https://blog.example/".into(),
                video_hosts: vec!["youtube.com".into()],
                remote_posters: true,
                posts_per_page: 4_000_000_000,
                feed_limit: 7,
                nav: vec![NavLink {
                    title: "Docs".into(),
                    url: "https://docs.example/".into(),
                }],
                permalink: Some("/:year/:title/".into()),
                previous_permalinks: vec!["/blog/:year/:month/:title/".into()],
            },
            posts: vec![post, bare],
        };
        let text = serde_json::to_string_pretty(&index).unwrap();
        assert_eq!(from_str::<PostIndex>(&text).unwrap(), index);
        let highlights = HighlightsFile {
            version: 1,
            highlights: vec![HighlightEntry {
                post: 4,
                name: "Cargo".into(),
                url: Some("https://x.example/".into()),
                text: "builds".into(),
                section: Some("tools".into()),
            }],
        };
        let text = serde_json::to_string(&highlights).unwrap();
        assert_eq!(from_str::<HighlightsFile>(&text).unwrap(), highlights);
        let toc = vec![TocEntry {
            level: 2,
            id: "one".into(),
            text: "One".into(),
        }];
        let text = serde_json::to_string(&toc).unwrap();
        assert_eq!(from_str::<Vec<TocEntry>>(&text).unwrap(), toc);
        let parts = vec![SnippetPart {
            text: "a".into(),
            marked: true,
        }];
        let text = serde_json::to_string(&parts).unwrap();
        assert_eq!(from_str::<Vec<SnippetPart>>(&text).unwrap(), parts);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]
        /// Any text serde writes as a JSON string reads back equal (escapes, control
        /// characters, astral characters).
        #[test]
        fn any_string_reads_back(text in "\\PC*|[\\x00-\\x20\"\\\\\u{7f}-\u{a0}\u{2028}\u{10000}-\u{10ffff}]*") {
            let json = serde_json::to_string(&text).unwrap();
            proptest::prop_assert_eq!(parse(&json).unwrap(), Value::String(text.clone()));
            let ascii = serde_json::to_string(&text).unwrap().chars().map(|c| if c.is_ascii() { c.to_string() } else {
                let mut units = [0u16; 2];
                c.encode_utf16(&mut units).iter().map(|u| format!("\\u{u:04x}")).collect()
            }).collect::<String>();
            proptest::prop_assert_eq!(parse(&ascii).unwrap(), Value::String(text));
        }

        /// Arbitrary input never panics: it is read or refused.
        #[test]
        fn any_input_is_read_or_refused(text in "[\\[\\]{}\",:0-9a-z\\\\ \n.-]{0,60}") {
            let _ = parse(&text);
        }
    }

    #[test]
    fn what_it_writes_is_what_serde_writes() {
        let text =
            "quote \" backslash \\ controls \u{0}\u{1f}\n\r\t\u{7f} é 😀 \u{2028}".to_string();
        assert_eq!(text.to_json(), serde_json::to_string(&text).unwrap());
        let list = vec![Some(text.clone()), None];
        assert_eq!(list.to_json(), serde_json::to_string(&list).unwrap());
        let sizes = ImageSizes::from(vec!["1 2 [] /a.png".to_string()]);
        assert_eq!(sizes.to_json(), serde_json::to_string(&sizes).unwrap());
        let mut out = String::new();
        write_variant(
            &mut out,
            "V",
            &[("a", &7u32), ("b", &true), ("c", &Vec::<String>::new())],
        );
        assert_eq!(out, r#"{"V":{"a":7,"b":true,"c":[]}}"#);
    }

    proptest::proptest! {
        #[test]
        fn any_string_is_written_as_serde_writes_it(text in "\\PC*|[\\x00-\\x20\"\\\\\u{7f}-\u{a0}]*") {
            proptest::prop_assert_eq!(text.to_json(), serde_json::to_string(&text).unwrap());
        }
    }

    #[test]
    fn defaults_fill_missing_fields_and_unknown_fields_are_ignored() {
        let text = r#"{"version":1,"site":{"title":"T","later":"x"},"posts":[
            {"slug":"s","url":"/s/","title":"S","date":"2024-01-01","published":"p","body":"posts/s.md","new":[1,{"a":null}]}
        ]}"#;
        let index: PostIndex = from_str(text).unwrap();
        let serde: PostIndex = serde_json::from_str(
            &text
                .replace(",\"later\":\"x\"", "")
                .replace(",\"new\":[1,{\"a\":null}]", ""),
        )
        .unwrap();
        assert_eq!(index, serde);
        assert_eq!(
            index.site.posts_per_page,
            crate::index::default_posts_per_page()
        );
        assert_eq!(index.site.feed_limit, crate::index::default_feed_limit());
    }

    #[test]
    fn wrong_shapes_name_the_field() {
        let e = from_str::<PostIndex>(r#"{"version":1,"site":{"title":"T"},"posts":[{"slug":3}]}"#)
            .unwrap_err()
            .to_string();
        assert_eq!(e, "posts: [0]: slug: expected a string");
        let e = from_str::<PostIndex>(r#"{"version":1,"posts":[]}"#)
            .unwrap_err()
            .to_string();
        assert_eq!(e, "missing field `site`");
        let e = from_str::<HighlightsFile>("[]").unwrap_err().to_string();
        assert_eq!(e, "expected the highlights list (an object)");
        let e = from_str::<Vec<TocEntry>>(r#"[{"level":300,"id":"a","text":"b"}]"#)
            .unwrap_err()
            .to_string();
        assert_eq!(e, "[0]: level: a number too large");
    }
}
