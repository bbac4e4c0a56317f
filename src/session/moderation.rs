//! XEP-0425 Message Moderation: a room's moderators remove someone else's message for
//! everyone. Rooms speak one of two versions: 0.2 (urn:xmpp:message-moderate:0, wrapped in a
//! XEP-0422 fastening, as Prosody's mod_muc_moderation of Debian 12 does) and 0.3
//! (urn:xmpp:message-moderate:1, a XEP-0424 retraction naming the moderator). We ask in the
//! version the room advertises and read both. Only the room itself announces a removal.

use xmpp_parsers::minidom::Element;

use super::xml;

pub const V0: &str = "urn:xmpp:message-moderate:0";
pub const V1: &str = "urn:xmpp:message-moderate:1";
const FASTEN: &str = "urn:xmpp:fasten:0";
const RETRACT_V0: &str = "urn:xmpp:message-retract:0";
const RETRACT_V1: &str = "urn:xmpp:message-retract:1";

/// Which version a room speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V0,
    V1,
}

/// The version a room's disco#info features offer, the newer first; None: it does not let
/// moderators remove messages.
pub fn version(features: &[String]) -> Option<Version> {
    if features.iter().any(|f| f == V1) {
        Some(Version::V1)
    } else if features.iter().any(|f| f == V0) {
        Some(Version::V0)
    } else {
        None
    }
}

/// The payload of the IQ set to the room that removes the message it gave `stanza_id`.
pub fn request(version: Version, stanza_id: &str, reason: Option<&str>) -> Element {
    let reason = reason.filter(|r| !r.trim().is_empty());
    match version {
        Version::V0 => {
            let mut moderate =
                xml::build("moderate", V0).append(xml::empty("retract", RETRACT_V0, &[]));
            if let Some(r) = reason {
                moderate = moderate.append(xml::text("reason", V0, r));
            }
            xml::attr(xml::build("apply-to", FASTEN), "id", stanza_id)
                .append(moderate.build())
                .build()
        }
        Version::V1 => {
            let mut moderate = xml::attr(xml::build("moderate", V1), "id", stanza_id)
                .append(xml::empty("retract", RETRACT_V1, &[]));
            if let Some(r) = reason {
                moderate = moderate.append(xml::text("reason", V1, r));
            }
            moderate.build()
        }
    }
}

/// A removal the room announces: the room's stanza-id of the message that goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    pub stanza_id: String,
    pub reason: Option<String>,
}

/// The removal a message from the room itself announces, in either version. The caller
/// checks that it comes from the room (an occupant's message is never one).
pub fn announced(message: &Element) -> Option<Removal> {
    // 0.3: <retract id='…' xmlns='urn:xmpp:message-retract:1'><moderated …/><reason/></retract>
    if let Some(retract) = message.get_child("retract", RETRACT_V1)
        && retract.get_child("moderated", V1).is_some()
    {
        return Some(Removal {
            stanza_id: retract.attr("id")?.to_string(),
            reason: retract.get_child("reason", RETRACT_V1).map(Element::text),
        });
    }
    // 0.2: <apply-to id='…' xmlns='urn:xmpp:fasten:0'><moderated …><retract/><reason/></…>
    let apply_to = message.get_child("apply-to", FASTEN)?;
    let moderated = apply_to.get_child("moderated", V0)?;
    moderated.get_child("retract", RETRACT_V0)?;
    Some(Removal {
        stanza_id: apply_to.attr("id")?.to_string(),
        reason: moderated.get_child("reason", V0).map(Element::text),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asks_in_the_version_the_room_speaks() {
        let features = |f: &[&str]| f.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(version(&features(&[V0, V1])), Some(Version::V1));
        assert_eq!(version(&features(&[V0])), Some(Version::V0));
        assert_eq!(version(&features(&["urn:xmpp:mam:2"])), None);
        assert_eq!(
            xml::to_string(&request(Version::V0, "st-1", Some("spam"))),
            "<apply-to xmlns='urn:xmpp:fasten:0' id='st-1'>\
             <moderate xmlns='urn:xmpp:message-moderate:0'>\
             <retract xmlns='urn:xmpp:message-retract:0'/><reason>spam</reason></moderate>\
             </apply-to>"
        );
        assert_eq!(
            xml::to_string(&request(Version::V1, "st-1", None)),
            "<moderate xmlns='urn:xmpp:message-moderate:1' id='st-1'>\
             <retract xmlns='urn:xmpp:message-retract:1'/></moderate>"
        );
    }

    #[test]
    fn reads_removals_in_both_versions() {
        // XEP-0425 0.2, as Prosody's mod_muc_moderation announces it.
        let v0: Element = "<message xmlns='jabber:client' from='room@muc.example.org' \
             type='groupchat' id='a1'><apply-to xmlns='urn:xmpp:fasten:0' id='st-1'>\
             <moderated xmlns='urn:xmpp:message-moderate:0' by='room@muc.example.org/mod'>\
             <retract xmlns='urn:xmpp:message-retract:0'/><reason>spam</reason></moderated>\
             </apply-to></message>"
            .parse()
            .unwrap();
        assert_eq!(
            announced(&v0),
            Some(Removal {
                stanza_id: "st-1".into(),
                reason: Some("spam".into())
            })
        );
        // XEP-0425 0.3.
        let v1: Element = "<message xmlns='jabber:client' from='room@muc.example.org' \
             type='groupchat' id='a2'><retract id='st-2' xmlns='urn:xmpp:message-retract:1'>\
             <moderated by='room@muc.example.org/mod' xmlns='urn:xmpp:message-moderate:1'>\
             <occupant-id xmlns='urn:xmpp:occupant-id:0' id='x'/></moderated>\
             <reason>off topic</reason></retract></message>"
            .parse()
            .unwrap();
        assert_eq!(
            announced(&v1).map(|r| (r.stanza_id, r.reason)),
            Some(("st-2".into(), Some("off topic".into())))
        );
        // A plain retraction, or a fastening that retracts nothing, is no removal.
        let plain: Element = "<message xmlns='jabber:client'>\
             <retract id='st-3' xmlns='urn:xmpp:message-retract:1'/></message>"
            .parse()
            .unwrap();
        assert_eq!(announced(&plain), None);
        let other: Element = "<message xmlns='jabber:client'>\
             <apply-to xmlns='urn:xmpp:fasten:0' id='st-4'>\
             <moderated xmlns='urn:xmpp:message-moderate:0'/></apply-to></message>"
            .parse()
            .unwrap();
        assert_eq!(announced(&other), None);
    }
}
