//! Content-trigger jobs in the world: content changes reaching the jobs that observe them, the
//! trigger runner, and the hand-overs between JobStatus copies (`policy::content` has the rules
//! and their sources).

use super::event::Event;
use super::record::Record;
use super::world::World;
use super::Cx;
use crate::job::{JobIdx, Phase};
use crate::policy::content::{job_observes, max_delay, update_delay, ContentState};

impl World {
    /// `ContentResolver.notifyChange(uri)`: every tracked job with a trigger URI that observes
    /// `uri` records the change and (re)arms its trigger.
    pub fn content_changed(&mut self, uri: &str, cx: &mut Cx) {
        let now = cx.now();
        let observers: Vec<JobIdx> = self
            .index
            .values()
            .copied()
            .filter(|&j| {
                let job = &self.jobs[j];
                job.phase != Phase::Gone && job_observes(&job.info, uri)
            })
            .collect();
        cx.emit(Record::ContentChanged {
            uri: uri.to_string(),
            jobs: observers.iter().map(|&j| self.job_ref(j)).collect(),
        });
        for j in observers {
            let t = &self.policy.tunables;
            let job = &mut self.jobs[j];
            let (update, max) = (update_delay(&job.info, t), max_delay(&job.info, t));
            let due = job.content.note_change(uri, now, update, max, t);
            let gen = job.content_timer.arm();
            cx.at(due, Event::ContentTrigger { job: j, gen });
        }
    }

    /// `JobInstance.trigger()`: the update or maximum delay passed.
    pub fn on_content_trigger(&mut self, j: JobIdx, gen: u32, cx: &mut Cx) {
        let job = &mut self.jobs[j];
        if !job.content_timer.is_current(gen) || job.phase == Phase::Gone {
            return;
        }
        let uris = job.content.changed_uris.len();
        if job.content.trigger() {
            cx.emit(Record::ContentTriggered {
                job: self.job_ref(j),
                uris,
            });
            self.mark_dirty(j);
        }
    }

    /// `prepareForExecutionLocked`: the pending changes go to the run, as the start record's
    /// `JobParameters.getTriggeredContentUris/Authorities` (sorted; `None` when null).
    pub fn prepare_content(&mut self, j: JobIdx) -> (Option<Vec<String>>, Option<Vec<String>>) {
        if !self.jobs[j].info.has_content_trigger() {
            return (None, None);
        }
        let c = &mut self.jobs[j].content;
        c.prepare_for_execution();
        let sorted = |v: &Vec<String>| {
            (!v.is_empty()).then(|| {
                let mut v = v.clone();
                v.sort_unstable();
                v
            })
        };
        (sorted(&c.reported_uris), sorted(&c.reported_authorities))
    }

    /// The job is being replaced by a new `schedule()`: its pending changes (if it observes
    /// content) go to the incoming job, and its trigger is unscheduled.
    pub fn hand_over_content(&mut self, old: JobIdx) -> Option<(Vec<String>, Vec<String>)> {
        let job = &mut self.jobs[old];
        if !job.info.has_content_trigger() {
            return None;
        }
        job.content_timer.cancel();
        Some(job.content.take_pending())
    }

    /// The incoming job starts tracking with the inherited changes (`maybeStartTrackingJobLocked`).
    pub fn inherit_content(&mut self, j: JobIdx, uris: Vec<String>, authorities: Vec<String>) {
        if self.jobs[j].info.has_content_trigger() {
            self.jobs[j].content = ContentState::inherit(uris, authorities);
        }
    }

    /// The app calls `schedule()` with the same JobInfo where it would call `jobFinished`: the
    /// running job is replaced (stopped with `CANCELLED_BY_APP`) and the new one inherits what
    /// changed during the run. The run's work counts as done.
    pub fn schedule_again(&mut self, j: JobIdx, cx: &mut Cx) {
        let job = &mut self.jobs[j];
        job.remaining = Default::default();
        if let Some(run) = job.run.as_mut() {
            run.done = Default::default();
        }
        let key = (job.app, &job.info.namespace, job.info.id);
        let spec = self
            .specs
            .iter()
            .position(|s| (s.app, &s.info.namespace, s.info.id) == key);
        if let Some(spec) = spec {
            self.schedule_call(spec, None, cx);
        }
    }
}
