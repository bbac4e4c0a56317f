//! The independent OMEMO implementation as a test peer: tests/peers/omemo_peer.py (python-omemo
//! on slixmpp), one process per device, driven by JSON lines (tests/peers/README.md).

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::OnceLock;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::harness::{PASSWORD, Server};

/// The virtualenv's python, made once by scripts/python-peers (which installs what is missing).
fn python() -> &'static str {
    static PYTHON: OnceLock<String> = OnceLock::new();
    PYTHON.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let out = Command::new(root.join("scripts/python-peers"))
            .stderr(Stdio::inherit())
            .output()
            .expect("run scripts/python-peers");
        assert!(
            out.status.success(),
            "scripts/python-peers could not make the python OMEMO peer's environment"
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .last()
            .expect("scripts/python-peers prints the python path")
            .trim()
            .to_string()
    })
}

pub struct Peer {
    child: Child,
    stdin: ChildStdin,
    events: Receiver<Value>,
    pub device: u64,
    /// Its identity's fingerprints, "legacy" (Curve25519 hex) and "v2" (Ed25519 hex).
    pub fingerprints: Value,
    _store: tempfile::TempDir,
}

impl Peer {
    /// A device of `user` on `server`, online once its device lists and bundles are published.
    pub fn start(server: &Server, user: &str, label: &str) -> Peer {
        Peer::start_speaking(server, user, label, None)
    }

    /// The same, speaking one OMEMO version only ("legacy" or "v2"), like clients that have
    /// only one (Kaidan has OMEMO 2 alone).
    pub fn start_speaking(server: &Server, user: &str, label: &str, only: Option<&str>) -> Peer {
        let store = tempfile::tempdir().unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peers/omemo_peer.py");
        let mut child = Command::new(python())
            .arg(script)
            .args(["--jid", &format!("{user}@localhost")])
            .args(["--host", "127.0.0.1", "--port", &server.c2s.to_string()])
            .arg("--ca-file")
            .arg(&server.ca_file)
            .arg("--store")
            .arg(store.path().join("peer.json"))
            .args(["--device-label", label])
            .args(only.map(|o| vec!["--only", o]).unwrap_or_default())
            .env("PEER_PASSWORD", PASSWORD)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the python OMEMO peer");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, events) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Ok(v) = serde_json::from_str::<Value>(&line) {
                    let _ = tx.send(v);
                }
            }
        });
        let mut peer = Peer {
            child,
            stdin,
            events,
            device: 0,
            fingerprints: Value::Null,
            _store: store,
        };
        let ready = peer.wait_for("ready", Duration::from_secs(60));
        peer.device = ready["device_id"].as_u64().expect("a device id");
        peer.fingerprints = ready["fingerprints"].clone();
        peer
    }

    pub fn command(&mut self, command: Value) {
        writeln!(self.stdin, "{command}").expect("the peer reads commands");
        self.stdin.flush().unwrap();
    }

    /// The next event named `kind`; the ones before it are returned too, in `skipped`.
    pub fn wait_for(&mut self, kind: &str, within: Duration) -> Value {
        self.wait_collecting(kind, within).0
    }

    pub fn wait_collecting(&mut self, kind: &str, within: Duration) -> (Value, Vec<Value>) {
        let deadline = Instant::now() + within;
        let mut skipped = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(v) if v["event"] == kind => return (v, skipped),
                Ok(v) => skipped.push(v),
                Err(_) => panic!("the python peer sent no {kind} event; before: {skipped:?}"),
            }
        }
    }

    /// The next `n` message events (key transports and others skipped), in arrival order.
    pub fn messages(&mut self, n: usize, within: Duration) -> Vec<Value> {
        let deadline = Instant::now() + within;
        let mut got = Vec::new();
        while got.len() < n {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(v) if v["event"] == "message" || v["event"] == "undecryptable" => got.push(v),
                Ok(_) => {}
                Err(_) => break,
            }
        }
        got
    }

    /// Every event that arrives within `within`.
    pub fn drain(&mut self, within: Duration) -> Vec<Value> {
        let deadline = Instant::now() + within;
        let mut got = Vec::new();
        while let Ok(v) = self
            .events
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            got.push(v);
        }
        got
    }

    /// Encrypts `body` to `to` in `ns` ("legacy" or "v2"); returns the peer's answer.
    pub fn send(&mut self, to: &str, ns: &str, body: &str) -> Value {
        self.command(json!({"cmd": "send", "to": to, "ns": ns, "body": body, "refresh": true}));
        self.wait_for("sent", Duration::from_secs(30))
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = writeln!(self.stdin, "{}", json!({"cmd": "quit"}));
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
