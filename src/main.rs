// mimalloc: the pipeline allocates many small strings; glibc malloc costs it a third of its time.
// Built without transparent huge pages (they made every arena 2 MB of resident memory).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Hand back to the OS what building the knowledge base (automata, gazetteer)
/// allocated and freed: mimalloc keeps freed pages otherwise, about 25 MB here.
fn release_freed_memory() {
    // SAFETY: mi_collect only walks mimalloc's own heaps; no pointers are passed.
    unsafe { libmimalloc_sys::mi_collect(true) };
}

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use healthreport::cli::{self, OutputFormat};
use healthreport::configuration::get_configuration;
use healthreport::extract::{Knowledge, Limits};
use healthreport::startup::Application;
use healthreport::telemetry::init_subscriber;

#[derive(Parser)]
#[command(version, about = "Health-reform work reports → indicator series and issue lists")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the HTTP service (configuration: healthreport.toml, then DATABASE_URL, HOST, PORT …).
    Serve,
    /// Parse report files and folders (every supported format) in parallel, no database needed:
    /// one file prints its whole extraction as JSON; more give JSON Lines or CSV.
    Parse {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// json (one file only; the default for one file), jsonl (the default otherwise) or csv.
        #[arg(long, value_enum)]
        format: Option<OutputFormat>,
        /// Write here instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Also print the extracted text the offsets point into.
        #[arg(long)]
        with_text: bool,
        /// Read knowledge files from this directory instead of the built-in copy.
        #[arg(long, env = "KNOWLEDGE_DIR")]
        knowledge_dir: Option<PathBuf>,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Exit 0 when the local service answers /readyz (the container HEALTHCHECK).
    Healthcheck,
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve => {
            let settings = get_configuration()?;
            init_subscriber(&settings.log_format, &settings.log_level);
            let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
            rt.block_on(async move {
                let app = Application::build(settings).await?;
                release_freed_memory();
                tracing::info!(port = app.port(), "listening");
                app.run_until_stopped().await?;
                anyhow::Ok(())
            })?;
        }
        Command::Parse { paths, format, out, with_text, knowledge_dir } => {
            let owned;
            let kb: &Knowledge = match knowledge_dir {
                Some(d) => {
                    owned = Knowledge::load(&d)?;
                    &owned
                }
                None => Knowledge::embedded(),
            };
            let failed = parse_command(kb, &paths, format, out.as_deref(), with_text)?;
            if failed {
                std::process::exit(1);
            }
        }
        Command::Openapi => print_out(healthreport::openapi::json().trim_end())?,
        Command::Healthcheck => {
            let settings = get_configuration()?;
            let ok = readyz(settings.port).unwrap_or(false);
            std::process::exit(if ok { 0 } else { 1 });
        }
    }
    Ok(())
}

/// Run `parse`; true when any file failed (the summary on standard error says which and why).
fn parse_command(
    kb: &Knowledge,
    paths: &[PathBuf],
    format: Option<OutputFormat>,
    out: Option<&std::path::Path>,
    with_text: bool,
) -> anyhow::Result<bool> {
    use std::io::Write;
    let files = cli::collect_inputs(paths)?;
    let single = files.len() == 1 && paths.len() == 1 && !paths[0].is_dir();
    let format = format.unwrap_or(if single { OutputFormat::Json } else { OutputFormat::Jsonl });
    anyhow::ensure!(format != OutputFormat::Json || single, "--format json takes one file; use jsonl or csv for more");
    let started = std::time::Instant::now();
    let bar = indicatif::ProgressBar::new(files.len() as u64);
    bar.set_style(indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed} (eta {eta})")?);
    if files.len() < 2 {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let parsed = cli::parse_all(kb, &files, &Limits::default(), || bar.inc(1));
    bar.finish_and_clear();
    let summary = cli::Summary::of(&parsed, started);
    let mut sink: Box<dyn Write> = match out {
        Some(p) => Box::new(std::io::BufWriter::new(std::fs::File::create(p)?)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let written = write_parsed(&mut sink, &parsed, format, with_text).and_then(|_| sink.flush());
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        r => r?,
    }
    if !single || summary.failed.len() == 1 {
        summary.report(&mut std::io::stderr())?;
    }
    Ok(!summary.failed.is_empty())
}

fn write_parsed(
    w: &mut dyn std::io::Write,
    parsed: &[cli::Parsed],
    format: OutputFormat,
    with_text: bool,
) -> std::io::Result<()> {
    match format {
        OutputFormat::Json => {
            for ex in parsed.iter().filter_map(|p| p.result.as_ref().ok()) {
                let mut ex = ex.clone();
                if !with_text {
                    ex.text = String::new();
                }
                writeln!(w, "{}", serde_json::to_string_pretty(&ex).map_err(std::io::Error::other)?)?;
            }
        }
        OutputFormat::Jsonl => {
            for line in parsed.iter().filter_map(|p| cli::json_line(p, with_text)) {
                writeln!(w, "{line}")?;
            }
        }
        OutputFormat::Csv => {
            write!(w, "\u{feff}{}\r\n", cli::CSV_HEADER)?;
            for row in parsed.iter().flat_map(cli::csv_rows) {
                write!(w, "{row}\r\n")?;
            }
        }
    }
    Ok(())
}

/// A bare HTTP/1.1 GET of /readyz on the local port: no HTTP client needed in the image.
fn readyz(port: u16) -> std::io::Result<bool> {
    use std::io::{Read, Write};
    let mut s =
        std::net::TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), std::time::Duration::from_secs(2))?;
    s.set_read_timeout(Some(std::time::Duration::from_secs(3)))?;
    s.write_all(b"GET /readyz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")?;
    let mut buf = [0u8; 16];
    let n = s.read(&mut buf)?;
    Ok(buf[..n].starts_with(b"HTTP/1.1 200"))
}

/// Print to stdout; a closed pipe (`| head`) ends quietly instead of panicking.
fn print_out(s: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{s}") {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r,
    }
}
