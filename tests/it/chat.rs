//! One-to-one chat through a real Prosody: both ways, several devices, history by MAM.

use crate::harness::{Device, Server};

#[test]
fn two_accounts_chat_both_ways() {
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    let bob = Device::new(&server, "bob");

    alice.ok(&["send", "bob@localhost", "hello bob"]);
    let sent = alice.history("bob@localhost");
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0]["state"], "sent",
        "acknowledged by the server: {sent:?}"
    );
    assert_eq!(sent[0]["direction"], "out");

    bob.ok(&["sync"]);
    let got = bob.history("alice@localhost");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["body"], "hello bob");
    assert_eq!(got[0]["direction"], "in");
    assert_eq!(got[0]["from"], "alice@localhost");
    assert_eq!(got[0]["to"], "bob@localhost");

    bob.ok(&["send", "alice@localhost", "hi alice, ünïcödé 👋"]);
    alice.ok(&["sync"]);
    assert_eq!(
        alice.bodies("bob@localhost"),
        vec!["hello bob", "hi alice, ünïcödé 👋"]
    );

    // A second sync fetches nothing twice.
    alice.ok(&["sync"]);
    bob.ok(&["sync"]);
    assert_eq!(alice.bodies("bob@localhost").len(), 2);
    assert_eq!(
        bob.bodies("alice@localhost"),
        vec!["hello bob", "hi alice, ünïcödé 👋"]
    );

    let hits = bob.ok(&["search", "ünïcödé", "--json"]);
    assert_eq!(hits.lines().count(), 1, "{hits}");
}
