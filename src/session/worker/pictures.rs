//! Occupants' pictures (XEP-0153 in rooms): an occupant's presence names the SHA-1 of their
//! vCard photo; we ask the room for that vCard (it passes vcard-temp requests on to the
//! person's own server, XEP-0045 §17.3 and XEP-0054) and believe the photo only when its
//! bytes have that hash. Pictures are kept by hash in the avatars table, so a person in
//! several rooms, or a contact we already have a picture of, costs nothing more. A room of
//! a thousand people is not a thousand requests at once: a few are on their way at a time.

use std::collections::{HashMap, VecDeque};

use tokio_xmpp::stanzastream::StanzaStream;
use xmpp_parsers::jid::{BareJid, Jid};

use super::{IqPurpose, Worker};
use crate::session::avatar;
use crate::store::profiles;

/// Requests for occupants' vCards on their way at once.
const IN_FLIGHT: usize = 4;

/// One occupant, as far as their picture goes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Seat {
    pub(super) room: BareJid,
    pub(super) nick: String,
}

/// The pictures occupants announced that we do not hold yet.
#[derive(Debug, Default)]
pub(super) struct Pictures {
    /// The hash each occupant announced last, while we do not hold it.
    wanted: HashMap<Seat, String>,
    /// Occupants whose vCard is still to be asked for, oldest first.
    queue: VecDeque<Seat>,
    in_flight: usize,
}

impl Pictures {
    /// The occupant is gone or announced another picture: nothing is fetched for them.
    pub(super) fn forget(&mut self, seat: &Seat) {
        self.wanted.remove(seat);
    }

    /// The room is gone.
    pub(super) fn forget_room(&mut self, room: &BareJid) {
        self.wanted.retain(|s, _| &s.room != room);
    }
}

/// What an occupant's presence says of their picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Picture {
    /// Nothing: whatever we showed stays.
    Unsaid,
    /// They have none.
    None,
    /// The SHA-1 of their vCard photo.
    Hash(String),
}

impl Picture {
    pub(super) fn of(presence: &xmpp_parsers::minidom::Element) -> Picture {
        match avatar::vcard_update(presence) {
            None => Picture::Unsaid,
            Some(h) if h.len() == 40 && h.bytes().all(|b| b.is_ascii_hexdigit()) => {
                Picture::Hash(h)
            }
            Some(_) => Picture::None,
        }
    }
}

/// What an occupant's presence changed about their picture, by nickname.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Wanted {
    /// A picture we do not show yet, by its hash.
    Fetch(String, String),
    /// None any more (they removed theirs, or left).
    Not(String),
}

impl Worker {
    pub(super) async fn picture_changed(
        &mut self,
        stream: &StanzaStream,
        room: &BareJid,
        wanted: Wanted,
    ) {
        match wanted {
            Wanted::Fetch(nick, hash) => {
                let seat = Seat {
                    room: room.clone(),
                    nick,
                };
                if let Some(shown) = self.occupant_picture(stream, seat.clone(), hash).await {
                    self.show_picture(&seat, &shown);
                }
            }
            Wanted::Not(nick) => {
                let seat = Seat {
                    room: room.clone(),
                    nick,
                };
                self.rooms.pictures.forget(&seat);
            }
        }
    }

    /// An occupant announced a picture we may not hold: shown at once when we do, asked
    /// for otherwise. Returns the hash to show now.
    async fn occupant_picture(
        &mut self,
        stream: &StanzaStream,
        seat: Seat,
        hash: String,
    ) -> Option<String> {
        let known = hash.clone();
        match self
            .store
            .readers
            .read(move |c| profiles::has_avatar(c, &known))
            .await
        {
            Ok(true) => {
                self.rooms.pictures.forget(&seat);
                return Some(hash);
            }
            Ok(false) => {}
            Err(e) => {
                tracing::warn!("cannot read the avatars: {e}");
                return None;
            }
        }
        let pictures = &mut self.rooms.pictures;
        if pictures.wanted.insert(seat.clone(), hash).is_none() {
            pictures.queue.push_back(seat);
        }
        self.ask_for_pictures(stream).await;
        None
    }

    /// Asks for the next vCards while fewer than IN_FLIGHT are on their way.
    async fn ask_for_pictures(&mut self, stream: &StanzaStream) {
        while self.rooms.pictures.in_flight < IN_FLIGHT {
            let Some(seat) = self.rooms.pictures.queue.pop_front() else {
                return;
            };
            let Some(id) = self.rooms.pictures.wanted.get(&seat).cloned() else {
                continue;
            };
            let Ok(to) = seat.room.with_resource_str(&seat.nick) else {
                self.rooms.pictures.forget(&seat);
                continue;
            };
            self.rooms.pictures.in_flight += 1;
            let purpose = IqPurpose::OccupantVCard { seat, id };
            self.send_iq(
                stream,
                Some(Jid::from(to)),
                false,
                avatar::vcard_request(),
                purpose,
            )
            .await;
        }
    }

    /// An occupant's vCard, or the error that came instead.
    pub(super) async fn on_occupant_vcard(
        &mut self,
        stream: &StanzaStream,
        seat: Seat,
        id: String,
        vcard: Option<xmpp_parsers::minidom::Element>,
    ) {
        let pictures = &mut self.rooms.pictures;
        pictures.in_flight = pictures.in_flight.saturating_sub(1);
        let image = vcard.and_then(|v| avatar::vcard_photo(&v, &id));
        match image {
            None => {
                tracing::debug!("an occupant's picture could not be fetched or did not match");
                if pictures.wanted.get(&seat) == Some(&id) {
                    pictures.forget(&seat);
                }
            }
            Some(image) => {
                let hash = id.clone();
                let stored = self
                    .store
                    .writer
                    .write(move |tx| profiles::put_avatar(tx, &hash, &image))
                    .await;
                match stored {
                    Err(e) => tracing::error!("cannot store an occupant's picture: {e}"),
                    Ok(()) => {
                        // Everyone who announced this picture has it now.
                        let given: Vec<Seat> = self
                            .rooms
                            .pictures
                            .wanted
                            .iter()
                            .filter(|(_, h)| **h == id)
                            .map(|(s, _)| s.clone())
                            .collect();
                        for seat in given {
                            self.rooms.pictures.forget(&seat);
                            self.show_picture(&seat, &id);
                        }
                    }
                }
            }
        }
        // They announced another picture while this one was on its way.
        if self.rooms.pictures.wanted.contains_key(&seat) {
            self.rooms.pictures.queue.push_back(seat);
        }
        self.ask_for_pictures(stream).await;
    }
}
