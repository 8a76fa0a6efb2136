//! A post body as plain text, for the search index and snippets: the words a reader sees,
//! without markup; raw HTML contributes nothing.

use pulldown_cmark::{Event, Parser, TagEnd};

/// The readable text of `markdown`, one line per block.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, super::options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) => out.push('\n'),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_words_drops_markup_and_html() {
        let md = "# Title\n\nSome **bold** and [a link](https://x.example) `code`.\n\n\
                  <script>alert(1)</script>\n\n- one\n- two <b>x</b>\n";
        assert_eq!(
            plain_text(md),
            "Title\nSome bold and a link code.\none\ntwo x\n"
        );
    }
}
