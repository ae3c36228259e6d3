//! The chart's one font, DejaVu Sans 2.37 from Debian's fonts-dejavu-core, embedded so no
//! system font or fontconfig is needed and every machine draws the same pixels
//! (`reports/assets/DejaVuSans-LICENSE.txt` is its Bitstream Vera licence).
//!
//! Glyphs are laid out and rasterised here with `ab_glyph` rather than through plotters' text
//! support: plotters 0.3.7 drops each glyph's left bearing and rounds the pen position per glyph,
//! which visibly breaks letter spacing at small sizes.

use ab_glyph::{point, Font, FontRef, PxScale, ScaleFont};

const FONT: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");

fn font() -> Option<FontRef<'static>> {
    FontRef::try_from_slice(FONT).ok()
}

/// The scale at which the font's em is `size` pixels, as CSS `font-size` means it.
fn scale(f: &FontRef<'_>, size: u32) -> PxScale {
    let em = f.units_per_em().unwrap_or(2048.0);
    PxScale::from(size as f32 * f.height_unscaled() / em)
}

/// The advance width of `text` at `size` px (0.6 em per character if the font cannot be read).
pub fn text_width(text: &str, size: u32) -> i32 {
    let Some(f) = font() else {
        return (text.chars().count() as i64 * i64::from(size) * 6 / 10) as i32;
    };
    let sf = f.as_scaled(scale(&f, size));
    let mut w = 0.0f32;
    let mut prev = None;
    for c in text.chars() {
        let g = sf.glyph_id(c);
        if let Some(p) = prev {
            w += sf.kern(p, g);
        }
        w += sf.h_advance(g);
        prev = Some(g);
    }
    w.ceil() as i32
}

/// Calls `put(x, y, coverage)` for every pixel of `text` drawn from pen position `x` on
/// baseline `baseline`.
pub fn rasterize(text: &str, size: u32, x: i32, baseline: i32, mut put: impl FnMut(i32, i32, f32)) {
    let Some(f) = font() else { return };
    let sf = f.as_scaled(scale(&f, size));
    let mut caret = x as f32;
    let mut prev = None;
    for c in text.chars() {
        let id = sf.glyph_id(c);
        if let Some(p) = prev {
            caret += sf.kern(p, id);
        }
        let glyph = id.with_scale_and_position(sf.scale(), point(caret, baseline as f32));
        caret += sf.h_advance(id);
        prev = Some(id);
        if let Some(outline) = f.outline_glyph(glyph) {
            let b = outline.px_bounds();
            let (bx, by) = (b.min.x as i32, b.min.y as i32);
            outline.draw(|gx, gy, cov| put(bx + gx as i32, by + gy as i32, cov));
        }
    }
}
