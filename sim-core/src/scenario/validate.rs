//! Raw scenario → typed [`Scenario`]: every name resolved, every cross-field rule checked, every
//! error located. Jobs and workloads are in `validate_jobs`, the timeline in `validate_actions`.

use std::collections::BTreeMap;

use yaml_rust2::parser::{Event, Parser};

use super::error::ScenarioError;
use super::raw::{self, RawApp, RawDenial, RawMemory, RawPlatform, RawScenario};
use super::{validate_actions, validate_device, validate_jobs, AppSpec, Scenario};
use crate::app::{AppIdx, PermissionState};
use crate::policy::{Flags, Platform, Policy, Tunables};
use crate::time::SimDuration;

/// Largest accepted file.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// Most aliases (`*name`) accepted in one document.
pub const MAX_ALIASES: usize = 10_000;
/// Most nodes that aliases may add when expanded. A few aliases of aliases can stand for
/// billions of nodes ("billion laughs"), and the deserializer expands every one of them.
pub const MAX_ALIAS_NODES: u64 = 1_000_000;
/// Longest timeline.
pub const MAX_TIMELINE: usize = 100_000;
/// Deepest accepted nesting of mappings and sequences.
pub const MAX_DEPTH: usize = 64;
/// Longest scenario.
pub const MAX_DURATION: SimDuration = SimDuration::from_days(365);

const RUNTIME_PERMISSIONS: [&str; 1] = ["RUN_USER_INITIATED_JOBS"];
const NORMAL_PERMISSIONS: [&str; 2] = ["ACCESS_NETWORK_STATE", "RECEIVE_BOOT_COMPLETED"];

/// Parses and validates a scenario. `file` is only used in error messages.
pub fn parse_scenario(file: &str, src: &str) -> Result<Scenario, ScenarioError> {
    parse_scenario_with(file, src, None)
}

/// As [`parse_scenario`], with a seed that replaces the file's `seed`.
pub fn parse_scenario_with(
    file: &str,
    src: &str,
    seed_override: Option<u64>,
) -> Result<Scenario, ScenarioError> {
    if src.len() > MAX_FILE_BYTES {
        return Err(ScenarioError::whole_file(
            file,
            format!(
                "the scenario is {} bytes; at most {MAX_FILE_BYTES} bytes (10 MiB) are accepted",
                src.len()
            ),
        ));
    }
    check_characters(file, src)?;
    let syntax_error = check_shape(file, src)?;
    // The deserializer reports a syntax error only if the events before it deserialized fine;
    // otherwise it reports a misleading type error (`name: [unclosed` → "expected a string"),
    // so a syntax error found by the pre-scan wins when deserialization fails.
    let raw = raw::parse_yaml(file, src).map_err(|e| syntax_error.unwrap_or(e))?;
    build(&Cx { file, src }, raw, seed_override)
}

/// The file and its text, for locating errors.
pub(crate) struct Cx<'a> {
    pub file: &'a str,
    pub src: &'a str,
}

impl Cx<'_> {
    /// An error at the value of `field`.
    pub fn err(&self, field: &str, message: impl Into<String>) -> ScenarioError {
        ScenarioError::at(self.file, self.src, field, false, message)
    }

    /// An error at the key of `field`.
    pub fn key_err(&self, field: &str, message: impl Into<String>) -> ScenarioError {
        ScenarioError::at(self.file, self.src, field, true, message)
    }
}

/// The apps by package, for resolving names.
pub(crate) struct AppIndex {
    by_package: BTreeMap<String, AppIdx>,
    packages: Vec<String>,
}

impl AppIndex {
    /// The package of app `app`.
    pub fn package(&self, app: AppIdx) -> &str {
        self.packages.get(app).map_or("?", String::as_str)
    }

    /// Resolves `package` named at `field`.
    pub fn get(&self, cx: &Cx<'_>, field: &str, package: &str) -> Result<AppIdx, ScenarioError> {
        self.by_package.get(package).copied().ok_or_else(|| {
            cx.err(
                field,
                format!(
                    "unknown app `{package}`; apps in this scenario: {}",
                    self.packages.join(", ")
                ),
            )
        })
    }
}

/// Rejects characters YAML does not allow (C0/C1 controls other than tab and line breaks, DEL,
/// U+FFFE, U+FFFF: usually a binary file), and the YAML 1.1 line breaks NEL, LS and PS: the
/// YAML library counts them as line breaks while editors (and our snippets) do not, so every
/// location after one would be off. Lines are counted as YAML does (`\r\n`, `\n`, lone `\r`).
fn check_characters(file: &str, src: &str) -> Result<(), ScenarioError> {
    let (mut line, mut column, mut prev_cr) = (1usize, 1usize, false);
    for c in src.chars() {
        let message = match c {
            '\u{85}' | '\u{2028}' | '\u{2029}' => Some(format!(
                "the file contains U+{:04X}, a line break in YAML 1.1 but not in editors; \
                 replace it with a plain line break or a space",
                u32::from(c)
            )),
            '\t' | '\n' | '\r' => None,
            c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => Some(format!(
                "the file contains the control character U+{:04X}, which YAML does not allow; \
                 is it a binary file?",
                u32::from(c)
            )),
            _ => None,
        };
        if let Some(message) = message {
            return Err(ScenarioError {
                file: file.to_string(),
                line: Some(line),
                column: Some(column),
                field: String::new(),
                message,
                help: None,
            });
        }
        match c {
            '\n' if prev_cr => {}
            '\n' | '\r' => (line, column) = (line + 1, 1),
            _ => column += 1,
        }
        prev_cr = c == '\r';
    }
    Ok(())
}

/// Cheap structural checks before deserializing: not empty, a mapping at the top, and no alias
/// bombs or absurd nesting. A syntax error is returned as `Ok(Some(_))` for the caller to use if
/// deserialization fails too.
fn check_shape(file: &str, src: &str) -> Result<Option<ScenarioError>, ScenarioError> {
    let empty = || {
        ScenarioError::whole_file(
            file,
            "the scenario is empty; expected a mapping with at least `name`, `duration` and `apps`",
        )
    };
    let mut parser = Parser::new_from_str(src);
    let (mut aliases, mut documents, mut seen_top) = (0usize, 0usize, false);
    // Expanded node counts: `nodes` so far (aliases counted as what they stand for), each open
    // collection's anchor and count at its start, each anchor's expanded size.
    let (mut nodes, mut alias_nodes) = (0u64, 0u64);
    let mut open: Vec<(usize, u64)> = Vec::new();
    let mut anchors: BTreeMap<usize, u64> = BTreeMap::new();
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(next) => next,
            Err(e) => {
                let m = e.marker();
                if e.info().contains("recursion limit") {
                    // The YAML library's own depth guard, a little past ours: same message.
                    return Err(ScenarioError {
                        file: file.to_string(),
                        line: Some(m.line().max(1)),
                        column: Some(m.col().saturating_add(1)),
                        field: String::new(),
                        message: format!("the document nests deeper than {MAX_DEPTH} levels"),
                        help: None,
                    });
                }
                return Ok(Some(ScenarioError {
                    file: file.to_string(),
                    line: Some(m.line().max(1)),
                    column: Some(m.col().saturating_add(1)),
                    field: String::new(),
                    message: format!("invalid YAML: {}", e.info()),
                    help: Some(
                        "the syntax breaks at or before this point; an unclosed `[`, `{` or quote \
                         is a common cause"
                            .into(),
                    ),
                }));
            }
        };
        let at = |message: String| ScenarioError {
            file: file.to_string(),
            line: Some(mark.line().max(1)),
            column: Some(mark.col().saturating_add(1)),
            field: String::new(),
            message,
            help: None,
        };
        let top = !seen_top && open.is_empty();
        match event {
            Event::StreamEnd if !seen_top => return Err(empty()),
            Event::StreamEnd => return Ok(None),
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Err(at(
                        "a scenario is a single YAML document, but a second one starts here \
                         (`---`)"
                            .into(),
                    ));
                }
            }
            Event::Scalar(ref value, _, _, _) if top => {
                let blank = matches!(value.trim(), "" | "~" | "null" | "Null" | "NULL");
                return Err(if blank {
                    empty()
                } else {
                    at("the scenario must be a mapping (`name: ...`, `duration: ...`), found a scalar".into())
                });
            }
            Event::SequenceStart(..) if top => {
                return Err(at(
                    "the scenario must be a mapping (`name: ...`, `duration: ...`), found a list"
                        .into(),
                ));
            }
            Event::Alias(_) if top => {
                return Err(at("the scenario must be a mapping, found an alias".into()));
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                seen_top = true;
                open.push((anchor, nodes));
                nodes = nodes.saturating_add(1);
                if open.len() > MAX_DEPTH {
                    return Err(at(format!(
                        "the document nests deeper than {MAX_DEPTH} levels"
                    )));
                }
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((anchor, start)) = open.pop() {
                    if anchor > 0 {
                        anchors.insert(anchor, nodes.saturating_sub(start));
                    }
                }
            }
            Event::Scalar(_, _, anchor, _) => {
                nodes = nodes.saturating_add(1);
                if anchor > 0 {
                    anchors.insert(anchor, 1);
                }
            }
            Event::Alias(anchor) => {
                aliases += 1;
                if aliases > MAX_ALIASES {
                    return Err(at(format!(
                        "the document uses more than {MAX_ALIASES} aliases"
                    )));
                }
                let size = anchors.get(&anchor).copied().unwrap_or(1);
                nodes = nodes.saturating_add(size);
                alias_nodes = alias_nodes.saturating_add(size);
                if alias_nodes > MAX_ALIAS_NODES {
                    return Err(at(format!(
                        "the aliases in this document expand to more than {MAX_ALIAS_NODES} \
                         values (an alias bomb?)"
                    )));
                }
            }
            _ => {}
        }
    }
}

fn build(
    cx: &Cx<'_>,
    raw: RawScenario,
    seed_override: Option<u64>,
) -> Result<Scenario, ScenarioError> {
    if raw.name.trim().is_empty() {
        return Err(cx.err("name", "the name is empty; expected a one-line title"));
    }
    let duration = raw.duration;
    if duration == SimDuration::ZERO || duration > MAX_DURATION {
        return Err(cx.err(
            "duration",
            format!("expected a duration more than 0s and at most 365d, found {duration}"),
        ));
    }
    let policy = policy(cx, &raw)?;
    let device = validate_device::device(cx, raw.device.unwrap_or_default())?;
    if raw.apps.is_empty() {
        return Err(cx.err("apps", "a scenario needs at least one app under `apps:`"));
    }
    let (apps, index) = apps(cx, &raw.apps)?;
    let (jobs, job_keys) = validate_jobs::jobs(cx, &index, &raw.jobs)?;
    if raw.timeline.len() > MAX_TIMELINE {
        return Err(cx.err(
            &format!("timeline[{MAX_TIMELINE}]"),
            format!(
                "the timeline has {} entries; at most {MAX_TIMELINE} are accepted",
                raw.timeline.len()
            ),
        ));
    }
    let timeline =
        validate_actions::timeline(cx, &index, &job_keys, &device, duration, raw.timeline)?;
    let workloads = validate_jobs::workloads(cx, &index, &job_keys, duration, &raw.workloads)?;
    Ok(Scenario {
        name: raw.name,
        description: raw.description.unwrap_or_default(),
        seed: seed_override.or(raw.seed).unwrap_or(0),
        duration,
        policy,
        device,
        apps,
        jobs,
        timeline,
        workloads,
    })
}

fn policy(cx: &Cx<'_>, raw: &RawScenario) -> Result<Policy, ScenarioError> {
    let defaults = Flags::default();
    let flags = raw.flags.as_ref().map_or(defaults, |f| Flags {
        handle_abandoned_jobs: f
            .handle_abandoned_jobs
            .unwrap_or(defaults.handle_abandoned_jobs),
        thermal_restrictions_to_fgs_jobs: f
            .thermal_restrictions_to_fgs_jobs
            .unwrap_or(defaults.thermal_restrictions_to_fgs_jobs),
        adjust_quota_default_constants: f
            .adjust_quota_default_constants
            .unwrap_or(defaults.adjust_quota_default_constants),
        force_batching: f.force_batching.unwrap_or(defaults.force_batching),
    });
    let mut tunables = Tunables::default();
    for (name, value) in &raw.policy {
        let field = format!("policy.{name}");
        tunables.set(name, value.0).map_err(|e| match e {
            crate::policy::TunableError::Unknown(_) => cx.key_err(&field, e.to_string()),
            crate::policy::TunableError::Type(..) => {
                cx.err(&field, format!("{e}, found {}", value.0))
            }
        })?;
    }
    crate::policy::quota::apply_default_constants(
        &mut tunables,
        flags.adjust_quota_default_constants,
        |name| raw.policy.contains_key(name),
    );
    tunables.finish();
    let platform = match raw.platform {
        None | Some(RawPlatform::Android16) => Platform::Android16,
        Some(RawPlatform::Android14) => Platform::Android14,
    };
    Ok(Policy {
        tunables,
        platform,
        flags,
    })
}

fn apps(cx: &Cx<'_>, raw: &[RawApp]) -> Result<(Vec<AppSpec>, AppIndex), ScenarioError> {
    let mut by_package: BTreeMap<String, AppIdx> = BTreeMap::new();
    let mut uids: BTreeMap<u32, usize> = BTreeMap::new();
    let mut specs = Vec::with_capacity(raw.len());
    for (i, a) in raw.iter().enumerate() {
        let f = |s: &str| format!("apps[{i}].{s}");
        if !is_package_name(&a.package) {
            return Err(cx.err(
                &f("package"),
                format!("`{}` is not a package name; expected dot-separated parts of letters, digits and `_`, such as com.example.app", a.package),
            ));
        }
        if let Some(first) = by_package.insert(a.package.clone(), i) {
            return Err(cx.err(
                &f("package"),
                format!(
                    "package `{}` is listed twice (first at apps[{first}])",
                    a.package
                ),
            ));
        }
        let default_uid = u32::try_from(i)
            .ok()
            .and_then(|i| 10_100u32.checked_add(i))
            .unwrap_or(u32::MAX);
        let uid = a.uid.unwrap_or(default_uid);
        if let Some(first) = uids.insert(uid, i) {
            return Err(cx
                .err(
                    &f("uid"),
                    format!("uid {uid} is also the uid of apps[{first}]; uids must be unique"),
                )
                .with_help("apps without `uid` get 10100 + their index in `apps`"));
        }
        for (j, p) in a.permissions.iter().enumerate() {
            if !RUNTIME_PERMISSIONS.contains(&p.as_str()) {
                return Err(cx.err(
                    &format!("apps[{i}].permissions[{j}]"),
                    format!(
                        "unknown runtime permission `{p}`; known: {}",
                        RUNTIME_PERMISSIONS.join(", ")
                    ),
                ));
            }
        }
        for name in a.denied.keys() {
            let field = format!("apps[{i}].denied.{name}");
            if !RUNTIME_PERMISSIONS.contains(&name.as_str()) {
                return Err(cx.key_err(
                    &field,
                    format!(
                        "unknown runtime permission `{name}`; known: {}",
                        RUNTIME_PERMISSIONS.join(", ")
                    ),
                ));
            }
            if a.permissions.contains(name) {
                return Err(cx.key_err(
                    &field,
                    format!("`{name}` is both granted (in `permissions`) and denied"),
                ));
            }
        }
        for (j, p) in a.undeclared.iter().enumerate() {
            if !NORMAL_PERMISSIONS.contains(&p.as_str()) {
                return Err(cx.err(
                    &format!("apps[{i}].undeclared[{j}]"),
                    format!(
                        "unknown normal permission `{p}`; known: {}",
                        NORMAL_PERMISSIONS.join(", ")
                    ),
                ));
            }
        }
        let uij = "RUN_USER_INITIATED_JOBS";
        let run_user_initiated_jobs = if a.permissions.iter().any(|p| p == uij) {
            PermissionState::Granted
        } else if a.denied.get(uij) == Some(&RawDenial::Soft) {
            PermissionState::SoftDenied
        } else {
            PermissionState::HardDenied
        };
        let declared = |p: &str| !a.undeclared.iter().any(|u| u == p);
        specs.push(AppSpec {
            package: a.package.clone(),
            uid,
            target_sdk: a.target_sdk.unwrap_or(35),
            run_user_initiated_jobs,
            access_network_state: declared("ACCESS_NETWORK_STATE"),
            receive_boot_completed: declared("RECEIVE_BOOT_COMPLETED"),
            bucket: validate_device::bucket(a.bucket.unwrap_or(raw::RawBucket::Active)),
            background_restricted: a.background_restricted.unwrap_or(false),
            power_allowlisted: a.power_allowlisted.unwrap_or(false),
            data_saver_allowlisted: a.data_saver_allowlisted.unwrap_or(false),
            foreground_service: a.foreground_service.unwrap_or(false),
            foreground_memory: validate_device::memory(
                a.foreground_memory.unwrap_or(RawMemory::Normal),
            ),
            estimated_launch_in: a.estimated_launch_in,
        });
    }
    let packages = raw.iter().map(|a| a.package.clone()).collect();
    Ok((
        specs,
        AppIndex {
            by_package,
            packages,
        },
    ))
}

/// Dot-separated parts of ASCII letters, digits and `_`, at least two parts, starting with a letter.
fn is_package_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.contains('.')
        && s.split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
}
