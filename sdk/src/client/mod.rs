//! The client: what its clones share, its settings, and the one place requests are sent.
//!
//! A call runs through [`attempts`] (the orchestrator: input check, call deadline, rate-limit
//! windows, hooks, retry decisions from [`crate::retry`]) and [`transport`] (one attempt on the wire:
//! headers, redirects on the base URL's origin, an answer read up to a size limit).
//! [`builder`] checks every setting once; [`shared`] is the state every clone holds.

pub(crate) mod attempts;
pub(crate) mod builder;
pub(crate) mod clock;
pub mod hooks;
pub(crate) mod shared;
pub(crate) mod transport;
