//! Content-trigger jobs (ContentObserverController, reference §3.5): a job with trigger content
//! URIs waits until one of them changes, then for the change reports to settle.
//!
//! What the source does (`controllers/ContentObserverController.java`, `JobStatus.java`):
//! * One `ContentObserver` per `TriggerContentUri` (URI + `FLAG_NOTIFY_FOR_DESCENDANTS`), shared
//!   by every job observing it. Its `onChange(uri)` adds the changed URI to each job's
//!   `JobInstance.mChangedUris` while that set holds fewer than `MAX_URIS_REPORTED` (50) and the
//!   URI's authority to `mChangedAuthorities` (never capped), then calls `scheduleLocked`.
//! * `scheduleLocked`: the first change of a batch sets `mTriggerPending` and posts the timeout
//!   runner at `getTriggerContentMaxDelay()`; every change re-posts the execute runner at
//!   `getTriggerContentUpdateDelay()`, or at once when `mChangedUris` holds
//!   `URIS_URGENT_THRESHOLD` (40) or more. Whichever runner fires first calls `trigger()`, which
//!   satisfies `CONSTRAINT_CONTENT_TRIGGER` and cancels both runners. So the job becomes ready at
//!   `min(last change + update delay, first change + max delay)`.
//! * `JobStatus.getTriggerContentUpdateDelay`: unset (negative) → `DEFAULT_TRIGGER_UPDATE_DELAY`
//!   10 s, else at least `MIN_TRIGGER_UPDATE_DELAY` 500 ms; `getTriggerContentMaxDelay`: unset →
//!   `DEFAULT_TRIGGER_MAX_DELAY` 2 min, else at least `MIN_TRIGGER_MAX_DELAY` 1 s.
//! * Once satisfied the constraint stays satisfied for that JobStatus: it is never a stop reason
//!   (reference §3 table), and only a new JobStatus (a replacement or a reschedule) starts
//!   unsatisfied again, unless it inherits pending changes (`maybeStartTrackingJobLocked`).
//! * `prepareForExecutionLocked` hands the pending URIs and authorities to the run
//!   (`JobParameters.getTriggeredContentUris/Authorities`) and clears them; observing goes on
//!   while the job runs, so changes during a run collect for the next JobStatus.
//! * `maybeStopTrackingJobLocked` with an incoming job (a `schedule()` replacing it, or the
//!   reschedule after a stop) moves the pending changes to it; without one (finished, cancelled)
//!   they are dropped. `rescheduleForFailureLocked` also gives the rescheduled job the URIs its
//!   failed run was given, so they are reported again.
//!
//! Which observers a change reaches is ContentService's `ObserverNode.collectObserversLocked`:
//! the URI is split into segments (authority, then path segments); observers on a proper
//! ancestor of the changed URI are notified only with `notifyForDescendants`, observers on the
//! URI itself always, and observers on any descendant of it always (the walk visits every child
//! below the changed URI's leaf).

use crate::job::{JobInfo, TriggerContentUri};
use crate::policy::Tunables;
use crate::time::{SimDuration, SimTime};

/// `JobStatus.getTriggerContentUpdateDelay`.
pub fn update_delay(info: &JobInfo, t: &Tunables) -> SimDuration {
    match info.trigger_content_update_delay {
        None => SimDuration::from_millis(Tunables::ms(t.default_trigger_update_delay_ms)),
        Some(d) => d.max(SimDuration::from_millis(Tunables::ms(
            t.min_trigger_update_delay_ms,
        ))),
    }
}

/// `JobStatus.getTriggerContentMaxDelay`.
pub fn max_delay(info: &JobInfo, t: &Tunables) -> SimDuration {
    match info.trigger_content_max_delay {
        None => SimDuration::from_millis(Tunables::ms(t.default_trigger_max_delay_ms)),
        Some(d) => d.max(SimDuration::from_millis(Tunables::ms(
            t.min_trigger_max_delay_ms,
        ))),
    }
}

/// The authority of a `scheme://authority/path` URI (`Uri.getAuthority`).
pub fn authority(uri: &str) -> &str {
    let rest = uri.split_once("://").map_or(uri, |(_, r)| r);
    rest.split('/').next().unwrap_or("")
}

/// The segments `ObserverNode` walks: the authority, then the non-empty path segments.
fn segments(uri: &str) -> impl Iterator<Item = &str> {
    let rest = uri.split_once("://").map_or(uri, |(_, r)| r);
    rest.split('/')
        .enumerate()
        .filter(|(i, s)| *i == 0 || !s.is_empty())
        .map(|(_, s)| s)
}

/// Whether an observer registered for `trigger` gets `onChange` when `changed` is notified.
pub fn observes(trigger: &TriggerContentUri, changed: &str) -> bool {
    let mut obs = segments(&trigger.uri);
    let mut chg = segments(changed);
    loop {
        match (obs.next(), chg.next()) {
            // Same node, or the observer sits below the changed URI: always notified.
            (None, None) | (Some(_), None) => return true,
            // The observer sits above the changed URI: only if it wants descendants.
            (None, Some(_)) => return trigger.descendants,
            (Some(a), Some(b)) if a != b => return false,
            _ => {}
        }
    }
}

/// Whether any of the job's trigger URIs observes `changed`.
pub fn job_observes(info: &JobInfo, changed: &str) -> bool {
    info.trigger_content_uris
        .iter()
        .any(|t| observes(t, changed))
}

/// A content-trigger job's `JobInstance` state plus the `changedUris`/`changedAuthorities` its
/// JobStatus carries for the current (or last) run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContentState {
    /// `mChangedUris`, in arrival order, at most `max_uris_reported`.
    pub changed_uris: Vec<String>,
    /// `mChangedAuthorities`; non-empty exactly when changes are pending.
    pub changed_authorities: Vec<String>,
    /// `mTriggerPending`: the first change of the batch whose trigger has not fired.
    pub pending_since: Option<SimTime>,
    /// `CONSTRAINT_CONTENT_TRIGGER` is satisfied.
    pub satisfied: bool,
    /// What `prepareForExecutionLocked` handed to the run (`JobStatus.changedUris`).
    pub reported_uris: Vec<String>,
    /// `JobStatus.changedAuthorities`.
    pub reported_authorities: Vec<String>,
}

fn add(set: &mut Vec<String>, v: &str) {
    if !set.iter().any(|x| x == v) {
        set.push(v.to_string());
    }
}

impl ContentState {
    /// `ObserverInstance.onChange` then `JobInstance.scheduleLocked`: records the change and
    /// returns when `trigger()` runs (update delay after this change, capped at the max delay
    /// after the batch's first change; at once at the urgent threshold).
    pub fn note_change(
        &mut self,
        uri: &str,
        now: SimTime,
        update: SimDuration,
        max: SimDuration,
        t: &Tunables,
    ) -> SimTime {
        let cap = usize::try_from(t.max_uris_reported).unwrap_or(usize::MAX);
        let urgent = usize::try_from(t.uris_urgent_threshold).unwrap_or(usize::MAX);
        if self.changed_uris.len() < cap {
            add(&mut self.changed_uris, uri);
        }
        add(&mut self.changed_authorities, authority(uri));
        let first = *self.pending_since.get_or_insert(now);
        if self.changed_uris.len() >= urgent {
            return now;
        }
        now.saturating_add(update).min(first.saturating_add(max))
    }

    /// `JobInstance.trigger()`: satisfies the constraint if a trigger is pending. Returns
    /// whether anything changed.
    pub fn trigger(&mut self) -> bool {
        if self.pending_since.take().is_none() {
            return false;
        }
        !std::mem::replace(&mut self.satisfied, true)
    }

    /// `prepareForExecutionLocked`: the pending changes go to the run.
    pub fn prepare_for_execution(&mut self) {
        self.reported_uris = std::mem::take(&mut self.changed_uris);
        self.reported_authorities = std::mem::take(&mut self.changed_authorities);
    }

    /// The pending changes, handed to a job that replaces this one
    /// (`maybeStopTrackingJobLocked` with an incoming job); the trigger is unscheduled.
    pub fn take_pending(&mut self) -> (Vec<String>, Vec<String>) {
        self.pending_since = None;
        (
            std::mem::take(&mut self.changed_uris),
            std::mem::take(&mut self.changed_authorities),
        )
    }

    /// The state of a new JobStatus tracked with inherited pending changes
    /// (`maybeStartTrackingJobLocked`): satisfied at once when there are any.
    pub fn inherit(uris: Vec<String>, authorities: Vec<String>) -> Self {
        Self {
            satisfied: !authorities.is_empty(),
            changed_uris: uris,
            changed_authorities: authorities,
            ..Self::default()
        }
    }

    /// The job is rescheduled after a stop: `rescheduleForFailureLocked` carries the URIs its
    /// run was given, the changes seen during the run move over, and tracking starts again
    /// (satisfied at once if either holds anything). The reported URIs are merged without the
    /// cap, as `maybeStartTrackingJobLocked` does.
    pub fn reschedule(&mut self) {
        let (mut uris, mut auths) = self.take_pending();
        for a in std::mem::take(&mut self.reported_authorities) {
            add(&mut auths, &a);
        }
        for u in std::mem::take(&mut self.reported_uris) {
            add(&mut uris, &u);
        }
        *self = Self::inherit(uris, auths);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trig(uri: &str, descendants: bool) -> TriggerContentUri {
        TriggerContentUri {
            uri: uri.into(),
            descendants,
        }
    }

    #[test]
    fn observer_tree_rules() {
        let images = "content://media/external/images/media";
        let one = "content://media/external/images/media/42";
        // Same URI: always.
        assert!(observes(&trig(images, false), images));
        // A child of the observed URI: only with the descendants flag.
        assert!(observes(&trig(images, true), one));
        assert!(!observes(&trig(images, false), one));
        // An ancestor of the observed URI notified: always (every child below the leaf).
        assert!(observes(&trig(one, false), "content://media/external"));
        // Siblings and other authorities: never.
        assert!(!observes(
            &trig(images, true),
            "content://media/external/video/media/1"
        ));
        assert!(!observes(
            &trig(images, true),
            "content://media2/external/images/media"
        ));
        // Empty path segments are ignored, like `Uri.getPathSegments`.
        assert!(observes(
            &trig(images, false),
            "content://media/external//images/media/"
        ));
        assert_eq!(authority(one), "media");
    }

    #[test]
    fn delays_default_and_clamp() {
        let t = Tunables::default();
        let mut info = JobInfo::new(1, crate::job::JobKind::Regular);
        assert_eq!(update_delay(&info, &t), SimDuration::from_secs(10));
        assert_eq!(max_delay(&info, &t), SimDuration::from_mins(2));
        info.trigger_content_update_delay = Some(SimDuration::ZERO);
        info.trigger_content_max_delay = Some(SimDuration::from_millis(999));
        assert_eq!(update_delay(&info, &t), SimDuration::from_millis(500));
        assert_eq!(max_delay(&info, &t), SimDuration::from_secs(1));
    }

    #[test]
    fn batching_caps_and_urgency() {
        let t = Tunables::default();
        let (u, m) = (SimDuration::from_secs(10), SimDuration::from_secs(30));
        let at = SimTime::from_millis;
        let mut c = ContentState::default();
        assert_eq!(c.note_change("content://a/1", at(0), u, m, &t), at(10_000));
        // Each change pushes the trigger to 10 s after it, up to 30 s after the first.
        assert_eq!(
            c.note_change("content://a/2", at(9_999), u, m, &t),
            at(19_999)
        );
        assert_eq!(
            c.note_change("content://b/1", at(25_000), u, m, &t),
            at(30_000)
        );
        assert_eq!(c.changed_authorities, vec!["a", "b"]);
        assert!(c.trigger());
        assert!(c.satisfied && c.pending_since.is_none());
        // 40 distinct URIs fire at once; the set stops growing at 50.
        let mut c = ContentState::default();
        for i in 0..39 {
            assert_eq!(
                c.note_change(&format!("content://a/{i}"), at(i), u, m, &t),
                at(i + 10_000)
            );
        }
        assert_eq!(c.note_change("content://a/39", at(39), u, m, &t), at(39));
        for i in 40..60 {
            c.note_change(&format!("content://a/{i}"), at(i), u, m, &t);
        }
        assert_eq!(c.changed_uris.len(), 50);
    }
}
