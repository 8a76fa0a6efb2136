//! Responsive images: which smaller copies the builder makes of a site image, what they are
//! called (`chart.png` → `chart-480w.png`), and the `srcset` and `sizes` that offer them to the
//! browser, written alike by the Markdown pass, the app's banner and the entry files' banner.

use crate::index::{ImageSize, ImageSizes};
use std::fmt::Write;

/// The widths of the copies made of a PNG or JPEG image: about the post column on a phone at
/// 1x and at 2x (the original serves wider screens).
pub const COPY_WIDTHS: [u32; 2] = [480, 960];

/// `sizes` of an image in the post column, which is `main`'s `--measure` (42rem) less its
/// padding (1.25rem each side) in `style/main.css`: the whole screen less the padding on a
/// narrower one.
pub const COLUMN_SIZES: &str = "(max-width: 42rem) calc(100vw - 2.5rem), 39.5rem";

/// The `width` and `height` of a banner whose size the builder could not read (an image on
/// another host, a missing file): the banners' usual shape, so that the space kept for it is
/// close.
pub const BANNER_FALLBACK: (u32, u32) = (1200, 500);

/// What a banner's `<img>` carries besides its `src`: its size (the usual one when the
/// builder could not read it) and, when it has copies, its `srcset` (with [`COLUMN_SIZES`]).
pub struct BannerSize {
    pub width: u32,
    pub height: u32,
    pub srcset: Option<String>,
}

/// The size of the banner at `src` from the post's images; `served` as for [`srcset`].
pub fn banner_size(src: &str, images: &ImageSizes, served: &dyn Fn(&str) -> String) -> BannerSize {
    let size = images.get(src);
    let (width, height) = size
        .as_ref()
        .map_or(BANNER_FALLBACK, |s| (s.width, s.height));
    BannerSize {
        width,
        height,
        srcset: size.and_then(|size| srcset(src, &size, served)),
    }
}

/// Whether a copy `width` wide is worth making of an image `original` wide: one at most four
/// fifths as wide. A narrower image keeps only itself.
pub fn worth_a_copy(width: u32, original: u32) -> bool {
    u64::from(width) * 5 <= u64::from(original) * 4
}

/// The site path of an image's copy `width` wide: `-{width}w` before the extension
/// (`/assets/img/chart.png` → `/assets/img/chart-480w.png`), or at the end without one.
pub fn copy_path(src: &str, width: u32) -> String {
    let bytes = src.as_bytes();
    let name_start = bytes.iter().rposition(|&b| b == b'/').map_or(0, |i| i + 1);
    let dot = bytes[name_start..].iter().rposition(|&b| b == b'.');
    let (stem, ext) = match dot {
        Some(dot) if dot > 0 => src.split_at(name_start + dot),
        _ => (src, ""),
    };
    format!("{stem}-{width}w{ext}")
}

/// The `srcset` of an image with copies: each copy, narrowest first, then the original
/// (`/a/x-480w.png 480w, /a/x.png 1600w`). `served` turns a site path into the URL the page
/// asks for (the public path before it). `None` for an image without copies. (The builder
/// offers copies only of an image whose URL has no comma or space, which would split a
/// candidate: see [`fits_a_srcset`].)
pub fn srcset(src: &str, size: &ImageSize, served: &dyn Fn(&str) -> String) -> Option<String> {
    if size.widths.is_empty() {
        return None;
    }
    let mut set = String::new();
    for &width in &size.widths {
        let _ = write!(set, "{} {width}w, ", served(&copy_path(src, width)));
    }
    let _ = write!(set, "{} {}w", served(src), size.width);
    Some(set)
}

/// Whether an image's URL can stand in a `srcset` as it is: no comma, no white space.
pub fn fits_a_srcset(src: &str) -> bool {
    !src.contains(|c: char| c == ',' || c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_named_by_their_width() {
        assert_eq!(
            copy_path("/assets/img/chart.png", 480),
            "/assets/img/chart-480w.png"
        );
        assert_eq!(
            copy_path("/a.b/photo.min.jpeg", 960),
            "/a.b/photo.min-960w.jpeg"
        );
        assert_eq!(copy_path("/a.b/noext", 480), "/a.b/noext-480w");
        assert_eq!(copy_path("/a/.hidden", 480), "/a/.hidden-480w");
    }

    #[test]
    fn only_copies_clearly_narrower_than_the_original_are_made() {
        let made = |original| {
            COPY_WIDTHS
                .iter()
                .filter(|&&w| worth_a_copy(w, original))
                .count()
        };
        assert_eq!([made(500), made(600), made(1199), made(1200)], [0, 1, 1, 2]);
    }

    #[test]
    fn srcset_lists_the_copies_then_the_original() {
        let size = ImageSize {
            width: 1600,
            height: 900,
            widths: vec![480, 960],
        };
        let at_sub = |p: &str| format!("/sub{p}");
        assert_eq!(
            srcset("/a/chart.png", &size, &at_sub).as_deref(),
            Some("/sub/a/chart-480w.png 480w, /sub/a/chart-960w.png 960w, /sub/a/chart.png 1600w")
        );
        let small = ImageSize {
            widths: vec![],
            ..size
        };
        assert_eq!(srcset("/a/x.png", &small, &str::to_string), None);
        assert!(fits_a_srcset("/a/my%20chart.png"));
        assert!(!fits_a_srcset("/a/my chart.png") && !fits_a_srcset("/a/chart,v2.png"));
    }
}
