//! Tidings: a desktop XMPP messenger. See docs/architecture.md for the map.

pub mod app;
pub mod cli;
pub mod core;
pub mod i18n;
pub mod omemo;
pub mod platform;
pub mod session;
pub mod store;
