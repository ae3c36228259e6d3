//! Generators for `tests/properties.rs`: mutations of real files, YAML-ish noise, and small
//! valid scenarios written as YAML text (the loader is part of what a scenario goes through,
//! so the model is fed exactly what a user would write).

use proptest::prelude::*;
use proptest::sample::Index;

/// Fragments that YAML and the scenario format give meaning to, so that random text reaches
/// deep into the parser rather than failing at the first byte.
const TOKENS: &[&str] = &[
    "name",
    "duration",
    "apps",
    "jobs",
    "timeline",
    "workloads",
    "device",
    "policy",
    "package",
    "com.example.a",
    ":",
    ": ",
    " ",
    "  ",
    "\n",
    "\n  ",
    "\n  - ",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a",
    "*a",
    "&b ",
    "*b",
    "'",
    "\"",
    "#",
    "|",
    ">",
    "!!str",
    "!!map",
    "? ",
    "%YAML 1.2",
    "---",
    "...",
    "\t",
    "\r",
    "\r\n",
    "\u{feff}",
    "é",
    "0",
    "1",
    "-1",
    "1h",
    "90s",
    "2GiB",
    "20Mbps",
    "80%",
    "25C",
    "4500mAh",
    "200mA",
    "99999999999999999999",
    "1e309",
    "~",
    "null",
    "true",
    "on",
    "at",
    "at: 1s",
    "schedule",
    "app",
    "id",
    "kind",
    "user_initiated",
    "count",
    "first_id",
    "arrivals",
    "poisson",
    "every",
    "sizes",
    "lognormal",
    "uniform",
    "<<",
    "\\u0000",
    "\\x",
    "\u{85}",
    "\u{2028}",
];

/// One edit of a file's bytes.
#[derive(Clone, Debug)]
pub enum Mutation {
    FlipBit(Index, u8),
    Delete(Index, u8),
    InsertBytes(Index, Vec<u8>),
    InsertToken(Index, Index),
    SwapLines(Index, Index),
    DuplicateLine(Index),
    Truncate(Index),
}

impl Arbitrary for Mutation {
    type Parameters = ();
    type Strategy = BoxedStrategy<Mutation>;

    fn arbitrary_with((): ()) -> Self::Strategy {
        prop_oneof![
            (any::<Index>(), 0u8..8).prop_map(|(p, b)| Mutation::FlipBit(p, b)),
            (any::<Index>(), 1u8..40).prop_map(|(p, n)| Mutation::Delete(p, n)),
            (any::<Index>(), prop::collection::vec(any::<u8>(), 1..8))
                .prop_map(|(p, b)| Mutation::InsertBytes(p, b)),
            (any::<Index>(), any::<Index>()).prop_map(|(p, t)| Mutation::InsertToken(p, t)),
            (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
            any::<Index>().prop_map(Mutation::DuplicateLine),
            any::<Index>().prop_map(Mutation::Truncate),
        ]
        .boxed()
    }
}

/// Applies `mutations` in order to a copy of `src`.
pub fn mutate(src: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut b = src.to_vec();
    for m in mutations {
        let at = |i: &Index, len: usize| i.index(len + 1);
        match m {
            Mutation::FlipBit(p, bit) if !b.is_empty() => {
                let i = p.index(b.len());
                b[i] ^= 1 << bit;
            }
            Mutation::Delete(p, n) if !b.is_empty() => {
                let i = p.index(b.len());
                let end = (i + usize::from(*n)).min(b.len());
                b.drain(i..end);
            }
            Mutation::InsertBytes(p, bytes) => {
                let i = at(p, b.len());
                b.splice(i..i, bytes.iter().copied());
            }
            Mutation::InsertToken(p, t) => {
                let i = at(p, b.len());
                b.splice(i..i, TOKENS[t.index(TOKENS.len())].bytes());
            }
            Mutation::SwapLines(x, y) | Mutation::DuplicateLine(x @ y) => {
                let mut lines: Vec<Vec<u8>> =
                    b.split(|c| *c == b'\n').map(<[u8]>::to_vec).collect();
                let (i, j) = (x.index(lines.len()), y.index(lines.len()));
                if matches!(m, Mutation::SwapLines(..)) {
                    lines.swap(i, j);
                } else {
                    let line = lines[i].clone();
                    lines.insert(i, line);
                }
                b = lines.join(&b'\n');
            }
            Mutation::Truncate(p) => b.truncate(at(p, b.len())),
            _ => {}
        }
    }
    b
}

/// Random text made of YAML and scenario fragments.
pub fn yamlish() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<Index>(), 0..120).prop_map(|picks| {
        picks
            .iter()
            .map(|i| TOKENS[i.index(TOKENS.len())])
            .collect()
    })
}

/// An app of a generated scenario.
#[derive(Clone, Debug)]
pub struct AppShape {
    pub permission: bool,
    pub bucket: u8,
    pub foreground_service: bool,
}

/// A job of a generated scenario.
#[derive(Clone, Debug)]
pub struct JobShape {
    pub app: u8,
    pub kind: u8,
    pub network: u8,
    /// charging, battery_not_low, device_idle, persisted, checkpoint, on_stop drop.
    pub flags: [bool; 6],
    pub delay_s: Option<u16>,
    pub deadline_s: Option<u16>,
    pub periodic: bool,
    /// Download and upload in MB, CPU in seconds.
    pub work: (u16, u16, u16),
    pub failure: u8,
    pub hang: u8,
    pub schedule_at_s: u32,
}

/// A timeline entry of a generated scenario: when, which action, two parameters.
#[derive(Clone, Debug)]
pub struct ActionShape {
    pub at_s: u32,
    pub kind: u8,
    pub a: u8,
    pub b: u8,
}

/// A small valid scenario.
#[derive(Clone, Debug)]
pub struct ScenarioShape {
    pub seed: u64,
    pub duration_min: u16,
    pub screen_on: bool,
    pub low_limit: bool,
    pub network: u8,
    /// Initial memory pressure and power source.
    pub memory: u8,
    pub plugged: bool,
    pub apps: Vec<AppShape>,
    pub jobs: Vec<JobShape>,
    pub timeline: Vec<ActionShape>,
}

fn app_shape() -> impl Strategy<Value = AppShape> {
    (any::<bool>(), 0u8..7, prop::bool::weighted(0.2)).prop_map(
        |(permission, bucket, foreground_service)| AppShape {
            permission,
            bucket,
            foreground_service,
        },
    )
}

fn job_shape() -> impl Strategy<Value = JobShape> {
    (
        (
            0u8..3,
            0u8..3,
            0u8..5,
            // Rare constraints that would keep most jobs waiting for the whole run.
            (
                prop::bool::weighted(0.15),
                any::<bool>(),
                prop::bool::weighted(0.1),
                any::<bool>(),
                any::<bool>(),
                prop::bool::weighted(0.3),
            )
                .prop_map(|(a, b, c, d, e, f)| [a, b, c, d, e, f]),
        ),
        (
            prop::option::weighted(0.2, 0u16..600),
            prop::option::weighted(0.2, 0u16..3600),
            prop::bool::weighted(0.15),
        ),
        (0u16..400, 0u16..50, 0u16..1200),
        (0u8..4, 0u8..12, 0u32..3600),
    )
        .prop_map(
            |(
                (app, kind, network, flags),
                (delay_s, deadline_s, periodic),
                work,
                (failure, hang, at),
            )| {
                JobShape {
                    app,
                    kind,
                    network,
                    flags,
                    delay_s,
                    deadline_s,
                    periodic,
                    work,
                    failure,
                    hang,
                    schedule_at_s: at,
                }
            },
        )
}

fn action_shape() -> impl Strategy<Value = ActionShape> {
    (0u32..14_400, 0u8..27, any::<u8>(), any::<u8>()).prop_map(|(at_s, kind, a, b)| ActionShape {
        at_s,
        kind,
        a,
        b,
    })
}

impl Arbitrary for ScenarioShape {
    type Parameters = ();
    type Strategy = BoxedStrategy<ScenarioShape>;

    fn arbitrary_with((): ()) -> Self::Strategy {
        (
            (
                any::<u64>(),
                10u16..240,
                any::<bool>(),
                any::<bool>(),
                0u8..4,
                0u8..4,
                any::<bool>(),
            ),
            prop::collection::vec(app_shape(), 1..=3),
            prop::collection::vec(job_shape(), 1..=8),
            prop::collection::vec(action_shape(), 0..=12),
        )
            .prop_map(
                |(
                    (seed, duration_min, screen_on, low_limit, network, memory, plugged),
                    apps,
                    jobs,
                    timeline,
                )| {
                    ScenarioShape {
                        seed,
                        duration_min,
                        screen_on,
                        low_limit,
                        network,
                        memory,
                        plugged,
                        apps,
                        jobs,
                        timeline,
                    }
                },
            )
            .boxed()
    }
}

const BUCKETS: [&str; 7] = [
    "exempted",
    "active",
    "working_set",
    "frequent",
    "rare",
    "restricted",
    "never",
];
const NETWORKS: [&str; 4] = ["none", "wifi", "cellular", "ethernet"];
const MEMORY: [&str; 4] = ["normal", "moderate", "low", "critical"];

fn pick<'a>(options: &[&'a str], i: u8) -> &'a str {
    options[usize::from(i) % options.len()]
}

/// The scenario as YAML text.
pub fn scenario_text(s: &ScenarioShape) -> String {
    let n_apps = s.apps.len();
    let pkg = |i: u8| format!("com.example.a{}", usize::from(i) % n_apps);
    let mut y = format!(
        "name: generated\nseed: {}\nduration: {}m\n",
        s.seed, s.duration_min
    );
    if s.low_limit {
        y.push_str("policy: { concurrency_limit: 8 }\n");
    }
    y.push_str(&format!(
        "device: {{ screen: {}, network: {}, memory: {}, plugged: {} }}\napps:\n",
        if s.screen_on { "on" } else { "off" },
        pick(&NETWORKS, s.network),
        pick(&MEMORY, s.memory),
        if s.plugged { "ac" } else { "none" },
    ));
    for (i, a) in s.apps.iter().enumerate() {
        y.push_str(&format!(
            "  - {{ package: com.example.a{i}, bucket: {}, foreground_service: {}{} }}\n",
            pick(&BUCKETS, a.bucket),
            a.foreground_service,
            if a.permission {
                ", permissions: [RUN_USER_INITIATED_JOBS]"
            } else {
                ""
            }
        ));
    }
    y.push_str("jobs:\n");
    for (i, j) in s.jobs.iter().enumerate() {
        y.push_str(&job_text(&pkg(j.app), i + 1, j));
    }
    let end_s = u32::from(s.duration_min) * 60;
    y.push_str(&format!(
        "timeline:\n  - {{ at: 0s, foreground: {} }}\n",
        pkg(0)
    ));
    for (i, j) in s.jobs.iter().enumerate() {
        y.push_str(&format!(
            "  - {{ at: {}s, schedule: {{ app: {}, job: {} }} }}\n",
            j.schedule_at_s % end_s,
            pkg(j.app),
            i + 1
        ));
    }
    for a in &s.timeline {
        let job = usize::from(a.a) % s.jobs.len();
        let job_app = pkg(s.jobs[job].app);
        let body = action_text(a, &pkg(a.a), &job_app, job + 1);
        y.push_str(&format!("  - {{ at: {}s, {body} }}\n", a.at_s % end_s));
    }
    y
}

fn job_text(app: &str, id: usize, j: &JobShape) -> String {
    let kinds = ["regular", "expedited", "user_initiated"];
    let networks = ["none", "any", "unmetered", "not_roaming", "cellular"];
    let [charging, battery_not_low, idle, persisted, checkpoint, drop] = j.flags;
    let mut t = format!(
        "  - {{ app: {app}, id: {id}, kind: {}, network: {}, charging: {charging}, \
         battery_not_low: {battery_not_low}, device_idle: {idle}, persisted: {persisted}, \
         checkpoint: {checkpoint}, on_stop: {}, failure_rate: {}, \
         work: {{ download: {}MB, upload: {}MB, cpu: {}s }}",
        pick(&kinds, j.kind),
        pick(&networks, j.network),
        if drop { "drop" } else { "reschedule" },
        [0.0, 0.0, 0.1, 0.5][usize::from(j.failure % 4)],
        j.work.0,
        j.work.1,
        j.work.2,
    );
    if let Some(d) = j.delay_s {
        t.push_str(&format!(", delay: {d}s"));
    }
    if let Some(d) = j.deadline_s {
        t.push_str(&format!(", deadline: {d}s"));
    }
    if j.periodic {
        t.push_str(", periodic: { interval: 15m, flex: 5m }");
    }
    match j.hang {
        0 => t.push_str(", responses: { start: hang }"),
        1 => t.push_str(", responses: { stop: hang }"),
        2 => t.push_str(", responses: { bind: hang }"),
        _ => {}
    }
    t.push_str(" }\n");
    t
}

/// One action of the timeline list in `scenarios/README.md`.
fn action_text(a: &ActionShape, app: &str, job_app: &str, job: usize) -> String {
    let on = if a.b.is_multiple_of(2) { "on" } else { "off" };
    let job_ref = format!("{{ app: {job_app}, job: {job} }}");
    match a.kind {
        0 if a.b % 4 == 3 => "foreground: launcher".into(),
        0 => format!("foreground: {app}"),
        1 => format!("schedule: {job_ref}"),
        2 => format!("enqueue: {{ app: {job_app}, job: {job}, work: {{ download: 1MB }} }}"),
        3 => format!("cancel: {job_ref}"),
        4 => format!("cancel_all: {app}"),
        5 => format!("screen: {on}"),
        6 => format!("plug: {}", pick(&["none", "ac", "usb", "wireless"], a.b)),
        7 => format!(
            "thermal_override: {}",
            pick(
                &[
                    "none",
                    "light",
                    "moderate",
                    "severe",
                    "critical",
                    "emergency",
                    "shutdown",
                    "clear"
                ],
                a.b
            )
        ),
        8 => format!("temperature: {}C", 20 + a.b % 36),
        9 if a.b % 5 == 4 => "network: { type: cellular, metered: true, down: 1Mbps }".into(),
        9 => format!("network: {}", pick(&NETWORKS, a.b)),
        10 if a.b.is_multiple_of(2) => "network_flaps: { mean_up: 5m, mean_down: 20s }".into(),
        10 => "network_flaps: off".into(),
        11 => format!("memory: {}", pick(&MEMORY, a.b)),
        12 => format!("battery_saver: {on}"),
        13 => format!("battery_level: {}%", 1 + a.b % 100),
        14 => format!("doze: {}", pick(&["light", "deep", "unforce"], a.b)),
        15 => format!("storage_free: {}MB", 10 + u32::from(a.b) * 100),
        16 => format!("bucket: {{ app: {app}, bucket: {} }}", pick(&BUCKETS, a.b)),
        17 => format!("background_restricted: {{ app: {app}, on: {on} }}"),
        18 => format!("foreground_service: {{ app: {app}, on: {on} }}"),
        19 => format!("bal_exemption: {{ app: {app}, for: {}s }}", 1 + a.b % 60),
        20 => format!("task_manager_stop: {app}"),
        21 => format!("force_stop: {app}"),
        22 => format!("lmk_kill: {app}"),
        23 => "reboot: {}".into(),
        24 => format!("force_run: {job_ref}"),
        25 => format!("force_timeout: {job_ref}"),
        _ => format!(
            "permission: {{ app: {app}, RUN_USER_INITIATED_JOBS: {} }}",
            pick(&["granted", "soft_denied", "hard_denied"], a.b)
        ),
    }
}
