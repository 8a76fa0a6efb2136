//! Front matter: splitting it from the body and reading its fields, with errors that give the
//! line and tell the author what to change. Unknown keys (Jekyll's `layout`, `permalink`, …)
//! are kept in `extra`, never an error. Size and nesting are bounded ([`limits`]) before the
//! YAML or TOML parser runs, and so are tags and authors, each of which becomes a page.

pub mod limits;

use crate::highlights::Highlight;
use serde_yaml_ng::{Mapping, Value};
use std::collections::BTreeMap;
use thiserror::Error;

/// Most tags a post may have (`tags` and `categories` together): each becomes a page.
pub const MAX_TAGS: usize = 64;

/// Most authors a post may name (`author` and `authors` together): each becomes a page.
pub const MAX_AUTHORS: usize = 32;

/// A problem in a post's front matter, at a 1-based line of the file.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("{message}")]
pub struct FrontMatterError {
    pub line: usize,
    pub message: String,
}

impl FrontMatterError {
    fn new(line: usize, message: impl Into<String>) -> Self {
        FrontMatterError {
            line,
            message: message.into(),
        }
    }
}

/// The language of a post's front matter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Between `---` lines (Jekyll, Hugo).
    Yaml,
    /// Between `+++` lines (Hugo, Zola).
    Toml,
}

/// A post file cut in two.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub format: Format,
    /// The front matter text, without its fences.
    pub front_matter: &'a str,
    /// The Markdown body after the closing fence.
    pub body: &'a str,
    /// 1-based line of the file where the front matter text starts.
    pub first_line: usize,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
}

/// Cuts a post into front matter and body. Accepts a BOM, CRLF line ends, and a file that ends
/// right after the closing fence.
pub fn split(content: &str) -> Result<Split<'_>, FrontMatterError> {
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    let mut lines = content.split_inclusive('\n');
    let opening = lines.next().unwrap_or("");
    let (format, fence) = match opening.trim_end() {
        "---" => (Format::Yaml, "---"),
        "+++" => (Format::Toml, "+++"),
        _ => {
            return Err(FrontMatterError::new(
                1,
                "no front matter: the file must start with a `---` line, then `title: …` and \
                 `date: …`, then `---` (or TOML between `+++` lines)",
            ));
        }
    };
    let start = opening.len();
    let mut offset = start;
    for line in lines {
        let closing = line.trim_end();
        if closing == fence || (format == Format::Yaml && closing == "...") {
            let front_matter = &content[start..offset];
            return Ok(Split {
                format,
                front_matter,
                body: &content[offset + line.len()..],
                first_line: 2,
                body_line: 3 + front_matter.matches('\n').count(),
            });
        }
        offset += line.len();
    }
    Err(FrontMatterError::new(
        1,
        format!(
            "front matter opened with `{fence}` is never closed: add a `{fence}` line after the \
             last field"
        ),
    ))
}

/// The fields Quire understands, read from a post's front matter.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    /// The date as written, with the line it is on.
    pub date: Option<(String, usize)>,
    pub authors: Vec<String>,
    pub banner: Option<BannerField>,
    pub tags: Vec<String>,
    /// The `categories` (also among `tags`), for the site permalink's `:categories`.
    pub categories: Vec<String>,
    pub summary: Option<String>,
    pub draft: bool,
    /// The post's own URL path (Jekyll `permalink`, Zola `path`), with its line.
    pub permalink: Option<(String, usize)>,
    /// A slug that replaces the one from the file name (Zola, Hugo `slug`).
    pub slug: Option<(String, usize)>,
    /// Old URLs that should lead to the post (Zola `aliases`, Jekyll `redirect_from`).
    pub aliases: Vec<String>,
    /// The highlights the author listed (`highlights:`), in place of those read from the body;
    /// `None` without the key, `Some` of an empty list for "none".
    pub highlights: Option<Vec<Highlight>>,
    /// Every key Quire does not read, kept as it was.
    pub extra: BTreeMap<String, Value>,
    /// 1-based file line of each top-level key, for later messages.
    pub key_lines: BTreeMap<String, usize>,
}

/// `banner:` as written: `image` with optional `alt` and `caption`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BannerField {
    pub image: String,
    pub alt: Option<String>,
    pub caption: Option<String>,
}

/// Parses front matter. `first_line` is the file line the text starts on.
pub fn parse(
    text: &str,
    first_line: usize,
    format: Format,
) -> Result<FrontMatter, FrontMatterError> {
    limits::check(text, first_line, format)?;
    let key_lines = top_level_key_lines(text, first_line, format);
    let map = match format {
        Format::Yaml => parse_yaml(text, first_line)?,
        Format::Toml => parse_toml(text, first_line)?,
    };
    let mut fm = FrontMatter {
        key_lines,
        ..FrontMatter::default()
    };
    for (key, value) in map {
        let Some(key) = key.as_str().map(str::to_owned) else {
            continue;
        };
        let line = fm.key_lines.get(&key).copied().unwrap_or(first_line);
        read_field(&mut fm, &key, value, line)?;
    }
    Ok(fm)
}

fn parse_yaml(text: &str, first_line: usize) -> Result<Mapping, FrontMatterError> {
    if text.trim().is_empty() {
        return Ok(Mapping::new());
    }
    match serde_yaml_ng::from_str::<Value>(text) {
        Ok(Value::Mapping(map)) => Ok(map),
        Ok(Value::Null) => Ok(Mapping::new()),
        Ok(_) => Err(FrontMatterError::new(
            first_line,
            "front matter must be `key: value` lines",
        )),
        Err(e) => {
            let line = e
                .location()
                .map_or(first_line, |l| first_line + l.line() - 1);
            Err(FrontMatterError::new(
                line,
                format!("front matter is not valid YAML: {}", yaml_message(&e)),
            ))
        }
    }
}

fn parse_toml(text: &str, first_line: usize) -> Result<Mapping, FrontMatterError> {
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(first_line, |span| {
            first_line + text[..span.start.min(text.len())].matches('\n').count()
        });
        FrontMatterError::new(
            line,
            format!("front matter is not valid TOML: {}", e.message().trim_end()),
        )
    })?;
    match toml_to_yaml(toml::Value::Table(table)) {
        Value::Mapping(map) => Ok(map),
        _ => Ok(Mapping::new()),
    }
}

/// TOML values in the YAML value model, so both formats are read by one set of rules.
fn toml_to_yaml(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(i.into()),
        toml::Value::Float(f) => Value::Number(f.into()),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Sequence(items.into_iter().map(toml_to_yaml).collect()),
        toml::Value::Table(table) => Value::Mapping(
            table
                .into_iter()
                .map(|(k, v)| (Value::String(k), toml_to_yaml(v)))
                .collect(),
        ),
    }
}

fn read_field(
    fm: &mut FrontMatter,
    key: &str,
    value: Value,
    line: usize,
) -> Result<(), FrontMatterError> {
    match key {
        "title" => fm.title = Some(scalar(&value, key, line)?),
        "date" => fm.date = Some((scalar(&value, key, line)?, line)),
        "author" | "authors" => {
            fm.authors.extend(string_list(&value, key, line)?);
            if fm.authors.len() > MAX_AUTHORS {
                return Err(FrontMatterError::new(
                    line,
                    format!(
                        "`{key}` brings the post to {} authors, more than the {MAX_AUTHORS} a \
                         post may name (`author` and `authors` count together; each gets a \
                         page): keep the people who wrote it",
                        fm.authors.len()
                    ),
                ));
            }
        }
        "tags" | "categories" => {
            for tag in string_list(&value, key, line)? {
                if key == "categories" && !fm.categories.contains(&tag) {
                    fm.categories.push(tag.clone());
                }
                if fm.tags.contains(&tag) {
                    continue;
                }
                // Checked before each new tag, so `contains` never scans more than the cap.
                if fm.tags.len() == MAX_TAGS {
                    return Err(FrontMatterError::new(
                        line,
                        format!(
                            "`{key}` brings the post past {MAX_TAGS} tags, the most a post may \
                             have (`tags` and `categories` count together; each gets a page): \
                             keep the ones readers browse by"
                        ),
                    ));
                }
                fm.tags.push(tag);
            }
        }
        "summary" | "description" | "excerpt" => {
            if fm.summary.is_none() {
                fm.summary = Some(scalar(&value, key, line)?);
            }
        }
        "draft" | "published" => {
            let flag = value.as_bool().ok_or_else(|| {
                FrontMatterError::new(line, format!("`{key}` must be true or false"))
            })?;
            fm.draft |= if key == "draft" { flag } else { !flag };
        }
        "banner" => fm.banner = Some(banner(&value, line)?),
        "permalink" | "path" | "url" => fm.permalink = Some((scalar(&value, key, line)?, line)),
        "slug" => fm.slug = Some((scalar(&value, key, line)?, line)),
        "aliases" | "redirect_from" => fm.aliases.extend(string_list(&value, key, line)?),
        "highlights" => fm.highlights = Some(highlight_list(&value, line)?),
        "taxonomies" if value.is_mapping() => {
            if let Value::Mapping(map) = value {
                for (k, v) in map {
                    if let Some(k) = k.as_str().filter(|k| matches!(*k, "tags" | "categories")) {
                        read_field(fm, k, v, line)?;
                    }
                }
            }
        }
        "image" if fm.banner.is_none() && value.is_string() => {
            fm.banner = Some(BannerField {
                image: scalar(&value, key, line)?,
                ..BannerField::default()
            });
        }
        _ => {
            fm.extra.insert(key.to_string(), value);
        }
    }
    Ok(())
}

fn banner(value: &Value, line: usize) -> Result<BannerField, FrontMatterError> {
    if let Some(image) = value.as_str() {
        return Ok(BannerField {
            image: image.to_string(),
            ..BannerField::default()
        });
    }
    let map = value.as_mapping().ok_or_else(|| {
        FrontMatterError::new(
            line,
            "`banner` must be an image path or have an `image:` field",
        )
    })?;
    let field = |name: &str| -> Result<Option<String>, FrontMatterError> {
        map.get(name)
            .filter(|v| !v.is_null())
            .map(|v| scalar(v, &format!("banner.{name}"), line))
            .transpose()
    };
    let image = field("image")?
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| {
            FrontMatterError::new(line, "`banner` has no `image:`: add the image's file name")
        })?;
    Ok(BannerField {
        image,
        alt: field("alt")?,
        caption: field("caption")?,
    })
}

/// `highlights:` as written: a list whose items are a name, or a map with `name` and optional
/// `url` and `text`.
fn highlight_list(value: &Value, line: usize) -> Result<Vec<Highlight>, FrontMatterError> {
    let items = match value {
        Value::Null => return Ok(Vec::new()),
        Value::Sequence(items) => items,
        _ => {
            return Err(FrontMatterError::new(
                line,
                "`highlights` must be a list: a name per item, or `name`, `url` and `text` fields",
            ));
        }
    };
    let mut highlights = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let field = |key: &str| -> Result<Option<String>, FrontMatterError> {
            let value = match item.as_mapping() {
                Some(map) => map.get(key),
                None => Some(item).filter(|_| key == "name"),
            };
            value
                .filter(|v| !v.is_null())
                .map(|v| scalar(v, &format!("highlights.{key}"), line))
                .transpose()
                .map(|v| v.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" ")))
        };
        let name = field("name")?.filter(|n| !n.is_empty()).ok_or_else(|| {
            FrontMatterError::new(
                line,
                format!(
                    "item {} of `highlights` has no `name`: add the project's or topic's name \
                     (`url` and `text` are optional; quote a name that has a `:`)",
                    i + 1
                ),
            )
        })?;
        highlights.push(Highlight {
            name,
            url: field("url")?.filter(|u| !u.is_empty()),
            text: field("text")?.unwrap_or_default(),
            section: None,
        });
    }
    Ok(highlights)
}

/// A string, number or boolean as text; anything else is an error naming the key.
fn scalar(value: &Value, key: &str, line: usize) -> Result<String, FrontMatterError> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Tagged(t) => scalar(&t.value, key, line),
        _ => Err(FrontMatterError::new(
            line,
            format!(
                "`{key}` must be a single value, not a list or a map (quote it if it has a `:`)"
            ),
        )),
    }
}

/// A single string or a list of them (`author: A` or `authors: [A, B]`).
fn string_list(value: &Value, key: &str, line: usize) -> Result<Vec<String>, FrontMatterError> {
    let items: Vec<String> = match value {
        Value::Null => vec![],
        Value::Sequence(items) => items
            .iter()
            .map(|v| scalar(v, key, line))
            .collect::<Result<_, _>>()?,
        Value::String(s) if key == "tags" || key == "categories" => {
            s.split([',', ' ']).map(str::to_owned).collect()
        }
        other => vec![scalar(other, key, line)?],
    };
    Ok(items
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect())
}

/// serde_yaml's message without its trailing "at line X column Y" (we give the line ourselves).
fn yaml_message(e: &serde_yaml_ng::Error) -> String {
    let text = e.to_string();
    match text.find(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Where each top-level key stands, so that messages can name its line.
fn top_level_key_lines(text: &str, first_line: usize, format: Format) -> BTreeMap<String, usize> {
    let separator = match format {
        Format::Yaml => ':',
        Format::Toml => '=',
    };
    let mut lines = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        if format == Format::Toml && line.starts_with('[') {
            // `[taxonomies]`, `[extra]`: the table's own line stands for its keys.
            let table = line.trim_matches(['[', ']', ' ']).to_string();
            lines.entry(table).or_insert(first_line + i);
            if line.trim() != "[taxonomies]" {
                break;
            }
            continue;
        }
        if let Some((key, _)) = line.split_once(separator) {
            let key = key.trim().trim_matches(['"', '\'']);
            lines.entry(key.to_string()).or_insert(first_line + i);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_from_body() {
        let s = split("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(
            (s.front_matter, s.body, s.first_line),
            ("title: A\n", "Body\n", 2)
        );
    }

    #[test]
    fn accepts_bom_crlf_and_no_trailing_newline() {
        let s = split("\u{feff}---\r\ntitle: A\r\n---").unwrap();
        assert_eq!((s.front_matter, s.body), ("title: A\r\n", ""));
        let fm = parse(s.front_matter, s.first_line, s.format).unwrap();
        assert_eq!(fm.title.as_deref(), Some("A"));
    }

    #[test]
    fn says_how_to_fix_missing_or_unclosed_front_matter() {
        let e = split("# Hello\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("must start with a `---` line"), "{e}");
        let e = split("+++\ntitle = 'A'\n").unwrap_err();
        assert!(e.message.contains("`+++` is never closed"), "{e}");
        let e = split("---\ntitle: A\n\nBody").unwrap_err();
        assert!(e.message.contains("never closed"), "{e}");
    }

    #[test]
    fn reads_every_field_and_keeps_unknown_keys() {
        let text = "layout: post\ntitle: \"A: b\"\nauthor: [Ann, Bo]\ndate: 2024-03-05\n\
                    banner:\n  image: x.jpg\n  alt: A cat\ntags: [rust, web]\ncategories: news\n\
                    summary: Short.\npermalink: /x/\n";
        let fm = parse(text, 2, Format::Yaml).unwrap();
        assert_eq!(fm.title.as_deref(), Some("A: b"));
        assert_eq!(fm.authors, ["Ann", "Bo"]);
        assert_eq!(fm.date, Some(("2024-03-05".into(), 5)));
        let banner = fm.banner.unwrap();
        assert_eq!(
            (banner.image.as_str(), banner.alt.as_deref()),
            ("x.jpg", Some("A cat"))
        );
        assert_eq!(fm.tags, ["rust", "web", "news"]);
        assert_eq!(fm.categories, ["news"]);
        assert_eq!(fm.summary.as_deref(), Some("Short."));
        assert!(fm.extra.contains_key("layout"));
        assert_eq!(fm.permalink, Some(("/x/".into(), 12)));
        assert!(!fm.draft);
    }

    #[test]
    fn yaml_errors_point_at_the_file_line() {
        let text = "title: A\ndate: 2024-03-05\ntags: [a, b\n";
        let e = parse(text, 2, Format::Yaml).unwrap_err();
        assert!(e.line >= 4, "line {} for {e}", e.line);
        assert!(
            e.message.starts_with("front matter is not valid YAML"),
            "{e}"
        );
    }

    #[test]
    fn wrong_shapes_name_the_key_and_line() {
        let e = parse("title: A\nbanner: [1, 2]\n", 2, Format::Yaml).unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("banner"), "{e}");
        let e = parse("title:\n  nested: map\n", 2, Format::Yaml).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("`title` must be a single value"), "{e}");
        let e = parse("title: A\ndraft: maybe\n", 2, Format::Yaml).unwrap_err();
        assert_eq!(e.line, 3);
    }

    #[test]
    fn reads_zola_toml_front_matter() {
        let post = "+++\npath = \"2019/11/07/Async-await-stable\"\ntitle = \"Async-await on stable Rust!\"\n\
                    authors = [\"Niko Matsakis\"]\naliases = [\"2019/11/07/x.html\"]\ndate = 2019-11-07T10:00:00Z\n\n\
                    [taxonomies]\ntags = [\"async\"]\n\n[extra]\nteam = \"Lang\"\n+++\nBody\n";
        let s = split(post).unwrap();
        assert_eq!((s.format, s.body), (Format::Toml, "Body\n"));
        let fm = parse(s.front_matter, s.first_line, s.format).unwrap();
        assert_eq!(fm.title.as_deref(), Some("Async-await on stable Rust!"));
        assert_eq!(fm.authors, ["Niko Matsakis"]);
        assert_eq!(
            fm.permalink,
            Some(("2019/11/07/Async-await-stable".into(), 2))
        );
        assert_eq!(fm.aliases, ["2019/11/07/x.html"]);
        assert_eq!(
            fm.date.as_ref().map(|d| d.0.as_str()),
            Some("2019-11-07T10:00:00Z")
        );
        assert_eq!(fm.tags, ["async"]);
        assert!(fm.extra.contains_key("extra"));
    }

    #[test]
    fn toml_errors_point_at_the_file_line() {
        let e = parse("title = \"A\"\ndate = 2024-13-45\n", 2, Format::Toml).unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(
            e.message.starts_with("front matter is not valid TOML"),
            "{e}"
        );
    }

    #[test]
    fn drafts_and_unpublished_posts_are_drafts() {
        assert!(parse("draft: true\n", 2, Format::Yaml).unwrap().draft);
        assert!(parse("published: false\n", 2, Format::Yaml).unwrap().draft);
        assert!(!parse("published: true\n", 2, Format::Yaml).unwrap().draft);
    }

    #[test]
    fn reads_highlights_as_names_or_maps() {
        let text = "title: A\nhighlights:\n  - Skipper\n  - name: Patroni\n    \
                    url: https://github.com/zalando/patroni\n    text: >\n      Failover\n      \
                    for Postgres.\n";
        let fm = parse(text, 2, Format::Yaml).unwrap();
        let highlights = fm.highlights.unwrap();
        assert_eq!(
            (
                highlights[0].name.as_str(),
                &highlights[0].url,
                highlights[0].text.as_str()
            ),
            ("Skipper", &None, "")
        );
        assert_eq!(highlights[1].name, "Patroni");
        assert_eq!(
            highlights[1].url.as_deref(),
            Some("https://github.com/zalando/patroni")
        );
        assert_eq!(highlights[1].text, "Failover for Postgres.");
        assert_eq!(highlights[1].section, None);
        assert!(!fm.extra.contains_key("highlights"));

        let toml =
            "title = \"A\"\nhighlights = [\"Skipper\", { name = \"Kopf\", url = \"/kopf/\" }]\n";
        let names: Vec<_> = parse(toml, 2, Format::Toml)
            .unwrap()
            .highlights
            .unwrap()
            .into_iter()
            .map(|h| (h.name, h.url))
            .collect();
        assert_eq!(
            names,
            [
                ("Skipper".into(), None),
                ("Kopf".into(), Some("/kopf/".into()))
            ]
        );
        let toml = "title = \"A\"\n\n[[highlights]]\nname = \"Skipper\"\ntext = \"Routes.\"\n\n\
                    [[highlights]]\nname = \"Patroni\"\n";
        let fm = parse(toml, 2, Format::Toml).unwrap();
        let highlights = fm.highlights.unwrap();
        assert_eq!(highlights.len(), 2);
        assert_eq!(highlights[0].text, "Routes.");
        assert!(!fm.extra.contains_key("highlights"));
    }

    #[test]
    fn highlights_absent_or_empty() {
        assert_eq!(
            parse("title: A\n", 2, Format::Yaml).unwrap().highlights,
            None
        );
        for text in ["highlights: []\n", "highlights:\n"] {
            assert_eq!(
                parse(text, 2, Format::Yaml).unwrap().highlights,
                Some(vec![]),
                "{text}"
            );
        }
        let fm = parse("highlights = []\n", 2, Format::Toml).unwrap();
        assert_eq!(fm.highlights, Some(vec![]));
    }

    #[test]
    fn a_highlight_without_a_name_names_the_item_and_line() {
        let text =
            "title: A\ndate: 2024-03-05\nhighlights:\n  - Skipper\n  - url: https://x.example\n";
        let e = parse(text, 2, Format::Yaml).unwrap_err();
        assert_eq!(e.line, 4, "{e}");
        assert!(
            e.message.contains("item 2 of `highlights` has no `name`"),
            "{e}"
        );
        let toml = "title = \"A\"\n\n[[highlights]]\ntext = \"Routes.\"\n";
        let e = parse(toml, 2, Format::Toml).unwrap_err();
        assert_eq!(e.line, 4, "{e}");
        assert!(
            e.message.contains("item 1 of `highlights` has no `name`"),
            "{e}"
        );
        let e = parse("highlights: Skipper\n", 2, Format::Yaml).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("must be a list"), "{e}");
        let e = parse("highlights:\n  - name: [a, b]\n", 2, Format::Yaml).unwrap_err();
        assert!(
            e.message
                .contains("`highlights.name` must be a single value"),
            "{e}"
        );
    }

    /// Issue #12: one post with 20,000 tags made 20,000 pages.
    #[test]
    fn tags_and_authors_are_capped_at_their_key_line() {
        let names = |n: usize| (0..n).map(|i| format!("\"t{i}\"")).collect::<Vec<_>>();
        let list = |n: usize| names(n).join(", ");
        let full = format!("title: A\ntags: [{}, t0, t1]\n", list(MAX_TAGS));
        assert_eq!(parse(&full, 2, Format::Yaml).unwrap().tags.len(), MAX_TAGS);
        let e = parse(
            &format!("title: A\ntags: [{}]\n", list(5_000)),
            2,
            Format::Yaml,
        )
        .unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("past 64 tags"), "{e}");
        let text = format!("title: A\ntags: [{}]\n\ncategories: news\n", list(MAX_TAGS));
        let e = parse(&text, 2, Format::Yaml).unwrap_err();
        assert_eq!(e.line, 5, "{e}");
        assert!(e.message.starts_with("`categories`"), "{e}");
        let text = format!("title = \"A\"\n\n[taxonomies]\ntags = [{}]\n", list(65));
        assert_eq!(parse(&text, 2, Format::Toml).unwrap_err().line, 4);

        let text = format!(
            "title: A\nauthor: Ann\nauthors: [{}]\n",
            list(MAX_AUTHORS - 1)
        );
        assert_eq!(parse(&text, 2, Format::Yaml).unwrap().authors.len(), 32);
        let text = format!("title: A\nauthor: Ann\nauthors: [{}]\n", list(MAX_AUTHORS));
        let e = parse(&text, 2, Format::Yaml).unwrap_err();
        assert_eq!(e.line, 4, "{e}");
        assert!(e.message.contains("33 authors, more than the 32"), "{e}");
    }

    /// Issue #12: 200 KB of `{a: ` kept the YAML parser busy for 20 s.
    #[test]
    fn size_and_nesting_are_checked_before_parsing_in_yaml_and_toml() {
        let yaml = format!("title: A\ndate: 2024-03-05\nx: {}\n", "{a: ".repeat(50_000));
        let e = parse(&yaml, 2, Format::Yaml).unwrap_err();
        assert!(e.message.contains("longer than 64 KiB"), "{e}");
        let yaml = format!("title: A\ndate: 2024-03-05\nx: {}\n", "{a: ".repeat(5_000));
        let e = parse(&yaml, 2, Format::Yaml).unwrap_err();
        assert_eq!(e.line, 4, "{e}");
        assert!(e.message.contains("more than 32 levels deep"), "{e}");
        let toml = format!("title = \"A\"\nx = {}\n", "{a = ".repeat(5_000));
        let e = parse(&toml, 2, Format::Toml).unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("more than 32 levels deep"), "{e}");
        let toml = format!("title = \"A\"\n{}b = 1\n", "a.".repeat(5_000));
        assert_eq!(parse(&toml, 2, Format::Toml).unwrap_err().line, 3);
    }
}
