//! Every number the policy uses, by the platform's own DeviceConfig key (namespace `jobscheduler`)
//! where one exists, so a scenario's `policy:` section or a sweep can override it by that name.
//!
//! Floors and clamps are the ones `JobSchedulerService.Constants` applies when a DeviceConfig value
//! is read (reference §2.3); they are applied in [`Tunables::finish`] after all overrides, as the
//! platform applies them after reading all properties.

use std::fmt;

const SEC: i64 = 1_000;
const MIN: i64 = 60 * SEC;
const HOUR: i64 = 60 * MIN;

/// A tunable's value as written in a scenario.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TunableValue {
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl fmt::Display for TunableValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Int(v) => write!(f, "{v}"),
            Self::Float(v) => write!(f, "{v}"),
            Self::Bool(v) => write!(f, "{v}"),
        }
    }
}

/// Static description of one tunable, for `jobsim tunables` and for error messages.
#[derive(Clone, Copy, Debug)]
pub struct TunableInfo {
    pub name: &'static str,
    pub default: TunableValue,
    pub unit: &'static str,
    pub doc: &'static str,
}

macro_rules! tunables {
    ($( $(#[doc = $doc:literal])* $name:ident : $ty:ident = $default:expr, $unit:literal; )*) => {
        /// The platform's tunable constants in force for one simulation.
        #[derive(Clone, Debug, PartialEq)]
        pub struct Tunables {
            $( $(#[doc = $doc])* pub $name: tunables!(@ty $ty), )*
        }

        impl Default for Tunables {
            fn default() -> Self {
                Self { $( $name: $default, )* }
            }
        }

        impl Tunables {
            /// Every tunable with its default, unit and meaning, in declaration order.
            pub fn catalogue() -> Vec<TunableInfo> {
                vec![$( TunableInfo {
                    name: stringify!($name),
                    default: tunables!(@wrap $ty, $default),
                    unit: $unit,
                    doc: concat!($($doc),*).trim_ascii(),
                }, )*]
            }

            /// The names accepted by [`Tunables::set`].
            pub fn names() -> Vec<&'static str> {
                vec![$( stringify!($name), )*]
            }

            /// Current value of the tunable `name`.
            pub fn get(&self, name: &str) -> Option<TunableValue> {
                match name {
                    $( stringify!($name) => Some(tunables!(@wrap $ty, self.$name)), )*
                    _ => None,
                }
            }

            /// Overrides `name`. Integers are accepted for float tunables; any other type mismatch
            /// is an error naming the expected type.
            pub fn set(&mut self, name: &str, value: TunableValue) -> Result<(), TunableError> {
                match name {
                    $( stringify!($name) => {
                        self.$name = tunables!(@unwrap $ty, name, value)?;
                        Ok(())
                    } )*
                    _ => Err(TunableError::Unknown(name.to_string())),
                }
            }
        }
    };
    (@ty int) => { i64 };
    (@ty float) => { f64 };
    (@ty bool) => { bool };
    (@wrap int, $v:expr) => { TunableValue::Int($v) };
    (@wrap float, $v:expr) => { TunableValue::Float($v) };
    (@wrap bool, $v:expr) => { TunableValue::Bool($v) };
    (@unwrap int, $n:expr, $v:expr) => {
        match $v { TunableValue::Int(i) => Ok(i), _ => Err(TunableError::Type($n.to_string(), "an integer")) }
    };
    (@unwrap float, $n:expr, $v:expr) => {
        match $v {
            TunableValue::Float(x) if x.is_finite() => Ok(x),
            TunableValue::Int(i) => Ok(i as f64),
            _ => Err(TunableError::Type($n.to_string(), "a finite number")),
        }
    };
    (@unwrap bool, $n:expr, $v:expr) => {
        match $v { TunableValue::Bool(b) => Ok(b), _ => Err(TunableError::Type($n.to_string(), "true or false")) }
    };
}

tunables! {
    /// Minimum runtime guaranteed to a regular job (JSS `RUNTIME_MIN_GUARANTEE_MS`); floor 10 min.
    runtime_min_guarantee_ms: int = 10 * MIN, "ms";
    /// Minimum runtime guaranteed to an expedited job (`RUNTIME_MIN_EJ_GUARANTEE_MS`); floor 1 min.
    runtime_min_ej_guarantee_ms: int = 3 * MIN, "ms";
    /// Cap on an expedited job's guarantee while its app's effective bucket is RESTRICTED (JSS
    /// `getMinJobExecutionGuaranteeMs`, 5 min compiled in).
    restricted_ej_guarantee_cap_ms: int = 5 * MIN, "ms";
    /// Maximum runtime of a job that is not quota-limited (`RUNTIME_FREE_QUOTA_MAX_LIMIT_MS`); at least the regular guarantee.
    runtime_free_quota_max_limit_ms: int = 30 * MIN, "ms";
    /// Minimum runtime guaranteed to a user-initiated job (`RUNTIME_MIN_UI_GUARANTEE_MS`); at least the regular guarantee.
    runtime_min_ui_guarantee_ms: int = 6 * HOUR, "ms";
    /// Maximum runtime of a user-initiated job (`RUNTIME_UI_LIMIT_MS`); at least the free-quota limit and the UI guarantee.
    runtime_ui_limit_ms: int = 12 * HOUR, "ms";
    /// Factor applied to a UIDT's estimated transfer time when data estimates are used for limits; at least 1.
    runtime_min_ui_data_transfer_guarantee_buffer_factor: float = 1.35, "factor";
    /// Minimum guarantee of a user-initiated data transfer (`RUNTIME_MIN_UI_DATA_TRANSFER_GUARANTEE_MS`); at least the UI guarantee.
    runtime_min_ui_data_transfer_guarantee_ms: int = 6 * HOUR, "ms";
    /// Cumulative runtime after which a rescheduled UIJ is demoted to a regular job (`RUNTIME_CUMULATIVE_UI_LIMIT_MS`); at least the UI limit.
    runtime_cumulative_ui_limit_ms: int = 24 * HOUR, "ms";
    /// Whether a UIDT's guarantee uses its estimated transfer time (`RUNTIME_USE_DATA_ESTIMATES_FOR_LIMITS`).
    runtime_use_data_estimates_for_limits: bool = false, "bool";
    /// Floor of the linear backoff step (`MIN_LINEAR_BACKOFF_TIME_MS`).
    min_linear_backoff_time_ms: int = 10 * SEC, "ms";
    /// Floor of the exponential backoff base (`MIN_EXP_BACKOFF_TIME_MS`).
    min_exp_backoff_time_ms: int = 10 * SEC, "ms";
    /// Number of system stops that count as one backoff attempt (`SYSTEM_STOP_TO_FAILURE_RATIO`).
    system_stop_to_failure_ratio: int = 3, "count";
    /// Cap on any backoff delay (`JobInfo.MAX_BACKOFF_DELAY_MILLIS`, a compiled-in constant).
    max_backoff_delay_ms: int = 5 * HOUR, "ms";
    /// Total job concurrency; 0 derives it from RAM (8/16/20/32/40, `JobConcurrencyManager`). Clamped to [8, 64].
    concurrency_limit: int = 0, "jobs";
    /// Delay before a screen-off concurrency configuration applies (`DEFAULT_SCREEN_OFF_ADJUSTMENT_DELAY_MS`).
    screen_off_adjustment_delay_ms: int = 30 * SEC, "ms";
    /// Time an app has to bind the JobService (`OP_BIND_TIMEOUT_MILLIS`, compiled in).
    op_bind_timeout_ms: int = 18 * SEC, "ms";
    /// Time an app has to answer `onStartJob`/`onStopJob` (`OP_TIMEOUT_MILLIS`, compiled in).
    op_timeout_ms: int = 8 * SEC, "ms";
    /// Time a user-visible job has to call `setNotification` once executing (`NOTIFICATION_TIMEOUT_MILLIS`).
    notification_timeout_ms: int = 10 * SEC, "ms";
    /// Distinct jobs an app may hold before `schedule()` throws (`MAX_JOBS_PER_APP`; the check is `>`).
    max_jobs_per_app: int = 150, "jobs";
    /// Fraction of a job's run window during which a congested network does not satisfy it (`CONN_CONGESTION_DELAY_FRAC`).
    conn_congestion_delay_frac: float = 0.5, "fraction";
    /// Whether cellular signal strength gates low-priority network jobs (`CONN_USE_CELL_SIGNAL_STRENGTH`).
    conn_use_cell_signal_strength: bool = true, "bool";
    /// Screen-off time after which the device counts as idle for `setRequiresDeviceIdle` (IdleController, 31 min **(unconfirmed)**).
    idle_inactivity_threshold_ms: int = 31 * MIN, "ms";
    /// Screen-off, unplugged time before light doze (DeviceIdleController `light_after_inactive_to`
    /// 60 s plus the `light_pre_idle_to` 3 min it waits for running work).
    light_after_inactive_to_ms: int = 4 * MIN, "ms";
    /// First light-idle period (`light_idle_to`); later ones grow by `light_idle_factor`.
    light_idle_to_ms: int = 5 * MIN, "ms";
    /// Growth of each light-idle period (`light_idle_factor`).
    light_idle_factor: float = 2.0, "factor";
    /// Longest light-idle period (`light_max_idle_to`).
    light_max_idle_to_ms: int = 15 * MIN, "ms";
    /// Light maintenance window (`light_idle_maintenance_min_budget`).
    light_idle_maintenance_min_budget_ms: int = MIN, "ms";
    /// Longest light maintenance window while work is still running (`light_idle_maintenance_max_budget`).
    light_idle_maintenance_max_budget_ms: int = 5 * MIN, "ms";
    /// Screen-off, unplugged time before deep doze starts sensing (DeviceIdleController `inactive_to`).
    inactive_to_ms: int = 30 * MIN, "ms";
    /// Motion sensing and location time after `inactive_to` before deep idle (`sensing_to` 4 min + `locating_to` 30 s).
    deep_idle_settle_ms: int = 4 * MIN + 30 * SEC, "ms";
    /// First deep-idle period (`idle_to`); later ones grow by `idle_factor`.
    idle_to_ms: int = 60 * MIN, "ms";
    /// Growth of each deep-idle period (`idle_factor`).
    idle_factor: float = 2.0, "factor";
    /// Longest deep-idle period (`max_idle_to`).
    max_idle_to_ms: int = 6 * HOUR, "ms";
    /// First deep maintenance window (`idle_pending_to`); later ones grow by `idle_pending_factor`.
    idle_pending_to_ms: int = 5 * MIN, "ms";
    /// Growth of each deep maintenance window (`idle_pending_factor`).
    idle_pending_factor: float = 2.0, "factor";
    /// Longest deep maintenance window (`max_idle_pending_to`).
    max_idle_pending_to_ms: int = 10 * MIN, "ms";
    /// Time a UID stays active after its last process leaves the top state (ActivityManager background settle time).
    uid_idle_delay_ms: int = 60 * SEC, "ms";
    /// A waiting user-initiated job gets an extra context when no running job frees one sooner (`max_wait_ui_ms`).
    max_wait_ui_ms: int = 5 * MIN, "ms";
    /// The same for expedited jobs (`max_wait_ej_ms`).
    max_wait_ej_ms: int = 5 * MIN, "ms";
    /// The same for other jobs (`max_wait_regular_ms`).
    max_wait_regular_ms: int = 30 * MIN, "ms";
    /// Force batching (only with `flags: { force_batching: true }`): ready regular jobs of
    /// non-ACTIVE apps wait until this many are ready together (JSS
    /// `min_ready_non_active_jobs_count`); at least 1.
    min_ready_non_active_jobs_count: int = 5, "jobs";
    /// Force batching: a non-ACTIVE job stops waiting for a batch this long after it was first
    /// held (JSS `max_non_active_job_batch_delay_ms`).
    max_non_active_job_batch_delay_ms: int = 31 * MIN, "ms";
    /// EJ quota earned back per chunk of time on top (QuotaController `qc_ej_reward_top_app_ms`);
    /// clamped to [10 s, 15 min].
    qc_ej_reward_top_app_ms: int = 10 * SEC, "ms";
    /// Length of those chunks (`qc_ej_top_app_time_chunk_size_ms`; 5 min with the flag
    /// `adjust_quota_default_constants`); clamped to [1 ms, 15 min].
    qc_ej_top_app_time_chunk_size_ms: int = 30 * SEC, "ms";
    /// EJ quota earned back per user interaction with the app (`qc_ej_reward_interaction_ms`;
    /// 5 s with the flag `adjust_quota_default_constants`); clamped to [5 s, 15 min].
    qc_ej_reward_interaction_ms: int = 15 * SEC, "ms";
    /// An app that just left the top state keeps free EJ quota this long (`qc_ej_grace_period_top_app_ms`); clamped to [0, 1 h].
    qc_ej_grace_period_top_app_ms: int = MIN, "ms";
    /// An app that just left the temporary power-save allowlist keeps free EJ quota this long (`qc_ej_grace_period_temp_allowlist_ms`); clamped to [0, 1 h].
    qc_ej_grace_period_temp_allowlist_ms: int = 3 * MIN, "ms";
    // QuotaController (QcConstants, DeviceConfig keys with the `qc_` prefix). Defaults are the
    // legacy ones; the scenario flag `adjust_quota_default_constants` switches nine of them to
    // the "new" values before `policy:` applies. Clamps: `policy::quota::clamp_tunables`.
    /// Execution time an EXEMPTED app gets per window (`qc_allowed_time_per_period_exempted_ms`;
    /// 20 min with the flag); clamped to [1 min, `qc_max_execution_time_ms`].
    qc_allowed_time_per_period_exempted_ms: int = 10 * MIN, "ms";
    /// The same for ACTIVE (`qc_allowed_time_per_period_active_ms`; 20 min with the flag);
    /// clamped to [1 min, `qc_max_execution_time_ms`].
    qc_allowed_time_per_period_active_ms: int = 10 * MIN, "ms";
    /// The same for WORKING_SET; clamped to [1 min, `qc_max_execution_time_ms`].
    qc_allowed_time_per_period_working_ms: int = 10 * MIN, "ms";
    /// The same for FREQUENT; clamped to [1 min, `qc_max_execution_time_ms`].
    qc_allowed_time_per_period_frequent_ms: int = 10 * MIN, "ms";
    /// The same for RARE; clamped to [1 min, `qc_max_execution_time_ms`].
    qc_allowed_time_per_period_rare_ms: int = 10 * MIN, "ms";
    /// The same for RESTRICTED; clamped to [1 min, `qc_max_execution_time_ms`].
    qc_allowed_time_per_period_restricted_ms: int = 10 * MIN, "ms";
    /// An app out of quota comes back once it has this much time left (`qc_in_quota_buffer_ms`);
    /// clamped to [0, min(5 min, smallest allowed time)].
    qc_in_quota_buffer_ms: int = 30 * SEC, "ms";
    /// Rolling quota window of EXEMPTED (`qc_window_size_exempted_ms`; 40 min with the flag);
    /// clamped to [its allowed time, 24 h].
    qc_window_size_exempted_ms: int = 10 * MIN, "ms";
    /// Window of ACTIVE (`qc_window_size_active_ms`; 60 min with the flag); clamped to
    /// [its allowed time, 24 h].
    qc_window_size_active_ms: int = 10 * MIN, "ms";
    /// Window of WORKING_SET (`qc_window_size_working_ms`; 4 h with the flag); clamped to
    /// [its allowed time, 24 h].
    qc_window_size_working_ms: int = 2 * HOUR, "ms";
    /// Window of FREQUENT (`qc_window_size_frequent_ms`; 12 h with the flag); clamped to
    /// [its allowed time, 24 h].
    qc_window_size_frequent_ms: int = 8 * HOUR, "ms";
    /// Window of RARE (`qc_window_size_rare_ms`); clamped to [its allowed time, 24 h].
    qc_window_size_rare_ms: int = 24 * HOUR, "ms";
    /// Window of RESTRICTED (`qc_window_size_restricted_ms`); clamped to [its allowed time, 7 d].
    qc_window_size_restricted_ms: int = 24 * HOUR, "ms";
    /// Counted execution an app may have in any 24 h (`qc_max_execution_time_ms`); clamped to
    /// [1 h, 24 h].
    qc_max_execution_time_ms: int = 4 * HOUR, "ms";
    /// Counted job starts per window in EXEMPTED (`qc_max_job_count_exempted`); floor 10.
    qc_max_job_count_exempted: int = 75, "jobs";
    /// The same in ACTIVE (`qc_max_job_count_active`); floor 10.
    qc_max_job_count_active: int = 75, "jobs";
    /// The same in WORKING_SET (`qc_max_job_count_working`); floor 10.
    qc_max_job_count_working: int = 120, "jobs";
    /// The same in FREQUENT (`qc_max_job_count_frequent`); floor 10.
    qc_max_job_count_frequent: int = 200, "jobs";
    /// The same in RARE (`qc_max_job_count_rare`); floor 10.
    qc_max_job_count_rare: int = 48, "jobs";
    /// The same in RESTRICTED (`qc_max_job_count_restricted`); floor 10.
    qc_max_job_count_restricted: int = 10, "jobs";
    /// Window of the rate limit on job starts and sessions (`qc_rate_limiting_window_ms`);
    /// clamped to [30 s, 24 h].
    qc_rate_limiting_window_ms: int = MIN, "ms";
    /// Counted job starts per rate-limiting window (`qc_max_job_count_per_rate_limiting_window`);
    /// floor 10.
    qc_max_job_count_per_rate_limiting_window: int = 20, "jobs";
    /// Sessions per window in EXEMPTED (`qc_max_session_count_exempted`); floor 1.
    qc_max_session_count_exempted: int = 75, "sessions";
    /// The same in ACTIVE (`qc_max_session_count_active`); floor 1.
    qc_max_session_count_active: int = 75, "sessions";
    /// The same in WORKING_SET (`qc_max_session_count_working`); floor 1.
    qc_max_session_count_working: int = 10, "sessions";
    /// The same in FREQUENT (`qc_max_session_count_frequent`); floor 1.
    qc_max_session_count_frequent: int = 8, "sessions";
    /// The same in RARE (`qc_max_session_count_rare`); floor 1.
    qc_max_session_count_rare: int = 3, "sessions";
    /// The same in RESTRICTED (`qc_max_session_count_restricted`); floor 0.
    qc_max_session_count_restricted: int = 1, "sessions";
    /// Sessions per rate-limiting window (`qc_max_session_count_per_rate_limiting_window`);
    /// floor 10.
    qc_max_session_count_per_rate_limiting_window: int = 20, "sessions";
    /// Sessions closer than this coalesce into one (`qc_timing_session_coalescing_duration_ms`);
    /// clamped to [0, 15 min].
    qc_timing_session_coalescing_duration_ms: int = 5 * SEC, "ms";
    /// Expedited-job time per EJ window in EXEMPTED (`qc_ej_limit_exempted_ms`); clamped to
    /// [15 min, `qc_ej_window_size_ms`].
    qc_ej_limit_exempted_ms: int = 60 * MIN, "ms";
    /// The same in ACTIVE (`qc_ej_limit_active_ms`); clamped to [15 min, the EXEMPTED limit].
    qc_ej_limit_active_ms: int = 30 * MIN, "ms";
    /// The same in WORKING_SET (`qc_ej_limit_working_ms`; 15 min with the flag); clamped to
    /// [15 min, the ACTIVE limit].
    qc_ej_limit_working_ms: int = 30 * MIN, "ms";
    /// The same in FREQUENT (`qc_ej_limit_frequent_ms`); clamped to [10 min, the WORKING_SET limit].
    qc_ej_limit_frequent_ms: int = 10 * MIN, "ms";
    /// The same in RARE (`qc_ej_limit_rare_ms`); clamped to [10 min, the FREQUENT limit].
    qc_ej_limit_rare_ms: int = 10 * MIN, "ms";
    /// The same in RESTRICTED (`qc_ej_limit_restricted_ms`); clamped to [5 min, the RARE limit].
    qc_ej_limit_restricted_ms: int = 5 * MIN, "ms";
    /// Rolling window of the expedited-job limits and rewards (`qc_ej_window_size_ms`); clamped
    /// to [1 h, 24 h].
    qc_ej_window_size_ms: int = 24 * HOUR, "ms";
    /// Longest temporary power-save allowlist entry DeviceIdleController grants (`max_temp_app_allowlist_duration_ms`); longer requests are cut to it.
    max_temp_app_allowlist_duration_ms: int = 5 * MIN, "ms";
    /// A prefetch job may run once its app's estimated next launch is this close
    /// (PrefetchController `pc_launch_time_threshold_ms`; clamped to [1 h, 24 h]).
    pc_launch_time_threshold_ms: int = HOUR, "ms";
    /// Slack on the estimate (`pc_launch_time_allowance_ms`; clamped to [0, 2 h]): the job runs
    /// only once the launch is within threshold − allowance, and an estimate more than this far
    /// in the past counts as no estimate.
    pc_launch_time_allowance_ms: int = 30 * MIN, "ms";
    /// Persisted-job `schedule()`/`enqueue()` calls an app may make per window before it is
    /// restricted (`aq_schedule_count`; floor 250).
    aq_schedule_count: int = 250, "calls";
    /// Window of the persisted-job schedule rate limit (`aq_schedule_window_ms`).
    aq_schedule_window_ms: int = 60 * SEC, "ms";
    /// Whether a call over the limit returns RESULT_FAILURE (`aq_schedule_return_failure`).
    aq_schedule_return_failure: bool = false, "bool";
    /// Whether the execution safeguards shrink a misbehaving app's limits (`enable_execution_safeguards_udc`).
    enable_execution_safeguards_udc: bool = true, "bool";
    /// UIJ timeouts an app may have per window before its UIJs get 30-minute limits; floor 2.
    es_u_timeout_uij_count: int = 2, "count";
    /// EJ timeouts per window before its EJs get 10-minute limits; floor 2.
    es_u_timeout_ej_count: int = 5, "count";
    /// Regular-job timeouts per window before its regular jobs get 10-minute limits.
    es_u_timeout_reg_count: int = 3, "count";
    /// Timeouts of any kind per window before the app is considered buggy (bucket capped at WORKING_SET).
    es_u_timeout_total_count: int = 10, "count";
    /// Window over which timeouts are counted.
    es_u_timeout_window_ms: int = 24 * HOUR, "ms";
    /// ANRs per window before the app is considered buggy.
    es_u_anr_count: int = 3, "count";
    /// Window over which ANRs are counted.
    es_u_anr_window_ms: int = 6 * HOUR, "ms";
    /// Content-trigger update delay when the app never set one (JobStatus `DEFAULT_TRIGGER_UPDATE_DELAY`, compiled in).
    default_trigger_update_delay_ms: int = 10 * SEC, "ms";
    /// Floor of a set update delay (JobStatus `MIN_TRIGGER_UPDATE_DELAY`, compiled in).
    min_trigger_update_delay_ms: int = 500, "ms";
    /// Content-trigger maximum delay when the app never set one (JobStatus `DEFAULT_TRIGGER_MAX_DELAY`, compiled in).
    default_trigger_max_delay_ms: int = 2 * MIN, "ms";
    /// Floor of a set maximum delay (JobStatus `MIN_TRIGGER_MAX_DELAY`, compiled in).
    min_trigger_max_delay_ms: int = SEC, "ms";
    /// Changed URIs kept for `JobParameters.getTriggeredContentUris` (ContentObserverController `MAX_URIS_REPORTED`, compiled in).
    max_uris_reported: int = 50, "uris";
    /// Changed URIs at which the trigger fires at once instead of after the update delay (`URIS_URGENT_THRESHOLD`, compiled in).
    uris_urgent_threshold: int = 40, "uris";
    /// FlexibilityController (`fc_applied_constraints`): bit set of the flexible constraints
    /// applied to regular jobs — 1 charging, 2 battery not low, 4 device idle, 268435456
    /// (1 << 28) connectivity's transport affinity; 0 (the platform's default) switches
    /// flexibility off. Bits outside these four are ignored.
    fc_applied_constraints: int = 0, "bits";
    /// All flexible constraints are dropped once a job is this close to the end of its
    /// flexibility lifecycle (`fc_flexibility_deadline_proximity_limit_ms`).
    fc_flexibility_deadline_proximity_limit_ms: int = 15 * MIN, "ms";
    /// Fallback lifecycle length for a priority without its own (`fc_fallback_flexibility_deadline_ms`);
    /// three times it caps every fallback lifecycle.
    fc_fallback_flexibility_deadline_ms: int = 24 * HOUR, "ms";
    /// Fallback lifecycle length of a PRIORITY_MAX job (entry `500` of `fc_fallback_flexibility_deadlines`).
    fc_fallback_flexibility_deadline_max_ms: int = HOUR, "ms";
    /// Fallback lifecycle length of a PRIORITY_HIGH job (entry `400` of `fc_fallback_flexibility_deadlines`).
    fc_fallback_flexibility_deadline_high_ms: int = 6 * HOUR, "ms";
    /// Fallback lifecycle length of a PRIORITY_DEFAULT job (entry `300` of `fc_fallback_flexibility_deadlines`).
    fc_fallback_flexibility_deadline_default_ms: int = 12 * HOUR, "ms";
    /// Fallback lifecycle length of a PRIORITY_LOW job (entry `200` of `fc_fallback_flexibility_deadlines`).
    fc_fallback_flexibility_deadline_low_ms: int = 24 * HOUR, "ms";
    /// Fallback lifecycle length of a PRIORITY_MIN job (entry `100` of `fc_fallback_flexibility_deadlines`).
    fc_fallback_flexibility_deadline_min_ms: int = 48 * HOUR, "ms";
    /// Score a PRIORITY_MAX job adds to its app's 24 h run score when it starts outside the TOP state (entry `500` of `fc_fallback_flexibility_deadline_scores`).
    fc_fallback_flexibility_deadline_score_max: int = 5, "points";
    /// Score a PRIORITY_HIGH job adds to its app's 24 h run score when it starts outside the TOP state (entry `400` of `fc_fallback_flexibility_deadline_scores`).
    fc_fallback_flexibility_deadline_score_high: int = 4, "points";
    /// Score a PRIORITY_DEFAULT job adds to its app's 24 h run score when it starts outside the TOP state (entry `300` of `fc_fallback_flexibility_deadline_scores`).
    fc_fallback_flexibility_deadline_score_default: int = 3, "points";
    /// Score a PRIORITY_LOW job adds to its app's 24 h run score when it starts outside the TOP state (entry `200` of `fc_fallback_flexibility_deadline_scores`).
    fc_fallback_flexibility_deadline_score_low: int = 2, "points";
    /// Score a PRIORITY_MIN job adds to its app's 24 h run score when it starts outside the TOP state (entry `100` of `fc_fallback_flexibility_deadline_scores`).
    fc_fallback_flexibility_deadline_score_min: int = 1, "points";
    /// Time added to a PRIORITY_MAX job's fallback lifecycle per point of its app's run score (entry `500` of `fc_fallback_flexibility_deadline_additional_score_time_factors`).
    fc_fallback_flexibility_deadline_additional_score_time_factor_max_ms: int = 0, "ms";
    /// Time added to a PRIORITY_HIGH job's fallback lifecycle per point of its app's run score (entry `400` of `fc_fallback_flexibility_deadline_additional_score_time_factors`).
    fc_fallback_flexibility_deadline_additional_score_time_factor_high_ms: int = 3 * MIN, "ms";
    /// Time added to a PRIORITY_DEFAULT job's fallback lifecycle per point of its app's run score (entry `300` of `fc_fallback_flexibility_deadline_additional_score_time_factors`).
    fc_fallback_flexibility_deadline_additional_score_time_factor_default_ms: int = 2 * MIN, "ms";
    /// Time added to a PRIORITY_LOW job's fallback lifecycle per point of its app's run score (entry `200` of `fc_fallback_flexibility_deadline_additional_score_time_factors`).
    fc_fallback_flexibility_deadline_additional_score_time_factor_low_ms: int = MIN, "ms";
    /// Time added to a PRIORITY_MIN job's fallback lifecycle per point of its app's run score (entry `100` of `fc_fallback_flexibility_deadline_additional_score_time_factors`).
    fc_fallback_flexibility_deadline_additional_score_time_factor_min_ms: int = MIN, "ms";
    /// Percent of a PRIORITY_MAX job's lifecycle at which its first flexible constraint is dropped (entry `500`, position 1, of `fc_percents_to_drop_flexible_constraints`).
    fc_percents_to_drop_flexible_constraints_max_1: int = 1, "%";
    /// Percent of a PRIORITY_MAX job's lifecycle at which its second flexible constraint is dropped (entry `500`, position 2, of `fc_percents_to_drop_flexible_constraints`).
    fc_percents_to_drop_flexible_constraints_max_2: int = 2, "%";
    /// Percent of a PRIORITY_MAX job's lifecycle at which its third flexible constraint is dropped (entry `500`, position 3, of `fc_percents_to_drop_flexible_constraints`).
    fc_percents_to_drop_flexible_constraints_max_3: int = 3, "%";
    /// Percent of a PRIORITY_MAX job's lifecycle at which its fourth flexible constraint is dropped (entry `500`, position 4, of `fc_percents_to_drop_flexible_constraints`).
    fc_percents_to_drop_flexible_constraints_max_4: int = 4, "%";
    /// Percent of a PRIORITY_HIGH job's lifecycle at which its first flexible constraint is dropped (entry `400`, position 1, of `fc_percents_to_drop_flexible_constraints`).
    fc_percents_to_drop_flexible_constraints_high_1: int = 33, "%";
    /// Percent of a PRIORITY_HIGH job's lifecycle at which its second flexible constraint is dropped (entry `400`, position 2, of `fc_percents_to_drop_flexible_constraints`).
    fc_percents_to_drop_flexible_constraints_high_2: int = 50, "%";
    /// Percent of a PRIORITY_HIGH job's lifecycle at which its third flexible constraint is dropped (entry `400`, position 3, of `fc_percents_to_drop_flexible_constraints`).
    fc_percents_to_drop_flexible_constraints_high_3: int = 60, "%";
    /// Percent of a PRIORITY_HIGH job's lifecycle at which its fourth flexible constraint is dropped (entry `400`, position 4, of `fc_percents_to_drop_flexible_constraints`).
    fc_percents_to_drop_flexible_constraints_high_4: int = 75, "%";
    /// Percent of a PRIORITY_DEFAULT job's lifecycle at which its first flexible constraint is dropped (entry `300`, position 1, of `fc_percents_to_drop_flexible_constraints`).
    fc_percents_to_drop_flexible_constraints_default_1: int = 50, "%";
    /// Percent of a PRIORITY_DEFAULT job's lifecycle at which its second flexible constraint is dropped (entry `300`, position 2, of `fc_percents_to_drop_flexible_constraints`).
    fc_percents_to_drop_flexible_constraints_default_2: int = 60, "%";
    /// Percent of a PRIORITY_DEFAULT job's lifecycle at which its third flexible constraint is dropped (entry `300`, position 3, of `fc_percents_to_drop_flexible_constraints`).
    fc_percents_to_drop_flexible_constraints_default_3: int = 70, "%";
    /// Percent of a PRIORITY_DEFAULT job's lifecycle at which its fourth flexible constraint is dropped (entry `300`, position 4, of `fc_percents_to_drop_flexible_constraints`).
    fc_percents_to_drop_flexible_constraints_default_4: int = 80, "%";
    /// Percent of a PRIORITY_LOW job's lifecycle at which its first flexible constraint is dropped (entry `200`, position 1, of `fc_percents_to_drop_flexible_constraints`).
    fc_percents_to_drop_flexible_constraints_low_1: int = 50, "%";
    /// Percent of a PRIORITY_LOW job's lifecycle at which its second flexible constraint is dropped (entry `200`, position 2, of `fc_percents_to_drop_flexible_constraints`).
    fc_percents_to_drop_flexible_constraints_low_2: int = 60, "%";
    /// Percent of a PRIORITY_LOW job's lifecycle at which its third flexible constraint is dropped (entry `200`, position 3, of `fc_percents_to_drop_flexible_constraints`).
    fc_percents_to_drop_flexible_constraints_low_3: int = 70, "%";
    /// Percent of a PRIORITY_LOW job's lifecycle at which its fourth flexible constraint is dropped (entry `200`, position 4, of `fc_percents_to_drop_flexible_constraints`).
    fc_percents_to_drop_flexible_constraints_low_4: int = 80, "%";
    /// Percent of a PRIORITY_MIN job's lifecycle at which its first flexible constraint is dropped (entry `100`, position 1, of `fc_percents_to_drop_flexible_constraints`).
    fc_percents_to_drop_flexible_constraints_min_1: int = 55, "%";
    /// Percent of a PRIORITY_MIN job's lifecycle at which its second flexible constraint is dropped (entry `100`, position 2, of `fc_percents_to_drop_flexible_constraints`).
    fc_percents_to_drop_flexible_constraints_min_2: int = 65, "%";
    /// Percent of a PRIORITY_MIN job's lifecycle at which its third flexible constraint is dropped (entry `100`, position 3, of `fc_percents_to_drop_flexible_constraints`).
    fc_percents_to_drop_flexible_constraints_min_3: int = 75, "%";
    /// Percent of a PRIORITY_MIN job's lifecycle at which its fourth flexible constraint is dropped (entry `100`, position 4, of `fc_percents_to_drop_flexible_constraints`).
    fc_percents_to_drop_flexible_constraints_min_4: int = 85, "%";
    /// Minimum time between two flexibility alarms (`fc_min_time_between_flexibility_alarms_ms`).
    fc_min_time_between_flexibility_alarms_ms: int = MIN, "ms";
    /// Lifecycle of a job rescheduled twice; it doubles with each further attempt (`fc_rescheduled_job_deadline_ms`).
    fc_rescheduled_job_deadline_ms: int = HOUR, "ms";
    /// Longest lifecycle of a rescheduled job (`fc_max_rescheduled_deadline_ms`).
    fc_max_rescheduled_deadline_ms: int = 24 * HOUR, "ms";
    /// A job stops waiting for a combination of flexible constraints not seen for this long; no
    /// such prediction is made this soon after boot (`fc_unseen_constraint_grace_period_ms`).
    fc_unseen_constraint_grace_period_ms: int = 72 * HOUR, "ms";
}

/// A rejected override.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TunableError {
    Unknown(String),
    Type(String, &'static str),
}

impl fmt::Display for TunableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unknown(n) => write!(
                f,
                "unknown tunable `{n}`; valid tunables are: {}",
                Tunables::names().join(", ")
            ),
            Self::Type(n, want) => write!(f, "tunable `{n}` expects {want}"),
        }
    }
}

impl Tunables {
    /// Applies the platform's floors and clamps, in the order `JobSchedulerService.Constants`
    /// applies them, so an override can never produce a configuration a device would not run.
    pub fn finish(&mut self) {
        self.runtime_min_guarantee_ms = self.runtime_min_guarantee_ms.max(10 * MIN);
        self.runtime_min_ej_guarantee_ms = self.runtime_min_ej_guarantee_ms.max(MIN);
        self.runtime_free_quota_max_limit_ms = self
            .runtime_free_quota_max_limit_ms
            .max(self.runtime_min_guarantee_ms);
        self.runtime_min_ui_guarantee_ms = self
            .runtime_min_ui_guarantee_ms
            .max(self.runtime_min_guarantee_ms);
        self.runtime_ui_limit_ms = self
            .runtime_ui_limit_ms
            .max(self.runtime_free_quota_max_limit_ms)
            .max(self.runtime_min_ui_guarantee_ms);
        self.runtime_min_ui_data_transfer_guarantee_buffer_factor = self
            .runtime_min_ui_data_transfer_guarantee_buffer_factor
            .max(1.0);
        self.runtime_min_ui_data_transfer_guarantee_ms = self
            .runtime_min_ui_data_transfer_guarantee_ms
            .max(self.runtime_min_ui_guarantee_ms);
        self.runtime_cumulative_ui_limit_ms = self
            .runtime_cumulative_ui_limit_ms
            .max(self.runtime_ui_limit_ms);
        self.min_linear_backoff_time_ms = self.min_linear_backoff_time_ms.max(0);
        self.min_exp_backoff_time_ms = self.min_exp_backoff_time_ms.max(0);
        self.system_stop_to_failure_ratio = self.system_stop_to_failure_ratio.max(1);
        self.min_ready_non_active_jobs_count = self.min_ready_non_active_jobs_count.max(1);
        self.max_non_active_job_batch_delay_ms = self.max_non_active_job_batch_delay_ms.max(0);
        self.max_backoff_delay_ms = self.max_backoff_delay_ms.max(0);
        if self.concurrency_limit != 0 {
            self.concurrency_limit = self.concurrency_limit.clamp(8, 64);
        }
        for v in [
            &mut self.screen_off_adjustment_delay_ms,
            &mut self.op_bind_timeout_ms,
            &mut self.op_timeout_ms,
            &mut self.notification_timeout_ms,
            &mut self.light_after_inactive_to_ms,
            &mut self.inactive_to_ms,
            &mut self.deep_idle_settle_ms,
            &mut self.uid_idle_delay_ms,
            &mut self.default_trigger_update_delay_ms,
            &mut self.min_trigger_update_delay_ms,
            &mut self.default_trigger_max_delay_ms,
            &mut self.min_trigger_max_delay_ms,
            &mut self.max_uris_reported,
            &mut self.uris_urgent_threshold,
        ] {
            *v = (*v).max(0);
        }
        self.max_jobs_per_app = self.max_jobs_per_app.max(1);
        self.restricted_ej_guarantee_cap_ms = self.restricted_ej_guarantee_cap_ms.max(0);
        // PcConstants.processConstantLocked.
        self.pc_launch_time_threshold_ms = self.pc_launch_time_threshold_ms.clamp(HOUR, 24 * HOUR);
        self.pc_launch_time_allowance_ms = self.pc_launch_time_allowance_ms.clamp(0, 2 * HOUR);
        self.aq_schedule_count = self.aq_schedule_count.max(250);
        self.aq_schedule_window_ms = self.aq_schedule_window_ms.max(1);
        // JobSchedulerService clamps the UIJ and EJ timeout counts to at least 2.
        self.es_u_timeout_uij_count = self.es_u_timeout_uij_count.max(2);
        self.es_u_timeout_ej_count = self.es_u_timeout_ej_count.max(2);
        self.es_u_timeout_reg_count = self.es_u_timeout_reg_count.max(1);
        self.es_u_timeout_total_count = self.es_u_timeout_total_count.max(1);
        self.es_u_anr_count = self.es_u_anr_count.max(1);
        self.es_u_timeout_window_ms = self.es_u_timeout_window_ms.max(1);
        self.es_u_anr_window_ms = self.es_u_anr_window_ms.max(1);
        self.conn_congestion_delay_frac = self.conn_congestion_delay_frac.clamp(0.0, 1.0);
        // IdleController clamps its inactivity threshold to [1 min, 4 h].
        self.idle_inactivity_threshold_ms = self.idle_inactivity_threshold_ms.clamp(MIN, 4 * HOUR);
        crate::policy::quota::clamp_tunables(self);
    }

    /// Milliseconds as `u64` for a tunable known to be non-negative after [`Tunables::finish`].
    pub fn ms(v: i64) -> u64 {
        v.max(0) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_platform_numbers() {
        let t = Tunables::default();
        assert_eq!(t.runtime_min_ui_guarantee_ms, 21_600_000);
        assert_eq!(t.runtime_ui_limit_ms, 43_200_000);
        assert_eq!(t.runtime_min_guarantee_ms, 600_000);
        assert_eq!(t.get("op_bind_timeout_ms"), Some(TunableValue::Int(18_000)));
    }

    #[test]
    fn floors_apply_after_overrides() {
        let mut t = Tunables::default();
        t.set("runtime_min_guarantee_ms", TunableValue::Int(60_000))
            .unwrap();
        t.set("runtime_min_ui_guarantee_ms", TunableValue::Int(1))
            .unwrap();
        t.set("concurrency_limit", TunableValue::Int(200)).unwrap();
        t.finish();
        assert_eq!(t.runtime_min_guarantee_ms, 600_000, "floor of 10 min");
        assert_eq!(
            t.runtime_min_ui_guarantee_ms, 600_000,
            "at least the regular guarantee"
        );
        assert_eq!(t.concurrency_limit, 64, "MAX_CONCURRENCY_LIMIT");
    }

    #[test]
    fn unknown_and_mistyped_names_are_errors() {
        let mut t = Tunables::default();
        let e = t
            .set("runtime_min_guarantee", TunableValue::Int(1))
            .unwrap_err();
        assert!(e.to_string().contains("runtime_min_guarantee_ms"));
        let e = t
            .set(
                "runtime_use_data_estimates_for_limits",
                TunableValue::Int(1),
            )
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "tunable `runtime_use_data_estimates_for_limits` expects true or false"
        );
        t.set("conn_congestion_delay_frac", TunableValue::Int(1))
            .unwrap();
        assert_eq!(t.conn_congestion_delay_frac, 1.0);
    }

    #[test]
    fn catalogue_lists_every_name_once() {
        let names = Tunables::names();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len());
        assert_eq!(Tunables::catalogue().len(), names.len());
    }
}
