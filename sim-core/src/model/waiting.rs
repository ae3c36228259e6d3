//! The store's waiting jobs as a list that is cheap to keep: a job that leaves the waiting
//! state (it starts, finishes or is cancelled) stays listed until the next prune, and a flag
//! per job keeps it from being listed twice.

use crate::job::JobIdx;

#[derive(Default)]
pub struct WaitingList {
    jobs: Vec<JobIdx>,
    /// Per job: listed in `jobs`.
    listed: Vec<bool>,
    /// Jobs that left since the last prune (an estimate of the stale entries).
    left: usize,
}

impl WaitingList {
    /// Lists `j` unless it is listed already.
    pub fn add(&mut self, j: JobIdx) {
        if self.listed.len() <= j {
            self.listed.resize(j + 1, false);
        }
        if !self.listed[j] {
            self.listed[j] = true;
            self.jobs.push(j);
        }
    }

    /// Notes that a listed job left the waiting state; prunes with `still_waiting` once the
    /// stale entries may be half the list, so that a pass over the list stays proportional to
    /// the jobs that wait.
    pub fn note_left(&mut self, still_waiting: impl Fn(JobIdx) -> bool) {
        self.left += 1;
        if self.left * 2 > self.jobs.len() {
            self.prune(still_waiting);
        }
    }

    /// Drops every entry for which `still_waiting` is false.
    pub fn prune(&mut self, still_waiting: impl Fn(JobIdx) -> bool) {
        let listed = &mut self.listed;
        self.jobs.retain(|&j| {
            let keep = still_waiting(j);
            if !keep {
                listed[j] = false;
            }
            keep
        });
        self.left = 0;
    }

    /// The listed jobs, in the order they were listed; may include jobs no longer waiting.
    pub fn as_slice(&self) -> &[JobIdx] {
        &self.jobs
    }
}

#[cfg(test)]
mod tests {
    use super::WaitingList;

    #[test]
    fn a_job_is_listed_once_and_pruned_when_it_left() {
        let mut w = WaitingList::default();
        w.add(3);
        w.add(1);
        w.add(3);
        assert_eq!(w.as_slice(), &[3, 1]);
        w.prune(|j| j != 3);
        assert_eq!(w.as_slice(), &[1]);
        w.add(3);
        assert_eq!(w.as_slice(), &[1, 3]);
        // Two entries: one leaver is half the list, not more, so nothing is pruned yet; with a
        // second, stale entries may exceed half and the list is pruned.
        w.note_left(|j| j != 1);
        assert_eq!(w.as_slice(), &[1, 3]);
        w.note_left(|j| j != 1);
        assert_eq!(w.as_slice(), &[3]);
    }
}
