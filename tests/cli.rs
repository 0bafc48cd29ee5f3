//! The `psjobs` binary as a user runs it: script modes, options, exit codes.

// Test code: a failed expectation is the failure being reported.
#![allow(clippy::expect_used, clippy::indexing_slicing)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn psjobs(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_psjobs"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("psjobs starts");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write stdin");
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().expect("psjobs ends")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn command_runs_and_exits_zero() {
    let o = psjobs(&["-Command", "1..3 | % { $_ * 2 }"], None);
    assert_eq!(stdout(&o), "2\n4\n6\n");
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn command_from_stdin() {
    let o = psjobs(&["-Command", "-"], Some("$a = 20\n$a + 1\n"));
    assert_eq!(stdout(&o), "21\n");
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn file_receives_its_arguments() {
    let dir = std::env::temp_dir().join(format!("psjobs-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("args.ps1");
    std::fs::write(&path, "\"$($args.Count): $($args -join '+')\"\n").expect("write script");
    let o = psjobs(
        &["-File", path.to_str().expect("utf-8 path"), "a", "b"],
        None,
    );
    assert_eq!(stdout(&o), "2: a+b\n");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn file_binds_its_arguments_to_its_param_block() {
    let dir = std::env::temp_dir().join(format!("psjobs-cli-param-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("param.ps1");
    std::fs::write(
        &path,
        "param($Name = 'nobody', [int]$Count = 1)\n\"$Name x $Count ($($Count.GetType().Name))\"\n",
    )
    .expect("write script");
    let file = path.to_str().expect("utf-8 path");
    let run = |args: &[&str]| {
        let mut all = vec!["-File", file];
        all.extend_from_slice(args);
        stdout(&psjobs(&all, None))
    };
    assert_eq!(run(&[]), "nobody x 1 (Int32)\n");
    assert_eq!(run(&["-Name", "Ada", "-Count", "3"]), "Ada x 3 (Int32)\n");
    assert_eq!(run(&["Grace", "2"]), "Grace x 2 (Int32)\n");
    assert_eq!(run(&["-Count:4"]), "nobody x 4 (Int32)\n");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn write_error_ids_name_the_script_file_but_not_in_a_job_or_task() {
    let dir = std::env::temp_dir().join(format!("psjobs-cli-we-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("caller.ps1");
    let script = [
        "(Write-Error 'top' 2>&1).FullyQualifiedErrorId",
        "$j = Start-Job { Write-Error 'in job' }; $null = Wait-Job $j",
        "(Receive-Job $j 2>&1).FullyQualifiedErrorId",
        "(1 | ForEach-Object -Parallel { Write-Error 'in task' } 2>&1).FullyQualifiedErrorId",
        "(1 | ForEach-Object -Parallel { throw 'task ended' } 2>&1).FullyQualifiedErrorId",
    ]
    .join("\n");
    std::fs::write(&path, script).expect("write script");
    let o = psjobs(
        &["-Edition", "7", "-File", path.to_str().expect("utf-8 path")],
        None,
    );
    assert_eq!(
        stdout(&o),
        "Microsoft.PowerShell.Commands.WriteErrorException,caller.ps1\n\
         Microsoft.PowerShell.Commands.WriteErrorException\n\
         Microsoft.PowerShell.Commands.WriteErrorException\n\
         PSTaskException\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn exit_code_is_one_after_a_parse_error_or_a_failed_last_statement() {
    assert_eq!(psjobs(&["-Command", "1 +"], None).status.code(), Some(1));
    assert_eq!(
        psjobs(&["-Command", "Get-Nope"], None).status.code(),
        Some(1)
    );
    assert_eq!(
        psjobs(&["-Command", "Get-Nope; 'fine'"], None)
            .status
            .code(),
        Some(0)
    );
    assert_eq!(psjobs(&["-Command", "exit 7"], None).status.code(), Some(7));
}

#[test]
fn errors_print_in_order_on_stdout() {
    let o = psjobs(&["-Command", "'before'; Get-Nope; 'after'"], None);
    let text = stdout(&o);
    let before = text.find("before").expect("before");
    let error = text.find("Get-Nope : The term").expect("error text");
    let after = text.find("after").expect("after");
    assert!(before < error && error < after, "{text}");
}

#[test]
fn the_virtual_clock_makes_runs_identical() {
    let script =
        "Start-Sleep 5; Get-Date; Get-Random; (Measure-Command { Start-Sleep 2 }).TotalSeconds";
    let a = stdout(&psjobs(&["-Command", script], None));
    let b = stdout(&psjobs(&["-Command", script], None));
    assert_eq!(a, b);
    assert!(a.contains("10:00:05 AM"), "{a}");
}

#[test]
fn width_and_edition_options() {
    let narrow = stdout(&psjobs(
        &[
            "-Width",
            "30",
            "-Command",
            "[pscustomobject]@{ A = 'x' * 60 }",
        ],
        None,
    ));
    assert!(narrow.lines().all(|l| l.chars().count() <= 30), "{narrow}");
    assert!(narrow.contains("..."), "{narrow}");
    let seven = stdout(&psjobs(&["-Edition", "7", "-Command", "Get-Nope"], None));
    assert!(
        seven.starts_with("Get-Nope: The term 'Get-Nope' is not recognized as a name"),
        "{seven}"
    );
}

#[test]
fn unknown_options_are_refused_with_usage() {
    let o = psjobs(&["-Bogus"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Usage:"));
}

#[test]
fn speed_scales_simulated_latency() {
    // Rounded: the commands' own work takes a few microseconds of virtual time too.
    let script = "$t0 = Get-Date; Start-Job { 1 } | Wait-Job | Out-Null; [math]::Round(((Get-Date) - $t0).TotalMilliseconds)";
    assert_eq!(stdout(&psjobs(&["-Command", script], None)), "350\n");
    assert_eq!(
        stdout(&psjobs(&["-Speed", "2", "-Command", script], None)),
        "700\n"
    );
    assert_eq!(
        stdout(&psjobs(&["-Speed", "0", "-Command", script], None)),
        "0\n"
    );
}

#[test]
fn read_host_answers_come_from_standard_input() {
    let o = psjobs(
        &["-Command", "$n = Read-Host 'name'; \"hi $n\""],
        Some("Ada\n"),
    );
    assert_eq!(stdout(&o), "name: Ada\nhi Ada\n");
}

#[test]
fn the_console_runs_jobs_while_it_waits_for_a_line() {
    // The job needs about 0.65 s of real time (process start 0.35 s, then 0.3 s asleep);
    // the next line comes 2 s later, with nothing running in the foreground meanwhile.
    let mut child = Command::new(env!("CARGO_BIN_EXE_psjobs"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("psjobs starts");
    let mut input = child.stdin.take().expect("stdin");
    input
        .write_all(b"$j = Start-Job { Start-Sleep -Milliseconds 300; 'x' }\n")
        .expect("write stdin");
    input.flush().expect("flush stdin");
    std::thread::sleep(std::time::Duration::from_secs(2));
    input.write_all(b"$j.State\n").expect("write stdin");
    drop(input);
    let o = child.wait_with_output().expect("psjobs ends");
    assert!(
        stdout(&o).contains("Completed"),
        "the job did not run while the console waited: {}",
        stdout(&o)
    );
}

#[test]
fn job_result_limit_fails_a_job_that_reaches_it() {
    let script = "$j = Start-Job { while ($true) { 'x' } } | Wait-Job; $j.State; (Receive-Job $j -ErrorAction SilentlyContinue).Count";
    assert_eq!(
        stdout(&psjobs(
            &["-JobResultLimit", "1000", "-Command", script],
            None
        )),
        "Failed\n1000\n"
    );
    let o = psjobs(&["-JobResultLimit", "none", "-Command", "1"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("-JobResultLimit takes a whole number from 1, not 'none'")
    );
}
