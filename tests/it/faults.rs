//! Faults: the server restarts mid-conversation; a sender is killed mid-burst; the
//! connection is reset; the link stays down longer than the server keeps a session.

use std::time::Duration;

use tidings::core::{Command, ConnectionState, Event, OutgoingText};

use crate::harness::{Device, Listener, Live, PASSWORD, Proxy, Server, Tls, settle};

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

/// Sends `lines` with `tidings send bob -` and kills it with SIGKILL after `after`.
fn send_and_kill(device: &Device, lines: &[String], after: Duration) {
    use std::io::Write;
    let mut child = device
        .command(&["send", "bob@localhost", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let _ = stdin.write_all(lines.join("\n").as_bytes());
    drop(stdin);
    std::thread::sleep(after);
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
}

/// The messages of `all` that `device` has not stored in its conversation with bob.
fn not_stored(device: &Device, all: &[String]) -> Vec<String> {
    let stored: std::collections::HashSet<String> =
        device.bodies("bob@localhost").into_iter().collect();
    all.iter()
        .filter(|m| !stored.contains(*m))
        .cloned()
        .collect()
}

#[test]
fn kill_9_during_a_burst_loses_and_duplicates_nothing() {
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    let bob = Device::new(&server, "bob");
    let all: Vec<String> = (0..200).map(|i| format!("burst message {i:03}")).collect();
    // Deterministic "random" kill points, spread over queueing and sending.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for _round in 0..8 {
        let missing = not_stored(&alice, &all);
        if missing.is_empty() {
            break;
        }
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let after = Duration::from_millis(30 + seed % 870);
        send_and_kill(&alice, &missing, after);
        let history = alice.history("bob@localhost");
        let queued = history.iter().filter(|m| m["state"] == "queued").count();
        eprintln!(
            "killed after {after:?}: {} stored, {queued} of them still queued",
            history.len()
        );
    }
    // Whatever is still missing is sent by a run that is not killed; queued ones go too.
    let missing = not_stored(&alice, &all);
    if missing.is_empty() {
        alice.ok(&["sync"]);
    } else {
        let out = alice.run_with_stdin(&["send", "bob@localhost", "-"], &missing.join("\n"));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let sent = alice.history("bob@localhost");
    assert_eq!(sent.len(), 200, "the sender stored each message once");
    assert!(
        sent.iter().all(|m| m["state"] != "queued"),
        "everything reached the server"
    );

    bob.ok(&["sync"]);
    let mut got = bob.bodies("alice@localhost");
    got.sort();
    let mut expected = all.clone();
    expected.sort();
    assert_eq!(
        got.len(),
        200,
        "received exactly 200, no loss and no duplicate"
    );
    assert_eq!(got, expected);

    // The killed profile is consistent.
    let store = tidings::store::Store::open(
        alice.profile.path(),
        Some(zeroize::Zeroizing::new(
            crate::harness::PASSPHRASE.to_string(),
        )),
    )
    .unwrap();
    let check: String = store
        .readers
        .read_blocking(|c| Ok(c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(check, "ok");
}

/// A device of `user` whose connection runs through a proxy the test controls.
fn behind_proxy(server: &Server, user: &str) -> (Device, Proxy) {
    let proxy = Proxy::new(server.c2s);
    let device = Device::bare(user);
    device.add_account(proxy.port, Some(&server.ca_file), PASSWORD, &[]);
    (device, proxy)
}

/// Waits until `device`'s session is online again after a fault.
fn online_again(live: &mut Live) {
    live.wait_for("back online", Duration::from_secs(60), |e| match e {
        Event::Connection {
            state: ConnectionState::Online { .. },
            ..
        } => Some(()),
        _ => None,
    });
}

/// Sends `texts` to `to` through the live session.
fn send_all(live: &Live, to: &str, texts: &[String]) {
    for text in texts {
        live.send(Command::SendText(OutgoingText {
            to: to.parse().unwrap(),
            private: None,
            body: text.clone(),
            reply_to: None,
        }));
    }
}

/// Polls until `device` (by CLI sync) has exactly `expected` from `peer`, or 60 s pass.
fn converges(device: &Device, peer: &str, expected: &[String]) {
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    let mut want = expected.to_vec();
    want.sort();
    loop {
        device.ok(&["sync"]);
        let mut got: Vec<String> = device
            .history(peer)
            .iter()
            .filter(|m| m["direction"] == "in")
            .map(|m| m["body"].as_str().unwrap().to_string())
            .collect();
        got.sort();
        if got == want {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "not converged within 60 s: got {got:?}"
        );
        std::thread::sleep(Duration::from_millis(500));
    }
}

#[test]
fn connection_reset_loses_and_duplicates_nothing() {
    let server = Server::start();
    let (alice, proxy) = behind_proxy(&server, "alice");
    let bob = Device::new(&server, "bob");
    let mut live = Live::start(&alice);
    let first: Vec<String> = (0..5).map(|i| format!("before reset {i}")).collect();
    send_all(&live, "bob@localhost", &first);
    proxy.cut();
    // Written while the connection is being re-established: queued, then sent.
    let second: Vec<String> = (0..5).map(|i| format!("after reset {i}")).collect();
    send_all(&live, "bob@localhost", &second);
    for i in 0..3 {
        bob.ok(&["send", "alice@localhost", &format!("to alice {i}")]);
    }
    online_again(&mut live);
    let account = live.account;
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let (queued, incoming) = live.read(move |c| {
            let all = tidings::store::messages::all(c, account)?;
            let queued = tidings::store::outbox::count(c, account)?;
            Ok((
                queued,
                all.into_iter()
                    .filter(|m| m.direction == tidings::core::Direction::In)
                    .count(),
            ))
        });
        if queued == 0 && incoming == 3 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "not converged: {queued} queued, {incoming} received"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    live.stop();
    let all: Vec<String> = first.iter().chain(second.iter()).cloned().collect();
    converges(&bob, "alice@localhost", &all);
    let received: Vec<String> = (0..3).map(|i| format!("to alice {i}")).collect();
    assert_eq!(
        {
            let mut b = alice.bodies("bob@localhost");
            b.retain(|m| m.starts_with("to alice"));
            b.sort();
            b
        },
        received,
        "each received once"
    );
}

#[test]
fn outage_longer_than_the_resumption_window_loses_and_duplicates_nothing() {
    // The server forgets a broken session after 3 s, so reconnecting cannot resume it: a
    // fresh session must catch up from the archive and replay the outbox.
    let server = Server::start_tuned(
        Tls::Required,
        &["alice", "bob"],
        "smacks_hibernation_time = 3\n",
    );
    let (alice, proxy) = behind_proxy(&server, "alice");
    let bob = Device::new(&server, "bob");
    let mut live = Live::start(&alice);
    proxy.set_down(true);
    let written: Vec<String> = (0..5).map(|i| format!("written offline {i}")).collect();
    send_all(&live, "bob@localhost", &written);
    let missed: Vec<String> = (0..5).map(|i| format!("missed while down {i}")).collect();
    for text in &missed {
        bob.ok(&["send", "alice@localhost", text]);
    }
    std::thread::sleep(Duration::from_secs(6));
    proxy.set_down(false);
    let fresh = live.wait_for("a fresh session", Duration::from_secs(60), |e| match e {
        Event::Connection {
            state: ConnectionState::Online { resumed },
            ..
        } => Some(!*resumed),
        _ => None,
    });
    assert!(fresh, "the session could not have been resumed");
    live.wait_for("catch-up", Duration::from_secs(60), |e| match e {
        Event::CaughtUp { .. } => Some(()),
        _ => None,
    });
    let account = live.account;
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while live.read(move |c| tidings::store::outbox::count(c, account)) > 0 {
        assert!(std::time::Instant::now() < deadline, "outbox not sent");
        std::thread::sleep(Duration::from_millis(200));
    }
    live.stop();
    let mut got = alice.bodies("bob@localhost");
    got.retain(|m| m.starts_with("missed"));
    got.sort();
    assert_eq!(got, missed, "each missed message once");
    converges(&bob, "alice@localhost", &written);
}
