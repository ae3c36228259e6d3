//! Job labels as the platform prints them (`#u0a123/42` in `dumpsys jobscheduler`). The uid is
//! not in the trace, so the caller passes the scenario's app → uid map; without an entry a job is
//! labelled `package/id`.

use std::collections::BTreeMap;

/// Apps' Linux uids by package.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Uids(BTreeMap<String, u32>);

impl Uids {
    pub fn new(pairs: impl IntoIterator<Item = (String, u32)>) -> Self {
        Uids(pairs.into_iter().collect())
    }

    /// `#u0a<uid - 10000>/<id>` (`#u0a<uid>` below the app range), or `<package>/<id>` when the
    /// uid is unknown. A namespace goes between the uid and the id, as in `JobStatus.toShortString`.
    pub fn tag(&self, app: &str, namespace: Option<&str>, id: i32) -> String {
        let ns = namespace.map(|n| format!("{n}/")).unwrap_or_default();
        match self.0.get(app) {
            Some(uid) if *uid >= 10_000 => format!("#u0a{}/{ns}{id}", uid - 10_000),
            Some(uid) => format!("#{uid}/{ns}{id}"),
            None => format!("{app}/{ns}{id}"),
        }
    }

    /// The tag followed by the package, as a lane or history line shows a job.
    pub fn full(&self, app: &str, namespace: Option<&str>, id: i32) -> String {
        if self.0.contains_key(app) {
            format!("{} {app}", self.tag(app, namespace, id))
        } else {
            self.tag(app, namespace, id)
        }
    }
}

/// A public stop reason without its `STOP_REASON_` and `CONSTRAINT_` prefixes, short enough for a
/// chart marker (`CONNECTIVITY`, `DEVICE_STATE`, `USER`).
pub fn short_stop(reason: &str) -> &str {
    let r = reason.strip_prefix("STOP_REASON_").unwrap_or(reason);
    r.strip_prefix("CONSTRAINT_").unwrap_or(r)
}

/// A pending reason without its `PENDING_JOB_REASON_` prefix.
pub fn short_pending(reason: &str) -> &str {
    reason.strip_prefix("PENDING_JOB_REASON_").unwrap_or(reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_follow_the_platform_and_fall_back_to_the_package() {
        let u = Uids::new([("com.a".to_string(), 10_123)]);
        assert_eq!(u.tag("com.a", None, 42), "#u0a123/42");
        assert_eq!(u.full("com.a", Some("sync"), 1), "#u0a123/sync/1 com.a");
        assert_eq!(u.full("com.b", None, 7), "com.b/7");
        assert_eq!(
            short_stop("STOP_REASON_CONSTRAINT_CONNECTIVITY"),
            "CONNECTIVITY"
        );
    }
}
