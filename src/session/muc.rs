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
use crate::core::{Affiliation, Exit, Occupant, Refusal, Role, RoomKind, RoomSetup, RoomState};

pub const MUC: &str = "http://jabber.org/protocol/muc";
pub const USER: &str = "http://jabber.org/protocol/muc#user";
pub const OWNER: &str = "http://jabber.org/protocol/muc#owner";
pub const ADMIN: &str = "http://jabber.org/protocol/muc#admin";
/// XEP-0249 direct invitations.
pub const CONFERENCE: &str = "jabber:x:conference";
const ROOMCONFIG: &str = "http://jabber.org/protocol/muc#roomconfig";

/// Our presence into `room` as `nick`, asking for no history (the archive gives it).
/// `available` is our presence as contacts get it (presence::own: show, status, caps and
/// picture hash), so the room's occupants see the same.
pub fn join(room: &BareJid, nick: &str, password: Option<&str>, available: Element) -> Element {
    let mut x = xml::build("x", MUC).append(xml::empty("history", MUC, &[("maxstanzas", "0")]));
    if let Some(password) = password {
        x = x.append(xml::text("password", MUC, password));
    }
    let mut presence = to_occupant(available, room, nick);
    presence.append_child(x.build());
    presence
}

/// Our changed presence for a room we are in (§7.7.3): the same presence, to our occupant
/// address, without the join's `<x/>`.
pub fn to_occupant(available: Element, room: &BareJid, nick: &str) -> Element {
    let mut presence = available;
    xml::set_attr(&mut presence, "to", format!("{room}/{nick}"));
    presence
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

/// The configuration of a room we create (XEP-0045 §10.1.3). A private group is what other
/// clients need for OMEMO: members only, real addresses visible to all, not listed; a public
/// channel is open, listed, and shows real addresses to moderators only. Both are persistent
/// and archived.
pub fn configure(setup: &RoomSetup) -> Element {
    let private = setup.kind == RoomKind::Private;
    let flag = |on: bool| if on { "1" } else { "0" };
    let mut fields = vec![
        ("muc#roomconfig_persistentroom", "1"),
        ("muc#roomconfig_enablearchiving", "1"),
        ("muc#roomconfig_publicroom", flag(!private)),
        ("muc#roomconfig_membersonly", flag(private)),
        (
            "muc#roomconfig_whois",
            if private { "anyone" } else { "moderators" },
        ),
    ];
    if let Some(name) = &setup.name {
        fields.push(("muc#roomconfig_roomname", name));
    }
    if let Some(description) = &setup.description {
        fields.push(("muc#roomconfig_roomdesc", description));
    }
    xml::build("query", OWNER)
        .append(submitted(ROOMCONFIG, &fields))
        .build()
}

/// A submitted data form (XEP-0004) of this FORM_TYPE.
fn submitted(form_type: &str, fields: &[(&str, &str)]) -> Element {
    let mut form = xml::attr(xml::build("x", ns::DATA_FORMS), "type", "submit").append(
        xml::attr(
            xml::attr(xml::build("field", ns::DATA_FORMS), "var", "FORM_TYPE"),
            "type",
            "hidden",
        )
        .append(xml::text("value", ns::DATA_FORMS, form_type))
        .build(),
    );
    for (var, value) in fields {
        form = form.append(
            xml::attr(xml::build("field", ns::DATA_FORMS), "var", *var)
                .append(xml::text("value", ns::DATA_FORMS, value))
                .build(),
        );
    }
    form.build()
}

/// FORM_TYPE of voice requests (§7.13, §8.6).
const REQUEST: &str = "http://jabber.org/protocol/muc#request";

/// A visitor asks the room's moderators for a voice (§7.13).
pub fn voice_request(room: &BareJid) -> Element {
    xml::attr(xml::build("message", ns::CLIENT), "to", room.as_str())
        .append(submitted(REQUEST, &[("muc#role", "participant")]))
        .build()
}

/// The nickname of a visitor whose request for a voice the room passes to its moderators
/// (§8.6): a form from the room itself. Which room, and whether we moderate it and they are
/// a visitor there, the caller checks.
pub fn voice_request_of(message: &Element) -> Option<(BareJid, String)> {
    let from: Jid = message.attr("from")?.parse().ok()?;
    if from.resource().is_some() || message.attr("type") == Some("error") {
        return None;
    }
    let form = message
        .get_child("x", ns::DATA_FORMS)
        .filter(|x| x.attr("type") == Some("form"))?;
    let value = |var: &str| {
        form.children()
            .find(|f| f.is("field", ns::DATA_FORMS) && f.attr("var") == Some(var))
            .and_then(|f| f.get_child("value", ns::DATA_FORMS))
            .map(|v| v.text())
    };
    if value("FORM_TYPE").as_deref() != Some(REQUEST) {
        return None;
    }
    let nick = value("muc#roomnick").filter(|n| !n.is_empty())?;
    Some((from.to_bare(), nick))
}

/// Makes `jid` a member of the room (an admin's request): how a members-only room lets
/// someone in.
pub fn grant_membership(jid: &BareJid) -> Element {
    xml::build("query", ADMIN)
        .append(xml::empty(
            "item",
            ADMIN,
            &[("affiliation", "member"), ("jid", jid.as_str())],
        ))
        .build()
}

/// Asks for everyone with `affiliation` (§9.5, §10.5). Admins may always ask; in a private
/// group (members only, real addresses for anyone) members may too, which is how every
/// member's client learns whom to encrypt for.
pub fn affiliation_list(affiliation: Affiliation) -> Element {
    xml::build("query", ADMIN)
        .append(xml::empty(
            "item",
            ADMIN,
            &[("affiliation", affiliation.as_str())],
        ))
        .build()
}

/// The addresses in an answer to `affiliation_list(affiliation)`; items of another
/// affiliation are not counted.
pub fn affiliation_items(query: &Element, affiliation: Affiliation) -> Vec<BareJid> {
    if !query.is("query", ADMIN) {
        return Vec::new();
    }
    query
        .children()
        .filter(|c| c.is("item", ADMIN))
        .filter(|i| Affiliation::from_attr(i.attr("affiliation")) == affiliation)
        .filter_map(|i| i.attr("jid")?.parse::<Jid>().ok())
        .map(|j| j.to_bare())
        .collect()
}

/// disco#info features of a room whose members can use OMEMO (XEP-0384 §5.6): only members
/// enter, and everyone sees everyone's real address.
pub fn is_private(features: &[String]) -> bool {
    let has = |f: &str| features.iter().any(|x| x == f);
    has("muc_membersonly") && has("muc_nonanonymous")
}

/// Who wrote a message of a non-anonymous room's archive: the room adds the author's real
/// address in an `<x/>` of its own. An occupant can put one in their message too, so a
/// message with more than one such address names nobody.
pub fn archived_author(message: &Element) -> Option<BareJid> {
    let mut addresses = message
        .children()
        .filter(|c| c.is("x", USER))
        .flat_map(|x| x.children().filter(|c| c.is("item", USER)))
        .map(|i| i.attr("jid"));
    let only = addresses.next()??;
    if addresses.next().is_some() {
        return None;
    }
    Some(only.parse::<Jid>().ok()?.to_bare())
}

/// A direct invitation (XEP-0249) to `room` for `to`.
pub fn invitation(to: &BareJid, room: &BareJid, id: &str) -> Element {
    let b = xml::attr(xml::build("message", ns::CLIENT), "to", to.as_str());
    xml::attr(b, "id", id)
        .append(xml::empty("x", CONFERENCE, &[("jid", room.as_str())]))
        .build()
}

/// The room a direct invitation (XEP-0249) or a mediated one (XEP-0045 §7.8.2, from the
/// room, naming who invites) points at, with who invites and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub room: BareJid,
    pub from: BareJid,
    pub reason: Option<String>,
    pub password: Option<String>,
}

pub fn invitation_in(message: &Element) -> Option<Invitation> {
    let from: Jid = message.attr("from")?.parse().ok()?;
    if let Some(x) = message.get_child("x", CONFERENCE) {
        return Some(Invitation {
            room: x.attr("jid")?.parse().ok()?,
            from: from.to_bare(),
            reason: x.attr("reason").map(str::to_string),
            password: x.attr("password").map(str::to_string),
        });
    }
    // A mediated invitation comes from the room itself, never from one of its occupants.
    if from.resource().is_some() {
        return None;
    }
    let user = message.get_child("x", USER)?;
    let invite = user.get_child("invite", USER)?;
    Some(Invitation {
        room: from.to_bare(),
        from: invite.attr("from")?.parse::<Jid>().ok()?.to_bare(),
        reason: invite.get_child("reason", USER).map(Element::text),
        password: user.get_child("password", USER).map(Element::text),
    })
}

/// XEP-0421 occupant ids.
pub const OCCUPANT_ID: &str = "urn:xmpp:occupant-id:0";

/// The occupant id a room stamped on a message or presence (trust it only from a room that
/// advertises the feature: such a room removes any the writer put in).
pub fn occupant_id(stanza: &Element) -> Option<String> {
    stanza
        .get_child("occupant-id", OCCUPANT_ID)?
        .attr("id")
        .filter(|id| !id.is_empty())
        .map(str::to_string)
}

/// What a presence from someone else in the room says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OccupantChange {
    /// In the room, or changed (role, affiliation, status).
    Here(Occupant),
    /// Gone; `new_nick` when they only changed their nickname (status 303).
    Gone {
        nick: String,
        new_nick: Option<String>,
    },
}

/// Someone else's presence in a room (call `about_us` first for ours).
pub fn occupant_change(presence: &Element) -> Option<OccupantChange> {
    let (_, nick) = occupant(presence.attr("from"))?;
    if presence.attr("type") == Some("error") {
        return None;
    }
    let user = presence.get_child("x", USER);
    let item = user.and_then(|x| x.get_child("item", USER));
    if presence.attr("type") == Some("unavailable") {
        let renamed = user.is_some_and(|x| {
            x.children()
                .any(|c| c.is("status", USER) && c.attr("code") == Some("303"))
        });
        let new_nick = item
            .filter(|_| renamed)
            .and_then(|i| i.attr("nick"))
            .map(str::to_string);
        return Some(OccupantChange::Gone { nick, new_nick });
    }
    Some(OccupantChange::Here(Occupant {
        nick,
        role: Role::from_attr(item.and_then(|i| i.attr("role"))),
        affiliation: Affiliation::from_attr(item.and_then(|i| i.attr("affiliation"))),
        jid: item
            .and_then(|i| i.attr("jid"))
            .and_then(|j| j.parse::<Jid>().ok())
            .map(|j| j.to_bare()),
        occupant_id: occupant_id(presence),
        hats: Vec::new(),
        show: super::presence::device(presence).show,
        avatar: None,
    }))
}

/// A room's topic (§8.1): a groupchat message with `<subject/>` and no body, from the room
/// or one of its occupants. Which room it is the caller checks.
pub fn subject(message: &Element) -> Option<(BareJid, Option<String>, String)> {
    if message.attr("type") != Some("groupchat") || message.get_child("body", ns::CLIENT).is_some()
    {
        return None;
    }
    let subject = message.get_child("subject", ns::CLIENT)?.text();
    let from = message.attr("from")?.parse::<Jid>().ok()?;
    let by = from.resource().map(|r| r.as_str().to_string());
    Some((from.to_bare(), by, subject))
}

/// The room that says its configuration changed (§10.2.1: status 104, from the room itself),
/// so its features are read again (a group may have become private, or public).
pub fn configuration_changed(message: &Element) -> Option<BareJid> {
    let from: Jid = message.attr("from")?.parse().ok()?;
    if from.resource().is_some() || message.attr("type") == Some("error") {
        return None;
    }
    let user = message.get_child("x", USER)?;
    user.children()
        .any(|c| c.is("status", USER) && c.attr("code") == Some("104"))
        .then(|| from.to_bare())
}

/// The message that sets a room's topic.
pub fn set_subject(room: &BareJid, subject: &str) -> Element {
    let b = xml::attr(xml::build("message", ns::CLIENT), "to", room.as_str());
    xml::attr(b, "type", "groupchat")
        .append(xml::text("subject", ns::CLIENT, subject))
        .build()
}

/// A moderator's request about one occupant or address (§8.2 kick, §9.1 ban).
pub fn admin_item(attrs: &[(&str, &str)], reason: Option<&str>) -> Element {
    let mut item = attrs
        .iter()
        .fold(xml::build("item", ADMIN), |b, (k, v)| xml::attr(b, k, *v));
    if let Some(reason) = reason {
        item = item.append(xml::text("reason", ADMIN, reason));
    }
    xml::build("query", ADMIN).append(item.build()).build()
}

/// The owner's request to close the room (§10.9).
pub fn destroy(reason: Option<&str>) -> Element {
    let mut d = xml::build("destroy", OWNER);
    if let Some(reason) = reason {
        d = d.append(xml::text("reason", OWNER, reason));
    }
    xml::build("query", OWNER).append(d.build()).build()
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
        let available = || xml::build("presence", ns::CLIENT).build();
        assert_eq!(
            xml::to_string(&join(&room, "Alice", None, available())),
            "<presence xmlns='jabber:client' to='team@conference.example.org/Alice'>\
             <x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/></x>\
             </presence>"
        );
        // What our contacts see of us, occupants see too.
        let away = "<presence xmlns='jabber:client'><show>away</show>\
             <x xmlns='vcard-temp:x:update'><photo>0a1b</photo></x></presence>";
        assert_eq!(
            xml::to_string(&join(&room, "Alice", None, parse(away))),
            "<presence xmlns='jabber:client' to='team@conference.example.org/Alice'>\
             <show>away</show><x xmlns='vcard-temp:x:update'><photo>0a1b</photo></x>\
             <x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/></x>\
             </presence>"
        );
        assert_eq!(
            xml::to_string(&to_occupant(parse(away), &room, "Alice")),
            "<presence xmlns='jabber:client' to='team@conference.example.org/Alice'>\
             <show>away</show><x xmlns='vcard-temp:x:update'><photo>0a1b</photo></x>\
             </presence>"
        );
        let with_password = xml::to_string(&join(&room, "Alice", Some("s3cret"), available()));
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
    fn private_groups_are_members_only_and_non_anonymous() {
        let setup = |kind, name: Option<&str>, description: Option<&str>| RoomSetup {
            kind,
            name: name.map(str::to_string),
            description: description.map(str::to_string),
            picture: None,
        };
        let private = xml::to_string(&configure(&setup(
            RoomKind::Private,
            Some("Team"),
            Some("Plans & <things>"),
        )));
        for field in [
            "<field var='muc#roomconfig_membersonly'><value>1</value></field>",
            "<field var='muc#roomconfig_whois'><value>anyone</value></field>",
            "<field var='muc#roomconfig_publicroom'><value>0</value></field>",
            "<field var='muc#roomconfig_persistentroom'><value>1</value></field>",
            "<field var='muc#roomconfig_roomname'><value>Team</value></field>",
            "<field var='muc#roomconfig_roomdesc'><value>Plans &amp; &lt;things&gt;</value></field>",
        ] {
            assert!(private.contains(field), "{field} in {private}");
        }
        let public = xml::to_string(&configure(&setup(RoomKind::Public, None, None)));
        assert!(
            public.contains("<field var='muc#roomconfig_membersonly'><value>0</value></field>")
        );
        assert!(
            public.contains("<field var='muc#roomconfig_whois'><value>moderators</value></field>")
        );
        assert!(!public.contains("roomname") && !public.contains("roomdesc"));
        assert_eq!(
            xml::to_string(&grant_membership(&"bob@example.org".parse().unwrap())),
            "<query xmlns='http://jabber.org/protocol/muc#admin'>\
             <item affiliation='member' jid='bob@example.org'/></query>"
        );
    }

    #[test]
    fn member_lists_are_asked_for_and_read_by_affiliation() {
        assert_eq!(
            xml::to_string(&affiliation_list(Affiliation::Member)),
            "<query xmlns='http://jabber.org/protocol/muc#admin'>\
             <item affiliation='member'/></query>"
        );
        let answer = parse(
            "<query xmlns='http://jabber.org/protocol/muc#admin'>\
             <item affiliation='member' jid='bob@example.org' nick='bob'/>\
             <item affiliation='member' jid='carol@example.org/phone'/>\
             <item affiliation='owner' jid='mallory@example.org'/>\
             <item affiliation='member'/>\
             <item affiliation='member' jid='not a jid@@'/></query>",
        );
        let jids: Vec<String> = affiliation_items(&answer, Affiliation::Member)
            .iter()
            .map(|j| j.to_string())
            .collect();
        assert_eq!(jids, ["bob@example.org", "carol@example.org"]);
        let other = parse(
            "<query xmlns='http://jabber.org/protocol/muc#owner'><item affiliation='member' jid='bob@example.org'/></query>",
        );
        assert!(affiliation_items(&other, Affiliation::Member).is_empty());
    }

    #[test]
    fn only_members_only_non_anonymous_rooms_are_private() {
        let features = |f: &[&str]| f.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(is_private(&features(&[
            "muc_membersonly",
            "muc_nonanonymous",
            "muc_persistent"
        ])));
        assert!(!is_private(&features(&[
            "muc_membersonly",
            "muc_semianonymous"
        ])));
        assert!(!is_private(&features(&["muc_open", "muc_nonanonymous"])));
    }

    #[test]
    fn an_archived_message_names_its_author_once_or_not_at_all() {
        let archived = parse(
            "<message xmlns='jabber:client' type='groupchat' from='team@muc.example.org/bob'>\
             <body>hi</body><x xmlns='http://jabber.org/protocol/muc#user'>\
             <item affiliation='member' role='participant' jid='bob@example.org'/></x></message>",
        );
        assert_eq!(
            archived_author(&archived).map(|j| j.to_string()).as_deref(),
            Some("bob@example.org")
        );
        // The occupant wrote an address of their own before the room added the real one.
        let forged = parse(
            "<message xmlns='jabber:client' type='groupchat' from='team@muc.example.org/bob'>\
             <x xmlns='http://jabber.org/protocol/muc#user'><item jid='alice@example.org'/></x>\
             <body>hi</body><x xmlns='http://jabber.org/protocol/muc#user'>\
             <item affiliation='member' role='participant' jid='bob@example.org'/></x></message>",
        );
        assert_eq!(archived_author(&forged), None);
        let anonymous = parse(
            "<message xmlns='jabber:client' type='groupchat' from='team@muc.example.org/bob'>\
             <body>hi</body></message>",
        );
        assert_eq!(archived_author(&anonymous), None);
    }

    #[test]
    fn invitations_direct_and_mediated() {
        let room: BareJid = "team@conference.example.org".parse().unwrap();
        let direct = invitation(&"bob@example.org".parse().unwrap(), &room, "i1");
        assert_eq!(
            xml::to_string(&direct),
            "<message xmlns='jabber:client' id='i1' to='bob@example.org'>\
             <x xmlns='jabber:x:conference' jid='team@conference.example.org'/></message>"
        );
        let got = parse(
            "<message xmlns='jabber:client' from='alice@example.org/laptop'>
               <x xmlns='jabber:x:conference' jid='team@conference.example.org' reason='our team'/>
             </message>",
        );
        assert_eq!(
            invitation_in(&got),
            Some(Invitation {
                room: room.clone(),
                from: "alice@example.org".parse().unwrap(),
                reason: Some("our team".into()),
                password: None,
            })
        );
        let mediated = parse(
            "<message xmlns='jabber:client' from='team@conference.example.org'>
               <x xmlns='http://jabber.org/protocol/muc#user'>
                 <invite from='alice@example.org/laptop'><reason>join us</reason></invite>
                 <password>pw</password>
               </x></message>",
        );
        assert_eq!(
            invitation_in(&mediated),
            Some(Invitation {
                room,
                from: "alice@example.org".parse().unwrap(),
                reason: Some("join us".into()),
                password: Some("pw".into()),
            })
        );
        let from_occupant = parse(
            "<message xmlns='jabber:client' from='team@conference.example.org/mallory'>
               <x xmlns='http://jabber.org/protocol/muc#user'><invite from='alice@example.org'/></x>
             </message>",
        );
        assert_eq!(invitation_in(&from_occupant), None);
        let plain = parse("<message xmlns='jabber:client' from='a@b'><body>hi</body></message>");
        assert_eq!(invitation_in(&plain), None);
    }

    #[test]
    fn others_come_with_role_affiliation_address_and_id() {
        let bob = parse(
            "<presence xmlns='jabber:client' from='team@conference.example.org/Bob'>
               <x xmlns='http://jabber.org/protocol/muc#user'>
                 <item affiliation='member' role='participant' jid='bob@example.org/phone'/>
               </x>
               <occupant-id xmlns='urn:xmpp:occupant-id:0' id='dd72603d'/>
             </presence>",
        );
        assert_eq!(
            occupant_change(&bob),
            Some(OccupantChange::Here(Occupant {
                nick: "Bob".into(),
                role: Role::Participant,
                affiliation: Affiliation::Member,
                jid: Some("bob@example.org".parse().unwrap()),
                occupant_id: Some("dd72603d".into()),
                hats: Vec::new(),
                show: crate::core::Show::Available,
                avatar: None,
            }))
        );
        // Semi-anonymous: no address.
        let anon = parse(
            "<presence xmlns='jabber:client' from='team@conference.example.org/Eve'>
               <x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='visitor'/></x>
             </presence>",
        );
        let Some(OccupantChange::Here(eve)) = occupant_change(&anon) else {
            panic!("an occupant")
        };
        assert_eq!((eve.jid, eve.role), (None, Role::Visitor));
        let renamed = parse(
            "<presence xmlns='jabber:client' from='team@conference.example.org/Bob' type='unavailable'>
               <x xmlns='http://jabber.org/protocol/muc#user'>
                 <item affiliation='member' role='participant' nick='Robert'/><status code='303'/>
               </x></presence>",
        );
        assert_eq!(
            occupant_change(&renamed),
            Some(OccupantChange::Gone {
                nick: "Bob".into(),
                new_nick: Some("Robert".into())
            })
        );
    }

    #[test]
    fn a_configuration_change_comes_from_the_room_itself() {
        let from_room = parse(
            "<message xmlns='jabber:client' from='team@muc.example.org' type='groupchat'>\
             <x xmlns='http://jabber.org/protocol/muc#user'><status code='104'/></x></message>",
        );
        assert_eq!(
            configuration_changed(&from_room)
                .map(|r| r.to_string())
                .as_deref(),
            Some("team@muc.example.org")
        );
        let from_occupant = parse(
            "<message xmlns='jabber:client' from='team@muc.example.org/mallory' type='groupchat'>\
             <x xmlns='http://jabber.org/protocol/muc#user'><status code='104'/></x></message>",
        );
        assert_eq!(configuration_changed(&from_occupant), None);
    }

    #[test]
    fn the_topic_comes_without_a_body() {
        let topic = parse(
            "<message xmlns='jabber:client' type='groupchat' from='team@conference.example.org/Bob'>
               <subject>Release on Friday</subject></message>",
        );
        assert_eq!(
            subject(&topic),
            Some((
                "team@conference.example.org".parse().unwrap(),
                Some("Bob".into()),
                "Release on Friday".into()
            ))
        );
        let room: BareJid = "team@conference.example.org".parse().unwrap();
        assert_eq!(
            xml::to_string(&set_subject(&room, "Friday")),
            "<message xmlns='jabber:client' to='team@conference.example.org' type='groupchat'>\
             <subject>Friday</subject></message>"
        );
        assert_eq!(
            xml::to_string(&admin_item(
                &[("nick", "Eve"), ("role", "none")],
                Some("spam")
            )),
            "<query xmlns='http://jabber.org/protocol/muc#admin'>\
             <item nick='Eve' role='none'><reason>spam</reason></item></query>"
        );
        assert_eq!(
            xml::to_string(&destroy(None)),
            "<query xmlns='http://jabber.org/protocol/muc#owner'><destroy/></query>"
        );
        let with_body = parse(
            "<message xmlns='jabber:client' type='groupchat' from='team@conference.example.org/Bob'>
               <subject>x</subject><body>hello</body></message>",
        );
        assert_eq!(subject(&with_body), None);
        let chat = parse(
            "<message xmlns='jabber:client' type='chat' from='bob@example.org'><subject>x</subject></message>",
        );
        assert_eq!(subject(&chat), None);
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

    /// A visitor asks for a voice; the room passes the request to its moderators as a form
    /// from itself. The same form from an occupant, or an answered one, is no request.
    #[test]
    fn voice_requests_go_out_as_forms_and_come_in_from_the_room_only() {
        let room: BareJid = "team@conference.example.org".parse().unwrap();
        assert_eq!(
            xml::to_string(&voice_request(&room)),
            "<message xmlns='jabber:client' to='team@conference.example.org'>\
             <x xmlns='jabber:x:data' type='submit'>\
             <field type='hidden' var='FORM_TYPE'>\
             <value>http://jabber.org/protocol/muc#request</value></field>\
             <field var='muc#role'><value>participant</value></field></x></message>"
        );
        let passed_on = |from: &str, kind: &str| {
            parse(&format!(
                "<message xmlns='jabber:client' from='{from}' type='normal'>\
                 <x xmlns='jabber:x:data' type='{kind}'><title>Voice Request</title>\
                 <field var='FORM_TYPE' type='hidden'>\
                 <value>http://jabber.org/protocol/muc#request</value></field>\
                 <field var='muc#jid' type='jid-single'><value>eve@example.org/phone</value></field>\
                 <field var='muc#roomnick' type='text-single'><value>Eve</value></field>\
                 <field var='muc#role' type='list-single'><value>participant</value></field>\
                 </x></message>"
            ))
        };
        assert_eq!(
            voice_request_of(&passed_on("team@conference.example.org", "form")),
            Some((room.clone(), "Eve".into()))
        );
        assert_eq!(
            voice_request_of(&passed_on("team@conference.example.org/Mallory", "form")),
            None
        );
        assert_eq!(
            voice_request_of(&passed_on("team@conference.example.org", "submit")),
            None
        );
        let other_form = parse(
            "<message xmlns='jabber:client' from='team@conference.example.org'>\
             <x xmlns='jabber:x:data' type='form'><field var='FORM_TYPE' type='hidden'>\
             <value>urn:example:poll</value></field>\
             <field var='muc#roomnick'><value>Eve</value></field></x></message>",
        );
        assert_eq!(voice_request_of(&other_form), None);
    }
}
