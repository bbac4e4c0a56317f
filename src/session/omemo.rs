//! XEP-0384 OMEMO for one account's session: our device's keys and publications, the device
//! lists others publish, and step 3 of the receive pipeline (decrypt). The cryptography and
//! the XML are src/omemo's; this file keeps the state between calls and says what to send
//! and what to store.
//!
//! Sessions change with every message. Changed sessions are written in the same transaction
//! as the messages they decrypted (the worker's batch), so a crash can lose neither a message
//! whose key was used up nor a key that a stored message still needs. What we send on a
//! session (the empty message that answers a key exchange) leaves only after that write.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::Utc;
use xmpp_parsers::jid::BareJid;
use xmpp_parsers::minidom::Element;

use super::pipeline::Inbound;
use super::{ns, xml};
use crate::core::{
    AccountId, Device, Direction, Encryption, Error, ErrorKind, OmemoNamespace as Namespace, Trust,
};
use crate::omemo::pep::Publication;
use crate::omemo::{
    self, DeviceId, OwnDevice, Session, decrypt_payload, receive_key, wire, wire::Opened,
};
use crate::store::omemo::{DeviceAddress, Listed, OwnRecord};
use crate::store::{Store, omemo as stored};

/// The state between stanzas: our device, sessions read so far, and what waits for a write.
pub(super) struct Omemo {
    pub own: OwnDevice,
    own_changed: bool,
    sessions: HashMap<DeviceAddress, Session>,
    changed: HashSet<DeviceAddress>,
    identities: Vec<(DeviceAddress, String)>,
    /// Empty messages answering key exchanges, sent once the sessions are stored.
    answers: Vec<Element>,
    /// What sending waits for in this stream session.
    pub fetch: Fetching,
}

/// Device lists and bundles asked for before messages can be encrypted, per stream session.
#[derive(Default)]
pub(super) struct Fetching {
    /// Accounts whose device lists (both namespaces) were read in this session.
    pub lists_read: HashSet<BareJid>,
    /// Device list requests outstanding, per account.
    pub lists_pending: HashMap<BareJid, usize>,
    pub bundles_pending: HashSet<DeviceAddress>,
    /// Devices whose bundle could not be had (missing, forbidden, bad signature).
    pub unusable: HashSet<DeviceAddress>,
    /// Outbox entries waiting for the above, or for a trust decision.
    pub held: std::collections::BTreeSet<i64>,
    /// Those of them that wait for the person, with a reason shown (not for the network).
    pub refused: std::collections::BTreeSet<i64>,
    /// Devices whose message we could not decrypt: a new session is offered to each, once
    /// per stream session (what Conversations and python-omemo do to heal).
    pub heal: HashSet<DeviceAddress>,
    pub healed: HashSet<DeviceAddress>,
}

impl Fetching {
    /// One device list answered (or failed); true when the account's lists are all read.
    pub fn list_answered(&mut self, jid: &BareJid) -> bool {
        let left = self.lists_pending.get_mut(jid).map(|n| {
            *n = n.saturating_sub(1);
            *n
        });
        if left == Some(0) {
            self.lists_pending.remove(jid);
            self.lists_read.insert(jid.clone());
            return true;
        }
        false
    }
}

/// What a write must store, taken from `Omemo::take_changes`.
#[derive(Default)]
pub(super) struct Changes {
    pub own: Option<OwnRecord>,
    pub sessions: Vec<(DeviceAddress, Vec<u8>)>,
    /// Identity keys learnt from key exchanges, as fingerprints: stored on the device and
    /// given their first trust (BTBV).
    pub identities: Vec<(DeviceAddress, String)>,
}

impl Changes {
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.own.is_none() && self.sessions.is_empty() && self.identities.is_empty()
    }

    /// Writes them; called inside the batch's transaction.
    pub fn store(&self, conn: &crate::store::Connection, account: AccountId) -> Result<(), Error> {
        if let Some(own) = &self.own {
            stored::set_own(conn, account, own)?;
        }
        for (device, fingerprint) in &self.identities {
            stored::set_fingerprint(conn, account, device, fingerprint)?;
            stored::note_key(conn, account, &device.jid, fingerprint)?;
        }
        for (device, state) in &self.sessions {
            stored::set_session(conn, account, device, state)?;
        }
        Ok(())
    }
}

fn seconds_now() -> u64 {
    Utc::now().timestamp().max(0) as u64
}

fn record(own: &OwnDevice) -> OwnRecord {
    OwnRecord {
        device_id: own.device_id().get(),
        state: own.to_bytes().to_vec(),
    }
}

impl Omemo {
    /// Our device from the store, or a new one stored before anything is published.
    pub async fn load(store: &Store, account: AccountId) -> Result<Omemo, Error> {
        let found = store.readers.read(move |c| stored::own(c, account)).await?;
        let mut own = match found {
            Some(r) => OwnDevice::from_bytes(&r.state).map_err(|e| {
                Error::new(
                    ErrorKind::Database,
                    format!("our OMEMO keys cannot be read: {e}"),
                )
            })?,
            None => {
                let own = OwnDevice::generate(&mut rand::rng(), seconds_now());
                let r = record(&own);
                store
                    .writer
                    .write(move |tx| stored::set_own(tx, account, &r))
                    .await?;
                tracing::info!(device = own.device_id().get(), "new OMEMO device");
                own
            }
        };
        // Keys made here are stored before any bundle offers them.
        let rotated = own.rotate_signed_prekey(&mut rand::rng(), seconds_now());
        let topped_up = own.replenish_prekeys(&mut rand::rng()) > 0;
        if rotated || topped_up {
            let r = record(&own);
            store
                .writer
                .write(move |tx| stored::set_own(tx, account, &r))
                .await?;
        }
        Ok(Omemo {
            own,
            own_changed: false,
            sessions: HashMap::new(),
            changed: HashSet::new(),
            identities: Vec::new(),
            answers: Vec::new(),
            fetch: Fetching::default(),
        })
    }

    pub fn device(&self) -> DeviceId {
        self.own.device_id()
    }

    /// A fresh stream session: prekeys used in the last one (and its catch-up) are gone.
    pub fn forget_spent_prekeys(&mut self) {
        self.own.forget_spent_prekeys();
    }

    /// Both bundles, to publish at every fresh session and after prekeys were used.
    pub fn bundle_publications(&self) -> Vec<Publication> {
        Namespace::ALL
            .into_iter()
            .filter_map(|ns| wire::bundle_publication(&self.own, ns).ok())
            .collect()
    }

    /// Our list as published in `ns`, with our device added when it is missing; None when it
    /// is already there. Other devices are kept: they belong to our other clients.
    pub fn own_list_with_us(
        &self,
        ns: Namespace,
        published: &BTreeSet<DeviceId>,
    ) -> Option<Publication> {
        if published.contains(&self.device()) {
            return None;
        }
        let mut ids = published.clone();
        ids.insert(self.device());
        wire::device_list_publication(ns, &ids).ok()
    }

    /// Sessions and our own keys changed since the last write.
    pub fn take_changes(&mut self) -> Changes {
        let mut changes = Changes::default();
        if std::mem::take(&mut self.own_changed) {
            changes.own = Some(record(&self.own));
        }
        for device in std::mem::take(&mut self.changed) {
            if let Some(session) = self.sessions.get(&device) {
                changes.sessions.push((device, session.to_bytes().to_vec()));
            }
        }
        changes.identities = std::mem::take(&mut self.identities);
        changes
    }

    /// Empty messages to send now that the sessions they advanced are stored.
    pub fn take_answers(&mut self) -> Vec<Element> {
        std::mem::take(&mut self.answers)
    }

    /// Reads the session with `device` into memory, once.
    pub async fn load_session(
        &mut self,
        store: &Store,
        account: AccountId,
        device: &DeviceAddress,
    ) -> Result<(), Error> {
        if self.sessions.contains_key(device) {
            return Ok(());
        }
        let key = device.clone();
        let bytes = store
            .readers
            .read(move |c| stored::session(c, account, &key))
            .await?;
        if let Some(bytes) = bytes {
            match Session::from_bytes(&bytes) {
                Ok(s) => {
                    self.sessions.insert(device.clone(), s);
                }
                Err(e) => tracing::warn!("a stored OMEMO session is unreadable: {e}"),
            }
        }
        Ok(())
    }

    /// Step 3 of the receive pipeline: turns the `<encrypted>` of `inbound` into its body, or
    /// marks it undecryptable with the reason. The session (loaded beforehand with
    /// `load_session`) advances in memory; a key exchange uses up a prekey and is answered.
    pub fn decrypt(&mut self, own_jid: &BareJid, inbound: &mut Inbound, opened: Opened) {
        let ns = opened.namespace;
        // In a room the sender is the room; the author's real address holds the session.
        let author = inbound
            .author
            .clone()
            .unwrap_or_else(|| inbound.sender.clone());
        let from = DeviceAddress {
            jid: author.clone(),
            namespace: ns,
            id: opened.sender_device.get(),
        };
        inbound.encrypted = true;
        inbound.namespaces = std::iter::once(ns).collect();
        // Whatever the fallback body said, it is not the message.
        inbound.body = None;
        if author == *own_jid && opened.sender_device == self.device() {
            // Our own message coming back (archive, carbon): stored when we sent it.
            return;
        }
        if opened.key.is_none() && opened.payload.payload.is_none() {
            // An empty message between other devices: nothing to show, nothing to do.
            return;
        }
        let Some(key) = opened.key else {
            inbound.undecryptable = Some(format!(
                "device {} did not encrypt this message for this device",
                from.id
            ));
            return;
        };
        let existing = self.sessions.get(&from).cloned();
        let got = match receive_key(ns, &self.own, existing, &key, &mut rand::rng()) {
            Ok(got) => got,
            Err(omemo::Error::Duplicate) => {
                // A copy of what we decrypted before (archive, carbon): dedup keeps the first.
                inbound.undecryptable = Some(super::apply::ALREADY_DECRYPTED.into());
                return;
            }
            Err(e) => {
                inbound.undecryptable = Some(format!("device {}: {e}", from.id));
                if self.fetch.healed.insert(from.clone()) {
                    self.fetch.heal.insert(from);
                }
                return;
            }
        };
        let plaintext = decrypt_payload(ns, &got.material, &opened.payload);
        let body = match plaintext {
            Ok(None) => None,
            Ok(Some(bytes)) => {
                // OMEMO 2 names the room as the recipient of a group message.
                let recipient = match (inbound.direction, &inbound.nick) {
                    (_, Some(_)) | (Direction::Out, _) => inbound.peer.clone(),
                    (Direction::In, None) => own_jid.clone(),
                };
                let text = match ns {
                    Namespace::Legacy => String::from_utf8(bytes.to_vec())
                        .map_err(|_| omemo::Error::Malformed("body")),
                    Namespace::V2 => wire::v2_body(&bytes, &author, &recipient),
                };
                match text {
                    Ok(t) => Some(t),
                    Err(e) => {
                        // The key was fine, the content was not: keep no session change.
                        inbound.undecryptable = Some(format!("device {}: {e}", from.id));
                        return;
                    }
                }
            }
            Err(e) => {
                inbound.undecryptable = Some(format!("device {}: {e}", from.id));
                return;
            }
        };
        if let Some(prekey) = got.used_prekey {
            self.own.remove_prekey(prekey);
            self.own.replenish_prekeys(&mut rand::rng());
            self.own_changed = true;
        }
        let answer = got.new_session && author != *own_jid;
        if got.new_session {
            match omemo::identity_fingerprint(ns, got.session.their_identity()) {
                Ok(f) => self.identities.push((from.clone(), f)),
                Err(e) => tracing::warn!("a key exchange carried an unusable identity: {e}"),
            }
        }
        self.sessions.insert(from.clone(), got.session);
        self.changed.insert(from.clone());
        inbound.omemo_sender = Some(from.clone());
        inbound.body = match (&inbound.reply_fallback, body) {
            (Some(f), Some(b)) => Some(super::replies::strip_fallback(f, &b)),
            (_, b) => b,
        };
        if answer {
            self.answer(&from);
        }
    }

    /// Whether our prekeys changed and the bundles must be published again.
    #[cfg(test)]
    pub fn prekeys_changed(&self) -> bool {
        self.own_changed
    }

    /// An empty message on the new session with `to`, so its sender stops repeating the key
    /// exchange (python-omemo and Conversations wait for one).
    pub fn answer(&mut self, to: &DeviceAddress) {
        let Some(device) = DeviceId::new(to.id) else {
            return;
        };
        let Some(session) = self.sessions.get_mut(to) else {
            return;
        };
        let mut recipients = [wire::Recipient {
            jid: to.jid.clone(),
            device,
            session,
        }];
        let sender = self.own.device_id();
        match wire::encrypt(
            to.namespace,
            sender,
            &mut recipients,
            None,
            &mut rand::rng(),
        ) {
            Ok(encrypted) => {
                let message = xml::attr(
                    xml::attr(xml::build("message", ns::CLIENT), "to", to.jid.as_str()),
                    "type",
                    "chat",
                )
                .append(encrypted)
                .append(xml::empty("store", ns::HINTS, &[]))
                .build();
                self.answers.push(message);
            }
            Err(e) => tracing::warn!("cannot answer a key exchange: {e}"),
        }
    }
}

/// The body clients without OMEMO show instead of ours (what Conversations sends).
pub const FALLBACK_BODY: &str =
    "I sent you an OMEMO encrypted message but your client doesn't seem to support that.";

/// What to do with an outgoing message with a body, given what we know of the devices.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Plan {
    /// Send it as it is: encryption is off, or automatic and the contact has no OMEMO device.
    Plain,
    /// Fetch these first: the device lists of these accounts, the bundles of these devices.
    Fetch {
        lists: Vec<BareJid>,
        bundles: Vec<DeviceAddress>,
    },
    /// Encrypt it for these devices (every one has a session).
    Encrypt(Vec<DeviceAddress>),
    /// It cannot be encrypted; it waits with this reason for the person to see.
    Refuse(String),
}

/// What `plan` reads besides the devices.
pub(super) struct Known<'a> {
    pub own: &'a BareJid,
    pub own_device: DeviceId,
    /// Whether this account's device lists were read in this session.
    pub lists: &'a dyn Fn(&BareJid) -> bool,
    pub has_session: &'a dyn Fn(&DeviceAddress) -> bool,
    /// Devices whose bundle could not be had in this session.
    pub unusable: &'a HashSet<DeviceAddress>,
}

/// One namespace per device: legacy where the device has it (Conversations, Dino, Gajim read
/// it), OMEMO 2 for devices that only have OMEMO 2.
fn chosen(devices: &[Device], skip: Option<u32>) -> Vec<Device> {
    let mut out: Vec<Device> = Vec::new();
    for d in devices.iter().filter(|d| d.active && Some(d.id) != skip) {
        match out.iter_mut().find(|o| o.id == d.id && o.jid == d.jid) {
            Some(o) if o.namespace == Namespace::V2 && d.namespace == Namespace::Legacy => {
                *o = d.clone()
            }
            Some(_) => {}
            None => out.push(d.clone()),
        }
    }
    out
}

fn address(d: &Device) -> DeviceAddress {
    DeviceAddress {
        jid: d.jid.clone(),
        namespace: d.namespace,
        id: d.id,
    }
}

/// Who a message is for: one contact, or the members of a private group.
#[derive(Debug, Clone, Copy)]
pub(super) enum Audience<'a> {
    Contact(&'a BareJid),
    Group {
        room: &'a BareJid,
        /// Everyone the room counts as owner, admin or member (us included or not).
        members: &'a [BareJid],
    },
}

impl Audience<'_> {
    /// The accounts whose devices must be able to read it (us aside).
    fn people(&self, own: &BareJid) -> Vec<BareJid> {
        match self {
            Audience::Contact(to) => vec![(*to).clone()],
            Audience::Group { members, .. } => {
                members.iter().filter(|m| *m != own).cloned().collect()
            }
        }
    }

    fn nobody_can_receive(&self) -> String {
        match self {
            Audience::Contact(to) => {
                format!("{to} has no device that can receive encrypted messages")
            }
            Audience::Group { room, .. } => {
                format!(
                    "no other member of {room} has a device that can receive encrypted messages"
                )
            }
        }
    }

    fn nobody_usable(&self, devices: &[&Device]) -> String {
        let who = match self {
            Audience::Contact(to) => to.to_string(),
            Audience::Group { room, .. } => format!("the members of {room}"),
        };
        if devices.iter().any(|d| d.trust == Trust::Undecided) {
            match self {
                Audience::Contact(to) => {
                    format!("{to} has a new device you have not verified: decide in their details")
                }
                Audience::Group { room, .. } => format!(
                    "the members of {room} have new devices you have not verified: decide in the group's encryption panel"
                ),
            }
        } else if devices.iter().all(|d| d.trust == Trust::Distrusted) {
            format!("you do not trust any key of {who}")
        } else {
            format!("the keys of {who}'s devices could not be fetched")
        }
    }
}

/// Decides how a message leaves (security.md: a conversation marked encrypted never sends
/// plain text). Pure: the worker reads the store and then asks. `theirs` holds the devices of everyone in `audience`.
/// In a group, a message goes to every member whose devices we can use; those we cannot
/// are named in the group's encryption panel, and it waits only when no other member can
/// read it.
pub(super) fn plan_for(
    mode: Encryption,
    audience: Audience<'_>,
    theirs: &[Device],
    ours: &[Device],
    known: &Known<'_>,
) -> Plan {
    if mode == Encryption::Off {
        return Plan::Plain;
    }
    let people = audience.people(known.own);
    let lists: Vec<BareJid> = people
        .iter()
        .chain([known.own])
        .filter(|j| !(known.lists)(j))
        .cloned()
        .collect();
    if !lists.is_empty() {
        return Plan::Fetch {
            lists,
            bundles: Vec::new(),
        };
    }
    let theirs: Vec<Device> = theirs
        .iter()
        .filter(|d| people.contains(&d.jid))
        .cloned()
        .collect();
    let their_devices = chosen(&theirs, None);
    if their_devices.is_empty() {
        return match mode {
            Encryption::Automatic => Plan::Plain,
            _ => Plan::Refuse(audience.nobody_can_receive()),
        };
    }
    let mut all = their_devices;
    all.extend(chosen(ours, Some(known.own_device.get())));
    let bundles: Vec<DeviceAddress> = all
        .iter()
        .map(|d| (d, address(d)))
        .filter(|(_, a)| !known.unusable.contains(a))
        .filter(|(d, a)| d.fingerprint.is_none() || (d.trust.encrypts() && !(known.has_session)(a)))
        .map(|(_, a)| a)
        .collect();
    if !bundles.is_empty() {
        return Plan::Fetch {
            lists: Vec::new(),
            bundles,
        };
    }
    let usable: Vec<DeviceAddress> = all
        .iter()
        .filter(|d| d.trust.encrypts())
        .map(address)
        .filter(|a| !known.unusable.contains(a) && (known.has_session)(a))
        .collect();
    if !usable.iter().any(|a| people.contains(&a.jid)) {
        let theirs: Vec<&Device> = all.iter().filter(|d| people.contains(&d.jid)).collect();
        return Plan::Refuse(audience.nobody_usable(&theirs));
    }
    Plan::Encrypt(usable)
}

impl Omemo {
    /// Starts a session from a device's published bundle, once the bundle verified and its
    /// key is trusted. The session is stored with the next write.
    pub fn start_session(&mut self, device: &DeviceAddress, bundle: &omemo::Bundle) -> bool {
        match Session::initiate(device.namespace, &self.own, bundle, &mut rand::rng()) {
            Ok(session) => {
                self.sessions.insert(device.clone(), session);
                self.changed.insert(device.clone());
                true
            }
            Err(e) => {
                tracing::warn!(device = device.id, "no session from this bundle: {e}");
                false
            }
        }
    }

    pub fn has_session(&self, device: &DeviceAddress) -> bool {
        self.sessions.contains_key(device)
    }

    /// The message `stanza` (ours, to `to`) with its body encrypted for `devices`: the body
    /// becomes the fallback sentence, and an `<encrypted>` per namespace in use, the EME
    /// marker and a store hint are added. Everything else (ids, receipts request, reply
    /// reference) stays as it was. The sessions advance in memory.
    pub fn encrypt_stanza(
        &mut self,
        own: &BareJid,
        to: &BareJid,
        stanza: &Element,
        devices: &[DeviceAddress],
    ) -> Result<Element, omemo::Error> {
        let body = stanza
            .get_child("body", ns::CLIENT)
            .map(Element::text)
            .ok_or(omemo::Error::Malformed("message without body"))?;
        let mut encrypted = Vec::new();
        for namespace in Namespace::ALL {
            let wanted: Vec<&DeviceAddress> = devices
                .iter()
                .filter(|d| d.namespace == namespace)
                .collect();
            if wanted.is_empty() {
                continue;
            }
            let plaintext = match namespace {
                Namespace::Legacy => body.as_bytes().to_vec(),
                Namespace::V2 => wire::v2_plaintext(&body, own, to)?,
            };
            // Work on copies: the sessions change only when every recipient succeeded.
            let mut sessions: Vec<(DeviceAddress, Session)> = Vec::new();
            for d in &wanted {
                let s = self
                    .sessions
                    .get(*d)
                    .cloned()
                    .ok_or(omemo::Error::NoSession)?;
                sessions.push(((*d).clone(), s));
            }
            let mut recipients: Vec<wire::Recipient<'_>> = sessions
                .iter_mut()
                .filter_map(|(a, s)| {
                    Some(wire::Recipient {
                        jid: a.jid.clone(),
                        device: DeviceId::new(a.id)?,
                        session: s,
                    })
                })
                .collect();
            let element = wire::encrypt(
                namespace,
                self.device(),
                &mut recipients,
                Some(&plaintext),
                &mut rand::rng(),
            )?;
            drop(recipients);
            for (a, s) in sessions {
                self.sessions.insert(a.clone(), s);
                self.changed.insert(a);
            }
            encrypted.push((namespace, element));
        }
        let first = encrypted
            .first()
            .map(|(n, _)| *n)
            .ok_or(omemo::Error::NoSession)?;
        let mut out = stanza.clone();
        while out.remove_child("body", ns::CLIENT).is_some() {}
        // A shared file's address and description repeat the body: they stay inside too.
        while out.remove_child("x", super::oob::NS).is_some() {}
        while out.remove_child("file-sharing", super::sfs::NS).is_some() {}
        out.append_child(xml::text("body", ns::CLIENT, FALLBACK_BODY));
        for (_, element) in encrypted {
            out.append_child(element);
        }
        out.append_child(crate::omemo::eme::marker_element(first));
        out.append_child(xml::empty("store", ns::HINTS, &[]));
        Ok(out)
    }
}

/// Stores the device list `owner` published in `ns`. Returns the devices new to us.
pub(super) async fn store_list(
    store: &Store,
    account: AccountId,
    owner: BareJid,
    ns: Namespace,
    ids: BTreeSet<DeviceId>,
) -> Result<Vec<u32>, Error> {
    let listed: Vec<Listed> = ids
        .into_iter()
        .map(|id| Listed {
            id: id.get(),
            label: None,
        })
        .collect();
    let now = Utc::now().timestamp_millis();
    store
        .writer
        .write(move |tx| stored::set_list(tx, account, &owner, ns, &listed, now))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::omemo::Session;
    use crate::session::pipeline::Via;

    fn jid(s: &str) -> BareJid {
        s.parse().unwrap()
    }

    fn fresh() -> Omemo {
        Omemo {
            own: OwnDevice::generate(&mut rand::rng(), seconds_now()),
            own_changed: false,
            sessions: HashMap::new(),
            changed: HashSet::new(),
            identities: Vec::new(),
            answers: Vec::new(),
            fetch: Fetching::default(),
        }
    }

    fn inbound(sender: &BareJid) -> Inbound {
        Inbound {
            id: Some("m1".into()),
            body: Some("I sent you an OMEMO encrypted message".into()),
            ..Inbound::new(Via::Live, Direction::In, sender.clone(), sender.clone())
        }
    }

    /// Bob's client encrypts `text` for alice's device, as a message element.
    fn from_bob(
        ns: Namespace,
        bob: &OwnDevice,
        session: &mut Session,
        alice: &Omemo,
        text: &str,
    ) -> Element {
        let plaintext = match ns {
            Namespace::Legacy => text.as_bytes().to_vec(),
            Namespace::V2 => {
                wire::v2_plaintext(text, &jid("bob@example.org"), &jid("alice@example.org"))
                    .unwrap()
            }
        };
        let mut r = [wire::Recipient {
            jid: jid("alice@example.org"),
            device: alice.device(),
            session,
        }];
        let e = wire::encrypt(
            ns,
            bob.device_id(),
            &mut r,
            Some(&plaintext),
            &mut rand::rng(),
        )
        .unwrap();
        xml::build("message", ns::CLIENT).append(e).build()
    }

    #[test]
    fn a_key_exchange_decrypts_uses_a_prekey_and_is_answered() {
        for ns in Namespace::ALL {
            let mut alice = fresh();
            let bob = OwnDevice::generate(&mut rand::rng(), seconds_now());
            let bundle = wire::parse_bundle(
                ns,
                &wire::bundle_publication(&alice.own, ns).unwrap().payload,
            )
            .unwrap();
            let mut session = Session::initiate(ns, &bob, &bundle, &mut rand::rng()).unwrap();
            let own = jid("alice@example.org");
            let bob_jid = jid("bob@example.org");
            for text in ["first", "second"] {
                let message = from_bob(ns, &bob, &mut session, &alice, text);
                let opened = wire::open(&message, &own, alice.device()).unwrap().unwrap();
                let mut m = inbound(&bob_jid);
                alice.decrypt(&own, &mut m, opened);
                assert_eq!(m.undecryptable, None);
                assert_eq!(m.body.as_deref(), Some(text));
                assert!(m.encrypted);
            }
            assert!(alice.prekeys_changed(), "the key exchange used a prekey");
            assert_eq!(alice.take_answers().len(), 1, "one answer per new session");
            let changes = alice.take_changes();
            assert!(changes.own.is_some());
            assert_eq!(changes.sessions.len(), 1);
            let expected = omemo::identity_fingerprint(ns, &bob.identity().public(ns)).unwrap();
            assert_eq!(changes.identities.len(), 1);
            assert_eq!(changes.identities[0].1, expected);
            assert!(alice.take_changes().is_empty());
        }
    }

    #[test]
    fn a_tampered_message_is_shown_as_undecryptable_and_changes_nothing() {
        for ns in Namespace::ALL {
            let mut alice = fresh();
            let bob = OwnDevice::generate(&mut rand::rng(), seconds_now());
            let bundle = wire::parse_bundle(
                ns,
                &wire::bundle_publication(&alice.own, ns).unwrap().payload,
            )
            .unwrap();
            let mut session = Session::initiate(ns, &bob, &bundle, &mut rand::rng()).unwrap();
            let own = jid("alice@example.org");
            let message = from_bob(ns, &bob, &mut session, &alice, "secret");
            let mut opened = wire::open(&message, &own, alice.device()).unwrap().unwrap();
            let payload = opened.payload.payload.as_mut().unwrap();
            payload[0] ^= 1;
            let mut m = inbound(&jid("bob@example.org"));
            alice.decrypt(&own, &mut m, opened);
            assert!(m.undecryptable.is_some(), "{ns:?}");
            assert_eq!(m.body, None, "nothing of the fallback or the tampered text");
            // The session itself was fine (only the payload was changed): no new one.
            assert!(alice.fetch.heal.is_empty());
            assert!(alice.take_changes().sessions.is_empty());
            assert!(alice.take_answers().is_empty());
        }
    }

    #[test]
    fn a_message_not_encrypted_for_us_says_so() {
        let mut alice = fresh();
        let opened = Opened {
            namespace: Namespace::Legacy,
            sender_device: DeviceId::new(77).unwrap(),
            key: None,
            payload: omemo::EncryptedPayload {
                iv: vec![0; 12],
                payload: Some(vec![1, 2, 3]),
            },
        };
        let mut m = inbound(&jid("bob@example.org"));
        alice.decrypt(&jid("alice@example.org"), &mut m, opened);
        assert!(m.undecryptable.unwrap().contains("device 77"));
        assert_eq!(m.body, None);
    }

    #[test]
    fn our_own_messages_coming_back_are_neither_shown_nor_errors() {
        let mut alice = fresh();
        let own = jid("alice@example.org");
        for payload in [Some(vec![1, 2, 3]), None] {
            let opened = Opened {
                namespace: Namespace::V2,
                sender_device: alice.device(),
                key: None,
                payload: omemo::EncryptedPayload {
                    iv: Vec::new(),
                    payload,
                },
            };
            let mut m = inbound(&own);
            m.direction = Direction::Out;
            m.peer = jid("bob@example.org");
            alice.decrypt(&own, &mut m, opened);
            assert_eq!((m.body, m.undecryptable), (None, None));
        }
        // Another device's empty message to someone else: also nothing.
        let opened = Opened {
            namespace: Namespace::Legacy,
            sender_device: DeviceId::new(5).unwrap(),
            key: None,
            payload: omemo::EncryptedPayload {
                iv: vec![0; 12],
                payload: None,
            },
        };
        let mut m = inbound(&jid("bob@example.org"));
        alice.decrypt(&own, &mut m, opened);
        assert_eq!((m.body, m.undecryptable), (None, None));
    }

    fn device(jid: &str, ns: Namespace, id: u32, trust: Trust, fingerprint: bool) -> Device {
        Device {
            jid: jid.parse().unwrap(),
            namespace: ns,
            id,
            label: None,
            active: true,
            fingerprint: fingerprint.then(|| format!("{id:064x}")),
            trust,
            first_seen: chrono::DateTime::UNIX_EPOCH,
        }
    }

    /// `plan` with every list read and sessions for the devices in `sessions`.
    fn decide(mode: Encryption, theirs: &[Device], ours: &[Device], sessions: &[u32]) -> Plan {
        let own = jid("alice@example.org");
        let unusable = HashSet::new();
        let lists = |_: &BareJid| true;
        let has_session = |a: &DeviceAddress| sessions.contains(&a.id);
        let known = Known {
            own: &own,
            own_device: DeviceId::new(1).unwrap(),
            lists: &lists,
            has_session: &has_session,
            unusable: &unusable,
        };
        plan_for(
            mode,
            Audience::Contact(&jid("bob@example.org")),
            theirs,
            ours,
            &known,
        )
    }

    #[test]
    fn encryption_off_is_plain_and_automatic_without_devices_is_plain() {
        let bob = [device(
            "bob@example.org",
            Namespace::Legacy,
            7,
            Trust::Blind,
            true,
        )];
        assert_eq!(decide(Encryption::Off, &bob, &[], &[7]), Plan::Plain);
        assert_eq!(decide(Encryption::Automatic, &[], &[], &[]), Plan::Plain);
    }

    #[test]
    fn encryption_on_without_devices_waits_and_says_why() {
        let Plan::Refuse(why) = decide(Encryption::On, &[], &[], &[]) else {
            panic!("never plain when on");
        };
        assert!(why.contains("no device"), "{why}");
    }

    #[test]
    fn unknown_lists_and_keys_are_fetched_first() {
        let own = jid("alice@example.org");
        let unusable = HashSet::new();
        let lists = |j: &BareJid| j == &own;
        let none = |_: &DeviceAddress| false;
        let known = Known {
            own: &own,
            own_device: DeviceId::new(1).unwrap(),
            lists: &lists,
            has_session: &none,
            unusable: &unusable,
        };
        let bob = jid("bob@example.org");
        assert_eq!(
            plan_for(
                Encryption::Automatic,
                Audience::Contact(&bob),
                &[],
                &[],
                &known
            ),
            Plan::Fetch {
                lists: vec![bob.clone()],
                bundles: Vec::new()
            }
        );
        let theirs = [device(
            "bob@example.org",
            Namespace::V2,
            7,
            Trust::Undecided,
            false,
        )];
        let Plan::Fetch { bundles, .. } = decide(Encryption::Automatic, &theirs, &[], &[]) else {
            panic!("a device without a known key needs its bundle");
        };
        assert_eq!(bundles.len(), 1);
    }

    #[test]
    fn legacy_is_chosen_where_a_device_has_both_and_our_own_device_is_left_out() {
        let theirs = [
            device("bob@example.org", Namespace::V2, 7, Trust::Blind, true),
            device("bob@example.org", Namespace::Legacy, 7, Trust::Blind, true),
            device("bob@example.org", Namespace::V2, 8, Trust::Verified, true),
        ];
        let ours = [
            device(
                "alice@example.org",
                Namespace::Legacy,
                1,
                Trust::Blind,
                true,
            ),
            device("alice@example.org", Namespace::V2, 2, Trust::Blind, true),
        ];
        let Plan::Encrypt(to) = decide(Encryption::On, &theirs, &ours, &[2, 7, 8]) else {
            panic!("everything is known");
        };
        let mut got: Vec<(u32, Namespace)> = to.iter().map(|a| (a.id, a.namespace)).collect();
        got.sort();
        assert_eq!(
            got,
            vec![
                (2, Namespace::V2),
                (7, Namespace::Legacy),
                (8, Namespace::V2)
            ]
        );
    }

    #[test]
    fn keys_not_trusted_are_left_out_and_none_left_means_waiting() {
        let theirs = [
            device(
                "bob@example.org",
                Namespace::Legacy,
                7,
                Trust::Verified,
                true,
            ),
            device(
                "bob@example.org",
                Namespace::Legacy,
                8,
                Trust::Undecided,
                true,
            ),
            device(
                "bob@example.org",
                Namespace::Legacy,
                9,
                Trust::Distrusted,
                true,
            ),
        ];
        assert_eq!(
            decide(Encryption::On, &theirs, &[], &[7, 8, 9]),
            Plan::Encrypt(vec![DeviceAddress {
                jid: jid("bob@example.org"),
                namespace: Namespace::Legacy,
                id: 7
            }])
        );
        let Plan::Refuse(why) = decide(Encryption::Automatic, &theirs[1..], &[], &[8, 9]) else {
            panic!("a contact with OMEMO is never written to in plain text");
        };
        assert!(why.contains("not verified"), "{why}");
        let Plan::Refuse(why) = decide(Encryption::On, &theirs[2..], &[], &[9]) else {
            panic!("distrusted");
        };
        assert!(why.contains("do not trust"), "{why}");
    }

    #[test]
    fn a_group_message_goes_to_every_member_we_can_reach_and_waits_when_nobody_is() {
        let own = jid("alice@example.org");
        let room = jid("team@muc.example.org");
        let members = [
            own.clone(),
            jid("bob@example.org"),
            jid("carol@example.org"),
            jid("dave@example.org"),
        ];
        let unusable = HashSet::new();
        let read = std::cell::RefCell::new(vec![own.clone(), jid("bob@example.org")]);
        let lists = |j: &BareJid| read.borrow().contains(j);
        let has_session = |a: &DeviceAddress| a.id != 9;
        let known = Known {
            own: &own,
            own_device: DeviceId::new(1).unwrap(),
            lists: &lists,
            has_session: &has_session,
            unusable: &unusable,
        };
        let group = Audience::Group {
            room: &room,
            members: &members,
        };
        // Every member's device list first, whether they are in the room or not.
        assert_eq!(
            plan_for(Encryption::Automatic, group, &[], &[], &known),
            Plan::Fetch {
                lists: vec![jid("carol@example.org"), jid("dave@example.org")],
                bundles: Vec::new()
            }
        );
        read.borrow_mut()
            .extend([jid("carol@example.org"), jid("dave@example.org")]);
        let theirs = [
            device("bob@example.org", Namespace::Legacy, 7, Trust::Blind, true),
            device("carol@example.org", Namespace::V2, 8, Trust::Verified, true),
            // Dave's only key is not decided on: he is left out, the others still read it.
            device(
                "dave@example.org",
                Namespace::Legacy,
                10,
                Trust::Undecided,
                true,
            ),
            // Not a member (any more): never encrypted for.
            device(
                "mallory@example.org",
                Namespace::Legacy,
                11,
                Trust::Blind,
                true,
            ),
        ];
        let Plan::Encrypt(to) = plan_for(Encryption::Automatic, group, &theirs, &[], &known) else {
            panic!("bob and carol can read it");
        };
        let ids: Vec<u32> = to.iter().map(|a| a.id).collect();
        assert_eq!(ids, [7, 8]);
        let Plan::Refuse(why) = plan_for(Encryption::On, group, &theirs[2..], &[], &known) else {
            panic!("nobody can read it: it waits");
        };
        assert!(
            why.contains("not verified") && why.contains("team@muc.example.org"),
            "{why}"
        );
        // Nobody but us in the group: plain when automatic, waiting when on.
        let alone = Audience::Group {
            room: &room,
            members: &members[..1],
        };
        assert_eq!(
            plan_for(Encryption::Automatic, alone, &[], &[], &known),
            Plan::Plain
        );
        assert!(matches!(
            plan_for(Encryption::On, alone, &[], &[], &known),
            Plan::Refuse(_)
        ));
    }

    #[test]
    fn an_encrypted_stanza_keeps_its_ids_and_carries_only_the_fallback_in_plain() {
        let mut alice = fresh();
        let bob = OwnDevice::generate(&mut rand::rng(), seconds_now());
        let bob_jid = jid("bob@example.org");
        for ns in Namespace::ALL {
            let bundle =
                wire::parse_bundle(ns, &wire::bundle_publication(&bob, ns).unwrap().payload)
                    .unwrap();
            let address = DeviceAddress {
                jid: bob_jid.clone(),
                namespace: ns,
                id: bob.device_id().get(),
            };
            assert!(alice.start_session(&address, &bundle));
            let stanza: Element =
                "<message xmlns='jabber:client' to='bob@example.org' type='chat' id='o1'>\
                <body>the secret canary</body><origin-id xmlns='urn:xmpp:sid:0' id='o1'/>\
                <request xmlns='urn:xmpp:receipts'/>\
                <x xmlns='jabber:x:oob'><url>https://up.example.org/canary.jpg</url></x>\
                <file-sharing xmlns='urn:xmpp:sfs:0'><file xmlns='urn:xmpp:file:metadata:0'>\
                <name>canary.jpg</name></file></file-sharing></message>"
                    .parse()
                    .unwrap();
            let out = alice
                .encrypt_stanza(&jid("alice@example.org"), &bob_jid, &stanza, &[address])
                .unwrap();
            let text = String::from(&out);
            assert!(!text.contains("canary"), "{text}");
            assert_eq!(out.attr("id"), Some("o1"));
            assert!(out.get_child("origin-id", "urn:xmpp:sid:0").is_some());
            assert!(out.get_child("request", "urn:xmpp:receipts").is_some());
            assert_eq!(
                out.get_child("body", ns::CLIENT)
                    .map(Element::text)
                    .as_deref(),
                Some(FALLBACK_BODY)
            );
            assert!(out.get_child("encrypted", ns.ns()).is_some());
            assert!(out.get_child("encryption", "urn:xmpp:eme:0").is_some());
            // Bob's device reads it.
            let opened = wire::open(&out, &bob_jid, bob.device_id())
                .unwrap()
                .unwrap();
            let got = receive_key(ns, &bob, None, &opened.key.unwrap(), &mut rand::rng()).unwrap();
            let plain = decrypt_payload(ns, &got.material, &opened.payload)
                .unwrap()
                .unwrap();
            let body = match ns {
                Namespace::Legacy => String::from_utf8(plain.to_vec()).unwrap(),
                Namespace::V2 => {
                    wire::v2_body(&plain, &jid("alice@example.org"), &bob_jid).unwrap()
                }
            };
            assert_eq!(body, "the secret canary");
        }
    }

    #[test]
    fn our_device_joins_our_list_without_dropping_others() {
        let alice = fresh();
        let other: BTreeSet<DeviceId> = [DeviceId::new(5).unwrap()].into();
        let publication = alice
            .own_list_with_us(Namespace::V2, &other)
            .expect("we were missing");
        let ids = wire::device_list(Namespace::V2, &publication.payload).unwrap();
        assert!(ids.contains(&alice.device()) && ids.contains(&DeviceId::new(5).unwrap()));
        assert!(alice.own_list_with_us(Namespace::V2, &ids).is_none());
    }
}
