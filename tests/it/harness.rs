//! A real Prosody (Debian's package) on loopback with random ports, a fresh data
//! directory, a certificate from a CA made for the test, and users made with prosodyctl;
//! plus helpers to run the `tidings` binary against it and a recording TCP proxy.

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const PASSWORD: &str = "correct horse battery staple";
pub const PASSPHRASE: &str = "test profile passphrase";

/// A port nothing listens on, never handed out before in this run: the system may offer a
/// just-released port again, and two servers starting side by side once got the same one
/// (one's c2s port was the other's s2s: "No stream features to offer").
pub fn free_port() -> u16 {
    static GIVEN: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());
    let mut given = GIVEN.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        if !given.contains(&port) {
            given.push(port);
            return port;
        }
    }
}

fn run_ok(cmd: &mut Command) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What the server offers.
#[derive(Clone, Copy, PartialEq)]
pub enum Tls {
    /// STARTTLS required (and direct TLS on its own port).
    Required,
    /// No TLS at all: for the test that no credentials are ever sent in the clear.
    Off,
}

pub struct Server {
    pub dir: tempfile::TempDir,
    pub c2s: u16,
    pub direct_tls: u16,
    pub ca_file: PathBuf,
    config: PathBuf,
    child: Option<Child>,
}

impl Server {
    pub fn start() -> Server {
        Server::start_with(Tls::Required, &["alice", "bob", "carol"])
    }

    pub fn start_with(tls: Tls, users: &[&str]) -> Server {
        Server::start_tuned(tls, users, "")
    }

    /// With extra lines of Prosody configuration (global section), e.g. another storage.
    pub fn start_tuned(tls: Tls, users: &[&str], extra: &str) -> Server {
        assert!(
            Path::new("/usr/bin/prosody").exists(),
            "Prosody is not installed: run scripts/test, which installs it (apt-get install prosody)"
        );
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let certs = root.join("certs");
        std::fs::create_dir_all(&certs).unwrap();
        std::fs::create_dir_all(root.join("data")).unwrap();
        make_certificates(&certs);
        let (c2s, direct_tls, https) = (free_port(), free_port(), free_port());
        let config = root.join("prosody.cfg.lua");
        let tls_lines = match tls {
            Tls::Required => format!("c2s_require_encryption = true\nc2s_direct_tls_ports = {{ {direct_tls} }}\n"),
            Tls::Off => "c2s_require_encryption = false\nallow_unencrypted_plain_auth = true\nmodules_disabled = { \"tls\" }\n".to_string(),
        };
        let text = format!(
            r#"
daemonize = false
run_as_root = true
pidfile = "{root}/prosody.pid"
data_path = "{root}/data"
interfaces = {{ "127.0.0.1" }}
local_interfaces = {{ "127.0.0.1" }}
c2s_ports = {{ {c2s} }}
s2s_ports = {{ {s2s} }}
http_ports = {{ {http} }}
https_ports = {{ {https} }}
{tls_lines}
certificates = "{root}/certs"
log = {{ info = "{root}/prosody.log"; error = "{root}/prosody.err" }}
authentication = "internal_hashed"
storage = "internal"
archive_expires_after = "never"
max_archive_query_results = 250
default_archive_policy = true
smacks_hibernation_time = 20
limits = {{ c2s = {{ rate = "10mb/s" }} }}
-- Uploads larger than Prosody's default 10 MiB request body (benches/files.rs sends 100 MB).
http_max_content_size = 300 * 1024 * 1024
allow_registration = true
modules_enabled = {{
  "roster"; "saslauth"; "tls"; "disco"; "carbons"; "pep"; "private"; "blocklist";
  "vcard4"; "vcard_legacy"; "version"; "uptime"; "time"; "ping"; "register"; "mam";
  "smacks"; "csi_simple"; "offline"; "admin_shell";
}}
{extra}
VirtualHost "localhost"

-- Group chats with their archive, moderation (XEP-0425) and pictures (XEP-0486), the last
-- two from prosody-modules. Rooms outlive their last occupant, as the persistent rooms
-- people make do.
Component "conference.localhost" "muc"
  modules_enabled = {{ "muc_mam"; "muc_moderation"; "vcard_muc" }}
  muc_room_default_persistent = true

-- HTTP File Upload (XEP-0363). upload.localhost does not resolve here: slots name
-- localhost, whose certificate the test CA signed, and Prosody routes them to the component.
Component "upload.localhost" "http_file_share"
  http_host = "localhost"
  http_external_url = "https://localhost:{https}/"
  http_file_share_size_limit = 200 * 1024 * 1024
  http_file_share_daily_quota = 4 * 1024 * 1024 * 1024
"#,
            root = root.display(),
            s2s = free_port(),
            http = free_port(),
        );
        std::fs::write(&config, text).unwrap();
        for user in users {
            run_ok(
                Command::new("prosodyctl")
                    .arg("--config")
                    .arg(&config)
                    .args(["register", user, "localhost", PASSWORD]),
            );
        }
        let mut server = Server {
            ca_file: certs.join("ca.pem"),
            dir,
            c2s,
            direct_tls,
            config,
            child: None,
        };
        server.launch();
        server
    }

    fn launch(&mut self) {
        let log = std::fs::File::create(self.dir.path().join("stdout.log")).unwrap();
        let child = Command::new("prosody")
            .arg("--config")
            .arg(&self.config)
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("start prosody");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", self.c2s)).is_err() {
            if Instant::now() > deadline {
                panic!("Prosody did not start listening: {}", self.log());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Kills the server (like a crash) and starts it again on the same data and ports.
    pub fn restart(&mut self) {
        self.kill();
        self.launch();
    }

    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Runs Lua inside the running server (prosodyctl shell): for faults no client can
    /// cause, such as a room forgetting its occupants. Returns what the shell printed.
    pub fn shell(&self, lua: &str) -> String {
        let out = Command::new("prosodyctl")
            .arg("--config")
            .arg(&self.config)
            .arg("shell")
            .arg(format!("> {lua}"))
            .output()
            .expect("run prosodyctl shell");
        let printed = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "prosodyctl shell failed: {printed} {}",
            String::from_utf8_lossy(&out.stderr)
        );
        printed
    }

    pub fn log(&self) -> String {
        let root = self.dir.path();
        format!(
            "{}\n{}",
            std::fs::read_to_string(root.join("prosody.log")).unwrap_or_default(),
            std::fs::read_to_string(root.join("stdout.log")).unwrap_or_default()
        )
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

fn make_certificates(dir: &Path) {
    let openssl = |args: &[&str]| run_ok(Command::new("openssl").current_dir(dir).args(args));
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=Tidings Test CA",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
    ]);
    openssl(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=localhost",
        "-keyout",
        "localhost.key",
        "-out",
        "localhost.csr",
    ]);
    std::fs::write(dir.join("san.ext"), "subjectAltName=DNS:localhost\n").unwrap();
    openssl(&[
        "x509",
        "-req",
        "-in",
        "localhost.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "san.ext",
        "-out",
        "localhost.crt",
    ]);
}

/// One `tidings` profile (a device) for one account.
pub struct Device {
    pub profile: tempfile::TempDir,
    pub jid: String,
}

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_tidings")
}

impl Device {
    /// A new profile with the account added, talking to `port` (the server, or a proxy).
    pub fn new(server: &Server, user: &str) -> Device {
        let device = Device::bare(user);
        device.add_account(server.c2s, Some(&server.ca_file), PASSWORD, &[]);
        device
    }

    pub fn bare(user: &str) -> Device {
        Device {
            profile: tempfile::tempdir().unwrap(),
            jid: format!("{user}@localhost"),
        }
    }

    pub fn add_account(
        &self,
        port: u16,
        ca: Option<&Path>,
        password: &str,
        extra: &[&str],
    ) -> Output {
        let mut args = vec![
            "account".to_string(),
            "add".into(),
            self.jid.clone(),
            "--password-stdin".into(),
            "--host".into(),
            "127.0.0.1".into(),
            "--port".into(),
            port.to_string(),
        ];
        if let Some(ca) = ca {
            args.push("--ca-file".into());
            args.push(ca.display().to_string());
        }
        args.extend(extra.iter().map(|s| s.to_string()));
        let out = self.run_with_stdin(
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
            password,
        );
        assert!(
            out.status.success(),
            "account add failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(bin());
        cmd.arg("--profile")
            .arg(self.profile.path())
            .args(args)
            .env("TIDINGS_PASSPHRASE", PASSPHRASE);
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args)
            .stdin(Stdio::null())
            .output()
            .expect("run tidings")
    }

    pub fn run_with_stdin(&self, args: &[&str], input: &str) -> Output {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run tidings");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    /// Runs and insists on success.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "tidings {args:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// The stored conversation with `peer`, as JSON objects.
    pub fn history(&self, peer: &str) -> Vec<serde_json::Value> {
        self.ok(&["history", peer, "--json", "--limit", "100000"])
            .lines()
            .map(|l| serde_json::from_str(l).expect("history prints JSON lines"))
            .collect()
    }

    pub fn bodies(&self, peer: &str) -> Vec<String> {
        self.history(peer)
            .iter()
            .map(|m| m["body"].as_str().unwrap().to_string())
            .collect()
    }
}

/// A TCP proxy in front of the server that records what the client sent, counts
/// connections, and can break the link: cut every connection (a reset), or stay down
/// (refusing new connections) for as long as a test wants.
pub struct Proxy {
    pub port: u16,
    pub from_client: Arc<Mutex<Vec<u8>>>,
    pub connections: Arc<AtomicUsize>,
    open: Arc<Mutex<Vec<TcpStream>>>,
    down: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
}

impl Proxy {
    pub fn new(target: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        listener.set_nonblocking(true).unwrap();
        let from_client = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let open = Arc::new(Mutex::new(Vec::new()));
        let down = Arc::new(AtomicBool::new(false));
        let stop = Arc::new(AtomicBool::new(false));
        let (rec, count, halt) = (from_client.clone(), connections.clone(), stop.clone());
        let (sockets, is_down) = (open.clone(), down.clone());
        std::thread::spawn(move || {
            while !halt.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((client, _)) if is_down.load(Ordering::SeqCst) => drop(client),
                    Ok((client, _)) => {
                        count.fetch_add(1, Ordering::SeqCst);
                        client.set_nonblocking(false).unwrap();
                        let Ok(server) = TcpStream::connect(("127.0.0.1", target)) else {
                            continue;
                        };
                        let mut list = sockets.lock().unwrap();
                        list.push(client.try_clone().unwrap());
                        list.push(server.try_clone().unwrap());
                        pipe(
                            client.try_clone().unwrap(),
                            server.try_clone().unwrap(),
                            Some(rec.clone()),
                        );
                        pipe(server, client, None);
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        Proxy {
            port,
            from_client,
            connections,
            open,
            down,
            stop,
        }
    }

    pub fn client_bytes(&self) -> String {
        String::from_utf8_lossy(&self.from_client.lock().unwrap()).into_owned()
    }

    /// Closes every connection at once, both ways, like a reset.
    pub fn cut(&self) {
        for socket in self.open.lock().unwrap().drain(..) {
            let _ = socket.shutdown(std::net::Shutdown::Both);
        }
    }

    /// Takes the link down (cutting what is open and refusing new connections) or up.
    pub fn set_down(&self, down: bool) {
        self.down.store(down, Ordering::SeqCst);
        if down {
            self.cut();
        }
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        self.cut();
    }
}

fn pipe(mut from: TcpStream, mut to: TcpStream, record: Option<Arc<Mutex<Vec<u8>>>>) {
    std::thread::spawn(move || {
        let mut buf = [0u8; 16384];
        loop {
            match std::io::Read::read(&mut from, &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if let Some(r) = &record {
                        r.lock().unwrap().extend_from_slice(&buf[..n]);
                    }
                    if to.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
            }
        }
        let _ = to.shutdown(std::net::Shutdown::Both);
    });
}

/// A `tidings listen --json` running in the background; its lines arrive on a channel.
pub struct Listener {
    child: Child,
    lines: std::sync::mpsc::Receiver<serde_json::Value>,
}

impl Listener {
    pub fn start(device: &Device, seconds: u64) -> Listener {
        Listener::start_with_env(device, seconds, &[])
    }

    /// The same with environment variables set for the listening process.
    pub fn start_with_env(device: &Device, seconds: u64, env: &[(&str, &str)]) -> Listener {
        let mut child = device
            .command(&["listen", "--json", "--for", &seconds.to_string()])
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start tidings listen");
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in
                std::io::BufRead::lines(std::io::BufReader::new(stdout)).map_while(Result::ok)
            {
                if let Ok(v) = serde_json::from_str(&line) {
                    let _ = tx.send(v);
                }
            }
        });
        Listener { child, lines }
    }

    /// Waits until `n` messages arrived (or the time is up); returns what arrived.
    pub fn collect(&self, n: usize, within: Duration) -> Vec<serde_json::Value> {
        let deadline = Instant::now() + within;
        let mut got = Vec::new();
        while got.len() < n {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(v) => got.push(v),
                Err(_) => break,
            }
        }
        got
    }

    /// Stops it the way a user would (SIGINT) and waits for a clean exit.
    pub fn stop(mut self) {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// Bytes that look random (and do not compress), the same on every run for one seed.
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

/// Waits until the listener's account is online, by its first sync of nothing.
pub fn settle() {
    std::thread::sleep(Duration::from_millis(1500));
}

/// Makes two accounts mutual contacts (both see each other's presence).
pub fn befriend(a: &Device, b: &Device) {
    a.ok(&["contact", "add", &b.jid]);
    b.ok(&["contact", "approve", &a.jid]);
    a.ok(&["contact", "approve", &b.jid]);
}

/// A session service running in this process, as the GUI runs it: the test sends Commands
/// and waits for Events.
pub struct Live {
    pub runtime: tokio::runtime::Runtime,
    pub store: tidings::store::Store,
    pub account: tidings::core::AccountId,
    handle: tidings::session::Handle,
    events: tokio::sync::mpsc::Receiver<tidings::core::Event>,
}

impl Live {
    /// Starts the account of `device` and waits until it is online.
    pub fn start(device: &Device) -> Live {
        use tidings::core::{ConnectionState, Event};
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let store = tidings::store::Store::open(
            device.profile.path(),
            Some(zeroize::Zeroizing::new(PASSPHRASE.to_string())),
        )
        .unwrap();
        let (account, handle, events) = runtime.block_on(async {
            let account = store
                .readers
                .read(|c| tidings::store::accounts::pick(c, None))
                .await
                .unwrap();
            let (handle, events) = tidings::session::start(
                store.clone(),
                account.id,
                tidings::session::Options::default(),
            )
            .await
            .unwrap();
            (account.id, handle, events)
        });
        let mut live = Live {
            runtime,
            store,
            account,
            handle,
            events,
        };
        live.wait_for("online", Duration::from_secs(20), |e| match e {
            Event::Connection {
                state: ConnectionState::Online { .. },
                ..
            } => Some(()),
            _ => None,
        });
        live
    }

    pub fn send(&self, command: tidings::core::Command) {
        self.runtime.block_on(self.handle.send(command)).unwrap();
    }

    /// The first event for which `pick` says Some, within the time; fails the test otherwise.
    pub fn wait_for<T>(
        &mut self,
        what: &str,
        within: Duration,
        mut pick: impl FnMut(&tidings::core::Event) -> Option<T>,
    ) -> T {
        let deadline = tokio::time::Instant::now() + within;
        let events = &mut self.events;
        self.runtime.block_on(async {
            loop {
                match tokio::time::timeout_at(deadline, events.recv()).await {
                    Ok(Some(event)) => {
                        if let Some(found) = pick(&event) {
                            return found;
                        }
                    }
                    Ok(None) => panic!("the service stopped while waiting for {what}"),
                    Err(_) => panic!("no {what} within {within:?}"),
                }
            }
        })
    }

    /// Reads the store.
    pub fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&rusqlite::Connection) -> Result<T, tidings::core::Error> + Send + 'static,
    ) -> T {
        self.runtime.block_on(self.store.readers.read(f)).unwrap()
    }

    /// Closes the stream cleanly, as quitting the app does.
    pub fn stop(mut self) {
        self.send(tidings::core::Command::Shutdown);
        self.wait_for("shutdown", Duration::from_secs(10), |e| match e {
            tidings::core::Event::Connection {
                state: tidings::core::ConnectionState::Disconnected(_),
                ..
            } => Some(()),
            _ => None,
        });
    }
}
