//! One-to-one chat through a real Prosody: both ways, several devices, history by MAM.

use std::time::Duration;

use crate::harness::{Device, Listener, Server, settle};

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

#[test]
fn a_reply_names_the_answered_message_and_quotes_it_for_other_clients() {
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    let bob = Device::new(&server, "bob");
    let carol = Device::new(&server, "carol");

    alice.ok(&["send", "bob@localhost", "lunch at noon?\nor one?"]);
    bob.ok(&["sync"]);
    let question = &bob.history("alice@localhost")[0];
    let id = question["id"].as_i64().unwrap().to_string();
    bob.ok(&["send", "alice@localhost", "noon", "--reply-to", &id]);

    // Bob's store keeps his own words and what they answer.
    let sent = bob.history("alice@localhost");
    assert_eq!(sent[1]["body"], "noon");
    assert_eq!(sent[1]["reply_to"], question["origin_id"]);

    // Alice's client understands replies: the quote is taken off, the reference stays.
    alice.ok(&["sync"]);
    let got = alice.history("bob@localhost");
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[1]["body"], "noon");
    assert_eq!(got[1]["reply_to"], got[0]["origin_id"]);

    // A reply stays in its conversation: answering alice's message in carol's chat is
    // refused, and nothing is sent.
    let refused = bob.run(&["send", "carol@localhost", "hi", "--reply-to", &id]);
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("conversation"), "{said}");
    carol.ok(&["sync"]);
    assert!(carol.history("bob@localhost").is_empty());
}

#[test]
fn second_device_gets_carbons_live_and_history_by_mam() {
    let server = Server::start();
    let laptop = Device::new(&server, "alice");
    let phone = Device::new(&server, "alice");
    let bob = Device::new(&server, "bob");

    let listening = Listener::start(&phone, 40);
    settle();
    laptop.ok(&["send", "bob@localhost", "sent from the laptop"]);
    bob.ok(&["send", "alice@localhost", "bob answers"]);
    // The phone prints only incoming messages: bob's answer.
    let got = listening.collect(1, Duration::from_secs(20));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["body"], "bob answers");
    listening.stop();
    // The carbon of the laptop's message is in the phone's history, as outgoing and sent.
    let history = phone.history("bob@localhost");
    // Same-second order is not asserted: archived copies carry whole-second stamps.
    let mut bodies: Vec<_> = history
        .iter()
        .map(|m| {
            (
                m["body"].as_str().unwrap(),
                m["direction"].as_str().unwrap(),
            )
        })
        .collect();
    bodies.sort();
    assert_eq!(
        bodies,
        vec![("bob answers", "in"), ("sent from the laptop", "out")],
        "{history:?}"
    );

    // A new device catches up the whole conversation from the archive, once. Bob's answer
    // was end-to-end encrypted before the tablet existed (bob had published his device by
    // then; the laptop's message went before he had one): the tablet shows it as not
    // encrypted for this device, as every OMEMO client does, never as its fallback text.
    let tablet = Device::new(&server, "alice");
    tablet.ok(&["sync"]);
    tablet.ok(&["sync"]);
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    let both = vec![
        "bob answers".to_string(),
        "sent from the laptop".to_string(),
    ];
    let caught_up = tablet.history("bob@localhost");
    assert_eq!(caught_up.len(), 2, "{caught_up:?}");
    let answer = caught_up
        .iter()
        .find(|m| m["direction"] == "in")
        .expect("bob's answer");
    assert_eq!(answer["body"], "", "{answer}");
    assert_eq!(answer["encrypted"], true);
    assert!(
        answer["error"]
            .as_str()
            .is_some_and(|e| e.contains("not encrypt this message for this device")),
        "{answer}"
    );
    // The laptop learns bob's answer and keeps its own message once.
    laptop.ok(&["sync"]);
    assert_eq!(sorted(laptop.bodies("bob@localhost")), both);
}

#[test]
fn profile_holds_no_plain_text_canary() {
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    let bob = Device::new(&server, "bob");
    let canaries: Vec<String> = (0..100)
        .map(|i| format!("canary{i:03}x{}", tidings::core::new_stanza_id()))
        .collect();
    for chunk in canaries.chunks(10) {
        alice.ok(&["send", "bob@localhost", &chunk.join(" ")]);
    }
    bob.ok(&["sync"]);
    assert_eq!(bob.bodies("alice@localhost").len(), 10);
    for device in [&alice, &bob] {
        for entry in walk(device.profile.path()) {
            let bytes = std::fs::read(&entry).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            for canary in &canaries {
                assert!(
                    !text.contains(canary.as_str()),
                    "{canary} in {}",
                    entry.display()
                );
            }
            assert!(
                !text.contains("canary"),
                "plain text in {}",
                entry.display()
            );
        }
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn two_devices_and_a_third_party_end_with_identical_histories() {
    let server = Server::start();
    let laptop = Device::new(&server, "alice");
    let phone = Device::new(&server, "alice");
    let bob = Device::new(&server, "bob");
    // The phone is online for the first half (carbons), offline for the second (archive).
    let listening = Listener::start(&phone, 60);
    settle();
    laptop.ok(&["send", "bob@localhost", "laptop 1"]);
    bob.ok(&["send", "alice@localhost", "bob 1"]);
    laptop.ok(&["send", "bob@localhost", "laptop 2"]);
    bob.ok(&["send", "alice@localhost", "bob 2"]);
    let live = listening.collect(2, Duration::from_secs(20));
    assert_eq!(live.len(), 2, "the phone saw bob's messages live");
    listening.stop();
    phone.ok(&["send", "bob@localhost", "phone 1"]);
    bob.ok(&["send", "alice@localhost", "bob 3"]);
    laptop.ok(&["send", "bob@localhost", "laptop 3"]);
    phone.ok(&["send", "bob@localhost", "phone 2"]);
    laptop.ok(&["sync"]);
    phone.ok(&["sync"]);
    bob.ok(&["sync"]);
    let view = |device: &Device, peer: &str| -> Vec<(String, String)> {
        device
            .history(peer)
            .iter()
            .map(|m| {
                (
                    m["direction"].as_str().unwrap().to_string(),
                    m["body"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    // The same messages, each once, on every device. (Order within one second may differ:
    // Prosody stamps archived messages in whole seconds, live ones are stamped on arrival.)
    let sorted = |mut v: Vec<(String, String)>| {
        v.sort();
        v
    };
    let on_laptop = sorted(view(&laptop, "bob@localhost"));
    let on_phone = sorted(view(&phone, "bob@localhost"));
    assert_eq!(on_laptop.len(), 8, "{on_laptop:?}");
    assert_eq!(on_laptop, on_phone, "both devices hold the same history");
    // Bob holds the same conversation from the other side.
    let flipped = sorted(
        view(&bob, "alice@localhost")
            .into_iter()
            .map(|(d, b)| (if d == "in" { "out".into() } else { "in".into() }, b))
            .collect(),
    );
    assert_eq!(flipped, on_laptop, "bob's history matches");
    // And the times agree across devices to within the archive's one-second precision.
    let times = |device: &Device, peer: &str| -> std::collections::HashMap<String, i64> {
        device
            .history(peer)
            .iter()
            .map(|m| {
                let t = chrono::DateTime::parse_from_rfc3339(m["timestamp"].as_str().unwrap());
                (
                    m["body"].as_str().unwrap().to_string(),
                    t.unwrap().timestamp_millis(),
                )
            })
            .collect()
    };
    let (a, b) = (
        times(&laptop, "bob@localhost"),
        times(&phone, "bob@localhost"),
    );
    for (body, t) in &a {
        assert!((t - b[body]).abs() < 2000, "{body}: {t} vs {}", b[body]);
    }
}
