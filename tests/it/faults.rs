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
