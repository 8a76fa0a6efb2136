//! Where the rendering pass meets embedded video: `<iframe>`s from allowed hosts and video
//! links alone in a paragraph become click-to-load facades; other iframes are dropped with a
//! reason the builder reports.

use crate::html_policy::tokenizer::ParsedTag;
use crate::video::{self, facade_html};
use pulldown_cmark::{Event, Tag, TagEnd};

fn attribute<'t>(tag: &'t ParsedTag, name: &str) -> Option<&'t str> {
    tag.attributes
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Makes a post's facades: untitled videos are named `Video 1`, `Video 2`, … in the order of
/// the post, so that every play button's accessible name is unique.
#[derive(Default)]
pub struct Facades {
    count: usize,
    /// Show YouTube's thumbnail (a third-party request) when the site opts in.
    pub remote_posters: bool,
}

impl Facades {
    pub fn new(remote_posters: bool) -> Self {
        Facades {
            count: 0,
            remote_posters,
        }
    }

    fn html(
        &mut self,
        video: &video::Video,
        given_title: &str,
        ratio: Option<(u32, u32)>,
    ) -> String {
        self.count += 1;
        let title = match given_title.trim() {
            "" => format!("Video {}", self.count),
            given => given.to_string(),
        };
        facade_html(video, &title, ratio, self.remote_posters)
    }
}

/// The facade for an `<iframe>`, or why it was dropped.
pub fn iframe(tag: &ParsedTag, hosts: &[String], facades: &mut Facades) -> Result<String, String> {
    let src = attribute(tag, "src").unwrap_or_default();
    if src.trim().is_empty() {
        return Err("<iframe> without a video `src`".to_string());
    }
    match video::recognise(src, false) {
        Some(v) if video::is_allowed(&v, hosts) => {
            let number = |name| attribute(tag, name).and_then(|v| v.trim().parse::<u32>().ok());
            let ratio = number("width").zip(number("height"));
            Ok(facades.html(&v, attribute(tag, "title").unwrap_or_default(), ratio))
        }
        Some(_) => Err(format!(
            "<iframe> with a video from `{}`, which is not in `video_hosts` (quire.toml)",
            host(src)
        )),
        None => Err(format!(
            "<iframe> from `{}`: only videos from the hosts in `video_hosts` (quire.toml) are embedded",
            host(src)
        )),
    }
}

fn host(url: &str) -> String {
    let rest = url.split_once("//").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#'])
        .next()
        .unwrap_or_default()
        .chars()
        .take(60)
        .collect()
}

/// A paragraph holding nothing but a video URL, bare or as a link: its facade.
pub fn lone_video(
    paragraph: &[(Event<'_>, usize)],
    hosts: &[String],
    facades: &mut Facades,
) -> Option<String> {
    let (url, title) = match paragraph {
        [(Event::Text(text), _)] => (text.trim(), ""),
        [
            (Event::Start(Tag::Link { dest_url, .. }), _),
            (Event::Text(text), _),
            (Event::End(TagEnd::Link), _),
        ] => {
            let title = if text.as_ref() == dest_url.as_ref() {
                ""
            } else {
                text.as_ref()
            };
            (dest_url.as_ref(), title)
        }
        _ => return None,
    };
    let video = video::recognise(url, true).filter(|v| video::is_allowed(v, hosts))?;
    Some(facades.html(&video, title, None))
}
