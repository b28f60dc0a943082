//! `interdict serve`: starts on a free port, says where, answers, and stops
//! cleanly on SIGTERM.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

use common::Data;

fn get(address: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(address).expect("the server accepts");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("an answer");
    answer
}

#[test]
fn serve_prints_its_address_and_stops_on_sigterm() {
    let data = Data::new();
    data.import("un-sc", &["un-sc/consolidated_2018-10-29.xml"]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_interdict"))
        .env_remove("INTERDICT_DATA")
        .env_remove("INTERDICT_LOG")
        .arg("--data")
        .arg(data.path())
        .args(["serve", "--listen", "127.0.0.1:0", "--reload-interval", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("interdict serve starts");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).expect("a first line");
    let address = line
        .trim()
        .strip_prefix("listening on http://127.0.0.1:")
        .map(|port| format!("127.0.0.1:{port}"))
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
    assert!(address.rsplit(':').next().unwrap().parse::<u16>().unwrap() > 0);

    let health = get(&address, "/healthz");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.contains(r#"{"status":"ok"}"#), "{health}");
    let unauthorized = get(&address, "/v1/lists");
    assert!(unauthorized.starts_with("HTTP/1.1 401"), "{unauthorized}");
    assert!(
        unauthorized.contains(r#""code":"unauthorized""#),
        "{unauthorized}"
    );
    let mut ready = String::new();
    for _ in 0..600 {
        ready = get(&address, "/readyz");
        if ready.starts_with("HTTP/1.1 200") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(ready.contains(r#""entities":1093"#), "{ready}");

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = child.wait().expect("the server exits");
    assert!(status.success(), "exit status {status}");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(stderr.contains("interdict serve: stopped"), "{stderr}");
    assert!(TcpStream::connect(&address).is_err(), "the port is closed");
}
