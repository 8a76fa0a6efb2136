//! Table markup, written by the pass rather than by pulldown-cmark's HTML writer: a column's
//! alignment becomes an `align` attribute, as GitHub writes it (pulldown-cmark would write a
//! `style` attribute, which a strict Content-Security-Policy blocks; the stylesheet selects
//! `[align="center"]` and the like), and a table without body rows gets no empty `<tbody>`.

use pulldown_cmark::{Alignment, Event, Tag, TagEnd};

/// The table being written.
#[derive(Default)]
pub struct TableWriter {
    alignments: Vec<Alignment>,
    in_head: bool,
    column: usize,
    body_open: bool,
}

impl TableWriter {
    /// The HTML for a table event; `None` for any other event.
    pub fn html(&mut self, event: &Event<'_>) -> Option<String> {
        let html = match event {
            Event::Start(Tag::Table(alignments)) => {
                *self = TableWriter {
                    alignments: alignments.clone(),
                    ..TableWriter::default()
                };
                "<table>".to_string()
            }
            Event::Start(Tag::TableHead) => {
                self.in_head = true;
                self.column = 0;
                "<thead><tr>".to_string()
            }
            Event::End(TagEnd::TableHead) => {
                self.in_head = false;
                "</tr></thead>\n".to_string()
            }
            Event::Start(Tag::TableRow) => {
                self.column = 0;
                let open_body = !std::mem::replace(&mut self.body_open, true);
                if open_body { "<tbody>\n<tr>" } else { "<tr>" }.to_string()
            }
            Event::End(TagEnd::TableRow) => "</tr>\n".to_string(),
            Event::Start(Tag::TableCell) => {
                let align = match self.alignments.get(self.column) {
                    Some(Alignment::Left) => " align=\"left\"",
                    Some(Alignment::Center) => " align=\"center\"",
                    Some(Alignment::Right) => " align=\"right\"",
                    _ => "",
                };
                format!("<{}{align}>", self.cell())
            }
            Event::End(TagEnd::TableCell) => {
                self.column += 1;
                format!("</{}>", self.cell())
            }
            Event::End(TagEnd::Table) => match self.body_open {
                true => "</tbody></table>\n".to_string(),
                false => "</table>\n".to_string(),
            },
            _ => return None,
        };
        Some(html)
    }

    fn cell(&self) -> &'static str {
        if self.in_head { "th" } else { "td" }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn tables(markdown: &str) -> String {
        let mut writer = TableWriter::default();
        Parser::new_ext(markdown, Options::ENABLE_TABLES)
            .filter_map(|event| writer.html(&event))
            .collect()
    }

    #[test]
    fn alignment_is_an_attribute_and_empty_bodies_are_left_out() {
        assert_eq!(
            tables("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n"),
            "<table><thead><tr><th align=\"left\"></th><th align=\"center\"></th>\
             <th align=\"right\"></th></tr></thead>\n<tbody>\n<tr><td align=\"left\"></td>\
             <td align=\"center\"></td><td align=\"right\"></td></tr>\n</tbody></table>\n"
        );
        assert_eq!(
            tables("| a |\n| - |\n"),
            "<table><thead><tr><th></th></tr></thead>\n</table>\n"
        );
    }
}
