//! A job's Output, Error, Warning, Verbose, Debug, Progress and Information properties:
//! PSDataCollections, read live from the job (a collection taken while the job runs grows
//! as it writes), enumerated wherever a list is (a pipeline, `foreach`, `[0]`, member
//! enumeration), with their own Count and ReadAll().

use super::job::{Job, Stream};
use super::live::LiveObject;
use super::value::Value;
use std::any::Any;
use std::rc::Rc;

pub struct DataCollection {
    pub job: Rc<Job>,
    pub stream: Stream,
}

/// `typeof(PSDataCollection<T>).FullName` for each stream's T.
macro_rules! data_collection_of {
    ($t:literal) => {
        concat!(
            "System.Management.Automation.PSDataCollection`1[[",
            $t,
            ", System.Management.Automation, Version=3.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35]]"
        )
    };
}

const OUTPUT: &[&str] = &[
    data_collection_of!("System.Management.Automation.PSObject"),
    "System.Object",
];
const ERROR: &[&str] = &[
    data_collection_of!("System.Management.Automation.ErrorRecord"),
    "System.Object",
];
const WARNING: &[&str] = &[
    data_collection_of!("System.Management.Automation.WarningRecord"),
    "System.Object",
];
const VERBOSE: &[&str] = &[
    data_collection_of!("System.Management.Automation.VerboseRecord"),
    "System.Object",
];
const DEBUG: &[&str] = &[
    data_collection_of!("System.Management.Automation.DebugRecord"),
    "System.Object",
];
const PROGRESS: &[&str] = &[
    data_collection_of!("System.Management.Automation.ProgressRecord"),
    "System.Object",
];
const INFORMATION: &[&str] = &[
    data_collection_of!("System.Management.Automation.InformationRecord"),
    "System.Object",
];

const PROPERTIES: &[(&str, &str)] = &[
    ("Count", "int Count {get;}"),
    ("IsOpen", "bool IsOpen {get;}"),
    ("IsReadOnly", "bool IsReadOnly {get;}"),
    ("BlockingEnumerator", "bool BlockingEnumerator {get;set;}"),
    (
        "EnumeratorNeverBlocks",
        "bool EnumeratorNeverBlocks {get;set;}",
    ),
];

impl LiveObject for DataCollection {
    fn type_names(&self) -> &'static [&'static str] {
        match self.stream {
            Stream::Output => OUTPUT,
            Stream::Error => ERROR,
            Stream::Warning => WARNING,
            Stream::Verbose => VERBOSE,
            Stream::Debug => DEBUG,
            Stream::Progress => PROGRESS,
            Stream::Information => INFORMATION,
        }
    }
    fn properties(&self) -> &'static [(&'static str, &'static str)] {
        PROPERTIES
    }
    fn property(&self, name: &str) -> Option<Value> {
        Some(match name.to_ascii_lowercase().as_str() {
            "count" => Value::Int(self.job.count(self.stream) as i32),
            // A job's collections are completed when it finishes.
            "isopen" => Value::Bool(!self.job.state().is_finished()),
            "isreadonly" | "blockingenumerator" | "enumeratorneverblocks" => Value::Bool(false),
            _ => return None,
        })
    }
    fn to_text(&self) -> String {
        self.type_names()
            .first()
            .copied()
            .unwrap_or_default()
            .to_string()
    }
    fn items(&self) -> Option<Vec<Value>> {
        Some(self.job.collection(self.stream))
    }
    fn call(
        &self,
        name: &str,
        args: &[Value],
    ) -> Option<Result<Option<Value>, crate::engine::error::ErrorRecord>> {
        // ReadAll() returns what the collection holds and empties it (PSDataCollection's
        // ReadAndRemove). The job's results, which Receive-Job reads, are kept apart.
        (name.eq_ignore_ascii_case("readall") && args.is_empty())
            .then(|| Ok(Some(Value::array(self.job.drain_collection(self.stream)))))
    }
    fn held_bytes(&self) -> usize {
        64
    }
    fn into_any(self: Rc<Self>) -> Rc<dyn Any> {
        self
    }
}
