//! Answering a query over the shards loaded so far. Every query word must match a post (its
//! title, tags, body or one of its highlights): exactly, by prefix for the word being typed,
//! or with one typo for words of five letters or more. Title and highlight matches rank
//! above body matches; rarer words weigh more.

use super::SearchManifest;
use super::shard::{BODY, Posting, Shard, TAG, TITLE};
use super::text::{is_stop_word, tokens};
use std::collections::HashMap;

/// Words shorter than this get no typo tolerance.
pub const TYPO_MIN_CHARS: usize = 5;
/// A typo is looked for among words that share this many leading letters.
const TYPO_KEPT_PREFIX: usize = 2;
/// At most this many words complete a prefix (the most frequent ones).
const MAX_PREFIX_WORDS: usize = 32;
/// The word being typed is completed from this many letters on; shorter, it must match as is.
pub const PREFIX_MIN_CHARS: usize = 3;
/// A prefix reads at most this many shards (its completions come from the first ones).
const MAX_PREFIX_SHARDS: usize = 3;

const EXACT: f32 = 1.0;
const TYPO: f32 = 0.5;

/// A parsed query: its words, folded, stop words left out unless there is nothing else.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<String>,
    /// Whether the last term may be a prefix (the word being typed).
    pub last_is_prefix: bool,
}

impl Query {
    pub fn parse(input: &str) -> Query {
        let mut all: Vec<String> = Vec::new();
        for t in tokens(input) {
            if !all.contains(&t) {
                all.push(t);
            }
        }
        let content: Vec<String> = all.iter().filter(|t| !is_stop_word(t)).cloned().collect();
        let terms = if content.is_empty() { all } else { content };
        Query {
            last_is_prefix: !terms.is_empty(),
            terms,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    fn is_prefix(&self, i: usize) -> bool {
        self.last_is_prefix
            && i + 1 == self.terms.len()
            && self.terms[i].chars().count() >= PREFIX_MIN_CHARS
    }
}

/// One post found.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchHit {
    /// The post's number in the post index.
    pub post: u32,
    pub score: f32,
    /// The highlight (its number in the highlights file) that matched best, if any did.
    pub highlight: Option<u32>,
}

/// What a query found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    /// The index words that matched, for marking them in snippets and in the post.
    pub words: Vec<String>,
}

/// The manifest and whichever shards have been loaded.
#[derive(Clone, Debug)]
pub struct SearchIndex {
    manifest: SearchManifest,
    shards: Vec<Option<Shard>>,
}

/// A word of the index that a query term matched, and how well.
struct Match<'i> {
    word: &'i str,
    postings: &'i [Posting],
    quality: f32,
}

impl SearchIndex {
    pub fn new(manifest: SearchManifest) -> SearchIndex {
        let shards = vec![None; manifest.shards.len()];
        SearchIndex { manifest, shards }
    }

    pub fn manifest(&self) -> &SearchManifest {
        &self.manifest
    }

    /// Adds a fetched shard (by its number in the manifest).
    pub fn insert_shard(&mut self, i: usize, shard: Shard) {
        if let Some(slot) = self.shards.get_mut(i) {
            *slot = Some(shard);
        }
    }

    /// The shards whose words lie in `[from, …)` and start with `prefix`: from the shard
    /// holding `from` up to the first whose first word is past the prefix.
    fn shards_for_prefix(&self, prefix: &str) -> std::ops::Range<usize> {
        let refs = &self.manifest.shards;
        let start = refs
            .partition_point(|s| s.first.as_str() <= prefix)
            .saturating_sub(1);
        let mut end = start;
        while end < refs.len() && (end == start || refs[end].first.starts_with(prefix)) {
            end += 1;
        }
        start..end.min(start + MAX_PREFIX_SHARDS)
    }

    /// Where a word one typo away from `term` may be: the shards around `term`'s own place,
    /// among those of words sharing its first letters.
    fn typo_shards(&self, term: &str) -> std::ops::Range<usize> {
        let refs = &self.manifest.shards;
        let prefix = typo_prefix(term);
        let at = self.shards_for_word(term).start;
        let mut start = at.saturating_sub(1);
        if start < at && !refs[at].first.starts_with(prefix) && refs[at].first.as_str() > prefix {
            start = at;
        }
        start..(at + 2).min(refs.len())
    }

    fn shards_for_word(&self, word: &str) -> std::ops::Range<usize> {
        let refs = &self.manifest.shards;
        let at = refs.partition_point(|s| s.first.as_str() <= word);
        at.saturating_sub(1)..at.min(refs.len())
    }

    /// Shards to fetch before `query` can be answered fully. Typo candidates are needed only
    /// once it is known that a word does not occur as written, so call again after loading.
    pub fn missing_shards(&self, query: &Query) -> Vec<usize> {
        let mut wanted = Vec::new();
        for (i, term) in query.terms.iter().enumerate() {
            let range = if query.is_prefix(i) {
                self.shards_for_prefix(term)
            } else {
                self.shards_for_word(term)
            };
            wanted.extend(range.clone());
            let loaded = range.clone().all(|s| self.shards[s].is_some());
            if loaded && self.wants_typos(term, query.is_prefix(i)) {
                wanted.extend(self.typo_shards(term));
            }
        }
        wanted.sort_unstable();
        wanted.dedup();
        wanted.retain(|&s| self.shards[s].is_none());
        wanted
    }

    fn loaded_words(
        &self,
        range: std::ops::Range<usize>,
    ) -> impl Iterator<Item = (&str, &[Posting])> {
        self.shards[range].iter().flatten().flat_map(|s| {
            s.words
                .iter()
                .map(String::as_str)
                .zip(s.postings.iter().map(Vec::as_slice))
        })
    }

    fn wants_typos(&self, term: &str, prefix: bool) -> bool {
        if term.chars().count() < TYPO_MIN_CHARS {
            return false;
        }
        let range = if prefix {
            self.shards_for_prefix(term)
        } else {
            self.shards_for_word(term)
        };
        !self
            .loaded_words(range)
            .any(|(w, _)| w == term || (prefix && w.starts_with(term)))
    }

    fn matches<'i>(&'i self, term: &str, prefix: bool) -> Vec<Match<'i>> {
        let mut found: Vec<Match<'i>> = Vec::new();
        let range = if prefix {
            self.shards_for_prefix(term)
        } else {
            self.shards_for_word(term)
        };
        let mut completions = Vec::new();
        for (word, postings) in self.loaded_words(range) {
            if word == term {
                found.push(Match {
                    word,
                    postings,
                    quality: EXACT,
                });
            } else if prefix && word.starts_with(term) {
                completions.push((word, postings));
            }
        }
        completions.sort_by_key(|(_, p)| std::cmp::Reverse(p.len()));
        for (word, postings) in completions.into_iter().take(MAX_PREFIX_WORDS) {
            // A completion counts less the more letters it adds.
            let added = (word.len() - term.len()) as f32 / word.len() as f32;
            found.push(Match {
                word,
                postings,
                quality: 0.9 - 0.4 * added,
            });
        }
        if found.is_empty() && self.wants_typos(term, prefix) {
            for (word, postings) in self.loaded_words(self.typo_shards(term)) {
                if word.chars().count() + 1 >= TYPO_MIN_CHARS && within_one_edit(term, word) {
                    found.push(Match {
                        word,
                        postings,
                        quality: TYPO,
                    });
                }
            }
        }
        found
    }

    /// Posts matching every term, best first (ties: newer first), and the index words that
    /// matched. Scores are kept in flat arrays (post × term), so a short prefix that matches
    /// most of a large blog stays quick.
    pub fn search(&self, query: &Query) -> SearchResults {
        let n = query.terms.len();
        if n == 0 {
            return SearchResults::default();
        }
        let posts = self.manifest.posts as usize;
        let docs = (posts + self.manifest.highlight_posts.len()).max(1);
        let mut own = vec![0.0f32; posts * n];
        let mut in_highlights = vec![0.0f32; posts * n];
        // Per highlight that matched: its post and its best score per term.
        let mut highlights: HashMap<u32, (u32, Vec<f32>)> = HashMap::new();
        let mut words = Vec::new();
        for (t, term) in query.terms.iter().enumerate() {
            for m in self.matches(term, query.is_prefix(t)) {
                words.push(m.word.to_string());
                let idf = (1.0 + docs as f32 / m.postings.len().max(1) as f32).ln();
                for p in m.postings {
                    let Some((post, highlight)) = self.owner(p.doc) else {
                        continue;
                    };
                    let score = m.quality * idf * field_weight(p, highlight.is_some());
                    let at = post as usize * n + t;
                    match highlight {
                        None => own[at] = own[at].max(score),
                        Some(h) => {
                            in_highlights[at] = in_highlights[at].max(score);
                            let entry = highlights.entry(h).or_insert_with(|| (post, vec![0.0; n]));
                            entry.1[t] = entry.1[t].max(score);
                        }
                    }
                }
            }
        }
        // The highlight of each post that matched best (all its terms together).
        let mut best: HashMap<u32, (u32, f32)> = HashMap::new();
        for (h, (post, scores)) in &highlights {
            let sum: f32 = scores.iter().sum();
            let slot = best.entry(*post).or_insert((*h, sum));
            if sum > slot.1 || (sum == slot.1 && *h < slot.0) {
                *slot = (*h, sum);
            }
        }
        let mut hits = Vec::new();
        'posts: for post in 0..posts {
            let mut score = 0.0;
            for t in 0..n {
                let (a, b) = (own[post * n + t], in_highlights[post * n + t]);
                // The stronger place counts; the other adds a little (a post about Skipper
                // outranks a review that highlights it, which outranks a passing mention).
                let term = a.max(b) + 0.25 * a.min(b);
                if term <= 0.0 {
                    continue 'posts;
                }
                score += term;
            }
            let post = post as u32;
            hits.push(SearchHit {
                post,
                score,
                highlight: best.get(&post).map(|(h, _)| *h),
            });
        }
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.post.cmp(&b.post)));
        SearchResults { hits, words }
    }

    /// The post a document belongs to, and the highlight if it is one.
    fn owner(&self, doc: u32) -> Option<(u32, Option<u32>)> {
        if doc < self.manifest.posts {
            return Some((doc, None));
        }
        let h = doc - self.manifest.posts;
        let post = *self.manifest.highlight_posts.get(h as usize)?;
        (post < self.manifest.posts).then_some((post, Some(h)))
    }
}

fn typo_prefix(term: &str) -> &str {
    let end = term
        .char_indices()
        .nth(TYPO_KEPT_PREFIX)
        .map_or(term.len(), |(i, _)| i);
    &term[..end]
}

fn field_weight(p: &Posting, highlight: bool) -> f32 {
    let (title, body) = if highlight { (8.0, 3.0) } else { (12.0, 1.0) };
    let mut w = 0.0;
    if p.fields & TITLE != 0 {
        w += title;
    }
    if p.fields & TAG != 0 {
        w += 6.0;
    }
    if p.fields & BODY != 0 {
        w += body * (1.0 + f32::from(p.body_count.max(1)).ln() / 2.0);
    }
    w
}

/// Whether `a` becomes `b` with at most one insertion, deletion, substitution or swap of
/// neighbours.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let head = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if short.len() == long.len() {
        if head == short.len() {
            return true;
        }
        // One substitution, or two neighbours swapped.
        short[head + 1..] == long[head + 1..]
            || (head + 1 < short.len()
                && short[head] == long[head + 1]
                && short[head + 1] == long[head]
                && short[head + 2..] == long[head + 2..])
    } else {
        short[head..] == long[head + 1..]
    }
}
