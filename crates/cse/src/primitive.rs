//! Request and response primitives as the CSE sees them, independent of the binding that
//! carried them (TS-0004 6.2).

use onem2m::Rsc;
use onem2m::filter::QueryParameters;
use serde_json::Value;

/// The Operation parameter (TS-0004 6.3.4.2.5) and the bit it holds in an access control
/// rule's `acop` (TS-0004 6.3.4.2.36: CREATE 1, RETRIEVE 2, UPDATE 4, DELETE 8, NOTIFY 16,
/// DISCOVER 32).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    Create,
    Retrieve,
    Update,
    Delete,
    Notify,
    Discover,
}

impl Operation {
    pub fn code(self) -> u32 {
        match self {
            Operation::Create => 1,
            Operation::Retrieve | Operation::Discover => 2,
            Operation::Update => 3,
            Operation::Delete => 4,
            Operation::Notify => 5,
        }
    }
    pub fn from_code(code: u64) -> Option<Self> {
        Some(match code {
            1 => Operation::Create,
            2 => Operation::Retrieve,
            3 => Operation::Update,
            4 => Operation::Delete,
            5 => Operation::Notify,
            _ => return None,
        })
    }
    pub fn acop_bit(self) -> u64 {
        match self {
            Operation::Create => 1,
            Operation::Retrieve => 2,
            Operation::Update => 4,
            Operation::Delete => 8,
            Operation::Notify => 16,
            Operation::Discover => 32,
        }
    }
}

/// Response Type (TS-0004 6.3.4.2.x m2m:responseType).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseType {
    NonBlockingSynch,
    NonBlockingAsynch,
    Blocking,
    FlexBlocking,
}

impl ResponseType {
    pub fn from_code(code: u32) -> Option<Self> {
        Some(match code {
            1 => ResponseType::NonBlockingSynch,
            2 => ResponseType::NonBlockingAsynch,
            3 => ResponseType::Blocking,
            4 => ResponseType::FlexBlocking,
            _ => return None,
        })
    }
}

/// A request primitive.
#[derive(Debug, Clone)]
pub struct Request {
    pub op: Operation,
    /// The To parameter as given, without the leading `/` of the HTTP path: `cse-in/ae1`,
    /// `cnt123`, `~/id-in/cse-in`, `_/sp/id-in/cse-in`.
    pub to: String,
    pub from: Option<String>,
    pub rqi: String,
    pub rvi: Option<String>,
    /// Resource type of a Create.
    pub ty: Option<u32>,
    pub content: Option<Value>,
    pub query: QueryParameters,
    /// Response Type notification URIs (X-M2M-RTU).
    pub rtu: Vec<String>,
    pub originating_timestamp: Option<String>,
    pub request_expiration: Option<String>,
    pub result_expiration: Option<String>,
    pub operation_execution_time: Option<String>,
    pub event_category: Option<String>,
}

impl Request {
    pub fn new(op: Operation, to: impl Into<String>, from: Option<&str>) -> Self {
        Request {
            op,
            to: to.into(),
            from: from.map(str::to_string),
            rqi: String::new(),
            rvi: None,
            ty: None,
            content: None,
            query: QueryParameters::default(),
            rtu: Vec::new(),
            originating_timestamp: None,
            request_expiration: None,
            result_expiration: None,
            operation_execution_time: None,
            event_category: None,
        }
    }

    pub fn with_content(mut self, content: Value) -> Self {
        self.content = Some(content);
        self
    }

    /// Whether this Retrieve is a discovery (`fu=1`).
    pub fn is_discovery(&self) -> bool {
        self.query.filter.as_ref().is_some_and(|f| f.fu == Some(1))
    }
}

/// A response primitive.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub rsc: Rsc,
    pub rqi: String,
    pub content: Option<Value>,
    /// For a Create: the created resource's address (Content-Location).
    pub location: Option<String>,
}

impl Response {
    pub fn new(rsc: Rsc, content: Option<Value>) -> Self {
        Response {
            rsc,
            rqi: String::new(),
            content,
            location: None,
        }
    }

    pub fn error(err: &crate::CseError) -> Self {
        Response::new(err.rsc, Some(serde_json::json!({ "m2m:dbg": err.dbg })))
    }
}
