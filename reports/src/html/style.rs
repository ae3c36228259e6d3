//! The report's one stylesheet, inline so the file is complete on its own. Only local font
//! names: nothing is fetched, and a machine without them falls back to its sans-serif.

pub const CSS: &str = r#"
:root { color-scheme: light; }
body {
  margin: 0 auto; padding: 12px 28px 48px; max-width: 1460px;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: #202020; background: #fff;
}
h1 { font-size: 26px; margin: 12px 0 4px; }
h2 { font-size: 20px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #e4e4e4; }
.meta { color: #5a5a5a; margin: 0 0 8px; }
.description { max-width: 100ch; margin: 8px 0; }
.description code { background: #f2f4f7; padding: 0 3px; border-radius: 3px; }
nav { margin: 14px 0 0; padding: 8px 0; border-top: 1px solid #e4e4e4; border-bottom: 1px solid #e4e4e4; }
nav a { margin-right: 18px; color: #00598b; text-decoration: none; }
nav a:hover { text-decoration: underline; }
.hint { color: #5a5a5a; margin: 0 0 8px; }
.chart { overflow-x: auto; border: 1px solid #e4e4e4; }
.chart svg { display: block; max-width: 100%; height: auto; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 14px; }
th, td { padding: 4px 12px 4px 8px; border-bottom: 1px solid #e4e4e4; text-align: left; vertical-align: top; }
th { background: #f2f4f7; font-weight: 600; white-space: nowrap; }
tbody tr:nth-child(even) { background: #fafafa; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.time { white-space: nowrap; font-variant-numeric: tabular-nums; }
.job { white-space: nowrap; font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
.outcome-finished { color: #006b4d; font-weight: 600; }
.outcome-waiting, .outcome-running, .outcome-rejected, .outcome-dropped { color: #b04a00; font-weight: 600; }
.stops { font-size: 13px; white-space: nowrap; }
.unfinished { padding-left: 20px; }
.unfinished > li { margin-bottom: 10px; }
.unfinished ul { margin: 4px 0 0; padding-left: 20px; color: #3a3a3a; }
code, pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
pre { background: #f6f6f6; border: 1px solid #e4e4e4; padding: 10px 12px; overflow-x: auto; line-height: 1.35; }
summary { cursor: pointer; color: #00598b; }
footer { margin-top: 40px; color: #707070; font-size: 13px; }
"#;
