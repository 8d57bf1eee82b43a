//! The binary: `--port 0` prints the URL first, `--help` lists every option, bad options fail.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn port_zero_prints_the_url_on_the_first_line_and_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hubspot-crm-emulator"))
        .args(["--port", "0", "--token", "cli-token"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut first = String::new();
    BufReader::new(stdout)
        .read_line(&mut first)
        .expect("a first line");
    let url = first.trim().to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let port: u16 = url.rsplit(':').next().unwrap().parse().unwrap();
    assert_ne!(port, 0);

    let rt = tokio::runtime::Runtime::new().unwrap();
    let status = rt.block_on(async {
        reqwest::Client::new()
            .get(format!("{url}/crm/v3/objects/contacts"))
            .bearer_auth("cli-token")
            .send()
            .await
            .unwrap()
            .status()
    });
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(status, 200);
}

#[test]
fn help_lists_every_option() {
    let out = Command::new(env!("CARGO_BIN_EXE_hubspot-crm-emulator"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for option in [
        "--port",
        "--host",
        "--token",
        "--rate-limit",
        "--rate-window-ms",
        "--search-per-second",
        "--body-limit",
        "--state",
        "--fault-seed",
        "--fault-429",
        "--fault-5xx",
        "--fault-drop",
        "--fault-slow",
        "--fault-slow-ms",
        "--fault-malformed",
    ] {
        assert!(help.contains(option), "--help lacks {option}:\n{help}");
    }
}

#[test]
fn a_probability_out_of_range_is_refused() {
    let out = Command::new(env!("CARGO_BIN_EXE_hubspot-crm-emulator"))
        .args(["--port", "0", "--fault-5xx", "1.5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--fault-5xx must be between 0 and 1"));
}
