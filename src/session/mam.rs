//! XEP-0313 Message Archive Management: catch-up queries and their results.
//!
//! A result is believed only when it comes from the archive we asked (our own account: no
//! `from`, or our bare JID) and carries the id of a query we have open (Dino CVE-2019-16237).

use xmpp_parsers::jid::BareJid;
use xmpp_parsers::minidom::Element;

use super::{ns, xml};

/// Messages per page we ask for; servers may cap lower (Prosody's default is 50).
pub const PAGE_SIZE: usize = 250;

/// The data form every query of ours carries: no filter but the FORM_TYPE.
fn query_form() -> Element {
    xml::attr(xml::build("x", ns::DATA_FORMS), "type", "submit")
        .append(
            xml::attr(
                xml::attr(xml::build("field", ns::DATA_FORMS), "var", "FORM_TYPE"),
                "type",
                "hidden",
            )
            .append(xml::text("value", ns::DATA_FORMS, ns::MAM))
            .build(),
        )
        .build()
}

/// The query element for the page after `after` (from the start when None).
pub fn query(query_id: &str, after: Option<&str>) -> Element {
    let form = query_form();
    let mut set =
        xml::build("set", ns::RSM).append(xml::text("max", ns::RSM, &PAGE_SIZE.to_string()));
    if let Some(after) = after {
        set = set.append(xml::text("after", ns::RSM, after));
    }
    xml::attr(xml::build("query", ns::MAM), "queryid", query_id)
        .append(form)
        .append(set.build())
        .build()
}

/// The query for the newest `max` messages of an archive (RSM `<before/>`): a first join
/// of a room reads its recent past, not all of it.
pub fn query_latest(query_id: &str, max: usize) -> Element {
    let form = query_form();
    let set = xml::build("set", ns::RSM)
        .append(xml::text("max", ns::RSM, &max.to_string()))
        .append(xml::build("before", ns::RSM).build())
        .build();
    xml::attr(xml::build("query", ns::MAM), "queryid", query_id)
        .append(form)
        .append(set)
        .build()
}

/// One archived message.
#[derive(Debug, PartialEq)]
pub struct ArchivedMessage<'a> {
    pub query_id: String,
    /// The archive's id for it: also its stanza-id.
    pub archive_id: String,
    /// The `<forwarded/>` element (holds `<delay/>` and the message).
    pub forwarded: &'a Element,
    pub message: &'a Element,
}

#[derive(Debug, PartialEq)]
pub enum ArchiveResult<'a> {
    None,
    Result(ArchivedMessage<'a>),
    /// A result not from our own archive, or for a query we never made.
    Forged,
}

pub fn result<'a>(
    wrapper: &'a Element,
    own: &BareJid,
    open_query: Option<&str>,
) -> ArchiveResult<'a> {
    from_archive(wrapper, own, true, open_query)
}

/// A result of our query `query` to `room`'s archive: it must come from the room itself.
pub fn room_result<'a>(wrapper: &'a Element, room: &BareJid, query: &str) -> ArchiveResult<'a> {
    from_archive(wrapper, room, false, Some(query))
}

/// The id of the archive query a result answers, if it is one.
pub fn query_of(wrapper: &Element) -> Option<&str> {
    wrapper.get_child("result", ns::MAM)?.attr("queryid")
}

fn from_archive<'a>(
    wrapper: &'a Element,
    archive: &BareJid,
    absent_from_ok: bool,
    open_query: Option<&str>,
) -> ArchiveResult<'a> {
    let Some(result) = wrapper.get_child("result", ns::MAM) else {
        return ArchiveResult::None;
    };
    let from_ok = match wrapper.attr("from") {
        None => absent_from_ok,
        Some(f) => !f.contains('/') && f.parse::<BareJid>().ok().as_ref() == Some(archive),
    };
    let query_id = result.attr("queryid");
    if !from_ok || query_id.is_none() || query_id != open_query {
        return ArchiveResult::Forged;
    }
    let forwarded = result.get_child("forwarded", ns::FORWARD);
    let message = forwarded.and_then(|f| f.get_child("message", ns::CLIENT));
    match (result.attr("id"), forwarded, message) {
        (Some(id), Some(forwarded), Some(message)) => ArchiveResult::Result(ArchivedMessage {
            query_id: query_id.unwrap_or_default().to_string(),
            archive_id: id.to_string(),
            forwarded,
            message,
        }),
        _ => ArchiveResult::Forged,
    }
}

/// The end of a page: whether the archive is exhausted, and the last id on the page.
#[derive(Debug, PartialEq)]
pub struct Fin {
    pub complete: bool,
    pub last: Option<String>,
}

pub fn fin(payload: &Element) -> Option<Fin> {
    if !payload.is("fin", ns::MAM) {
        return None;
    }
    let last = payload
        .get_child("set", ns::RSM)
        .and_then(|s| s.get_child("last", ns::RSM))
        .map(|l| l.text());
    Some(Fin {
        complete: payload.attr("complete") == Some("true"),
        last,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn own() -> BareJid {
        "alice@example.org".parse().unwrap()
    }

    const RESULT: &str = "<message xmlns='jabber:client' FROM to='alice@example.org/a'>
        <result xmlns='urn:xmpp:mam:2' queryid='q1' id='arch-1'><forwarded xmlns='urn:xmpp:forward:0'>
        <delay xmlns='urn:xmpp:delay' stamp='2024-01-01T00:00:00Z'/>
        <message xmlns='jabber:client' from='bob@example.org/x' to='alice@example.org' type='chat'><body>old</body></message>
        </forwarded></result></message>";

    #[test]
    fn accepts_own_archive_for_open_query() {
        for from in ["", "from='alice@example.org'"] {
            let el: Element = RESULT.replace("FROM", from).parse().unwrap();
            match result(&el, &own(), Some("q1")) {
                ArchiveResult::Result(r) => assert_eq!(r.archive_id, "arch-1"),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn a_room_archive_result_must_come_from_the_room() {
        let room: BareJid = "team@conference.example.org".parse().unwrap();
        let from_room: Element = RESULT
            .replace("FROM", "from='team@conference.example.org'")
            .parse()
            .unwrap();
        assert!(matches!(
            room_result(&from_room, &room, "q1"),
            ArchiveResult::Result(_)
        ));
        assert_eq!(query_of(&from_room), Some("q1"));
        // Without from it would be our own archive speaking; an occupant is not the room.
        for from in [
            "",
            "from='team@conference.example.org/mallory'",
            "from='alice@example.org'",
        ] {
            let el: Element = RESULT.replace("FROM", from).parse().unwrap();
            assert_eq!(
                room_result(&el, &room, "q1"),
                ArchiveResult::Forged,
                "{from}"
            );
        }
    }

    #[test]
    fn the_first_room_page_is_the_newest() {
        let q = xml::to_string(&query_latest("q9", 50));
        assert!(q.contains("<max>50</max><before/>"), "{q}");
    }

    #[test]
    fn mam_result_forgery_cve_2019_16237() {
        let forged: Element = RESULT
            .replace("FROM", "from='bob@example.org'")
            .parse()
            .unwrap();
        assert_eq!(result(&forged, &own(), Some("q1")), ArchiveResult::Forged);
        let other_query: Element = RESULT.replace("FROM", "").parse().unwrap();
        assert_eq!(
            result(&other_query, &own(), Some("q2")),
            ArchiveResult::Forged
        );
        assert_eq!(result(&other_query, &own(), None), ArchiveResult::Forged);
    }

    #[test]
    fn parses_fin() {
        let el: Element = "<fin xmlns='urn:xmpp:mam:2' complete='true'><set xmlns='http://jabber.org/protocol/rsm'><first>a</first><last>b</last></set></fin>".parse().unwrap();
        assert_eq!(
            fin(&el),
            Some(Fin {
                complete: true,
                last: Some("b".into())
            })
        );
    }

    #[test]
    fn query_has_form_and_paging() {
        let q: Element = xml::to_string(&query("q9", Some("last-id")))
            .parse()
            .unwrap();
        assert!(q.is("query", ns::MAM));
        assert_eq!(q.attr("queryid"), Some("q9"));
        let set = q.get_child("set", ns::RSM).unwrap();
        assert_eq!(set.get_child("after", ns::RSM).unwrap().text(), "last-id");
        assert_eq!(set.get_child("max", ns::RSM).unwrap().text(), "250");
        let form = q.get_child("x", ns::DATA_FORMS).unwrap();
        assert_eq!(form.attr("type"), Some("submit"));
        assert!(
            query("q1", None)
                .get_child("set", ns::RSM)
                .unwrap()
                .get_child("after", ns::RSM)
                .is_none()
        );
    }
}
