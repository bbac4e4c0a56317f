//! Explicit Message Encryption (XEP-0380 v0.4, `urn:xmpp:eme:0`): the plain-text marker that
//! tells clients without OMEMO what they are looking at.
//!
//! The element type is xmpp-parsers' `ExplicitMessageEncryption`; this file adds the two
//! markers we send and recognition of the ones we receive. We send a `name` although XEP-0380
//! says it SHOULD NOT be set for the mechanisms it lists: Conversations sends exactly
//! `name='OMEMO'`, and a client that knows neither namespace still shows something readable.

use xmpp_parsers::eme::ExplicitMessageEncryption;
use xmpp_parsers::minidom::Element;

use super::{Namespace, legacy_xml, stanza2};

/// The EME namespace.
pub const NS: &str = "urn:xmpp:eme:0";

/// The name XEP-0380's table gives each version.
fn name(version: Namespace) -> &'static str {
    match version {
        Namespace::Legacy => "OMEMO",
        Namespace::V2 => "OMEMO 2",
    }
}

/// `<encryption xmlns='urn:xmpp:eme:0' namespace='…' name='…'/>` for a message we encrypted.
pub fn marker(version: Namespace) -> ExplicitMessageEncryption {
    ExplicitMessageEncryption {
        namespace: version.ns().to_owned(),
        name: Some(name(version).to_owned()),
    }
}

/// [`marker`] as an element, ready to be a message payload.
pub fn marker_element(version: Namespace) -> Element {
    // Two String attributes: serialisation cannot fail.
    Element::from(marker(version))
}

/// Which OMEMO version an `<encryption>` element names; `None` if it is not an EME element or
/// names another mechanism (OTR, OX, OMEMO 1...). Never panics.
pub fn omemo_version(elem: &Element) -> Option<Namespace> {
    if !elem.is("encryption", NS) {
        return None;
    }
    let eme: ExplicitMessageEncryption = xso::transform(elem).ok()?;
    match eme.namespace.as_str() {
        legacy_xml::NS => Some(Namespace::Legacy),
        stanza2::NS => Some(Namespace::V2),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_as_sent() {
        assert_eq!(
            String::from(&marker_element(Namespace::Legacy)),
            "<encryption xmlns='urn:xmpp:eme:0' name='OMEMO' namespace='eu.siacs.conversations.axolotl'/>"
        );
        assert_eq!(
            String::from(&marker_element(Namespace::V2)),
            "<encryption xmlns='urn:xmpp:eme:0' name='OMEMO 2' namespace='urn:xmpp:omemo:2'/>"
        );
        for v in [Namespace::Legacy, Namespace::V2] {
            assert_eq!(omemo_version(&marker_element(v)), Some(v));
            let bytes = xso::to_vec(&marker(v)).unwrap();
            assert_eq!(
                xso::from_bytes::<ExplicitMessageEncryption>(&bytes).unwrap(),
                marker(v)
            );
        }
    }

    // What Conversations sends, and the XEP's nameless form.
    #[test]
    fn received_markers() {
        let conversations: Element = r#"<encryption xmlns="urn:xmpp:eme:0" name="OMEMO" namespace="eu.siacs.conversations.axolotl"/>"#
            .parse()
            .unwrap();
        assert_eq!(omemo_version(&conversations), Some(Namespace::Legacy));
        let eme: ExplicitMessageEncryption = xso::transform(&conversations).unwrap();
        assert_eq!(eme.name.as_deref(), Some("OMEMO"));
        let nameless: Element = "<encryption xmlns='urn:xmpp:eme:0' namespace='urn:xmpp:omemo:2'/>"
            .parse()
            .unwrap();
        assert_eq!(omemo_version(&nameless), Some(Namespace::V2));
    }

    #[test]
    fn other_or_broken_markers() {
        for xml in [
            "<encryption xmlns='urn:xmpp:eme:0' namespace='urn:xmpp:otr:0'/>",
            "<encryption xmlns='urn:xmpp:eme:0' namespace='urn:xmpp:omemo:1'/>",
            "<encryption xmlns='urn:xmpp:eme:0' namespace='urn:xmpp:openpgp:0'/>",
            "<encryption xmlns='urn:xmpp:eme:0'/>",
            "<encryption xmlns='urn:xmpp:eme:1' namespace='urn:xmpp:omemo:2'/>",
            "<encrypted xmlns='urn:xmpp:eme:0' namespace='urn:xmpp:omemo:2'/>",
        ] {
            let elem: Element = xml.parse().unwrap();
            assert_eq!(omemo_version(&elem), None, "{xml}");
        }
    }
}
