//! OMEMO against the independent implementation (python-omemo through tests/peers), through
//! the real Prosody: what we publish is what other clients find, and what they encrypt to us
//! we read, in both namespaces, live and from the archive.

use std::time::Duration;

use serde_json::{Value, json};

use crate::harness::{Device, Listener, Server, settle};
use crate::peer::Peer;

fn own_fingerprint(device: &Device) -> Value {
    serde_json::from_str(&device.ok(&["omemo", "fingerprint", "--json"])).unwrap()
}

fn devices(device: &Device, jid: &str) -> Vec<Value> {
    device
        .ok(&["omemo", "devices", jid, "--json"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn python_omemo_finds_our_device_and_we_read_what_it_encrypts_in_both_namespaces() {
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    let ours = own_fingerprint(&alice);
    let our_device = ours["device"].as_u64().unwrap();
    // The first login publishes our device lists and bundles.
    alice.ok(&["sync"]);

    let mut bob = Peer::start(&server, "bob", "python bob");
    bob.command(json!({"cmd": "devices", "jid": "alice@localhost"}));
    let seen = bob.wait_for("devices", Duration::from_secs(30));
    for ns in ["legacy", "v2"] {
        let ids: Vec<u64> = seen[ns]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_u64)
            .collect();
        assert_eq!(
            ids,
            vec![our_device],
            "{ns} device list as python sees it: {seen}"
        );
    }
    // The key python would verify is the one we show.
    let details = seen["details"].as_array().unwrap();
    let shown = details
        .iter()
        .find(|d| d["device"].as_u64() == Some(our_device))
        .unwrap_or_else(|| panic!("our device in {seen}"));
    assert_eq!(
        shown["fingerprints"]["legacy"], ours["fingerprint"],
        "python's view of our key: {shown}"
    );

    // Live: a listening Tidings decrypts both namespaces, key exchange first.
    let listener = Listener::start(&alice, 60);
    settle();
    let mut sent = Vec::new();
    for (n, ns) in ["legacy", "v2", "legacy", "v2", "v2", "legacy"]
        .into_iter()
        .enumerate()
    {
        let body = format!("{ns} secret {n} ünï 👋");
        let answer = bob.send("alice@localhost", ns, &body);
        assert!(
            answer["devices"]
                .to_string()
                .contains(&our_device.to_string()),
            "python encrypted for our device: {answer}"
        );
        sent.push(body);
    }
    let got = listener.collect(sent.len(), Duration::from_secs(30));
    listener.stop();
    let bodies: Vec<&str> = got.iter().filter_map(|m| m["body"].as_str()).collect();
    assert_eq!(bodies, sent, "decrypted live: {got:?}");
    assert!(got.iter().all(|m| m["encrypted"] == true), "{got:?}");

    // Our answers to the key exchanges reached python and decrypted there.
    let events = bob.drain(Duration::from_secs(3));
    assert!(
        events.iter().all(|e| e["event"] != "undecryptable"),
        "python could not read our empty messages: {events:?}"
    );

    // From the archive, while we were offline: the same sessions, next messages.
    let later = ["archived legacy", "archived v2"];
    bob.send("alice@localhost", "legacy", later[0]);
    bob.send("alice@localhost", "v2", later[1]);
    std::thread::sleep(Duration::from_millis(500));
    alice.ok(&["sync"]);
    let history = alice.history("bob@localhost");
    let stored: Vec<&str> = history.iter().filter_map(|m| m["body"].as_str()).collect();
    let mut expected: Vec<&str> = sent.iter().map(String::as_str).collect();
    expected.extend(later);
    assert_eq!(stored, expected, "history, once each: {history:?}");
    assert!(history.iter().all(|m| m["encrypted"] == true));
    assert!(history.iter().all(|m| m["error"].is_null()), "{history:?}");

    // Bob's key, learnt from his key exchange, trusted blindly until verified.
    let bobs = devices(&alice, "bob@localhost");
    assert!(!bobs.is_empty(), "bob's devices: {bobs:?}");
    for d in &bobs {
        assert_eq!(d["device"].as_u64(), Some(bob.device), "{d}");
        assert_eq!(d["fingerprint"], bob.fingerprints["legacy"], "{d}");
        assert_eq!(d["trust"], "blind", "{d}");
    }
    let fingerprint = bob.fingerprints["legacy"].as_str().unwrap().to_string();
    alice.ok(&["omemo", "trust", "bob@localhost", &fingerprint]);
    assert!(
        devices(&alice, "bob@localhost")
            .iter()
            .all(|d| d["trust"] == "verified")
    );
}

#[test]
fn an_omemo_2_envelope_naming_another_sender_is_shown_as_undecryptable() {
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    alice.ok(&["sync"]);
    let mut bob = Peer::start(&server, "bob", "python bob");
    bob.send("alice@localhost", "v2", "hello");
    // Bob's device encrypts an envelope that claims mallory wrote it (XEP-0420 affixes).
    let forged = "<envelope xmlns='urn:xmpp:sce:1'><content>\
        <body xmlns='jabber:client'>I am mallory</body></content>\
        <rpad>xyz</rpad><from jid='mallory@localhost'/></envelope>";
    bob.command(json!({"cmd": "send", "to": "alice@localhost", "ns": "v2",
        "body": "", "envelope": forged}));
    bob.wait_for("sent", Duration::from_secs(30));
    std::thread::sleep(Duration::from_millis(500));
    alice.ok(&["sync"]);
    let history = alice.history("bob@localhost");
    assert_eq!(history.len(), 2, "{history:?}");
    let hello: Vec<_> = history.iter().filter(|m| m["body"] == "hello").collect();
    assert_eq!(hello.len(), 1, "{history:?}");
    let forged: Vec<_> = history.iter().filter(|m| m["body"] != "hello").collect();
    assert_eq!(
        forged[0]["body"], "",
        "neither the forged text nor the fallback"
    );
    assert!(
        forged[0]["error"]
            .as_str()
            .is_some_and(|e| e.contains("envelope")),
        "{history:?}"
    );
}
