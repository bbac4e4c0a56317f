//! The one integration-test binary (one link of the whole crate). Tests that need a server
//! start their own Prosody on loopback; when they cannot, they fail and say why.

mod account;
mod chat;
mod faults;
mod harness;
mod people;
mod raw;
mod security;
mod service;
mod store;
