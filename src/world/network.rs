//! The network the session sees: which computers answer WinRM, and how far away they are.
//! The world issue gives Server01..03 their own processes and files; here they answer.

/// Computers that accept remote commands, as the user may spell them.
const REACHABLE: [&str; 6] = [
    "localhost",
    ".",
    "127.0.0.1",
    "Server01",
    "Server02",
    "Server03",
];

/// Opening a remote session: connection, authentication, a new runspace (ms).
pub const CONNECT_MS: f64 = 400.0;

/// How long WinRM takes to give up on a name it cannot find (ms).
pub const NOT_FOUND_MS: f64 = 1200.0;

/// Names that mean this computer.
pub fn is_local(name: &str) -> bool {
    ["localhost", ".", "127.0.0.1"]
        .iter()
        .any(|c| c.eq_ignore_ascii_case(name.trim()))
}

pub fn is_reachable(name: &str) -> bool {
    REACHABLE
        .iter()
        .any(|c| c.eq_ignore_ascii_case(name.trim()))
}

/// The message WinRM gives for a computer name it cannot find (Kerberos lookup).
pub fn not_found_message(name: &str) -> String {
    format!(
        "[{name}] Connecting to remote server {name} failed with the following error message : WinRM cannot process the request. The following error occurred while using Kerberos authentication: Cannot find the computer {name}. Verify that the computer exists on the network and that the name provided is spelled correctly. For more information, see the about_Remote_Troubleshooting Help topic."
    )
}
