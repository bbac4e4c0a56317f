//! Creating an account from the app (XEP-0077) and changing its password.

use crate::harness::{Device, PASSWORD, Server};

fn register(device: &Device, server: &Server, password: &str) -> std::process::Output {
    device.run_with_stdin(
        &[
            "account",
            "register",
            &device.jid,
            "--password-stdin",
            "--host",
            "127.0.0.1",
            "--port",
            &server.c2s.to_string(),
            "--ca-file",
            &server.ca_file.display().to_string(),
        ],
        password,
    )
}

#[test]
fn registered_account_can_chat_right_away() {
    let server = Server::start();
    let newcomer = Device::bare("newcomer");
    let out = register(&newcomer, &server, "a new secret");
    assert!(
        out.status.success(),
        "register failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    newcomer.ok(&["send", "alice@localhost", "hello from a new account"]);
    let alice = Device::new(&server, "alice");
    alice.ok(&["sync"]);
    assert_eq!(
        alice.bodies("newcomer@localhost"),
        vec!["hello from a new account"]
    );
}

#[test]
fn registering_a_taken_address_is_one_clear_error() {
    let server = Server::start();
    let intruder = Device::bare("alice");
    let out = register(&intruder, &server, "not alice's password");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("already taken"), "{stderr}");
    // Nothing was added to the profile, and alice's password still works.
    assert_eq!(intruder.ok(&["account", "list"]).trim(), "");
    Device::new(&server, "alice").ok(&["sync"]);
}

#[test]
fn changed_password_is_used_at_the_next_login() {
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    let out = alice.run_with_stdin(&["account", "password", "--password-stdin"], "brand new");
    assert!(
        out.status.success(),
        "password change failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("password changed"));
    // The stored password is the new one: this device logs in again.
    alice.ok(&["sync"]);
    // Another device with the old password is refused, once and clearly.
    let old = Device::bare("alice");
    old.add_account(server.c2s, Some(&server.ca_file), PASSWORD, &[]);
    let out = old.run(&["sync"]);
    assert_eq!(out.status.code(), Some(3));
    // The new password works from scratch.
    let fresh = Device::bare("alice");
    fresh.add_account(server.c2s, Some(&server.ca_file), "brand new", &[]);
    fresh.ok(&["sync"]);
}

/// A broken xmpp: link on the command line is refused before any window or profile opens.
#[test]
fn a_malformed_link_is_refused_and_nothing_is_done() {
    let profile = tempfile::tempdir().unwrap();
    let dir = profile.path().join("profile");
    for link in [
        "xmpp:bob@example.org?message;body=%zz",
        "https://example.org",
        "xmpp:",
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_tidings"))
            .arg("--profile")
            .arg(&dir)
            .arg(link)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{link}");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            said.contains("is not a link Tidings can open"),
            "{link}: {said}"
        );
        assert!(!dir.exists(), "{link}: the profile was touched");
    }
}
