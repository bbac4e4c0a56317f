"""The python-omemo reference for `cargo bench --bench omemo` (B7, B8 in docs/performance.md).

Runs the operations the Rust bench times, in Syndace's python-omemo backends (oldmemo for
eu.siacs.conversations.axolotl, twomemo for urn:xmpp:omemo:2), without XMPP, and prints one
JSON line on standard output (everything else goes to standard error).

The backends are called directly, below python-omemo's SessionManager (which adds storage,
trust and XML on top). Each side is a python-omemo device: an in-memory Storage, one identity
shared by both backends, 100 one-time prekeys. What is timed, per namespace:

- per device (B7): backend.encrypt_key_material + EncryptedKeyMaterial.serialize on the sender,
  EncryptedKeyMaterial.parse + backend.decrypt_key_material on the receiver: the same ratchet
  step, AEAD and wire encoding as our Session::encrypt_key + receive_key. The session is built
  both ways first (Alice initiates, Bob answers, Alice reads the answer), so every timed round
  is a steady-state step on a confirmed session, Alice to Bob, as in the Rust bench;
- per message (B7): the above plus backend.encrypt_plaintext and backend.decrypt_plaintext of
  a 100-byte body;
- B8 present: encrypt_plaintext once + 50 x (encrypt_key_material + serialize) on confirmed
  sessions with 50 devices;
- B8 absent: encrypt_plaintext once + 50 x (build_session_active from a bundle fetched
  beforehand, which verifies the signed prekey signature and runs X3DH and the first ratchet
  step, + KeyExchange.serialize). The X3DH state is kept loaded: build_session_active would
  otherwise parse it from storage for every device, which the Rust side does not do. Most of
  what remains is python-x3dh deriving its own bundle (the public keys of all 100 one-time
  prekeys, twice) inside get_shared_secret_active: that is python-omemo's cost, kept.

Usage: python omemo_reference.py ROUNDS REPS SENDS ABSENT
(B7 rounds per repetition, repetitions, B8 sends per repetition with sessions present, absent)
Figures are medians: of the rounds within a repetition, then of the repetitions.
"""

import asyncio
import json
import statistics
import sys
import time
from importlib import metadata
from typing import Any, Dict, List, Tuple

import oldmemo.oldmemo as old
import twomemo.twomemo as two
from omemo.storage import Just, Maybe, Nothing, Storage
from omemo.types import JSONType

BODY = bytes(range(100))
GROUP = 50


class MemoryStorage(Storage):
    """python-omemo's key/value storage in a dict."""

    def __init__(self) -> None:
        super().__init__()
        self.data: Dict[str, JSONType] = {}

    async def _load(self, key: str) -> Maybe[JSONType]:
        if key in self.data:
            return Just(self.data[key])
        return Nothing()

    async def _store(self, key: str, value: JSONType) -> None:
        self.data[key] = value

    async def _delete(self, key: str) -> None:
        self.data.pop(key, None)


NAMESPACES = {
    "legacy": (old.Oldmemo, old.EncryptedKeyMaterialImpl, "_Oldmemo__get_state"),
    "v2": (two.Twomemo, two.EncryptedKeyMaterialImpl, "_Twomemo__get_state"),
}


class Device:
    """One python-omemo device in one namespace."""

    def __init__(self, ns: str, jid: str, device_id: int) -> None:
        self.ns = ns
        self.jid = jid
        self.device_id = device_id
        backend_class, self.ekm_class, self.state_attr = NAMESPACES[ns]
        self.backend = backend_class(MemoryStorage())

    async def setup(self) -> None:
        await self.backend.generate_pre_keys(100)
        # Keep the X3DH state loaded (see the module docs).
        state = await getattr(self.backend, self.state_attr)()

        async def cached() -> Any:
            return state

        setattr(self.backend, self.state_attr, cached)

    async def bundle(self) -> Any:
        return await self.backend.get_bundle(self.jid, self.device_id)


async def device(ns: str, name: str, device_id: int) -> Device:
    d = Device(ns, f"{name}@example.org", device_id)
    await d.setup()
    return d


async def establish(alice: Device, bob: Device) -> Tuple[Any, Any]:
    """A session both ways: Alice initiates, Bob builds it passively, answers, Alice reads."""
    _, material = await alice.backend.encrypt_plaintext(BODY)
    a, ekm = await alice.backend.build_session_active(
        bob.jid, bob.device_id, await bob.bundle(), material
    )
    b, got = await bob.backend.build_session_passive(
        alice.jid, alice.device_id, a.key_exchange, ekm
    )
    assert got.key == material.key
    _, material = await bob.backend.encrypt_empty()
    reply = await bob.backend.encrypt_key_material(b, material)
    await alice.backend.decrypt_key_material(
        a, alice.ekm_class.parse(reply.serialize(), bob.jid, bob.device_id)
    )
    assert a.confirmed  # (python-omemo only confirms actively built sessions)
    return a, b


async def b7(ns: str, rounds: int, reps: int) -> Dict[str, float]:
    alice = await device(ns, "alice", 1001)
    bob = await device(ns, "bob", 2002)
    a, b = await establish(alice, bob)
    ekm_class = alice.ekm_class
    enc_key = alice.backend.encrypt_key_material
    dec_key = bob.backend.decrypt_key_material
    clock = time.perf_counter_ns
    per_device: List[float] = []
    encrypt: List[float] = []
    decrypt: List[float] = []
    message: List[float] = []
    _, material = await alice.backend.encrypt_plaintext(BODY)
    for _ in range(reps):
        total: List[int] = []
        enc: List[int] = []
        dec: List[int] = []
        for _ in range(rounds):
            t0 = clock()
            data = (await enc_key(a, material)).serialize()
            t1 = clock()
            got = await dec_key(b, ekm_class.parse(data, alice.jid, alice.device_id))
            t2 = clock()
            enc.append(t1 - t0)
            dec.append(t2 - t1)
            total.append(t2 - t0)
        assert got.key == material.key
        per_device.append(statistics.median(total))
        encrypt.append(statistics.median(enc))
        decrypt.append(statistics.median(dec))
        full: List[int] = []
        for _ in range(rounds):
            t0 = clock()
            content, m = await alice.backend.encrypt_plaintext(BODY)
            data = (await enc_key(a, m)).serialize()
            got = await dec_key(b, ekm_class.parse(data, alice.jid, alice.device_id))
            body = await bob.backend.decrypt_plaintext(content, got)
            full.append(clock() - t0)
        assert body == BODY
        message.append(statistics.median(full))
    us = 1e-3
    return {
        "per_device_us": statistics.median(per_device) * us,
        "encrypt_key_us": statistics.median(encrypt) * us,
        "receive_key_us": statistics.median(decrypt) * us,
        "message_us": statistics.median(message) * us,
    }


async def b8(ns: str, sends: int, absent_sends: int, reps: int) -> Dict[str, float]:
    alice = await device(ns, "alice", 1001)
    group = [await device(ns, f"member{i}", 3000 + i) for i in range(GROUP)]
    sessions = [(await establish(alice, m))[0] for m in group]
    bundles = [await m.bundle() for m in group]
    backend = alice.backend
    clock = time.perf_counter_ns
    present: List[float] = []
    absent: List[float] = []
    for _ in range(reps):
        times: List[int] = []
        for _ in range(sends):
            t0 = clock()
            _, material = await backend.encrypt_plaintext(BODY)
            keys = [
                (await backend.encrypt_key_material(s, material)).serialize()
                for s in sessions
            ]
            times.append(clock() - t0)
        assert len(keys) == GROUP
        present.append(statistics.median(times))
        times = []
        for _ in range(absent_sends):
            t0 = clock()
            _, material = await backend.encrypt_plaintext(BODY)
            keys = []
            for m, bundle in zip(group, bundles):
                s, ekm = await backend.build_session_active(
                    m.jid, m.device_id, bundle, material
                )
                out = s.key_exchange.serialize(ekm.serialize())
                # oldmemo returns (bytes, sign bit set), twomemo the bytes.
                keys.append(out[0] if isinstance(out, tuple) else out)
            times.append(clock() - t0)
        assert len(keys) == GROUP
        absent.append(statistics.median(times))
    ms = 1e-6
    return {
        "present_ms": statistics.median(present) * ms,
        "absent_ms": statistics.median(absent) * ms,
    }


async def main() -> None:
    rounds, reps, sends, absent_sends = (int(a) for a in sys.argv[1:5])
    out: Dict[str, Any] = {
        "python": sys.version.split()[0],
        "versions": {
            p: metadata.version(p)
            for p in ("omemo", "oldmemo", "twomemo", "doubleratchet", "x3dh", "xeddsa", "cryptography")
        },
        "rounds": rounds,
        "reps": reps,
        "sends": sends,
        "absent_sends": absent_sends,
    }
    for ns in NAMESPACES:
        started = time.monotonic()
        out[ns] = {**await b7(ns, rounds, reps), **await b8(ns, sends, absent_sends, reps)}
        print(f"omemo_reference: {ns} done in {time.monotonic() - started:.1f} s", file=sys.stderr)
    print(json.dumps(out, separators=(",", ":")))


if __name__ == "__main__":
    asyncio.run(main())
