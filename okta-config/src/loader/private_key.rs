//! Resolves `privateKey`: key text is used as is, a path is read here (the
//! only file the loader reads besides `okta.yaml`).

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{ConfigIssue, ConfigSource};
use crate::key_text::{self, KeyText};
use crate::settings::keys;
use crate::Secret;

/// Key files larger than this are not read (a key is a few kilobytes).
const MAX_KEY_FILE_BYTES: u64 = 1024 * 1024;

/// The private key text, with the file it was read from.
pub(crate) struct ResolvedKey {
    pub text: Secret,
    pub file: Option<PathBuf>,
}

/// Turns a `privateKey` value into key text, reading the file it names.
/// Messages never show the value unless it is plainly a path.
pub(crate) fn resolve(
    text: &str,
    source: &ConfigSource,
    home: Option<&Path>,
    cwd: Option<&Path>,
) -> Result<ResolvedKey, ConfigIssue> {
    let issue =
        |message: String| ConfigIssue::new(Some(source.clone()), keys::PRIVATE_KEY, message);
    match KeyText::sniff(text) {
        KeyText::Pem | KeyText::Jwk => Ok(ResolvedKey {
            text: Secret::new(text),
            file: None,
        }),
        KeyText::TruncatedPem => Err(issue(
            "the value starts like a PEM key but has no `-----END ...-----` line. Paste the \
             whole PEM block."
                .to_owned(),
        )),
        KeyText::InvalidJwk(why) => Err(issue(format!(
            "the value starts like a JWK but is not a valid JWK ({why}). Paste the whole \
             JSON key."
        ))),
        KeyText::Path => read_key_file(text, home, cwd).map_err(issue),
        KeyText::NotAPath => Err(issue(format!(
            "{} is neither PEM text (`-----BEGIN ...`), JWK JSON (`{{...}}`) nor the path of a \
             file. Use one of these.",
            key_text::masked_hint(text)
        ))),
    }
}

/// Reads the key file `text` names; the error message says what went wrong.
fn read_key_file(
    text: &str,
    home: Option<&Path>,
    cwd: Option<&Path>,
) -> Result<ResolvedKey, String> {
    let path = key_path(text, home, cwd);
    match read_limited(&path) {
        Ok(contents) if KeyText::sniff(&contents).is_key() => Ok(ResolvedKey {
            text: Secret::new(contents),
            file: Some(path),
        }),
        Ok(_) => Err(format!(
            "the file {} holds neither a PEM key nor a JWK. Point privateKey at the key file, \
             or paste the key itself.",
            path.display()
        )),
        Err(e) if key_text::path_is_showable(text) => Err(format!(
            "could not read the private key file {} ({e}). privateKey must be PEM text, JWK \
             JSON, or the path of a readable file holding either.",
            path.display()
        )),
        Err(e) => {
            let mut message = format!(
                "{} is not PEM text or JWK JSON, and no file of that name could be read ({e}). \
                 privateKey must be PEM text, JWK JSON, or the path of a readable file holding \
                 either.",
                key_text::masked_hint(text)
            );
            if key_text::is_bare_base64(text) {
                message.push_str(
                    " It looks like a base64 key without its PEM lines: add the \
                     `-----BEGIN PRIVATE KEY-----` and `-----END PRIVATE KEY-----` lines around it.",
                );
            }
            Err(message)
        }
    }
}

/// Reads at most [`MAX_KEY_FILE_BYTES`] of UTF-8 text.
fn read_limited(path: &Path) -> std::io::Result<String> {
    let file = std::fs::File::open(path)?;
    let mut contents = String::new();
    file.take(MAX_KEY_FILE_BYTES + 1)
        .read_to_string(&mut contents)?;
    if contents.len() as u64 > MAX_KEY_FILE_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "the file is larger than 1 MiB, too large for a key",
        ));
    }
    Ok(contents)
}

/// The absolute path a private key value names: `~/` against the home
/// directory, a relative path against the working directory.
fn key_path(text: &str, home: Option<&Path>, cwd: Option<&Path>) -> PathBuf {
    let text = text.trim();
    let path = match (text.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(text),
    };
    match cwd {
        Some(cwd) if path.is_relative() => cwd.join(path),
        _ => path,
    }
}
