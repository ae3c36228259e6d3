//! The scene: a flat list of shapes in integer pixel coordinates, each with an optional tooltip.
//! A chart (the timeline, a sweep chart) is laid out once into a scene and then drawn twice, to SVG by [`super::svg`]
//! (which can emit `<title>` tooltips, something plotters' SVG backend cannot) and to PNG by
//! [`super::raster`]. Integer coordinates keep both outputs byte-stable: no float formatting.

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`, for SVG.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// Where a text's `x` sits relative to the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// One drawable thing.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    Rect {
        x: i32,
        y: i32,
        w: i32,
        h: i32,
        fill: Rgb,
    },
    Line {
        x1: i32,
        y1: i32,
        x2: i32,
        y2: i32,
        color: Rgb,
        width: u32,
    },
    Polyline {
        points: Vec<(i32, i32)>,
        color: Rgb,
        width: u32,
    },
    /// A closed, filled outline.
    Polygon { points: Vec<(i32, i32)>, fill: Rgb },
    /// A closed outline filled see-through (`opacity` in percent, below 100), so bands that
    /// overlap, such as the confidence bands of a sweep chart, all stay visible.
    Translucent {
        points: Vec<(i32, i32)>,
        fill: Rgb,
        opacity: u8,
    },
    /// Text whose vertical centre is at `y`.
    Text {
        x: i32,
        y: i32,
        text: String,
        size: u32,
        color: Rgb,
        anchor: Anchor,
    },
}

/// A shape and the tooltip a pointer over it shows in the SVG.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub shape: Shape,
    pub title: Option<String>,
}

/// Everything to draw, in painting order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scene {
    pub width: u32,
    pub height: u32,
    pub items: Vec<Item>,
}

impl Scene {
    pub fn push(&mut self, shape: Shape) {
        self.items.push(Item { shape, title: None });
    }

    pub fn push_titled(&mut self, shape: Shape, title: String) {
        self.items.push(Item {
            shape,
            title: Some(title),
        });
    }

    pub fn rect(&mut self, x: i32, y: i32, w: i32, h: i32, fill: Rgb) {
        self.push(Shape::Rect { x, y, w, h, fill });
    }

    pub fn line(&mut self, (x1, y1): (i32, i32), (x2, y2): (i32, i32), color: Rgb) {
        self.push(Shape::Line {
            x1,
            y1,
            x2,
            y2,
            color,
            width: 1,
        });
    }

    pub fn text(&mut self, x: i32, y: i32, text: impl Into<String>, size: u32, anchor: Anchor) {
        self.push(Shape::Text {
            x,
            y,
            text: text.into(),
            size,
            color: super::palette::TEXT,
            anchor,
        });
    }
}

/// The width of `text` at `size` px in the chart's font, to decide whether a label fits.
pub fn text_width(text: &str, size: u32) -> i32 {
    super::font::text_width(text, size)
}
