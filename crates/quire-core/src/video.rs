//! Embedded video: YouTube and Vimeo iframes and bare video links recognised, checked against
//! the site's allowed hosts, and turned into a click-to-load facade that makes no third-party
//! request until the reader asks. The app swaps the facade for the real player.

use crate::escape::{escape_attribute_into, escape_text_into};

/// Hosts embedded when the site settings name none.
pub const DEFAULT_HOSTS: &[&str] = &[
    "youtube.com",
    "youtube-nocookie.com",
    "youtu.be",
    "vimeo.com",
];

/// A video Quire can embed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Video {
    pub provider: Provider,
    pub id: String,
    /// Start offset in seconds.
    pub start: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provider {
    YouTube,
    Vimeo,
}

impl Provider {
    fn name(self) -> &'static str {
        match self {
            Provider::YouTube => "youtube",
            Provider::Vimeo => "vimeo",
        }
    }

    /// Where its player is loaded from: what a Content-Security-Policy's `frame-src` must allow.
    pub fn player_origin(self) -> &'static str {
        match self {
            Provider::YouTube => "https://www.youtube-nocookie.com",
            Provider::Vimeo => "https://player.vimeo.com",
        }
    }

    /// The host setting that allows this provider.
    fn allowed_by(self, hosts: &[String]) -> bool {
        let allowed = |h: &str| hosts.iter().any(|a| a.eq_ignore_ascii_case(h));
        match self {
            Provider::YouTube => {
                allowed("youtube.com") || allowed("youtube-nocookie.com") || allowed("youtu.be")
            }
            Provider::Vimeo => allowed("vimeo.com") || allowed("player.vimeo.com"),
        }
    }
}

impl Video {
    /// The video a facade stands for, from its data attributes, checked again: the page may
    /// have been tampered with, so nothing is trusted that was not valid when rendered.
    pub fn from_facade(provider: &str, id: &str, start: Option<&str>) -> Option<Video> {
        let provider = match provider {
            "youtube" if valid_youtube_id(id) => Provider::YouTube,
            "vimeo" if valid_vimeo_id(id) => Provider::Vimeo,
            _ => return None,
        };
        Some(Video {
            provider,
            id: id.to_string(),
            start: start.and_then(|s| s.parse().ok()),
        })
    }

    /// The player URL the facade loads on request: privacy-enhanced, autoplaying.
    pub fn player_url(&self) -> String {
        let start = self.start.filter(|s| *s > 0);
        match self.provider {
            Provider::YouTube => {
                let start = start.map(|s| format!("&start={s}")).unwrap_or_default();
                format!(
                    "{}/embed/{}?autoplay=1{start}",
                    self.provider.player_origin(),
                    self.id
                )
            }
            Provider::Vimeo => {
                let start = start.map(|s| format!("#t={s}s")).unwrap_or_default();
                format!(
                    "{}/video/{}?autoplay=1&dnt=1{start}",
                    self.provider.player_origin(),
                    self.id
                )
            }
        }
    }
}

/// The host, path and query of an absolute http(s) URL; `None` for anything else, including
/// URLs with user info (`https://youtube.com@evil.example/`) or an explicit port.
fn split_url(url: &str) -> Option<(String, &str, &str)> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .or_else(|| url.strip_prefix("//"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    if authority.is_empty() || authority.contains(['@', ':', '\\']) {
        return None;
    }
    let host = authority.trim_end_matches('.').to_ascii_lowercase();
    let after = &rest[end..];
    let (path, query) = match after.split_once('?') {
        Some((p, q)) => (p, q.split('#').next().unwrap_or("")),
        None => (after.split('#').next().unwrap_or(""), ""),
    };
    Some((host, path, query))
}

fn query_param<'q>(query: &'q str, name: &str) -> Option<&'q str> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// `90`, `90s`, `1m30s`, `1h2m3s` to seconds.
fn parse_start(value: &str) -> Option<u32> {
    if let Ok(seconds) = value.parse() {
        return Some(seconds);
    }
    let mut total = 0u32;
    let mut number = String::new();
    for c in value.chars() {
        match c {
            '0'..='9' => number.push(c),
            'h' | 'm' | 's' => {
                let n: u32 = number.parse().ok()?;
                total = total.checked_add(n.checked_mul(match c {
                    'h' => 3600,
                    'm' => 60,
                    _ => 1,
                })?)?;
                number.clear();
            }
            _ => return None,
        }
    }
    number.is_empty().then_some(total)
}

fn valid_youtube_id(id: &str) -> bool {
    (6..=20).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn valid_vimeo_id(id: &str) -> bool {
    (1..=15).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_digit())
}

/// Recognises an iframe `src` (`/embed/ID`, `player.vimeo.com/video/ID`) or, with
/// `watch_pages`, a link to a video page (`watch?v=ID`, `youtu.be/ID`, `vimeo.com/ID`).
pub fn recognise(url: &str, watch_pages: bool) -> Option<Video> {
    let (host, path, query) = split_url(url)?;
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    let host = host.strip_prefix("m.").unwrap_or(&host);
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let start = || {
        query_param(query, "start")
            .or_else(|| query_param(query, "t"))
            .and_then(parse_start)
    };
    let video = match (host, segments.as_slice(), watch_pages) {
        ("youtube.com" | "youtube-nocookie.com", ["embed", id], _) => (Provider::YouTube, *id),
        ("youtube.com", ["watch"], true) => (Provider::YouTube, query_param(query, "v")?),
        ("youtube.com", ["shorts" | "live", id], true) => (Provider::YouTube, *id),
        ("youtu.be", [id], true) => (Provider::YouTube, *id),
        ("player.vimeo.com", ["video", id], _) => (Provider::Vimeo, *id),
        ("vimeo.com", [id], true) => (Provider::Vimeo, *id),
        _ => return None,
    };
    let valid = match video.0 {
        Provider::YouTube => valid_youtube_id(video.1),
        Provider::Vimeo => valid_vimeo_id(video.1),
    };
    valid.then(|| Video {
        provider: video.0,
        id: video.1.to_string(),
        start: start(),
    })
}

/// The player origins of the providers the site's settings (`video_hosts`) allow: the
/// `frame-src` a Content-Security-Policy needs for the site's videos to play.
pub fn player_origins(hosts: &[String]) -> Vec<&'static str> {
    [Provider::YouTube, Provider::Vimeo]
        .into_iter()
        .filter(|p| p.allowed_by(hosts))
        .map(Provider::player_origin)
        .collect()
}

/// Whether the site's settings allow this video's provider.
pub fn is_allowed(video: &Video, hosts: &[String]) -> bool {
    video.provider.allowed_by(hosts)
}

/// The click-to-load facade: local markup only (no thumbnail, no script), a real button with an
/// accessible name, the ratio kept for the player that replaces it. The app reads the data
/// attributes, never a URL from the post, to build the player.
pub fn facade_html(
    video: &Video,
    title: &str,
    ratio: Option<(u32, u32)>,
    remote_poster: bool,
) -> String {
    let title = title.trim();
    let title = if title.is_empty() { "Video" } else { title };
    let (w, h) = ratio.filter(|(w, h)| *w > 0 && *h > 0).unwrap_or((16, 9));
    let mut out = String::from("<figure class=\"video-embed\" data-provider=\"");
    out.push_str(video.provider.name());
    out.push_str("\" data-video-id=\"");
    escape_attribute_into(&mut out, &video.id);
    out.push('"');
    if let Some(start) = video.start {
        out.push_str(&format!(" data-start=\"{start}\""));
    }
    out.push_str(&format!(" data-ratio=\"{w}/{h}\" data-title=\""));
    escape_attribute_into(&mut out, title);
    out.push('"');
    out.push('>');
    // Only when the site opts in: YouTube's thumbnail is a request to a third party.
    if remote_poster && video.provider == Provider::YouTube {
        out.push_str(&format!(
            "<img class=\"video-poster\" src=\"https://i.ytimg.com/vi/{}/hqdefault.jpg\" alt=\"\" \
             loading=\"lazy\" decoding=\"async\">",
            video.id
        ));
    }
    out.push_str("<button type=\"button\" class=\"video-play\" aria-label=\"Play video: ");
    escape_attribute_into(&mut out, title);
    out.push_str("\"><span class=\"video-play-icon\" aria-hidden=\"true\"></span><span class=\"video-title\">");
    escape_text_into(&mut out, title);
    // The host line is beside the button, not in it: a button's name must contain the text
    // it shows (WCAG 2.5.3), and "Play video: <title>" names this one.
    out.push_str("</span></button><span class=\"video-host\">");
    out.push_str(match video.provider {
        Provider::YouTube => "YouTube · loads when you press play",
        Provider::Vimeo => "Vimeo · loads when you press play",
    });
    out.push_str("</span></figure>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts() -> Vec<String> {
        DEFAULT_HOSTS.iter().map(|h| h.to_string()).collect()
    }

    #[test]
    fn recognises_embeds_and_watch_links() {
        let yt = |id: &str, start| {
            Some(Video {
                provider: Provider::YouTube,
                id: id.into(),
                start,
            })
        };
        assert_eq!(
            recognise("https://www.youtube.com/embed/aqz-KE-bpKQ", false),
            yt("aqz-KE-bpKQ", None)
        );
        assert_eq!(
            recognise(
                "//www.youtube-nocookie.com/embed/aqz-KE-bpKQ?start=30",
                false
            ),
            yt("aqz-KE-bpKQ", Some(30))
        );
        assert_eq!(
            recognise("https://www.youtube.com/watch?v=aqz-KE-bpKQ&t=1m30s", true),
            yt("aqz-KE-bpKQ", Some(90))
        );
        assert_eq!(
            recognise("https://youtu.be/aqz-KE-bpKQ?t=42", true),
            yt("aqz-KE-bpKQ", Some(42))
        );
        assert_eq!(
            recognise("https://player.vimeo.com/video/76979871", false),
            Some(Video {
                provider: Provider::Vimeo,
                id: "76979871".into(),
                start: None
            })
        );
        assert!(recognise("https://vimeo.com/76979871", true).is_some());
        assert!(
            recognise("https://vimeo.com/76979871", false).is_none(),
            "a page link is no iframe src"
        );
    }

    #[test]
    fn look_alike_hosts_are_not_videos() {
        for bad in [
            "https://youtube.com.evil.example/embed/aqz-KE-bpKQ",
            "https://evil.example/?youtube.com/embed/aqz-KE-bpKQ",
            "https://evil.example/youtube.com/embed/aqz-KE-bpKQ",
            "https://www.youtube.com@evil.example/embed/aqz-KE-bpKQ",
            "https://user:pass@www.youtube.com/embed/aqz-KE-bpKQ",
            "https://www.youtube.com:8443/embed/aqz-KE-bpKQ",
            "https://notyoutube.com/embed/aqz-KE-bpKQ",
            "javascript://www.youtube.com/embed/aqz-KE-bpKQ",
            "https://www.youtube.com/embed/\"><script>",
            "https://player.vimeo.com/video/12ab",
        ] {
            assert_eq!(recognise(bad, true), None, "{bad}");
        }
    }

    #[test]
    fn players_are_privacy_first() {
        let v = recognise("https://www.youtube.com/embed/aqz-KE-bpKQ?start=5", false).unwrap();
        assert_eq!(
            v.player_url(),
            "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?autoplay=1&start=5"
        );
        let v = recognise("https://player.vimeo.com/video/76979871", false).unwrap();
        assert_eq!(
            v.player_url(),
            "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1"
        );
    }

    #[test]
    fn facades_are_checked_again_on_activation() {
        let v = Video::from_facade("youtube", "aqz-KE-bpKQ", Some("30")).unwrap();
        assert_eq!(
            v.player_url(),
            "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?autoplay=1&start=30"
        );
        assert!(Video::from_facade("youtube", "x\"><script>", None).is_none());
        assert!(Video::from_facade("evil", "aqz-KE-bpKQ", None).is_none());
    }

    #[test]
    fn settings_choose_the_providers() {
        let v = recognise("https://player.vimeo.com/video/76979871", false).unwrap();
        assert!(is_allowed(&v, &hosts()));
        assert!(!is_allowed(&v, &["youtube.com".to_string()]));
        assert_eq!(
            player_origins(&hosts()),
            [
                "https://www.youtube-nocookie.com",
                "https://player.vimeo.com"
            ]
        );
        assert_eq!(
            player_origins(&["youtu.be".to_string()]),
            ["https://www.youtube-nocookie.com"]
        );
    }

    #[test]
    fn the_facade_is_local_markup_with_an_accessible_button() {
        let v = recognise("https://www.youtube.com/embed/aqz-KE-bpKQ", false).unwrap();
        let html = facade_html(&v, "A <b>talk</b> \"quoted\"", Some((4, 3)), false);
        assert!(html.contains("data-ratio=\"4/3\""), "{html}");
        assert!(html.contains("<button type=\"button\" class=\"video-play\" aria-label=\"Play video: A &lt;b&gt;talk&lt;/b&gt; &quot;quoted&quot;\""), "{html}");
        assert!(
            !html.contains("http"),
            "no URL at all before the reader asks: {html}"
        );
        assert!(facade_html(&v, "", None, false).contains("aria-label=\"Play video: Video\""));
        // Text shown inside the button is part of its name; the host line is beside it.
        assert!(
            html.contains("</button><span class=\"video-host\">YouTube · loads when you press play</span></figure>"),
            "{html}"
        );
        let poster = facade_html(&v, "T", None, true);
        assert!(poster.contains("<img class=\"video-poster\" src=\"https://i.ytimg.com/vi/aqz-KE-bpKQ/hqdefault.jpg\" alt=\"\""), "{poster}");
    }
}
