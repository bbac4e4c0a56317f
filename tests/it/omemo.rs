//! OMEMO against the independent implementation (python-omemo through tests/peers), through
//! the real Prosody: what we publish is what other clients find, and what they encrypt to us
//! we read, in both namespaces, live and from the archive.

use std::time::Duration;

use serde_json::{Value, json};

use crate::harness::{Device, Listener, Server, settle};
use crate::peer::Peer;
use std::time::Instant;

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
    let order = ["legacy", "v2", "legacy", "v2", "v2", "legacy"];
    for (n, ns) in order.into_iter().enumerate() {
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
    let namespaces: Vec<Value> = got.iter().map(|m| m["namespaces"].clone()).collect();
    let expected: Vec<Value> = order.iter().map(|ns| json!([ns])).collect();
    assert_eq!(namespaces, expected, "the namespace each came in");

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
    // Our answer goes in legacy, which bob's device has; send --json says so.
    let printed = alice.ok(&["send", "bob@localhost", "answered in legacy", "--json"]);
    let sent: Value = serde_json::from_str(printed.trim()).expect("one JSON line");
    assert_eq!(
        (&sent["body"], &sent["encrypted"], &sent["namespaces"]),
        (
            &json!("answered in legacy"),
            &json!(true),
            &json!(["legacy"])
        ),
        "{sent}"
    );
    let read = bob.messages(1, Duration::from_secs(30));
    assert_eq!(read[0]["body"], "answered in legacy", "{read:?}");

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

/// What docs/security.md's battery asks of OMEMO: 1,000 messages each way per namespace with
/// an independent implementation, 0 failures. Bob's python client speaks both versions (we
/// send him legacy, as to Conversations); carol's speaks OMEMO 2 only (as Kaidan).
#[test]
fn a_thousand_messages_each_way_in_each_namespace_with_python_omemo() {
    const N: usize = 1000;
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    alice.ok(&["sync"]);
    let mut bob = Peer::start(&server, "bob", "python bob");
    let mut carol = Peer::start_speaking(&server, "carol", "python carol", Some("v2"));

    // Ours to theirs: one `tidings send` per contact, a message per line.
    let started = Instant::now();
    for (peer, name, ns) in [(&mut bob, "bob", "legacy"), (&mut carol, "carol", "v2")] {
        let lines: String = (0..N).map(|i| format!("to {name} {i} ✓\n")).collect();
        let out = alice.run_with_stdin(&["send", &format!("{name}@localhost"), "-"], &lines);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got = peer.messages(N, Duration::from_secs(120));
        let bodies: Vec<String> = got
            .iter()
            .map(|m| m["body"].as_str().unwrap_or("").to_string())
            .collect();
        let expected: Vec<String> = (0..N).map(|i| format!("to {name} {i} ✓")).collect();
        assert_eq!(bodies.len(), N, "{name} got {} of {N}", bodies.len());
        assert_eq!(bodies, expected, "in order, every one");
        assert!(
            got.iter().all(|m| m["event"] == "message" && m["ns"] == ns),
            "all decrypted by {name} as {ns}: {:?}",
            got.iter().find(|m| m["ns"] != ns)
        );
    }
    eprintln!("{N} messages to each peer in {:?}", started.elapsed());

    // Theirs to ours, from the archive while we are offline.
    let started = Instant::now();
    for (peer, ns) in [(&mut bob, "legacy"), (&mut carol, "v2")] {
        for i in 0..N {
            // The first reads our device lists; python-omemo keeps them from then on.
            peer.command(json!({"cmd": "send", "to": "alice@localhost", "ns": ns,
                "body": format!("{ns} {i}"), "refresh": i == 0}));
        }
        for _ in 0..N {
            peer.wait_for("sent", Duration::from_secs(60));
        }
    }
    alice.ok(&["sync"]);
    for (peer, ns) in [("bob@localhost", "legacy"), ("carol@localhost", "v2")] {
        let history = alice.history(peer);
        let incoming: Vec<&Value> = history.iter().filter(|m| m["direction"] == "in").collect();
        let bodies: Vec<&str> = incoming.iter().filter_map(|m| m["body"].as_str()).collect();
        let expected: Vec<String> = (0..N).map(|i| format!("{ns} {i}")).collect();
        let mut sorted = bodies.clone();
        sorted.sort_by_key(|b| b.rsplit(' ').next().and_then(|n| n.parse::<usize>().ok()));
        assert_eq!(sorted, expected, "every {ns} message from {peer}, once");
        assert!(
            incoming
                .iter()
                .all(|m| m["encrypted"] == true && m["error"].is_null())
        );
        // Ours stayed encrypted in the store's view too, in the namespace the peer reads.
        assert!(
            history
                .iter()
                .all(|m| m["encrypted"] == true && m["namespaces"] == json!([ns])),
            "{ns} both ways with {peer}: {:?}",
            history.iter().find(|m| m["namespaces"] != json!([ns]))
        );
    }
    eprintln!("{N} messages from each peer in {:?}", started.elapsed());
}

/// Every file under `dir`, searched for `needle` (the server's archives and offline store).
pub(crate) fn files_containing(dir: &std::path::Path, needle: &str) -> Vec<String> {
    let mut hits = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            hits.extend(files_containing(&path, needle));
        } else if let Ok(bytes) = std::fs::read(&path)
            && bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
        {
            hits.push(path.display().to_string());
        }
    }
    hits
}

/// security.md: a conversation marked encrypted never sends plain text, whatever fails. Each
/// body carries a canary; afterwards the server's whole data directory is searched for them.
#[test]
fn nothing_of_an_encrypted_conversation_reaches_the_server_in_plain_text_whatever_fails() {
    let server = Server::start_with(crate::harness::Tls::Required, &["alice", "bob", "dave"]);
    let alice = Device::new(&server, "alice");
    alice.ok(&["sync"]);
    let mut phone = Peer::start(&server, "bob", "bob phone");

    // It works: encrypted, and the conversation is encrypted from now on.
    alice.ok(&["send", "bob@localhost", "canary-delivered"]);
    let got = phone.messages(1, Duration::from_secs(30));
    assert_eq!(got[0]["body"], "canary-delivered", "{got:?}");
    assert_eq!(
        alice.ok(&["omemo", "encryption", "bob@localhost"]).trim(),
        "on"
    );

    // A new device of bob's after alice verified his first one: it is left out (not yet
    // trusted), the verified one still reads the message.
    let fingerprint = phone.fingerprints["legacy"].as_str().unwrap().to_string();
    alice.ok(&["omemo", "trust", "bob@localhost", &fingerprint]);
    let mut laptop = Peer::start(&server, "bob", "bob laptop");
    alice.ok(&["send", "bob@localhost", "canary-verified-only"]);
    let got = phone.messages(1, Duration::from_secs(30));
    assert_eq!(got[0]["body"], "canary-verified-only", "{got:?}");
    let other = laptop.messages(1, Duration::from_secs(30));
    assert_eq!(
        other[0]["event"], "undecryptable",
        "the new device cannot read it: {other:?}"
    );
    // One key (shown once per namespace it is used in) waits for a decision.
    let mut undecided: Vec<String> = devices(&alice, "bob@localhost")
        .into_iter()
        .filter(|d| d["trust"] == "undecided")
        .filter_map(|d| d["fingerprint"].as_str().map(str::to_string))
        .collect();
    undecided.dedup();
    assert_eq!(undecided.len(), 1, "the laptop's key waits for a decision");

    // Every key of bob distrusted: the message waits, saying why.
    alice.ok(&["omemo", "distrust", "bob@localhost", &fingerprint]);
    let laptop_key = undecided[0].clone();
    alice.ok(&["omemo", "distrust", "bob@localhost", &laptop_key]);
    let out = alice.run(&["send", "bob@localhost", "canary-distrusted"]);
    assert_eq!(out.status.code(), Some(5), "waits");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("trust"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // What the distrusted key still sends is shown, marked as from a key not trusted.
    phone.send("alice@localhost", "legacy", "from a distrusted key");
    alice.ok(&["sync"]);
    let marked: Vec<Value> = alice
        .history("bob@localhost")
        .into_iter()
        .filter(|m| m["body"] == "from a distrusted key")
        .collect();
    assert_eq!(marked.len(), 1, "{marked:?}");
    assert!(
        marked[0]["error"]
            .as_str()
            .is_some_and(|e| e.contains("do not trust")),
        "{marked:?}"
    );

    // Encryption on for dave, who has no OMEMO client at all: it waits too.
    alice.ok(&["omemo", "encryption", "dave@localhost", "on"]);
    let out = alice.run(&["send", "dave@localhost", "canary-no-device"]);
    assert_eq!(out.status.code(), Some(5), "waits");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no device"));

    // The waiting ones are kept, queued, with their reason; a later run sends nothing else.
    alice.ok(&["sync"]);
    let waiting: Vec<Value> = alice
        .history("bob@localhost")
        .into_iter()
        .chain(alice.history("dave@localhost"))
        .filter(|m| m["state"] == "queued")
        .collect();
    assert_eq!(waiting.len(), 2, "{waiting:?}");
    assert!(
        waiting.iter().all(|m| m["error"].is_string()),
        "{waiting:?}"
    );

    drop(phone);
    drop(laptop);
    let hits = files_containing(&server.dir.path().join("data"), "canary");
    assert!(hits.is_empty(), "plain text on the server: {hits:?}");
}

/// A session we lost (a restored backup, a bug) heals as other clients heal it: the message
/// that cannot be decrypted is shown as such, we offer the sender a new session at once, and
/// what they send next decrypts.
#[test]
fn a_lost_session_is_shown_then_healed_with_a_new_one() {
    use tidings::omemo::Namespace;
    use tidings::store::omemo::{DeviceAddress, delete_session};
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    alice.ok(&["sync"]);
    let mut bob = Peer::start(&server, "bob", "python bob");
    bob.send("alice@localhost", "legacy", "one");
    alice.ok(&["sync"]);
    bob.drain(Duration::from_secs(1));

    let store = tidings::store::Store::open(
        alice.profile.path(),
        Some(zeroize::Zeroizing::new(
            crate::harness::PASSPHRASE.to_string(),
        )),
    )
    .unwrap();
    let device = DeviceAddress {
        jid: "bob@localhost".parse().unwrap(),
        namespace: Namespace::Legacy,
        id: bob.device as u32,
    };
    store
        .writer
        .write_blocking(move |tx| {
            let account = tidings::store::accounts::pick(tx, None)?.id;
            delete_session(tx, account, &device)
        })
        .unwrap();
    drop(store);

    bob.send("alice@localhost", "legacy", "two");
    alice.ok(&["sync"]);
    // Our new session reached bob's device and he took it.
    let events = bob.drain(Duration::from_secs(3));
    assert!(
        events.iter().any(|e| e["event"] == "key_transport"),
        "a new session offered: {events:?}"
    );
    bob.send("alice@localhost", "legacy", "three");
    alice.ok(&["sync"]);
    let history = alice.history("bob@localhost");
    let bodies: Vec<&str> = history.iter().filter_map(|m| m["body"].as_str()).collect();
    assert_eq!(bodies, ["one", "", "three"], "{history:?}");
    assert!(history[1]["error"].is_string());
}

/// A device added mid-conversation is encrypted to from the next message on (Blind Trust
/// Before Verification: nothing was verified, so the new key is trusted like the first), and
/// both of the contact's devices read it; so does our other device, from its copy.
#[test]
fn a_device_added_mid_conversation_reads_the_next_message_and_so_do_our_others() {
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    let tablet = Device::new(&server, "alice");
    alice.ok(&["sync"]);
    tablet.ok(&["sync"]);
    let mut phone = Peer::start(&server, "bob", "bob phone");
    alice.ok(&["send", "bob@localhost", "before the laptop"]);
    assert_eq!(
        phone.messages(1, Duration::from_secs(30))[0]["body"],
        "before the laptop"
    );
    let mut laptop = Peer::start(&server, "bob", "bob laptop");
    alice.ok(&["send", "bob@localhost", "after the laptop"]);
    for device in [&mut phone, &mut laptop] {
        let got = device.messages(1, Duration::from_secs(30));
        assert_eq!(got[0]["body"], "after the laptop", "{got:?}");
        assert_eq!(got[0]["ns"], "legacy");
    }
    tablet.ok(&["sync"]);
    let copies = tablet.bodies("bob@localhost");
    assert_eq!(
        copies,
        ["before the laptop", "after the laptop"],
        "our other device's copies"
    );
}

/// A device list is believed only from its owner, as our server stamps it: a contact pushing
/// a "device list" notification at us (from a full JID, as a message) changes neither our own
/// list nor theirs (security.md: PEP events; Dino CVE-2023-28686 for the same shape).
#[test]
fn forged_device_list_notifications_from_a_contact_are_ignored() {
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    alice.ok(&["sync"]);
    let ours_before = devices(&alice, "alice@localhost");
    let listener = Listener::start(&alice, 20);
    settle();
    let mut mallory = crate::raw::Raw::login(&server, "bob");
    for node in [
        "eu.siacs.conversations.axolotl.devicelist",
        "urn:xmpp:omemo:2:devices",
    ] {
        let payload = if node.starts_with("eu.") {
            "<list xmlns='eu.siacs.conversations.axolotl'><device id='666'/></list>"
        } else {
            "<devices xmlns='urn:xmpp:omemo:2'><device id='666'/></devices>"
        };
        mallory.send(&format!(
            "<message to='alice@localhost'><event xmlns='http://jabber.org/protocol/pubsub#event'>\
             <items node='{node}'><item id='current'>{payload}</item></items></event></message>"
        ));
    }
    mallory.barrier();
    std::thread::sleep(Duration::from_millis(500));
    listener.stop();
    assert_eq!(
        devices(&alice, "alice@localhost"),
        ours_before,
        "our list unchanged"
    );
    assert!(
        devices(&alice, "bob@localhost").is_empty(),
        "a list pushed as a message from a full JID is not bob's list either"
    );
}

/// Another client of ours made the device list nodes with a stricter access model, so the
/// server refuses our publish-options (precondition-not-met). We configure the nodes to open
/// and publish again: strangers find our device, and the other client's stays listed.
#[test]
fn device_list_nodes_with_another_access_model_are_opened_and_published_again() {
    let server = Server::start();
    let mut other_client = crate::raw::Raw::login(&server, "alice");
    for (n, node) in [
        "eu.siacs.conversations.axolotl.devicelist",
        "urn:xmpp:omemo:2:devices",
    ]
    .into_iter()
    .enumerate()
    {
        let payload = if node.starts_with("eu.") {
            "<list xmlns='eu.siacs.conversations.axolotl'><device id='4242'/></list>"
        } else {
            "<devices xmlns='urn:xmpp:omemo:2'><device id='4242'/></devices>"
        };
        other_client.send(&format!(
            "<iq type='set' id='strict{n}'><pubsub xmlns='http://jabber.org/protocol/pubsub'>\
             <publish node='{node}'><item id='current'>{payload}</item></publish>\
             <publish-options><x xmlns='jabber:x:data' type='submit'>\
             <field var='FORM_TYPE' type='hidden'>\
             <value>http://jabber.org/protocol/pubsub#publish-options</value></field>\
             <field var='pubsub#access_model'><value>whitelist</value></field>\
             </x></publish-options></pubsub></iq>"
        ));
        // A ping after it: its answer comes after the publish's.
        other_client.send(&format!(
            "<iq type='get' id='after{n}' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>"
        ));
        let answer = other_client.expect(&format!("after{n}"));
        assert!(
            answer.contains(&format!("strict{n}")) && !answer.contains("type='error'"),
            "the whitelist node was made: {answer}"
        );
    }
    drop(other_client);

    let alice = Device::new(&server, "alice");
    let ours = own_fingerprint(&alice)["device"].as_u64().unwrap();
    alice.ok(&["sync"]);
    std::thread::sleep(Duration::from_millis(500));
    let mut bob = Peer::start(&server, "bob", "python bob");
    bob.command(json!({"cmd": "devices", "jid": "alice@localhost"}));
    let seen = bob.wait_for("devices", Duration::from_secs(30));
    // python lists only devices with a bundle, so the other client's 4242 (which has none)
    // is not among them; a whitelist node would have shown it nothing at all.
    for ns in ["legacy", "v2"] {
        assert_eq!(
            seen[ns],
            json!([ours]),
            "{ns} list as a stranger reads it: {seen}"
        );
    }
    let mut listed: Vec<(String, u64)> = devices(&alice, "alice@localhost")
        .iter()
        .filter(|d| d["active"] == true)
        .map(|d| {
            (
                d["namespace"].as_str().unwrap().to_string(),
                d["device"].as_u64().unwrap(),
            )
        })
        .collect();
    listed.sort();
    let mut expected: Vec<(String, u64)> = ["legacy", "v2"]
        .iter()
        .flat_map(|ns| [(ns.to_string(), 4242), (ns.to_string(), ours)])
        .collect();
    expected.sort();
    assert_eq!(listed, expected, "our lists keep the other client's device");
    // python found our bundle too: it shows our key.
    let details = seen["details"].as_array().unwrap();
    assert!(
        details
            .iter()
            .any(|d| d["device"].as_u64() == Some(ours) && d["fingerprints"].is_object()),
        "{seen}"
    );
}

/// Messages that overtake each other (another route, a resend after a reconnect) still
/// decrypt, with the ratchet's skipped message keys: python's to us in both namespaces, ours
/// to python in the one each peer reads (bob legacy, carol OMEMO 2 alone).
#[test]
fn messages_arriving_out_of_order_decrypt_both_ways() {
    const N: usize = 5;
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    alice.ok(&["sync"]);
    let mut bob = Peer::start(&server, "bob", "python bob");
    let mut carol = Peer::start_speaking(&server, "carol", "python carol", Some("v2"));

    // Theirs to ours: sessions first, then messages let go last first.
    let listener = Listener::start(&alice, 120);
    settle();
    for ns in ["legacy", "v2"] {
        bob.send("alice@localhost", ns, &format!("hello in {ns}"));
    }
    let first = listener.collect(2, Duration::from_secs(30));
    assert_eq!(first.len(), 2, "{first:?}");
    let mut held = Vec::new();
    for ns in ["legacy", "v2"] {
        for i in 0..N {
            let body = format!("{ns} overtaken {i}");
            bob.command(json!({"cmd": "send", "to": "alice@localhost", "ns": ns,
                "body": body, "hold": true}));
            bob.wait_for("sent", Duration::from_secs(30));
            held.push((body, ns));
        }
    }
    bob.command(json!({"cmd": "release_sent"}));
    bob.wait_for("released", Duration::from_secs(10));
    let got = listener.collect(2 * N, Duration::from_secs(30));
    listener.stop();
    held.reverse();
    let bodies: Vec<&str> = got.iter().filter_map(|m| m["body"].as_str()).collect();
    let expected: Vec<&str> = held.iter().map(|(b, _)| b.as_str()).collect();
    assert_eq!(
        bodies, expected,
        "every one decrypted, in arrival order: {got:?}"
    );
    for (m, (_, ns)) in got.iter().zip(&held) {
        assert_eq!(m["namespaces"], json!([ns]), "{m}");
        assert!(m["error"].is_null(), "{m}");
    }

    // Ours to theirs: each peer reads what we sent last first.
    for (peer, name, ns) in [(&mut bob, "bob", "legacy"), (&mut carol, "carol", "v2")] {
        // The session first, read in order.
        alice.ok(&["send", &format!("{name}@localhost"), "before"]);
        let got = peer.messages(1, Duration::from_secs(30));
        assert_eq!(got[0]["body"], "before", "{got:?}");
        peer.command(json!({"cmd": "hold_incoming"}));
        peer.wait_for("holding", Duration::from_secs(10));
        let lines: String = (0..N)
            .map(|i| format!("to {name} overtaken {i}\n"))
            .collect();
        let out = alice.run_with_stdin(&["send", &format!("{name}@localhost"), "-"], &lines);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while peer.wait_for("held", Duration::from_secs(30))["count"].as_u64() < Some(N as u64) {
            assert!(std::time::Instant::now() < deadline, "{name} got all {N}");
        }
        peer.command(json!({"cmd": "release_incoming"}));
        let got = peer.messages(N, Duration::from_secs(30));
        let bodies: Vec<&str> = got.iter().filter_map(|m| m["body"].as_str()).collect();
        let expected: Vec<String> = (0..N)
            .rev()
            .map(|i| format!("to {name} overtaken {i}"))
            .collect();
        assert_eq!(bodies, expected, "{name} read every one: {got:?}");
        assert!(
            got.iter().all(|m| m["event"] == "message" && m["ns"] == ns),
            "{got:?}"
        );
    }
}

/// A lost device of ours is taken out of our device lists, and contacts stop encrypting to
/// it. The device in use cannot remove itself, and a device not listed is refused by name.
#[test]
fn a_lost_device_of_ours_leaves_our_device_lists() {
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    let ours = own_fingerprint(&alice)["device"].as_u64().unwrap();
    alice.ok(&["sync"]);
    let phone = Peer::start(&server, "alice", "python alice phone");
    let lost = phone.device;
    drop(phone);
    alice.ok(&["sync"]);
    let active = |device: u64| -> Vec<String> {
        devices(&alice, "alice@localhost")
            .iter()
            .filter(|d| d["device"].as_u64() == Some(device) && d["active"] == true)
            .map(|d| d["namespace"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(active(lost), ["legacy", "v2"], "the phone is listed");

    for (device, why) in [
        (ours, "this is the device you are using"),
        (4242, "device 4242 is not in this account's device lists"),
    ] {
        let out = alice.run(&["omemo", "remove-device", &device.to_string()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && stderr.contains(why), "{stderr}");
    }
    alice.ok(&["omemo", "remove-device", &lost.to_string()]);
    assert!(active(lost).is_empty(), "the phone left both lists");
    assert_eq!(active(ours), ["legacy", "v2"], "ours stayed");

    let mut bob = Peer::start(&server, "bob", "python bob");
    for ns in ["legacy", "v2"] {
        let answer = bob.send("alice@localhost", ns, "after the phone was lost");
        let to: Vec<u64> = answer["devices"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d[1].as_u64())
            .collect();
        assert_eq!(to, [ours], "{ns}: encrypted for our device alone: {answer}");
    }
}

/// Legacy OMEMO encrypts the body alone, so a reaction would travel in plain text: in an
/// encrypted conversation it is refused with the reason, and no emoji reaches the server.
#[test]
fn reactions_are_refused_in_an_encrypted_conversation() {
    use tidings::core::{Command, Event, MessageId};
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    alice.ok(&["sync"]);
    let mut bob = Peer::start(&server, "bob", "python bob");
    bob.send("alice@localhost", "legacy", "react to this");
    std::thread::sleep(Duration::from_millis(500));
    alice.ok(&["sync"]);
    let history = alice.history("bob@localhost");
    let id = MessageId(history[0]["id"].as_i64().unwrap());

    let mut live = crate::harness::Live::start(&alice);
    live.send(Command::React {
        message: id,
        emojis: vec!["🦄".into()],
    });
    let reason = live.wait_for("the refusal", Duration::from_secs(10), |e| match e {
        Event::CommandFailed {
            action: "react",
            reason,
            ..
        } => Some(reason.clone()),
        _ => None,
    });
    live.stop();
    assert_eq!(reason, tidings::session::outgoing::REACTIONS_NOT_ENCRYPTED);
    let history = alice.history("bob@localhost");
    assert_eq!(history.len(), 1, "{history:?}");
    // The server's archives and offline store keep stanzas whole: no reactions element.
    let hits = files_containing(&server.dir.path().join("data"), "urn:xmpp:reactions");
    assert!(hits.is_empty(), "a reaction reached the server: {hits:?}");
    let events = bob.drain(Duration::from_secs(2));
    assert!(
        !format!("{events:?}").contains("🦄"),
        "python got a reaction: {events:?}"
    );
}
