//! Mapping dotted field paths (`jobs[2].work.upload`) to positions in YAML source text, and
//! rendering rustc-style error snippets for those positions.
//!
//! Locations are 1-based lines and 1-based columns, where columns count Unicode scalar values
//! (`char`s), not bytes, and a tab counts as one column. Line breaks are `\n`, `\r\n` or a lone
//! `\r`, as in YAML. A leading byte-order mark is ignored.

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// One step of a path into a YAML document: a mapping key or a sequence index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathSeg {
    Key(String),
    Index(usize),
}

/// A 1-based line and column in the source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

/// Deepest nesting of collections that [`locate`] follows; anything deeper is not searched.
const MAX_DEPTH: usize = 256;

/// Lines longer than this (in chars) are truncated around the column by [`render_snippet`].
const MAX_LINE_CHARS: usize = 200;

/// Parses a dotted field path such as `jobs[2].work.upload` or `timeline[0].schedule.app` into
/// segments.
///
/// `[N]` (decimal digits that fit in `usize`) is an index; any other bracketed text is a key, with
/// surrounding single or double quotes removed (so `a["b.c"]` is the key `b.c`). Empty segments
/// (`a..b`, a leading or trailing `.`) are skipped. An unclosed `[` makes the rest of the text a key.
pub fn parse_path(path: &str) -> Vec<PathSeg> {
    let mut segs = Vec::new();
    let mut key = String::new();
    let mut chars = path.chars();
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                if !key.is_empty() {
                    segs.push(PathSeg::Key(std::mem::take(&mut key)));
                }
            }
            '[' => {
                if !key.is_empty() {
                    segs.push(PathSeg::Key(std::mem::take(&mut key)));
                }
                let rest = chars.as_str();
                match rest.find(']') {
                    Some(end) => {
                        segs.push(bracket_segment(&rest[..end]));
                        // Skip the bracket content and the `]` itself (1 byte).
                        chars = rest[end + 1..].chars();
                    }
                    None => {
                        if !rest.is_empty() {
                            segs.push(PathSeg::Key(rest.to_string()));
                        }
                        return segs;
                    }
                }
            }
            _ => key.push(c),
        }
    }
    if !key.is_empty() {
        segs.push(PathSeg::Key(key));
    }
    segs
}

fn bracket_segment(inner: &str) -> PathSeg {
    let trimmed = inner.trim();
    if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = trimmed.parse::<usize>() {
            return PathSeg::Index(i);
        }
    }
    for q in ['"', '\''] {
        if trimmed.len() >= 2 && trimmed.starts_with(q) && trimmed.ends_with(q) {
            return PathSeg::Key(trimmed[1..trimmed.len() - 1].to_string());
        }
    }
    PathSeg::Key(trimmed.to_string())
}

/// What a collection on the walk stack is, and where in it the walk is.
enum Kind {
    Seq {
        next_index: usize,
    },
    Map {
        /// The key of the current entry has been read; the next node is its value.
        awaiting_value: bool,
        /// The current key equals the path segment at this map's level.
        key_matches: bool,
        /// Where the current key starts.
        key_loc: Location,
    },
}

struct Frame {
    kind: Kind,
    /// This collection sits exactly at `path[..level]`.
    on_path: bool,
    /// How many path segments lead to this collection (meaningful only when `on_path`).
    level: usize,
}

/// Where a new node sits relative to the path.
struct Slot {
    /// The node is a mapping key (never itself on the path).
    is_key: bool,
    /// The node sits exactly at `path[..level]`.
    on_path: bool,
    level: usize,
    /// For a mapping value: where its key starts.
    key_loc: Option<Location>,
    /// The node is an item of a sequence.
    in_seq: bool,
}

fn to_location(m: &Marker) -> Location {
    // yaml-rust2 0.10: `line()` is 1-based, `col()` is 0-based (in chars).
    Location {
        line: m.line().max(1),
        column: m.col().saturating_add(1),
    }
}

/// Finds where the value at `path` starts in `src`; if the exact path does not exist, returns the
/// location of the deepest existing ancestor (so an error about a missing field points at the
/// mapping that should contain it). `prefer_key = true` returns the location of the mapping KEY of
/// the last segment instead of its value (useful for "unknown field" style errors). Returns None
/// only when the document cannot be parsed at all or is empty.
///
/// Only the first document of a multi-document stream is searched. Keys are compared by their
/// scalar text, whatever their type (`1:` matches `Key("1")`); an alias used as a key compares as
/// the text of the scalar it refers to. Where a value starts:
/// - block mapping: its first key; flow mapping/sequence: the bracket; block sequence: the first `-`;
/// - scalar: its first character (the opening quote of a quoted scalar; for `|`/`>` block scalars,
///   the first content line); alias: the `*`; a node with an anchor or tag: its content;
/// - implicit null (`key:` with nothing after it): the key; an empty sequence item: its `-` when it
///   can be found, else the next token.
///
/// If the source cannot be fully parsed, the best match found before the error is returned.
/// Collections nested deeper than 256 levels are not searched.
pub fn locate(src: &str, path: &[PathSeg], prefer_key: bool) -> Option<Location> {
    let text = strip_bom(src);
    let mut walker = Walker {
        src: text,
        path,
        prefer_key,
        stack: Vec::new(),
        anchors: Vec::new(),
        best: None,
    };
    walker.run()
}

fn strip_bom(src: &str) -> &str {
    src.strip_prefix('\u{feff}').unwrap_or(src)
}

struct Walker<'a> {
    src: &'a str,
    path: &'a [PathSeg],
    prefer_key: bool,
    stack: Vec<Frame>,
    /// (anchor id, scalar text) in id order, for aliases used as mapping keys.
    anchors: Vec<(usize, String)>,
    /// Deepest on-path node seen so far: (matched segments, location).
    best: Option<(usize, Location)>,
}

/// What the walk should do after an event.
enum Step {
    Continue,
    Done(Option<Location>),
}

impl Walker<'_> {
    fn run(&mut self) -> Option<Location> {
        let mut parser = Parser::new_from_str(self.src);
        let mut root_seen = false;
        loop {
            let (event, mark) = match parser.next_token() {
                Ok(x) => x,
                Err(_) => return self.best_loc(),
            };
            let step = match event {
                Event::StreamStart | Event::DocumentStart | Event::Nothing => Step::Continue,
                Event::StreamEnd | Event::DocumentEnd => Step::Done(self.best_loc()),
                Event::Scalar(value, style, anchor, tag) => {
                    let is_implicit_null = value.is_empty()
                        && style == TScalarStyle::Plain
                        && anchor == 0
                        && tag.is_none();
                    if self.stack.is_empty() && is_implicit_null && !root_seen {
                        // An empty document (`---` alone) has nothing to point at.
                        return None;
                    }
                    root_seen = true;
                    if anchor != 0 {
                        self.anchors.push((anchor, value.clone()));
                    }
                    self.scalar(Some(value), &mark, is_implicit_null)
                }
                Event::Alias(id) => {
                    root_seen = true;
                    // Only a key's text matters; values are never compared.
                    let text = if self.next_is_key() {
                        self.anchor_text(id)
                    } else {
                        None
                    };
                    self.scalar(text, &mark, false)
                }
                Event::SequenceStart(..) | Event::MappingStart(..) => {
                    root_seen = true;
                    let is_map = matches!(event, Event::MappingStart(..));
                    let mut loc = to_location(&mark);
                    if is_map {
                        // A block mapping's start marker sits on the `:` after its first key; the
                        // first key (the next event) is where the mapping really starts.
                        match parser.peek() {
                            Ok((_, next)) if next.index() < mark.index() => {
                                loc = to_location(next);
                            }
                            Ok(_) => {}
                            Err(_) => {
                                if let Step::Done(result) =
                                    self.collection_start(is_map, loc, &mark)
                                {
                                    return result;
                                }
                                return self.best_loc();
                            }
                        }
                    }
                    self.collection_start(is_map, loc, &mark)
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    self.stack.pop();
                    self.node_done();
                    Step::Continue
                }
            };
            if let Step::Done(result) = step {
                return result;
            }
        }
    }

    /// Whether the next node is a mapping key.
    fn next_is_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                kind: Kind::Map {
                    awaiting_value: false,
                    ..
                },
                ..
            })
        )
    }

    /// The text of the scalar anchored with `id`. Anchor ids grow through the stream, so the
    /// table is sorted.
    fn anchor_text(&self, id: usize) -> Option<String> {
        let i = self.anchors.partition_point(|(a, _)| *a < id);
        match self.anchors.get(i) {
            Some((a, text)) if *a == id => Some(text.clone()),
            _ => None,
        }
    }

    fn best_loc(&self) -> Option<Location> {
        self.best.map(|(_, loc)| loc)
    }

    /// Works out where the next node sits, advancing sequence indices.
    fn slot(&mut self) -> Slot {
        let path = self.path;
        match self.stack.last_mut() {
            None => Slot {
                is_key: false,
                on_path: true,
                level: 0,
                key_loc: None,
                in_seq: false,
            },
            Some(frame) => {
                let seg = if frame.on_path {
                    path.get(frame.level)
                } else {
                    None
                };
                match &mut frame.kind {
                    Kind::Seq { next_index } => {
                        let idx = *next_index;
                        *next_index = next_index.saturating_add(1);
                        Slot {
                            is_key: false,
                            on_path: matches!(seg, Some(PathSeg::Index(i)) if *i == idx),
                            level: frame.level + 1,
                            key_loc: None,
                            in_seq: true,
                        }
                    }
                    Kind::Map {
                        awaiting_value,
                        key_matches,
                        key_loc,
                    } => {
                        if *awaiting_value {
                            Slot {
                                is_key: false,
                                on_path: *key_matches,
                                level: frame.level + 1,
                                key_loc: Some(*key_loc),
                                in_seq: false,
                            }
                        } else {
                            Slot {
                                is_key: true,
                                on_path: false,
                                level: 0,
                                key_loc: None,
                                in_seq: false,
                            }
                        }
                    }
                }
            }
        }
    }

    /// Records the key that was just read in the mapping on top of the stack.
    fn set_key(&mut self, text: Option<&str>, loc: Location) {
        let path = self.path;
        if let Some(frame) = self.stack.last_mut() {
            let matches = frame.on_path
                && match (path.get(frame.level), text) {
                    (Some(PathSeg::Key(want)), Some(have)) => want == have,
                    _ => false,
                };
            if let Kind::Map {
                key_matches,
                key_loc,
                ..
            } = &mut frame.kind
            {
                *key_matches = matches;
                *key_loc = loc;
            }
        }
    }

    /// A node (scalar, alias, or a whole collection) has been completed.
    fn node_done(&mut self) {
        if let Some(Frame {
            kind: Kind::Map { awaiting_value, .. },
            ..
        }) = self.stack.last_mut()
        {
            *awaiting_value = !*awaiting_value;
        }
    }

    /// Notes an on-path node; returns the final answer when the whole path has matched.
    fn found(&mut self, slot: &Slot, value_loc: Location) -> Step {
        if slot.level == self.path.len() {
            let want_key = self.prefer_key && matches!(self.path.last(), Some(PathSeg::Key(_)));
            let loc = match slot.key_loc {
                Some(k) if want_key => k,
                _ => value_loc,
            };
            return Step::Done(Some(loc));
        }
        if self.best.is_none_or(|(lvl, _)| slot.level > lvl) {
            self.best = Some((slot.level, value_loc));
        }
        Step::Continue
    }

    fn scalar(&mut self, text: Option<String>, mark: &Marker, implicit_null: bool) -> Step {
        let slot = self.slot();
        let loc = to_location(mark);
        if slot.is_key {
            self.set_key(text.as_deref(), loc);
            self.node_done();
            return Step::Continue;
        }
        let step = if slot.on_path {
            let value_loc = if implicit_null {
                self.implicit_null_location(&slot, mark)
            } else {
                loc
            };
            self.found(&slot, value_loc)
        } else {
            Step::Continue
        };
        self.node_done();
        step
    }

    fn collection_start(&mut self, is_map: bool, loc: Location, mark: &Marker) -> Step {
        let slot = self.slot();
        if slot.is_key {
            // A complex key (`? [a, b]`): it never matches a path segment.
            self.set_key(None, loc);
        }
        if self.stack.len() >= MAX_DEPTH {
            return Step::Done(self.best_loc());
        }
        let kind = if is_map {
            Kind::Map {
                awaiting_value: false,
                key_matches: false,
                key_loc: loc,
            }
        } else {
            Kind::Seq { next_index: 0 }
        };
        self.stack.push(Frame {
            kind,
            on_path: slot.on_path,
            level: slot.level,
        });
        if slot.on_path {
            let value_loc = if is_map {
                loc
            } else {
                // yaml-rust2 marks an indentless sequence (`key:\n- a`) at its first item's
                // content rather than at the `-`.
                seq_dash_before(self.src, mark).unwrap_or(loc)
            };
            self.found(&slot, value_loc)
        } else {
            Step::Continue
        }
    }

    /// yaml-rust2 marks an implicit null with the position of the *next* token, which may be on a
    /// later line. Point at the key instead, or at the item's `-` in a sequence.
    fn implicit_null_location(&self, slot: &Slot, mark: &Marker) -> Location {
        if let Some(k) = slot.key_loc {
            return k;
        }
        if slot.in_seq {
            if let Some(loc) = find_entry_dash(self.src, mark) {
                return loc;
            }
        }
        to_location(mark)
    }
}

/// The byte offset of the char with index `char_index` in `src` (or `src.len()` past the end).
fn byte_of_char(src: &str, char_index: usize) -> usize {
    src.char_indices()
        .nth(char_index)
        .map_or(src.len(), |(b, _)| b)
}

/// If `mark` (a sequence start) is not on a `[` or `-`, finds the `-` just before it.
fn seq_dash_before(src: &str, mark: &Marker) -> Option<Location> {
    let byte = byte_of_char(src, mark.index());
    if matches!(src[byte..].chars().next(), Some('[' | '-')) {
        return None;
    }
    for (pos, c) in src[..byte].char_indices().rev() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {}
            '-' => return Some(location_of_byte(src, pos)),
            _ => return None,
        }
    }
    None
}

/// Looks backwards from `mark` (the token after an empty sequence item) for the item's `-`.
fn find_entry_dash(src: &str, mark: &Marker) -> Option<Location> {
    let byte = byte_of_char(src, mark.index());
    let before = &src[..byte];
    let mut found_dash_on_marker_line = false;
    let mut crossed_break = false;
    for (pos, c) in before.char_indices().rev() {
        match c {
            ' ' | '\t' => {}
            '\n' | '\r' => crossed_break = true,
            '-' if !crossed_break && !found_dash_on_marker_line => {
                // The `-` of the item the marker belongs to; ours is further back.
                found_dash_on_marker_line = true;
            }
            '-' => return Some(location_of_byte(src, pos)),
            _ => return None,
        }
    }
    None
}

/// The 1-based line and column of the character starting at byte `pos` of `src`.
fn location_of_byte(src: &str, pos: usize) -> Location {
    let mut line = 1;
    let mut column = 1;
    let mut prev_cr = false;
    for (i, c) in src.char_indices() {
        if i >= pos {
            break;
        }
        match c {
            '\n' if prev_cr => {}
            '\n' | '\r' => {
                line += 1;
                column = 1;
            }
            _ => column += 1,
        }
        prev_cr = c == '\r';
    }
    Location { line, column }
}

/// Splits text into lines at `\r\n`, `\n` or `\r` (the breaks YAML recognises). Text ending in a
/// break does not get an extra empty line, but empty text is one empty line.
fn split_lines(src: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let bytes = src.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push(&src[start..i]);
                i += 1;
                start = i;
            }
            b'\r' => {
                lines.push(&src[start..i]);
                i += 1;
                if bytes.get(i) == Some(&b'\n') {
                    i += 1;
                }
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < bytes.len() || lines.is_empty() {
        lines.push(&src[start..]);
    }
    lines
}

/// Renders an error the way rustc/miette do, for a terminal, with no colour:
///
/// ```text
/// error: <message>
///   --> <file>:<line>:<column>
///    |
/// 12 |   - { app: com.example.photos, id: 1, kind: user_iniated }
///    |                                             ^ <label>
///    = help: <help>        (only if help is Some)
/// ```
///
/// Tabs (and other control characters) in the source line are shown as one space so the caret
/// lines up. A location past the end of the text points just after the last character; a column
/// past the end of its line points just after the line's last character (line or column 0 count
/// as 1). Lines longer than 200 chars are shown truncated around the column with "..." markers.
/// With `loc = None` only the message, `  --> <file>` and the help are shown. Every line of the
/// result ends with `\n`; the label's trailing space is left out when the label is empty.
pub fn render_snippet(
    file: &str,
    src: &str,
    loc: Option<Location>,
    message: &str,
    label: &str,
    help: Option<&str>,
) -> String {
    let mut out = format!("error: {message}\n");
    let Some(loc) = loc else {
        out.push_str(&format!("  --> {file}\n"));
        if let Some(help) = help {
            out.push_str(&format!("   = help: {help}\n"));
        }
        return out;
    };

    let lines = split_lines(strip_bom(src));
    let (line_no, text) = if loc.line == 0 {
        (1, lines.first().copied().unwrap_or(""))
    } else if loc.line > lines.len() {
        // Past the end: just after the last character.
        let last = lines.last().copied().unwrap_or("");
        (lines.len().max(1), last)
    } else {
        (loc.line, lines[loc.line - 1])
    };
    let len = text.chars().count();
    let past_end = loc.line > lines.len();
    let col0 = if past_end {
        len
    } else {
        loc.column.saturating_sub(1).min(len)
    };

    // Choose the visible window of the line.
    let (start, end) = if len > MAX_LINE_CHARS {
        let half = MAX_LINE_CHARS / 2;
        let start = col0.saturating_sub(half).min(len - MAX_LINE_CHARS);
        (start, start + MAX_LINE_CHARS)
    } else {
        (0, len)
    };
    let mut shown = String::new();
    if start > 0 {
        shown.push_str("...");
    }
    for c in text.chars().skip(start).take(end - start) {
        shown.push(if c.is_control() { ' ' } else { c });
    }
    if end < len {
        shown.push_str("...");
    }
    let caret_col = col0 - start + if start > 0 { 3 } else { 0 };

    let num = line_no.to_string();
    let pad = " ".repeat(num.len());
    out.push_str(&format!("{pad}--> {file}:{line_no}:{}\n", col0 + 1));
    out.push_str(&format!("{pad} |\n"));
    if shown.is_empty() {
        out.push_str(&format!("{num} |\n"));
    } else {
        out.push_str(&format!("{num} | {shown}\n"));
    }
    let caret_pad = " ".repeat(caret_col);
    if label.is_empty() {
        out.push_str(&format!("{pad} | {caret_pad}^\n"));
    } else {
        out.push_str(&format!("{pad} | {caret_pad}^ {label}\n"));
    }
    if let Some(help) = help {
        out.push_str(&format!("{pad} = help: {help}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> PathSeg {
        PathSeg::Key(s.to_string())
    }

    fn at(line: usize, column: usize) -> Option<Location> {
        Some(Location { line, column })
    }

    fn loc(src: &str, path: &str) -> Option<Location> {
        locate(src, &parse_path(path), false)
    }

    fn loc_key(src: &str, path: &str) -> Option<Location> {
        locate(src, &parse_path(path), true)
    }

    // ---- parse_path ----

    #[test]
    fn path_dotted_and_indexed() {
        assert_eq!(
            parse_path("jobs[2].work.upload"),
            vec![key("jobs"), PathSeg::Index(2), key("work"), key("upload")]
        );
        assert_eq!(
            parse_path("timeline[0].schedule.app"),
            vec![
                key("timeline"),
                PathSeg::Index(0),
                key("schedule"),
                key("app")
            ]
        );
    }

    #[test]
    fn path_edge_cases() {
        assert_eq!(parse_path(""), vec![]);
        assert_eq!(parse_path("."), vec![]);
        assert_eq!(parse_path("[0]"), vec![PathSeg::Index(0)]);
        assert_eq!(
            parse_path("a[1][2]"),
            vec![key("a"), PathSeg::Index(1), PathSeg::Index(2)]
        );
        assert_eq!(parse_path("a..b."), vec![key("a"), key("b")]);
        assert_eq!(parse_path("a[\"b.c\"]"), vec![key("a"), key("b.c")]);
        assert_eq!(parse_path("a['x']"), vec![key("a"), key("x")]);
        assert_eq!(parse_path("a[x]"), vec![key("a"), key("x")]);
        assert_eq!(parse_path("a[3"), vec![key("a"), key("3")]);
        assert_eq!(parse_path("a["), vec![key("a")]);
        assert_eq!(
            parse_path("a[99999999999999999999999]"),
            vec![key("a"), key("99999999999999999999999")]
        );
        assert_eq!(
            parse_path("é[1].ü"),
            vec![key("é"), PathSeg::Index(1), key("ü")]
        );
    }

    // ---- locate: block style ----

    const BLOCK: &str = "name: demo\nwork:\n  upload: 3\n  cpu: 7\nlast: x\n";

    #[test]
    fn top_level_key() {
        assert_eq!(loc(BLOCK, "name"), at(1, 7));
        assert_eq!(loc(BLOCK, "last"), at(5, 7));
    }

    #[test]
    fn nested_block_mapping() {
        assert_eq!(loc(BLOCK, "work.upload"), at(3, 11));
        assert_eq!(loc(BLOCK, "work.cpu"), at(4, 8));
    }

    #[test]
    fn block_mapping_value_starts_at_first_key() {
        // yaml-rust2 marks the mapping at the `:` after its first key; we point at the key.
        assert_eq!(loc(BLOCK, "work"), at(3, 3));
        assert_eq!(loc(BLOCK, ""), at(1, 1));
    }

    #[test]
    fn prefer_key_points_at_key() {
        assert_eq!(loc_key(BLOCK, "work.cpu"), at(4, 3));
        assert_eq!(loc_key(BLOCK, "work"), at(2, 1));
        assert_eq!(loc_key(BLOCK, "name"), at(1, 1));
    }

    #[test]
    fn prefer_key_with_index_last_gives_value() {
        let src = "xs:\n  - a\n  - b\n";
        assert_eq!(loc_key(src, "xs[1]"), at(3, 5));
    }

    #[test]
    fn missing_leaf_falls_back_to_containing_mapping() {
        assert_eq!(loc(BLOCK, "work.memory"), at(3, 3));
        assert_eq!(loc_key(BLOCK, "work.memory"), at(3, 3));
        assert_eq!(loc(BLOCK, "work.upload.deeper.still"), at(3, 11));
    }

    #[test]
    fn missing_top_level_falls_back_to_root() {
        assert_eq!(loc(BLOCK, "nope"), at(1, 1));
        assert_eq!(loc(BLOCK, "nope.deeper"), at(1, 1));
    }

    #[test]
    fn index_past_end_falls_back_to_sequence() {
        let src = "xs:\n  - a\n  - b\n";
        assert_eq!(loc(src, "xs[5]"), at(2, 3));
        assert_eq!(loc(src, "xs.key"), at(2, 3));
        assert_eq!(loc(src, "xs[0]"), at(2, 5));
    }

    #[test]
    fn indentless_block_sequence() {
        let src = "jobs:\n- id: 1\n  kind: a\n- id: 2\n  kind: b\n";
        assert_eq!(loc(src, "jobs[1].kind"), at(5, 9));
        assert_eq!(loc(src, "jobs[1]"), at(4, 3));
        assert_eq!(loc(src, "jobs"), at(2, 1));
    }

    #[test]
    fn first_match_wins_over_later_siblings() {
        let src = "a:\n  b: 1\nc:\n  b: 2\n";
        assert_eq!(loc(src, "c.b"), at(4, 6));
        assert_eq!(loc(src, "a.b"), at(2, 6));
    }

    #[test]
    fn siblings_with_same_key_at_other_levels_do_not_confuse() {
        let src = "x:\n  kind: inner\nkind: outer\n";
        assert_eq!(loc(src, "kind"), at(3, 7));
    }

    // ---- flow style and mixes ----

    #[test]
    fn flow_mapping() {
        let src = "{ a: 1, b: [x, y], c: { d: e } }";
        assert_eq!(loc(src, "a"), at(1, 6));
        assert_eq!(loc(src, "b"), at(1, 12));
        assert_eq!(loc(src, "b[1]"), at(1, 16));
        assert_eq!(loc(src, "c.d"), at(1, 28));
        assert_eq!(loc(src, "c"), at(1, 23));
        assert_eq!(loc_key(src, "c.d"), at(1, 25));
        assert_eq!(loc(src, ""), at(1, 1));
    }

    #[test]
    fn sequence_of_flow_maps() {
        let src = "jobs:\n  - { id: 1, kind: regular }\n  - { id: 2, kind: user_iniated }";
        assert_eq!(loc(src, "jobs[1].kind"), at(3, 20));
        assert_eq!(loc_key(src, "jobs[1].kind"), at(3, 14));
        assert_eq!(loc(src, "jobs[0].kind"), at(2, 20));
        assert_eq!(loc(src, "jobs[1]"), at(3, 5));
        assert_eq!(loc(src, "jobs[1].nope"), at(3, 5));
    }

    #[test]
    fn flow_sequence_with_single_pair_mappings() {
        let src = "xs: [a: 1, {b: 2}]";
        assert_eq!(loc(src, "xs[0].a"), at(1, 9));
        assert_eq!(loc(src, "xs[0]"), at(1, 6));
        assert_eq!(loc(src, "xs[1].b"), at(1, 16));
    }

    #[test]
    fn multiline_flow_collections() {
        let src = "top: {\n  a: [1,\n      2],\n  b: z\n}\n";
        assert_eq!(loc(src, "top.a[1]"), at(3, 7));
        assert_eq!(loc(src, "top.b"), at(4, 6));
    }

    #[test]
    fn block_inside_sequence_inside_block() {
        let src = "timeline:\n  - at: 0\n    schedule:\n      app: com.x\n      id: 3\n";
        assert_eq!(loc(src, "timeline[0].schedule.app"), at(4, 12));
        assert_eq!(loc(src, "timeline[0].schedule"), at(4, 7));
        assert_eq!(loc_key(src, "timeline[0].schedule"), at(3, 5));
    }

    // ---- scalars of various kinds ----

    #[test]
    fn quoted_and_block_scalars() {
        let src = "a: \"q\"\nb: 'r'\nc: |\n  lit\nd: >-\n  fold\n";
        assert_eq!(loc(src, "a"), at(1, 4));
        assert_eq!(loc(src, "b"), at(2, 4));
        // Block scalars are marked at their first content line.
        assert_eq!(loc(src, "c"), at(4, 3));
        assert_eq!(loc(src, "d"), at(6, 3));
    }

    #[test]
    fn implicit_null_value_points_at_key() {
        let src = "a:\nb: 1\nc: { d: }\n";
        assert_eq!(loc(src, "a"), at(1, 1));
        assert_eq!(loc(src, "a.x"), at(1, 1));
        assert_eq!(loc(src, "c.d"), at(3, 6));
    }

    #[test]
    fn empty_sequence_items_point_at_dash() {
        let src = "e:\n  -\n  - f\n  -\ng: 1\n";
        assert_eq!(loc(src, "e[0]"), at(2, 3));
        assert_eq!(loc(src, "e[1]"), at(3, 5));
        assert_eq!(loc(src, "e[2]"), at(4, 3));
    }

    #[test]
    fn explicit_empty_strings_are_values() {
        let src = "a: \"\"\nb: ''\n";
        assert_eq!(loc(src, "a"), at(1, 4));
        assert_eq!(loc(src, "b"), at(2, 4));
    }

    #[test]
    fn non_string_scalar_keys_compare_by_text() {
        let src = "1: one\ntrue: yes\n~: nothing\n3.5: x\n";
        assert_eq!(loc(src, "1"), at(1, 4));
        assert_eq!(loc(src, "true"), at(2, 7));
        assert_eq!(loc(src, "~"), at(3, 4));
        assert_eq!(locate(src, &[key("3.5")], false), at(4, 6));
        // An index is not a key.
        assert_eq!(locate(src, &[PathSeg::Index(1)], false), at(1, 1));
    }

    #[test]
    fn quoted_keys() {
        let src = "\"a b\": 1\n'c': 2\n";
        assert_eq!(locate(src, &[key("a b")], false), at(1, 8));
        assert_eq!(locate(src, &[key("c")], true), at(2, 1));
    }

    #[test]
    fn complex_keys_are_skipped() {
        let src = "? [k]\n: v\n? {m: 1}\n: w\nplain: z\n";
        assert_eq!(loc(src, "plain"), at(5, 8));
        assert_eq!(loc(src, "k"), at(1, 1));
        assert_eq!(loc(src, "m"), at(1, 1));
    }

    // ---- anchors and aliases ----

    #[test]
    fn anchors_and_aliases() {
        let src = "base: &b\n  cpu: 1\nother: *b\nname: &n x\nref: *n\n";
        assert_eq!(loc(src, "base.cpu"), at(2, 8));
        assert_eq!(loc(src, "other"), at(3, 8));
        // The alias is a value: it has no children we can point into.
        assert_eq!(loc(src, "other.cpu"), at(3, 8));
        assert_eq!(loc(src, "name"), at(4, 10));
        assert_eq!(loc(src, "ref"), at(5, 6));
    }

    #[test]
    fn alias_as_key_compares_anchor_text() {
        let src = "a: &k kk\n*k : v\nz: 1\n";
        assert_eq!(loc(src, "kk"), at(2, 6));
        assert_eq!(loc(src, "z"), at(3, 4));
    }

    #[test]
    fn sequence_anchor_and_merge_key() {
        let src = "d: &d { x: 1 }\ne:\n  <<: *d\n  y: 2\n";
        assert_eq!(loc(src, "e.<<"), at(3, 7));
        assert_eq!(loc(src, "e.y"), at(4, 6));
        assert_eq!(loc(src, "d.x"), at(1, 12));
    }

    // ---- documents ----

    #[test]
    fn empty_documents_give_none() {
        assert_eq!(loc("", ""), None);
        assert_eq!(loc("", "a"), None);
        assert_eq!(loc("# just a comment\n", "a"), None);
        assert_eq!(loc("---\n", "a"), None);
        assert_eq!(loc("---\n...\n", ""), None);
        assert_eq!(loc("   \n\n", ""), None);
    }

    #[test]
    fn scalar_document() {
        assert_eq!(loc("hello", ""), at(1, 1));
        assert_eq!(loc("hello", "a.b"), at(1, 1));
        assert_eq!(loc("~", ""), at(1, 1));
        assert_eq!(loc("---\n  x\n", "a"), at(2, 3));
    }

    #[test]
    fn only_first_document_is_searched() {
        let src = "a: 1\n---\nb: 2\n";
        assert_eq!(loc(src, "a"), at(1, 4));
        assert_eq!(loc(src, "b"), at(1, 1));
        let src = "---\na: 1\n...\n---\nb: 2\n";
        assert_eq!(loc(src, "b"), at(2, 1));
    }

    #[test]
    fn parse_error_returns_best_so_far() {
        // The error comes after `a` has been found.
        let src = "a: 1\nb: [1, 2\nc: 3\n";
        assert_eq!(loc(src, "a"), at(1, 4));
        // `b` starts before the error, its missing element falls back to it.
        assert_eq!(loc(src, "b[5]"), at(2, 4));
        assert_eq!(loc("a: [", "a"), at(1, 4));
    }

    #[test]
    fn unparsable_gives_none() {
        assert_eq!(loc("]", ""), None);
        assert_eq!(loc("*unknown", ""), None);
        assert_eq!(loc("@x", ""), None);
        assert_eq!(loc("'never closed", ""), None);
    }

    // ---- text encoding details ----

    #[test]
    fn columns_count_chars_not_bytes() {
        let src = "é: ü\nnäme: { ö: x }\n";
        assert_eq!(loc(src, "é"), at(1, 4));
        assert_eq!(loc(src, "näme.ö"), at(2, 12));
    }

    #[test]
    fn leading_bom_is_ignored() {
        let src = "\u{feff}a: 1\nb: 2\n";
        assert_eq!(loc(src, "a"), at(1, 4));
        assert_eq!(loc_key(src, "a"), at(1, 1));
        assert_eq!(loc(src, "b"), at(2, 4));
    }

    #[test]
    fn crlf_and_lone_cr_line_breaks() {
        assert_eq!(loc("a: 1\r\nb: 2\r\n", "b"), at(2, 4));
        assert_eq!(loc("a: 1\rb: 2\r", "b"), at(2, 4));
    }

    #[test]
    fn tabs_count_as_one_column() {
        // yaml-rust2 0.10 rejects a tab right after a block mapping's `:`, but accepts them
        // inside flow collections and before comments.
        assert_eq!(loc("a:\t1\n", "a"), None);
        let src = "b: {\tc: 2}\nd:\t\t[\tx]\t# c\n";
        assert_eq!(loc(src, "b.c"), at(1, 9));
        assert_eq!(loc(src, "d[0]"), at(2, 7));
    }

    // ---- robustness ----

    #[test]
    fn garbage_does_not_panic() {
        let inputs: [&[u8]; 8] = [
            b"\x00\x01\x02\xff\xfe",
            b"\xef\xbb\xbf\xef\xbb\xbf",
            b"{[}]:-?&*!|>%@`",
            b"a: b: c: d",
            b"- - - -\n  - : :\n ? ? ?",
            b"%YAML 1.2\n%YAML 1.2\n---",
            b"'unterminated\n\"also",
            b"!<tag:x> &a *a",
        ];
        for raw in inputs {
            let text = String::from_utf8_lossy(raw);
            for p in ["", "a", "a[0].b", "[3]"] {
                let _ = locate(&text, &parse_path(p), false);
                let _ = locate(&text, &parse_path(p), true);
            }
            let _ = render_snippet("f", &text, at(1, 3), "m", "l", None);
        }
    }

    #[test]
    fn pseudo_random_inputs_do_not_panic() {
        const ALPHABET: &[&str] = &[
            "a", "b", ":", " ", "  ", "\n", "-", "[", "]", "{", "}", ",", "?", "&x", "*x", "!t",
            "'", "\"", "|", ">", "#", "\t", "---", "...", "%", "\r", "é", "\\", "1", "~", "@",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..3000 {
            let mut text = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let n = (seed % 40) as usize;
            for _ in 0..n {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(ALPHABET[(seed % ALPHABET.len() as u64) as usize]);
            }
            for p in ["a", "a.b", "[0]", "[1].a", "b[0][0]"] {
                let l = locate(&text, &parse_path(p), seed & 1 == 0);
                let _ = render_snippet("f.yaml", &text, l, "m", "l", Some("h"));
            }
        }
    }

    #[test]
    fn deep_flow_nesting_does_not_overflow() {
        // yaml-rust2's scanner refuses more than 255 nested flow collections before it yields
        // the first event, so the whole document is unparsable.
        let src = "[".repeat(10_000);
        assert_eq!(locate(&src, &[], false), None);
        let path = vec![PathSeg::Index(0); 300];
        assert_eq!(locate(&src, &path, false), None);
        let src = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(locate(&src, &path, false), None);
        let src = "{a: ".repeat(10_000);
        let path = vec![key("a"); 10_000];
        assert_eq!(locate(&src, &path, true), None);
        let src = format!("{}{}", "[".repeat(255), "]".repeat(255));
        let path = vec![PathSeg::Index(0); 300];
        assert_eq!(locate(&src, &path, false), at(1, 255));
    }

    #[test]
    fn deep_but_valid_nesting_within_cap() {
        let depth = 100;
        let src = format!("{}x{}", "[".repeat(depth), "]".repeat(depth));
        let path = vec![PathSeg::Index(0); depth];
        assert_eq!(locate(&src, &path, false), at(1, depth + 1));
    }

    #[test]
    fn deep_block_nesting_does_not_overflow() {
        let mut src = String::new();
        for i in 0..2000 {
            src.push_str(&" ".repeat(i));
            src.push_str("k:\n");
        }
        let path = vec![key("k"); 2000];
        // The walk stops at 256 nested collections: the deepest one it entered is reported.
        assert_eq!(locate(&src, &path, false), at(256, 256));
        assert_eq!(locate(&src, &path[..10], true), at(10, 10));
    }

    #[test]
    fn huge_input() {
        let mut src = String::new();
        for i in 0..50_000 {
            src.push_str(&format!("k{i}: {{ v: [1, 2, 3] }}\n"));
        }
        assert_eq!(loc(&src, "k49999.v[2]"), at(50_000, 21));
    }

    #[test]
    fn many_anchors_and_alias_keys() {
        let mut src = String::from("defs:\n");
        for i in 0..20_000 {
            src.push_str(&format!("  - &a{i} key{i}\n"));
        }
        src.push_str("uses:\n");
        for i in 0..20_000 {
            src.push_str(&format!("  *a{i} : v{i}\n"));
        }
        assert_eq!(loc(&src, "uses.key19999"), at(40_002, 13));
        assert_eq!(loc(&src, "defs[3]"), at(5, 9));
    }

    // ---- render_snippet ----

    #[test]
    fn render_two_line_example_exactly() {
        let src = "jobs:\n  - { app: com.example.photos, id: 1, kind: user_iniated }\n";
        let l = loc(src, "jobs[0].kind");
        assert_eq!(l, at(2, 45));
        let out = render_snippet(
            "scenario.yaml",
            src,
            l,
            "unknown variant `user_iniated`",
            "expected one of `regular`, `user_initiated`",
            Some("did you mean `user_initiated`?"),
        );
        assert_eq!(
            out,
            "error: unknown variant `user_iniated`\n \
             --> scenario.yaml:2:45\n  \
             |\n\
             2 |   - { app: com.example.photos, id: 1, kind: user_iniated }\n  \
             |                                             ^ expected one of `regular`, `user_initiated`\n  \
             = help: did you mean `user_initiated`?\n"
        );
    }

    #[test]
    fn render_two_digit_line_without_help() {
        let mut src = String::new();
        for _ in 0..11 {
            src.push_str("# pad\n");
        }
        src.push_str("a: 1\n");
        let out = render_snippet("f.yaml", &src, loc(&src, "a"), "bad", "here", None);
        assert_eq!(
            out,
            "error: bad\n  --> f.yaml:12:4\n   |\n12 | a: 1\n   |    ^ here\n"
        );
    }

    #[test]
    fn render_column_past_end_of_line() {
        let out = render_snippet("f", "ab\ncd\n", at(1, 50), "m", "", None);
        assert_eq!(out, "error: m\n --> f:1:3\n  |\n1 | ab\n  |   ^\n");
    }

    #[test]
    fn render_location_past_end_of_text() {
        let out = render_snippet("f", "ab\ncde\n", at(9, 1), "m", "eof", None);
        assert_eq!(out, "error: m\n --> f:2:4\n  |\n2 | cde\n  |    ^ eof\n");
        let out = render_snippet("f", "", at(3, 3), "m", "l", None);
        assert_eq!(out, "error: m\n --> f:1:1\n  |\n1 |\n  | ^ l\n");
    }

    #[test]
    fn render_zero_line_and_column() {
        let out = render_snippet("f", "ab\n", at(0, 0), "m", "l", None);
        assert_eq!(out, "error: m\n --> f:1:1\n  |\n1 | ab\n  | ^ l\n");
    }

    #[test]
    fn render_tabs_as_spaces() {
        let src = "a:\t{\tb: x }\n";
        let l = loc(src, "a.b");
        assert_eq!(l, at(1, 9));
        let out = render_snippet("f", src, l, "m", "l", None);
        assert_eq!(
            out,
            "error: m\n --> f:1:9\n  |\n1 | a: { b: x }\n  |         ^ l\n"
        );
    }

    #[test]
    fn render_without_location() {
        let out = render_snippet("f.yaml", "a: 1", None, "cannot parse", "l", Some("h"));
        assert_eq!(out, "error: cannot parse\n  --> f.yaml\n   = help: h\n");
    }

    #[test]
    fn render_crlf_and_bom() {
        let src = "\u{feff}a: 1\r\nb: 2\r\n";
        let out = render_snippet("f", src, loc(src, "b"), "m", "l", None);
        assert_eq!(out, "error: m\n --> f:2:4\n  |\n2 | b: 2\n  |    ^ l\n");
        let out = render_snippet("f", src, loc(src, "a"), "m", "l", None);
        assert_eq!(out, "error: m\n --> f:1:4\n  |\n1 | a: 1\n  |    ^ l\n");
    }

    #[test]
    fn render_long_line_truncated_around_column() {
        let line = format!("k: {}TARGET{}", "x".repeat(300), "y".repeat(300));
        let out = render_snippet("f", &line, at(1, 304), "m", "l", None);
        let lines: Vec<&str> = out.lines().collect();
        let src_line = lines[3].strip_prefix("1 | ").unwrap();
        assert!(src_line.starts_with("..."));
        assert!(src_line.ends_with("..."));
        assert_eq!(src_line.chars().count(), 206);
        let caret = lines[4].strip_prefix("  | ").unwrap();
        let caret_pos = caret.find('^').unwrap();
        assert_eq!(&src_line[caret_pos..caret_pos + 6], "TARGET");
        assert_eq!(lines[1], " --> f:1:304");
    }

    #[test]
    fn render_long_line_near_start_and_end() {
        let line = format!("START{}END", "x".repeat(400));
        let out = render_snippet("f", &line, at(1, 1), "m", "l", None);
        let shown = out.lines().nth(3).unwrap().strip_prefix("1 | ").unwrap();
        assert!(shown.starts_with("START"));
        assert!(shown.ends_with("..."));
        assert!(out.lines().nth(4).unwrap().ends_with("| ^ l"));

        let out = render_snippet("f", &line, at(1, 409), "m", "l", None);
        let shown = out.lines().nth(3).unwrap().strip_prefix("1 | ").unwrap();
        assert!(shown.starts_with("..."));
        assert!(shown.ends_with("END"));
        let caret = out.lines().nth(4).unwrap().strip_prefix("  | ").unwrap();
        // Just after the last character.
        assert_eq!(caret.find('^'), Some(shown.len()));
    }

    #[test]
    fn render_unicode_line() {
        let src = "näme: { ö: x }\n";
        let out = render_snippet("f", src, loc(src, "näme.ö"), "m", "l", None);
        assert_eq!(
            out,
            "error: m\n --> f:1:12\n  |\n1 | näme: { ö: x }\n  |            ^ l\n"
        );
    }
}
