//! Headless Chromium driven through WebDriver, for the review page's tests.
//!
//! WebDriver is JSON over HTTP, here to a `chromedriver` on the loopback
//! interface, and the tests need a dozen of its commands. A small blocking
//! client over `std::net::TcpStream` does that without bringing an async
//! runtime and a TLS stack into the build (what the WebDriver crates need),
//! and without a Python environment to set up: the least to go wrong.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The W3C key of an element reference in WebDriver JSON.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A Chromium session; the browser and its driver end when it is dropped.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    /// Where downloads land.
    pub downloads: PathBuf,
    _profile: tempfile::TempDir,
    _downloads: tempfile::TempDir,
}

/// A WebDriver error, as the driver reported it.
#[derive(Debug)]
pub struct WdError {
    pub error: String,
    pub message: String,
}

impl Browser {
    /// Starts `chromedriver` and a headless Chromium with a fresh profile,
    /// its window `width` × `height` CSS pixels.
    pub fn start(width: u32, height: u32) -> Browser {
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile = tempfile::tempdir().expect("profile dir");
        let downloads = tempfile::tempdir().expect("download dir");
        let mut browser = Browser {
            driver,
            port,
            session: String::new(),
            downloads: downloads.path().to_path_buf(),
            _profile: profile,
            _downloads: downloads,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match browser.call("GET", "/status", None) {
                Ok(v) if v["ready"] == json!(true) => break,
                _ if Instant::now() > deadline => panic!("chromedriver did not start in 30 s"),
                _ => std::thread::sleep(Duration::from_millis(100)),
            }
        }
        // This machine has no network: without these flags Chromium waits
        // on connections it tries at start (updates, sync, field trials).
        let args = [
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-default-apps".into(),
            "--disable-dev-shm-usage".into(),
            "--no-first-run".into(),
            "--no-default-browser-check".into(),
            "--force-device-scale-factor=1".into(),
            "--hide-scrollbars".into(),
            "--lang=en-US".into(),
            format!("--user-data-dir={}", browser._profile.path().display()),
            format!("--window-size={width},{height}"),
        ];
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            // An alert left open is reported, not dismissed: the hostile
            // input test looks for one.
            "unhandledPromptBehavior": "ignore",
            "goog:loggingPrefs": {"browser": "ALL"},
            "goog:chromeOptions": {
                "binary": chromium_binary(),
                "args": args,
                "prefs": {
                    "download.default_directory": browser.downloads.display().to_string(),
                    "download.prompt_for_download": false,
                },
            },
        }}});
        let session = browser
            .call("POST", "/session", Some(caps))
            .unwrap_or_else(|e| panic!("cannot start Chromium through chromedriver: {e:?}"));
        browser.session = session["sessionId"]
            .as_str()
            .expect("session id")
            .to_string();
        // Headless Chromium saves downloads only when told where.
        let _ = browser.cmd(
            "POST",
            "/chromium/send_command",
            json!({"cmd": "Browser.setDownloadBehavior", "params": {
                "behavior": "allow", "downloadPath": browser.downloads.display().to_string()}}),
        );
        browser.set_window(width, height);
        browser
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, WdError> {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| WdError {
            error: "connect".into(),
            message: e.to_string(),
        })?;
        stream
            .set_read_timeout(Some(Duration::from_secs(120)))
            .expect("timeout");
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.port,
            body.len()
        );
        stream.write_all(request.as_bytes()).expect("send");
        // chromedriver may keep the connection open after its answer: read
        // the header, then exactly the body it announces.
        let mut response = Vec::new();
        let mut buf = [0u8; 65536];
        let split = loop {
            if let Some(at) = response.windows(4).position(|w| w == b"\r\n\r\n") {
                break at;
            }
            let n = stream.read(&mut buf).expect("receive");
            assert!(
                n > 0,
                "chromedriver closed the connection without an answer"
            );
            response.extend_from_slice(&buf[..n]);
        };
        let head = String::from_utf8_lossy(&response[..split]).to_ascii_lowercase();
        let mut payload = response[split + 4..].to_vec();
        let length = head.lines().find_map(|l| {
            l.strip_prefix("content-length:")
                .and_then(|v| v.trim().parse::<usize>().ok())
        });
        match length {
            Some(length) => {
                while payload.len() < length {
                    let n = stream.read(&mut buf).expect("receive");
                    assert!(n > 0, "chromedriver closed the connection mid-answer");
                    payload.extend_from_slice(&buf[..n]);
                }
                payload.truncate(length);
            }
            None => {
                stream.read_to_end(&mut payload).expect("receive");
                if head.contains("transfer-encoding: chunked") {
                    payload = unchunk(&payload);
                }
            }
        }
        let value: Value = serde_json::from_slice(&payload).unwrap_or(Value::Null);
        let value = value.get("value").cloned().unwrap_or(Value::Null);
        if let Some(error) = value.get("error").and_then(Value::as_str) {
            return Err(WdError {
                error: error.to_string(),
                message: value["message"].as_str().unwrap_or("").to_string(),
            });
        }
        Ok(value)
    }

    /// A session command; `Err` carries the driver's error.
    pub fn cmd(&self, method: &str, path: &str, body: Value) -> Result<Value, WdError> {
        let path = format!("/session/{}{path}", self.session);
        let body = (method == "POST").then_some(body);
        self.call(method, &path, body)
    }

    fn ok(&self, method: &str, path: &str, body: Value) -> Value {
        self.cmd(method, path, body)
            .unwrap_or_else(|e| panic!("WebDriver {method} {path}: {}: {}", e.error, e.message))
    }

    pub fn set_window(&self, width: u32, height: u32) {
        self.ok(
            "POST",
            "/window/rect",
            json!({"width": width, "height": height}),
        );
    }

    /// Opens a file and waits until the page says it is ready.
    pub fn open(&self, file: &Path) {
        let url = format!("file://{}", file.canonicalize().expect("page").display());
        self.ok("POST", "/url", json!({ "url": url }));
        self.wait_ready();
    }

    pub fn refresh(&self) {
        self.ok("POST", "/refresh", json!({}));
        self.wait_ready();
    }

    fn wait_ready(&self) {
        self.wait_for("document.body && document.body.dataset.ready === '1'", 30);
    }

    /// Waits until `condition` (a JavaScript expression) is true.
    pub fn wait_for(&self, condition: &str, seconds: u64) {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        while self.js(&format!("return !!({condition});"), json!([])) != json!(true) {
            assert!(
                Instant::now() < deadline,
                "the page did not get to `{condition}` in {seconds} s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Runs a script in the page (`arguments` holds `args`); its result.
    pub fn js(&self, script: &str, args: Value) -> Value {
        self.ok(
            "POST",
            "/execute/sync",
            json!({"script": script, "args": args}),
        )
    }

    /// The first element matching `css`, if any.
    pub fn find(&self, css: &str) -> Option<Value> {
        match self.cmd(
            "POST",
            "/element",
            json!({"using": "css selector", "value": css}),
        ) {
            Ok(v) => Some(v),
            Err(e) if e.error == "no such element" => None,
            Err(e) => panic!("find {css}: {}: {}", e.error, e.message),
        }
    }

    /// The element matching `css`; panics if there is none.
    pub fn get(&self, css: &str) -> Value {
        self.find(css)
            .unwrap_or_else(|| panic!("no element matches {css}"))
    }

    fn element_path(element: &Value, rest: &str) -> String {
        format!(
            "/element/{}{rest}",
            element[ELEMENT]
                .as_str()
                .unwrap_or_else(|| panic!("not an element: {element}"))
        )
    }

    pub fn click(&self, css: &str) {
        let e = self.get(css);
        self.ok("POST", &Self::element_path(&e, "/click"), json!({}));
    }

    /// Clicks with the mouse at the centre of the element matching `css`,
    /// whatever lies on top there (as a person clicks a small map mark).
    pub fn click_at(&self, css: &str) {
        let e = self.get(css);
        self.ok(
            "POST",
            "/actions",
            json!({"actions": [{"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
                "actions": [
                    {"type": "pointerMove", "duration": 0, "origin": e, "x": 0, "y": 0},
                    {"type": "pointerDown", "button": 0},
                    {"type": "pointerUp", "button": 0}]}]}),
        );
        self.ok("DELETE", "/actions", json!({}));
    }

    pub fn clear(&self, css: &str) {
        let e = self.get(css);
        self.ok("POST", &Self::element_path(&e, "/clear"), json!({}));
    }

    pub fn type_into(&self, css: &str, text: &str) {
        let e = self.get(css);
        self.ok(
            "POST",
            &Self::element_path(&e, "/value"),
            json!({ "text": text }),
        );
    }

    pub fn text(&self, css: &str) -> String {
        let e = self.get(css);
        self.ok("GET", &Self::element_path(&e, "/text"), json!({}))
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// Presses one key on whatever has the focus.
    pub fn press(&self, key: &str) {
        self.ok(
            "POST",
            "/actions",
            json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
                {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]}]}),
        );
    }

    /// The text of an open alert, confirm or prompt, if one is open.
    pub fn alert_text(&self) -> Option<String> {
        match self.cmd("GET", "/alert/text", json!({})) {
            Ok(v) => Some(v.as_str().unwrap_or("").to_string()),
            Err(_) => None,
        }
    }

    /// A PNG of the window.
    pub fn screenshot(&self) -> Vec<u8> {
        let b64 = self.ok("GET", "/screenshot", json!({}));
        base64_decode(b64.as_str().expect("base64 screenshot"))
    }

    /// Console messages of level SEVERE (errors) since the last call.
    pub fn console_errors(&self) -> Vec<String> {
        let log = self.ok("POST", "/se/log", json!({"type": "browser"}));
        log.as_array()
            .map(|entries| {
                entries
                    .iter()
                    .filter(|e| e["level"] == json!("SEVERE"))
                    .map(|e| e["message"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Waits for a finished download named `name` and returns its bytes.
    pub fn downloaded(&self, name: &str) -> Vec<u8> {
        let path = self.downloads.join(name);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            // Chromium reserves the final name with an empty file, writes to
            // a .crdownload file and renames it over the reservation when
            // done: the download is complete only when no partial file is
            // left and the final one has content.
            let partial = std::fs::read_dir(&self.downloads)
                .map(|d| {
                    d.filter_map(|e| e.ok())
                        .any(|e| e.file_name().to_string_lossy().ends_with(".crdownload"))
                })
                .unwrap_or(false);
            if !partial && path.metadata().is_ok_and(|m| m.is_file() && m.len() > 0) {
                return std::fs::read(&path).expect("read download");
            }
            assert!(
                Instant::now() < deadline,
                "{} did not appear in 30 s; downloads: {:?}",
                path.display(),
                std::fs::read_dir(&self.downloads).map(|d| d
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name())
                    .collect::<Vec<_>>())
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.call("DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// The Chromium program: Debian's `chromium` on the PATH.
fn chromium_binary() -> String {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join("chromium"))
                .find(|p| p.is_file())
        })
        .map_or_else(|| "chromium".to_string(), |p| p.display().to_string())
}

fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

fn unchunk(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&rest[..eol])
                .split(';')
                .next()
                .unwrap_or("")
                .trim(),
            16,
        )
        .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = eol + 2;
        out.extend_from_slice(&rest[start..(start + size).min(rest.len())]);
        rest = &rest[(start + size + 2).min(rest.len())..];
    }
    out
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in text.bytes().filter_map(value) {
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}
