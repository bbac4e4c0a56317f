//! The worker's rooms (XEP-0045): joining every room the user is in at each fresh session,
//! following what the room says about us, and reading its archive after we entered, from
//! the newest archive id we stored (or its newest page on a first join). The wire format is
//! in session/muc.rs; what the user joined is in store/rooms.rs. Our bookmarks (XEP-0402)
//! carry the rooms to our other devices: joining publishes one, leaving retracts it, and a
//! bookmark another device published makes this one enter too.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use tokio_xmpp::Stanza;
use tokio_xmpp::stanzastream::StanzaStream;
use xmpp_parsers::jid::{BareJid, Jid};
use xmpp_parsers::minidom::Element;
use xmpp_parsers::presence::Presence;

use super::pictures::{Picture, Pictures, Seat, Wanted};
use super::{IqPurpose, Worker};
use crate::core::{
    Affiliation, ConversationId, Event, Exit, Occupant, Role, RoomAction, RoomSetup, RoomState,
    new_stanza_id,
};
use crate::session::bookmarks::{self, Bookmark, LegacyChange};
use crate::session::pipeline::{Inbound, RoomView};
use crate::session::{disco, hats, mam, moderation, muc, ns, pubsub};
use crate::store::{messages, rooms, sync};

/// Messages read from a room's archive on a first join.
const FIRST_JOIN_PAGE: usize = 50;

/// A room the user is in, as this stream session knows it.
#[derive(Debug)]
pub(super) struct RoomRun {
    conversation: ConversationId,
    nick: String,
    password: Option<String>,
    pub(super) state: RoomState,
    /// Who is there, by nickname (us included).
    occupants: BTreeMap<String, Occupant>,
    /// Whether its messages can be encrypted (members only, real addresses for anyone):
    /// None until its features answered.
    pub(super) private: Option<bool>,
    /// How its moderators remove messages (XEP-0425), once its features answered.
    moderation: Option<moderation::Version>,
    /// Whether its features (disco#info) answered in this session.
    features_known: bool,
    /// It advertises XEP-0317 hats, so it keeps occupants from claiming them there.
    standard_hats: bool,
    /// Hats in the standard namespace seen before its features answered, by nickname: they
    /// count once the room says it keeps that namespace.
    unconfirmed_hats: HashMap<String, Vec<crate::core::Hat>>,
    /// Removals asked for before its features said how to ask for them.
    held_removals: Vec<RoomAction>,
    /// Member lists asked for and not answered yet. Messages to the room wait until its
    /// features and, in a private group, its members are known.
    members_waiting: usize,
}

impl RoomRun {
    fn new(conversation: ConversationId, nick: String, password: Option<String>) -> RoomRun {
        RoomRun {
            conversation,
            nick,
            password,
            state: RoomState::Joining,
            occupants: BTreeMap::new(),
            private: None,
            moderation: None,
            features_known: false,
            standard_hats: false,
            unconfirmed_hats: HashMap::new(),
            held_removals: Vec::new(),
            members_waiting: 0,
        }
    }

    /// Whether messages to the room can leave: we know whom they are for.
    pub(super) fn ready(&self) -> bool {
        let outside = matches!(self.state, RoomState::Left(_) | RoomState::Refused(_));
        outside || (self.private.is_some() && self.members_waiting == 0)
    }

    pub(super) fn conversation(&self) -> ConversationId {
        self.conversation
    }

    /// Whether we moderate the room and `nick` is a visitor there: their request for a voice
    /// is ours to answer.
    pub(super) fn may_give_voice_to(&self, nick: &str) -> bool {
        let ours = self.occupants.get(&self.nick);
        let theirs = self.occupants.get(nick);
        ours.is_some_and(|o| o.role == Role::Moderator)
            && theirs.is_some_and(|o| o.role == Role::Visitor)
    }

    /// Its features answered: the standard-namespace hats seen before count if it keeps
    /// that namespace, and are dropped otherwise. True when an occupant's hats changed.
    fn confirm_hats(&mut self) -> bool {
        let unconfirmed = std::mem::take(&mut self.unconfirmed_hats);
        if !self.standard_hats {
            return false;
        }
        let mut changed = false;
        for (nick, hats) in unconfirmed {
            if let Some(o) = self.occupants.get_mut(&nick) {
                o.hats = hats;
                changed = true;
            }
        }
        changed
    }

    /// Whether we tell the room when we type (XEP-0085 §5.5): in a private group we are
    /// in with a voice. A public channel's strangers, however many, are not told.
    pub(super) fn takes_chat_states(&self) -> bool {
        let voiced = self
            .occupants
            .get(&self.nick)
            .is_some_and(|o| matches!(o.role, Role::Moderator | Role::Participant));
        matches!(self.state, RoomState::Joined { .. }) && self.private == Some(true) && voiced
    }
}

/// The affiliations whose members read a private group's messages.
const MEMBERS: [Affiliation; 3] = [Affiliation::Owner, Affiliation::Admin, Affiliation::Member];

/// A page of a room's archive on its way.
#[derive(Debug)]
pub(super) struct RoomCatchUp {
    room: BareJid,
    iq_id: String,
    /// Reading on from this archive id; None for the newest page of a first join.
    after: Option<String>,
    page: Vec<Inbound>,
    fetched: usize,
}

/// The rooms of one worker.
#[derive(Debug, Default)]
pub(super) struct Rooms {
    pub(super) runs: HashMap<BareJid, RoomRun>,
    /// The pipeline's view of the rooms we are in.
    pub(super) views: HashMap<BareJid, RoomView>,
    /// Open queries to room archives, by query id.
    pub(super) queries: HashMap<String, BareJid>,
    catch_ups: HashMap<String, RoomCatchUp>,
    /// Rooms we are creating: their configuration waits for our join to make them.
    creating: HashMap<BareJid, RoomSetup>,
    /// Rooms whose occupants changed since the last flush.
    pub(super) crowd_changed: BTreeSet<BareJid>,
    /// Occupants' pictures still to fetch.
    pub(super) pictures: Pictures,
}

impl Rooms {
    /// Takes an archived message of one of our room queries; gives it back otherwise.
    pub(super) fn take_archived(&mut self, query_id: &str, inbound: Inbound) -> Option<Inbound> {
        match self.catch_ups.get_mut(query_id) {
            Some(c) => {
                c.page.push(inbound);
                None
            }
            None => Some(inbound),
        }
    }

    /// The rooms we are in now, with our nickname in each.
    pub(super) fn inside(&self) -> Vec<(BareJid, String)> {
        self.runs
            .iter()
            .filter(|(_, r)| matches!(r.state, RoomState::Joined { .. }))
            .map(|(room, r)| (room.clone(), r.nick.clone()))
            .collect()
    }

    /// A fresh stream session: nobody is in any room until joined again.
    pub(super) fn reset(&mut self) {
        *self = Rooms::default();
    }
}

impl Worker {
    /// At a fresh session: enter every room the user is in.
    pub(super) async fn join_rooms(&mut self, stream: &StanzaStream) {
        let account = self.account.id;
        let joined = match self
            .store
            .readers
            .read(move |c| rooms::joined(c, account))
            .await
        {
            Ok(j) => j,
            Err(e) => {
                tracing::error!("cannot read the rooms to join: {e}");
                return;
            }
        };
        for room in joined {
            let run = RoomRun::new(room.conversation, room.nick, room.password);
            self.enter(stream, room.jid, run).await;
        }
    }

    async fn enter(&mut self, stream: &StanzaStream, room: BareJid, run: RoomRun) {
        let available = self.own_presence_element().await;
        let presence = muc::join(&room, &run.nick, run.password.as_deref(), available);
        self.rooms.runs.insert(room.clone(), run);
        if let Ok(p) = Presence::try_from(presence) {
            self.send(stream, Stanza::Presence(p)).await;
        }
        self.room_state(room, RoomState::Joining).await;
    }

    /// The room's archive is read up to now.
    async fn room_history(&self, room: BareJid, fetched: usize) {
        let account = self.account.id;
        self.emit(Event::RoomHistory {
            account,
            room,
            fetched,
        })
        .await;
    }

    async fn room_state(&mut self, room: BareJid, state: RoomState) {
        let account = self.account.id;
        self.emit(Event::Room {
            account,
            room,
            state,
        })
        .await;
    }

    pub(super) async fn join_room(
        &mut self,
        stream: &StanzaStream,
        room: BareJid,
        nick: String,
        password: Option<String>,
    ) -> Result<(), crate::core::Error> {
        let state = self
            .rooms
            .runs
            .get(&room)
            .filter(|r| r.nick == nick)
            .map(|r| r.state.clone());
        match state {
            // In already (this session's start joined it): its history was read.
            Some(state @ RoomState::Joined { .. }) => {
                self.record_join(&room, &nick, password.as_deref()).await?;
                self.room_state(room.clone(), state).await;
                self.room_history(room, 0).await;
                Ok(())
            }
            Some(RoomState::Joining) => Ok(()),
            _ => {
                if self.is_online() {
                    self.publish_bookmark(stream, &room, &nick, password.as_deref())
                        .await;
                }
                self.join_quietly(stream, room, nick, password).await
            }
        }
    }

    /// The user is in `room` from now on (store/rooms.rs); returns its conversation.
    async fn record_join(
        &self,
        room: &BareJid,
        nick: &str,
        password: Option<&str>,
    ) -> Result<ConversationId, crate::core::Error> {
        let account = self.account.id;
        let (room, nick, password) = (room.clone(), nick.to_string(), password.map(str::to_string));
        self.store
            .writer
            .write(move |tx| rooms::join(tx, account, &room, &nick, password.as_deref()))
            .await
    }

    async fn publish_bookmark(
        &mut self,
        stream: &StanzaStream,
        room: &BareJid,
        nick: &str,
        password: Option<&str>,
    ) {
        let mark = Bookmark {
            room: room.clone(),
            name: None,
            autojoin: true,
            nick: Some(nick.to_string()),
            password: password.map(str::to_string),
        };
        let publish = pubsub::publish(
            bookmarks::NODE,
            room.as_str(),
            bookmarks::element(&mark),
            bookmarks::OPTIONS,
        );
        self.send_iq(stream, None, true, publish, IqPurpose::Other)
            .await;
        self.change_legacy_bookmarks(stream, LegacyChange::Add(mark))
            .await;
    }

    /// Older clients read XEP-0048 private storage: where our server does not copy the
    /// native bookmarks there itself, the change is written back, read first so that what
    /// other clients keep there stays.
    async fn change_legacy_bookmarks(&mut self, stream: &StanzaStream, change: LegacyChange) {
        if self.bookmarks_compat != Some(false) || !self.is_online() {
            return;
        }
        let request = bookmarks::legacy_request();
        let purpose = IqPurpose::LegacyBookmarksWrite(change);
        self.send_iq(stream, None, false, request, purpose).await;
    }

    pub(super) async fn write_back_bookmarks(
        &mut self,
        stream: &StanzaStream,
        change: LegacyChange,
        read: Result<Option<Element>, String>,
    ) {
        // Unreadable storage is left alone rather than written over.
        let stored = match read {
            Ok(stored) => stored,
            Err(e) => {
                tracing::warn!("cannot read XEP-0048 bookmarks to write back: {e}");
                return;
            }
        };
        let store = bookmarks::legacy_store(stored.as_ref(), &change);
        self.send_iq(stream, None, true, store, IqPurpose::Other)
            .await;
    }

    /// At a fresh session, after entering the rooms we know: our bookmarks, for the rooms
    /// our other devices joined meanwhile.
    pub(super) async fn request_bookmarks(&mut self, stream: &StanzaStream) {
        let request = pubsub::items_request(bookmarks::NODE, None);
        self.send_iq(stream, None, false, request, IqPurpose::Bookmarks)
            .await;
    }

    /// Our bookmarks as the server holds them: enter the autojoin rooms we are not in, and
    /// bookmark the rooms we are in that have none (joined before bookmarks, or offline).
    pub(super) async fn on_bookmarks(
        &mut self,
        stream: &StanzaStream,
        result: Result<Option<Element>, String>,
    ) {
        let items = match &result {
            Ok(Some(payload)) => pubsub::items_result(payload, bookmarks::NODE),
            _ => Vec::new(),
        };
        let marks = bookmarks::from_items(&items);
        self.follow_bookmarks(stream, &marks).await;
        if marks.is_empty() {
            // Perhaps an older client kept them in XEP-0048 private storage. Rooms joined
            // from there get native bookmarks at the next session.
            let request = bookmarks::legacy_request();
            self.send_iq(stream, None, false, request, IqPurpose::LegacyBookmarks)
                .await;
        }
        let unmarked: Vec<(BareJid, String, Option<String>)> = self
            .rooms
            .runs
            .iter()
            .filter(|(_, r)| matches!(r.state, RoomState::Joining | RoomState::Joined { .. }))
            .filter(|(room, _)| !marks.iter().any(|m| &m.room == *room))
            .map(|(room, r)| (room.clone(), r.nick.clone(), r.password.clone()))
            .collect();
        for (room, nick, password) in unmarked {
            self.publish_bookmark(stream, &room, &nick, password.as_deref())
                .await;
        }
    }

    /// Our XEP-0048 bookmarks, read when we had no native ones.
    pub(super) async fn on_legacy_bookmarks(
        &mut self,
        stream: &StanzaStream,
        result: Result<Option<Element>, String>,
    ) {
        let marks = match &result {
            Ok(Some(answer)) => bookmarks::legacy(answer),
            _ => Vec::new(),
        };
        // A room this device left is not entered again from the old kind: the entry may be
        // our own write-back whose removal did not finish before we went offline. Such an
        // entry is taken out, where we keep the old kind ourselves.
        let account = self.account.id;
        let rooms: Vec<BareJid> = marks.iter().map(|m| m.room.clone()).collect();
        let left: Vec<BareJid> = self
            .store
            .readers
            .read(move |c| {
                let mut left = Vec::new();
                for room in rooms {
                    if rooms::find(c, account, &room)?.is_some_and(|r| !r.joined) {
                        left.push(room);
                    }
                }
                Ok(left)
            })
            .await
            .unwrap_or_default();
        let marks: Vec<Bookmark> = marks
            .into_iter()
            .filter(|m| !left.contains(&m.room))
            .collect();
        self.follow_bookmarks(stream, &marks).await;
        if !left.is_empty() {
            self.change_legacy_bookmarks(stream, LegacyChange::Remove(left))
                .await;
        }
    }

    /// A change of our bookmarks on another device (already checked to come from our own
    /// account): enter new autojoin rooms, leave those whose bookmark went.
    pub(super) async fn on_bookmarks_notification(
        &mut self,
        stream: &StanzaStream,
        notification: pubsub::Notification,
    ) {
        let marks = bookmarks::from_items(&notification.items);
        self.follow_bookmarks(stream, &marks).await;
        for id in notification.retracted {
            let Ok(room) = id.parse::<BareJid>() else {
                continue;
            };
            let inside =
                self.rooms.runs.get(&room).is_some_and(|r| {
                    matches!(r.state, RoomState::Joining | RoomState::Joined { .. })
                });
            if inside {
                let _ = self.leave_room_as(stream, room, false).await;
            }
        }
    }

    async fn follow_bookmarks(&mut self, stream: &StanzaStream, marks: &[Bookmark]) {
        let default_nick = crate::core::default_nick(self.own());
        for mark in marks.iter().filter(|m| m.autojoin) {
            let inside =
                self.rooms.runs.get(&mark.room).is_some_and(|r| {
                    matches!(r.state, RoomState::Joining | RoomState::Joined { .. })
                });
            if inside {
                continue;
            }
            let nick = mark.nick.clone().unwrap_or_else(|| default_nick.clone());
            let room = mark.room.clone();
            if let Err(e) = self
                .join_quietly(stream, room, nick, mark.password.clone())
                .await
            {
                tracing::error!("cannot record a bookmarked room: {e}");
            }
        }
    }

    /// Joins without publishing a bookmark (the room came from one); offline, the room is
    /// entered at the next session.
    async fn join_quietly(
        &mut self,
        stream: &StanzaStream,
        room: BareJid,
        nick: String,
        password: Option<String>,
    ) -> Result<(), crate::core::Error> {
        let conversation = self.record_join(&room, &nick, password.as_deref()).await?;
        let run = RoomRun::new(conversation, nick, password);
        if self.is_online() {
            self.enter(stream, room, run).await;
        } else {
            self.rooms.runs.insert(room, run);
        }
        Ok(())
    }

    pub(super) async fn create_room(
        &mut self,
        stream: &StanzaStream,
        room: BareJid,
        nick: String,
        setup: RoomSetup,
    ) -> Result<(), crate::core::Error> {
        self.rooms.creating.insert(room.clone(), setup);
        self.join_room(stream, room, nick, None).await
    }

    /// Membership first (a members-only room lets in members alone), then the invitation.
    pub(super) async fn invite(&mut self, stream: &StanzaStream, room: BareJid, jid: BareJid) {
        let to = Some(Jid::from(room.clone()));
        let purpose = IqPurpose::RoomMembership {
            room,
            jid: jid.clone(),
        };
        self.send_iq(stream, to, true, muc::grant_membership(&jid), purpose)
            .await;
    }

    /// The room answered our membership request: invite now. A room that refuses (we are
    /// not its admin, or it is open to all anyway) still gets the invitation sent.
    pub(super) async fn on_membership(
        &mut self,
        stream: &StanzaStream,
        room: BareJid,
        jid: BareJid,
        result: Result<Option<Element>, String>,
    ) {
        if let Err(reason) = result {
            tracing::info!(%room, "membership not granted: {reason}");
        }
        let invitation = muc::invitation(&jid, &room, &new_stanza_id());
        if let Ok(m) = xmpp_parsers::message::Message::try_from(invitation) {
            self.send(stream, Stanza::Message(m)).await;
        }
        let account = self.account.id;
        self.emit(Event::Invited { account, room, jid }).await;
    }

    /// An invitation in a live message: told to the interface, never acted on alone.
    pub(super) async fn on_invitation(&mut self, invitation: muc::Invitation) {
        let account = self.account.id;
        self.emit(Event::RoomInvitation {
            account,
            room: invitation.room,
            from: invitation.from,
            reason: invitation.reason,
            password: invitation.password,
        })
        .await;
    }

    pub(super) async fn leave_room(
        &mut self,
        stream: &StanzaStream,
        room: BareJid,
    ) -> Result<(), crate::core::Error> {
        self.leave_room_as(stream, room, true).await
    }

    /// Leaves `room`; `retract` also takes it out of our bookmarks (not when the bookmark's
    /// retraction is why we leave).
    async fn leave_room_as(
        &mut self,
        stream: &StanzaStream,
        room: BareJid,
        retract: bool,
    ) -> Result<(), crate::core::Error> {
        if retract && self.is_online() {
            self.send_iq(
                stream,
                None,
                true,
                bookmarks::retract(&room),
                IqPurpose::Other,
            )
            .await;
            self.change_legacy_bookmarks(stream, LegacyChange::Remove(vec![room.clone()]))
                .await;
        }
        let account = self.account.id;
        let jid = room.clone();
        self.store
            .writer
            .write(move |tx| rooms::leave(tx, account, &jid))
            .await?;
        self.rooms.views.remove(&room);
        let online = self.is_online();
        let mut farewell = None;
        if let Some(run) = self.rooms.runs.get_mut(&room) {
            let was_in = matches!(run.state, RoomState::Joined { .. } | RoomState::Joining);
            run.state = RoomState::Left(Exit::Left);
            if was_in && online {
                farewell = Presence::try_from(muc::leave(&room, &run.nick)).ok();
            }
        }
        if let Some(p) = farewell {
            self.send(stream, Stanza::Presence(p)).await;
        }
        self.room_state(room, RoomState::Left(Exit::Left)).await;
        Ok(())
    }

    /// A presence from one of our rooms. Returns false when `from` is no room of ours (the
    /// presence is a contact's).
    pub(super) async fn on_room_presence(
        &mut self,
        stream: &StanzaStream,
        room: &BareJid,
        element: &Element,
    ) -> bool {
        let Some(run) = self.rooms.runs.get(room) else {
            return false;
        };
        if matches!(run.state, RoomState::Left(_) | RoomState::Refused(_)) {
            // Late presences of a room we left.
            return true;
        }
        let ours = run.nick.clone();
        // The room itself says which picture it has (XEP-0486, as XEP-0153 does for people).
        if element
            .attr("from")
            .and_then(|f| f.parse::<BareJid>().ok())
            .as_ref()
            == Some(room)
            && let Some(hash) = crate::session::avatar::vcard_update(element)
        {
            self.room_picture(stream, room, hash).await;
            return true;
        }
        if let Some(change) = muc::occupant_change(element)
            && let Some(run) = self.rooms.runs.get_mut(room)
        {
            let mut member = None;
            let mut gone = None;
            let mut picture = None;
            match change {
                muc::OccupantChange::Here(mut o) => {
                    o.hats = hats::parse(element, run.standard_hats);
                    // Everyone's presence comes before the room's features can answer.
                    if !run.features_known {
                        let claimed = hats::parse(element, true);
                        if claimed != o.hats {
                            run.unconfirmed_hats.insert(o.nick.clone(), claimed);
                        } else {
                            run.unconfirmed_hats.remove(&o.nick);
                        }
                    }
                    // The picture we showed stays until a new one is here.
                    let shown = run.occupants.get(&o.nick).and_then(|p| p.avatar.clone());
                    o.avatar = match Picture::of(element) {
                        Picture::Unsaid => shown,
                        Picture::None => {
                            picture = Some(Wanted::Not(o.nick.clone()));
                            None
                        }
                        Picture::Hash(h) => {
                            if shown.as_ref() != Some(&h) {
                                picture = Some(Wanted::Fetch(o.nick.clone(), h));
                            }
                            shown
                        }
                    };
                    if let Some(view) = self.rooms.views.get_mut(room) {
                        match &o.jid {
                            Some(jid) => view.real.insert(o.nick.clone(), jid.clone()),
                            None => view.real.remove(&o.nick),
                        };
                    }
                    // A new member of a private group, or one who is no longer: the next
                    // message is encrypted for whom the room counts now.
                    let before = run.occupants.get(&o.nick).map(|p| p.affiliation);
                    if run.private == Some(true)
                        && before != Some(o.affiliation)
                        && let Some(jid) = o.jid.clone()
                    {
                        member = Some((run.conversation, jid, o.affiliation));
                    }
                    run.occupants.insert(o.nick.clone(), o);
                }
                // After a nickname change, the presence under the new one follows.
                muc::OccupantChange::Gone { nick, .. } => {
                    if let Some(view) = self.rooms.views.get_mut(room) {
                        view.real.remove(&nick);
                    }
                    run.occupants.remove(&nick);
                    run.unconfirmed_hats.remove(&nick);
                    picture = Some(Wanted::Not(nick.clone()));
                    gone = Some(nick);
                }
            }
            if let Some(wanted) = picture {
                self.picture_changed(stream, room, wanted).await;
            }
            if let Some(nick) = gone {
                let stopped = self
                    .typists
                    .forget(|t| t.from == *room && t.nick.as_ref() == Some(&nick));
                self.stopped_typing(stopped).await;
            }
            if let Some((conversation, jid, affiliation)) = member {
                let noted = self
                    .store
                    .writer
                    .write(move |tx| rooms::note_member(tx, conversation, &jid, affiliation))
                    .await;
                if let Err(e) = noted {
                    tracing::error!("cannot note a room member: {e}");
                }
            }
            self.rooms.crowd_changed.insert(room.clone());
            if self.flush_at.is_none() {
                self.flush_at = Some(tokio::time::Instant::now() + super::FLUSH_DELAY);
            }
        }
        let Some(state) = muc::about_us(element, &ours) else {
            return true;
        };
        let Some(run) = self.rooms.runs.get(room) else {
            return true;
        };
        let account = self.account.id;
        let conversation = run.conversation;
        match &state {
            RoomState::Joined { nick, created } => {
                if *nick != run.nick {
                    let given = nick.clone();
                    let _ = self
                        .store
                        .writer
                        .write(move |tx| rooms::set_nick(tx, conversation, &given))
                        .await;
                }
                if let Some(run) = self.rooms.runs.get_mut(room) {
                    run.nick = nick.clone();
                    run.state = state.clone();
                }
                // Real addresses, where the room shows them, say whose keys decrypt what.
                let real = self
                    .rooms
                    .runs
                    .get(room)
                    .map(|r| {
                        r.occupants
                            .values()
                            .filter_map(|o| Some((o.nick.clone(), o.jid.clone()?)))
                            .collect()
                    })
                    .unwrap_or_default();
                self.rooms.views.insert(
                    room.clone(),
                    RoomView {
                        nick: nick.clone(),
                        sid: false,
                        real,
                        // A room that stamps occupant ids stamps our own presence too, which
                        // nobody else can write: messages before its features answer count.
                        occupant_ids: muc::occupant_id(element).is_some(),
                    },
                );
                if self.room_ping_at.is_none() {
                    self.room_ping_at = Some(tokio::time::Instant::now() + self.options.room_ping);
                }
                // The room sent everyone's presence before ours: the list is whole now.
                self.rooms.crowd_changed.remove(room);
                self.emit_occupants(room).await;
                let to = Some(Jid::from(room.clone()));
                match (self.rooms.creating.remove(room), *created) {
                    (Some(setup), true) => {
                        let form = muc::configure(&setup);
                        let purpose = IqPurpose::Action("create room");
                        self.send_iq(stream, to.clone(), true, form, purpose).await;
                        if let Some(picture) = &setup.picture {
                            let vcard = crate::session::avatar::vcard_with_photo(Some(picture));
                            let purpose = IqPurpose::Action("set room picture");
                            self.send_iq(stream, to.clone(), true, vcard, purpose).await;
                        }
                    }
                    (Some(_), false) => {
                        // The address was taken: we entered someone's room instead.
                        let reason = "a room with this address exists already; join it instead";
                        self.command_failed("create room", reason.into()).await;
                        let _ = self.leave_room(stream, room.clone()).await;
                        return true;
                    }
                    (None, true) => {
                        // Our join made the room: open it with its defaults, or nobody can
                        // enter.
                        let purpose = IqPurpose::Other;
                        self.send_iq(stream, to.clone(), true, muc::instant_room(), purpose)
                            .await;
                    }
                    (None, false) => {}
                }
                // Its features say whether its stanza-ids are unique; then its archive.
                let purpose = IqPurpose::RoomDisco(room.clone());
                self.send_iq(stream, to, false, disco::info_request(), purpose)
                    .await;
            }
            RoomState::Refused(_) | RoomState::Left(_) => {
                self.rooms.views.remove(room);
                self.rooms.pictures.forget_room(room);
                let stopped = self.typists.forget(|t| t.from == *room);
                self.stopped_typing(stopped).await;
                if let Some(run) = self.rooms.runs.get_mut(room) {
                    run.state = state.clone();
                }
                // Refused, kicked, banned or destroyed: not rejoined until the user says so.
                // A service shutting down is rejoined at the next session.
                if !matches!(state, RoomState::Left(Exit::Shutdown)) {
                    let jid = room.clone();
                    let _ = self
                        .store
                        .writer
                        .write(move |tx| rooms::leave(tx, account, &jid))
                        .await;
                }
            }
            RoomState::Joining => {}
        }
        self.room_state(room.clone(), state).await;
        true
    }

    /// The room's disco#info answered: note whether it stamps unique stanza-ids, then read
    /// its archive.
    pub(super) async fn on_room_disco(
        &mut self,
        stream: &StanzaStream,
        room: BareJid,
        result: Result<Option<Element>, String>,
    ) {
        let (features, name) = match result {
            Ok(Some(info)) => (disco::features(&info), disco::identity_name(&info)),
            _ => (Vec::new(), None),
        };
        let sid = features.iter().any(|f| f == ns::SID);
        let Some(run) = self.rooms.runs.get_mut(&room) else {
            return;
        };
        run.moderation = moderation::version(&features);
        run.features_known = true;
        run.standard_hats = features.iter().any(|f| f == hats::STANDARD);
        if run.confirm_hats() {
            self.rooms.crowd_changed.insert(room.clone());
            if self.flush_at.is_none() {
                self.flush_at = Some(tokio::time::Instant::now() + super::FLUSH_DELAY);
            }
        }
        let held = std::mem::take(&mut run.held_removals);
        for action in held {
            Box::pin(self.moderate(stream, room.clone(), action)).await;
        }
        let Some(run) = self.rooms.runs.get(&room) else {
            return;
        };
        // Prosody names an unnamed room after its address's local part: not a name.
        let name = name.filter(|n| Some(n.as_str()) != room.node().map(|l| l.as_str()));
        if name.is_some() {
            let conversation = run.conversation;
            let _ = self
                .store
                .writer
                .write(move |tx| rooms::set_about(tx, conversation, name.as_deref(), None))
                .await;
        }
        if let Some(view) = self.rooms.views.get_mut(&room) {
            view.sid = sid;
            view.occupant_ids |= features.iter().any(|f| f == muc::OCCUPANT_ID);
        }
        self.learn_privacy(stream, &room, muc::is_private(&features))
            .await;
        if !features.iter().any(|f| f == ns::MAM) {
            self.room_history(room, 0).await;
            return;
        }
        let account = self.account.id;
        let archive = room.to_string();
        let after = self
            .store
            .readers
            .read(move |c| sync::cursor(c, account, &archive))
            .await
            .ok()
            .flatten();
        self.request_room_page(stream, room, after, 0).await;
    }

    /// Notes whether the room is a private group; in one, asks for its members, to whose
    /// devices its messages are encrypted. Messages waiting for this go out after.
    async fn learn_privacy(&mut self, stream: &StanzaStream, room: &BareJid, private: bool) {
        let Some(run) = self.rooms.runs.get_mut(room) else {
            return;
        };
        run.private = Some(private);
        let conversation = run.conversation;
        if private {
            run.members_waiting = MEMBERS.len();
        }
        let stored = self
            .store
            .writer
            .write(move |tx| rooms::set_private(tx, conversation, private))
            .await;
        if let Err(e) = stored {
            tracing::error!("cannot note whether a room is private: {e}");
        }
        if !private {
            return self.send_new_outbox_entries(stream).await;
        }
        for affiliation in MEMBERS {
            let purpose = IqPurpose::RoomMembers {
                room: room.clone(),
                affiliation,
            };
            let query = muc::affiliation_list(affiliation);
            self.send_iq(stream, Some(Jid::from(room.clone())), false, query, purpose)
                .await;
        }
    }

    /// One of a private group's member lists answered (or was refused: then the members we
    /// saw in the room stand).
    pub(super) async fn on_members(
        &mut self,
        stream: &StanzaStream,
        room: BareJid,
        affiliation: Affiliation,
        result: Result<Option<Element>, String>,
    ) {
        let Some(run) = self.rooms.runs.get_mut(&room) else {
            return;
        };
        run.members_waiting = run.members_waiting.saturating_sub(1);
        let conversation = run.conversation;
        let ready = run.ready();
        match result {
            Ok(Some(query)) => {
                let jids = muc::affiliation_items(&query, affiliation);
                let stored = self
                    .store
                    .writer
                    .write(move |tx| rooms::set_members(tx, conversation, affiliation, &jids))
                    .await;
                if let Err(e) = stored {
                    tracing::error!("cannot store a room's members: {e}");
                }
            }
            Ok(None) => {}
            Err(e) => {
                tracing::info!(%room, "the room did not list its {}s: {e}", affiliation.as_str())
            }
        }
        if ready {
            let account = self.account.id;
            self.emit(Event::RoomMembers { account, room }).await;
            self.send_new_outbox_entries(stream).await;
        }
    }

    async fn request_room_page(
        &mut self,
        stream: &StanzaStream,
        room: BareJid,
        after: Option<String>,
        fetched: usize,
    ) {
        let query_id = new_stanza_id();
        let query = match &after {
            Some(after) => mam::query(&query_id, Some(after)),
            None => mam::query_latest(&query_id, FIRST_JOIN_PAGE),
        };
        let to = Some(Jid::from(room.clone()));
        let purpose = IqPurpose::RoomMam(room.clone());
        let iq_id = self.send_iq(stream, to, true, query, purpose).await;
        self.rooms.queries.insert(query_id.clone(), room.clone());
        self.rooms.catch_ups.insert(
            query_id,
            RoomCatchUp {
                room,
                iq_id,
                after,
                page: Vec::new(),
                fetched,
            },
        );
    }

    /// The end of a page of a room's archive: store it with the new cursor, ask for the next.
    pub(super) async fn on_room_page_end(
        &mut self,
        stream: &StanzaStream,
        iq_id: &str,
        result: Result<Option<Element>, String>,
    ) {
        let Some(query_id) = self
            .rooms
            .catch_ups
            .iter()
            .find(|(_, c)| c.iq_id == iq_id)
            .map(|(q, _)| q.clone())
        else {
            return;
        };
        self.rooms.queries.remove(&query_id);
        let Some(catch_up) = self.rooms.catch_ups.remove(&query_id) else {
            return;
        };
        let fin = match result {
            Ok(Some(payload)) => mam::fin(&payload),
            _ => None,
        };
        let room = catch_up.room.clone();
        let fetched = catch_up.fetched + catch_up.page.len();
        let Some(fin) = fin else {
            tracing::warn!(%room, "a room's archive page failed");
            self.room_history(room, fetched).await;
            return;
        };
        // The newest page of a first join is all we read; later joins read on to the end.
        let exhausted = catch_up.after.is_none()
            || fin.complete
            || fin.last.is_none()
            || fin.last == catch_up.after;
        let cursor = fin.last.clone().map(|last| (room.to_string(), last));
        if !exhausted {
            self.request_room_page(stream, room.clone(), fin.last, fetched)
                .await;
        }
        self.write_batch(stream, catch_up.page, cursor).await;
        if exhausted {
            self.room_history(room, fetched).await;
        }
    }

    /// An occupant's picture is here: shown at the next flush.
    pub(super) fn show_picture(&mut self, seat: &Seat, hash: &str) {
        let Some(o) = self
            .rooms
            .runs
            .get_mut(&seat.room)
            .and_then(|r| r.occupants.get_mut(&seat.nick))
        else {
            return;
        };
        o.avatar = Some(hash.to_string());
        self.rooms.crowd_changed.insert(seat.room.clone());
        if self.flush_at.is_none() {
            self.flush_at = Some(tokio::time::Instant::now() + super::FLUSH_DELAY);
        }
    }

    /// Who is in `room` now, to the interface.
    pub(super) async fn emit_occupants(&mut self, room: &BareJid) {
        let Some(run) = self.rooms.runs.get(room) else {
            return;
        };
        let occupants: Vec<Occupant> = run.occupants.values().cloned().collect();
        let account = self.account.id;
        self.emit(Event::Occupants {
            account,
            room: room.clone(),
            occupants,
        })
        .await;
    }

    /// The room's topic, sent after we entered and whenever someone changes it.
    pub(super) async fn on_room_subject(
        &mut self,
        room: BareJid,
        by: Option<String>,
        subject: String,
    ) {
        let Some(run) = self.rooms.runs.get(&room) else {
            return;
        };
        let conversation = run.conversation;
        let ours = by.is_some_and(|nick| nick == run.nick);
        let stored = self
            .store
            .writer
            .write(move |tx| rooms::set_about(tx, conversation, None, Some(&subject)))
            .await;
        if stored.is_ok() {
            let account = self.account.id;
            let changed = crate::core::MessagesChanged {
                conversations: vec![conversation],
                new_incoming: Vec::new(),
            };
            self.emit(Event::Messages { account, changed }).await;
            if ours {
                let action = "set subject";
                self.emit(Event::CommandDone { account, action }).await;
            }
        }
    }

    /// An owner's or moderator's change to a room; the room's answer (or, for the topic,
    /// its reflection) reports it done.
    pub(super) async fn moderate(
        &mut self,
        stream: &StanzaStream,
        room: BareJid,
        action: RoomAction,
    ) {
        let to = Some(Jid::from(room.clone()));
        let name = action.name();
        let request = match &action {
            RoomAction::Subject(subject) => {
                let message = muc::set_subject(&room, subject);
                if let Ok(m) = xmpp_parsers::message::Message::try_from(message) {
                    self.send(stream, Stanza::Message(m)).await;
                }
                return;
            }
            // A message the room answers by passing it on: done once it left.
            RoomAction::RequestVoice => {
                if let Ok(m) = xmpp_parsers::message::Message::try_from(muc::voice_request(&room)) {
                    self.send(stream, Stanza::Message(m)).await;
                    let account = self.account.id;
                    self.emit(Event::CommandDone {
                        account,
                        action: name,
                    })
                    .await;
                }
                return;
            }
            RoomAction::Kick { nick, reason } => {
                muc::admin_item(&[("nick", nick), ("role", "none")], reason.as_deref())
            }
            RoomAction::Ban { jid, reason } => muc::admin_item(
                &[("affiliation", "outcast"), ("jid", jid.as_str())],
                reason.as_deref(),
            ),
            RoomAction::Destroy { reason } => muc::destroy(reason.as_deref()),
            RoomAction::Configure(setup) => {
                if let Some(picture) = &setup.picture {
                    let vcard = crate::session::avatar::vcard_with_photo(Some(picture));
                    let purpose = IqPurpose::Action("set room picture");
                    self.send_iq(stream, to.clone(), true, vcard, purpose).await;
                }
                muc::configure(setup)
            }
            RoomAction::Role { nick, role } => {
                muc::admin_item(&[("nick", nick), ("role", role.as_str())], None)
            }
            RoomAction::Affiliation { jid, affiliation } => muc::admin_item(
                &[("affiliation", affiliation.as_str()), ("jid", jid.as_str())],
                None,
            ),
            RoomAction::SetPicture(image) => {
                crate::session::avatar::vcard_with_photo(image.as_ref())
            }
            RoomAction::RemoveMessage { message, reason } => {
                // How to ask depends on the room's version, known once it answered disco#info.
                if let Some(run) = self.rooms.runs.get_mut(&room)
                    && !run.features_known
                    && matches!(run.state, RoomState::Joining | RoomState::Joined { .. })
                {
                    run.held_removals.push(action);
                    return;
                }
                match self.removal(&room, *message, reason.as_deref()).await {
                    Ok(request) => request,
                    Err(reason) => return self.command_failed(name, reason).await,
                }
            }
        };
        self.send_iq(stream, to, true, request, IqPurpose::Action(name))
            .await;
    }

    /// The picture a room announced by its hash: fetched from the room's vCard unless we hold
    /// it; an empty hash takes it away.
    async fn room_picture(&mut self, stream: &StanzaStream, room: &BareJid, hash: String) {
        if hash.len() == 40 {
            return self.vcard_avatar(stream, room.clone(), hash).await;
        }
        if !hash.is_empty() {
            return;
        }
        let (account, jid) = (self.account.id, room.clone());
        let removed = self
            .store
            .writer
            .write(move |tx| crate::store::profiles::set_avatar(tx, account, &jid, None))
            .await;
        if let Ok(true) = removed {
            self.note_profile(room.clone());
        }
    }

    /// The request that removes `message` from `room` for everyone (XEP-0425), in the
    /// version the room speaks; or why it cannot be asked.
    async fn removal(
        &self,
        room: &BareJid,
        message: crate::core::MessageId,
        reason: Option<&str>,
    ) -> Result<Element, String> {
        let version = self
            .rooms
            .runs
            .get(room)
            .and_then(|r| r.moderation)
            .ok_or_else(|| format!("{room} does not let moderators remove messages"))?;
        let m = self
            .store
            .readers
            .read(move |c| messages::get(c, message))
            .await
            .map_err(|e| e.to_string())?;
        if &m.peer != room || m.private.is_some() {
            return Err("the message is not one of this room's".into());
        }
        let stanza_id = m
            .stanza_id
            .ok_or("the room gave this message no id to remove it by")?;
        Ok(moderation::request(version, &stanza_id, reason))
    }

    /// XEP-0410: ping our own occupant JID in every room we are in. The room forwards it to
    /// us (we answer) while it counts us in, and answers with an error once it does not.
    pub(super) async fn ping_rooms(&mut self, stream: &StanzaStream) {
        self.room_ping_at = None;
        let inside = self.rooms.inside();
        if inside.is_empty() || !self.is_online() {
            return;
        }
        for (room, nick) in inside {
            let Ok(to) = format!("{room}/{nick}").parse::<Jid>() else {
                continue;
            };
            let ping = crate::session::xml::empty("ping", ns::PING, &[]);
            let purpose = IqPurpose::RoomPing(room);
            self.send_iq(stream, Some(to), false, ping, purpose).await;
        }
        self.room_ping_at = Some(tokio::time::Instant::now() + self.options.room_ping);
    }

    /// Any error to our self-ping comes from the room (our own client answers pings): it
    /// no longer counts us in. Enter again; its archive fills what we missed.
    pub(super) async fn on_room_ping(
        &mut self,
        stream: &StanzaStream,
        room: BareJid,
        result: Result<Option<Element>, String>,
    ) {
        let Err(reason) = result else { return };
        let Some(run) = self
            .rooms
            .runs
            .get(&room)
            .filter(|r| matches!(r.state, RoomState::Joined { .. }))
        else {
            return;
        };
        tracing::info!(%room, "the room dropped us ({reason}); entering again");
        let fresh = RoomRun::new(run.conversation, run.nick.clone(), run.password.clone());
        self.rooms.views.remove(&room);
        self.enter(stream, room, fresh).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Hat;

    fn occupant(nick: &str) -> Occupant {
        Occupant::new(nick, Role::Participant, Affiliation::Member)
    }

    /// Hats in the standard namespace, seen in the presences that come before the room's
    /// features, count once the room advertises that namespace, and never otherwise.
    #[test]
    fn early_standard_hats_wait_for_the_rooms_word() {
        let teacher = vec![Hat {
            uri: "urn:example:teacher".into(),
            title: "Teacher".into(),
        }];
        for advertised in [true, false] {
            let mut run = RoomRun::new(ConversationId(1), "me".into(), None);
            run.occupants.insert("ann".into(), occupant("ann"));
            run.unconfirmed_hats.insert("ann".into(), teacher.clone());
            // Someone who left meanwhile is not brought back.
            run.unconfirmed_hats.insert("gone".into(), teacher.clone());
            run.standard_hats = advertised;
            assert_eq!(run.confirm_hats(), advertised);
            let shown = if advertised {
                teacher.clone()
            } else {
                Vec::new()
            };
            assert_eq!(run.occupants["ann"].hats, shown);
            assert!(!run.occupants.contains_key("gone"));
            assert!(run.unconfirmed_hats.is_empty());
        }
    }
}
