#!/usr/bin/env bash
# Proves the python OMEMO peer against itself through a real Prosody, before any Rust test relies
# on it: a throwaway Prosody on free loopback ports (own CA, STARTTLS required, users made with
# prosodyctl, as tests/it/harness.rs does), peers alice, bob (device A) and bob (device B, same
# account), then COUNT messages each way in each namespace (legacy and OMEMO 2). Checks that every
# message arrives decrypted with its body at both of bob's devices and at alice, that bob's other
# device gets bob's own messages as carbons, and that a restarted peer keeps its identity and
# sessions. Prints "N passed, M failed" last; exits non-zero on any failure.
#   tests/peers/selftest.sh [COUNT]     (default 20; KEEP=1 keeps the temp dir for a look)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
count="${1:-20}"

if ! command -v prosody >/dev/null 2>&1 || ! command -v openssl >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "selftest: installing prosody and openssl" >&2
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq prosody openssl >&2
  $sudo service prosody stop >/dev/null 2>&1 || true
fi
python="$("$root/scripts/python-peers" | tail -n 1)"

dir="$(mktemp -d /tmp/tidings-peer-selftest.XXXXXX)"
prosody_pid=""
cleanup() {
  if [ -n "$prosody_pid" ]; then
    kill "$prosody_pid" 2>/dev/null || true
    wait "$prosody_pid" 2>/dev/null || true
  fi
  if [ "${KEEP:-0}" = 1 ]; then echo "selftest: kept $dir" >&2; else rm -rf "$dir"; fi
}
trap cleanup EXIT

read -r c2s direct s2s http https < <("$python" -I -c '
import socket
socks = [socket.socket() for _ in range(5)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')

mkdir -p "$dir/certs" "$dir/data" "$dir/peers"
(
  cd "$dir/certs"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Tidings Test CA" -keyout ca.key -out ca.pem 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout localhost.key -out localhost.csr 2>/dev/null
  echo "subjectAltName=DNS:localhost" > san.ext
  openssl x509 -req -in localhost.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile san.ext -out localhost.crt 2>/dev/null
)
cat > "$dir/prosody.cfg.lua" <<CFG
daemonize = false
run_as_root = true
pidfile = "$dir/prosody.pid"
data_path = "$dir/data"
interfaces = { "127.0.0.1" }
local_interfaces = { "127.0.0.1" }
c2s_ports = { $c2s }
c2s_direct_tls_ports = { $direct }
s2s_ports = { $s2s }
http_ports = { $http }
https_ports = { $https }
c2s_require_encryption = true
certificates = "$dir/certs"
log = { info = "$dir/prosody.log"; error = "$dir/prosody.err" }
authentication = "internal_hashed"
storage = "internal"
archive_expires_after = "never"
default_archive_policy = true
limits = { c2s = { rate = "10mb/s" } }
modules_enabled = {
  "roster"; "saslauth"; "tls"; "disco"; "carbons"; "pep"; "private"; "blocklist";
  "vcard4"; "vcard_legacy"; "version"; "ping"; "register"; "mam"; "smacks"; "offline";
}
VirtualHost "localhost"
CFG
password="correct horse battery staple"
for user in alice bob; do
  prosodyctl --config "$dir/prosody.cfg.lua" register "$user" localhost "$password" >/dev/null
done
prosody --config "$dir/prosody.cfg.lua" >"$dir/stdout.log" 2>&1 &
prosody_pid=$!
for _ in $(seq 200); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$c2s") 2>/dev/null; then break; fi
  sleep 0.05
done

PEER_PASSWORD="$password" "$python" -I - "$here/omemo_peer.py" "$dir" "$c2s" "$count" <<'PY'
import json, os, queue, re, subprocess, sys, threading, time

peer_py, work, port, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
passed = failed = 0
started = time.monotonic()


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {what}", flush=True)
    return ok


class Peer:
    def __init__(self, name, jid, label):
        self.name, self.jid, self.label = name, jid, label
        self.store = os.path.join(work, "peers", f"{name}.json")
        self.start()

    def start(self):
        self.events = queue.Queue()
        self.stderr = open(os.path.join(work, "peers", f"{self.name}.err"), "a")
        self.proc = subprocess.Popen(
            [sys.executable, peer_py, "--jid", self.jid, "--host", "127.0.0.1", "--port", port,
             "--ca-file", os.path.join(work, "certs", "ca.pem"), "--store", self.store,
             "--device-label", self.label],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr, text=True, bufsize=1)
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        for line in self.proc.stdout:
            try:
                self.events.put(json.loads(line))
            except ValueError:
                self.events.put({"event": "garbage", "line": line})
        self.events.put({"event": "eof"})

    def send(self, **cmd):
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()

    def wait(self, kind, timeout=30.0, keep=None):
        """The next event of this kind; events of other kinds go to `keep` (a list) or are dropped."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                ev = self.events.get(timeout=left)
            except queue.Empty:
                return None
            if ev["event"] == kind:
                return ev
            if ev["event"] in ("eof", "fatal", "garbage"):
                print(f"{self.name}: {ev}", flush=True)
                return None
            if keep is not None:
                keep.append(ev)

    def collect(self, n, timeout=60.0):
        """Message-like events until n messages arrived or time ran out; key transports are counted."""
        got, other = [], []
        deadline = time.monotonic() + timeout
        while len(got) < n and time.monotonic() < deadline:
            try:
                ev = self.events.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if ev["event"] == "message":
                got.append(ev)
            elif ev["event"] in ("eof", "fatal", "garbage"):
                print(f"{self.name}: {ev}", flush=True)
                break
            else:
                other.append(ev)
        return got, other

    def quit(self):
        if self.proc.poll() is None:
            self.send(cmd="quit")
            bye = self.wait("bye", timeout=10)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                bye = None
            return bye is not None and self.proc.returncode == 0
        return False


peers = []
key_transports = 0


def note(other, who):
    global key_transports
    for ev in other:
        if ev["event"] == "key_transport":
            key_transports += 1
        elif ev["event"] in ("undecryptable", "error", "duplicate", "message_error"):
            check(False, f"{who} got {ev}")


def ready(peer, timeout=60):
    ev = peer.wait("ready", timeout)
    if not check(ev is not None, f"{peer.name} is ready"):
        return None
    fp = ev["fingerprints"]
    check(bool(re.fullmatch(r"[0-9a-f]{64}", fp["legacy"])) and bool(re.fullmatch(r"[0-9a-f]{64}", fp["v2"]))
          and fp["legacy"] != fp["v2"] and 1 <= ev["device_id"] < 2**31,
          f"{peer.name} ready event has a device id and two fingerprints: {ev}")
    return ev


def body(sender, ns, i):
    return f"{sender} {ns} #{i}: <b>&amp;</b> 'quoted' \"too\" – grüße 🙂"


def exchange(ns, alice, bob_a, bob_b, ids):
    t0 = time.monotonic()
    # alice -> bob: both of bob's devices decrypt every message.
    for i in range(count):
        alice.send(cmd="send", to="bob@localhost", ns=ns, body=body("alice", ns, i), id=f"a-{ns}-{i}")
        ev = alice.wait("sent", keep=(other := []))
        note(other, "alice")
        check(ev is not None and ev["id"] == f"a-{ns}-{i}" and not ev["errors"], f"alice sent {ns} #{i}: {ev}")
        if ev and i == 0:
            check(sorted(d for j, d in ev["devices"] if j == "bob@localhost") == sorted([ids["bob_a"], ids["bob_b"]]),
                  f"alice encrypted {ns} for both of bob's devices: {ev['devices']}")
    for peer, dev in ((bob_a, "bob_a"), (bob_b, "bob_b")):
        got, other = peer.collect(count)
        note(other, peer.name)
        by_id = {m["id"]: m for m in got}
        for i in range(count):
            m = by_id.get(f"a-{ns}-{i}")
            check(m is not None and m["ns"] == ns and m["from"] == "alice@localhost" and m["device"] == ids["alice"]
                  and m["body"] == body("alice", ns, i), f"{peer.name} got alice's {ns} #{i}: {m}")
        check([m["id"] for m in got] == [f"a-{ns}-{i}" for i in range(count)], f"{peer.name} got alice's {ns} in order")
    # bob (device A) -> alice: alice decrypts; bob's device B reads them as sent carbons.
    for i in range(count):
        bob_a.send(cmd="send", to="alice@localhost", ns=ns, body=body("bob", ns, i), id=f"b-{ns}-{i}")
        ev = bob_a.wait("sent", keep=(other := []))
        note(other, "bob_a")
        check(ev is not None and ev["id"] == f"b-{ns}-{i}" and not ev["errors"], f"bob sent {ns} #{i}: {ev}")
    for peer, expect_carbon in ((alice, None), (bob_b, "sent")):
        got, other = peer.collect(count)
        note(other, peer.name)
        by_id = {m["id"]: m for m in got}
        for i in range(count):
            m = by_id.get(f"b-{ns}-{i}")
            check(m is not None and m["ns"] == ns and m["from"] == "bob@localhost" and m["device"] == ids["bob_a"]
                  and m["body"] == body("bob", ns, i) and m.get("carbon") == expect_carbon,
                  f"{peer.name} got bob's {ns} #{i}: {m}")
    print(f"selftest: {ns}: {4 * count} deliveries checked in {time.monotonic() - t0:.1f} s", flush=True)


try:
    bob_a = Peer("bob_a", "bob@localhost/a", "bob A")
    alice = Peer("alice", "alice@localhost/a", "alice")
    peers += [bob_a, alice]
    ra, rb = ready(alice), ready(bob_a)
    # Bob's second device starts after the first, so that each adds itself to an up-to-date device list.
    bob_b = Peer("bob_b", "bob@localhost/b", "bob B")
    peers.append(bob_b)
    rc = ready(bob_b)
    if not (ra and rb and rc):
        raise SystemExit
    ids = {"alice": ra["device_id"], "bob_a": rb["device_id"], "bob_b": rc["device_id"]}
    print(f"selftest: peers ready in {time.monotonic() - started:.1f} s: {ids}", flush=True)

    alice.send(cmd="devices", jid="bob@localhost")
    dev = alice.wait("devices")
    for ns in ("legacy", "v2"):
        check(dev is not None and sorted(dev[ns]) == sorted([ids["bob_a"], ids["bob_b"]]),
              f"alice sees both of bob's devices in {ns}: {dev}")
    labels = sorted((d["label"] or "") for d in (dev or {}).get("details", []))
    check(labels == ["bob A", "bob B"], f"bob's device labels (OMEMO 2 device list): {labels}")
    check(dev is not None and all(d["fingerprints"] == (rb if d["device"] == ids["bob_a"] else rc)["fingerprints"]
                                  for d in dev["details"]), "alice sees bob's fingerprints as bob's peers print them")

    for ns in ("legacy", "v2"):
        exchange(ns, alice, bob_a, bob_b, ids)

    # Plain messages pass through as such.
    alice.send(cmd="send_plain", to="bob@localhost", body="plain hello", id="plain-1")
    alice.wait("sent")
    got, other = bob_a.collect(1, timeout=15)
    check(len(got) == 1 and got[0]["ns"] is None and got[0]["body"] == "plain hello", f"plain message: {got}")
    bob_b.collect(1, timeout=15)

    # Hostile input is reported as undecryptable and the peers keep going.
    bad = (f"<message xmlns='jabber:client' to='bob@localhost' type='chat' id='bad-1'>"
           f"<encrypted xmlns='eu.siacs.conversations.axolotl'><header sid='{ids['alice']}'>"
           f"<key rid='{ids['bob_a']}'>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</key><iv>AAAAAAAAAAAAAAAA</iv></header>"
           f"<payload>AAAA</payload></encrypted><body>x</body></message>")
    alice.send(cmd="send_raw", xml=bad, id="bad-1")
    alice.wait("sent")
    ev = bob_a.wait("undecryptable", keep=(other := []))
    check(ev is not None and ev["id"] == "bad-1" and ev["ns"] == "legacy", f"bob_a reports a tampered key: {ev}")
    ev = bob_b.wait("undecryptable", keep=(other := []))
    # oldmemo parses every key element, so bob's other device fails on the same garbage.
    check(ev is not None and ev["id"] == "bad-1" and "cannot parse" in ev["reason"],
          f"bob_b reports the tampered message too: {ev}")
    forged = ("<envelope xmlns='urn:xmpp:sce:1'><content><body xmlns='jabber:client'>forged</body></content>"
              "<rpad>xx</rpad><from jid='mallory@localhost'/><time stamp='2024-01-01T00:00:00Z'/></envelope>")
    alice.send(cmd="send", to="bob@localhost", ns="v2", envelope=forged, id="forged-1")
    alice.wait("sent")
    for peer in (bob_a, bob_b):
        ev = peer.wait("undecryptable", keep=(other := []))
        check(ev is not None and ev["id"] == "forged-1" and ev["reason"] == "sce from mismatch",
              f"{peer.name} rejects an SCE envelope from someone else: {ev}")
    for ns in ("legacy", "v2"):
        alice.send(cmd="send", to="bob@localhost", ns=ns, body=f"after hostile {ns}", id=f"h-{ns}")
        alice.wait("sent")
        for peer in (bob_a, bob_b):
            got, other = peer.collect(1)
            note(other, peer.name)
            check(len(got) == 1 and got[0]["body"] == f"after hostile {ns}", f"{peer.name} decrypts {ns} after hostile input: {got}")

    # A restarted device keeps its id, identity and sessions (the --store file).
    check(bob_a.quit(), "bob_a quits with a bye and exit code 0")
    bob_a.start()
    again = ready(bob_a)
    check(again is not None and again["device_id"] == ids["bob_a"] and again["fingerprints"] == rb["fingerprints"],
          f"bob_a restarted with the same device and identity: {again}")
    for ns in ("legacy", "v2"):
        alice.send(cmd="send", to="bob@localhost", ns=ns, body=f"after restart {ns}", id=f"r-{ns}")
        alice.wait("sent")
        got, other = bob_a.collect(1)
        note(other, "bob_a")
        check(len(got) == 1 and got[0]["body"] == f"after restart {ns}" and got[0]["ns"] == ns,
              f"bob_a decrypts {ns} after a restart: {got}")
        bob_b.collect(1)

    # A bad command is answered with an error event and the peer keeps running.
    alice.send(cmd="no such command")
    err = alice.wait("error")
    alice.send(cmd="ping", seq=7)
    pong = alice.wait("pong")
    check(err is not None and pong is not None and pong["seq"] == 7, "a bad command gets an error event, then ping works")
    print(f"selftest: {key_transports} empty OMEMO (key transport) messages seen", flush=True)
finally:
    for p in peers:
        try:
            p.quit()
        except Exception as e:
            print(f"{p.name}: quit failed: {e}", flush=True)
        if p.proc.poll() is None:
            p.proc.kill()
    errs = []
    for p in peers:
        path = os.path.join(work, "peers", f"{p.name}.err")
        text = open(path).read() if os.path.exists(path) else ""
        if "Traceback" in text:
            errs.append(p.name)
    if errs:
        print(f"selftest: tracebacks in the stderr of {errs} (see {work}/peers/*.err with KEEP=1)", flush=True)
    print(f"selftest: {time.monotonic() - started:.1f} s", flush=True)
    print(f"{passed} passed, {failed} failed", flush=True)
    os._exit(1 if failed or not passed else 0)
PY
