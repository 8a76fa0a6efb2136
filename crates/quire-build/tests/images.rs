//! The images posts show (`tests/fixtures/images/`): their sizes in the index and the entry
//! files, the resized copies of PNG and JPEG images and their cache, SVG images measured and
//! never resized, and a warning at its line for an image that is missing. The raster images are
//! drawn here, so that the repository holds no binary fixture.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use image::codecs::jpeg::JpegEncoder;
use image::{ImageEncoder, Rgb, RgbImage};
use quire_core::{ImageSize, PostIndex, PostMeta};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

#[path = "support/builder.rs"]
mod builder;
use builder::stderr;

const POST: &str = "content/posts/2024-02-01-pictures.md";
const CHART: &str = "/assets/img/posts/chart.png";
const PHOTO: &str = "/assets/img/posts/photo.jpg";

/// A copy of the fixture site, with a 1200 × 600 PNG chart and an 800 × 600 JPEG whose EXIF
/// orientation turns it upright to 600 × 800.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/images");
    copy_dir(&fixture, dir.path());
    let posts = dir.path().join("public/assets/img/posts");
    let chart = RgbImage::from_fn(1200, 600, |x, y| {
        let bar = u8::from((x / 100 + y / 150) % 2 == 0) * 90;
        Rgb([40 + (x / 8) as u8, 60 + (y / 5) as u8, 80 + bar])
    });
    chart.save(posts.join("chart.png")).unwrap();
    chart.save(posts.join("chart copy.png")).unwrap();
    let photo = RgbImage::from_fn(800, 600, |x, y| Rgb([(x / 4) as u8, (y / 3) as u8, 128]));
    let mut jpeg = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut jpeg, 90);
    // A big-endian TIFF header and one IFD entry: orientation (0x0112) = 6, turned a quarter.
    let exif = b"MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00\x00\x00\x00\x00";
    encoder.set_exif_metadata(exif.to_vec()).unwrap();
    encoder
        .write_image(photo.as_raw(), 800, 600, image::ExtendedColorType::Rgb8)
        .unwrap();
    std::fs::write(posts.join("photo.jpg"), jpeg).unwrap();
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        match path.is_dir() {
            true => copy_dir(&path, &target),
            false => _ = std::fs::copy(&path, &target).unwrap(),
        }
    }
}

/// Runs the builder in the site's folder, as an author would.
fn build(site: &Path, args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_quire-build"))
        .current_dir(site)
        .args(args)
        .env_remove("TRUNK_STAGING_DIR")
        .env_remove("QUIRE_PUBLIC")
        .env_remove("QUIRE_IMAGE_CACHE")
        .output()
        .expect("the builder runs");
    assert!(output.status.success(), "{}", stderr(&output));
    output
}

fn read_index(out: &Path) -> PostIndex {
    let text = std::fs::read_to_string(out.join("posts/index.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn post<'i>(index: &'i PostIndex, slug: &str) -> &'i PostMeta {
    index.posts.iter().find(|p| p.slug == slug).unwrap()
}

fn size(width: u32, height: u32, widths: &[u32]) -> ImageSize {
    ImageSize {
        width,
        height,
        widths: widths.to_vec(),
    }
}

fn modified(path: &Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn the_index_carries_the_sizes_and_the_output_the_copies() {
    let site = site();
    let output = build(site.path(), &["index", "--out", "out"]);
    let out = site.path().join("out");
    let index = read_index(&out);

    let pictures = post(&index, "pictures");
    let banner = pictures.banner.as_ref().unwrap();
    assert_eq!(banner.src, "/assets/img/banners/flow.svg");
    let images: Vec<(&str, ImageSize)> = pictures.images.iter().collect();
    assert_eq!(
        images,
        [
            ("/assets/img/banners/flow.svg", size(1200, 500, &[])),
            ("/assets/img/posts/chart copy.png", size(1200, 600, &[])),
            (CHART, size(1200, 600, &[480, 960])),
            ("/assets/img/posts/diagram.svg", size(800, 300, &[])),
            (PHOTO, size(600, 800, &[480])),
        ],
        "the banner (an SVG's viewBox) and the body's images, each once; not the missing one \
         nor one from elsewhere"
    );
    assert!(post(&index, "lost-banner").images.is_empty());

    // The copies are beside the images in the output, upright, and SVG is never resized.
    let copies = out.join("assets/img/posts");
    let dimensions = |name: &str| image::image_dimensions(copies.join(name)).unwrap();
    assert_eq!(dimensions("chart-480w.png"), (480, 240));
    assert_eq!(dimensions("chart-960w.png"), (960, 480));
    assert_eq!(dimensions("photo-480w.jpg"), (480, 640));
    let mut written: Vec<String> = std::fs::read_dir(&copies)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(
        written,
        ["chart-480w.png", "chart-960w.png", "photo-480w.jpg"],
        "copies only: the images themselves are the app build's to copy"
    );

    // A missing image is a warning at its line, and so is one outside the site's files.
    let err = stderr(&output);
    let warning = |at: &str, message: &str| {
        let line = err
            .lines()
            .find(|l| l.starts_with(at))
            .unwrap_or_else(|| panic!("no `{at}` in:\n{err}"));
        assert!(line.contains(message), "{line}");
    };
    warning(
        &format!("{POST}:18: warning: "),
        "the image `/assets/img/posts/missing.png`: there is no file \
         `public/assets/img/posts/missing.png`; it is shown without `width` and `height`",
    );
    warning(
        &format!("{POST}:22: warning: "),
        "the image `/../../etc/passwd.png`: its path leaves the site's files",
    );
    warning(
        "content/posts/2024-02-02-lost-banner.md:3: warning: ",
        "the image `/assets/img/banners/nowhere.png`: there is no file",
    );
    assert_eq!(
        err.matches(": warning: ").count(),
        3,
        "nothing else is a problem: {err}"
    );
}

#[test]
fn entry_files_show_the_sizes_and_copies_under_the_public_path() {
    let site = site();
    for (base, out) in [("/", "out"), ("/quire-sub/", "sub")] {
        build(site.path(), &["index", "--out", out]);
        let out = site.path().join(out);
        let shell = format!(
            "<!DOCTYPE html><html><head><base href=\"{base}\" /><title>Quire</title>\
             <script type=\"module\">start()</script></head><body><noscript>JS</noscript></body></html>"
        );
        std::fs::write(out.join("index.html"), shell).unwrap();
        build(site.path(), &["pages", "--out", out.to_str().unwrap()]);
        let page = std::fs::read_to_string(out.join("blog/2024/02/pictures/index.html")).unwrap();
        let p = base.trim_end_matches('/');
        let expected = [
            format!(
                "<img src=\"{p}/assets/img/banners/flow.svg\" alt=\"A flow of three boxes\" \
                 width=\"1200\" height=\"500\" decoding=\"async\" fetchpriority=\"high\">"
            ),
            format!(
                "<img src=\"{p}{CHART}\" alt=\"Response times by month\" width=\"1200\" \
                 height=\"600\" srcset=\"{p}/assets/img/posts/chart-480w.png 480w, \
                 {p}/assets/img/posts/chart-960w.png 960w, {p}{CHART} 1200w\" \
                 sizes=\"(max-width: 42rem) calc(100vw - 2.5rem), 39.5rem\" loading=\"lazy\" \
                 decoding=\"async\">"
            ),
            format!(
                "<img src=\"{p}{PHOTO}\" alt=\"A gradient\" title=\"Upright\" width=\"600\" \
                 height=\"800\" srcset=\"{p}/assets/img/posts/photo-480w.jpg 480w, {p}{PHOTO} \
                 600w\" sizes=\"(max-width: 42rem) calc(100vw - 2.5rem), 39.5rem\" \
                 loading=\"lazy\" decoding=\"async\">"
            ),
            format!(
                "<img src=\"{p}/assets/img/posts/diagram.svg\" alt=\"A diagram\" width=\"800\" \
                 height=\"300\" loading=\"lazy\" decoding=\"async\">"
            ),
            format!(
                "<img src=\"{p}/assets/img/posts/missing.png\" alt=\"Gone\" loading=\"lazy\" \
                 decoding=\"async\">"
            ),
        ];
        for img in expected {
            assert!(page.contains(&img), "{img}\nnot in:\n{page}");
        }
        let lost =
            std::fs::read_to_string(out.join("blog/2024/02/lost-banner/index.html")).unwrap();
        assert!(
            lost.contains(
                "width=\"1200\" height=\"500\" decoding=\"async\" fetchpriority=\"high\">"
            ),
            "a banner without a size keeps the usual one: {lost}"
        );
    }
}

#[test]
fn copies_are_kept_in_the_cache_and_made_again_only_when_the_image_changes() {
    let site = site();
    let cached: PathBuf = site.path().join("cache/assets/img/posts/chart-480w.png");
    build(
        site.path(),
        &["index", "--out", "first", "--image-cache", "cache"],
    );
    let made = modified(&cached);

    // A new output folder (as Trunk's is, on every build): the copies come from the cache.
    build(
        site.path(),
        &["index", "--out", "second", "--image-cache", "cache"],
    );
    assert_eq!(modified(&cached), made, "not encoded again");
    let second = site.path().join("second/assets/img/posts/chart-480w.png");
    assert_eq!(
        std::fs::read(&second).unwrap(),
        std::fs::read(&cached).unwrap()
    );
    assert_eq!(
        read_index(&site.path().join("second")).posts[1]
            .images
            .get(CHART),
        Some(size(1200, 600, &[480, 960]))
    );

    // The chart changed after its copies were made: they are made again.
    let long_ago = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    let file = std::fs::File::options().write(true).open(&cached).unwrap();
    file.set_modified(long_ago).unwrap();
    drop(file);
    build(
        site.path(),
        &["index", "--out", "third", "--image-cache", "cache"],
    );
    assert!(modified(&cached) > long_ago, "encoded again");
}

#[test]
fn a_public_folder_that_was_named_must_exist() {
    let site = site();
    let output = Command::new(env!("CARGO_BIN_EXE_quire-build"))
        .current_dir(site.path())
        .args(["index", "--out", "out", "--public", "static"])
        .env_remove("TRUNK_STAGING_DIR")
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("static: error: the public folder does not exist"),
        "{}",
        stderr(&output)
    );
}
