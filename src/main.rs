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

use healthreport::configuration::get_configuration;
use healthreport::extract::{self, Knowledge, Limits, Overrides};
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
    /// Print the full extraction of one report as JSON (no database needed).
    Parse {
        file: PathBuf,
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
        Command::Parse { file, with_text, knowledge_dir } => {
            let owned;
            let kb: &Knowledge = match knowledge_dir {
                Some(d) => {
                    owned = Knowledge::load(&d)?;
                    &owned
                }
                None => Knowledge::embedded(),
            };
            let bytes = std::fs::read(&file)?;
            let name = file.file_name().and_then(|n| n.to_str());
            let mut ex = extract::extract(kb, &bytes, name, None, &Overrides::default(), &Limits::default())?;
            if !with_text {
                ex.text = String::new();
            }
            print_out(&serde_json::to_string_pretty(&ex)?)?;
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
