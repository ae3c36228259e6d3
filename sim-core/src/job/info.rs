//! `JobInfo`: what an app builds with `JobInfo.Builder`, and the builder's validation
//! (`JobInfo.enforceValidity`, reference §1.1–1.2). A JobInfo the builder rejects is not bad
//! scenario input: the app sees `IllegalArgumentException` and the simulation records it.

use crate::time::SimDuration;
use serde::Serialize;

/// Which of the three job kinds the app asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    /// A plain job (`JobInfo.Builder` with neither flag).
    Regular,
    /// `setExpedited(true)`.
    Expedited,
    /// `setUserInitiated(true)`: a user-initiated data transfer job (Android 14+).
    UserInitiated,
}

impl JobKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Regular => "regular",
            Self::Expedited => "expedited",
            Self::UserInitiated => "user_initiated",
        }
    }
}

/// `JobInfo.NETWORK_TYPE_*`: the network the job requires (`None` = no network request).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NetworkRequest {
    None,
    Any,
    Unmetered,
    NotRoaming,
    Cellular,
}

/// `JobInfo.PRIORITY_*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Min = 100,
    Low = 200,
    Default = 300,
    High = 400,
    Max = 500,
}

impl Priority {
    pub fn value(self) -> i32 {
        self as i32
    }
}

/// `JobInfo.BACKOFF_POLICY_*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BackoffPolicy {
    Linear,
    Exponential,
}

/// Backoff criteria as the builder stores them: the initial delay is floored to
/// `MIN_BACKOFF_MILLIS` = 10 s with a warning, not rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    pub policy: BackoffPolicy,
    pub initial: SimDuration,
}

/// `JobInfo.DEFAULT_INITIAL_BACKOFF_MILLIS`.
pub const DEFAULT_INITIAL_BACKOFF: SimDuration = SimDuration::from_secs(30);
/// `JobInfo.MIN_BACKOFF_MILLIS`.
pub const MIN_BACKOFF: SimDuration = SimDuration::from_secs(10);
/// `JobInfo.MIN_PERIOD_MILLIS`: shorter periods are raised to this.
pub const MIN_PERIOD: SimDuration = SimDuration::from_mins(15);
/// `JobInfo.MIN_FLEX_MILLIS`: shorter flex windows are raised to this.
pub const MIN_FLEX: SimDuration = SimDuration::from_mins(5);
/// `JobSchedulerService.MAX_ALLOWED_PERIOD_MS`.
pub const MAX_PERIOD: SimDuration = SimDuration::from_days(365);

impl Default for Backoff {
    fn default() -> Self {
        Self {
            policy: BackoffPolicy::Exponential,
            initial: DEFAULT_INITIAL_BACKOFF,
        }
    }
}

/// A periodic job's interval and flex window, after the builder's clamping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Periodic {
    pub interval: SimDuration,
    pub flex: SimDuration,
}

impl Periodic {
    /// `setPeriodic(interval, flex)`: interval raised to 15 min (capped at 365 days), flex raised
    /// to 5 min and capped at the interval, as `JobInfo.Builder` does.
    pub fn clamped(interval: SimDuration, flex: Option<SimDuration>) -> Self {
        let interval = interval.max(MIN_PERIOD).min(MAX_PERIOD);
        let flex = flex.unwrap_or(interval).max(MIN_FLEX).min(interval);
        Self { interval, flex }
    }
}

/// `JobInfo.TriggerContentUri`: a `content:` URI the job observes, and whether changes to its
/// descendants count (`FLAG_NOTIFY_FOR_DESCENDANTS`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TriggerContentUri {
    pub uri: String,
    pub descendants: bool,
}

/// The JobInfo fields jobsim models.
#[derive(Clone, Debug, PartialEq)]
pub struct JobInfo {
    pub id: i32,
    pub namespace: Option<String>,
    pub kind: JobKind,
    pub network: NetworkRequest,
    pub requires_charging: bool,
    pub requires_battery_not_low: bool,
    pub requires_storage_not_low: bool,
    pub requires_device_idle: bool,
    pub min_latency: Option<SimDuration>,
    pub override_deadline: Option<SimDuration>,
    pub periodic: Option<Periodic>,
    pub persisted: bool,
    pub prefetch: bool,
    /// `None` when the app never called `setPriority`; an explicit `Some(Default)` is different
    /// (reference §12: EJ/UIJ raise only an *unset* DEFAULT to MAX).
    pub priority: Option<Priority>,
    pub backoff: Backoff,
    /// Whether `setBackoffCriteria` was called (it conflicts with `setRequiresDeviceIdle`).
    pub backoff_set: bool,
    pub estimated_download_bytes: Option<u64>,
    pub estimated_upload_bytes: Option<u64>,
    pub minimum_chunk_bytes: Option<u64>,
    /// `addTriggerContentUri`, in the order added (empty: none, `getTriggerContentUris()` null).
    pub trigger_content_uris: Vec<TriggerContentUri>,
    /// `setTriggerContentUpdateDelay`; `None` when never called (the builder's -1). The value
    /// in force is clamped by `policy::content::update_delay`.
    pub trigger_content_update_delay: Option<SimDuration>,
    /// `setTriggerContentMaxDelay`; `None` when never called.
    pub trigger_content_max_delay: Option<SimDuration>,
}

/// The builder rejected the JobInfo: the app's `build()` (or `schedule()`) throws this.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    pub message: String,
}

fn reject<T>(message: impl Into<String>) -> Result<T, BuildError> {
    Err(BuildError {
        message: message.into(),
    })
}

impl JobInfo {
    /// A job with only an id and kind set, as `new JobInfo.Builder(id, service)` would give.
    pub fn new(id: i32, kind: JobKind) -> Self {
        Self {
            id,
            namespace: None,
            kind,
            network: NetworkRequest::None,
            requires_charging: false,
            requires_battery_not_low: false,
            requires_storage_not_low: false,
            requires_device_idle: false,
            min_latency: None,
            override_deadline: None,
            periodic: None,
            persisted: false,
            prefetch: false,
            priority: None,
            backoff: Backoff::default(),
            backoff_set: false,
            estimated_download_bytes: None,
            estimated_upload_bytes: None,
            minimum_chunk_bytes: None,
            trigger_content_uris: Vec::new(),
            trigger_content_update_delay: None,
            trigger_content_max_delay: None,
        }
    }

    pub fn is_user_initiated(&self) -> bool {
        self.kind == JobKind::UserInitiated
    }

    pub fn is_expedited(&self) -> bool {
        self.kind == JobKind::Expedited
    }

    /// `JobStatus.hasContentTriggerConstraint`: at least one trigger content URI.
    pub fn has_content_trigger(&self) -> bool {
        !self.trigger_content_uris.is_empty()
    }

    pub fn has_network(&self) -> bool {
        self.network != NetworkRequest::None
    }

    /// The priority the built JobInfo carries: an unset priority is DEFAULT, raised to MAX for
    /// expedited and user-initiated jobs (`setExpedited`/`setUserInitiated`).
    pub fn priority(&self) -> Priority {
        match (self.priority, self.kind) {
            (Some(p), _) => p,
            (None, JobKind::Regular) => Priority::Default,
            (None, _) => Priority::Max,
        }
    }

    /// `JobInfo.enforceValidity`: the same checks run in `build()` and again in `schedule()`.
    pub fn validate(&self) -> Result<(), BuildError> {
        self.validate_general()?;
        self.validate_priority()?;
        match self.kind {
            JobKind::Regular => Ok(()),
            JobKind::Expedited => self.validate_expedited(),
            JobKind::UserInitiated => self.validate_user_initiated(),
        }
    }

    fn validate_general(&self) -> Result<(), BuildError> {
        let estimated = [self.estimated_download_bytes, self.estimated_upload_bytes];
        if !self.has_network()
            && (estimated.iter().any(Option::is_some) || self.minimum_chunk_bytes.is_some())
        {
            return reject(
                "network byte estimates and a minimum chunk need a required network type",
            );
        }
        if let Some(chunk) = self.minimum_chunk_bytes {
            if chunk == 0 {
                return reject("the minimum network chunk must be positive");
            }
            let total: Option<u64> = estimated
                .iter()
                .flatten()
                .copied()
                .reduce(u64::saturating_add);
            if matches!(total, Some(t) if chunk > t) {
                return reject(
                    "the minimum network chunk cannot exceed the estimated transfer size",
                );
            }
        }
        if self.periodic.is_some()
            && (self.override_deadline.is_some() || self.min_latency.is_some())
        {
            return reject("a periodic job cannot have a deadline or a minimum latency");
        }
        // enforceValidity, in its order: periodic (after deadline and latency), then prefetch,
        // then persisted ("Can't call addTriggerContentUri() on a periodic/persisted job").
        if self.periodic.is_some() && self.has_content_trigger() {
            return reject("a periodic job cannot have trigger content URIs");
        }
        if self.backoff_set && self.requires_device_idle {
            return reject("an idle-mode job cannot set backoff criteria");
        }
        if self.prefetch && self.override_deadline.is_some() {
            return reject("a prefetch job cannot have a deadline");
        }
        if self.persisted && self.has_content_trigger() {
            return reject("a persisted job cannot have trigger content URIs");
        }
        Ok(())
    }

    fn validate_priority(&self) -> Result<(), BuildError> {
        match self.priority() {
            Priority::Max if self.kind == JobKind::Regular => {
                reject("PRIORITY_MAX is only for expedited and user-initiated jobs")
            }
            Priority::High if self.prefetch || self.periodic.is_some() => {
                reject("PRIORITY_HIGH is not allowed for prefetch or periodic jobs")
            }
            _ => Ok(()),
        }
    }

    fn validate_expedited(&self) -> Result<(), BuildError> {
        if self.min_latency.is_some() || self.override_deadline.is_some() {
            return reject("an expedited job cannot have a delay or a deadline");
        }
        if self.periodic.is_some() {
            return reject("an expedited job cannot be periodic");
        }
        if !matches!(self.priority(), Priority::Max | Priority::High) {
            return reject("an expedited job must have PRIORITY_MAX or PRIORITY_HIGH");
        }
        if self.requires_charging || self.requires_battery_not_low || self.requires_device_idle {
            return reject("an expedited job may only require a network and storage not low");
        }
        if self.has_content_trigger() {
            return reject("an expedited job cannot have trigger content URIs");
        }
        Ok(())
    }

    fn validate_user_initiated(&self) -> Result<(), BuildError> {
        if self.min_latency.is_some() {
            return reject("a user-initiated job cannot have a delay");
        }
        if self.override_deadline.is_some() {
            return reject("a user-initiated job cannot have a deadline");
        }
        if self.periodic.is_some() {
            return reject("a user-initiated job cannot be periodic");
        }
        if self.prefetch {
            return reject("a user-initiated job cannot be a prefetch job");
        }
        if self.priority() != Priority::Max {
            return reject("a user-initiated job must have PRIORITY_MAX");
        }
        if self.requires_device_idle {
            return reject("a user-initiated job cannot require device idle");
        }
        if self.has_content_trigger() {
            return reject("a user-initiated job cannot have trigger content URIs");
        }
        if !self.has_network() {
            return reject("a user-initiated data transfer job must request a network type");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uidt() -> JobInfo {
        let mut j = JobInfo::new(1, JobKind::UserInitiated);
        j.network = NetworkRequest::Any;
        j
    }

    #[test]
    fn uidt_defaults_to_max_and_is_valid_with_a_network() {
        assert_eq!(uidt().priority(), Priority::Max);
        assert_eq!(uidt().validate(), Ok(()));
    }

    #[test]
    fn uidt_rejects_each_forbidden_constraint() {
        let cases: [fn(&mut JobInfo); 6] = [
            |j| j.network = NetworkRequest::None,
            |j| j.min_latency = Some(SimDuration::from_secs(1)),
            |j| j.override_deadline = Some(SimDuration::from_secs(1)),
            |j| j.periodic = Some(Periodic::clamped(SimDuration::from_hours(1), None)),
            |j| j.requires_device_idle = true,
            |j| j.priority = Some(Priority::Default),
        ];
        for f in cases {
            let mut j = uidt();
            f(&mut j);
            assert!(j.validate().is_err(), "{j:?}");
        }
    }

    #[test]
    fn uidt_allows_charging_battery_storage_and_persistence() {
        let mut j = uidt();
        j.requires_charging = true;
        j.requires_battery_not_low = true;
        j.requires_storage_not_low = true;
        j.persisted = true;
        assert_eq!(j.validate(), Ok(()));
    }

    #[test]
    fn expedited_rules() {
        let mut j = JobInfo::new(2, JobKind::Expedited);
        assert_eq!(j.validate(), Ok(()));
        j.priority = Some(Priority::High);
        assert_eq!(j.validate(), Ok(()));
        j.requires_charging = true;
        assert!(j.validate().is_err());
        let mut j = JobInfo::new(2, JobKind::Expedited);
        j.priority = Some(Priority::Default);
        assert!(j.validate().is_err());
    }

    #[test]
    fn regular_priority_rules() {
        let mut j = JobInfo::new(3, JobKind::Regular);
        assert_eq!(j.priority(), Priority::Default);
        j.priority = Some(Priority::Max);
        assert!(j.validate().is_err());
        j.priority = Some(Priority::High);
        j.periodic = Some(Periodic::clamped(SimDuration::from_mins(1), None));
        assert!(j.validate().is_err());
    }

    #[test]
    fn periodic_is_clamped_not_rejected() {
        let p = Periodic::clamped(SimDuration::from_mins(1), Some(SimDuration::from_secs(1)));
        assert_eq!(p.interval, SimDuration::from_mins(15));
        assert_eq!(p.flex, SimDuration::from_mins(5));
    }

    fn photos() -> TriggerContentUri {
        TriggerContentUri {
            uri: "content://media/external/images/media".into(),
            descendants: true,
        }
    }

    /// enforceValidity: trigger content URIs are refused on periodic, persisted, expedited and
    /// user-initiated jobs, each with its own message, and allowed on a plain regular job.
    #[test]
    fn content_trigger_rules() {
        let mut j = JobInfo::new(4, JobKind::Regular);
        j.trigger_content_uris.push(photos());
        assert_eq!(j.validate(), Ok(()));
        let mut p = j.clone();
        p.periodic = Some(Periodic::clamped(SimDuration::from_hours(1), None));
        assert!(p.validate().unwrap_err().message.contains("periodic"));
        let mut p = j.clone();
        p.persisted = true;
        assert!(p.validate().unwrap_err().message.contains("persisted"));
        let mut e = JobInfo::new(5, JobKind::Expedited);
        e.trigger_content_uris.push(photos());
        assert!(e.validate().unwrap_err().message.contains("expedited"));
        let mut u = uidt();
        u.trigger_content_uris.push(photos());
        assert_eq!(
            u.validate().unwrap_err().message,
            "a user-initiated job cannot have trigger content URIs"
        );
        // The UIJ checks run in the platform's order: device idle before content triggers,
        // content triggers before the missing network.
        u.network = NetworkRequest::None;
        assert!(u
            .validate()
            .unwrap_err()
            .message
            .contains("trigger content"));
    }

    #[test]
    fn chunk_rules() {
        let mut j = uidt();
        j.estimated_download_bytes = Some(100);
        j.minimum_chunk_bytes = Some(101);
        assert!(j.validate().is_err());
        j.minimum_chunk_bytes = Some(100);
        assert_eq!(j.validate(), Ok(()));
    }
}
