//! Tidings: a desktop XMPP messenger. See docs/architecture.md for the map.
//!
//! The desktop interface (`app`, with its translations `i18n` and OS integration `platform`)
//! is the default feature `gui`; without it the crate is the engine and the command line.

#[cfg(feature = "gui")]
pub mod app;
pub mod cli;
pub mod core;
#[cfg(feature = "gui")]
pub mod i18n;
pub mod media;
pub mod omemo;
#[cfg(feature = "gui")]
pub mod platform;
pub mod session;
pub mod store;
