//! X3DH key agreement (Signal spec; python-x3dh 1.x for the OMEMO parameters).
//!
//! SK = HKDF-SHA-256(salt = 32 zero bytes, ikm = 0xFF * 32 || DH1 || DH2 || DH3 [|| DH4],
//! info = "WhisperText" (legacy) or "OMEMO X3DH" (OMEMO 2)), 32 bytes. The first 32 bytes are
//! libsignal's root key too (it derives 64 and splits, HKDF's first block is the same).
//! Associated data = initiator identity || responder identity in the namespace's encoding
//! (legacy 0x05 || Curve25519, OMEMO 2 raw Ed25519).

use hkdf::Hkdf;
use sha2::Sha256;
use zeroize::Zeroizing;

use super::keys::{IdentityKeyPair, encode_public, identity_dh_public};
use super::{Error, Namespace};

pub(crate) fn info(ns: Namespace) -> &'static [u8] {
    match ns {
        Namespace::Legacy => b"WhisperText",
        Namespace::V2 => b"OMEMO X3DH",
    }
}

/// X25519, refusing low-order peer keys (all-zero output), as libsodium does.
pub(crate) fn dh(secret: &[u8; 32], public: &[u8; 32]) -> Result<Zeroizing<[u8; 32]>, Error> {
    let out = Zeroizing::new(x25519_dalek::x25519(*secret, *public));
    if out.iter().all(|b| *b == 0) {
        return Err(Error::InvalidKey);
    }
    Ok(out)
}

fn kdf(ns: Namespace, dhs: &[&[u8; 32]]) -> Zeroizing<[u8; 32]> {
    let mut ikm = Zeroizing::new(Vec::with_capacity(32 * 5));
    ikm.extend_from_slice(&[0xff; 32]);
    for d in dhs {
        ikm.extend_from_slice(&d[..]);
    }
    let mut sk = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(Some(&[0u8; 32]), &ikm)
        .expand(info(ns), &mut sk[..])
        .expect("32 bytes is a valid HKDF length");
    sk
}

/// Shared secret and associated data (initiator || responder).
pub(crate) struct Agreement {
    pub sk: Zeroizing<[u8; 32]>,
    pub ad: Vec<u8>,
}

fn associated_data(ns: Namespace, initiator: &[u8; 32], responder: &[u8; 32]) -> Vec<u8> {
    let mut ad = encode_public(ns, initiator);
    ad.extend_from_slice(&encode_public(ns, responder));
    ad
}

/// The initiator's half. `their_identity` is in `ns`'s form; the bundle must be verified.
pub(crate) fn initiate(
    ns: Namespace,
    own: &IdentityKeyPair,
    their_identity: &[u8; 32],
    their_spk: &[u8; 32],
    their_opk: Option<&[u8; 32]>,
    ephemeral_secret: &[u8; 32],
) -> Result<Agreement, Error> {
    let their_ik = identity_dh_public(ns, their_identity)?;
    let dh1 = dh(own.dh_secret(), their_spk)?;
    let dh2 = dh(ephemeral_secret, &their_ik)?;
    let dh3 = dh(ephemeral_secret, their_spk)?;
    let sk = match their_opk {
        Some(opk) => kdf(ns, &[&dh1, &dh2, &dh3, &*dh(ephemeral_secret, opk)?]),
        None => kdf(ns, &[&dh1, &dh2, &dh3]),
    };
    Ok(Agreement {
        sk,
        ad: associated_data(ns, &own.public(ns), their_identity),
    })
}

/// The responder's half, from the key exchange's identity and ephemeral keys.
pub(crate) fn respond(
    ns: Namespace,
    own: &IdentityKeyPair,
    their_identity: &[u8; 32],
    their_ephemeral: &[u8; 32],
    spk_secret: &[u8; 32],
    opk_secret: Option<&[u8; 32]>,
) -> Result<Agreement, Error> {
    let their_ik = identity_dh_public(ns, their_identity)?;
    let dh1 = dh(spk_secret, &their_ik)?;
    let dh2 = dh(own.dh_secret(), their_ephemeral)?;
    let dh3 = dh(spk_secret, their_ephemeral)?;
    let sk = match opk_secret {
        Some(opk) => kdf(ns, &[&dh1, &dh2, &dh3, &*dh(opk, their_ephemeral)?]),
        None => kdf(ns, &[&dh1, &dh2, &dh3]),
    };
    Ok(Agreement {
        sk,
        ad: associated_data(ns, their_identity, &own.public(ns)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::omemo::keys::x25519_public;
    use crate::omemo::testutil::{fixed, h, h32};
    use curve25519_dalek::scalar::clamp_integer;

    // Vectors from /tmp/omemo-kat/kat.py, python-omemo 2.1.0 (oldmemo/twomemo 2.1.0, x3dh 1.3.0).
    const LEGACY_SK: &str = "f747aa0311fac85fed71bebeadf46800fd3d663d3e27c5a2e540c704ec781e70";
    const LEGACY_SK_NOPK: &str = "cf7131a736db524b1db262426dec87f96fb4030b069cd83d2db0aaab1edb2772";
    const LEGACY_AD: &str = "05ef03f1c28b53c38685ff8cc4634ae91e03ca3fdf6f0240f3e9da5580b9a1712105fb16ee9842803aa3b9e1a2e38ffa83cd2c56551a81a281ba7a56155cc9d37b08";
    const V2_SK: &str = "f1b427c75193a4bf11f9e0af48b46a4b51386927283a98655b8b94dc94422711";
    const V2_SK_NOPK: &str = "e2a7ad17b90fae82cc06ef9b706e354ab1f7e85533f96b89de049c0b2617235d";
    const V2_AD: &str = "41c82a2f4925c587c67391c3065c443ca1a820ad542aae99a3b571ca531e60f321aac73bef8d73d42f64a7a5248137ed87e1fe00f6498df38ec6b45c4e097d8c";

    fn parties() -> (
        IdentityKeyPair,
        IdentityKeyPair,
        [u8; 32],
        [u8; 32],
        [u8; 32],
    ) {
        (
            IdentityKeyPair::from_seed(fixed("alice identity seed")),
            IdentityKeyPair::from_seed(fixed("bob identity seed")),
            clamp_integer(fixed("bob signed prekey")),
            clamp_integer(fixed("bob one-time prekey")),
            clamp_integer(fixed("alice ephemeral")),
        )
    }

    #[test]
    fn known_answers_both_namespaces() {
        let (alice, bob, spk, opk, ek) = parties();
        for (ns, sk_hex, nopk_hex, ad_hex) in [
            (Namespace::Legacy, LEGACY_SK, LEGACY_SK_NOPK, LEGACY_AD),
            (Namespace::V2, V2_SK, V2_SK_NOPK, V2_AD),
        ] {
            let (spk_pub, opk_pub, ek_pub) =
                (x25519_public(&spk), x25519_public(&opk), x25519_public(&ek));
            let a = initiate(ns, &alice, &bob.public(ns), &spk_pub, Some(&opk_pub), &ek).unwrap();
            assert_eq!(*a.sk, h32(sk_hex), "{ns:?}");
            assert_eq!(a.ad, h(ad_hex));
            let b = respond(ns, &bob, &alice.public(ns), &ek_pub, &spk, Some(&opk)).unwrap();
            assert_eq!(*b.sk, *a.sk);
            assert_eq!(b.ad, a.ad);
            let a = initiate(ns, &alice, &bob.public(ns), &spk_pub, None, &ek).unwrap();
            assert_eq!(*a.sk, h32(nopk_hex));
            let b = respond(ns, &bob, &alice.public(ns), &ek_pub, &spk, None).unwrap();
            assert_eq!(*b.sk, *a.sk);
        }
    }

    #[test]
    fn low_order_keys_are_refused() {
        let (alice, bob, _, _, ek) = parties();
        let zero = [0u8; 32];
        assert_eq!(
            initiate(
                Namespace::Legacy,
                &alice,
                &bob.public(Namespace::Legacy),
                &zero,
                None,
                &ek
            )
            .err(),
            Some(Error::InvalidKey)
        );
        // the Ed25519 identity point of order 1 (y = 1)
        let mut ident = [0u8; 32];
        ident[0] = 1;
        assert!(
            initiate(
                Namespace::V2,
                &alice,
                &ident,
                &x25519_public(&ek),
                None,
                &ek
            )
            .is_err()
        );
    }
}
