//! What crosses between the engine and JS, as plain objects (serde-wasm-bindgen, never JSON
//! strings). The TypeScript shapes are in `types.d.ts`; keep the two in step.

use crate::engine::runtime::{Edition, HostLine, LineKind};
use crate::host::JobSnapshot;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// `new Session(options)`: every field optional, unknown names refused (`from_js`).
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Options {
    pub edition: Option<String>,
    pub speed: Option<f64>,
    pub width: Option<f64>,
    pub seed: Option<f64>,
    pub clock: Option<String>,
    pub job_result_limit: Option<f64>,
    pub memory_limit: Option<f64>,
}

const OPTION_NAMES: &[&str] = &[
    "edition",
    "speed",
    "width",
    "seed",
    "clock",
    "jobResultLimit",
    "memoryLimit",
];

/// The options, checked: what a bad value is wrong with, in the Error's words.
pub struct Settings {
    pub edition: Edition,
    pub speed: f64,
    pub width: usize,
    pub seed: Option<u64>,
    pub virtual_clock: bool,
    pub job_result_limit: Option<usize>,
    pub memory_limit: Option<usize>,
}

impl Options {
    pub fn from_js(value: JsValue) -> Result<Settings, String> {
        let o: Options = if value.is_undefined() || value.is_null() {
            Options::default()
        } else {
            // serde-wasm-bindgen reads only the fields it knows: look for the others here.
            if let Some(object) = value.dyn_ref::<js_sys::Object>() {
                for key in js_sys::Object::keys(object).iter() {
                    let key = key.as_string().unwrap_or_default();
                    if !OPTION_NAMES.contains(&key.as_str()) {
                        return Err(format!(
                            "unknown option `{key}`; the options are {}",
                            OPTION_NAMES.join(", ")
                        ));
                    }
                }
            }
            serde_wasm_bindgen::from_value(value).map_err(|e| {
                let text = e.to_string();
                text.strip_prefix("Error: ").unwrap_or(&text).to_string()
            })?
        };
        let edition = match o.edition.as_deref() {
            None | Some("5.1") => Edition::Desktop51,
            Some("7") => Edition::Core7,
            Some(other) => return Err(format!("edition must be '5.1' or '7', not '{other}'")),
        };
        let speed = o.speed.unwrap_or(1.0);
        if !(0.0..=100.0).contains(&speed) {
            return Err(format!("speed must be a number from 0 to 100, not {speed}"));
        }
        let width = o.width.unwrap_or(120.0);
        if width.fract() != 0.0 || !(20.0..=1000.0).contains(&width) {
            return Err(format!(
                "width must be a whole number from 20 to 1000, not {width}"
            ));
        }
        let seed = match o.seed {
            None => None,
            Some(s) if s.fract() == 0.0 && (0.0..=9_007_199_254_740_991.0).contains(&s) => {
                Some(s as u64)
            }
            Some(s) => {
                return Err(format!(
                    "seed must be a whole number from 0 to 2^53-1, not {s}"
                ));
            }
        };
        let virtual_clock = match o.clock.as_deref() {
            None | Some("real") => false,
            Some("virtual") => true,
            Some(other) => return Err(format!("clock must be 'real' or 'virtual', not '{other}'")),
        };
        let job_result_limit = match o.job_result_limit {
            None => None,
            Some(n) if n.fract() == 0.0 && (1.0..=1e9).contains(&n) => Some(n as usize),
            Some(n) => {
                return Err(format!(
                    "jobResultLimit must be a whole number from 1 to 1000000000, not {n}"
                ));
            }
        };
        let least = crate::engine::budget::LEAST_MEMORY_LIMIT as f64;
        let memory_limit = match o.memory_limit {
            None => None,
            Some(n) if n.fract() == 0.0 && (least..=4_294_967_296.0).contains(&n) => {
                Some(n as usize)
            }
            Some(n) => {
                return Err(format!(
                    "memoryLimit must be a number of bytes from 16777216 (16 MB) to 4294967296 (4 GB), not {n}"
                ));
            }
        };
        Ok(Settings {
            edition,
            speed,
            width: width as usize,
            seed,
            virtual_clock,
            job_result_limit,
            memory_limit,
        })
    }
}

/// One piece of console output.
#[derive(Serialize, Clone)]
pub struct Record {
    pub stream: &'static str,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fg: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bg: Option<&'static str>,
    /// False for `Write-Host -NoNewline`: the next record continues the line.
    pub newline: bool,
    /// Clear-Host: the console empties its screen.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub clear: bool,
    /// Part of what the console printed (`HostLine::is_printed`): a run's `text`.
    #[serde(skip)]
    pub printed: bool,
}

impl Record {
    pub fn of(line: HostLine) -> Record {
        let clear = line.fg == Some("Clear");
        let printed = line.is_printed();
        Record {
            printed,
            stream: match line.kind {
                LineKind::Output | LineKind::TableHeader => "output",
                LineKind::Error => "error",
                LineKind::Warning => "warning",
                LineKind::Verbose => "verbose",
                LineKind::Debug => "debug",
                LineKind::Information => "information",
                LineKind::Host => "host",
                LineKind::Progress => "progress",
            },
            fg: match line.kind {
                LineKind::TableHeader => Some("Green"),
                _ => line.fg.filter(|_| !clear),
            },
            bg: line.bg,
            newline: line.newline,
            clear,
            text: line.text,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JobInfo {
    pub id: i32,
    pub name: String,
    pub ps_job_type_name: &'static str,
    pub state: &'static str,
    pub has_more_data: bool,
    pub location: String,
    pub command: String,
    pub produced: u32,
    pub received: u32,
    pub buffered: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub child_jobs: Vec<JobInfo>,
}

impl JobInfo {
    pub fn of(j: JobSnapshot) -> JobInfo {
        JobInfo {
            id: j.id,
            name: j.name,
            ps_job_type_name: j.ps_job_type_name,
            state: j.state.name(),
            has_more_data: j.has_more_data,
            location: j.location,
            command: j.command,
            produced: j.counts.produced,
            received: j.counts.received,
            buffered: j.counts.buffered,
            reason: j.reason,
            child_jobs: j.children.into_iter().map(JobInfo::of).collect(),
        }
    }
}

/// What `run()` resolves with.
#[derive(Serialize)]
pub struct RunResult {
    pub text: String,
    pub records: Vec<Record>,
    pub ok: bool,
}

/// What subscribers are told, in the order it happened.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Event {
    Output {
        records: Vec<Record>,
    },
    InputRequested {},
    CommandDone {
        ok: bool,
    },
    Prompt {
        prompt: String,
    },
    JobCreated {
        id: i32,
        #[serde(rename = "parentId", skip_serializing_if = "Option::is_none")]
        parent_id: Option<i32>,
        job: JobInfo,
    },
    JobState {
        id: i32,
        state: &'static str,
        previous: &'static str,
        #[serde(rename = "hasMoreData")]
        has_more_data: bool,
    },
    JobData {
        id: i32,
        produced: u32,
        received: u32,
        buffered: u32,
        #[serde(rename = "hasMoreData")]
        has_more_data: bool,
    },
    JobRemoved {
        id: i32,
    },
    Broken {
        message: String,
    },
}

pub fn to_js<T: Serialize>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true))
        .unwrap_or(JsValue::UNDEFINED)
}
