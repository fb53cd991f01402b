//! Where the commands write: standard output, or a file that is replaced
//! only by a complete one. Also `diag!`, for messages on standard error
//! that never panic.
//!
//! A file output is written to `.NAME.vietag-tmp-PID` in the directory of
//! NAME and renamed over NAME when the command commits it, so that a failed
//! or killed run leaves the old NAME as it was. The temporary file is
//! removed on every error path and on SIGINT/SIGTERM/SIGHUP; only after a
//! SIGKILL (or a power cut) does it stay, under that recognisable name.
//! NAME is a symbolic link: its target is replaced, and the link stays.
//! NAME is a FIFO or a device (`/dev/null`, `/dev/stdout`): it is written
//! directly, there is nothing to replace.

use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

use anyhow::{bail, Result};

/// `eprintln!` that ignores a closed or broken standard error: a
/// diagnostic must never panic or stop the run.
macro_rules! diag {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

/// How many links [`resolve_links`] follows before giving up (as the
/// kernel's ELOOP).
const MAX_LINKS: usize = 40;

/// The name of a temporary file is cut to stay within NAME_MAX.
const MAX_TEMP_STEM: usize = 180;

/// An output: standard output, a file replaced on commit, or a special file
/// written directly. Write errors name the output.
pub struct Output {
    name: String,
    sink: Sink,
}

enum Sink {
    Stdout(BufWriter<io::StdoutLock<'static>>),
    Replace(AtomicFile),
    Direct(BufWriter<File>),
}

impl Output {
    /// Standard output.
    pub fn stdout() -> Output {
        Output {
            name: "standard output".into(),
            sink: Sink::Stdout(BufWriter::with_capacity(1 << 16, io::stdout().lock())),
        }
    }

    /// `path`, or standard output for `None` and `-`. Refuses a path that
    /// is one of `inputs` (the same file, whatever the name).
    pub fn open(path: Option<&Path>, inputs: &[&Path]) -> Result<Output> {
        let path = match path {
            None => return Ok(Output::stdout()),
            Some(p) if p.as_os_str() == "-" => return Ok(Output::stdout()),
            Some(p) => p,
        };
        refuse_input(path, inputs)?;
        let name = path.display().to_string();
        let target = resolve_links(path).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
        let sink = match fs::metadata(&target) {
            Ok(m) if m.is_dir() => bail!("{name}: is a directory; give a file name"),
            Ok(m) if !m.is_file() => Sink::Direct(BufWriter::new(
                File::create(&target).map_err(|e| anyhow::anyhow!("cannot open {name}: {e}"))?,
            )),
            _ => Sink::Replace(
                AtomicFile::create(&target)
                    .map_err(|e| anyhow::anyhow!("cannot create {name}: {e}"))?,
            ),
        };
        Ok(Output { name, sink })
    }

    /// Writes everything out: flushes standard output, or syncs the
    /// temporary file and renames it over the target. Until then the old
    /// file is untouched; on error it stays so.
    pub fn commit(self) -> Result<()> {
        let describe = self.describer();
        let result = match self.sink {
            Sink::Stdout(mut w) => w.flush(),
            Sink::Direct(mut w) => w.flush(),
            Sink::Replace(f) => f.commit(),
        };
        result.map_err(|e| anyhow::Error::new(describe(e)))
    }

    /// Turns a write error into one that names the output (keeping its
    /// kind, so that a closed pipe is still recognised) and says that an
    /// old file is kept.
    fn describer(&self) -> impl Fn(io::Error) -> io::Error {
        let name = self.name.clone();
        let kept = matches!(self.sink, Sink::Replace(_));
        move |e| {
            let note = if kept {
                format!("; {name} was left as it was")
            } else {
                String::new()
            };
            io::Error::new(e.kind(), format!("cannot write {name}: {e}{note}"))
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let r = match &mut self.sink {
            Sink::Stdout(w) => w.write(buf),
            Sink::Direct(w) => w.write(buf),
            Sink::Replace(f) => f.writer.write(buf),
        };
        r.map_err(|e| self.describer()(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        let r = match &mut self.sink {
            Sink::Stdout(w) => w.flush(),
            Sink::Direct(w) => w.flush(),
            Sink::Replace(f) => f.writer.flush(),
        };
        r.map_err(|e| self.describer()(e))
    }
}

/// Writes `bytes` to `path` through a temporary file: the old file is
/// replaced whole or not at all.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut out = Output::open(Some(path), &[])?;
    out.write_all(bytes)?;
    out.commit()
}

/// Refuses `output` when it is one of `inputs`: same device and inode
/// (links, `./x` and `x` are all seen through), or the same canonical path.
fn refuse_input(output: &Path, inputs: &[&Path]) -> Result<()> {
    for input in inputs {
        if input.as_os_str() != "-" && same_file(output, input) {
            bail!(
                "{}: the output is also an input ({}); writing it would destroy the input: choose another output file",
                output.display(),
                input.display()
            );
        }
    }
    Ok(())
}

/// Whether `a` and `b` name the same existing file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (fs::metadata(a), fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if (ma.dev(), ma.ino()) == (mb.dev(), mb.ino()) {
            return true;
        }
    }
    let _ = (ma, mb);
    matches!((fs::canonicalize(a), fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
}

/// The file a chain of symbolic links ends at (which need not exist yet).
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// A file written under a temporary name and renamed over its target on
/// [`commit`](AtomicFile::commit); dropped uncommitted, it is removed.
struct AtomicFile {
    target: PathBuf,
    temp: PathBuf,
    writer: BufWriter<File>,
    done: bool,
}

impl AtomicFile {
    fn create(target: &Path) -> io::Result<AtomicFile> {
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let (temp, file) = create_temp(&dir, target)?;
        // The new file gets the old one's permissions, not the default.
        if let Ok(meta) = fs::metadata(target) {
            let _ = file.set_permissions(meta.permissions());
        }
        cleanup::register(&temp);
        Ok(AtomicFile {
            target: target.to_path_buf(),
            temp,
            writer: BufWriter::with_capacity(1 << 16, file),
            done: false,
        })
    }

    fn commit(mut self) -> io::Result<()> {
        self.writer.flush()?;
        self.writer.get_ref().sync_all()?;
        fs::rename(&self.temp, &self.target)?;
        self.done = true;
        cleanup::unregister(&self.temp);
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_file(&self.temp);
            cleanup::unregister(&self.temp);
        }
    }
}

/// Creates `.NAME.vietag-tmp-PID` (or `…-PID-N` when taken) in `dir`.
fn create_temp(dir: &Path, target: &Path) -> io::Result<(PathBuf, File)> {
    let stem: String = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .scan(0usize, |len, c| {
            *len += c.len_utf8();
            (*len <= MAX_TEMP_STEM).then_some(c)
        })
        .collect();
    let pid = std::process::id();
    for n in 0..100 {
        let mut name = OsString::from(format!(".{stem}.vietag-tmp-{pid}"));
        if n > 0 {
            name.push(format!("-{n}"));
        }
        let temp = dir.join(name);
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
        {
            Ok(f) => return Ok((temp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("cannot find a free temporary file name"))
}

/// Temporary files to remove when the process is interrupted.
mod cleanup {
    use super::*;

    static TEMPS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    static HANDLER: Once = Once::new();

    /// Exit status after an interruption (128 + SIGINT).
    const EXIT_INTERRUPTED: i32 = 130;

    pub fn register(path: &Path) {
        HANDLER.call_once(|| {
            // Runs on a thread of its own, so it may take the lock.
            let _ = ctrlc::set_handler(|| {
                if let Ok(temps) = TEMPS.lock() {
                    for t in temps.iter() {
                        let _ = fs::remove_file(t);
                    }
                }
                std::process::exit(EXIT_INTERRUPTED);
            });
        });
        if let Ok(mut temps) = TEMPS.lock() {
            temps.push(path.to_path_buf());
        }
    }

    pub fn unregister(path: &Path) {
        if let Ok(mut temps) = TEMPS.lock() {
            temps.retain(|t| t != path);
        }
    }
}
