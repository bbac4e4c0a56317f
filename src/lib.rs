//! Tidings: a desktop XMPP messenger. See docs/architecture.md for the map.

pub mod cli;
pub mod core;
pub mod session;
pub mod store;
