//! `healthreport parse PATH…`: the batch command line. Many files and folders, parsed
//! in parallel on every core with one knowledge base, written as JSON (one file),
//! JSON Lines (one report a line) or CSV (one row per indicator).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::extract::{self, Extraction, Knowledge, Limits, Overrides};

/// File name endings a folder walk picks up; a file named on the command line is always tried.
const REPORT_EXTENSIONS: &[&str] = &["txt", "text", "htm", "html", "xhtml", "docx", "pdf"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// One pretty-printed JSON document (one input file only).
    Json,
    /// One extraction a line, with its `file`.
    Jsonl,
    /// One row per indicator, UTF-8 with a BOM so that spreadsheet programs read it.
    Csv,
}

/// One input's outcome.
pub struct Parsed {
    pub file: PathBuf,
    pub result: Result<Extraction, String>,
}

/// Every report file under `paths`, in a stable order: files as named, folders walked.
pub fn collect_inputs(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        let hidden = p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            walk(&p, out)?;
        } else if has_report_extension(&p) {
            out.push(p);
        }
    }
    Ok(())
}

fn has_report_extension(p: &Path) -> bool {
    p.extension().and_then(|e| e.to_str()).is_some_and(|e| REPORT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Parse one file; every failure becomes its message (unreadable, unsupported, not a report).
pub fn parse_file(kb: &Knowledge, file: &Path, limits: &Limits) -> Parsed {
    let result = std::fs::read(file).map_err(|e| format!("cannot read: {e}")).and_then(|bytes| {
        let name = file.file_name().and_then(|n| n.to_str());
        extract::extract(kb, &bytes, name, None, &Overrides::default(), limits).map_err(|e| e.to_string())
    });
    Parsed { file: file.to_path_buf(), result }
}

/// Parse `files` on every core, calling `done` after each (for a progress bar), in input order.
pub fn parse_all(kb: &Knowledge, files: &[PathBuf], limits: &Limits, done: impl Fn() + Sync) -> Vec<Parsed> {
    files
        .par_iter()
        .map(|f| {
            let p = parse_file(kb, f, limits);
            done();
            p
        })
        .collect()
}

/// A JSON Lines record: the extraction with the file it came from.
pub fn json_line(p: &Parsed, with_text: bool) -> Option<String> {
    let ex = p.result.as_ref().ok()?;
    let mut v = serde_json::to_value(ex).ok()?;
    if !with_text {
        v["text"] = serde_json::Value::String(String::new());
    }
    v["file"] = serde_json::Value::String(p.file.display().to_string());
    Some(v.to_string())
}

pub const CSV_HEADER: &str =
    "file,title,report_region,report_year,name,indicator_key,value,unit,kind,year,raw,start,end,sentence";

/// One CSV row per indicator of a parsed report.
pub fn csv_rows(p: &Parsed) -> Vec<String> {
    let Ok(ex) = &p.result else { return Vec::new() };
    let file = p.file.display().to_string();
    let title = ex.meta.title.clone().unwrap_or_default();
    let region = ex.meta.region.as_ref().map(|r| r.name.clone()).unwrap_or_default();
    let report_year = ex.meta.year.map(|y| y.to_string()).unwrap_or_default();
    ex.indicators
        .iter()
        .map(|i| {
            let cells = [
                file.clone(),
                title.clone(),
                region.clone(),
                report_year.clone(),
                i.name.clone(),
                i.indicator_key.clone().unwrap_or_default(),
                i.value.map(|v| v.to_string()).unwrap_or_default(),
                i.unit.clone(),
                i.kind.as_str().to_string(),
                i.year.map(|y| y.to_string()).unwrap_or_default(),
                i.raw.clone(),
                i.evidence.start.to_string(),
                i.evidence.end.to_string(),
                i.evidence.text.clone(),
            ];
            cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(",")
        })
        .collect()
}

/// RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so a spreadsheet never runs it.
pub fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '@']) || (s.starts_with('-') && s.parse::<f64>().is_err()) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// What the run did, for the closing summary.
pub struct Summary {
    pub files: usize,
    pub failed: Vec<(PathBuf, String)>,
    pub chars: usize,
    pub seconds: f64,
}

impl Summary {
    pub fn of(parsed: &[Parsed], started: Instant) -> Summary {
        let chars = parsed.iter().filter_map(|p| p.result.as_ref().ok()).map(|e| e.text.chars().count()).sum();
        let failed =
            parsed.iter().filter_map(|p| p.result.as_ref().err().map(|e| (p.file.clone(), e.clone()))).collect();
        Summary { files: parsed.len(), failed, chars, seconds: started.elapsed().as_secs_f64() }
    }

    pub fn report(&self, w: &mut impl Write) -> std::io::Result<()> {
        let ok = self.files - self.failed.len();
        let rate = if self.seconds > 0.0 { self.chars as f64 / self.seconds } else { 0.0 };
        writeln!(
            w,
            "parsed {ok} of {} files, {} characters in {:.2} s ({:.2} M characters/s on {} threads)",
            self.files,
            self.chars,
            self.seconds,
            rate / 1e6,
            rayon::current_num_threads()
        )?;
        if !self.failed.is_empty() {
            writeln!(w, "{} failed:", self.failed.len())?;
            for (f, why) in &self.failed {
                writeln!(w, "  {}: {why}", f.display())?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_defused() {
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(csv_cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_cell("-34.91"), "-34.91");
        assert_eq!(csv_cell("97.2"), "97.2");
    }

    #[test]
    fn folders_are_walked_for_report_files_only() {
        let dir = std::env::temp_dir().join(format!("hr-cli-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        for f in ["a.txt", "sub/b.DOCX", "notes.md", ".hidden.txt", "INDEX.tsv"] {
            std::fs::write(dir.join(f), "x").unwrap();
        }
        let got = collect_inputs(std::slice::from_ref(&dir)).unwrap();
        let names: Vec<String> = got.iter().map(|p| p.strip_prefix(&dir).unwrap().display().to_string()).collect();
        assert_eq!(names, vec!["a.txt", "sub/b.DOCX"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
