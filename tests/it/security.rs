//! Transport and login rules of security.md against a real server: nothing that could
//! reveal a password leaves before TLS, and failures are final, clear and quiet.

use crate::harness::{Device, PASSWORD, Proxy, Server, Tls};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn wrong_password_is_one_clear_error_without_a_retry_loop() {
    let server = Server::start();
    let proxy = Proxy::new(server.c2s);
    let alice = Device::bare("alice");
    alice.add_account(proxy.port, Some(&server.ca_file), "not the password", &[]);
    let started = std::time::Instant::now();
    let out = alice.run(&["send", "bob@localhost", "will stay queued"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("authentication failed"),
        "{}",
        stderr(&out)
    );
    assert!(started.elapsed().as_secs() < 20);
    assert_eq!(
        proxy.connections.load(std::sync::atomic::Ordering::SeqCst),
        1
    );
    // The next run does not knock again until the password changes.
    let out = alice.run(&["sync"]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        proxy.connections.load(std::sync::atomic::Ordering::SeqCst),
        1
    );
    // The message is still queued and goes out once the password is right.
    alice.add_account(proxy.port, Some(&server.ca_file), PASSWORD, &[]);
    alice.ok(&["sync"]);
    let h = alice.history("bob@localhost");
    assert_eq!(h[0]["state"], "sent", "{h:?}");
}

#[test]
fn server_without_starttls_gets_no_auth_byte() {
    let server = Server::start_with(Tls::Off, &["alice"]);
    let proxy = Proxy::new(server.c2s);
    let alice = Device::bare("alice");
    alice.add_account(proxy.port, Some(&server.ca_file), PASSWORD, &[]);
    let out = alice.run(&["sync"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("does not offer encryption"),
        "{}",
        stderr(&out)
    );
    let sent = proxy.client_bytes();
    assert!(
        sent.contains("<stream:stream") || sent.contains("stream"),
        "{sent}"
    );
    assert!(
        !sent.contains("auth"),
        "credentials material sent without TLS: {sent}"
    );
    assert!(
        !sent.contains("alice"),
        "the user name leaked without TLS: {sent}"
    );
}

#[test]
fn untrusted_certificate_shows_its_fingerprint_and_can_be_pinned() {
    let server = Server::start();
    let proxy = Proxy::new(server.c2s);
    let alice = Device::bare("alice");
    // No CA file: the test CA is not among the system roots.
    alice.add_account(proxy.port, None, PASSWORD, &[]);
    let out = alice.run(&["sync"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let text = stderr(&out);
    let fingerprint = text
        .split_whitespace()
        .find(|w| w.len() == 64 && w.chars().all(|c| c.is_ascii_hexdigit()))
        .unwrap_or_else(|| panic!("no fingerprint in: {text}"))
        .to_string();
    assert!(
        !proxy.client_bytes().contains("<auth"),
        "auth sent to an untrusted server"
    );

    // A wrong pin is refused even though the CA would vouch for the server.
    let wrong = "00".repeat(32);
    alice.add_account(
        proxy.port,
        Some(&server.ca_file),
        PASSWORD,
        &["--pin", &wrong],
    );
    assert_eq!(alice.run(&["sync"]).status.code(), Some(4));
    assert!(
        !proxy.client_bytes().contains("<auth"),
        "auth sent despite a pin mismatch"
    );

    // The right pin is accepted without any CA.
    alice.add_account(proxy.port, None, PASSWORD, &["--pin", &fingerprint]);
    alice.ok(&["sync"]);
}

#[test]
fn direct_tls_port_works() {
    let server = Server::start();
    let alice = Device::bare("alice");
    alice.add_account(
        server.direct_tls,
        Some(&server.ca_file),
        PASSWORD,
        &["--direct-tls"],
    );
    alice.ok(&["send", "bob@localhost", "over direct TLS"]);
}
