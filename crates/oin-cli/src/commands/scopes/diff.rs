//! `oin scopes diff --base REV|FILE [PATH]`: the scope gate.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};
use oin_scopes::manifest::{self, ChangeKind, LintReport, ScopeDiff};
use serde::Serialize;

use super::DiffArgs;
use crate::Outcome;
use crate::output::{self, DIM, ERROR, Format, GOOD};

/// Where the base manifest came from, and its text.
struct Base {
    label: String,
    source: String,
}

#[derive(Serialize)]
struct DiffOutput<'a> {
    base: &'a str,
    head: &'a Path,
    failure: bool,
    #[serde(flatten)]
    diff: &'a ScopeDiff,
    diagnostics: Vec<manifest::Diagnostic>,
}

pub(super) fn run(args: &DiffArgs, out: &mut impl Write) -> anyhow::Result<Outcome> {
    let head = manifest::lint_file(&args.path)
        .with_context(|| format!("cannot read the head manifest {}", args.path.display()))?;
    let Some(head_manifest) = &head.manifest else {
        let mut err = std::io::stderr().lock();
        for diagnostic in head.diagnostics.iter().filter(|d| d.is_error()) {
            output::write_human(&mut err, diagnostic)?;
        }
        bail!(
            "the head manifest {} does not parse; run `oin scopes lint` for details",
            args.path.display()
        );
    };
    let (base_label, base_manifest) = match read_base(&args.base, &args.path)? {
        Some(base) => {
            // Only the base's scopes matter: read its model, lint nothing, read no logo.
            let manifest = manifest::Manifest::from_toml(&base.source, Path::new(&base.label))
                .context(
                    "the base manifest does not parse; fix it there or compare with another base",
                )?;
            (base.label, manifest)
        }
        None => {
            // A manifest that is new at this revision adds every scope it requests: each
            // needs its acknowledgement like any other addition.
            let mut empty = head_manifest.clone();
            empty.scopes.clear();
            let label = format!("{} (no {} there)", args.base, args.path.display());
            (label, empty)
        }
    };
    let diff = manifest::diff(&base_manifest, &head);
    let diagnostics = diff.diagnostics();
    let failure = diff.is_failure();
    match args.format {
        Format::Json => output::write_json(
            out,
            &DiffOutput {
                base: &base_label,
                head: &args.path,
                failure,
                diff: &diff,
                diagnostics,
            },
        )?,
        Format::Github => diagnostics
            .iter()
            .try_for_each(|diagnostic| output::write_github(out, diagnostic))?,
        Format::Human => write_human(out, &base_label, &head, &diff, &diagnostics, failure)?,
    }
    Ok(if failure {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// Reads the base: a file if `base` names one, else `git show BASE:./FILE` run in the head
/// manifest's folder. `None` when the revision exists and git says it has no such file;
/// every other failure of git is an error, so the gate never passes by accident.
fn read_base(base: &str, head: &Path) -> anyhow::Result<Option<Base>> {
    let as_file = Path::new(base);
    if as_file.is_file() {
        let source = std::fs::read_to_string(as_file)
            .with_context(|| format!("cannot read the base manifest {base}"))?;
        return Ok(Some(Base {
            label: base.to_owned(),
            source,
        }));
    }
    let folder = head
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file = head
        .file_name()
        .context("the head manifest's path has no file name")?
        .to_string_lossy();
    let git = |args: &[&str]| {
        Command::new("git")
            .current_dir(folder)
            .args(args)
            .output()
            .context("cannot run git to read the base manifest; is git installed?")
    };
    let verify = git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        &format!("{base}^{{commit}}"),
    ])?;
    if !verify.status.success() {
        bail!(
            "`{base}` is neither a file nor a git revision in {}",
            folder.display()
        );
    }
    let object = format!("{base}:./{file}");
    // `ls-tree` lists the path if the revision has it and nothing if not; it fails only
    // when git itself does.
    let listed = git(&["ls-tree", "--name-only", base, "--", &file])?;
    if !listed.status.success() {
        bail!(
            "git cannot list {file} at {base}: {}",
            String::from_utf8_lossy(&listed.stderr).trim()
        );
    }
    if listed.stdout.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let show = git(&["show", &object])?;
    if !show.status.success() {
        bail!(
            "git cannot read {object}: {}",
            String::from_utf8_lossy(&show.stderr).trim()
        );
    }
    let source =
        String::from_utf8(show.stdout).with_context(|| format!("{file} at {base} is not UTF-8"))?;
    Ok(Some(Base {
        label: format!("{base}:{}", head.display()),
        source,
    }))
}

fn write_human(
    out: &mut impl Write,
    base: &str,
    head: &LintReport,
    diff: &ScopeDiff,
    diagnostics: &[manifest::Diagnostic],
    failure: bool,
) -> std::io::Result<()> {
    writeln!(out, "scopes of {} against {base}:", head.path.display())?;
    if diff.changes().is_empty() {
        writeln!(out, "  {DIM}no change{DIM:#}")?;
    }
    for change in diff.changes() {
        let line = match &change.kind {
            ChangeKind::Added => format!("+ {} (added)", change.scope),
            ChangeKind::Removed => format!("- {} (removed)", change.scope),
            ChangeKind::Widened { from } => format!("^ {from} -> {} (widened)", change.scope),
            ChangeKind::Narrowed { from } => format!("v {from} -> {} (narrowed)", change.scope),
            ChangeKind::ReasonChanged { .. } => format!("~ {} (reason changed)", change.scope),
            _ => format!("~ {}", change.scope),
        };
        match &change.acknowledged {
            Some(reason) => writeln!(out, "  {line}: acknowledged: {reason}")?,
            None => writeln!(out, "  {line}")?,
        }
    }
    writeln!(out)?;
    for diagnostic in diagnostics {
        output::write_human(out, diagnostic)?;
        writeln!(out)?;
    }
    if failure {
        writeln!(
            out,
            "{ERROR}scope gate failed{ERROR:#}: acknowledge each added or widened scope with `acknowledge = \"why\"` on its [[scopes]] entry"
        )
    } else {
        writeln!(out, "{GOOD}scope gate passed{GOOD:#}")
    }
}
