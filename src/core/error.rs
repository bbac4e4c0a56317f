//! The crate's error. Clone, so it can cross the GUI/service boundary; the interface picks the
//! sentence by kind.

use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The database key or passphrase does not open the database.
    WrongKey,
    /// No keyring is available and no passphrase was given.
    NoKeySource,
    Database,
    Io,
    InvalidInput,
    /// An HTTP transfer failed (unreachable, refused, broken off).
    Network,
    NotFound,
    /// The service stopped before it could answer.
    ServiceGone,
}

#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    #[source]
    source: Option<Arc<dyn std::error::Error + Send + Sync>>,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
            source: None,
        }
    }

    pub fn with_source(
        kind: ErrorKind,
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Error {
        Error {
            kind,
            message: message.into(),
            source: Some(Arc::new(source)),
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        let message = format!("i/o error: {e}");
        Error::with_source(ErrorKind::Io, message, e)
    }
}
