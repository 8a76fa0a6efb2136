//! Words for search: one tokenizer for the index and the query, so both sides agree. Case is
//! folded, Latin diacritics are folded to their base letters (`Müller` → `muller`), and a
//! short list of English stop words is left out of body text.

/// Longest word kept; longer runs are hashes, URLs or noise.
pub const MAX_WORD_CHARS: usize = 32;

/// Words too common to be worth indexing in body text.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "in",
    "is", "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "we", "were", "will",
    "with",
];

/// Whether `word` (folded) is a stop word.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// Base letters of U+0100..=U+017F (Latin Extended-A), one entry per code point.
const LATIN_EXTENDED_A: [&str; 128] = [
    "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d", // 0100
    "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g", // 0110
    "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i", // 0120
    "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l", // 0130
    "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o", // 0140
    "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s", // 0150
    "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u", // 0160
    "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s", // 0170
];

/// Appends the folded form of one (already lower-cased) character.
fn push_folded(c: char, out: &mut String) {
    let base = match c {
        'à'..='å' => "a",
        'æ' => "ae",
        'ç' => "c",
        'è'..='ë' => "e",
        'ì'..='ï' => "i",
        'ð' => "d",
        'ñ' => "n",
        'ò'..='ö' | 'ø' => "o",
        'ù'..='ü' => "u",
        'ý' | 'ÿ' => "y",
        'þ' => "th",
        'ß' => "ss",
        '\u{100}'..='\u{17f}' => LATIN_EXTENDED_A[c as usize - 0x100],
        // Combining marks of decomposed text (`e` + U+0301) disappear.
        '\u{300}'..='\u{36f}' => "",
        _ => {
            out.push(c);
            return;
        }
    };
    out.push_str(base);
}

/// A word as the index stores it: lower case, diacritics folded.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        push_folded(c, &mut out);
    }
    out
}

/// A word of a text and where it is (byte range in the text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub folded: String,
    pub start: usize,
    pub end: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c)
}

/// The words of `text`, folded, with their places. Over-long runs are skipped.
pub fn words(text: &str) -> impl Iterator<Item = Word> + '_ {
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        loop {
            let (start, _) = loop {
                let (i, c) = rest.next()?;
                if is_word_char(c) {
                    break (i, c);
                }
            };
            let mut end = text.len();
            let mut chars = 1;
            while let Some(&(i, c)) = rest.peek() {
                if !is_word_char(c) {
                    end = i;
                    break;
                }
                chars += 1;
                rest.next();
            }
            if chars <= MAX_WORD_CHARS {
                let folded = fold(&text[start..end]);
                if !folded.is_empty() {
                    return Some(Word { folded, start, end });
                }
            }
        }
    })
}

/// The folded words of `text`, without places.
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    words(text).map(|w| w.folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stop_word("the") && !is_stop_word("skipper"));
    }

    #[test]
    fn folds_case_and_diacritics() {
        assert_eq!(fold("Müller"), "muller");
        assert_eq!(fold("CRÈME Brûlée"), "creme brulee");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Œuvre"), "oeuvre");
        assert_eq!(fold("Zoë"), "zoe");
        assert_eq!(fold("e\u{301}te\u{301}"), "ete");
        assert_eq!(fold("Ğ ş ı"), "g s i");
        assert_eq!(fold("日本"), "日本");
    }

    #[test]
    fn latin_extended_a_table_is_aligned() {
        // Spot checks across the table: a misplaced row would shift every later entry.
        let checks = [
            ('Ā', "a"),
            ('ą', "a"),
            ('Č', "c"),
            ('ď', "d"),
            ('Ę', "e"),
            ('ğ', "g"),
            ('Ħ', "h"),
            ('ı', "i"),
            ('Ĳ', "ij"),
            ('ĸ', "k"),
            ('Ł', "l"),
            ('ň', "n"),
            ('ŉ', "n"),
            ('Ő', "o"),
            ('œ', "oe"),
            ('Ř', "r"),
            ('š', "s"),
            ('Ŧ', "t"),
            ('ů', "u"),
            ('Ŵ', "w"),
            ('Ÿ', "y"),
            ('ž', "z"),
            ('ſ', "s"),
        ];
        for (c, base) in checks {
            let mut out = String::new();
            push_folded(c, &mut out);
            assert_eq!(out, base, "{c} (U+{:04X})", c as u32);
        }
    }

    #[test]
    fn splits_words_and_keeps_places() {
        let text = "Skipper's HTTP-router, v0.5.9 — naïve!";
        let got: Vec<_> = words(text)
            .map(|w| (w.folded, &text[w.start..w.end]))
            .collect();
        let want = [
            ("skipper", "Skipper"),
            ("s", "s"),
            ("http", "HTTP"),
            ("router", "router"),
            ("v0", "v0"),
            ("5", "5"),
            ("9", "9"),
            ("naive", "naïve"),
        ];
        assert_eq!(
            got,
            want.iter()
                .map(|(a, b)| (a.to_string(), *b))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn skips_overlong_runs() {
        let hash = "a".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(
            tokens(&format!("x {hash} y")).collect::<Vec<_>>(),
            ["x", "y"]
        );
        assert_eq!(tokens("").count(), 0);
        assert_eq!(tokens("  — … ").count(), 0);
    }
}
