//! XEP-0424 Message Retraction (urn:xmpp:message-retract:1).

use xmpp_parsers::minidom::Element;

use super::{ns, xml};

pub fn retracts(message: &Element) -> Option<String> {
    message
        .get_child("retract", ns::RETRACT)?
        .attr("id")
        .map(str::to_string)
}

pub fn retract(id: &str) -> Element {
    xml::empty("retract", ns::RETRACT, &[("id", id)])
}

#[cfg(test)]
mod tests {
    #[test]
    fn parses_retract() {
        let m = "<message xmlns='jabber:client'><retract xmlns='urn:xmpp:message-retract:1' id='m1'/><body>fallback</body></message>".parse().unwrap();
        assert_eq!(super::retracts(&m).as_deref(), Some("m1"));
    }
}
