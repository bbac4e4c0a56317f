//! The public room directory (XEP-0045 §6): our server's room service found by disco#items
//! and disco#info, its public rooms by disco#items, and each room's description and
//! occupant count from its extended disco#info (§6.4). One search at a time.

use tokio_xmpp::stanzastream::StanzaStream;
use xmpp_parsers::jid::{BareJid, Jid};
use xmpp_parsers::minidom::Element;

use super::{IqPurpose, Worker};
use crate::core::{Event, PublicRoom};
use crate::session::disco;

/// Rooms described at most per search: a big service lists thousands.
const MAX_ROOMS: usize = 100;
const ROOMINFO: &str = "http://jabber.org/protocol/muc#roominfo";

/// A directory search on its way.
#[derive(Debug, Default)]
pub(super) struct Search {
    service: Option<BareJid>,
    /// Answers still expected: candidate services, then rooms.
    pending: usize,
    rooms: Vec<PublicRoom>,
}

/// The items of a disco#items answer; none when it failed.
fn listed(result: Result<Option<Element>, String>) -> Vec<disco::Item> {
    match result {
        Ok(Some(q)) => disco::items(&q),
        _ => Vec::new(),
    }
}

impl Worker {
    /// Starts a search: the rooms of `service`, or first our server's room service.
    pub(super) async fn list_public_rooms(
        &mut self,
        stream: &StanzaStream,
        service: Option<BareJid>,
    ) {
        self.directory = Some(Search::default());
        if !self.is_online() {
            return self.directory_done().await;
        }
        match service {
            Some(service) => self.list_rooms_of(stream, service).await,
            None => {
                let Ok(domain) = self.own().domain().as_str().parse::<Jid>() else {
                    return self.directory_done().await;
                };
                let purpose = IqPurpose::DirectoryServices;
                self.send_iq(stream, Some(domain), false, disco::items_request(), purpose)
                    .await;
            }
        }
    }

    async fn list_rooms_of(&mut self, stream: &StanzaStream, service: BareJid) {
        if let Some(search) = self.directory.as_mut() {
            search.service = Some(service.clone());
        }
        let to = Some(Jid::from(service.clone()));
        let purpose = IqPurpose::DirectoryRooms(service);
        self.send_iq(stream, to, false, disco::items_request(), purpose)
            .await;
    }

    /// Our server's items: ask each what it is.
    pub(super) async fn on_directory_services(
        &mut self,
        stream: &StanzaStream,
        result: Result<Option<Element>, String>,
    ) {
        let items = listed(result);
        if items.is_empty() {
            return self.directory_done().await;
        }
        if let Some(search) = self.directory.as_mut() {
            search.pending = items.len();
        }
        for item in items {
            let to = Some(Jid::from(item.jid.clone()));
            let purpose = IqPurpose::DirectoryService(item.jid);
            self.send_iq(stream, to, false, disco::info_request(), purpose)
                .await;
        }
    }

    /// One of our server's items described itself: the first room service is the one.
    pub(super) async fn on_directory_service(
        &mut self,
        stream: &StanzaStream,
        jid: BareJid,
        result: Result<Option<Element>, String>,
    ) {
        let Some(search) = self.directory.as_mut() else {
            return;
        };
        search.pending = search.pending.saturating_sub(1);
        let is_service = matches!(&result, Ok(Some(q)) if disco::is_muc_service(q));
        if is_service && search.service.is_none() {
            return self.list_rooms_of(stream, jid).await;
        }
        if search.pending == 0 && search.service.is_none() {
            self.directory_done().await;
        }
    }

    /// The service's public rooms: describe each.
    pub(super) async fn on_directory_rooms(
        &mut self,
        stream: &StanzaStream,
        result: Result<Option<Element>, String>,
    ) {
        let items = listed(result);
        let Some(search) = self.directory.as_mut() else {
            return;
        };
        search.rooms = items
            .into_iter()
            .take(MAX_ROOMS)
            .map(|i| PublicRoom {
                jid: i.jid,
                name: i.name,
                description: None,
                occupants: None,
            })
            .collect();
        search.pending = search.rooms.len();
        if search.pending == 0 {
            return self.directory_done().await;
        }
        let rooms: Vec<BareJid> = search.rooms.iter().map(|r| r.jid.clone()).collect();
        for room in rooms {
            let to = Some(Jid::from(room.clone()));
            let purpose = IqPurpose::DirectoryRoom(room);
            self.send_iq(stream, to, false, disco::info_request(), purpose)
                .await;
        }
    }

    /// One room described itself.
    pub(super) async fn on_directory_room(
        &mut self,
        room: BareJid,
        result: Result<Option<Element>, String>,
    ) {
        let Some(search) = self.directory.as_mut() else {
            return;
        };
        if let (Ok(Some(info)), Some(entry)) =
            (&result, search.rooms.iter_mut().find(|r| r.jid == room))
        {
            entry.name = disco::identity_name(info).or(entry.name.take());
            entry.description = disco::info_field(info, ROOMINFO, "muc#roominfo_description")
                .filter(|d| !d.trim().is_empty());
            entry.occupants = disco::info_field(info, ROOMINFO, "muc#roominfo_occupants")
                .and_then(|n| n.trim().parse().ok());
        }
        search.pending = search.pending.saturating_sub(1);
        if search.pending == 0 {
            self.directory_done().await;
        }
    }

    async fn directory_done(&mut self) {
        let search = self.directory.take().unwrap_or_default();
        let account = self.account.id;
        self.emit(Event::PublicRooms {
            account,
            service: search.service,
            rooms: search.rooms,
        })
        .await;
    }
}
