#!/usr/bin/env python3
"""An independent OMEMO peer for Tidings' interoperability tests.

One long-running process per device: it logs in with slixmpp (STARTTLS, verified against a given
CA), publishes its OMEMO device list and bundle in both namespaces through slixmpp-omemo, and is
driven by one JSON object per line on stdin. It answers with one JSON object per line on stdout and
writes everything else (logs, errors) to stderr. See README.md beside this file for the protocol.

Legacy OMEMO (eu.siacs.conversations.axolotl) messages are encrypted and decrypted with
python-omemo's oldmemo backend. OMEMO 2 (urn:xmpp:omemo:2) messages use the twomemo backend with a
XEP-0420 SCE envelope built and parsed here, because slixmpp-omemo 2.2.0 has no SCE support (its
decrypt_message raises NotImplementedError for OMEMO 2 after having used the message key).
"""

import argparse
import asyncio
import base64
import collections
import datetime
import hashlib
import io
import json
import logging
import os
import secrets
import signal
import ssl
import sys
import threading
import traceback
import urllib.request
from typing import Any, Dict, FrozenSet, List, Optional, Set, Tuple
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

# Keep a private handle on the real stdout for the JSON lines, and send anything else that a library
# might print to stderr, so stdout carries nothing but events.
_EVENTS = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
os.dup2(2, 1)
sys.stdout = sys.stderr

import oldmemo  # noqa: E402
import oldmemo.etree  # noqa: E402
import twomemo  # noqa: E402
import twomemo.etree  # noqa: E402
import xeddsa  # noqa: E402
from omemo.storage import Just, Maybe, Nothing, Storage  # noqa: E402
from omemo.types import DeviceInformation, JSONType  # noqa: E402
from slixmpp import JID  # noqa: E402
from slixmpp.clientxmpp import ClientXMPP  # noqa: E402
from slixmpp.plugins import register_plugin  # noqa: E402
from slixmpp.plugins.xep_0454 import XEP_0454  # noqa: E402  (its static crypto only: no aiohttp here)
from slixmpp.xmlstream.handler import Callback  # noqa: E402
from slixmpp.xmlstream.matcher import MatchXPath  # noqa: E402
from slixmpp_omemo import TrustLevel, XEP_0384  # noqa: E402

LEGACY = oldmemo.oldmemo.NAMESPACE  # eu.siacs.conversations.axolotl
V2 = twomemo.twomemo.NAMESPACE  # urn:xmpp:omemo:2
NS_BY_NAME = {"legacy": LEGACY, "v2": V2}
NAME_BY_NS = {LEGACY: "legacy", V2: "v2"}

SCE = "urn:xmpp:sce:1"
CLIENT = "jabber:client"
SID = "urn:xmpp:sid:0"
CARBONS = "urn:xmpp:carbons:2"
FORWARD = "urn:xmpp:forward:0"
PUBSUB_EVENT = "http://jabber.org/protocol/pubsub#event"
EME = "urn:xmpp:eme:0"
HINTS = "urn:xmpp:hints"
MUC = "http://jabber.org/protocol/muc"
MUC_USER = "http://jabber.org/protocol/muc#user"
FALLBACK = "This message is OMEMO encrypted."
UPLOAD = "urn:xmpp:http:upload:0"

log = logging.getLogger("omemo_peer")


def emit(event: Dict[str, Any]) -> None:
    """One event, one line, flushed; the OMEMO state it reports is written first."""
    if STORAGE is not None:
        STORAGE.flush()
    try:
        _EVENTS.write(json.dumps(event, ensure_ascii=False) + "\n")
        _EVENTS.flush()
    except (BrokenPipeError, ValueError):
        # Whoever drove this peer is gone: leave at once (the OMEMO state is on disk already).
        complain("stdout is closed: exiting")
        os._exit(1)


def complain(text: str) -> None:
    """A readable line on stderr."""
    sys.stderr.write(f"omemo_peer: {text}\n")
    sys.stderr.flush()


class JsonStorage(Storage):
    """python-omemo's key/value storage in one JSON file, so that a peer restarted with the same file has
    the same device id, identity and sessions.

    python-omemo stores about a hundred keys per message; rewriting the file for each cost 0.7 s per message.
    So changes are written behind: at the latest 50 ms later, and always before the next event is printed
    (emit() calls flush()), so whatever the peer has reported is on disk."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.__path = path
        self.__data: Dict[str, JSONType] = {}
        self.__dirty = False
        self.__timer: Optional[asyncio.TimerHandle] = None
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                self.__data = json.load(f)
        global STORAGE  # pylint: disable=global-statement
        STORAGE = self

    def flush(self) -> None:
        if self.__timer is not None:
            self.__timer.cancel()
            self.__timer = None
        if not self.__dirty:
            return
        tmp = f"{self.__path}.tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(json.dumps(self.__data, separators=(",", ":")))
        os.replace(tmp, self.__path)
        self.__dirty = False

    def __changed(self) -> None:
        self.__dirty = True
        if self.__timer is None:
            self.__timer = asyncio.get_running_loop().call_later(0.05, self.flush)

    async def _load(self, key: str) -> Maybe[JSONType]:
        if key in self.__data:
            return Just(self.__data[key])
        return Nothing()

    async def _store(self, key: str, value: JSONType) -> None:
        self.__data[key] = value
        self.__changed()

    async def _delete(self, key: str) -> None:
        if self.__data.pop(key, None) is not None:
            self.__changed()


STORAGE: Optional[JsonStorage] = None


class XEP_0384Impl(XEP_0384):  # pylint: disable=invalid-name
    """slixmpp-omemo with a JSON file storage and blind trust for every device: tests are never blocked on
    a trust decision."""

    default_config = {"fallback_message": FALLBACK, "json_file_path": None}

    def plugin_init(self) -> None:
        if not self.json_file_path:
            raise ValueError("json_file_path is required")
        self.__storage = JsonStorage(self.json_file_path)
        super().plugin_init()

    @property
    def storage(self) -> Storage:
        return self.__storage

    @property
    def _btbv_enabled(self) -> bool:
        return True

    async def _devices_blindly_trusted(
        self, blindly_trusted: FrozenSet[DeviceInformation], identifier: Optional[str]
    ) -> None:
        for device in blindly_trusted:
            log.info("blindly trusted %s device %d", device.bare_jid, device.device_id)

    async def _prompt_manual_trust(
        self, manually_trusted: FrozenSet[DeviceInformation], identifier: Optional[str]
    ) -> None:
        # A JID with a manually trusted device leaves blind trust; the test peer trusts its new devices anyway.
        session_manager = await self.get_session_manager()
        for device in manually_trusted:
            await session_manager.set_trust(device.bare_jid, device.identity_key, TrustLevel.TRUSTED.value)


register_plugin(XEP_0384Impl)


# The namespaces this peer speaks (both unless --only).
SPOKEN: Tuple[str, ...] = (V2, LEGACY)


def only_namespaces(allowed: Set[str]) -> None:
    """Makes python-omemo load only these backends, so the peer is a client of one OMEMO version
    (e.g. an OMEMO-2-only client like Kaidan). slixmpp-omemo always asks for both."""
    import omemo.session_manager as sm  # pylint: disable=import-outside-toplevel

    original = sm.SessionManager.create.__func__

    async def create(cls, backends, *args, **kwargs):  # type: ignore[no-untyped-def]
        return await original(cls, [b for b in backends if b.namespace in allowed], *args, **kwargs)

    sm.SessionManager.create = classmethod(create)  # type: ignore[method-assign]
    global SPOKEN  # pylint: disable=global-statement
    SPOKEN = tuple(ns for ns in (V2, LEGACY) if ns in allowed)


def fingerprints(identity_key: bytes) -> Dict[str, str]:
    """python-omemo keeps one Ed25519 identity key for both backends. Legacy clients (Conversations) show
    the Curve25519 form without the 0x05 prefix; the v2 entry is the Ed25519 key itself."""
    return {
        "legacy": xeddsa.ed25519_pub_to_curve25519_pub(identity_key).hex(),
        "v2": identity_key.hex(),
    }


def utc_stamp() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def sce_envelope(body: str, own_bare: str, to_bare: str) -> bytes:
    """The XEP-0420 envelope as OMEMO 2 encrypts it, written literally with default namespaces."""
    rpad = base64.b64encode(secrets.token_bytes(1 + secrets.randbelow(150))).decode("ascii")
    return (
        f"<envelope xmlns='{SCE}'>"
        f"<content><body xmlns='{CLIENT}'>{escape(body)}</body></content>"
        f"<rpad>{rpad}</rpad>"
        f"<to jid={quoteattr(to_bare)}/>"
        f"<from jid={quoteattr(own_bare)}/>"
        f"<time stamp='{utc_stamp()}'/>"
        "</envelope>"
    ).encode("utf-8")


class SceError(Exception):
    pass


def parse_sce(plaintext: bytes, sender_bare: str, own_bare: str, recipient_bare: str) -> Dict[str, Any]:
    """Checks and unpacks an SCE envelope: the body, the origin-id if the sender put one inside, the time."""
    try:
        env = ET.fromstring(plaintext.decode("utf-8"))
    except (ET.ParseError, UnicodeDecodeError) as e:
        raise SceError(f"sce envelope is not XML: {e}") from e
    if env.tag != f"{{{SCE}}}envelope":
        raise SceError(f"sce root is {env.tag}, not {{{SCE}}}envelope")
    frm = env.find(f"{{{SCE}}}from")
    if frm is None or JID(frm.get("jid", "")).bare != sender_bare:
        raise SceError("sce from mismatch")
    to = env.find(f"{{{SCE}}}to")
    if to is not None and JID(to.get("jid", "")).bare != recipient_bare:
        raise SceError("sce to mismatch")
    content = env.find(f"{{{SCE}}}content")
    if content is None:
        raise SceError("sce envelope has no content")
    body_elt = content.find(f"{{{CLIENT}}}body")
    if body_elt is None:
        stray = [c.tag for c in content if c.tag.endswith("}body") or c.tag == "body"]
        if stray:
            raise SceError(f"sce body in wrong namespace: {stray[0]}")
    origin = content.find(f"{{{SID}}}origin-id")
    time_elt = env.find(f"{{{SCE}}}time")
    return {
        "body": None if body_elt is None else (body_elt.text or ""),
        "origin_id": None if origin is None else origin.get("id"),
        "time": None if time_elt is None else time_elt.get("stamp"),
        "rpad": env.find(f"{{{SCE}}}rpad") is not None,
        "content": [c.tag for c in content],
    }


class Peer(ClientXMPP):
    def __init__(self, args: argparse.Namespace, password: str) -> None:
        super().__init__(args.jid, password)
        self.args = args
        self.own_bare = JID(args.jid).bare
        self.ready = asyncio.Event()
        self.failed: Optional[str] = None
        self.done = asyncio.Event()
        self.quitting = False
        self.exit_code = 0
        self.lock = asyncio.Lock()  # one OMEMO operation at a time: sessions are read-modify-write
        self.inbox: "asyncio.Queue[Tuple[ET.Element, Optional[str]]]" = asyncio.Queue()
        self.seen: "collections.OrderedDict[str, None]" = collections.OrderedDict()
        self.device_id = 0
        # Out-of-order delivery, made by the test: messages kept back, then let go reversed.
        self.held_out: List[Any] = []
        self.holding_in = False
        self.held_in: List[Tuple[ET.Element, Optional[str]]] = []
        # Group chats: our nickname in each room we are in (or entering), and each room's
        # occupants' real addresses by nickname, from the room's presences.
        self.rooms: Dict[str, str] = {}
        self.joining: Dict[str, str] = {}
        self.occupants: Dict[str, Dict[str, str]] = {}

        # TLS verified against the test CA only (no system roots), hostname checked against the domain.
        ctx = ssl.create_default_context(cafile=args.ca_file) if args.ca_file else ssl.create_default_context()
        ctx.check_hostname = True
        ctx.verify_mode = ssl.CERT_REQUIRED
        self.ssl_context = ctx
        self.enable_direct_tls = False
        self.enable_starttls = True

        for plugin in ("xep_0030", "xep_0060", "xep_0115", "xep_0163", "xep_0199", "xep_0280", "xep_0334", "xep_0359"):
            self.register_plugin(plugin)
        self.register_plugin("xep_0384", {"json_file_path": args.store}, module=sys.modules[__name__])

        self.register_handler(Callback("OMEMO peer message", MatchXPath(f"{{{CLIENT}}}message"), self.on_stanza))
        self.register_handler(Callback("OMEMO peer room presence", MatchXPath(f"{{{CLIENT}}}presence"),
                                       self.on_room_presence))
        self.add_event_handler("session_start", self.on_session_start)
        self.add_event_handler("failed_auth", self.on_failed_auth)
        self.add_event_handler("disconnected", self.on_disconnected)
        self.add_event_handler("connection_failed", self.on_connection_failed)

    # ---- connection ---------------------------------------------------------------------------------

    def on_failed_auth(self, _event: Any) -> None:
        self.fail("authentication failed")

    def on_connection_failed(self, error: Any) -> None:
        self.fail(f"connection failed: {error}")

    def on_disconnected(self, reason: Any) -> None:
        if not self.quitting:
            self.fail(f"disconnected: {reason}")

    def fail(self, reason: str) -> None:
        if self.done.is_set():
            return
        complain(reason)
        emit({"event": "fatal", "reason": reason})
        self.failed = reason
        self.exit_code = 1
        self.done.set()

    async def on_session_start(self, _event: Any) -> None:
        try:
            transport = self.transport
            if transport is None or transport.get_extra_info("ssl_object") is None:
                self.fail("the stream is not encrypted")
                return
            await self.get_roster()
            xep_0384: XEP_0384Impl = self.plugin["xep_0384"]
            session_manager = await xep_0384.get_session_manager()
            if self.args.device_label:
                try:
                    await session_manager.set_own_label(self.args.device_label)
                except NotImplementedError:
                    # python-omemo signs the label with every backend in turn; twomemo (first) has published
                    # its labelled device list by the time oldmemo, which has no labels, raises.
                    pass
            own, _others = await session_manager.get_own_device_information()
            self.device_id = own.device_id
            await self.plugin["xep_0280"].enable()
            self.send_presence()
            asyncio.ensure_future(self.inbox_loop())
            emit({"event": "ready", "jid": self.own_bare, "device_id": own.device_id,
                  "fingerprints": fingerprints(own.identity_key)})
            self.ready.set()
        except Exception as e:  # pylint: disable=broad-exception-caught
            traceback.print_exc()
            self.fail(f"OMEMO set-up failed: {type(e).__name__}: {e}")

    # ---- receiving ----------------------------------------------------------------------------------

    def on_stanza(self, msg: Any) -> None:
        """Every message stanza, queued in arrival order; PEP events are left to slixmpp's pubsub plugin."""
        xml = msg.xml
        if xml.find(f"{{{PUBSUB_EVENT}}}event") is not None:
            return
        carbon: Optional[str] = None
        for kind in ("received", "sent"):
            wrapper = xml.find(f"{{{CARBONS}}}{kind}")
            if wrapper is not None:
                # Carbons come only from our own account (XEP-0280 security considerations).
                if JID(xml.get("from", self.own_bare)).bare != self.own_bare:
                    complain(f"ignored a forged carbon from {xml.get('from')}")
                    return
                inner = wrapper.find(f"{{{FORWARD}}}forwarded/{{{CLIENT}}}message")
                if inner is None:
                    complain("ignored a carbon without a forwarded message")
                    return
                xml, carbon = inner, kind
                break
        self.inbox.put_nowait((xml, carbon))

    def on_room_presence(self, pres: Any) -> None:
        """Presences of rooms we enter: who is there under which real address, and our own entry."""
        xml = pres.xml
        frm = JID(xml.get("from") or "")
        room, nick = frm.bare, frm.resource
        if not nick or (room not in self.rooms and room not in self.joining):
            return
        if xml.get("type") == "error":
            if room in self.joining:
                del self.joining[room]
                err = xml.find(f"{{{CLIENT}}}error")
                condition = err[0].tag.split("}")[-1] if err is not None and len(err) else None
                emit({"event": "error", "cmd": "join", "room": room, "reason": condition})
            return
        crowd = self.occupants.setdefault(room, {})
        if xml.get("type") == "unavailable":
            crowd.pop(nick, None)
            return
        x = xml.find(f"{{{MUC_USER}}}x")
        item = None if x is None else x.find(f"{{{MUC_USER}}}item")
        if item is not None and item.get("jid"):
            crowd[nick] = JID(item.get("jid")).bare
        codes = set() if x is None else {s.get("code") for s in x.findall(f"{{{MUC_USER}}}status")}
        if "110" in codes and room in self.joining:
            self.rooms[room] = self.joining.pop(room)
            emit({"event": "joined", "room": room, "nick": nick,
                  "occupants": {n: j for n, j in sorted(crowd.items())}})

    async def inbox_loop(self) -> None:
        while True:
            xml, carbon = await self.inbox.get()
            if self.holding_in:
                self.held_in.append((xml, carbon))
                bodies = sum(1 for x, _ in self.held_in if x.find(f"{{{CLIENT}}}body") is not None)
                emit({"event": "held", "count": bodies})
                continue
            await self.handle_guarded(xml, carbon)

    async def handle_guarded(self, xml: ET.Element, carbon: Optional[str]) -> None:
        """One message, under the OMEMO lock; a failure is reported, and the peer goes on."""
        try:
            async with self.lock:
                await self.handle_message(xml, carbon)
        except Exception as e:  # pylint: disable=broad-exception-caught
            traceback.print_exc()
            complain(f"message handling failed: {type(e).__name__}: {e}")

    def message_ids(self, xml: ET.Element) -> Tuple[Optional[str], Optional[str]]:
        origin = xml.find(f"{{{SID}}}origin-id")
        return (None if origin is None else origin.get("id")), xml.get("id")

    async def handle_message(self, xml: ET.Element, carbon: Optional[str]) -> None:
        frm = JID(xml.get("from") or self.own_bare)
        sender = frm.bare
        recipient = JID(xml.get("to") or self.own_bare).bare
        mtype = xml.get("type", "normal")
        origin_id, stanza_id = self.message_ids(xml)
        base: Dict[str, Any] = {"from": sender, "id": origin_id or stanza_id, "stanza_id": stanza_id,
                                "type": mtype}
        if frm.resource:
            base["resource"] = frm.resource
        if mtype == "groupchat":
            # In a room the author is whom the room's presences gave the nickname; OMEMO 2 names
            # the room as the recipient.
            room, nick = frm.bare, frm.resource
            ours = self.rooms.get(room) or self.joining.get(room)
            if ours is None:
                complain(f"ignored a group chat message from {frm}, not a room we are in")
                return
            if not nick:
                return  # the room itself (its topic, notices)
            if nick == ours:
                emit({"event": "reflection", "room": room, "id": origin_id or stanza_id})
                return
            real = self.occupants.get(room, {}).get(nick)
            sender, recipient = real or room, room
            base = {**base, "from": real, "room": room, "nick": nick}
            if real is None and any(xml.find(f"{{{ns}}}encrypted") is not None for ns in (V2, LEGACY)):
                emit({"event": "undecryptable", **base, "ns": None, "device": None,
                      "reason": "the room does not show who wrote it"})
                return
        if carbon:
            base["carbon"] = carbon
            base["to"] = recipient

        if mtype == "error":
            err = xml.find(f"{{{CLIENT}}}error")
            condition = None
            if err is not None and len(err):
                condition = err[0].tag.split("}")[-1]
            emit({"event": "message_error", **base, "condition": condition})
            return

        candidates = [(ns, xml.find(f"{{{ns}}}encrypted")) for ns in (V2, LEGACY)]
        candidates = [(ns, elt) for ns, elt in candidates if elt is not None]
        if not candidates:
            body = xml.find(f"{{{CLIENT}}}body")
            if body is not None:
                emit({"event": "message", **base, "device": None, "ns": None, "body": body.text or ""})
            return

        session_manager = await self.plugin["xep_0384"].get_session_manager()
        reasons: List[str] = []
        for ns, elt in candidates:
            name = NAME_BY_NS[ns]
            digest = hashlib.sha256(ET.tostring(elt)).hexdigest()
            if digest in self.seen:
                emit({"event": "duplicate", **base, "ns": name})
                return
            try:
                if ns == V2:
                    message = twomemo.etree.parse_message(elt, sender)
                else:
                    message = await oldmemo.etree.parse_message(elt, sender, self.own_bare, session_manager)
            except Exception as e:  # pylint: disable=broad-exception-caught
                reasons.append(f"{name}: cannot parse: {type(e).__name__}: {e}")
                continue
            if sender == self.own_bare and message.device_id == self.device_id:
                # Our own message to our own bare JID (python-omemo's empty answers to our other devices),
                # which the server also delivers back to this resource.
                log.info("ignored our own %s message %s", name, stanza_id)
                return
            if not any(k.bare_jid == self.own_bare and k.device_id == self.device_id for k, _ in message.keys):
                if message.content.empty:
                    # An empty message (key exchange answer, staleness prevention) for another device of
                    # this account: the server hands messages to the bare JID to every resource.
                    log.info("ignored an empty %s message for another device: %s", name, stanza_id)
                    return
                reasons.append(f"{name}: not encrypted for this device")
                continue
            self.remember(digest)
            try:
                plaintext, device, _key = await session_manager.decrypt(message)
            except Exception as e:  # pylint: disable=broad-exception-caught
                reason = f"{type(e).__name__}: {e}"
                complain(f"cannot decrypt {name} message from {sender} device {message.device_id}: {reason}")
                emit({"event": "undecryptable", **base, "ns": name, "device": message.device_id,
                      "reason": reason})
                return
            info = {"device": device.device_id, "ns": name,
                    "fingerprint": fingerprints(device.identity_key)[name]}
            if plaintext is None:
                emit({"event": "key_transport", **base, **info})
                return
            if ns == LEGACY:
                try:
                    body = plaintext.decode("utf-8")
                except UnicodeDecodeError as e:
                    emit({"event": "undecryptable", **base, **info, "reason": f"body is not UTF-8: {e}"})
                    return
                emit({"event": "message", **base, **info, "body": body})
                return
            try:
                sce = parse_sce(plaintext, sender, self.own_bare, recipient)
            except SceError as e:
                complain(f"bad SCE envelope from {sender}: {e}: {plaintext[:500]!r}")
                emit({"event": "undecryptable", **base, **info, "reason": str(e)})
                return
            if not base["id"] and sce["origin_id"]:
                base["id"] = sce["origin_id"]
            emit({"event": "message", **base, **info, "body": sce["body"], "sce_time": sce["time"],
                  "sce_content": sce["content"]})
            return
        emit({"event": "undecryptable", **base, "ns": NAME_BY_NS[candidates[0][0]] if len(candidates) == 1 else None,
              "device": None, "reason": "; ".join(reasons)})

    def remember(self, digest: str) -> None:
        self.seen[digest] = None
        while len(self.seen) > 10000:
            self.seen.popitem(last=False)

    # ---- commands -----------------------------------------------------------------------------------

    async def command(self, cmd: Dict[str, Any]) -> None:
        name = cmd.get("cmd")
        if name == "send":
            await self.cmd_send(cmd)
        elif name == "join":
            self.cmd_join(cmd)
        elif name == "send_plain":
            self.cmd_send_plain(cmd)
        elif name == "send_raw":
            self.cmd_send_raw(cmd)
        elif name == "devices":
            await self.cmd_devices(cmd)
        elif name == "trust_all":
            await self.cmd_trust_all(cmd)
        elif name == "hold_incoming":
            self.holding_in = True
            emit({"event": "holding"})
        elif name == "release_sent":
            await self.cmd_release_sent()
        elif name == "release_incoming":
            await self.cmd_release_incoming()
        elif name == "upload":
            await self.cmd_upload(cmd)
        elif name == "fetch":
            await self.cmd_fetch(cmd)
        elif name == "ping":
            emit({"event": "pong", "seq": cmd.get("seq")})
        elif name == "quit":
            await self.quit()
        else:
            raise ValueError(f"unknown command {name!r}")

    def cmd_join(self, cmd: Dict[str, Any]) -> None:
        """Enters a room as `nick`, asking for no history; answered by `joined` once the room says so."""
        room, nick = JID(cmd["room"]).bare, cmd["nick"]
        self.joining[room] = nick
        pres = ET.Element(f"{{{CLIENT}}}presence", {"to": f"{room}/{nick}"})
        x = ET.SubElement(pres, f"{{{MUC}}}x")
        ET.SubElement(x, f"{{{MUC}}}history", {"maxstanzas": "0"})
        self.send_raw(ET.tostring(pres, encoding="unicode"))

    def new_message(self, to: str, msg_id: Optional[str], mtype: str = "chat") -> Tuple[Any, str]:
        msg_id = msg_id or secrets.token_hex(12)
        msg = self.make_message(mto=JID(to), mtype=mtype)
        msg["id"] = msg_id
        origin = ET.Element(f"{{{SID}}}origin-id", {"id": msg_id})
        msg.xml.append(origin)
        return msg, msg_id

    def cmd_send_plain(self, cmd: Dict[str, Any]) -> None:
        msg, msg_id = self.new_message(cmd["to"], cmd.get("id"))
        msg["body"] = cmd["body"]
        msg.send()
        emit({"event": "sent", "id": msg_id, "ns": None})

    def cmd_send_raw(self, cmd: Dict[str, Any]) -> None:
        """A stanza written by the test, for hostile cases (a tampered OMEMO element, a forged carbon)."""
        xml = cmd["xml"]
        ET.fromstring(xml)  # refuse what is not XML rather than break the stream
        self.send_raw(xml)
        emit({"event": "sent", "id": cmd.get("id"), "ns": None, "raw": True})

    async def cmd_send(self, cmd: Dict[str, Any]) -> None:
        to = JID(cmd["to"]).bare
        # To a room we are in: encrypted for its members (given, else those the room shows).
        in_room = to in self.rooms
        if in_room:
            members = cmd.get("members") or list(self.occupants.get(to, {}).values())
            readers = frozenset(JID(m).bare for m in members if JID(m).bare != self.own_bare)
        else:
            readers = frozenset({to})
        ns_name = cmd.get("ns", "legacy")
        if ns_name not in NS_BY_NAME:
            raise ValueError(f"ns must be legacy or v2, not {ns_name!r}")
        ns = NS_BY_NAME[ns_name]
        xep_0384: XEP_0384Impl = self.plugin["xep_0384"]
        session_manager = await xep_0384.get_session_manager()
        async with self.lock:
            if cmd.get("refresh"):
                for namespace in SPOKEN:
                    for jid in readers | {self.own_bare}:
                        await session_manager.refresh_device_list(namespace, jid)
            elif SPOKEN == (V2, LEGACY):
                # slixmpp-omemo's own refresh asks both backends; a one-version peer skips it.
                await xep_0384.refresh_device_lists({JID(j) for j in readers})
            if ns == V2 and "envelope" in cmd:
                # The test's own SCE envelope, encrypted verbatim (e.g. a forged <from/>).
                plaintext = cmd["envelope"].encode("utf-8")
            elif ns == V2:
                plaintext = sce_envelope(cmd["body"], self.own_bare, to)
            else:
                plaintext = cmd["body"].encode("utf-8")
            messages, errors = await session_manager.encrypt(readers, {ns: plaintext}, [ns])
        message = next((m for m in messages if m.namespace == ns), None)
        if message is None:
            raise RuntimeError(f"nothing was encrypted in {ns_name}")
        elt = twomemo.etree.serialize_message(message) if ns == V2 else oldmemo.etree.serialize_message(message)
        msg, msg_id = self.new_message(to, cmd.get("id"), "groupchat" if in_room else "chat")
        msg["body"] = FALLBACK
        msg.xml.append(elt)
        msg.xml.append(ET.Element(f"{{{EME}}}encryption", {"namespace": ns, "name": "OMEMO"}))
        msg.xml.append(ET.Element(f"{{{HINTS}}}store"))
        if cmd.get("hold"):
            self.held_out.append(msg)
        else:
            msg.send()
        recipients = sorted([k.bare_jid, k.device_id] for k, _ in message.keys)
        error_texts = [f"{type(e).__name__}: {e}" for e in errors]
        for text in error_texts:
            complain(f"send {msg_id}: {text}")
        emit({"event": "sent", "id": msg_id, "ns": ns_name, "devices": recipients, "errors": error_texts})

    def http(self, method: str, url: str, data: Optional[bytes], headers: Dict[str, str]) -> bytes:
        """One HTTPS request, verified against the test CA like the XMPP stream."""
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        with urllib.request.urlopen(request, context=self.ssl_context, timeout=60) as response:
            return response.read()

    async def cmd_upload(self, cmd: Dict[str, Any]) -> None:
        """Encrypts a file as XEP-0454 says, with slixmpp's own code (or, with "iv": 16, a 16-byte IV
        as older Conversations sent), uploads it through an XEP-0363 slot of `service`, and answers
        with its aesgcm:// address; the test then sends that address with `send`."""
        with open(cmd["path"], "rb") as f:
            data = f.read()
        if cmd.get("iv") == 16:
            from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
            iv, key = os.urandom(16), os.urandom(32)
            encryptor = Cipher(algorithms.AES(key), modes.GCM(iv)).encryptor()
            payload = encryptor.update(data) + encryptor.finalize() + encryptor.tag
            fragment = iv.hex() + key.hex()
        else:
            payload, fragment = XEP_0454.encrypt(input_file=io.BytesIO(data))
        name = secrets.token_hex(8) + os.path.splitext(cmd["path"])[1]
        iq = self.make_iq_get(ito=cmd.get("service", "upload.localhost"))
        iq.xml.append(ET.Element(f"{{{UPLOAD}}}request", {
            "filename": name, "size": str(len(payload)), "content-type": "application/octet-stream"}))
        result = await iq.send(timeout=30)
        slot = result.xml.find(f"{{{UPLOAD}}}slot")
        put, get = slot.find(f"{{{UPLOAD}}}put"), slot.find(f"{{{UPLOAD}}}get")
        headers = {h.get("name"): h.text or "" for h in put.findall(f"{{{UPLOAD}}}header")}
        headers["Content-Type"] = "application/octet-stream"
        await asyncio.to_thread(self.http, "PUT", put.get("url"), payload, headers)
        emit({"event": "uploaded", "url": XEP_0454.format_url(get.get("url"), fragment)})

    async def cmd_fetch(self, cmd: Dict[str, Any]) -> None:
        """Downloads an aesgcm:// file and decrypts it (slixmpp's code for 12-byte IVs); answers with
        the plain text's SHA-256 and size."""
        url = cmd["url"]
        if not url.startswith("aesgcm://") or "#" not in url:
            raise ValueError(f"not an aesgcm:// address: {url!r}")
        location, fragment = url[len("aesgcm://"):].split("#", 1)
        data = await asyncio.to_thread(self.http, "GET", "https://" + location, None, {})
        if len(fragment) != 88:
            raise ValueError(f"Tidings sends 12-byte IVs; this fragment has {len(fragment)} hex digits")
        plain = XEP_0454.decrypt(io.BytesIO(data), fragment)
        emit({"event": "fetched", "sha256": hashlib.sha256(plain).hexdigest(), "size": len(plain)})

    async def cmd_devices(self, cmd: Dict[str, Any]) -> None:
        jid = JID(cmd.get("jid") or self.own_bare).bare
        session_manager = await self.plugin["xep_0384"].get_session_manager()
        async with self.lock:
            problems = []
            for ns in SPOKEN:
                try:
                    await session_manager.refresh_device_list(ns, jid)
                except Exception as e:  # pylint: disable=broad-exception-caught
                    problems.append(f"{NAME_BY_NS[ns]}: {type(e).__name__}: {e}")
            devices = await session_manager.get_device_information(jid)
        result: Dict[str, Any] = {"event": "devices", "jid": jid, "legacy": [], "v2": [], "details": []}
        for device in sorted(devices, key=lambda d: d.device_id):
            active = dict(device.active)
            for ns in device.namespaces:
                if active.get(ns):
                    result[NAME_BY_NS[ns]].append(device.device_id)
            result["details"].append({
                "device": device.device_id,
                "namespaces": sorted(NAME_BY_NS[ns] for ns in device.namespaces),
                "active": {NAME_BY_NS[ns]: bool(a) for ns, a in active.items()},
                "label": device.label,
                "trust": device.trust_level_name,
                "fingerprints": fingerprints(device.identity_key),
            })
        if problems:
            result["errors"] = problems
        emit(result)

    async def cmd_release_sent(self) -> None:
        """Sends the messages kept back by `send` with `hold`, last encrypted first."""
        held, self.held_out = self.held_out, []
        for msg in reversed(held):
            msg.send()
        emit({"event": "released", "count": len(held)})

    async def cmd_release_incoming(self) -> None:
        """Reads the messages kept back since `hold_incoming`, last received first."""
        self.holding_in = False
        held, self.held_in = self.held_in, []
        for xml, carbon in reversed(held):
            await self.handle_guarded(xml, carbon)
        emit({"event": "released", "count": len(held)})

    async def cmd_trust_all(self, cmd: Dict[str, Any]) -> None:
        jid = JID(cmd["jid"]).bare
        session_manager = await self.plugin["xep_0384"].get_session_manager()
        async with self.lock:
            for ns in SPOKEN:
                try:
                    await session_manager.refresh_device_list(ns, jid)
                except Exception as e:  # pylint: disable=broad-exception-caught
                    complain(f"trust_all: {NAME_BY_NS[ns]} device list of {jid}: {type(e).__name__}: {e}")
            devices = await session_manager.get_device_information(jid)
            for device in devices:
                await session_manager.set_trust(device.bare_jid, device.identity_key, TrustLevel.TRUSTED.value)
        emit({"event": "trusted", "jid": jid, "devices": sorted(d.device_id for d in devices)})

    async def quit(self) -> None:
        if self.done.is_set() or self.quitting:
            return
        self.quitting = True
        try:
            await asyncio.wait_for(self.disconnect(wait=2.0), 3.0)
        except Exception as e:  # pylint: disable=broad-exception-caught
            complain(f"disconnect: {type(e).__name__}: {e}")
        finally:
            if STORAGE is not None:
                STORAGE.flush()
            self.done.set()
        emit({"event": "bye"})


def read_stdin(loop: asyncio.AbstractEventLoop, queue: "asyncio.Queue[Optional[str]]") -> None:
    """A thread: stdin lines into the loop; None at end of input."""
    for line in sys.stdin:
        loop.call_soon_threadsafe(queue.put_nowait, line)
    loop.call_soon_threadsafe(queue.put_nowait, None)


async def command_loop(peer: Peer, queue: "asyncio.Queue[Optional[str]]") -> None:
    await peer.ready.wait()
    while not peer.done.is_set():
        line = await queue.get()
        if line is None:
            complain("end of input: quitting")
            await peer.quit()
            return
        line = line.strip()
        if not line:
            continue
        cmd: Any = None
        try:
            cmd = json.loads(line)
            if not isinstance(cmd, dict):
                raise ValueError("a command is a JSON object")
            await peer.command(cmd)
        except Exception as e:  # pylint: disable=broad-exception-caught
            reason = f"{type(e).__name__}: {e}"
            complain(f"command {line[:200]!r} failed: {reason}")
            if not isinstance(e, (ValueError, KeyError, json.JSONDecodeError)):
                traceback.print_exc()
            emit({"event": "error", "cmd": cmd.get("cmd") if isinstance(cmd, dict) else None,
                  "id": cmd.get("id") if isinstance(cmd, dict) else None, "reason": reason})


async def main() -> int:
    parser = argparse.ArgumentParser(description="OMEMO test peer driven by JSON lines on stdin")
    parser.add_argument("--jid", required=True)
    parser.add_argument("--password", help="default: $PEER_PASSWORD")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5222)
    parser.add_argument("--ca-file", help="PEM of the CA that signed the server's certificate")
    parser.add_argument("--store", required=True, help="JSON file with this device's OMEMO state")
    parser.add_argument("--device-label", default=None)
    parser.add_argument("--resource", default=None, help="default: the device label or a random one")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for the ready event")
    parser.add_argument("--verbose", action="store_true", help="debug logs of slixmpp and python-omemo")
    parser.add_argument("--only", choices=["legacy", "v2"], default=None,
                        help="speak one OMEMO version only (publish and read that namespace alone)")
    args = parser.parse_args()
    if args.only:
        only_namespaces({LEGACY if args.only == "legacy" else V2})

    logging.basicConfig(stream=sys.stderr, level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    password = args.password or os.environ.get("PEER_PASSWORD")
    if not password:
        complain("no password: give --password or set PEER_PASSWORD")
        return 2
    jid = JID(args.jid)
    if not jid.resource:
        resource = args.resource or (args.device_label or "peer").replace(" ", "-") + "-" + secrets.token_hex(3)
        args.jid = f"{jid.bare}/{resource}"

    peer = Peer(args, password)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: asyncio.ensure_future(peer.quit()))
    queue: "asyncio.Queue[Optional[str]]" = asyncio.Queue()
    threading.Thread(target=read_stdin, args=(loop, queue), daemon=True).start()

    peer.connect(args.host, args.port)
    commands = asyncio.ensure_future(command_loop(peer, queue))
    ready = asyncio.ensure_future(peer.ready.wait())
    done = asyncio.ensure_future(peer.done.wait())
    await asyncio.wait({ready, done}, timeout=args.timeout, return_when=asyncio.FIRST_COMPLETED)
    if not peer.ready.is_set() and not peer.done.is_set():
        peer.fail(f"not ready after {args.timeout} s")
    await done
    ready.cancel()
    commands.cancel()
    await asyncio.sleep(0.2)  # let the stream close
    return peer.exit_code


if __name__ == "__main__":
    try:
        code = asyncio.run(main())
    except KeyboardInterrupt:
        code = 130
    try:
        _EVENTS.flush()
    except (BrokenPipeError, ValueError):
        pass
    os._exit(code)
