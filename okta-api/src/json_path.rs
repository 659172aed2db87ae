//! Best-effort JSON path of a byte position, for decode errors raised by a
//! generated client (which reports only a line and a column).

enum Frame {
    Object {
        key: Option<String>,
        expecting_key: bool,
    },
    Array {
        index: usize,
    },
}

/// The path (e.g. `[2].profile.login`) of the value at `line`/`column`
/// (1-based, as `serde_json` reports them), or `None` at the top level.
pub(crate) fn path_at(body: &[u8], line: usize, column: usize) -> Option<String> {
    let end = offset_of(body, line, column);
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end && i < body.len() {
        match body[i] {
            b'{' => stack.push(Frame::Object {
                key: None,
                expecting_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, expecting_key }) => {
                    *key = None;
                    *expecting_key = true;
                }
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { expecting_key, .. }) = stack.last_mut() {
                    *expecting_key = false;
                }
            }
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < body.len() && body[j] != b'"' {
                    if body[j] == b'\\' {
                        j += 1;
                    }
                    j += 1;
                }
                if let Some(Frame::Object {
                    key,
                    expecting_key: true,
                }) = stack.last_mut()
                {
                    let raw = body.get(start..j.min(body.len())).unwrap_or_default();
                    *key = Some(String::from_utf8_lossy(raw).into_owned());
                }
                i = j;
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(k), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    (!path.is_empty()).then_some(path)
}

fn offset_of(body: &[u8], line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (n, l) in body.split(|b| *b == b'\n').enumerate() {
        if n + 1 == line {
            return (offset + column).min(body.len());
        }
        offset += l.len() + 1;
    }
    body.len()
}

#[cfg(test)]
mod tests {
    use super::path_at;

    #[test]
    fn finds_nested_path() {
        let body = br#"[{"id":"a","profile":{"login":1}},{"id":"b","profile":{"login":true}}]"#;
        let err = serde_json::from_slice::<Vec<serde_json::Value>>(body).map(|_| ());
        assert!(err.is_ok());
        // Column just after `true`.
        let col = body.iter().position(|b| *b == b't').unwrap_or(0) + 4;
        assert_eq!(path_at(body, 1, col).as_deref(), Some("[1].profile.login"));
    }
}
