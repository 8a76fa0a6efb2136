//! Smaller copies of a PNG or JPEG image for `srcset`: decoded once, turned upright by its EXIF
//! orientation, resized, and encoded in its own format with its colour profile, beside it in
//! the output (`chart.png` → `chart-480w.png`). They are made in the cache folder and made
//! again only when the image is newer than they are, so a rebuild (`trunk serve` runs one on
//! every edit) re-encodes nothing that did not change.

use super::ImageFolders;
use crate::fs;
use crate::output::replace_file;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageFormat, ImageReader};
use quire_core::image::{COPY_WIDTHS, copy_path, worth_a_copy};
use std::path::Path;

/// The JPEG quality of the copies: no visible loss at the sizes they are shown.
const JPEG_QUALITY: u8 = 82;

/// Makes, or finds made before, the copies worth making of `file` (a path under the public
/// folder) shown `width` × `height`, and writes them into the output. Returns the widths
/// offered: the copies smaller in bytes than the image, whose name no file of the site has.
pub(super) fn make(
    folders: &ImageFolders,
    file: &str,
    width: u32,
    height: u32,
) -> Result<Vec<u32>, String> {
    let source = folders.source(file).ok_or("it is not a file of the site")?;
    let source_meta = fs::metadata(&source).map_err(|e| e.to_string())?;
    let store = folders.cache.as_deref().unwrap_or(&folders.out);
    let mut decoded: Option<Decoded> = None;
    let mut widths = Vec::new();
    // Widest first: each copy is made from the one before, a fraction of the image's pixels.
    for copy_width in COPY_WIDTHS.into_iter().rev() {
        let copy = copy_path(file, copy_width);
        let supplied = folders
            .public
            .as_ref()
            .is_some_and(|p| p.join(&copy).exists());
        if !worth_a_copy(copy_width, width) || supplied {
            continue;
        }
        let stored = store.join(&copy);
        if !is_newer(&stored, &source_meta) {
            let image = match decoded.as_mut() {
                Some(image) => image,
                None => decoded.insert(decode(&source)?),
            };
            let copy_height = (u64::from(height) * u64::from(copy_width) / u64::from(width))
                .clamp(1, u64::from(u32::MAX)) as u32;
            let bytes = image.resize(copy_width, copy_height)?;
            replace_file(&stored, &bytes).map_err(|d| format!("{d}"))?;
        }
        let stored_len = fs::metadata(&stored).map_err(|e| e.to_string())?.len();
        if stored_len >= source_meta.len() {
            continue;
        }
        if folders.cache.is_some() {
            let bytes = fs::read(&stored).map_err(|e| e.to_string())?;
            replace_file(&folders.out.join(&copy), &bytes).map_err(|d| format!("{d}"))?;
        }
        widths.push(copy_width);
    }
    widths.reverse();
    Ok(widths)
}

/// Whether a copy at `path` was made after the image last changed.
fn is_newer(path: &Path, source: &std::fs::Metadata) -> bool {
    let copy = std::fs::metadata(path).and_then(|m| m.modified());
    matches!((copy, source.modified()), (Ok(copy), Ok(source)) if copy >= source)
}

/// Whether a JPEG's EXIF orientation turns it a quarter, so that it shows as tall as it is wide
/// in the file and as wide as it is tall.
pub(super) fn is_turned(path: &Path) -> Result<bool, String> {
    let mut decoder = reader(path)?.into_decoder().map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().map_err(|e| e.to_string())?;
    Ok(matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    ))
}

fn reader(path: &Path) -> Result<ImageReader<std::io::BufReader<std::fs::File>>, String> {
    ImageReader::open(path)
        .and_then(ImageReader::with_guessed_format)
        .map_err(|e| e.to_string())
}

/// An image decoded and turned upright, with what its copies keep of it.
struct Decoded {
    image: DynamicImage,
    format: ImageFormat,
    icc_profile: Option<Vec<u8>>,
}

fn decode(path: &Path) -> Result<Decoded, String> {
    let reader = reader(path)?;
    let format = reader
        .format()
        .ok_or_else(|| "not a PNG or JPEG image".to_string())?;
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().map_err(|e| e.to_string())?;
    let icc_profile = decoder.icc_profile().ok().flatten();
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    image.apply_orientation(orientation);
    Ok(Decoded {
        image,
        format,
        icc_profile,
    })
}

impl Decoded {
    /// Resizes the image to `width` × `height` (narrower copies are then made from this one)
    /// and returns it encoded as the original is.
    fn resize(&mut self, width: u32, height: u32) -> Result<Vec<u8>, String> {
        // A photo keeps its detail with a sharper filter; a chart or a screenshot (PNG) keeps its
        // flat colours with a softer one, which makes no ringing at edges and, in PNG, far
        // fewer bytes.
        let filter = match self.format {
            ImageFormat::Png => FilterType::Triangle,
            _ => FilterType::CatmullRom,
        };
        self.image = self.image.resize_exact(width, height, filter);
        let copy = &self.image;
        let mut bytes = Vec::new();
        let written = match self.format {
            ImageFormat::Png => {
                // Made once and cached: the smallest file is worth the time.
                let encoder = PngEncoder::new_with_quality(
                    &mut bytes,
                    CompressionType::Best,
                    PngFilter::Adaptive,
                );
                copy.write_with_encoder(self.with_profile(encoder))
            }
            ImageFormat::Jpeg => {
                // JPEG has no alpha: grey or RGB.
                let rgb;
                let copy = match copy {
                    DynamicImage::ImageLuma8(_) | DynamicImage::ImageRgb8(_) => copy,
                    other => {
                        rgb = DynamicImage::ImageRgb8(other.to_rgb8());
                        &rgb
                    }
                };
                let encoder = JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY);
                copy.write_with_encoder(self.with_profile(encoder))
            }
            other => return Err(format!("{other:?} images are not resized")),
        };
        written.map_err(|e| e.to_string())?;
        Ok(bytes)
    }

    fn with_profile<E: ImageEncoder>(&self, mut encoder: E) -> E {
        if let Some(profile) = &self.icc_profile {
            // A copy without the profile is still a good copy.
            let _ = encoder.set_icc_profile(profile.clone());
        }
        encoder
    }
}
