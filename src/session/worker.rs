//! One account's task: an explicit state machine that selects over the stream, commands,
//! connection reports, outbox acknowledgements and the batch flush timer.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use futures::{FutureExt, StreamExt};
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;
use tokio_xmpp::Stanza;
use tokio_xmpp::stanzastream::{
    Event as StreamEventOuter, StanzaStage, StanzaState, StanzaStream, StreamEvent,
};
use xmpp_parsers::iq::Iq;
use xmpp_parsers::jid::{BareJid, Jid};
use xmpp_parsers::message::Message as XmppMessage;
use xmpp_parsers::minidom::Element;
use xmpp_parsers::presence::{Presence, Type as PresenceType};

use super::omemo::{self as session_omemo, Omemo};
use super::pipeline::{self, Inbound, Verdict, Via};
use super::pubsub::PublishStep;
use super::{
    apply, avatar, blocking, chatstates, disco, mam, mds, muc, nick, ns, outgoing, presence,
    pubsub, register, roster, xml,
};
use crate::core::OmemoNamespace;
use crate::core::{
    Account, Command, ConnectionState, Delivery, Direction, DisconnectReason, Event,
    MessagesChanged, OwnPresence, PresenceUpdate, Secret, SendOutcome, new_stanza_id,
};
use crate::omemo::pep::Publication;
use crate::omemo::wire;
use crate::store::omemo::DeviceAddress;
use crate::store::{Store, accounts, blocklist, conversations, messages, outbox, profiles, sync};

mod directory;
mod files;
mod pictures;
mod rooms;

/// How long incoming messages wait to be written together.
const FLUSH_DELAY: Duration = Duration::from_millis(30);
/// A batch this large is written at once.
const FLUSH_SIZE: usize = 500;

/// What a connector tells the worker between stream events. The connector never drops the
/// slot it was given (tokio-xmpp's StanzaStream panics when it does): it hands the slot to
/// the worker, which closes the stream first.
pub(super) enum Report {
    State(ConnectionState),
    /// Trying again cannot help (password refused, certificate untrusted, no TLS).
    Final(ConnectionState, super::Slot),
    /// Connections were asked for again right after being handed over: the stream state is
    /// stuck, and the worker starts a fresh stream.
    Churn(super::Slot),
}

/// Closes a stream (bounded in time), and lets its pending connection slot go only once the
/// stream's task has dropped the other end: StanzaStream shuts down asynchronously and would
/// panic on a slot dropped under it.
async fn close(stream: StanzaStream, slot: Option<super::Slot>) {
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.close()).await;
    if let Some(mut slot) = slot
        && tokio::time::timeout(Duration::from_secs(5), slot.closed())
            .await
            .is_err()
    {
        tracing::warn!("a closed stream still waits for a connection; leaving it be");
        std::mem::forget(slot);
    }
}

#[derive(Debug, Clone, PartialEq)]
enum IqPurpose {
    Roster,
    Carbons,
    OwnDisco,
    Mam,
    Blocklist,
    /// Our read positions from other devices (XEP-0490), fetched after catch-up.
    ReadPositions,
    ChangePassword(Secret),
    AvatarData {
        jid: BareJid,
        id: String,
        mime: String,
    },
    VCard {
        jid: BareJid,
        id: String,
    },
    /// Our own OMEMO device list in this namespace, read at the start of a fresh session.
    OwnDeviceList(OmemoNamespace),
    /// One of our PEP publications with node options (OMEMO device list or bundle, avatar).
    Publish(Box<Publishing>),
    /// A contact's (or our own) device list, read before encrypting to them.
    DeviceList {
        jid: BareJid,
        ns: OmemoNamespace,
    },
    /// A device's bundle, to start a session with it.
    Bundle(DeviceAddress),
    /// A room's features (disco#info), read when we entered it.
    RoomDisco(BareJid),
    /// A page of a room's archive.
    RoomMam(BareJid),
    /// Our bookmarks (XEP-0402), read at a fresh session.
    Bookmarks,
    /// Our XEP-0048 bookmarks, read when there are no native ones.
    LegacyBookmarks,
    /// Our XEP-0048 bookmarks, read to write this change back (worker/rooms.rs).
    LegacyBookmarksWrite(super::bookmarks::LegacyChange),
    /// XEP-0410: a ping to our own occupant JID in this room.
    RoomPing(BareJid),
    /// An occupant's vCard, for the picture their presence announced (worker/pictures.rs).
    OccupantVCard {
        seat: pictures::Seat,
        id: String,
    },
    /// The room directory: our server's items, one of them, a service's rooms, one room.
    DirectoryServices,
    DirectoryService(BareJid),
    DirectoryRooms(BareJid),
    DirectoryRoom(BareJid),
    /// One affiliation list of a private group (its members, for encryption).
    RoomMembers {
        room: BareJid,
        affiliation: crate::core::Affiliation,
    },
    /// Membership for someone we invite to a room.
    RoomMembership {
        room: BareJid,
        jid: BareJid,
    },
    /// Finding our server's upload service (XEP-0363): its items, then each one.
    UploadServices,
    UploadService(BareJid),
    /// An upload slot for one file.
    UploadSlot(crate::core::TransferId),
    /// A change the user asked for; a refusal is reported with this name.
    Action(&'static str),
    Other,
}

/// A PEP publication with node options (OMEMO's, our avatar's) on its way, at this step of
/// the fallback for servers that refuse publish-options.
#[derive(Debug, Clone, PartialEq)]
struct Publishing {
    publication: Publication,
    step: PublishStep,
    /// The user's command it carries out: its end is reported under this name.
    action: Option<&'static str>,
    /// Published once this one is (an avatar's metadata after its data).
    then: Option<Box<Publishing>>,
}

impl Publishing {
    fn new(publication: Publication, action: Option<&'static str>) -> Self {
        Publishing {
            publication,
            step: PublishStep::WithOptions,
            action,
            then: None,
        }
    }
}

struct PendingIq {
    /// Who must answer: None for our own account.
    to: Option<Jid>,
    purpose: IqPurpose,
}

struct CatchUp {
    query_id: String,
    iq_id: String,
    after: Option<String>,
    page: Vec<Inbound>,
    fetched: usize,
}

pub(super) struct Ack {
    outbox_id: i64,
    generation: u64,
    state: Option<StanzaState>,
}

pub(super) struct Worker {
    pub account: Account,
    pub store: Store,
    pub events: mpsc::Sender<Event>,
    generation: u64,
    bound: Option<Jid>,
    iqs: HashMap<String, PendingIq>,
    /// Each tracked send reports its fate here.
    acks: mpsc::UnboundedSender<Ack>,
    catch_up: Option<CatchUp>,
    /// Rooms we are in (worker/rooms.rs).
    rooms: rooms::Rooms,
    /// When we next check that our rooms still count us in.
    room_ping_at: Option<Instant>,
    /// The public room directory search on its way (worker/directory.rs).
    directory: Option<directory::Search>,
    /// Whether our server stamps stanza-ids (None until its disco#info answers).
    sid_trusted: Option<bool>,
    /// Whether our server keeps XEP-0048 and XEP-0402 bookmarks in step itself (None until
    /// its disco#info answers); when it does not, we write the old kind back too.
    bookmarks_compat: Option<bool>,
    pending: Vec<Inbound>,
    flush_at: Option<Instant>,
    last_state: Option<ConnectionState>,
    /// The highest outbox entry sent in this session; newer ones are not on the wire yet.
    newest_tracked: i64,
    options: super::Options,
    reports: mpsc::UnboundedSender<Report>,
    /// The account as the connector sees it (a changed password applies to the next login).
    settings: watch::Sender<Account>,
    presences: presence::Tracker,
    own_presence: OwnPresence,
    /// Changes waiting for the next flush, so the interface gets batches.
    presence_changes: Vec<PresenceUpdate>,
    profile_changes: Vec<BareJid>,
    /// Avatar hashes being fetched, so a burst of presences asks once.
    fetching: HashSet<String>,
    /// Our OMEMO device and sessions, read at the first fresh session.
    omemo: Option<Omemo>,
    /// Uploads and downloads (worker/files.rs).
    files: files::Files,
    /// Who the interface shows typing.
    typists: chatstates::Typists,
}

impl Worker {
    pub fn new(
        account: Account,
        store: Store,
        events: mpsc::Sender<Event>,
        acks: mpsc::UnboundedSender<Ack>,
        options: super::Options,
        reports: mpsc::UnboundedSender<Report>,
    ) -> Worker {
        let (settings, _) = watch::channel(account.clone());
        Worker {
            options,
            reports,
            settings,
            presences: presence::Tracker::default(),
            own_presence: OwnPresence::default(),
            presence_changes: Vec::new(),
            profile_changes: Vec::new(),
            fetching: HashSet::new(),
            omemo: None,
            files: files::Files::default(),
            typists: chatstates::Typists::default(),
            account,
            store,
            events,
            generation: 0,
            bound: None,
            iqs: HashMap::new(),
            acks,
            catch_up: None,
            rooms: rooms::Rooms::default(),
            room_ping_at: None,
            directory: None,
            sid_trusted: None,
            bookmarks_compat: None,
            pending: Vec::new(),
            flush_at: None,
            last_state: None,
            newest_tracked: 0,
        }
    }

    fn own(&self) -> &BareJid {
        &self.account.jid
    }

    async fn emit(&self, event: Event) {
        // The interface may be gone (CLI exiting); the store already has everything.
        let _ = self.events.send(event).await;
    }

    /// Tells the interface that the user's `action` did not happen, and why.
    async fn command_failed(&self, action: &'static str, reason: String) {
        let account = self.account.id;
        self.emit(Event::CommandFailed {
            account,
            action,
            reason,
        })
        .await;
    }

    async fn set_state(&mut self, state: ConnectionState) {
        if self.last_state.as_ref() == Some(&state) {
            return;
        }
        self.last_state = Some(state.clone());
        let event = Event::Connection {
            account: self.account.id,
            generation: self.generation,
            state,
        };
        self.emit(event).await;
    }

    pub async fn run(
        mut self,
        mut commands: mpsc::Receiver<Command>,
        mut reports: mpsc::UnboundedReceiver<Report>,
        mut acks: mpsc::UnboundedReceiver<Ack>,
    ) {
        let mut stream = super::new_stream(
            self.settings.subscribe(),
            self.options,
            self.reports.clone(),
        );
        let mut churn_delay = self.options.retry_min;
        let mut transfers = self.files.finished.take().expect("run is called once");
        loop {
            let flush_at = self.flush_at;
            let flush = async move {
                match flush_at {
                    Some(t) => tokio::time::sleep_until(t).await,
                    None => futures::future::pending().await,
                }
            };
            let ping_at = self.room_ping_at;
            let room_ping = async move {
                match ping_at {
                    Some(t) => tokio::time::sleep_until(t).await,
                    None => futures::future::pending().await,
                }
            };
            tokio::select! {
                event = stream.next() => match event {
                    Some(StreamEventOuter::Stream(e)) => self.on_stream_event(&stream, e).await,
                    Some(StreamEventOuter::Stanza(s)) => self.on_stanza(&stream, s).await,
                    None => {
                        let reason = DisconnectReason::ConnectionLost("the stream ended".into());
                        self.set_state(ConnectionState::Disconnected(reason)).await;
                        break;
                    }
                },
                command = commands.recv() => match command {
                    Some(Command::Shutdown) | None => {
                        if self.still_running(&mut stream).await {
                            self.flush(&stream).await;
                            self.drain_acks(&mut stream, &mut acks).await;
                        }
                        if self.still_running(&mut stream).await {
                            self.flush(&stream).await;
                            self.say_goodbye(&stream).await;
                        }
                        close(stream, None).await;
                        self.set_state(ConnectionState::Disconnected(DisconnectReason::Shutdown)).await;
                        break;
                    }
                    Some(command) => self.on_command(&stream, command).await,
                },
                Some(report) = reports.recv() => match report {
                    Report::State(state) => self.set_state(state).await,
                    Report::Final(state, slot) => {
                        if let ConnectionState::AuthFailed(_) = state {
                            let id = self.account.id;
                            let _ = self.store.writer.write(move |tx| accounts::set_auth_failed(tx, id, true)).await;
                        }
                        self.flush(&stream).await;
                        close(stream, Some(slot)).await;
                        self.set_state(state).await;
                        break;
                    }
                    Report::Churn(slot) => {
                        tracing::warn!("the stream could not get going; starting a fresh one");
                        self.bound = None;
                        let seconds = churn_delay.as_secs().max(1);
                        let reason = DisconnectReason::ConnectionLost("the server did not accept the stream".into());
                        self.set_state(ConnectionState::Retrying { seconds, reason }).await;
                        let fresh = super::new_stream(self.settings.subscribe(), self.options, self.reports.clone());
                        close(std::mem::replace(&mut stream, fresh), Some(slot)).await;
                        tokio::time::sleep(churn_delay).await;
                        churn_delay = (churn_delay * 2).min(self.options.retry_max);
                    }
                },
                Some(ack) = acks.recv() => self.on_ack(ack).await,
                Some(ended) = transfers.recv() => self.on_transfer_ended(&stream, ended).await,
                _ = flush => self.flush(&stream).await,
                _ = room_ping => self.ping_rooms(&stream).await,
            }
        }
    }

    /// On shutdown, give what was just sent a moment to be acknowledged, so that closing
    /// the app right after an action does not leave it for the next start. The stream is
    /// still read meanwhile: an encrypted message may wait for a device list or a bundle.
    async fn drain_acks(
        &mut self,
        stream: &mut StanzaStream,
        acks: &mut mpsc::UnboundedReceiver<Ack>,
    ) {
        if !matches!(self.last_state, Some(ConnectionState::Online { .. })) {
            return;
        }
        let deadline = Instant::now() + Duration::from_secs(3);
        loop {
            let id = self.account.id;
            let left = self
                .store
                .readers
                .read(move |c| outbox::count(c, id))
                .await
                .unwrap_or(0);
            if left == 0 {
                return;
            }
            tokio::select! {
                ack = acks.recv() => match ack {
                    Some(ack) => self.on_ack(ack).await,
                    None => return,
                },
                event = stream.next() => match event {
                    Some(StreamEventOuter::Stanza(s)) => self.on_stanza(stream, s).await,
                    Some(StreamEventOuter::Stream(_)) | None => return,
                },
                _ = tokio::time::sleep_until(deadline) => return,
            }
        }
    }

    /// Whether the stream's own task still runs, for the sends of a shutdown: when the
    /// runtime itself is going away (the window closed, a test's runtime dropped) that task
    /// may be gone before ours, and tokio-xmpp panics on a send to a stream without its task.
    /// What the stream already holds for us is handled on the way.
    async fn still_running(&mut self, stream: &mut StanzaStream) -> bool {
        loop {
            match stream.next().now_or_never() {
                None => return true,
                Some(None) => return false,
                Some(Some(StreamEventOuter::Stanza(s))) => self.on_stanza(stream, s).await,
                Some(Some(StreamEventOuter::Stream(_))) => {}
            }
        }
    }

    async fn send(&self, stream: &StanzaStream, stanza: Stanza) {
        drop(stream.send(Box::new(stanza)).await);
    }

    async fn send_iq(
        &mut self,
        stream: &StanzaStream,
        to: Option<Jid>,
        set: bool,
        payload: Element,
        purpose: IqPurpose,
    ) -> String {
        let id = new_stanza_id();
        let iq = if set {
            Iq::Set {
                from: None,
                to: to.clone(),
                id: id.clone(),
                payload,
            }
        } else {
            Iq::Get {
                from: None,
                to: to.clone(),
                id: id.clone(),
                payload,
            }
        };
        self.iqs.insert(id.clone(), PendingIq { to, purpose });
        self.send(stream, Stanza::Iq(iq)).await;
        id
    }

    async fn on_stream_event(&mut self, stream: &StanzaStream, event: StreamEvent) {
        match event {
            StreamEvent::Reset { bound_jid, .. } => {
                self.generation += 1;
                self.bound = Some(bound_jid);
                self.iqs.clear();
                self.catch_up = None;
                self.rooms.reset();
                self.room_ping_at = None;
                self.sid_trusted = None;
                self.bookmarks_compat = None;
                self.newest_tracked = 0;
                self.presences.clear();
                self.typists.clear();
                self.fetching.clear();
                if let Some(o) = self.omemo.as_mut() {
                    o.fetch = session_omemo::Fetching::default();
                }
                self.files.reset();
                self.set_state(ConnectionState::Online { resumed: false })
                    .await;
                self.start_session(stream).await;
                // Files that waited for device lists of the last session ask again.
                self.lists_read_for_uploads(stream).await;
                self.pump_uploads(stream).await;
            }
            StreamEvent::Resumed => {
                self.set_state(ConnectionState::Online { resumed: true })
                    .await;
                // What was written while the link was down goes out now; what was in
                // flight the stream resends itself.
                self.send_new_outbox_entries(stream).await;
            }
            StreamEvent::Suspended => {
                // The interface forgets who was typing when the link goes down.
                self.typists.clear();
                let reason = DisconnectReason::ConnectionLost("connection interrupted".into());
                self.set_state(ConnectionState::Disconnected(reason)).await
            }
        }
    }

    /// A fresh session (not resumed): roster, carbons, our server's features, presence,
    /// archive catch-up and the outbox, in that order on the wire.
    async fn start_session(&mut self, stream: &StanzaStream) {
        let id = self.account.id;
        let ver = self
            .store
            .readers
            .read(move |c| accounts::roster_version(c, id))
            .await
            .ok()
            .flatten();
        self.send_iq(
            stream,
            None,
            false,
            roster::query(ver.as_deref()),
            IqPurpose::Roster,
        )
        .await;
        self.send_iq(
            stream,
            None,
            true,
            super::carbons::enable(),
            IqPurpose::Carbons,
        )
        .await;
        let own = Jid::from(self.own().clone());
        self.send_iq(
            stream,
            Some(own),
            false,
            disco::info_request(),
            IqPurpose::OwnDisco,
        )
        .await;
        self.send_iq(
            stream,
            None,
            false,
            blocking::request(),
            IqPurpose::Blocklist,
        )
        .await;
        self.start_omemo(stream).await;
        self.send_own_presence(stream).await;
        // Before the outbox: a message to a room goes out after our entry into it.
        self.join_rooms(stream).await;
        self.request_bookmarks(stream).await;
        let own = self.own().to_string();
        let after = self
            .store
            .readers
            .read(move |c| sync::cursor(c, id, &own))
            .await
            .ok()
            .flatten();
        self.request_page(stream, after, 0).await;
        self.replay_outbox(stream).await;
    }

    async fn request_page(&mut self, stream: &StanzaStream, after: Option<String>, fetched: usize) {
        let query_id = new_stanza_id();
        let payload = mam::query(&query_id, after.as_deref());
        let iq_id = self
            .send_iq(stream, None, true, payload, IqPurpose::Mam)
            .await;
        self.catch_up = Some(CatchUp {
            query_id,
            iq_id,
            after,
            page: Vec::new(),
            fetched,
        });
    }

    async fn replay_outbox(&mut self, stream: &StanzaStream) {
        let id = self.account.id;
        let pending = match self
            .store
            .readers
            .read(move |c| outbox::pending(c, id))
            .await
        {
            Ok(p) => p,
            Err(e) => {
                tracing::error!("cannot read the outbox: {e}");
                return;
            }
        };
        if pending.is_empty() {
            self.emit(Event::OutboxEmpty { account: id }).await;
        }
        for entry in pending {
            let parsed = entry
                .stanza
                .parse::<Element>()
                .ok()
                .and_then(|el| XmppMessage::try_from(el).ok());
            let Some(message) = parsed else {
                tracing::error!(outbox = entry.id, "unreadable outbox entry dropped");
                let _ = self
                    .store
                    .writer
                    .write(move |tx| outbox::remove(tx, entry.id).map(|_| ()))
                    .await;
                continue;
            };
            self.send_entry(stream, entry.id, entry.message, message)
                .await;
        }
    }

    async fn send_tracked(&mut self, stream: &StanzaStream, outbox_id: i64, message: XmppMessage) {
        self.newest_tracked = self.newest_tracked.max(outbox_id);
        let mut token = stream.send(Box::new(Stanza::Message(message))).await;
        let generation = self.generation;
        let acks = self.acks.clone();
        tokio::spawn(async move {
            let state = token.wait_for(StanzaStage::Acked).await;
            let _ = acks.send(Ack {
                outbox_id,
                generation,
                state,
            });
        });
    }

    async fn on_ack(&mut self, ack: Ack) {
        if ack.generation != self.generation
            || !matches!(ack.state, Some(StanzaState::Acked { .. }))
        {
            // Not acknowledged: it stays in the outbox for the next fresh session.
            return;
        }
        let account = self.account.id;
        let result = self
            .store
            .writer
            .write(move |tx| {
                let removed = outbox::remove(tx, ack.outbox_id)?;
                let raised = match removed {
                    Some(Some(message)) => {
                        crate::store::messages::raise_state(tx, message, Delivery::Sent)?
                            .then_some(message)
                    }
                    _ => None,
                };
                Ok((raised, outbox::count(tx, account)?))
            })
            .await;
        match result {
            Ok((raised, left)) => {
                if let Some(message) = raised {
                    let outcome = SendOutcome {
                        message,
                        state: Delivery::Sent,
                        error: None,
                    };
                    self.emit(Event::Delivery { account, outcome }).await;
                }
                if left == self.waiting_with_reason() {
                    self.emit(Event::OutboxEmpty { account }).await;
                }
            }
            Err(e) => tracing::error!("cannot record an acknowledgement: {e}"),
        }
    }

    async fn on_command(&mut self, stream: &StanzaStream, command: Command) {
        let account = self.account.id;
        let own = self.own().clone();
        let store = self.store.clone();
        let result = match command {
            Command::SendText(text) => {
                let queued = outgoing::queue_text(&store, account, own, text).await;
                self.announce(queued.as_ref().ok().copied()).await;
                queued.map(|_| ())
            }
            Command::Queued(messages) => {
                tracing::debug!(?messages, "queued by another process");
                for message in messages {
                    self.announce(Some(message)).await;
                }
                Ok(())
            }
            Command::SendFile(file) => {
                self.send_file(stream, file).await;
                Ok(())
            }
            Command::Download {
                id,
                message,
                to,
                max_size,
            } => {
                self.download(id, message, to, max_size).await;
                Ok(())
            }
            Command::CancelTransfer { id } => {
                self.cancel_transfer(id).await;
                Ok(())
            }
            Command::Correct { message, body } => {
                let queued = outgoing::queue_correction(&store, account, message, body).await;
                self.announce(queued.is_ok().then_some(message)).await;
                queued
            }
            Command::Retract { message } => {
                let queued = outgoing::queue_retraction(&store, account, message).await;
                self.announce(queued.is_ok().then_some(message)).await;
                queued
            }
            Command::React { message, emojis } => {
                let queued = outgoing::queue_reactions(&store, account, own, message, emojis).await;
                self.announce(queued.is_ok().then_some(message)).await;
                if let Err(e) = &queued {
                    let reason = e.message.clone();
                    self.emit(Event::CommandFailed {
                        account,
                        action: "react",
                        reason,
                    })
                    .await;
                }
                queued
            }
            Command::MarkDisplayed {
                conversation,
                tell_sender,
            } => {
                let queued =
                    outgoing::queue_displayed(&store, account, conversation, tell_sender).await;
                if queued.is_ok() {
                    self.publish_read_position(stream, conversation).await;
                    let changed = MessagesChanged {
                        conversations: vec![conversation],
                        new_incoming: Vec::new(),
                    };
                    self.emit(Event::Messages { account, changed }).await;
                }
                queued
            }
            Command::AddContact { jid, name } => {
                self.send_iq(
                    stream,
                    None,
                    true,
                    roster::set_item(&jid, name.as_deref()),
                    IqPurpose::Other,
                )
                .await;
                self.send(
                    stream,
                    Stanza::Presence(
                        Presence::new(PresenceType::Subscribe).with_to(Jid::from(jid)),
                    ),
                )
                .await;
                Ok(())
            }
            Command::RemoveContact { jid } => {
                self.send_iq(
                    stream,
                    None,
                    true,
                    roster::remove_item(&jid),
                    IqPurpose::Other,
                )
                .await;
                Ok(())
            }
            Command::ApproveContact { jid } => {
                let to = Jid::from(jid.clone());
                self.send(
                    stream,
                    Stanza::Presence(Presence::new(PresenceType::Subscribed).with_to(to.clone())),
                )
                .await;
                // Ask back, so both see each other, as people expect from "accept".
                self.send(
                    stream,
                    Stanza::Presence(Presence::new(PresenceType::Subscribe).with_to(to)),
                )
                .await;
                let _ = store
                    .writer
                    .write(move |tx| crate::store::roster::set_pending_in(tx, account, &jid, false))
                    .await;
                Ok(())
            }
            Command::DenyContact { jid } => {
                self.send(
                    stream,
                    Stanza::Presence(
                        Presence::new(PresenceType::Unsubscribed).with_to(Jid::from(jid.clone())),
                    ),
                )
                .await;
                let _ = store
                    .writer
                    .write(move |tx| crate::store::roster::set_pending_in(tx, account, &jid, false))
                    .await;
                Ok(())
            }
            Command::ChangePassword { password } => {
                let username = own.node().map(|n| n.as_str()).unwrap_or_default();
                let payload = register::submit(username, password.expose());
                let purpose = IqPurpose::ChangePassword(password);
                self.send_iq(stream, None, true, payload, purpose).await;
                Ok(())
            }
            Command::SetPresence(presence) => {
                self.own_presence = presence;
                if self.is_online() {
                    self.send_own_presence(stream).await;
                }
                Ok(())
            }
            Command::SendChatState { to, state } => {
                // Typing is only shown to contacts and private groups, and only while online:
                // never queued.
                let room = self.rooms.runs.get(&to).map(|r| r.takes_chat_states());
                let welcome = match room {
                    Some(takes) => takes,
                    None => store
                        .readers
                        .read({
                            let to = to.clone();
                            move |c| crate::store::roster::is_contact(c, account, &to)
                        })
                        .await
                        .unwrap_or(false),
                };
                if welcome && self.is_online() {
                    let state = chatstates::state(state);
                    let message = outgoing::chat_state(&to, room.is_some(), state);
                    if let Ok(message) = XmppMessage::try_from(message) {
                        self.send(stream, Stanza::Message(message)).await;
                    }
                }
                Ok(())
            }
            Command::Block { jid } => {
                self.action(stream, "block", blocking::block(&jid)).await;
                Ok(())
            }
            Command::Unblock { jid } => {
                self.action(stream, "unblock", blocking::unblock(&jid))
                    .await;
                Ok(())
            }
            Command::SetNick { nick: name } => {
                let payload = nick::build(name.as_deref().unwrap_or(""));
                let publish = pubsub::publish(ns::NICK, "current", payload, &[]);
                self.action(stream, "set nickname", publish).await;
                Ok(())
            }
            Command::SetAvatar { image } => self.set_avatar(stream, image).await,
            Command::RemoveOwnDevice { device } => {
                self.remove_own_device(stream, device).await;
                Ok(())
            }
            Command::JoinRoom {
                room,
                nick,
                password,
            } => self.join_room(stream, room, nick, password).await,
            Command::LeaveRoom { room } => self.leave_room(stream, room).await,
            Command::CreateRoom { room, nick, setup } => {
                self.create_room(stream, room, nick, setup).await
            }
            Command::InviteToRoom { room, jid } => {
                self.invite(stream, room, jid).await;
                Ok(())
            }
            Command::ListPublicRooms { service } => {
                self.list_public_rooms(stream, service).await;
                Ok(())
            }
            Command::Moderate { room, action } => {
                self.moderate(stream, room, action).await;
                Ok(())
            }
            Command::Shutdown => Ok(()),
        };
        if let Err(e) = result {
            tracing::warn!("command failed: {e}");
            return;
        }
        // Whatever was queued goes out now if we are online (else on the next session).
        if self.bound.is_some() && matches!(self.last_state, Some(ConnectionState::Online { .. })) {
            self.send_new_outbox_entries(stream).await;
        }
    }

    /// Tells the interface that a message the user just wrote or changed is in the store.
    async fn announce(&self, message: Option<crate::core::MessageId>) {
        let Some(message) = message else { return };
        let found = self
            .store
            .readers
            .read(move |c| messages::get(c, message))
            .await;
        if let Ok(m) = found {
            let account = self.account.id;
            let changed = MessagesChanged {
                conversations: vec![m.conversation],
                new_incoming: Vec::new(),
            };
            self.emit(Event::Messages { account, changed }).await;
        }
    }

    fn is_online(&self) -> bool {
        self.bound.is_some() && matches!(self.last_state, Some(ConnectionState::Online { .. }))
    }

    /// Our unavailable presence before the stream closes (RFC 6121 §4.5.1), after everything
    /// else we send: our server tells contacts and rooms in order. A room whose stanzas to us
    /// bounced as errors after the close would take us for a broken client and remove us,
    /// our other devices with us.
    async fn say_goodbye(&self, stream: &StanzaStream) {
        if !self.is_online() {
            return;
        }
        let goodbye = Presence::new(PresenceType::Unavailable);
        self.send(stream, Stanza::Presence(goodbye)).await;
    }

    /// Our available presence, with the hash of our picture.
    async fn own_presence_element(&self) -> Element {
        let id = self.account.id;
        let own = self.own().clone();
        let avatar = self
            .store
            .readers
            .read(move |c| profiles::get(c, id, &own))
            .await
            .ok()
            .and_then(|p| p.avatar);
        presence::own(&self.own_presence, avatar.as_deref())
    }

    /// Our presence to our contacts and to every room we are in (rooms get only what is
    /// sent to them).
    async fn send_own_presence(&self, stream: &StanzaStream) {
        let element = self.own_presence_element().await;
        for (room, nick) in self.rooms.inside() {
            let to_room = muc::to_occupant(element.clone(), &room, &nick);
            if let Ok(p) = Presence::try_from(to_room) {
                self.send(stream, Stanza::Presence(p)).await;
            }
        }
        if let Ok(p) = Presence::try_from(element) {
            self.send(stream, Stanza::Presence(p)).await;
        }
    }

    /// An IQ set to our own account on the user's behalf; a refusal becomes CommandFailed.
    async fn action(&mut self, stream: &StanzaStream, name: &'static str, payload: Element) {
        if !self.is_online() {
            let account = self.account.id;
            let reason = "not connected".to_string();
            self.emit(Event::CommandFailed {
                account,
                action: name,
                reason,
            })
            .await;
            return;
        }
        self.send_iq(stream, None, true, payload, IqPurpose::Action(name))
            .await;
    }

    /// XEP-0490: tells our other devices how far we read, by our archive's stanza-id.
    async fn publish_read_position(
        &mut self,
        stream: &StanzaStream,
        conversation: crate::core::ConversationId,
    ) {
        if !self.is_online() || self.sid_trusted != Some(true) {
            return;
        }
        let newest = self
            .store
            .readers
            .read(move |c| messages::newest_incoming(c, conversation))
            .await;
        let Ok(Some(newest)) = newest else { return };
        // XEP-0490 keeps one position per bare address: the room's is not a private one's.
        let Some(stanza_id) = newest.stanza_id.filter(|_| newest.private.is_none()) else {
            return;
        };
        let payload = mds::displayed(&stanza_id, self.own());
        let publish = pubsub::publish(mds::NODE, newest.peer.as_str(), payload, mds::OPTIONS);
        self.action(stream, "sync read position", publish).await;
    }

    async fn set_avatar(
        &mut self,
        stream: &StanzaStream,
        image: Option<crate::core::AvatarImage>,
    ) -> Result<(), crate::core::Error> {
        let account = self.account.id;
        let own = self.own().clone();
        let Some(image) = image else {
            self.action(
                stream,
                "remove avatar",
                pubsub::publish(ns::AVATAR_METADATA, "current", avatar::removed(), &[]),
            )
            .await;
            self.store
                .writer
                .write(move |tx| profiles::set_avatar(tx, account, &own, None).map(|_| ()))
                .await?;
            self.send_own_presence(stream).await;
            return Ok(());
        };
        if image.data.len() > avatar::MAX_BYTES {
            let reason = format!(
                "the picture is larger than {} KiB",
                avatar::MAX_BYTES / 1024
            );
            self.emit(Event::CommandFailed {
                account,
                action: "set avatar",
                reason,
            })
            .await;
            return Ok(());
        }
        let (id, data, metadata) = avatar::publish_payloads(&image);
        let stored_id = id.clone();
        self.store
            .writer
            .write(move |tx| {
                profiles::put_avatar(tx, &stored_id, &image)?;
                profiles::set_avatar(tx, account, &own, Some(&stored_id)).map(|_| ())
            })
            .await?;
        // Data before metadata: a contact fetches the data when the metadata arrives. Both
        // open to anyone, as people in our rooms who are not our contacts see us too.
        if !self.is_online() {
            self.command_failed("set avatar", "not connected".into())
                .await;
            return Ok(());
        }
        let publication =
            |node: &str, payload| Publication::element(node, &id, payload, crate::omemo::pep::OPEN);
        // A refusal of either is the command's; only the metadata's success ends it.
        let mut data = Publishing::new(publication(ns::AVATAR_DATA, data), Some("set avatar"));
        let metadata = Publishing::new(
            publication(ns::AVATAR_METADATA, metadata),
            Some("set avatar"),
        );
        data.then = Some(Box::new(metadata));
        self.publish_pep(stream, data).await;
        self.send_own_presence(stream).await;
        Ok(())
    }

    /// Sends outbox entries that have no transmission in flight in this session.
    async fn send_new_outbox_entries(&mut self, stream: &StanzaStream) {
        let id = self.account.id;
        let newest_sent = self.newest_tracked;
        let pending = self
            .store
            .readers
            .read(move |c| outbox::pending(c, id))
            .await
            .unwrap_or_default();
        let held = self
            .omemo
            .as_ref()
            .map(|o| o.fetch.held.clone())
            .unwrap_or_default();
        for entry in pending
            .into_iter()
            .filter(|e| e.id > newest_sent || held.contains(&e.id))
        {
            if let Some(message) = entry
                .stanza
                .parse::<Element>()
                .ok()
                .and_then(|el| XmppMessage::try_from(el).ok())
            {
                self.send_entry(stream, entry.id, entry.message, message)
                    .await;
            }
        }
    }

    async fn on_stanza(&mut self, stream: &StanzaStream, stanza: Stanza) {
        match stanza {
            Stanza::Message(m) => self.on_message(stream, m).await,
            Stanza::Iq(iq) => self.on_iq(stream, iq).await,
            Stanza::Presence(p) => self.on_presence(stream, p).await,
        }
        if self.pending.len() >= FLUSH_SIZE {
            self.flush(stream).await;
        }
    }

    async fn on_message(&mut self, stream: &StanzaStream, message: XmppMessage) {
        let element = Element::from(message);
        if let Some(notification) = pubsub::notification(&element) {
            let from = element.attr("from").map(str::to_string);
            return self
                .on_notification(stream, from.as_deref(), notification)
                .await;
        }
        if element.attr("type") != Some("error")
            && let Some(invitation) = super::muc::invitation_in(&element)
        {
            return self.on_invitation(invitation).await;
        }
        if let Some((room, by, subject)) = super::muc::subject(&element)
            && self.rooms.runs.contains_key(&room)
        {
            return self.on_room_subject(room, by, subject).await;
        }
        if let Some((room, nick)) = super::muc::voice_request_of(&element)
            && self
                .rooms
                .runs
                .get(&room)
                .is_some_and(|r| r.may_give_voice_to(&nick))
        {
            let account = self.account.id;
            return self
                .emit(Event::VoiceRequest {
                    account,
                    room,
                    nick,
                })
                .await;
        }
        if let Some(room) = super::muc::configuration_changed(&element)
            && self.rooms.views.contains_key(&room)
        {
            // Its features again: whether it is private now, and so whether we encrypt.
            let purpose = IqPurpose::RoomDisco(room.clone());
            let to = Some(Jid::from(room));
            self.send_iq(stream, to, false, super::disco::info_request(), purpose)
                .await;
            return;
        }
        let open_query = self.catch_up.as_ref().map(|c| c.query_id.as_str());
        let verdict = pipeline::receive(
            &element,
            &pipeline::Context {
                own: &self.account.jid,
                open_query,
                device: self.omemo.as_ref().map(Omemo::device),
                rooms: &self.rooms.views,
                room_queries: &self.rooms.queries,
            },
        );
        match verdict {
            Verdict::Drop(reason) => tracing::debug!(reason, "message dropped"),
            Verdict::Accept(mut inbound) => {
                // 3: decrypt. An empty OMEMO message still goes on to the batch: the session
                // it moved on is written with it.
                if let Some(opened) = inbound.omemo.take() {
                    self.decrypt(stream, &mut inbound, opened).await;
                }
                let inbound = match &inbound.via {
                    Via::Archive { query_id, .. } => {
                        let query_id = query_id.clone();
                        match self.rooms.take_archived(&query_id, *inbound) {
                            Some(i) => Box::new(i),
                            None => return,
                        }
                    }
                    Via::Live | Via::Carbon => inbound,
                };
                if let (Via::Archive { .. }, Some(catch_up)) =
                    (&inbound.via, self.catch_up.as_mut())
                {
                    catch_up.page.push(*inbound);
                } else {
                    self.pending.push(*inbound);
                    if self.flush_at.is_none() {
                        self.flush_at = Some(Instant::now() + FLUSH_DELAY);
                    }
                }
            }
        }
    }

    /// Step 3 of the receive pipeline for one message (session/omemo.rs).
    async fn decrypt(
        &mut self,
        stream: &StanzaStream,
        inbound: &mut Inbound,
        opened: wire::Opened,
    ) {
        let account = self.account.id;
        let own = self.own().clone();
        let Some(omemo) = self.omemo.as_mut() else {
            return;
        };
        let from = DeviceAddress {
            jid: inbound.sender.clone(),
            namespace: opened.namespace,
            id: opened.sender_device.get(),
        };
        if let Err(e) = omemo.load_session(&self.store, account, &from).await {
            tracing::error!("cannot read an OMEMO session: {e}");
        }
        omemo.decrypt(&own, inbound, opened);
        let wanted: Vec<DeviceAddress> = omemo
            .fetch
            .heal
            .iter()
            .filter(|d| !omemo.fetch.bundles_pending.contains(*d))
            .cloned()
            .collect();
        if !wanted.is_empty() {
            // The bundle's answer starts the new session and offers it (on_bundle).
            self.fetch_for_encryption(stream, Vec::new(), wanted).await;
        }
    }

    /// XEP-0384 at the start of a fresh session: read our device lists (the answers add our
    /// device where it is missing) and publish both bundles.
    async fn start_omemo(&mut self, stream: &StanzaStream) {
        if self.omemo.is_none() {
            match Omemo::load(&self.store, self.account.id).await {
                Ok(o) => self.omemo = Some(o),
                Err(e) => {
                    tracing::error!("OMEMO is unavailable: {e}");
                    return;
                }
            }
        }
        let own = self.own().clone();
        if let Some(o) = self.omemo.as_mut() {
            o.forget_spent_prekeys();
            o.fetch.lists_pending.insert(own, OmemoNamespace::ALL.len());
        }
        for ns in OmemoNamespace::ALL {
            let request = pubsub::items_request(wire::device_list_node(ns), None);
            self.send_iq(stream, None, false, request, IqPurpose::OwnDeviceList(ns))
                .await;
        }
        self.publish_bundles(stream).await;
    }

    async fn publish_bundles(&mut self, stream: &StanzaStream) {
        let publications = match &self.omemo {
            Some(o) => o.bundle_publications(),
            None => return,
        };
        for publication in publications {
            self.publish_pep(stream, Publishing::new(publication, None))
                .await;
        }
    }

    async fn publish_pep(&mut self, stream: &StanzaStream, publishing: Publishing) {
        let p = &publishing.publication;
        let request = match publishing.step {
            PublishStep::WithOptions => p.pubsub(),
            PublishStep::WithoutOptions | PublishStep::WithoutOptionsThenConfigure => {
                p.pubsub_without_options()
            }
            PublishStep::Configure | PublishStep::ConfigureAfter => p.configure(),
        };
        let purpose = IqPurpose::Publish(Box::new(publishing));
        self.send_iq(stream, None, true, request, purpose).await;
    }

    async fn on_pep_published(
        &mut self,
        stream: &StanzaStream,
        mut publishing: Publishing,
        result: Result<Option<Element>, String>,
    ) {
        let (node, step) = (publishing.publication.node.clone(), publishing.step);
        if let Err(reason) = &result {
            tracing::info!(%node, ?step, "publication refused: {reason}");
        }
        if let Some(next) = step.next(result.is_ok()) {
            publishing.step = next;
            return self.publish_pep(stream, publishing).await;
        }
        // Published, though a node that could not be configured keeps the server's access
        // model (others may not be able to read it).
        let published = result.is_ok() || step.configures();
        if step.configures() && result.is_err() {
            tracing::warn!(%node, "a node keeps the server's access model");
        }
        match (published, publishing.then, publishing.action) {
            (true, Some(then), _) => self.publish_pep(stream, *then).await,
            (true, None, Some(action)) => {
                let account = self.account.id;
                self.emit(Event::CommandDone { account, action }).await;
            }
            (false, _, Some(action)) => {
                let reason = result.err().unwrap_or_default();
                self.command_failed(action, reason).await;
            }
            (false, _, None) => tracing::warn!(%node, "a publication failed"),
            (true, None, None) => {}
        }
    }

    /// A device list, from a notification or our own request. Ours must keep our device.
    async fn on_device_list(
        &mut self,
        stream: &StanzaStream,
        owner: BareJid,
        ns: OmemoNamespace,
        payload: Option<&Element>,
    ) {
        let ids = payload
            .and_then(|p| wire::device_list(ns, p))
            .unwrap_or_default();
        if owner == *self.own()
            && let Some(p) = self
                .omemo
                .as_ref()
                .and_then(|o| o.own_list_with_us(ns, &ids))
        {
            self.publish_pep(stream, Publishing::new(p, None)).await;
        }
        let account = self.account.id;
        match session_omemo::store_list(&self.store, account, owner.clone(), ns, ids).await {
            Ok(fresh) => {
                if !fresh.is_empty() {
                    tracing::debug!(jid = %owner, ?fresh, "new OMEMO devices");
                }
                self.emit(Event::DevicesChanged {
                    account,
                    jid: owner,
                })
                .await;
            }
            Err(e) => tracing::error!("cannot store a device list: {e}"),
        }
    }

    /// Publishes our device lists without `device` in each namespace that lists it. The
    /// server's notification of the new lists updates the store (on_device_list).
    async fn remove_own_device(&mut self, stream: &StanzaStream, device: u32) {
        let account = self.account.id;
        let own = self.own().clone();
        let refuse = |reason: String| Event::CommandFailed {
            account,
            action: "remove device",
            reason,
        };
        if !self.is_online() {
            return self.emit(refuse("not connected".into())).await;
        }
        let Some(ours) = self.omemo.as_ref().map(|o| o.device().get()) else {
            return self.emit(refuse("encryption is not ready".into())).await;
        };
        if device == ours {
            let reason = "this is the device you are using".to_string();
            return self.emit(refuse(reason)).await;
        }
        let read = {
            let own = own.clone();
            self.store
                .readers
                .read(move |c| crate::store::omemo::devices(c, account, &own))
                .await
        };
        let listed = match read {
            Ok(devices) => devices,
            Err(e) => return self.emit(refuse(e.to_string())).await,
        };
        let mut publications = Vec::new();
        for ns in OmemoNamespace::ALL {
            let ids: std::collections::BTreeSet<_> = listed
                .iter()
                .filter(|d| d.namespace == ns && d.active)
                .filter_map(|d| crate::omemo::DeviceId::new(d.id))
                .collect();
            if !ids.iter().any(|d| d.get() == device) {
                continue;
            }
            let kept = ids.into_iter().filter(|d| d.get() != device).collect();
            match wire::device_list_publication(ns, &kept) {
                Ok(p) => publications.push(p),
                Err(e) => return self.emit(refuse(e.to_string())).await,
            }
        }
        if publications.is_empty() {
            let reason = format!("device {device} is not in this account's device lists");
            return self.emit(refuse(reason)).await;
        }
        for p in publications {
            let publishing = Publishing::new(p, Some("remove device"));
            self.publish_pep(stream, publishing).await;
        }
    }

    /// Sends an outbox entry, encrypting its body first when its conversation is encrypted
    /// (session/omemo.rs, `plan`). An entry that must wait (device lists or bundles on the
    /// way, or no trusted device) is held and tried again when they arrive.
    async fn send_entry(
        &mut self,
        stream: &StanzaStream,
        outbox_id: i64,
        message: Option<crate::core::MessageId>,
        stanza: XmppMessage,
    ) {
        let element = Element::from(stanza.clone());
        // A private message through a room goes as its conversation is: never encrypted,
        // so never held for the room's members' keys.
        let private = element.attr("type") == Some("chat")
            && element.get_child("x", super::muc::USER).is_some();
        let needs_thought = self.omemo.is_some()
            && !private
            && element.get_child("body", ns::CLIENT).is_some()
            && !element.children().any(|c| c.name() == "encrypted");
        let to = element
            .attr("to")
            .and_then(|t| t.parse::<Jid>().ok())
            .map(|j| j.to_bare());
        let (true, Some(to)) = (needs_thought, to) else {
            if let Some(o) = self.omemo.as_mut() {
                o.fetch.held.remove(&outbox_id);
            }
            return self.send_tracked(stream, outbox_id, stanza).await;
        };
        // A room's message waits until we know whether it is a private group and whom it
        // counts as members.
        let room = self
            .rooms
            .runs
            .get(&to)
            .map(|r| (r.ready(), r.private, r.conversation()));
        if let Some((false, ..)) = room {
            if let Some(o) = self.omemo.as_mut() {
                o.fetch.held.insert(outbox_id);
            }
            return;
        }
        let account = self.account.id;
        let own = self.own().clone();
        let read = {
            let (to, own) = (to.clone(), own.clone());
            self.store
                .readers
                .read(move |c| {
                    let mode = match conversations::find(c, account, &to)? {
                        Some(id) => conversations::encryption(c, id)?,
                        None => crate::core::Encryption::Automatic,
                    };
                    // Outside the room (left, refused), its privacy as last known.
                    let private = match room {
                        Some((_, Some(p), _)) => Some(p),
                        Some((_, None, _)) => Some(
                            crate::store::rooms::find(c, account, &to)?.is_some_and(|r| r.private),
                        ),
                        None => None,
                    };
                    let members = match (room, private) {
                        (Some((_, _, conversation)), Some(true)) => {
                            crate::store::rooms::members(c, conversation)?
                        }
                        _ => Vec::new(),
                    };
                    let mut theirs = Vec::new();
                    for jid in members.iter().chain(room.is_none().then_some(&to)) {
                        theirs.extend(crate::store::omemo::devices(c, account, jid)?);
                    }
                    let ours = crate::store::omemo::devices(c, account, &own)?;
                    Ok((mode, private, members, theirs, ours))
                })
                .await
        };
        let Ok((mode, private, members, theirs, ours)) = read else {
            tracing::error!("cannot read what encryption needs; the message waits");
            return;
        };
        let store = self.store.clone();
        let Some(omemo) = self.omemo.as_mut() else {
            return;
        };
        for d in theirs.iter().chain(ours.iter()).filter(|d| d.active) {
            let address = DeviceAddress {
                jid: d.jid.clone(),
                namespace: d.namespace,
                id: d.id,
            };
            if let Err(e) = omemo.load_session(&store, account, &address).await {
                tracing::error!("cannot read an OMEMO session: {e}");
            }
        }
        let plan = {
            let lists = |j: &BareJid| omemo.fetch.lists_read.contains(j);
            let has_session = |a: &DeviceAddress| omemo.has_session(a);
            let known = session_omemo::Known {
                own: &own,
                own_device: omemo.device(),
                lists: &lists,
                has_session: &has_session,
                unusable: &omemo.fetch.unusable,
            };
            match private {
                None => session_omemo::plan_for(
                    mode,
                    session_omemo::Audience::Contact(&to),
                    &theirs,
                    &ours,
                    &known,
                ),
                Some(true) => session_omemo::plan_for(
                    mode,
                    session_omemo::Audience::Group {
                        room: &to,
                        members: &members,
                    },
                    &theirs,
                    &ours,
                    &known,
                ),
                // Anyone may read a public channel: nothing to encrypt for.
                Some(false) if mode == crate::core::Encryption::On => {
                    session_omemo::Plan::Refuse(format!(
                        "{to} is not a private group (members only, addresses visible to members), so its messages cannot be encrypted"
                    ))
                }
                Some(false) => session_omemo::Plan::Plain,
            }
        };
        match plan {
            session_omemo::Plan::Plain => {
                omemo.fetch.held.remove(&outbox_id);
                omemo.fetch.refused.remove(&outbox_id);
                self.send_tracked(stream, outbox_id, stanza).await
            }
            session_omemo::Plan::Fetch { lists, bundles } => {
                omemo.fetch.held.insert(outbox_id);
                omemo.fetch.refused.remove(&outbox_id);
                self.fetch_for_encryption(stream, lists, bundles).await;
            }
            session_omemo::Plan::Refuse(reason) => {
                omemo.fetch.held.insert(outbox_id);
                self.hold_with_error(outbox_id, message, reason).await;
            }
            session_omemo::Plan::Encrypt(devices) => {
                let encrypted = omemo.encrypt_stanza(&own, &to, &element, &devices);
                let encrypted = match encrypted {
                    Ok(e) => e,
                    Err(e) => {
                        omemo.fetch.held.insert(outbox_id);
                        let reason = format!("the message could not be encrypted: {e}");
                        return self.hold_with_error(outbox_id, message, reason).await;
                    }
                };
                omemo.fetch.held.remove(&outbox_id);
                omemo.fetch.refused.remove(&outbox_id);
                let changes = omemo.take_changes();
                let text = xml::to_string(&encrypted);
                let namespaces: crate::core::Namespaces =
                    devices.iter().map(|d| d.namespace).collect();
                let readers: Vec<(BareJid, u32)> =
                    devices.iter().map(|d| (d.jid.clone(), d.id)).collect();
                // The ciphertext and the sessions it used are stored before it leaves.
                let written = self
                    .store
                    .writer
                    .write(move |tx| {
                        outbox::replace_stanza(tx, outbox_id, &text)?;
                        if let Some(m) = message {
                            messages::set_encrypted(tx, m, namespaces)?;
                            messages::set_error(tx, m, None)?;
                        }
                        if let Some(c) = conversations::find(tx, account, &to)? {
                            conversations::note_encrypted(tx, c)?;
                            crate::store::omemo::set_encrypted_for(tx, c, &readers)?;
                        }
                        changes.store(tx, account)
                    })
                    .await;
                if let Err(e) = written {
                    tracing::error!("cannot store an encrypted message; it waits: {e}");
                    return;
                }
                match XmppMessage::try_from(encrypted) {
                    Ok(m) => self.send_tracked(stream, outbox_id, m).await,
                    Err(e) => tracing::error!("an encrypted message is not a message: {e:?}"),
                }
            }
        }
    }

    /// Outbox entries that wait for the person (a trust decision, a contact's OMEMO device).
    fn waiting_with_reason(&self) -> i64 {
        self.omemo
            .as_ref()
            .map_or(0, |o| o.fetch.refused.len() as i64)
    }

    /// Shows why a message waits (it stays queued, never sent in plain text).
    async fn hold_with_error(
        &mut self,
        outbox_id: i64,
        message: Option<crate::core::MessageId>,
        reason: String,
    ) {
        let account = self.account.id;
        if let Some(o) = self.omemo.as_mut() {
            o.fetch.refused.insert(outbox_id);
        }
        // Nothing else may be on its way: then nothing more leaves now.
        let left = self
            .store
            .readers
            .read(move |c| outbox::count(c, account))
            .await
            .unwrap_or(0);
        let in_flight = self.omemo.as_ref().is_some_and(|o| {
            !o.fetch.bundles_pending.is_empty() || !o.fetch.lists_pending.is_empty()
        });
        if left == self.waiting_with_reason() && !in_flight {
            self.emit(Event::OutboxEmpty { account }).await;
        }
        let Some(message) = message else { return };
        let stored = reason.clone();
        let written = self
            .store
            .writer
            .write(move |tx| messages::set_error(tx, message, Some(&stored)))
            .await;
        if written.is_ok() {
            let outcome = SendOutcome {
                message,
                state: Delivery::Queued,
                error: Some(reason),
            };
            self.emit(Event::Delivery { account, outcome }).await;
        }
    }

    /// Asks for what `plan` found missing, once each.
    async fn fetch_for_encryption(
        &mut self,
        stream: &StanzaStream,
        lists: Vec<BareJid>,
        bundles: Vec<DeviceAddress>,
    ) {
        let own = self.own().clone();
        for jid in lists {
            let Some(o) = self.omemo.as_mut() else { return };
            if o.fetch.lists_pending.contains_key(&jid) {
                continue;
            }
            o.fetch
                .lists_pending
                .insert(jid.clone(), OmemoNamespace::ALL.len());
            let to = (jid != own).then(|| Jid::from(jid.clone()));
            for ns in OmemoNamespace::ALL {
                let request = pubsub::items_request(wire::device_list_node(ns), None);
                let purpose = IqPurpose::DeviceList {
                    jid: jid.clone(),
                    ns,
                };
                self.send_iq(stream, to.clone(), false, request, purpose)
                    .await;
            }
        }
        for device in bundles {
            let Some(o) = self.omemo.as_mut() else { return };
            if !o.fetch.bundles_pending.insert(device.clone()) {
                continue;
            }
            let Some(id) = crate::omemo::DeviceId::new(device.id) else {
                o.fetch.bundles_pending.remove(&device);
                o.fetch.unusable.insert(device);
                continue;
            };
            let (node, item) = wire::bundle_location(device.namespace, id);
            let to = (device.jid != own).then(|| Jid::from(device.jid.clone()));
            let request = pubsub::items_request(&node, Some(&item));
            self.send_iq(stream, to, false, request, IqPurpose::Bundle(device))
                .await;
        }
    }

    async fn list_answered(&mut self, stream: &StanzaStream, jid: &BareJid) {
        let done = self
            .omemo
            .as_mut()
            .is_some_and(|o| o.fetch.list_answered(jid));
        if done {
            self.send_held(stream).await;
            self.lists_read_for_uploads(stream).await;
        }
    }

    /// A bundle arrived (or did not): its key is recorded and trusted as BTBV says, and a
    /// session starts when the key may be encrypted to.
    async fn on_bundle(
        &mut self,
        stream: &StanzaStream,
        device: DeviceAddress,
        result: Result<Option<Element>, String>,
    ) {
        let parsed = result.ok().flatten().and_then(|payload| {
            let id = crate::omemo::DeviceId::new(device.id)?;
            let (node, item) = wire::bundle_location(device.namespace, id);
            pubsub::items_result(&payload, &node)
                .into_iter()
                .find(|i| i.id.as_deref() == Some(item.as_str()))
                .and_then(|i| i.payload)
                .map(|p| wire::parse_bundle(device.namespace, &p))
        });
        let account = self.account.id;
        let usable = match parsed {
            Some(Ok(bundle)) => {
                match crate::omemo::identity_fingerprint(device.namespace, &bundle.identity_key) {
                    Ok(fingerprint) => {
                        let address = device.clone();
                        let trust = self
                            .store
                            .writer
                            .write(move |tx| {
                                crate::store::omemo::set_fingerprint(
                                    tx,
                                    account,
                                    &address,
                                    &fingerprint,
                                )?;
                                crate::store::omemo::note_key(
                                    tx,
                                    account,
                                    &address.jid,
                                    &fingerprint,
                                )
                            })
                            .await;
                        match (trust, self.omemo.as_mut()) {
                            (Ok(t), Some(o)) if t.encrypts() => o.start_session(&device, &bundle),
                            // Known, but not to be encrypted to: no session, no error.
                            (Ok(_), _) => true,
                            (Err(e), _) => {
                                tracing::error!("cannot store a device's key: {e}");
                                false
                            }
                        }
                    }
                    Err(_) => false,
                }
            }
            Some(Err(e)) => {
                tracing::warn!(device = device.id, "a bundle was refused: {e}");
                false
            }
            None => false,
        };
        let Some(o) = self.omemo.as_mut() else { return };
        o.fetch.bundles_pending.remove(&device);
        if o.fetch.heal.remove(&device) && usable && o.has_session(&device) {
            // A fresh session for a device whose message failed: offered at once with an
            // empty message, sent once the session is stored.
            o.answer(&device);
            self.write_batch(stream, Vec::new(), None).await;
        }
        let Some(o) = self.omemo.as_mut() else { return };
        if !usable {
            o.fetch.unusable.insert(device);
        }
        if o.fetch.bundles_pending.is_empty() {
            self.send_held(stream).await;
        }
    }

    /// Tries the held outbox entries again (with anything newer).
    async fn send_held(&mut self, stream: &StanzaStream) {
        let any = self
            .omemo
            .as_ref()
            .is_some_and(|o| !o.fetch.held.is_empty());
        if any && self.is_online() {
            self.send_new_outbox_entries(stream).await;
        }
    }

    async fn on_presence(&mut self, stream: &StanzaStream, presence: Presence) {
        let Some(full) = presence.from.clone() else {
            return;
        };
        let from = full.to_bare();
        if self.rooms.runs.contains_key(&from) {
            let element = Element::from(presence);
            self.on_room_presence(stream, &from, &element).await;
            return;
        }
        let account = self.account.id;
        match presence.type_ {
            PresenceType::Subscribe => {
                let jid = from.clone();
                let stored = self
                    .store
                    .writer
                    .write(move |tx| crate::store::roster::set_pending_in(tx, account, &jid, true))
                    .await;
                if stored.is_ok() {
                    self.emit(Event::SubscriptionRequest { account, from })
                        .await;
                }
            }
            PresenceType::None => {
                if Some(&full) == self.bound.as_ref() {
                    return;
                }
                let element = Element::from(presence);
                let device = presence::device(&element);
                let resource = full.resource().map(|r| r.as_str()).unwrap_or("");
                let aggregate = self.presences.available(&from, resource, device);
                self.note_presence(from.clone(), aggregate);
                if let Some(hash) = avatar::vcard_update(&element).filter(|h| h.len() == 40) {
                    self.vcard_avatar(stream, from, hash).await;
                }
            }
            PresenceType::Unavailable => {
                let now = chrono::Utc::now();
                let resource = full.resource().map(|r| r.as_str().to_string());
                let aggregate = self.presences.unavailable(&from, resource.as_deref(), now);
                if aggregate.show.is_none() {
                    let jid = from.clone();
                    let _ = self
                        .store
                        .writer
                        .write(move |tx| profiles::set_last_seen(tx, account, &jid, now))
                        .await;
                    // Gone offline: whatever they were typing is not coming.
                    let stopped = self.typists.forget(|t| t.from == from && t.nick.is_none());
                    self.stopped_typing(stopped).await;
                }
                self.note_presence(from, aggregate);
            }
            _ => {}
        }
    }

    fn note_presence(&mut self, jid: BareJid, presence: crate::core::ContactPresence) {
        self.presence_changes.retain(|u| u.jid != jid);
        self.presence_changes.push(PresenceUpdate { jid, presence });
        if self.flush_at.is_none() {
            self.flush_at = Some(Instant::now() + FLUSH_DELAY);
        }
    }

    fn note_profile(&mut self, jid: BareJid) {
        if !self.profile_changes.contains(&jid) {
            self.profile_changes.push(jid);
        }
        if self.flush_at.is_none() {
            self.flush_at = Some(Instant::now() + FLUSH_DELAY);
        }
    }

    /// Points a contact at an avatar we already hold; false when it must be fetched.
    async fn use_known_avatar(&mut self, jid: &BareJid, id: &str) -> bool {
        let account = self.account.id;
        let (owner, hash) = (jid.clone(), id.to_string());
        let known = self
            .store
            .writer
            .write(move |tx| {
                if profiles::has_avatar(tx, &hash)? {
                    profiles::set_avatar(tx, account, &owner, Some(&hash)).map(Some)
                } else {
                    Ok(None)
                }
            })
            .await;
        match known {
            Ok(Some(changed)) => {
                if changed {
                    self.note_profile(jid.clone());
                }
                true
            }
            Ok(None) => false,
            // The store is failing; fetching would not help.
            Err(_) => true,
        }
    }

    /// A contact announced a vCard photo (XEP-0153): fetch it unless we have it.
    async fn vcard_avatar(&mut self, stream: &StanzaStream, jid: BareJid, id: String) {
        if self.use_known_avatar(&jid, &id).await || !self.fetching.insert(id.clone()) {
            return;
        }
        let to = Some(Jid::from(jid.clone()));
        let purpose = IqPurpose::VCard { jid, id };
        self.send_iq(stream, to, false, avatar::vcard_request(), purpose)
            .await;
    }

    /// A PEP notification. Contacts' nodes count only from that contact's bare JID; our
    /// own private nodes only from our account (Dino CVE-2023-28686).
    async fn on_notification(
        &mut self,
        stream: &StanzaStream,
        from: Option<&str>,
        notification: pubsub::Notification,
    ) {
        let owner: BareJid = match from {
            None => self.own().clone(),
            Some(text) => match text.parse::<Jid>() {
                Ok(jid) if jid.resource().is_none() => jid.to_bare(),
                _ => {
                    tracing::warn!("PEP notification from a full JID dropped");
                    return;
                }
            },
        };
        let account = self.account.id;
        match notification.node.as_str() {
            super::bookmarks::NODE => {
                if owner != *self.own() {
                    tracing::warn!("bookmarks from a stranger dropped");
                    return;
                }
                self.on_bookmarks_notification(stream, notification).await;
            }
            ns::MDS => {
                if owner != *self.own() {
                    tracing::warn!("read position from a stranger dropped");
                    return;
                }
                self.apply_read_positions(notification.items).await;
            }
            ns::NICK => {
                let Some(item) = notification.items.into_iter().next() else {
                    return;
                };
                let name = item.payload.as_ref().and_then(nick::parse);
                let jid = owner.clone();
                let changed = self
                    .store
                    .writer
                    .write(move |tx| profiles::set_nick(tx, account, &jid, name.as_deref()))
                    .await;
                if matches!(changed, Ok(true)) {
                    self.note_profile(owner);
                }
            }
            ns::AVATAR_METADATA => {
                let Some(item) = notification.items.into_iter().next() else {
                    return;
                };
                match item.payload.as_ref().and_then(avatar::metadata) {
                    Some(avatar::Announced::Removed) => {
                        let jid = owner.clone();
                        let changed = self
                            .store
                            .writer
                            .write(move |tx| profiles::set_avatar(tx, account, &jid, None))
                            .await;
                        if matches!(changed, Ok(true)) {
                            self.note_profile(owner);
                        }
                    }
                    Some(avatar::Announced::Avatar { id, mime }) => {
                        self.pep_avatar(stream, owner, id, mime).await
                    }
                    None => {}
                }
            }
            node if wire::device_list_namespace(node).is_some() => {
                let ns = wire::device_list_namespace(node).expect("matched");
                let item = notification.items.into_iter().next();
                let payload = item.as_ref().and_then(|i| i.payload.as_ref());
                self.on_device_list(stream, owner, ns, payload).await;
            }
            _ => tracing::debug!(node = notification.node, "notification for another node"),
        }
    }

    /// A contact (or we, on another device) announced an avatar (XEP-0084).
    async fn pep_avatar(&mut self, stream: &StanzaStream, jid: BareJid, id: String, mime: String) {
        if self.use_known_avatar(&jid, &id).await || !self.fetching.insert(id.clone()) {
            return;
        }
        let to = (jid != *self.own()).then(|| Jid::from(jid.clone()));
        let request = pubsub::items_request(ns::AVATAR_DATA, Some(&id));
        let purpose = IqPurpose::AvatarData { jid, id, mime };
        self.send_iq(stream, to, false, request, purpose).await;
    }

    async fn apply_read_positions(&mut self, items: Vec<pubsub::Item>) {
        let account = self.account.id;
        let own = self.own().clone();
        let positions: Vec<mds::Position> = items
            .iter()
            .filter_map(|i| mds::position(i.id.as_deref(), i.payload.as_ref(), &own))
            .collect();
        if positions.is_empty() {
            return;
        }
        let changed = self
            .store
            .writer
            .write(move |tx| {
                let mut changed = Vec::new();
                for p in positions {
                    let Some(conversation) = conversations::find(tx, account, &p.peer)? else {
                        continue;
                    };
                    let Some(message) = messages::find_by_any_id(tx, conversation, &p.stanza_id)?
                    else {
                        continue;
                    };
                    if conversations::read_up_to(tx, conversation, message)? {
                        changed.push(conversation);
                    }
                }
                Ok(changed)
            })
            .await;
        match changed {
            Ok(conversations) if !conversations.is_empty() => {
                let changed = MessagesChanged {
                    conversations,
                    new_incoming: Vec::new(),
                };
                self.emit(Event::Messages { account, changed }).await;
            }
            Ok(_) => {}
            Err(e) => tracing::error!("cannot store read positions: {e}"),
        }
    }

    fn responder_ok(&self, expected: &Option<Jid>, from: &Option<Jid>) -> bool {
        match (expected, from) {
            (None, None) => true,
            (None, Some(f)) => {
                f.to_bare() == *self.own()
                    && (f.resource().is_none() || Some(f) == self.bound.as_ref())
            }
            (Some(e), Some(f)) => e == f,
            // Our server answers for our own bare JID without a from.
            (Some(e), None) => e.to_bare() == *self.own() && e.resource().is_none(),
        }
    }

    async fn on_iq(&mut self, stream: &StanzaStream, iq: Iq) {
        match iq {
            Iq::Get {
                from, id, payload, ..
            } => {
                let answer = if payload.is("query", ns::DISCO_INFO) {
                    Some(disco::info(payload.attr("node")))
                } else if payload.is("ping", ns::PING) {
                    None
                } else if payload.is("query", ns::VERSION) {
                    Some(disco::version())
                } else {
                    return self.reply_unsupported(stream, from, id).await;
                };
                let reply = Iq::Result {
                    from: None,
                    to: from,
                    id,
                    payload: answer,
                };
                self.send(stream, Stanza::Iq(reply)).await;
            }
            Iq::Set {
                from, id, payload, ..
            } => {
                if payload.is("query", ns::ROSTER) {
                    let from_text = from.as_ref().map(|f| f.to_string());
                    if !roster::push_is_trusted(from_text.as_deref(), self.own()) {
                        tracing::warn!("roster push from a stranger dropped");
                        return;
                    }
                    self.apply_roster(&payload, false).await;
                    let reply = Iq::Result {
                        from: None,
                        to: from,
                        id,
                        payload: None,
                    };
                    self.send(stream, Stanza::Iq(reply)).await;
                } else if payload.ns() == ns::BLOCKING {
                    let from_text = from.as_ref().map(|f| f.to_string());
                    if !roster::push_is_trusted(from_text.as_deref(), self.own()) {
                        tracing::warn!("block list push from a stranger dropped");
                        return;
                    }
                    self.apply_blocking(blocking::parse(&payload)).await;
                    let reply = Iq::Result {
                        from: None,
                        to: from,
                        id,
                        payload: None,
                    };
                    self.send(stream, Stanza::Iq(reply)).await;
                } else {
                    self.reply_unsupported(stream, from, id).await;
                }
            }
            Iq::Result {
                from, id, payload, ..
            } => self.on_iq_answer(stream, from, id, Ok(payload)).await,
            Iq::Error {
                from, id, error, ..
            } => {
                let text = error
                    .texts
                    .values()
                    .next()
                    .cloned()
                    .unwrap_or_else(|| format!("{:?}", error.defined_condition));
                self.on_iq_answer(stream, from, id, Err(text)).await
            }
        }
    }

    async fn reply_unsupported(&self, stream: &StanzaStream, to: Option<Jid>, id: String) {
        use xmpp_parsers::stanza_error::{DefinedCondition, ErrorType, StanzaError};
        let error = StanzaError::new(
            ErrorType::Cancel,
            DefinedCondition::ServiceUnavailable,
            "en",
            "",
        );
        let reply = Iq::Error {
            from: None,
            to,
            id,
            error,
            payload: None,
        };
        self.send(stream, Stanza::Iq(reply)).await;
    }

    async fn on_iq_answer(
        &mut self,
        stream: &StanzaStream,
        from: Option<Jid>,
        id: String,
        result: Result<Option<Element>, String>,
    ) {
        let Some(pending) = self.iqs.get(&id) else {
            tracing::debug!("answer to no request of ours dropped");
            return;
        };
        if !self.responder_ok(&pending.to, &from) {
            tracing::warn!("answer from the wrong entity dropped");
            return;
        }
        let purpose = pending.purpose.clone();
        self.iqs.remove(&id);
        match (purpose, result) {
            (IqPurpose::Roster, Ok(Some(payload))) => self.apply_roster(&payload, true).await,
            (IqPurpose::OwnDisco, Ok(payload)) => {
                let features = payload.map(|p| disco::features(&p)).unwrap_or_default();
                self.sid_trusted = Some(features.iter().any(|f| f == ns::SID));
                self.bookmarks_compat =
                    Some(features.iter().any(|f| f == super::bookmarks::COMPAT));
                if !self.pending.is_empty() {
                    self.flush_at = Some(Instant::now());
                }
            }
            (IqPurpose::OwnDisco, Err(_)) => self.sid_trusted = Some(false),
            (IqPurpose::Mam, result) => self.on_mam_page_end(stream, &id, result).await,
            (IqPurpose::Blocklist, Ok(Some(payload))) => {
                self.apply_blocking(blocking::parse(&payload)).await
            }
            (IqPurpose::ReadPositions, Ok(Some(payload))) => {
                let items = pubsub::items_result(&payload, mds::NODE);
                self.apply_read_positions(items).await
            }
            (IqPurpose::ChangePassword(password), result) => {
                self.on_password_changed(password, result).await
            }
            (IqPurpose::AvatarData { jid, id, mime }, result) => {
                self.fetching.remove(&id);
                let image = result.ok().flatten().and_then(|payload| {
                    pubsub::items_result(&payload, ns::AVATAR_DATA)
                        .into_iter()
                        .filter(|item| item.id.as_deref() == Some(id.as_str()))
                        .find_map(|item| avatar::data(item.payload.as_ref()?, &id, &mime))
                });
                self.store_avatar(jid, id, image).await;
            }
            (IqPurpose::VCard { jid, id }, result) => {
                self.fetching.remove(&id);
                let image = result
                    .ok()
                    .flatten()
                    .and_then(|vcard| avatar::vcard_photo(&vcard, &id));
                self.store_avatar(jid, id, image).await;
            }
            (IqPurpose::OwnDeviceList(ns), result) => {
                // No node yet (item-not-found) reads as an empty list: ours is published.
                let own = self.own().clone();
                let items = match &result {
                    Ok(Some(payload)) => pubsub::items_result(payload, wire::device_list_node(ns)),
                    _ => Vec::new(),
                };
                let payload = items.into_iter().next().and_then(|i| i.payload);
                self.on_device_list(stream, own.clone(), ns, payload.as_ref())
                    .await;
                self.list_answered(stream, &own).await;
            }
            (IqPurpose::DeviceList { jid, ns }, result) => {
                let items = match &result {
                    Ok(Some(payload)) => pubsub::items_result(payload, wire::device_list_node(ns)),
                    _ => Vec::new(),
                };
                let payload = items.into_iter().next().and_then(|i| i.payload);
                if payload.is_some() {
                    self.on_device_list(stream, jid.clone(), ns, payload.as_ref())
                        .await;
                }
                self.list_answered(stream, &jid).await;
            }
            (IqPurpose::Bundle(device), result) => self.on_bundle(stream, device, result).await,
            (IqPurpose::RoomDisco(room), result) => self.on_room_disco(stream, room, result).await,
            (IqPurpose::Bookmarks, result) => self.on_bookmarks(stream, result).await,
            (IqPurpose::LegacyBookmarks, result) => self.on_legacy_bookmarks(stream, result).await,
            (IqPurpose::LegacyBookmarksWrite(change), result) => {
                self.write_back_bookmarks(stream, change, result).await
            }
            (IqPurpose::RoomPing(room), result) => self.on_room_ping(stream, room, result).await,
            (IqPurpose::OccupantVCard { seat, id }, result) => {
                self.on_occupant_vcard(stream, seat, id, result.ok().flatten())
                    .await
            }
            (IqPurpose::DirectoryServices, result) => {
                self.on_directory_services(stream, result).await
            }
            (IqPurpose::DirectoryService(jid), result) => {
                self.on_directory_service(stream, jid, result).await
            }
            (IqPurpose::DirectoryRooms(_), result) => self.on_directory_rooms(stream, result).await,
            (IqPurpose::DirectoryRoom(room), result) => self.on_directory_room(room, result).await,
            (IqPurpose::RoomMam(_), result) => self.on_room_page_end(stream, &id, result).await,
            (IqPurpose::RoomMembers { room, affiliation }, result) => {
                self.on_members(stream, room, affiliation, result).await
            }
            (IqPurpose::RoomMembership { room, jid }, result) => {
                self.on_membership(stream, room, jid, result).await
            }
            (IqPurpose::Publish(publishing), result) => {
                self.on_pep_published(stream, *publishing, result).await
            }
            (IqPurpose::UploadServices, result) => self.on_upload_services(stream, result).await,
            (IqPurpose::UploadService(jid), result) => {
                self.on_upload_service(stream, jid, result).await
            }
            (IqPurpose::UploadSlot(transfer), result) => {
                self.on_upload_slot(transfer, result).await
            }
            (IqPurpose::Action(action), Err(reason)) => {
                self.command_failed(action, reason).await;
            }
            (IqPurpose::Action(action), Ok(_)) => {
                let account = self.account.id;
                self.emit(Event::CommandDone { account, action }).await;
            }
            (_, Err(text)) => tracing::debug!("request failed: {text}"),
            _ => {}
        }
    }

    async fn on_password_changed(
        &mut self,
        password: Secret,
        result: Result<Option<Element>, String>,
    ) {
        let account = self.account.id;
        let result = match result {
            Ok(_) => {
                let text = password.expose().to_string();
                let stored = self
                    .store
                    .writer
                    .write(move |tx| accounts::set_password(tx, account, &text))
                    .await;
                match stored {
                    Ok(()) => {
                        self.account.password = password.expose().to_string();
                        self.settings.send_replace(self.account.clone());
                        Ok(())
                    }
                    // The server has the new password but we could not keep it: say so
                    // plainly, the user must enter it at the next login.
                    Err(e) => Err(format!(
                        "the server changed the password but it could not be saved: {e}"
                    )),
                }
            }
            Err(reason) => Err(reason),
        };
        self.emit(Event::PasswordChanged { account, result }).await;
    }

    /// Keeps a fetched avatar if it matched its announced hash; a mismatch is dropped.
    async fn store_avatar(
        &mut self,
        jid: BareJid,
        id: String,
        image: Option<crate::core::AvatarImage>,
    ) {
        let Some(image) = image else {
            tracing::debug!("an avatar could not be fetched or did not match its hash");
            return;
        };
        let account = self.account.id;
        let owner = jid.clone();
        let changed = self
            .store
            .writer
            .write(move |tx| {
                profiles::put_avatar(tx, &id, &image)?;
                profiles::set_avatar(tx, account, &owner, Some(&id))
            })
            .await;
        if matches!(changed, Ok(true)) {
            self.note_profile(jid);
        }
    }

    async fn apply_blocking(&mut self, change: Option<blocking::Change>) {
        let Some(change) = change else { return };
        let account = self.account.id;
        let stored = self
            .store
            .writer
            .write(move |tx| match change {
                blocking::Change::All(jids) => blocklist::replace(tx, account, &jids),
                blocking::Change::Block(jids) => blocklist::add(tx, account, &jids),
                blocking::Change::Unblock(jids) => blocklist::remove(tx, account, &jids),
            })
            .await;
        match stored {
            Ok(()) => self.emit(Event::BlocklistChanged { account }).await,
            Err(e) => tracing::error!("cannot store the block list: {e}"),
        }
    }

    async fn fetch_read_positions(&mut self, stream: &StanzaStream) {
        let request = pubsub::items_request(mds::NODE, None);
        self.send_iq(stream, None, false, request, IqPurpose::ReadPositions)
            .await;
    }

    async fn apply_roster(&mut self, payload: &Element, full: bool) {
        let Some(parsed) = roster::parse(payload) else {
            return;
        };
        let account = self.account.id;
        let result = self
            .store
            .writer
            .write(move |tx| {
                let sets: Vec<_> = parsed
                    .changes
                    .iter()
                    .filter_map(|c| match c {
                        roster::Change::Set(item) => Some(item.clone()),
                        roster::Change::Remove(_) => None,
                    })
                    .collect();
                if full {
                    crate::store::roster::replace_all(tx, account, &sets)?;
                } else {
                    for change in &parsed.changes {
                        match change {
                            roster::Change::Set(item) => {
                                crate::store::roster::upsert(tx, account, item)?
                            }
                            roster::Change::Remove(jid) => {
                                crate::store::roster::remove(tx, account, jid)?
                            }
                        }
                    }
                }
                if parsed.ver.is_some() {
                    accounts::set_roster_version(tx, account, parsed.ver.as_deref())?;
                }
                Ok(())
            })
            .await;
        match result {
            Ok(()) => self.emit(Event::RosterChanged { account }).await,
            Err(e) => tracing::error!("cannot store the roster: {e}"),
        }
    }

    async fn on_mam_page_end(
        &mut self,
        stream: &StanzaStream,
        iq_id: &str,
        result: Result<Option<Element>, String>,
    ) {
        let Some(mut catch_up) = self.catch_up.take().filter(|c| c.iq_id == iq_id) else {
            return;
        };
        let account = self.account.id;
        let archive = self.own().to_string();
        let fin = match result {
            Ok(Some(payload)) => mam::fin(&payload),
            _ => None,
        };
        let Some(fin) = fin else {
            // A failed page leaves a visible gap; live messages still flow.
            let after = catch_up.after.clone();
            let _ = self
                .store
                .writer
                .write(move |tx| sync::note_gap(tx, account, &archive, after.as_deref()))
                .await;
            self.fetch_read_positions(stream).await;
            self.emit(Event::CaughtUp {
                account,
                fetched: catch_up.fetched,
                gap: true,
            })
            .await;
            return;
        };
        let page = std::mem::take(&mut catch_up.page);
        let fetched = catch_up.fetched + page.len();
        let cursor = fin.last.clone();
        let exhausted = fin.complete || fin.last.is_none() || fin.last == catch_up.after;
        // Ask for the next page first: the server prepares it while we store this one.
        if !exhausted {
            self.request_page(stream, fin.last, fetched).await;
        }
        // Live messages decrypted meanwhile share the sessions this write stores. They go
        // after the page: read positions count by row order, and the archive is older.
        let mut page = page;
        if self.sid_trusted.is_some() {
            page.append(&mut self.pending);
        }
        self.write_batch(stream, page, cursor.map(|c| (archive, c)))
            .await;
        if exhausted {
            self.fetch_read_positions(stream).await;
            self.emit(Event::CaughtUp {
                account,
                fetched,
                gap: false,
            })
            .await;
        }
    }

    async fn flush(&mut self, stream: &StanzaStream) {
        self.flush_at = None;
        let account = self.account.id;
        if !self.presence_changes.is_empty() {
            let updates = std::mem::take(&mut self.presence_changes);
            self.emit(Event::Presence { account, updates }).await;
        }
        if !self.profile_changes.is_empty() {
            let jids = std::mem::take(&mut self.profile_changes);
            self.emit(Event::ProfilesChanged { account, jids }).await;
        }
        for room in std::mem::take(&mut self.rooms.crowd_changed) {
            self.emit_occupants(&room).await;
        }
        if self.pending.is_empty() {
            return;
        }
        // Until our server says whether it stamps stanza-ids, hold live messages (briefly).
        if self.sid_trusted.is_none() && self.bound.is_some() && self.pending.len() < FLUSH_SIZE {
            self.flush_at = Some(Instant::now() + Duration::from_secs(2));
            return;
        }
        let batch = std::mem::take(&mut self.pending);
        self.write_batch(stream, batch, None).await;
    }

    /// Stores a batch in one transaction, then tells the interface and answers receipts.
    async fn write_batch(
        &mut self,
        stream: &StanzaStream,
        batch: Vec<Inbound>,
        cursor: Option<(String, String)>,
    ) {
        let account = self.account.id;
        let own = self.own().clone();
        let sid_trusted = self.sid_trusted == Some(true);
        let typing: Vec<_> = batch
            .iter()
            .filter(|i| i.via == Via::Live && i.private.is_none() && i.direction == Direction::In)
            .filter_map(|i| {
                // A message ends its writer's typing, even from a client that says no state.
                let composing = i.composing.or(i.body.as_ref().map(|_| false))?;
                let who = chatstates::Typist {
                    from: i.peer.clone(),
                    nick: i.nick.clone(),
                };
                Some((who, composing))
            })
            .collect();
        // Sessions the batch's messages moved on are stored with them (session/omemo.rs).
        let changes = self
            .omemo
            .as_mut()
            .map(Omemo::take_changes)
            .unwrap_or_default();
        let republish = changes.own.is_some();
        let result = self
            .store
            .writer
            .write(move |tx| {
                let applied = apply::batch(tx, account, &own, batch, sid_trusted)?;
                changes.store(tx, account)?;
                if let Some((archive, last)) = cursor {
                    sync::set_cursor(tx, account, &archive, &last)?;
                }
                Ok(applied)
            })
            .await;
        let applied = match result {
            Ok(a) => a,
            Err(e) => {
                tracing::error!("cannot store incoming messages: {e}");
                return;
            }
        };
        let answers = self
            .omemo
            .as_mut()
            .map(Omemo::take_answers)
            .unwrap_or_default();
        for answer in answers {
            if let Ok(message) = XmppMessage::try_from(answer) {
                self.send(stream, Stanza::Message(message)).await;
            }
        }
        if republish {
            // A prekey was used: the bundles offer the fresh ones.
            self.publish_bundles(stream).await;
        }
        for (to, id) in applied.receipts {
            self.send(
                stream,
                Stanza::Message(
                    XmppMessage::try_from(outgoing::receipt(to, &id)).expect("valid receipt"),
                ),
            )
            .await;
        }
        for outcome in applied.outcomes {
            self.emit(Event::Delivery { account, outcome }).await;
        }
        if !applied.conversations.is_empty() {
            let changed = MessagesChanged {
                conversations: applied.conversations,
                new_incoming: applied.new_incoming,
            };
            self.emit(Event::Messages { account, changed }).await;
        }
        for (who, composing) in typing {
            if self.typists.note(who.clone(), composing) {
                self.emit(Event::ChatState {
                    account,
                    from: who.from,
                    nick: who.nick,
                    composing,
                })
                .await;
            }
        }
    }

    /// Tells the interface these people stopped typing.
    async fn stopped_typing(&mut self, stopped: Vec<chatstates::Typist>) {
        let account = self.account.id;
        for who in stopped {
            self.emit(Event::ChatState {
                account,
                from: who.from,
                nick: who.nick,
                composing: false,
            })
            .await;
        }
    }
}
