//! The lists a blog has besides its home page: posts by tag, by author and by year, pages
//! of the home list, the posts before and after a post, and reading time. Their URLs are
//! made here, once, for the app and the builder's entry files. Grouping is one pass over the
//! posts with a map, so 20,000 tags cost ten times what 2,000 do.

use crate::index::{PostIndex, PostMeta};
use crate::markdown::{plain_text, slugify};
use crate::search::text::fold;
use std::collections::HashMap;

/// Words a reader reads in a minute.
pub const WORDS_PER_MINUTE: usize = 230;

/// Minutes to read a Markdown body (at least 1).
pub fn reading_minutes(markdown: &str) -> u32 {
    let words = plain_text(markdown).split_whitespace().count();
    words.div_ceil(WORDS_PER_MINUTE).max(1) as u32
}

/// A tag's or author's name in a URL: lower case, ASCII where Latin letters allow
/// (`Alma Sørensen` → `alma-sorensen`), words joined by `-`.
pub fn term_slug(name: &str) -> String {
    slugify(&fold(name))
}

/// `/tags/<slug>/`.
pub fn tag_url(tag: &str) -> String {
    format!("/tags/{}/", term_slug(tag))
}

/// `/authors/<slug>/`.
pub fn author_url(author: &str) -> String {
    format!("/authors/{}/", term_slug(author))
}

/// `/archive/<year>/`.
pub fn year_url(year: &str) -> String {
    format!("/archive/{year}/")
}

/// The feed of the page at a site path: `feed.xml` in its folder (`/feed.xml` for `/`,
/// `/tags/rust/feed.xml` for `/tags/rust/`).
pub fn feed_path(page: &str) -> String {
    format!("{}/feed.xml", page.trim_end_matches('/'))
}

/// `/` for the first page of the home list, `/page/<n>/` for the others.
pub fn page_url(page: usize) -> String {
    if page <= 1 {
        "/".into()
    } else {
        format!("/page/{page}/")
    }
}

/// How many pages `total` posts fill (at least one, even when empty).
pub fn page_count(total: usize, per_page: usize) -> usize {
    total.div_ceil(per_page.max(1)).max(1)
}

/// "1 post", "12 posts": how the list pages count.
pub fn post_count(n: usize) -> String {
    match n {
        1 => "1 post".to_string(),
        n => format!("{n} posts"),
    }
}

/// What a list page is called and how it describes itself: `(heading, description)`.
pub enum ListWording<'a> {
    /// The posts with a tag.
    Tag(&'a str),
    /// The posts by an author.
    Author(&'a str),
    /// The posts of a year.
    Year(&'a str),
}

impl ListWording<'_> {
    /// The heading and the description of the page listing `n` posts.
    pub fn words(&self, n: usize) -> (String, String) {
        let count = post_count(n);
        match self {
            ListWording::Tag(name) => (
                format!("Tagged “{name}”"),
                format!("{count} tagged {name}."),
            ),
            ListWording::Author(name) => {
                (format!("Posts by {name}"), format!("{count} by {name}."))
            }
            ListWording::Year(year) => (
                format!("Posts from {year}"),
                format!("{count} published in {year}."),
            ),
        }
    }

    /// The site path of the list's own feed: a tag and an author have one, a year has not.
    pub fn feed(&self) -> Option<String> {
        match self {
            ListWording::Tag(name) => Some(feed_path(&tag_url(name))),
            ListWording::Author(name) => Some(feed_path(&author_url(name))),
            ListWording::Year(_) => None,
        }
    }
}

/// The archive page's description, for `n` posts in all.
pub fn archive_description(n: usize) -> String {
    format!("All {} by year, tag and author.", post_count(n))
}

/// A tag or an author, with its posts.
#[derive(Clone, Debug, PartialEq)]
pub struct Term<'a> {
    /// The name as first written (`Rust`, when a later post writes `rust`).
    pub name: &'a str,
    /// The name in URLs ([`term_slug`]); names with one slug are one term.
    pub slug: String,
    /// How many times posts name it: a post that writes both `Rust` and `rust` counts twice.
    pub uses: usize,
    /// Its posts, each once, in index order (newest first).
    pub posts: Vec<&'a PostMeta>,
}

/// Groups the names `names` gives for each post by slug, in order of first use: one pass, one
/// slug per name.
fn group_terms<'a>(
    posts: &'a [PostMeta],
    names: impl Fn(&'a PostMeta) -> &'a [String],
) -> Vec<Term<'a>> {
    let mut terms: Vec<Term<'a>> = Vec::new();
    let mut by_slug: HashMap<String, usize> = HashMap::new();
    for post in posts {
        for name in names(post) {
            let slug = term_slug(name);
            let i = match by_slug.get(&slug) {
                Some(&i) => i,
                None => {
                    by_slug.insert(slug.clone(), terms.len());
                    terms.push(Term {
                        name,
                        slug,
                        uses: 0,
                        posts: Vec::new(),
                    });
                    terms.len() - 1
                }
            };
            // `by_slug` holds indexes into `terms` only.
            let term = &mut terms[i];
            term.uses += 1;
            // A post's names are met together, so a post already listed is the last one.
            if !term.posts.last().is_some_and(|p| std::ptr::eq(*p, post)) {
                term.posts.push(post);
            }
        }
    }
    terms
}

impl PostIndex {
    /// The posts of page `page` (1-based) of the home list; `None` past the last page.
    pub fn page(&self, page: usize) -> Option<&[PostMeta]> {
        let per = self.site.posts_per_page.max(1);
        if page == 0 || page > page_count(self.posts.len(), per) {
            return None;
        }
        let start = (page - 1) * per;
        Some(&self.posts[start.min(self.posts.len())..(start + per).min(self.posts.len())])
    }

    /// The tag whose slug is `slug`, as first written, and its posts: one pass over the index.
    /// For every tag at once, use [`Self::tag_terms`].
    pub fn tagged(&self, slug: &str) -> Option<(&str, Vec<&PostMeta>)> {
        self.named(slug, |p| &p.tags)
    }

    /// The author whose slug is `slug`, as written, and their posts.
    pub fn by_author(&self, slug: &str) -> Option<(&str, Vec<&PostMeta>)> {
        self.named(slug, |p| &p.authors)
    }

    /// The posts with a name (of `names`) whose slug is `slug`, and that name as first met.
    fn named<'a>(
        &'a self,
        slug: &str,
        names: impl Fn(&'a PostMeta) -> &'a [String],
    ) -> Option<(&'a str, Vec<&'a PostMeta>)> {
        let slug = slug.trim_matches('/');
        let mut name = None;
        let posts: Vec<&PostMeta> = self
            .posts
            .iter()
            .filter(|p| {
                let found = names(p).iter().find(|n| term_slug(n) == slug);
                name = name.or(found.map(String::as_str));
                found.is_some()
            })
            .collect();
        Some((name?, posts))
    }

    /// Years with posts, in order of first appearance (newest first in a sorted index), each
    /// with its posts.
    pub fn years(&self) -> Vec<(&str, Vec<&PostMeta>)> {
        let mut years: Vec<(&str, Vec<&PostMeta>)> = Vec::new();
        let mut by_year: HashMap<&str, usize> = HashMap::new();
        for post in &self.posts {
            let year = post.date.get(..4).unwrap_or("");
            let i = *by_year.entry(year).or_insert_with(|| {
                years.push((year, Vec::new()));
                years.len() - 1
            });
            years[i].1.push(post);
        }
        years
    }

    /// Every tag with its posts, in order of first use: what the tag pages are made from.
    /// One call groups them all; calling [`Self::tagged`] once per tag would rescan the index
    /// for each.
    pub fn tag_terms(&self) -> Vec<Term<'_>> {
        group_terms(&self.posts, |p| &p.tags)
    }

    /// Every author with their posts, in order of first use, as [`Self::tag_terms`] for tags.
    pub fn author_terms(&self) -> Vec<Term<'_>> {
        group_terms(&self.posts, |p| &p.authors)
    }

    /// Every tag with the number of times posts name it ([`Term::uses`]), in order of first
    /// use.
    pub fn tags(&self) -> Vec<(&str, usize)> {
        uses(self.tag_terms())
    }

    /// Every author with the number of times posts name them, in order of first use.
    pub fn authors(&self) -> Vec<(&str, usize)> {
        uses(self.author_terms())
    }

    /// The newer and the older post next to the post at `url`.
    pub fn neighbours(&self, url: &str) -> (Option<&PostMeta>, Option<&PostMeta>) {
        let Some(i) = self.posts.iter().position(|p| p.url == url) else {
            return (None, None);
        };
        let newer = i.checked_sub(1).and_then(|j| self.posts.get(j));
        (newer, self.posts.get(i + 1))
    }
}

fn uses(terms: Vec<Term<'_>>) -> Vec<(&str, usize)> {
    terms.into_iter().map(|t| (t.name, t.uses)).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn list_pages_are_worded_once() {
        assert_eq!(post_count(1), "1 post");
        assert_eq!(post_count(0), "0 posts");
        assert_eq!(
            ListWording::Tag("rust").words(3),
            (
                "Tagged “rust”".to_string(),
                "3 posts tagged rust.".to_string()
            )
        );
        assert_eq!(
            ListWording::Author("Ana").words(1),
            ("Posts by Ana".to_string(), "1 post by Ana.".to_string())
        );
        assert_eq!(
            ListWording::Year("2024").words(2),
            (
                "Posts from 2024".to_string(),
                "2 posts published in 2024.".to_string()
            )
        );
        assert_eq!(
            archive_description(5),
            "All 5 posts by year, tag and author."
        );
    }

    #[test]
    fn tags_and_authors_have_a_feed_beside_their_page() {
        assert_eq!(feed_path("/"), "/feed.xml");
        assert_eq!(
            ListWording::Tag("Rust & C#").feed().as_deref(),
            Some("/tags/rust-c/feed.xml")
        );
        assert_eq!(
            ListWording::Author("Alma Sørensen").feed().as_deref(),
            Some("/authors/alma-sorensen/feed.xml")
        );
        assert_eq!(ListWording::Year("2024").feed(), None);
    }

    use super::*;
    use crate::index::{INDEX_VERSION, SiteInfo};

    fn post(slug: &str, date: &str, tags: &[&str], authors: &[&str]) -> PostMeta {
        PostMeta {
            slug: slug.into(),
            url: format!("/blog/{}/{}/{slug}/", &date[..4], &date[5..7]),
            aliases: vec![],
            title: slug.into(),
            date: date.into(),
            published: format!("{date}T00:00:00Z"),
            authors: authors.iter().map(|a| a.to_string()).collect(),
            banner: None,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            summary: String::new(),
            body: format!("posts/{slug}.md"),
            reading_minutes: 1,
            images: Default::default(),
            code_runs: false,
            files: Vec::new(),
        }
    }

    fn index(per_page: usize) -> PostIndex {
        PostIndex {
            version: INDEX_VERSION,
            site: SiteInfo {
                posts_per_page: per_page,
                ..SiteInfo::default()
            },
            posts: vec![
                post("c", "2025-03-01", &["Rust", "WebAssembly"], &["Ana Lima"]),
                post("b", "2025-01-01", &["rust"], &["Bo"]),
                post("a", "2024-12-01", &["Open Source"], &["Ana Lima", "Bo"]),
            ],
        }
    }

    #[test]
    fn pages_of_the_home_list() {
        let i = index(2);
        assert_eq!(i.page(1).unwrap().len(), 2);
        assert_eq!(i.page(2).unwrap()[0].slug, "a");
        assert!(i.page(3).is_none() && i.page(0).is_none());
        assert_eq!(page_count(0, 10), 1);
        assert_eq!(index(10).page(1).unwrap().len(), 3);
        assert_eq!(page_url(1), "/");
        assert_eq!(page_url(2), "/page/2/");
    }

    #[test]
    fn tags_and_authors_by_slug() {
        let i = index(10);
        let (name, posts) = i.tagged("rust").unwrap();
        assert_eq!((name, posts.len()), ("Rust", 2));
        assert_eq!(tag_url("Open Source"), "/tags/open-source/");
        assert_eq!(i.tagged("open-source").unwrap().1[0].slug, "a");
        assert!(i.tagged("nope").is_none());
        assert_eq!(author_url("Alma Sørensen"), "/authors/alma-sorensen/");
        let (name, posts) = i.by_author("ana-lima").unwrap();
        assert_eq!((name, posts.len()), ("Ana Lima", 2));
        assert_eq!(
            i.tags(),
            [("Rust", 2), ("WebAssembly", 1), ("Open Source", 1)]
        );
        assert_eq!(i.authors(), [("Ana Lima", 2), ("Bo", 2)]);
    }

    /// The grouped terms say what one lookup per term says, and the counts are unchanged.
    #[test]
    fn terms_agree_with_lookups() {
        let mut i = index(10);
        i.posts[1].tags.push("RUST".into());
        i.posts
            .push(post("z", "2023-01-01", &["web assembly", "!!"], &[]));
        for term in i.tag_terms() {
            assert_eq!(i.tagged(&term.slug), Some((term.name, term.posts)));
        }
        for term in i.author_terms() {
            assert_eq!(i.by_author(&term.slug), Some((term.name, term.posts)));
        }
        let rust = &i.tag_terms()[0];
        assert_eq!(
            (rust.name, rust.slug.as_str(), rust.uses),
            ("Rust", "rust", 3)
        );
        let slugs: Vec<_> = rust.posts.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(slugs, ["c", "b"]);
        assert_eq!(
            i.tags(),
            [
                ("Rust", 3),
                ("WebAssembly", 1),
                ("Open Source", 1),
                ("web assembly", 1),
                ("!!", 1)
            ]
        );
        assert_eq!(i.tag_terms()[3].slug, "web-assembly");
    }

    #[test]
    fn years_and_neighbours() {
        let i = index(10);
        let years: Vec<_> = i.years().into_iter().map(|(y, p)| (y, p.len())).collect();
        assert_eq!(years, [("2025", 2), ("2024", 1)]);
        let (newer, older) = i.neighbours("/blog/2025/01/b/");
        assert_eq!(
            (newer.unwrap().slug.as_str(), older.unwrap().slug.as_str()),
            ("c", "a")
        );
        assert_eq!(i.neighbours("/blog/2025/03/c/").0, None);
        assert_eq!(i.neighbours("/nope/"), (None, None));
    }

    #[test]
    fn reading_time() {
        assert_eq!(reading_minutes(""), 1);
        assert_eq!(reading_minutes(&"word ".repeat(231)), 2);
        assert_eq!(reading_minutes(&"word ".repeat(2300)), 10);
    }
}
