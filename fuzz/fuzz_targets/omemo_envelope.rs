//! Proves that no bytes a contact or server can send make the OMEMO XML readers panic: the
//! `<encrypted>` elements of both namespaces (as `wire::open` reads them from a message, and
//! each element type as xso parses it), device lists, bundles, EME markers, PEP node names,
//! and the decrypted OMEMO 2 payload, an SCE envelope (`sce::Envelope::from_bytes`,
//! `wire::v2_body`). Errors are fine; a panic, overflow or sanitizer report is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tidings::core::BareJid;
use tidings::omemo::{DeviceId, Namespace, eme, legacy_xml, sce, stanza2, wire};
use xmpp_parsers::minidom::Element;

fuzz_target!(|data: &[u8]| {
    let juliet: BareJid = "juliet@capulet.lit".parse().unwrap();
    let romeo: BareJid = "romeo@montague.lit".parse().unwrap();

    // The plaintext of an OMEMO 2 payload: whatever the sender encrypted.
    if let Ok(envelope) = sce::Envelope::from_bytes(data) {
        let _ = envelope.check_affixes(&romeo, &juliet, true);
        let _ = envelope.safe_content().count();
        let _ = envelope.body();
        let _ = envelope.to_bytes();
    }
    let _ = wire::v2_body(data, &romeo, &juliet);

    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = legacy_xml::bundle_node_device(text);
    let _ = wire::device_list_namespace(text);
    let Ok(root) = text.parse::<Element>() else {
        return;
    };
    // A message: its <encrypted> children, for a device of each seed's header.
    for device in [1236, 31415].map(|id| DeviceId::new(id).unwrap()) {
        let _ = wire::open(&root, &juliet, device);
    }
    // The root and its children as every OMEMO element type (PEP items, message payloads).
    for element in std::iter::once(&root).chain(root.children()) {
        let _ = eme::omemo_version(element);
        let _ = sce::is_server_processed(element);
        let _ = xso::transform::<legacy_xml::Encrypted, _>(element);
        let _ = xso::transform::<legacy_xml::Bundle, _>(element);
        let _ = xso::transform::<legacy_xml::DeviceList, _>(element);
        let _ = xso::transform::<stanza2::Encrypted, _>(element);
        let _ = xso::transform::<stanza2::Bundle, _>(element);
        let _ = xso::transform::<stanza2::DeviceList, _>(element);
        for ns in Namespace::ALL {
            let _ = wire::device_list(ns, element);
        }
    }
});
