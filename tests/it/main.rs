//! The one integration-test binary (one link of the whole crate). Tests that need a server
//! start their own Prosody on loopback; when they cannot, they fail and say why.

mod account;
mod alloc;
mod architecture;
mod chat;
mod faults;
mod files;
// The window's flows; without the `gui` feature the rest of the suite still builds.
#[cfg(feature = "gui")]
mod gui;
mod harness;
mod hostile;
mod omemo;
mod peer;
mod people;
mod raw;
mod rooms;
mod security;
mod service;
mod store;
// The tray icon on a D-Bus session bus, with the test as the panel (Linux).
#[cfg(all(feature = "gui", target_os = "linux"))]
mod tray;

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;
