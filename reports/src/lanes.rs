//! Job lanes: each job's life cut into segments by state (waiting on constraints, queued for a
//! slot, in backoff, running), with a mark at every stop. The timeline chart and the Perfetto
//! export both draw from these, so the two always agree about what a job was doing when.

use sim_core::engine::Stamped;
use sim_core::model::Record;
use sim_core::time::SimTime;
use std::collections::BTreeMap;

/// How a run was treated: the chart colours the three differently because their guarantees and
/// limits differ (UIDT 6 h / 12 h, EJ 3 / 10 min, regular 10 / 30 min).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RunClass {
    Regular,
    Expedited,
    UserInitiated,
}

impl RunClass {
    pub fn label(self) -> &'static str {
        match self {
            Self::Regular => "regular",
            Self::Expedited => "expedited",
            Self::UserInitiated => "user-initiated",
        }
    }
}

/// What a job was doing during a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum State {
    /// Waiting for constraints or device state (the segment lists the pending reasons).
    Waiting,
    /// Ready, waiting only for a free execution slot.
    Queued,
    /// Rescheduled and not yet allowed to run again (backoff or a periodic window).
    Backoff,
    Running(RunClass),
}

impl State {
    pub fn label(self) -> &'static str {
        match self {
            Self::Waiting => "waiting",
            Self::Queued => "queued",
            Self::Backoff => "backoff",
            Self::Running(RunClass::Regular) => "running",
            Self::Running(RunClass::Expedited) => "running (expedited)",
            Self::Running(RunClass::UserInitiated) => "running (user-initiated)",
        }
    }
}

/// A stop the platform sent, with both reasons.
#[derive(Clone, Debug, PartialEq)]
pub struct StopMark {
    pub at: SimTime,
    pub reason: &'static str,
    pub code: i32,
    pub internal: &'static str,
    pub attempt: u32,
}

/// One span of a job in one state.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    pub start: SimTime,
    pub end: SimTime,
    pub state: State,
    /// The run number (`attempt` of `job_started`), 0 before the first run.
    pub attempt: u32,
    /// Pending reasons while waiting or queued.
    pub reasons: Vec<&'static str>,
    /// The stop that ended a run, if the platform stopped it.
    pub stop: Option<StopMark>,
}

/// Everything one job lane shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lane {
    pub app: String,
    pub namespace: Option<String>,
    pub id: i32,
    pub kind: String,
    pub segments: Vec<Segment>,
    pub stops: Vec<StopMark>,
    /// Schedule calls the platform refused: (time, result, message).
    pub rejections: Vec<(SimTime, &'static str, String)>,
    /// Content changes that reached the job's trigger URIs: (time, changed URI).
    pub content_changes: Vec<(SimTime, String)>,
}

/// The device conditions that also make a job report `PENDING_JOB_REASON_DEVICE_STATE`; when none
/// holds, that reason alone means the job is ready and only waits for a slot (`QUEUED`).
#[derive(Default)]
struct DeviceBlock {
    dozing: bool,
    saver: bool,
    hot: bool,
}

impl DeviceBlock {
    fn any(&self) -> bool {
        self.dozing || self.saver || self.hot
    }
}

type Key = sim_core::model::JobRefKey;

/// Builds one lane per job, ordered by app, namespace and id (the order of [`crate::Summary`]).
pub fn lanes(records: &[Stamped<Record>], end: SimTime) -> Vec<Lane> {
    let mut builders: BTreeMap<Key, Builder> = BTreeMap::new();
    let mut dev = DeviceBlock::default();
    for rec in records {
        match &rec.record {
            Record::Doze { state, .. } => dev.dozing = state.is_dozing(),
            Record::BatterySaver { on } => dev.saver = *on,
            Record::Thermal { status, .. } => dev.hot = !matches!(*status, "NONE" | "LIGHT"),
            _ => {}
        }
        if let Record::ContentChanged { uri, jobs } = &rec.record {
            for jr in jobs {
                let b = builders.entry(jr.key()).or_insert_with(|| Builder::new(jr));
                b.lane.content_changes.push((rec.t_ms, uri.clone()));
            }
        }
        let Some(jr) = rec.record.job() else { continue };
        let key = jr.key();
        let b = builders.entry(key).or_insert_with(|| Builder::new(jr));
        b.apply(rec.t_ms, &rec.record, &dev);
    }
    builders
        .into_values()
        .map(|mut b| {
            b.advance(end);
            b.close(end);
            b.lane
        })
        .collect()
}

/// A segment still open.
struct Open {
    start: SimTime,
    state: State,
    reasons: Vec<&'static str>,
}

struct Builder {
    lane: Lane,
    open: Option<Open>,
    attempt: u32,
    backoff_until: SimTime,
    /// The pending reasons reported during a backoff, shown once the backoff ends.
    after_backoff: Option<(State, Vec<&'static str>)>,
    stop: Option<StopMark>,
}

impl Builder {
    fn new(jr: &sim_core::model::JobRef) -> Self {
        Builder {
            lane: Lane {
                app: jr.app.to_string(),
                namespace: jr.namespace.as_deref().map(str::to_string),
                id: jr.job,
                ..Default::default()
            },
            open: None,
            attempt: 0,
            backoff_until: SimTime::ZERO,
            after_backoff: None,
            stop: None,
        }
    }

    fn running(&self) -> bool {
        matches!(
            self.open,
            Some(Open {
                state: State::Running(_),
                ..
            })
        )
    }

    fn apply(&mut self, t: SimTime, rec: &Record, dev: &DeviceBlock) {
        self.advance(t);
        match rec {
            Record::JobScheduled {
                kind,
                result,
                message,
                ..
            } => {
                self.lane.kind = kind.label().to_string();
                if *result != "RESULT_SUCCESS" {
                    let msg = message.clone().unwrap_or_default();
                    self.lane.rejections.push((t, *result, msg));
                }
                if *result == "RESULT_SUCCESS" && !self.running() && self.open.is_none() {
                    self.open_at(t, State::Waiting, Vec::new());
                }
            }
            Record::JobPending { reasons, .. } if !self.running() => {
                let queued = reasons[..] == ["PENDING_JOB_REASON_DEVICE_STATE"] && !dev.any();
                let state = if queued {
                    State::Queued
                } else {
                    State::Waiting
                };
                if self.in_backoff() {
                    self.after_backoff = Some((state, reasons.to_vec()));
                } else {
                    self.close(t);
                    self.open_at(t, state, reasons.to_vec());
                }
            }
            Record::JobStarted {
                attempt,
                user_initiated,
                expedited,
                ..
            } => {
                self.close(t);
                self.attempt = *attempt;
                let class = match (*user_initiated, *expedited) {
                    (true, _) => RunClass::UserInitiated,
                    (false, true) => RunClass::Expedited,
                    _ => RunClass::Regular,
                };
                self.open_at(t, State::Running(class), Vec::new());
            }
            Record::JobStopped {
                reason,
                reason_code,
                internal_reason,
                on_stop_job,
                ..
            } => {
                let mark = StopMark {
                    at: t,
                    reason: reason.name(),
                    code: *reason_code,
                    internal: internal_reason.name(),
                    attempt: self.attempt,
                };
                self.lane.stops.push(mark.clone());
                self.stop = Some(mark);
                if !on_stop_job {
                    self.close(t);
                }
            }
            Record::JobFinished { .. }
            | Record::JobDropped { .. }
            | Record::JobCancelled { .. }
            | Record::JobCompleted { .. } => self.close(t),
            Record::JobRescheduled { earliest_ms, .. } => {
                self.close(t);
                let until = SimTime::from_millis(*earliest_ms);
                if until > t {
                    self.backoff_until = until;
                    self.open_at(t, State::Backoff, Vec::new());
                } else {
                    self.open_at(t, State::Waiting, Vec::new());
                }
            }
            _ => {}
        }
    }

    fn in_backoff(&self) -> bool {
        matches!(
            self.open,
            Some(Open {
                state: State::Backoff,
                ..
            })
        )
    }

    /// Ends a backoff that ran out before `t`, continuing with the reasons reported during it.
    fn advance(&mut self, t: SimTime) {
        if self.in_backoff() && t >= self.backoff_until {
            let until = self.backoff_until;
            self.close(until);
            let (state, reasons) = self
                .after_backoff
                .take()
                .unwrap_or((State::Waiting, Vec::new()));
            self.open_at(until, state, reasons);
        }
    }

    fn open_at(&mut self, t: SimTime, state: State, reasons: Vec<&'static str>) {
        self.open = Some(Open {
            start: t,
            state,
            reasons,
        });
    }

    fn close(&mut self, t: SimTime) {
        let Some(open) = self.open.take() else { return };
        let is_run = matches!(open.state, State::Running(_));
        let stop = if is_run { self.stop.take() } else { None };
        if t > open.start || is_run {
            self.lane.segments.push(Segment {
                start: open.start,
                end: t.max(open.start),
                state: open.state,
                attempt: self.attempt,
                reasons: open.reasons,
                stop,
            });
        }
        if !is_run {
            self.after_backoff = None;
        }
    }
}
