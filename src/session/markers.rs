//! XEP-0333 Displayed Markers.

use xmpp_parsers::minidom::Element;

use super::{ns, xml};

/// The id of the newest message the sender has displayed.
pub fn displayed(message: &Element) -> Option<String> {
    message
        .get_child("displayed", ns::MARKERS)?
        .attr("id")
        .map(str::to_string)
}

pub fn markable() -> Element {
    xml::empty("markable", ns::MARKERS, &[])
}

pub fn displayed_marker(id: &str) -> Element {
    xml::empty("displayed", ns::MARKERS, &[("id", id)])
}

#[cfg(test)]
mod tests {
    #[test]
    fn parses_displayed() {
        let m = "<message xmlns='jabber:client'><displayed xmlns='urn:xmpp:chat-markers:0' id='m1'/></message>".parse().unwrap();
        assert_eq!(super::displayed(&m).as_deref(), Some("m1"));
    }
}
