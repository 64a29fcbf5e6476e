//! Text files of any size as UTF-8: a file that is not UTF-8 is decoded as windows-1252
//! (Excel's "CSV (Comma delimited)" on Windows) while it is read, as the whole-file reader
//! does, so streaming reads the same records.

use crate::error::{Error, Result};
use std::fs::File;
use std::io::{BufReader, Read};

/// Opens `path` for reading as UTF-8 text: as it is when it is valid UTF-8 (checked in one
/// pass that holds a block at a time), else decoded from windows-1252 as it is read.
///
/// # Errors
/// [`Error::Io`] if the file cannot be opened or read.
pub fn open_utf8(path: &str) -> Result<Box<dyn Read + Send>> {
    let io = |e: std::io::Error| Error::Io {
        path: path.to_string(),
        message: e.to_string(),
    };
    let file = File::open(path).map_err(io)?;
    let utf8 = is_utf8(BufReader::with_capacity(1 << 16, file)).map_err(io)?;
    let file = File::open(path).map_err(io)?;
    Ok(if utf8 {
        Box::new(file)
    } else {
        Box::new(Windows1252 {
            input: BufReader::with_capacity(1 << 16, file),
            decoder: encoding_rs::WINDOWS_1252.new_decoder_without_bom_handling(),
            pending: Vec::new(),
            at: 0,
            done: false,
        })
    })
}

/// Whether everything `input` gives is UTF-8 (a sequence cut by a block end is carried over).
fn is_utf8(mut input: impl Read) -> std::io::Result<bool> {
    let mut buf = vec![0u8; 1 << 16];
    let mut carry = 0;
    loop {
        let n = input.read(&mut buf[carry..])?;
        if n == 0 {
            return Ok(carry == 0);
        }
        let filled = carry + n;
        match std::str::from_utf8(&buf[..filled]) {
            Ok(_) => carry = 0,
            Err(e) if e.error_len().is_none() => {
                let valid = e.valid_up_to();
                buf.copy_within(valid..filled, 0);
                carry = filled - valid;
            }
            Err(_) => return Ok(false),
        }
    }
}

/// A reader giving the UTF-8 text of a windows-1252 input.
struct Windows1252<R> {
    input: BufReader<R>,
    decoder: encoding_rs::Decoder,
    /// Decoded text not yet handed out, from `at`.
    pending: Vec<u8>,
    at: usize,
    done: bool,
}

impl<R: Read> Read for Windows1252<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.pending.len() && !self.done {
            let mut raw = [0u8; 1 << 14];
            let n = self.input.read(&mut raw)?;
            self.done = n == 0;
            // Each windows-1252 byte is at most 3 bytes of UTF-8.
            self.pending.resize(3 * n + 16, 0);
            let (_, _, written, _) =
                self.decoder
                    .decode_to_utf8(&raw[..n], &mut self.pending, self.done);
            self.pending.truncate(written);
            self.at = 0;
        }
        let n = out.len().min(self.pending.len() - self.at);
        out[..n].copy_from_slice(&self.pending[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_checked_across_block_ends() {
        let mut text = "a".repeat((1 << 16) - 1).into_bytes();
        text.extend("é".as_bytes());
        assert!(is_utf8(&text[..]).unwrap());
        assert!(!is_utf8(&b"Caf\xe9\n"[..]).unwrap());
        assert!(!is_utf8(&b"cut \xc3"[..]).unwrap());
    }

    #[test]
    fn windows_1252_is_decoded_while_read() {
        let path = std::env::temp_dir().join(format!("matang-decode-{}.csv", std::process::id()));
        std::fs::write(&path, b"id,name\nx,Caf\xe9 \x80\n").unwrap();
        let mut text = String::new();
        open_utf8(path.to_str().unwrap())
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "id,name\nx,Caf\u{e9} \u{20ac}\n");
        let _ = std::fs::remove_file(path);
    }
}
