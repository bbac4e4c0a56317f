//! Proves that no key material a contact or server can send makes the OMEMO key readers
//! panic: the key-exchange and ratchet-message protobufs of both namespaces, as parsed alone
//! and as `receive_key` reads them for a fixed device of ours (with no session, and with a
//! session its peer built, so ordinary messages are parsed and checked too), payload
//! decryption with any key material, published bundles (`wire::parse_bundle`: decoding and
//! the signature check), and the stored state the database hands back. Errors are fine; a
//! panic, overflow or sanitizer report is a bug.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use rand::SeedableRng;
use rand::rngs::StdRng;
use tidings::omemo::device::SIGNED_PREKEY_ROTATION_SECS;
use tidings::omemo::{
    DeviceId, EncryptedPayload, IdentityKeyPair, KeyElement, KeyMaterial, Namespace, OwnDevice,
    Session, decrypt_payload, encrypt_message, legacy, receive_key, v2, wire,
};
use xmpp_parsers::minidom::Element;

/// Our device and, per namespace, the session a peer's key exchange built with it, all from
/// constant seeds. Six weekly rotations make its signed prekey 7 (3 to 6 still kept), and it
/// holds one-time prekeys 1 to 200: the ids python-omemo's key exchanges in the seeds name
/// (7 and 42) are there, so those reach the key agreement and the first ratchet message.
struct Fixture {
    bob: OwnDevice,
    sessions: Vec<(Namespace, Session)>,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let mut rng = StdRng::seed_from_u64(1);
    let device = |id, seed, rng: &mut StdRng| {
        let id = DeviceId::new(id).unwrap();
        OwnDevice::with_identity(rng, id, IdentityKeyPair::from_seed([seed; 32]), 0)
    };
    let alice = device(1, 0xa1, &mut rng);
    let mut bob = device(2, 0xb0, &mut rng);
    for week in 1..=6 {
        bob.rotate_signed_prekey(&mut rng, week * SIGNED_PREKEY_ROTATION_SECS);
    }
    let sessions = Namespace::ALL
        .into_iter()
        .map(|ns| {
            let mut theirs = Session::initiate(ns, &alice, &bob.bundle(ns), &mut rng).unwrap();
            let (_, material) = encrypt_message(ns, b"hi", &mut rng).unwrap();
            let key = theirs.encrypt_key(&material).unwrap();
            (
                ns,
                receive_key(ns, &bob, None, &key, &mut rng).unwrap().session,
            )
        })
        .collect();
    Fixture { bob, sessions }
});

fuzz_target!(|data: &[u8]| {
    let fixture = &*FIXTURE;
    let mut rng = StdRng::seed_from_u64(2);
    let _ = legacy::KeyExchange::parse(data);
    let _ = v2::KeyExchange::parse(data);
    for (ns, session) in &fixture.sessions {
        let _ = wire::identity_of(*ns, data);
        for (existing, prekey) in [(None, true), (Some(session), true), (Some(session), false)] {
            let key = KeyElement {
                data: data.to_vec(),
                prekey,
            };
            let _ = receive_key(*ns, &fixture.bob, existing.cloned(), &key, &mut rng);
        }
        // The first byte splits the rest into key material, IV (legacy) and payload.
        if let Some((&split, rest)) = data.split_first() {
            let (material, rest) = rest.split_at(usize::from(split & 0x3f).min(rest.len()));
            let iv_len = [0, 8, 12, 16][usize::from(split >> 6)].min(rest.len());
            let (iv, payload) = rest.split_at(iv_len);
            let payload = EncryptedPayload {
                iv: iv.to_vec(),
                payload: Some(payload.to_vec()),
            };
            let _ = decrypt_payload(*ns, &KeyMaterial::from_bytes(material), &payload);
        }
    }
    let _ = Session::from_bytes(data);
    let _ = OwnDevice::from_bytes(data);
    if let Some(root) = std::str::from_utf8(data)
        .ok()
        .and_then(|text| text.parse::<Element>().ok())
    {
        for ns in Namespace::ALL {
            let _ = wire::parse_bundle(ns, &root);
        }
    }
});
