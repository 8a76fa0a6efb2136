//! One shard of the search index: a sorted run of words, each with its postings, in a compact
//! binary form (front-coded words, delta-coded document numbers as LEB128 varints). The app
//! fetches only the shards a query needs.
//!
//! ```text
//! shard    := varint(word count) entry*
//! entry    := varint(shared prefix bytes) varint(suffix bytes) suffix varint(postings) posting*
//! posting  := varint(document delta) byte(fields | min(tf, 15) << 4)
//! ```

use thiserror::Error;

/// Field bits of a posting. A highlight's name uses `TITLE`, its text `BODY`.
pub const TITLE: u8 = 1;
pub const TAG: u8 = 2;
pub const BODY: u8 = 4;

/// One document a word occurs in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    /// [`TITLE`] | [`TAG`] | [`BODY`].
    pub fields: u8,
    /// Occurrences in the body, at most 15.
    pub body_count: u8,
}

/// A decoded shard: words in byte order, each with its postings in document order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shard {
    pub words: Vec<String>,
    pub postings: Vec<Vec<Posting>>,
}

#[derive(Debug, Error, PartialEq, Eq)]
#[error("search index shard is damaged at byte {offset}: {what}")]
pub struct ShardError {
    pub offset: usize,
    pub what: &'static str,
}

pub fn push_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Encodes words (sorted, unique) with their postings (sorted by document).
pub fn encode<'a>(entries: impl ExactSizeIterator<Item = (&'a str, &'a [Posting])>) -> Vec<u8> {
    let mut out = Vec::new();
    push_varint(&mut out, entries.len() as u64);
    let mut previous: &str = "";
    for (word, postings) in entries {
        let shared = previous
            .bytes()
            .zip(word.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        // Never split a UTF-8 sequence: back up to a character boundary.
        let shared = (0..=shared)
            .rev()
            .find(|&i| word.is_char_boundary(i))
            .unwrap_or(0);
        push_varint(&mut out, shared as u64);
        push_varint(&mut out, (word.len() - shared) as u64);
        out.extend_from_slice(&word.as_bytes()[shared..]);
        push_varint(&mut out, postings.len() as u64);
        let mut last = 0;
        for p in postings {
            push_varint(&mut out, u64::from(p.doc - last));
            last = p.doc;
            out.push(p.fields | (p.body_count.min(15) << 4));
        }
        previous = word;
    }
    out
}

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl Reader<'_> {
    fn fail<T>(&self, what: &'static str) -> Result<T, ShardError> {
        Err(ShardError {
            offset: self.at,
            what,
        })
    }

    fn byte(&mut self) -> Result<u8, ShardError> {
        let Some(&b) = self.bytes.get(self.at) else {
            return self.fail("it ends early");
        };
        self.at += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u64, ShardError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(value);
            }
        }
        self.fail("a number is too long")
    }

    fn count(&mut self) -> Result<usize, ShardError> {
        let n = self.varint()?;
        // Every counted item takes at least one byte, so a count beyond the rest is damage.
        if n > (self.bytes.len() - self.at) as u64 {
            return self.fail("a count exceeds the data");
        }
        Ok(n as usize)
    }
}

/// Decodes a shard written by [`encode`].
pub fn decode(bytes: &[u8]) -> Result<Shard, ShardError> {
    let mut r = Reader { bytes, at: 0 };
    let n = r.count()?;
    let mut shard = Shard {
        words: Vec::with_capacity(n),
        postings: Vec::with_capacity(n),
    };
    let mut previous = String::new();
    for _ in 0..n {
        let shared = r.varint()? as usize;
        let len = r.count()?;
        if shared > previous.len() || !previous.is_char_boundary(shared) {
            return r.fail("a word shares more than the word before it");
        }
        let suffix = &bytes[r.at..r.at + len];
        let Ok(suffix) = std::str::from_utf8(suffix) else {
            return r.fail("a word is not UTF-8");
        };
        r.at += len;
        let word = format!("{}{suffix}", &previous[..shared]);
        let count = r.count()?;
        let mut postings = Vec::with_capacity(count);
        let mut doc = 0u32;
        for _ in 0..count {
            let delta = u32::try_from(r.varint()?).ok();
            let Some(next) = delta.and_then(|d| doc.checked_add(d)) else {
                return r.fail("a document number is out of range");
            };
            doc = next;
            let b = r.byte()?;
            postings.push(Posting {
                doc,
                fields: b & 0x0f,
                body_count: b >> 4,
            });
        }
        previous.clone_from(&word);
        shard.words.push(word);
        shard.postings.push(postings);
    }
    if r.at != bytes.len() {
        return r.fail("there are bytes after the last word");
    }
    Ok(shard)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(doc: u32, fields: u8, body_count: u8) -> Posting {
        Posting {
            doc,
            fields,
            body_count,
        }
    }

    #[test]
    fn round_trips() {
        let words = ["kube", "kubernetes", "künstler", "zalando"];
        let postings = [
            vec![p(0, TITLE, 0), p(7, BODY, 3)],
            vec![p(2, BODY | TAG, 15)],
            vec![p(300, BODY, 1)],
            vec![p(1, TITLE | BODY, 9), p(100_000, BODY, 1)],
        ];
        let bytes = encode(
            words
                .iter()
                .copied()
                .zip(postings.iter().map(Vec::as_slice)),
        );
        let shard = decode(&bytes).unwrap();
        assert_eq!(shard.words, words);
        assert_eq!(shard.postings, postings);
    }

    #[test]
    fn damage_is_an_error_not_a_panic() {
        let bytes = encode([("abc", &[p(1, BODY, 1)][..])].into_iter());
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut extra = bytes.clone();
        extra.push(0);
        assert!(decode(&extra).is_err());
        assert!(decode(&[0xff; 12]).is_err());
        assert!(decode(&[1, 5, 1, b'a', 0]).is_err());
    }
}
