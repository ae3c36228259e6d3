//! Draws a [`Scene`] to PNG through plotters' bitmap backend; text goes through the embedded
//! font ([`super::font`]) pixel by pixel, so no system font is needed and the pixels are the same
//! on every machine.

use super::font;
use super::scene::{Anchor, Rgb, Scene, Shape};
use plotters::prelude::{BitMapBackend, DrawingBackend, RGBAColor, RGBColor, ShapeStyle};
use plotters_backend::BackendColor;

/// The scene as PNG bytes (8-bit RGB).
pub fn render_png(scene: &Scene) -> Result<Vec<u8>, String> {
    let (w, h) = (scene.width, scene.height);
    let mut buf = vec![255u8; w as usize * h as usize * 3];
    paint(scene, &mut buf)?;
    encode(&buf, w, h)
}

fn paint(scene: &Scene, buf: &mut [u8]) -> Result<(), String> {
    let mut back = BitMapBackend::with_buffer(buf, (scene.width, scene.height));
    for item in &scene.items {
        draw(&mut back, &item.shape).map_err(|e| format!("drawing the chart: {e}"))?;
    }
    back.present()
        .map_err(|e| format!("drawing the chart: {e}"))
}

fn color(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

fn draw(back: &mut BitMapBackend<'_>, shape: &Shape) -> Result<(), String> {
    let done = match shape {
        Shape::Rect { x, y, w, h, fill } => {
            let style = ShapeStyle::from(color(*fill)).filled();
            // The bitmap backend's filled rectangle excludes its bottom-right corner.
            back.draw_rect((*x, *y), (x + w, y + h), &style, true)
        }
        Shape::Line {
            x1,
            y1,
            x2,
            y2,
            color: c,
            width,
        } => {
            let style = ShapeStyle::from(color(*c)).stroke_width(*width);
            back.draw_line((*x1, *y1), (*x2, *y2), &style)
        }
        Shape::Polyline {
            points,
            color: c,
            width,
        } => {
            let style = ShapeStyle::from(color(*c)).stroke_width(*width);
            back.draw_path(points.iter().copied(), &style)
        }
        Shape::Polygon { points, fill } => {
            let style = ShapeStyle::from(color(*fill)).filled();
            back.fill_polygon(points.iter().copied(), &style)
        }
        Shape::Translucent {
            points,
            fill,
            opacity,
        } => {
            let alpha = f64::from((*opacity).min(99)) / 100.0;
            let c = RGBAColor(fill.0, fill.1, fill.2, alpha);
            back.fill_polygon(points.iter().copied(), &ShapeStyle::from(c).filled())
        }
        Shape::Text {
            x,
            y,
            text,
            size,
            color: c,
            anchor,
        } => {
            let w = font::text_width(text, *size);
            let x0 = match anchor {
                Anchor::Start => *x,
                Anchor::Middle => x - w / 2,
                Anchor::End => x - w,
            };
            // `y` is the vertical centre; the baseline sits 0.35 em below it (as in the SVG).
            let baseline = y + (*size as i32 * 35 / 100);
            let rgb = (c.0, c.1, c.2);
            let mut res = Ok(());
            font::rasterize(text, *size, x0, baseline, |px, py, cov| {
                if cov > 0.0 && res.is_ok() {
                    let alpha = f64::from(cov.min(1.0));
                    res = back.draw_pixel((px, py), BackendColor { alpha, rgb });
                }
            });
            res
        }
    };
    done.map_err(|e| e.to_string())
}

/// PNG encoding with fixed settings, so the same pixels always give the same bytes.
fn encode(buf: &[u8], w: u32, h: u32) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_compression(png::Compression::Default);
    let mut writer = enc.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(buf).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}
