//! TLS client settings per account: system roots plus an optional CA file, or one pinned
//! certificate. The verifier remembers the certificate it saw, so a refusal can show the
//! user its SHA-256 fingerprint to pin.

use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};
use tokio_rustls::rustls::client::WebPkiServerVerifier;
use tokio_rustls::rustls::client::danger::{
    HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier,
};
use tokio_rustls::rustls::crypto::ring;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName, UnixTime, pem::PemObject};
use tokio_rustls::rustls::{
    ClientConfig, DigitallySignedStruct, Error as TlsError, RootCertStore, SignatureScheme,
};

use crate::core::ConnectionSettings;

/// SHA-256 of a DER certificate, lower-case hex: the form users pin.
pub fn fingerprint(cert: &[u8]) -> String {
    hex::encode(Sha256::digest(cert))
}

#[derive(Debug)]
pub struct Verifier {
    webpki: Arc<WebPkiServerVerifier>,
    pinned: Option<String>,
    /// The leaf certificate of the last handshake.
    pub seen: Mutex<Option<String>>,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, TlsError> {
        let print = fingerprint(end_entity);
        if let Ok(mut seen) = self.seen.lock() {
            *seen = Some(print.clone());
        }
        match &self.pinned {
            // A pin replaces every other check, and refuses every other certificate.
            Some(pin) if pin.eq_ignore_ascii_case(&print) => Ok(ServerCertVerified::assertion()),
            Some(_) => Err(TlsError::General(
                "certificate does not match the pinned one".into(),
            )),
            None => self.webpki.verify_server_cert(
                end_entity,
                intermediates,
                server_name,
                ocsp_response,
                now,
            ),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, TlsError> {
        self.webpki.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, TlsError> {
        self.webpki.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.webpki.supported_verify_schemes()
    }
}

/// Builds the client configuration for one account. Errors are sentences for the user.
pub fn client_config(
    settings: &ConnectionSettings,
) -> Result<(Arc<ClientConfig>, Arc<Verifier>), String> {
    let mut roots = RootCertStore::empty();
    roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
    if let Some(path) = &settings.ca_file {
        let certs = CertificateDer::pem_file_iter(path)
            .map_err(|e| format!("cannot read CA file {path}: {e}"))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("cannot read CA file {path}: {e}"))?;
        if certs.is_empty() {
            return Err(format!("CA file {path} holds no certificate"));
        }
        for cert in certs {
            roots
                .add(cert)
                .map_err(|e| format!("bad certificate in {path}: {e}"))?;
        }
    }
    let provider = Arc::new(ring::default_provider());
    let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| format!("no usable certificate authorities: {e}"))?;
    let verifier = Arc::new(Verifier {
        webpki,
        pinned: settings.pinned_cert.clone(),
        seen: Mutex::new(None),
    });
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS setup: {e}"))?
        .dangerous()
        .with_custom_certificate_verifier(verifier.clone())
        .with_no_client_auth();
    Ok((Arc::new(config), verifier))
}
