//! The size of an SVG image, from its root element: `width` and `height` in absolute units,
//! the one missing (or both) from the `viewBox`, as a browser sizes the image.

/// The size of the SVG document `text`, in CSS pixels.
pub(super) fn size(text: &str) -> Result<(u32, u32), String> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options)
        .map_err(|e| format!("not an SVG document: {e}"))?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        return Err("not an SVG document: its root is not `<svg>`".to_string());
    }
    let pixels_of = |name: &str| root.attribute(name).and_then(length);
    let view_box = root.attribute("viewBox").and_then(|v| {
        let n: Vec<f64> = v
            .split([' ', ',', '\t', '\n', '\r'])
            .filter(|s| !s.is_empty())
            .map(str::parse)
            .collect::<Result<_, _>>()
            .ok()?;
        match n[..] {
            [_, _, w, h] if w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite() => Some((w, h)),
            _ => None,
        }
    });
    let (width, height) = match (pixels_of("width"), pixels_of("height"), view_box) {
        (Some(w), Some(h), _) => (w, h),
        (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
        (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
        (None, None, Some(view_box)) => view_box,
        _ => return Err("its `<svg>` has neither `width` and `height` nor a `viewBox`".into()),
    };
    let pixels = |v: f64| (v.round() >= 1.0 && v < 1e6).then_some(v.round() as u32);
    match (pixels(width), pixels(height)) {
        (Some(w), Some(h)) => Ok((w, h)),
        _ => Err(format!("its size {width} × {height} is not a usable one")),
    }
}

/// An SVG length in CSS pixels: a number with an absolute unit or none; `None` for percentages
/// and font-relative units, which give an image no size of its own.
fn length(value: &str) -> Option<f64> {
    let value = value.trim();
    let split = value
        .find(|c: char| c.is_ascii_alphabetic() || c == '%')
        .unwrap_or(value.len());
    let (number, unit) = value.split_at(split);
    let per_unit = match unit {
        "" | "px" => 1.0,
        "in" => 96.0,
        "cm" => 96.0 / 2.54,
        "mm" => 96.0 / 25.4,
        "pt" => 96.0 / 72.0,
        "pc" => 16.0,
        _ => return None,
    };
    let number: f64 = number.trim().parse().ok()?;
    (number > 0.0 && number.is_finite()).then_some(number * per_unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_sizes_come_from_width_and_height_else_the_view_box() {
        let sized = |attrs: &str| {
            size(&format!(
                "<?xml version=\"1.0\"?>\n<!-- c -->\n<svg xmlns=\"http://www.w3.org/2000/svg\" {attrs}/>"
            ))
        };
        assert_eq!(
            sized("width=\"1200\" height=\"500\" viewBox=\"0 0 10 10\""),
            Ok((1200, 500))
        );
        assert_eq!(
            sized("width=\"600px\" viewBox=\"0 0 1200 500\""),
            Ok((600, 250))
        );
        assert_eq!(
            sized("width=\"100%\" viewBox=\"0,0,1200.4,499.6\""),
            Ok((1200, 500))
        );
        assert_eq!(sized("width=\"1in\" height=\"72pt\""), Ok((96, 96)));
        assert!(sized("width=\"10em\"").is_err());
        assert!(size("<html/>").is_err());
        assert!(size("not xml").is_err());
    }
}
