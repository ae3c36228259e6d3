//! jobsim reports
