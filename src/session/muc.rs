//! XEP-0045 multi-user chat: joining and leaving, what a room says about us, and the owner
//! form that opens a room our join created.
//!
//! History comes from the room's archive (XEP-0313 on the room JID, after the newest archive
//! id we stored), not from the join's `<history/>`, so we ask for none: a rejoin after a
//! reconnect then repeats nothing.
//!
//! Presences from a room count only from an occupant JID of a room we asked to join
//! (`room@service/nick`); the caller checks the bare part against its rooms.

use xmpp_parsers::jid::{BareJid, Jid};
use xmpp_parsers::minidom::Element;

use super::{ns, xml};
use crate::core::{Exit, Refusal, RoomState};

pub const MUC: &str = "http://jabber.org/protocol/muc";
pub const USER: &str = "http://jabber.org/protocol/muc#user";
pub const OWNER: &str = "http://jabber.org/protocol/muc#owner";

/// Our presence into `room` as `nick`, asking for no history (the archive gives it).
pub fn join(room: &BareJid, nick: &str, password: Option<&str>) -> Element {
    let mut x = xml::build("x", MUC).append(xml::empty("history", MUC, &[("maxstanzas", "0")]));
    if let Some(password) = password {
        x = x.append(xml::text("password", MUC, password));
    }
    xml::attr(
        xml::build("presence", ns::CLIENT),
        "to",
        format!("{room}/{nick}"),
    )
    .append(x.build())
    .build()
}

/// Our unavailable presence to the room.
pub fn leave(room: &BareJid, nick: &str) -> Element {
    let b = xml::attr(
        xml::build("presence", ns::CLIENT),
        "to",
        format!("{room}/{nick}"),
    );
    xml::attr(b, "type", "unavailable").build()
}

/// Accepts the default configuration of a room our join created: until then the room is
/// locked and nobody else can enter (status 201).
pub fn instant_room() -> Element {
    xml::build("query", OWNER)
        .append(xml::empty("x", ns::DATA_FORMS, &[("type", "submit")]))
        .build()
}

/// The room and nickname of an occupant JID; None for anything else (a bare room JID is
/// the room itself speaking).
pub fn occupant(from: Option<&str>) -> Option<(BareJid, String)> {
    let jid: Jid = from?.parse().ok()?;
    let nick = jid.resource()?.as_str().to_string();
    Some((jid.to_bare(), nick))
}

/// What a presence from `room` (already checked to be one we asked to join) says about us,
/// whose nickname there is `nick`; None when it is about someone else.
pub fn about_us(presence: &Element, nick: &str) -> Option<RoomState> {
    let (_, from_nick) = occupant(presence.attr("from"))?;
    let user = presence.get_child("x", USER);
    let statuses: Vec<&str> = user
        .map(|x| {
            x.children()
                .filter(|c| c.is("status", USER))
                .filter_map(|c| c.attr("code"))
                .collect()
        })
        .unwrap_or_default();
    let has = |code: &str| statuses.contains(&code);
    if presence.attr("type") == Some("error") {
        // Refusals come back from the nickname we asked for.
        return (from_nick == nick).then(|| RoomState::Refused(refusal(presence)));
    }
    if !has("110") {
        return None;
    }
    let reason = user
        .and_then(|x| x.get_child("item", USER))
        .and_then(|i| i.get_child("reason", USER))
        .map(Element::text);
    if presence.attr("type") == Some("unavailable") {
        if has("303") {
            // A nickname change: the presence under the new one follows.
            return None;
        }
        if let Some(destroy) = user.and_then(|x| x.get_child("destroy", USER)) {
            let reason = destroy.get_child("reason", USER).map(Element::text);
            return Some(RoomState::Left(Exit::Destroyed { reason }));
        }
        let exit = if has("301") {
            Exit::Banned { reason }
        } else if has("307") {
            Exit::Kicked { reason }
        } else if has("321") || has("322") {
            Exit::NoLongerMember
        } else if has("332") {
            Exit::Shutdown
        } else {
            Exit::Left
        };
        return Some(RoomState::Left(exit));
    }
    Some(RoomState::Joined {
        nick: from_nick,
        created: has("201"),
    })
}

fn refusal(presence: &Element) -> Refusal {
    let Some(error) = presence.get_child("error", ns::CLIENT) else {
        return Refusal::Other("an error without a reason".into());
    };
    let condition = error
        .children()
        .find(|c| c.ns() == ns::STANZAS && c.name() != "text")
        .map(|c| c.name().to_string())
        .unwrap_or_default();
    match condition.as_str() {
        "conflict" => Refusal::NickInUse,
        "not-authorized" => Refusal::PasswordNeeded,
        "registration-required" => Refusal::MembersOnly,
        "forbidden" => Refusal::Banned,
        "service-unavailable" => Refusal::Full,
        _ => {
            let text = error.get_child("text", ns::STANZAS).map(Element::text);
            Refusal::Other(text.unwrap_or(condition))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(xml: &str) -> Element {
        xml.parse().unwrap()
    }

    #[test]
    fn joins_asking_for_no_history_and_leaves() {
        let room: BareJid = "team@conference.example.org".parse().unwrap();
        assert_eq!(
            xml::to_string(&join(&room, "Alice", None)),
            "<presence xmlns='jabber:client' to='team@conference.example.org/Alice'>\
             <x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/></x>\
             </presence>"
        );
        let with_password = xml::to_string(&join(&room, "Alice", Some("s3cret")));
        assert!(with_password.contains("<password>s3cret</password>"));
        assert_eq!(
            xml::to_string(&leave(&room, "Alice")),
            "<presence xmlns='jabber:client' to='team@conference.example.org/Alice' \
             type='unavailable'/>"
        );
        assert_eq!(
            xml::to_string(&instant_room()),
            "<query xmlns='http://jabber.org/protocol/muc#owner'>\
             <x xmlns='jabber:x:data' type='submit'/></query>"
        );
    }

    #[test]
    fn our_own_presence_says_we_are_in_and_whether_we_made_the_room() {
        let joined = parse(
            "<presence xmlns='jabber:client' from='team@conference.example.org/Alice'>
               <x xmlns='http://jabber.org/protocol/muc#user'>
                 <item affiliation='owner' role='moderator'/>
                 <status code='110'/><status code='201'/>
               </x></presence>",
        );
        assert_eq!(
            about_us(&joined, "Alice"),
            Some(RoomState::Joined {
                nick: "Alice".into(),
                created: true
            })
        );
        // The room may change our nickname (roomnick): the one it gives is ours.
        let renamed = parse(
            "<presence xmlns='jabber:client' from='team@conference.example.org/alice'>
               <x xmlns='http://jabber.org/protocol/muc#user'><status code='110'/><status code='210'/></x>
             </presence>",
        );
        assert_eq!(
            about_us(&renamed, "Alice"),
            Some(RoomState::Joined {
                nick: "alice".into(),
                created: false
            })
        );
        // Someone else's presence is not about us.
        let bob = parse(
            "<presence xmlns='jabber:client' from='team@conference.example.org/Bob'>
               <x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/></x>
             </presence>",
        );
        assert_eq!(about_us(&bob, "Alice"), None);
    }

    #[test]
    fn refusals_say_why() {
        let refused = |condition: &str| {
            parse(&format!(
                "<presence xmlns='jabber:client' from='team@conference.example.org/Alice' type='error'>
                   <error type='cancel'><{condition} xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>
                 </presence>"
            ))
        };
        for (condition, why) in [
            ("conflict", Refusal::NickInUse),
            ("not-authorized", Refusal::PasswordNeeded),
            ("registration-required", Refusal::MembersOnly),
            ("forbidden", Refusal::Banned),
            ("service-unavailable", Refusal::Full),
            ("item-not-found", Refusal::Other("item-not-found".into())),
        ] {
            assert_eq!(
                about_us(&refused(condition), "Alice"),
                Some(RoomState::Refused(why))
            );
        }
        // An error for another nickname is not ours.
        assert_eq!(about_us(&refused("conflict"), "Bob"), None);
    }

    #[test]
    fn leaving_says_how() {
        let gone = |inner: &str| {
            parse(&format!(
                "<presence xmlns='jabber:client' from='team@conference.example.org/Alice' type='unavailable'>
                   <x xmlns='http://jabber.org/protocol/muc#user'>{inner}<status code='110'/></x>
                 </presence>"
            ))
        };
        let kicked = gone(
            "<item affiliation='none' role='none'><reason>spam</reason></item><status code='307'/>",
        );
        assert_eq!(
            about_us(&kicked, "Alice"),
            Some(RoomState::Left(Exit::Kicked {
                reason: Some("spam".into())
            }))
        );
        assert_eq!(
            about_us(&gone("<status code='301'/>"), "Alice"),
            Some(RoomState::Left(Exit::Banned { reason: None }))
        );
        assert_eq!(
            about_us(&gone("<destroy><reason>moved</reason></destroy>"), "Alice"),
            Some(RoomState::Left(Exit::Destroyed {
                reason: Some("moved".into())
            }))
        );
        assert_eq!(
            about_us(&gone("<status code='322'/>"), "Alice"),
            Some(RoomState::Left(Exit::NoLongerMember))
        );
        assert_eq!(
            about_us(&gone(""), "Alice"),
            Some(RoomState::Left(Exit::Left))
        );
        // A nickname change is not a departure.
        assert_eq!(about_us(&gone("<status code='303'/>"), "Alice"), None);
    }

    #[test]
    fn only_occupant_jids_are_occupants() {
        assert_eq!(
            occupant(Some("team@conference.example.org/Bob")),
            Some(("team@conference.example.org".parse().unwrap(), "Bob".into()))
        );
        assert_eq!(occupant(Some("team@conference.example.org")), None);
        assert_eq!(occupant(None), None);
    }
}
