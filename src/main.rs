use std::path::PathBuf;

use clap::{Parser, Subcommand};

use healthreport::extract::{self, Knowledge, Limits, Overrides};

#[derive(Parser)]
#[command(version, about = "Health-reform work reports → indicator series and issue lists")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
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
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
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
            println!("{}", serde_json::to_string_pretty(&ex)?);
        }
    }
    Ok(())
}
