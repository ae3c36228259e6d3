//! The timeline chart: device tracks above one lane per job (or one per app past
//! [`AGGREGATE_ABOVE`] jobs), on one time axis. [`timeline`] lays the chart out once as a
//! [`Scene`]; [`svg::render`] and [`raster::render_png`] draw that scene, so the two files always
//! show the same picture.

mod aggregate;
pub mod axis;
mod device;
mod font;
mod frame;
mod jobs;
pub mod palette;
pub mod raster;
pub mod scene;
pub mod svg;
pub mod value_axis;

use crate::device_tracks::device_tracks;
use crate::labels::Uids;
use crate::lanes::lanes;
use axis::TimeAxis;
pub use scene::Scene;
use sim_core::engine::Stamped;
use sim_core::model::{Header, Record};
use sim_core::time::SimTime;

/// More job lanes than this are drawn one lane per app unless the caller asks to expand.
pub const AGGREGATE_ABOVE: usize = 60;

/// Total width of the chart in pixels.
pub const WIDTH: i32 = 1400;
/// Width of the label column left of the plot.
pub const LEFT: i32 = 260;
const RIGHT: i32 = 24;

/// Choices the caller makes.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// One lane per job however many there are.
    pub expand: bool,
    /// Uids for the platform's job labels.
    pub uids: Uids,
}

/// Lays out the timeline of a trace that ends at `end`.
pub fn timeline(h: &Header, records: &[Stamped<Record>], end: SimTime, opts: &Options) -> Scene {
    let axis = TimeAxis::new(LEFT, WIDTH - LEFT - RIGHT, end);
    let lanes = lanes(records, end);
    let dev = device_tracks(records, end);
    let aggregated = !opts.expand && lanes.len() > AGGREGATE_ABOVE;
    let mut body = Scene::default();
    let content = lanes.iter().any(|l| !l.content_changes.is_empty());
    let mut y = frame::header(
        &mut body,
        h,
        end,
        lanes.len(),
        aggregated,
        content && !aggregated,
    );
    y = frame::top_axis(&mut body, &axis, y);
    let plot_top = y;
    y = device::draw(&mut body, &axis, &dev, y);
    y = if aggregated {
        aggregate::draw(&mut body, &axis, &lanes, y)
    } else {
        jobs::draw(&mut body, &axis, &lanes, &opts.uids, y)
    };
    let plot_bottom = y;
    y = frame::bottom_axis(&mut body, &axis, y);
    let mut scene = Scene {
        width: WIDTH as u32,
        height: (y + 8) as u32,
        items: Vec::new(),
    };
    scene.rect(0, 0, WIDTH, y + 8, palette::BACKGROUND);
    frame::grid(&mut scene, &axis, plot_top, plot_bottom);
    scene.items.append(&mut body.items);
    scene
}
