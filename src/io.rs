//! Opening inputs: compressed files, files that are not files, and
//! directory walks that end.
//!
//! Every reader of the crate opens its input here, so that all of them
//! read gzip, xz and zstd files directly (recognised by their first bytes,
//! whatever the name), and no directory walk follows a symbolic link into a
//! loop or blocks on a FIFO.
//!
//! ```
//! use std::io::{Read, Write};
//! let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
//! gz.write_all(b"H\xC3\xA0 N\xE1\xBB\x99i").unwrap();
//! let bytes = gz.finish().unwrap();
//! assert_eq!(vietag::io::Compression::detect(&bytes), vietag::io::Compression::Gzip);
//! let mut text = String::new();
//! vietag::io::decompressed(&bytes[..]).unwrap().read_to_string(&mut text).unwrap();
//! assert_eq!(text, "Hà Nội");
//! ```

use std::fmt;
use std::fs::{self, File, Metadata};
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

/// Buffer size of input readers.
const BUF_SIZE: usize = 1 << 16;

/// The compression of an input, from its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Compression {
    /// Not compressed (or in a format not read here).
    None,
    /// gzip (`.gz`), one or more members.
    Gzip,
    /// xz (`.xz`), one or more streams.
    Xz,
    /// Zstandard (`.zst`), one or more frames.
    Zstd,
}

/// The longest signature [`Compression::detect`] looks at.
const MAGIC_LEN: usize = 6;

impl Compression {
    /// The compression whose signature `prefix` starts with.
    pub fn detect(prefix: &[u8]) -> Compression {
        if prefix.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if prefix.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0x00]) {
            Compression::Xz
        } else if prefix.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else {
            Compression::None
        }
    }

    /// The usual name of the format.
    pub fn name(self) -> &'static str {
        match self {
            Compression::None => "uncompressed",
            Compression::Gzip => "gzip",
            Compression::Xz => "xz",
            Compression::Zstd => "zstd",
        }
    }
}

/// File name suffixes of compressed files, which [`base_extension`] looks
/// through.
pub const COMPRESSED_SUFFIXES: [&str; 3] = ["gz", "xz", "zst"];

/// The extension of `path` once a compression suffix is removed:
/// `a.jsonl.gz` → `jsonl`, `a.txt` → `txt`.
///
/// ```
/// use std::path::Path;
/// use vietag::io::base_extension;
/// assert_eq!(base_extension(Path::new("news.jsonl.zst")), Some("jsonl".into()));
/// assert_eq!(base_extension(Path::new("a.txt")), Some("txt".into()));
/// assert_eq!(base_extension(Path::new("a.gz")), None);
/// ```
pub fn base_extension(path: &Path) -> Option<String> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    if !COMPRESSED_SUFFIXES.contains(&ext.as_str()) {
        return Some(ext);
    }
    let stem = Path::new(path.file_stem()?);
    Some(stem.extension()?.to_str()?.to_ascii_lowercase())
}

/// `reader`, decompressed when its first bytes are a gzip, xz or zstd
/// signature, and buffered.
pub fn decompressed<'a, R: Read + 'a>(mut reader: R) -> io::Result<Box<dyn BufRead + 'a>> {
    let prefix = read_prefix(&mut reader)?;
    let compression = Compression::detect(&prefix);
    let whole = Cursor::new(prefix).chain(reader);
    let decoder: Box<dyn Read + 'a> = match compression {
        Compression::None => return Ok(Box::new(BufReader::with_capacity(BUF_SIZE, whole))),
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(whole))),
        Compression::Xz => Box::new(liblzma::read::XzDecoder::new_multi_decoder(whole)),
        Compression::Zstd => Box::new(zstd::stream::read::Decoder::new(whole)?),
    };
    Ok(Box::new(BufReader::with_capacity(
        BUF_SIZE,
        Corrupt {
            inner: decoder,
            compression,
        },
    )))
}

/// Up to [`MAGIC_LEN`] first bytes of `reader` (fewer only at its end).
fn read_prefix(reader: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut prefix = vec![0u8; MAGIC_LEN];
    let mut filled = 0;
    while filled < MAGIC_LEN {
        match reader.read(&mut prefix[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    prefix.truncate(filled);
    Ok(prefix)
}

/// A decoder whose errors say that the compressed data is at fault.
struct Corrupt<R> {
    inner: R,
    compression: Compression,
}

impl<R: Read> Read for Corrupt<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!(
                    "{} data is damaged or cut short: {e}",
                    self.compression.name()
                ),
            )
        })
    }
}

/// Opens a file the user named for reading, decompressed (see
/// [`decompressed`]). Named pipes and character devices are read as they
/// come (`<(zcat …)`, `/dev/stdin`); a directory is an error.
pub fn open_input(path: &Path) -> io::Result<Box<dyn BufRead>> {
    let file = File::open(path)?;
    if file.metadata()?.is_dir() {
        return Err(io::Error::other("is a directory"));
    }
    decompressed(file)
}

/// Opens a file found by a directory walk, decompressed. Unlike
/// [`open_input`] it never blocks: anything but a regular file (a FIFO, a
/// socket, a device) is an error.
pub(crate) fn open_regular(path: &Path) -> io::Result<Box<dyn BufRead>> {
    let file = open_nonblocking(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    decompressed(file)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // Opening a FIFO without O_NONBLOCK waits for a writer; reads from a
    // regular file ignore the flag.
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

fn not_regular(meta: &Metadata) -> io::Error {
    io::Error::other(format!(
        "not a regular file but {}; only regular files are read in a directory",
        file_kind(meta)
    ))
}

/// What kind of file `meta` describes, for messages: "a FIFO", "a socket" …
pub fn file_kind(meta: &Metadata) -> &'static str {
    let ft = meta.file_type();
    if ft.is_file() {
        return "a regular file";
    }
    if ft.is_dir() {
        return "a directory";
    }
    if ft.is_symlink() {
        return "a symbolic link";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_char_device() {
            return "a character device";
        }
        if ft.is_block_device() {
            return "a block device";
        }
    }
    "a special file"
}

/// How [`walk`] treats symbolic links.
#[derive(Clone, Copy, Debug, Default)]
pub struct WalkOptions {
    /// Descend into symbolic links to directories (loops are detected and
    /// reported, not followed). Links to files are always read.
    pub follow_symlinks: bool,
}

/// One thing a directory walk found.
#[derive(Debug)]
pub enum WalkEntry {
    /// A regular file (or a link to one) whose name matched.
    File(PathBuf),
    /// A matching name that cannot be read as a file, or a directory that
    /// cannot be listed: it gets an error record.
    Unreadable(PathBuf, io::Error),
    /// A link to a directory that is already on the path from the root:
    /// following it would never end, so it is skipped.
    Loop {
        /// The link.
        link: PathBuf,
        /// The directory it leads back to.
        ancestor: PathBuf,
    },
}

impl WalkEntry {
    /// The path the entry is about.
    pub fn path(&self) -> &Path {
        match self {
            WalkEntry::File(p) | WalkEntry::Unreadable(p, _) => p,
            WalkEntry::Loop { link, .. } => link,
        }
    }
}

impl fmt::Display for WalkEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WalkEntry::File(p) => write!(f, "{}", p.display()),
            WalkEntry::Unreadable(p, e) => write!(f, "{}: {e}", p.display()),
            WalkEntry::Loop { link, ancestor } => write!(
                f,
                "{}: a link back to {}, not followed (it would never end)",
                link.display(),
                ancestor.display()
            ),
        }
    }
}

/// Identity of a directory: device and inode.
type DirId = (u64, u64);

#[cfg(unix)]
fn dir_id(meta: &Metadata) -> Option<DirId> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn dir_id(_meta: &Metadata) -> Option<DirId> {
    None
}

/// The files below `root` whose name `wanted` accepts, in path order
/// (the order of [`Path`]'s `Ord`, component by component), with the
/// unreadable ones and the loops in their place.
///
/// Symbolic links to directories are followed only with
/// [`WalkOptions::follow_symlinks`]; a FIFO, socket or device with a
/// wanted name is [`WalkEntry::Unreadable`], never opened.
pub fn walk(root: &Path, wanted: &dyn Fn(&Path) -> bool, opts: WalkOptions) -> Vec<WalkEntry> {
    let mut walker = Walker {
        wanted,
        opts,
        ancestors: Vec::new(),
        out: Vec::new(),
    };
    match fs::metadata(root) {
        Ok(meta) => walker.dir(root, &meta),
        Err(e) => walker
            .out
            .push(WalkEntry::Unreadable(root.to_path_buf(), e)),
    }
    walker.out
}

struct Walker<'a> {
    wanted: &'a dyn Fn(&Path) -> bool,
    opts: WalkOptions,
    /// The directories from the root down to the current one.
    ancestors: Vec<(DirId, PathBuf)>,
    out: Vec<WalkEntry>,
}

impl Walker<'_> {
    fn dir(&mut self, dir: &Path, meta: &Metadata) {
        if let Some(id) = dir_id(meta) {
            if let Some((_, ancestor)) = self.ancestors.iter().find(|(a, _)| *a == id) {
                self.out.push(WalkEntry::Loop {
                    link: dir.to_path_buf(),
                    ancestor: ancestor.clone(),
                });
                return;
            }
            self.ancestors.push((id, dir.to_path_buf()));
        }
        match sorted_children(dir) {
            Ok(children) => {
                for child in children {
                    self.child(&child);
                }
            }
            Err(e) => self.out.push(WalkEntry::Unreadable(dir.to_path_buf(), e)),
        }
        if dir_id(meta).is_some() {
            self.ancestors.pop();
        }
    }

    fn child(&mut self, path: &Path) {
        let link = match fs::symlink_metadata(path) {
            Ok(m) => m,
            Err(e) => return self.unreadable_if_wanted(path, e),
        };
        let meta = if link.file_type().is_symlink() {
            match fs::metadata(path) {
                Ok(m) => m,
                Err(e) => return self.unreadable_if_wanted(path, e),
            }
        } else {
            link.clone()
        };
        if meta.is_dir() {
            if !link.file_type().is_symlink() || self.opts.follow_symlinks {
                self.dir(path, &meta);
            }
        } else if (self.wanted)(path) {
            self.out.push(if meta.is_file() {
                WalkEntry::File(path.to_path_buf())
            } else {
                WalkEntry::Unreadable(path.to_path_buf(), not_regular(&meta))
            });
        }
    }

    fn unreadable_if_wanted(&mut self, path: &Path, e: io::Error) {
        if (self.wanted)(path) {
            self.out.push(WalkEntry::Unreadable(path.to_path_buf(), e));
        }
    }
}

fn sorted_children(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut children = fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<io::Result<Vec<_>>>()?;
    children.sort();
    Ok(children)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("vietag-io-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn txt(p: &Path) -> bool {
        base_extension(p).as_deref() == Some("txt")
    }

    fn read_all(mut r: impl Read) -> Vec<u8> {
        let mut v = Vec::new();
        r.read_to_end(&mut v).unwrap();
        v
    }

    #[test]
    fn every_compression_is_read_and_concatenated_members_too() {
        let text = "Ông Hà Anh Dũng về Đồng Xoài.\n".repeat(50);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(text.as_bytes()).unwrap();
        let mut gz = gz.finish().unwrap();
        gz.extend_from_slice(&gz.clone());
        let mut xz = liblzma::write::XzEncoder::new(Vec::new(), 1);
        xz.write_all(text.as_bytes()).unwrap();
        let xz = xz.finish().unwrap();
        let mut zst = zstd::stream::encode_all(text.as_bytes(), 1).unwrap();
        zst.extend_from_slice(&zst.clone());
        let cases = [
            (gz, Compression::Gzip, 2),
            (xz, Compression::Xz, 1),
            (zst, Compression::Zstd, 2),
            (text.clone().into_bytes(), Compression::None, 1),
        ];
        for (bytes, kind, copies) in cases {
            assert_eq!(Compression::detect(&bytes), kind);
            let back = read_all(decompressed(&bytes[..]).unwrap());
            assert_eq!(back, text.repeat(copies).as_bytes(), "{kind:?}");
        }
    }

    #[test]
    fn short_and_empty_inputs_are_not_compressed() {
        assert!(read_all(decompressed(&b""[..]).unwrap()).is_empty());
        assert_eq!(read_all(decompressed(&b"\x1f"[..]).unwrap()), b"\x1f");
    }

    #[test]
    fn damaged_data_is_an_error_that_says_so() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&[b'x'; 10_000]).unwrap();
        let gz = gz.finish().unwrap();
        let cut = &gz[..gz.len() / 2];
        let mut out = Vec::new();
        let err = decompressed(cut)
            .unwrap()
            .read_to_end(&mut out)
            .unwrap_err();
        assert!(err.to_string().contains("gzip data is damaged"), "{err}");
    }

    #[test]
    fn walk_is_in_path_order_with_errors_in_place() {
        let d = scratch("order");
        for p in ["b/z.txt", "a.txt", "b/a.txt", "c.txt.gz", "b.md"] {
            let p = d.join(p);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "x").unwrap();
        }
        let got: Vec<PathBuf> = walk(&d, &txt, WalkOptions::default())
            .iter()
            .map(|e| e.path().strip_prefix(&d).unwrap().to_path_buf())
            .collect();
        let want: Vec<PathBuf> = ["a.txt", "b/a.txt", "b/z.txt", "c.txt.gz"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(got, want);
    }

    #[cfg(unix)]
    #[test]
    fn links_to_directories_are_followed_only_when_asked_and_loops_end() {
        let d = scratch("loops");
        fs::create_dir_all(d.join("sub")).unwrap();
        fs::write(d.join("sub/a.txt"), "x").unwrap();
        std::os::unix::fs::symlink(".", d.join("sub/self")).unwrap();
        std::os::unix::fs::symlink("sub", d.join("link")).unwrap();
        let plain = walk(&d, &txt, WalkOptions::default());
        assert_eq!(plain.len(), 1, "{plain:?}");
        let followed = walk(
            &d,
            &txt,
            WalkOptions {
                follow_symlinks: true,
            },
        );
        let shown: Vec<String> = followed
            .iter()
            .map(|e| match e {
                WalkEntry::File(p) => format!("file {}", p.strip_prefix(&d).unwrap().display()),
                WalkEntry::Loop { link, .. } => {
                    format!("loop {}", link.strip_prefix(&d).unwrap().display())
                }
                WalkEntry::Unreadable(p, e) => format!("error {} {e}", p.display()),
            })
            .collect();
        assert_eq!(
            shown,
            [
                "file link/a.txt",
                "loop link/self",
                "file sub/a.txt",
                "loop sub/self"
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_an_error_not_a_wait() {
        let d = scratch("fifo");
        let fifo = d.join("pipe.txt");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        fs::write(d.join("a.txt"), "x").unwrap();
        let entries = walk(&d, &txt, WalkOptions::default());
        assert!(matches!(&entries[0], WalkEntry::File(_)));
        match &entries[1] {
            WalkEntry::Unreadable(p, e) => {
                assert_eq!(p, &fifo);
                assert!(e.to_string().contains("FIFO"), "{e}");
            }
            other => panic!("{other:?}"),
        }
        let err = open_regular(&fifo).err().expect("a FIFO is refused");
        assert!(err.to_string().contains("FIFO"), "{err}");
    }
}
