//! Faults: the server restarts mid-conversation; a sender is killed mid-burst.

use std::time::Duration;

use crate::harness::{Device, Listener, Server, settle};

#[test]
fn server_restart_in_the_middle_of_a_conversation_loses_nothing() {
    let mut server = Server::start();
    let alice = Device::new(&server, "alice");
    let bob = Device::new(&server, "bob");
    let listening = Listener::start(&alice, 90);
    settle();
    for i in 0..3 {
        bob.ok(&["send", "alice@localhost", &format!("before restart {i}")]);
    }
    let before = listening.collect(3, Duration::from_secs(20));
    assert_eq!(before.len(), 3, "{before:?}");
    server.restart();
    for i in 0..3 {
        bob.ok(&["send", "alice@localhost", &format!("after restart {i}")]);
    }
    // Alice's session reconnects by itself and catches up from the archive.
    let after = listening.collect(3, Duration::from_secs(45));
    listening.stop();
    let mut bodies: Vec<String> = before
        .iter()
        .chain(after.iter())
        .map(|m| m["body"].as_str().unwrap().to_string())
        .collect();
    bodies.sort();
    let mut expected: Vec<String> = (0..3)
        .map(|i| format!("after restart {i}"))
        .chain((0..3).map(|i| format!("before restart {i}")))
        .collect();
    expected.sort();
    assert_eq!(bodies, expected);
    let mut stored = alice.bodies("bob@localhost");
    stored.sort();
    assert_eq!(stored, expected, "stored exactly once each");
}
