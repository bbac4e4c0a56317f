//! XEP-0308 Last Message Correction.

use xmpp_parsers::minidom::Element;

use super::{ns, xml};

/// The id of the message this one replaces.
pub fn replaces(message: &Element) -> Option<String> {
    message
        .get_child("replace", ns::CORRECTION)?
        .attr("id")
        .map(str::to_string)
}

pub fn replace(id: &str) -> Element {
    xml::empty("replace", ns::CORRECTION, &[("id", id)])
}

#[cfg(test)]
mod tests {
    #[test]
    fn parses_replace() {
        let m = "<message xmlns='jabber:client'><body>fixed</body><replace xmlns='urn:xmpp:message-correct:0' id='m1'/></message>".parse().unwrap();
        assert_eq!(super::replaces(&m).as_deref(), Some("m1"));
    }
}
