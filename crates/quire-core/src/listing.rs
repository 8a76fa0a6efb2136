//! The lists a blog has besides its home page: posts by tag, by author and by year, pages
//! of the home list, the posts before and after a post, and reading time. Their URLs are
//! made here, once, for the app and the builder's entry files.

use crate::index::{PostIndex, PostMeta};
use crate::markdown::{plain_text, slugify};
use crate::search::text::fold;

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

    /// The tag whose slug is `slug`, as first written, and its posts.
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

    /// Years with posts, newest first, each with its posts.
    pub fn years(&self) -> Vec<(&str, Vec<&PostMeta>)> {
        let mut years: Vec<(&str, Vec<&PostMeta>)> = Vec::new();
        for post in &self.posts {
            let year = post.date.get(..4).unwrap_or("");
            match years.iter_mut().find(|(y, _)| *y == year) {
                Some((_, list)) => list.push(post),
                None => years.push((year, vec![post])),
            }
        }
        years
    }

    /// Every tag and every author with their number of posts, in order of first use.
    pub fn tags(&self) -> Vec<(&str, usize)> {
        count_names(self.posts.iter().flat_map(|p| p.tags.iter()))
    }

    pub fn authors(&self) -> Vec<(&str, usize)> {
        count_names(self.posts.iter().flat_map(|p| p.authors.iter()))
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

/// Names counted by slug, keeping the first spelling met.
fn count_names<'a>(names: impl Iterator<Item = &'a String>) -> Vec<(&'a str, usize)> {
    let mut counts: Vec<(&'a str, String, usize)> = Vec::new();
    for name in names {
        let slug = term_slug(name);
        match counts.iter_mut().find(|(_, s, _)| *s == slug) {
            Some((_, _, n)) => *n += 1,
            None => counts.push((name.as_str(), slug, 1)),
        }
    }
    counts.into_iter().map(|(name, _, n)| (name, n)).collect()
}

#[cfg(test)]
mod tests {
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
