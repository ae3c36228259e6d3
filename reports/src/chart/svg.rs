//! Writes a [`Scene`] as SVG by hand: plotters' SVG backend cannot attach `<title>` tooltips,
//! and a direct writer over integer coordinates gives the same bytes on every machine.

use super::scene::{Anchor, Item, Scene, Shape};
use std::fmt::Write;

/// The font the PNG is drawn with, named first so a browser that has it matches the PNG.
const FONT: &str = "DejaVu Sans, Verdana, sans-serif";

/// The scene as a standalone SVG document.
pub fn render(scene: &Scene) -> String {
    let mut out = String::with_capacity(scene.items.len() * 120);
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FONT}">"#,
        w = scene.width,
        h = scene.height
    );
    for item in &scene.items {
        write_item(&mut out, item);
    }
    out.push_str("</svg>\n");
    out
}

fn write_item(out: &mut String, item: &Item) {
    if let Shape::Text { .. } = item.shape {
        let _ = writeln!(out, "{}", text(&item.shape, item.title.as_deref()));
        return;
    }
    let body = shape(&item.shape);
    match &item.title {
        None => {
            let _ = writeln!(out, "{body}/>");
        }
        Some(t) => {
            let _ = writeln!(
                out,
                "{body}><title>{}</title></{}>",
                escape(t),
                tag(&item.shape)
            );
        }
    }
}

fn tag(s: &Shape) -> &'static str {
    match s {
        Shape::Rect { .. } => "rect",
        Shape::Line { .. } => "line",
        Shape::Polyline { .. } => "polyline",
        Shape::Polygon { .. } | Shape::Translucent { .. } => "polygon",
        Shape::Text { .. } => "text",
    }
}

/// The opening tag without its closing `>` or `/>`.
fn shape(s: &Shape) -> String {
    match s {
        Shape::Rect { x, y, w, h, fill } => {
            format!(
                r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{}""#,
                fill.hex()
            )
        }
        Shape::Line {
            x1,
            y1,
            x2,
            y2,
            color,
            width,
        } => format!(
            r#"<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{}" stroke-width="{width}""#,
            color.hex()
        ),
        Shape::Polyline {
            points,
            color,
            width,
        } => format!(
            r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="{width}" stroke-linejoin="round""#,
            pts(points),
            color.hex()
        ),
        Shape::Polygon { points, fill } => {
            format!(r#"<polygon points="{}" fill="{}""#, pts(points), fill.hex())
        }
        Shape::Translucent {
            points,
            fill,
            opacity,
        } => format!(
            r#"<polygon points="{}" fill="{}" fill-opacity="0.{:02}""#,
            pts(points),
            fill.hex(),
            (*opacity).min(99)
        ),
        Shape::Text { .. } => String::new(),
    }
}

/// A whole `<text>` element, its tooltip (if any) inside it.
fn text(s: &Shape, title: Option<&str>) -> String {
    let Shape::Text {
        x,
        y,
        text,
        size,
        color,
        anchor,
    } = s
    else {
        return String::new();
    };
    let anchor = match anchor {
        Anchor::Start => "start",
        Anchor::Middle => "middle",
        Anchor::End => "end",
    };
    // `y` is the text's vertical centre; the baseline sits about 0.35 em below it.
    let base = y + (*size as i32 * 35 / 100);
    let title = title.map_or_else(String::new, |t| format!("<title>{}</title>", escape(t)));
    format!(
        r#"<text x="{x}" y="{base}" font-size="{size}" fill="{}" text-anchor="{anchor}">{title}{}</text>"#,
        color.hex(),
        escape(text)
    )
}

fn pts(points: &[(i32, i32)]) -> String {
    let mut s = String::with_capacity(points.len() * 9);
    for (i, (x, y)) in points.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        let _ = write!(s, "{x},{y}");
    }
    s
}

/// Escapes text for SVG content and attributes: the same rules as the HTML report's text.
pub fn escape(s: &str) -> String {
    crate::html::escape(s)
}
