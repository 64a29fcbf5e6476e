//! Reading a pack folder without trusting it: regular files and folders only, each file and
//! the whole pack within a size cap.

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::path::Path;

/// Largest file a pack may hold, and largest pack, in bytes (the bundled packs hold under
/// 20 KB per file and 60 KB in all).
const MAX_FILE_BYTES: u64 = 1 << 20;
const MAX_PACK_BYTES: u64 = 8 << 20;
/// Most files a pack may hold.
const MAX_FILES: usize = 1_000;

/// Reads a pack folder: regular files and folders only (a symbolic link, device or FIFO is
/// refused before it is opened, so nothing outside the folder is read and nothing blocks),
/// each file and the whole pack within a size cap.
pub(super) fn read_dir(
    root: &Path,
    dir: &Path,
    files: &mut BTreeMap<String, String>,
) -> Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, &e))?
        .filter_map(std::result::Result::ok)
        .collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') || (dir == root && name == "examples") {
            continue;
        }
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().to_string())
            .collect::<Vec<_>>()
            .join("/");
        // The entry's own type: a symbolic link is not followed.
        let kind = entry.file_type().map_err(|e| Error::io(&path, &e))?;
        if kind.is_dir() {
            read_dir(root, &path, files)?;
            continue;
        }
        if !kind.is_file() {
            let what = if kind.is_symlink() {
                "a symbolic link"
            } else {
                "not a regular file (a device, FIFO or socket)"
            };
            return Err(Error::pack(
                &rel,
                0,
                0,
                format!("{what}: a pack folder may hold only regular files and folders"),
            ));
        }
        let bytes = read_capped(&path, &rel)?;
        let text = String::from_utf8(bytes)
            .map_err(|_| Error::pack(&rel, 0, 0, "the file is not UTF-8 text"))?;
        files.insert(rel.clone(), text);
        check_sizes(files, &rel)?;
    }
    Ok(())
}

/// A pack within the caps on its number of files and their total size (for packs read from
/// a folder, checked as each file arrives; for packs handed over in memory, once).
pub(super) fn check_sizes(files: &BTreeMap<String, String>, file: &str) -> Result<()> {
    let total: u64 = files.values().map(|t| t.len() as u64).sum();
    if files.len() > MAX_FILES {
        return Err(Error::pack(
            file,
            0,
            0,
            format!("the pack has more than {MAX_FILES} files"),
        ));
    }
    if total > MAX_PACK_BYTES {
        return Err(Error::pack(
            file,
            0,
            0,
            format!("the pack's files add up to more than {MAX_PACK_BYTES} bytes"),
        ));
    }
    if let Some((path, _)) = files.iter().find(|(_, t)| t.len() as u64 > MAX_FILE_BYTES) {
        return Err(Error::pack(
            path,
            0,
            0,
            format!("the file is larger than {MAX_FILE_BYTES} bytes"),
        ));
    }
    Ok(())
}

/// The bytes of a regular file, refused past [`MAX_FILE_BYTES`] without reading further.
fn read_capped(path: &Path, rel: &str) -> Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, &e))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, &e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Error::pack(
            rel,
            0,
            0,
            format!("the file is larger than {MAX_FILE_BYTES} bytes"),
        ));
    }
    Ok(bytes)
}
